// The catalogue of example apps: names, descriptions and the module behind each. It imports no app code, so
// `synth --list` and `synth --app NAME` load only what they need; each app module is required when its app is built.
import type { AppDefinition } from '../lib/output/synth-apps';

interface CatalogueEntry {
  readonly name: string;
  readonly description: string;
  /** Loads the app's module and returns its definition. */
  readonly load: () => AppDefinition;
}

const counter = (i: number) => (require('./counter') as typeof import('./counter')).counterApps[i];
const mesh = (i: number) => (require('./mesh') as typeof import('./mesh')).meshApps[i];
const serverless = (i: number) => (require('./serverless') as typeof import('./serverless')).serverlessApps[i];
const cka = (i: number) => (require('./cka') as typeof import('./cka')).ckaApps[i];
const security = (i: number) => (require('./security') as typeof import('./security')).securityApps[i];
const extension = (i: number) => (require('./extension') as typeof import('./extension')).extensionApps[i];

/** Every example app, in the order `npm run synth` writes them. */
export const CATALOGUE: readonly CatalogueEntry[] = [
  { name: 'eks-platform', description: 'The Kubernetes Workshop ch. 12: EKS, VPC, state bucket and ElastiCache (Terraform) with the cluster-wide YAML', load: () => (require('./eks-platform') as typeof import('./eks-platform')).eksPlatformApp },
  { name: 'cloud-integration', description: 'Cloud Native with Kubernetes ch. 13: a LoadBalancer Service whose DNS name external-dns publishes, a host route, and an app that grows onto nodes Karpenter adds', load: () => (require('./cloud-integration') as typeof import('./cloud-integration')).cloudIntegrationApp },
  { name: 'counter-redis', description: 'The Kubernetes Workshop ch. 12-13: the counter app backed by Redis', load: () => counter(0) },
  { name: 'counter-elasticache', description: 'The Kubernetes Workshop Activity 12.01: the Redis counter app with its state in ElastiCache', load: () => counter(1) },
  { name: 'counter-mysql', description: 'The Kubernetes Workshop ch. 14: the counter app backed by a MySQL StatefulSet', load: () => counter(2) },
  { name: 'mesh', description: 'Cloud Native with Kubernetes ch. 14: three services on Istio with a gateway, subsets and mutual TLS', load: () => mesh(0) },
  { name: 'nginx-sidecar', description: 'Cloud Native with Kubernetes ch. 14: an app behind a TLS-terminating NGINX sidecar', load: () => mesh(1) },
  { name: 'envoy-sidecar', description: 'Cloud Native with Kubernetes ch. 14: an Envoy sidecar routing to two services', load: () => mesh(2) },
  { name: 'knative', description: 'Cloud Native with Kubernetes ch. 14: Knative eventing (broker, trigger, consumer) and a scale-to-zero service with a traffic split', load: () => serverless(0) },
  { name: 'openfaas-hello', description: 'Kubernetes for Serverless Applications ch. 9-10: OpenFaaS with a secured gateway and the hello function', load: () => serverless(1) },
  { name: 'security-network', description: 'Cloud Native with Kubernetes ch. 12 and The Kubernetes Workshop ch. 13: namespaces segmented by NetworkPolicies', load: () => security(0) },
  { name: 'security-rbac', description: 'The Kubernetes Workshop ch. 13 and the CKA notes: RBAC grants (test-sa lists pods cluster-wide, cannot get them)', load: () => security(1) },
  { name: 'security-pod-security', description: 'Cloud Native with Kubernetes ch. 12 and The Kubernetes Workshop ch. 13: the books\' PodSecurityPolicies as Pod Security levels plus CEL ValidatingAdmissionPolicies', load: () => security(2) },
  { name: 'security-webhook', description: 'Cloud Native with Kubernetes ch. 12: a custom mutating admission webhook with cert-manager TLS', load: () => security(3) },
  { name: 'security-falco', description: 'Cloud Native with Kubernetes ch. 12: Falco with the book\'s rules (privileged container, disallowed image, host-network pod)', load: () => security(4) },
  { name: 'extension', description: 'Cloud Native with Kubernetes ch. 13: the DelayedJob CRD (v1 deprecated, v2 with webhook conversion), an instance, and its operator that creates Jobs', load: () => extension(0) },
  { name: 'cka-pods', description: 'CKA notes: pods (hooks, probes, init containers, command and args, sidecar, ambassador, adapter, node affinity, resources)', load: () => cka(0) },
  { name: 'cka-controllers', description: 'CKA notes: Deployment rollout knobs, ReplicaSet, HPA, the pi Job and CronJob, a StatefulSet and a node agent DaemonSet', load: () => cka(1) },
  { name: 'cka-config', description: 'CKA notes: a ConfigMap as variables and files, an opaque Secret and registry credentials (External Secrets)', load: () => cka(2) },
  { name: 'cka-scheduling', description: 'CKA notes: node selectors, node and pod affinity, resources and QoS, tolerations, a second scheduler', load: () => cka(3) },
  { name: 'cka-networking', description: 'CKA notes: every Service type, an EndpointSlice for outside addresses, Ingresses with TLS, Gateway API routes', load: () => cka(4) },
  { name: 'cka-storage', description: 'CKA notes: emptyDir and hostPath, NFS, local and hostPath volumes, claims, StorageClasses, the csi-s3 driver', load: () => cka(5) },
  { name: 'cka-namespaces', description: 'CKA notes: Pod Security per mode, a team namespace with a ResourceQuota and a LimitRange', load: () => cka(6) },
  { name: 'cka-extension', description: 'CKA notes: the CronTab CRD and object, an ECK Elasticsearch checked against the vendor CRD file, the monkey-operator and its MonkeyPod', load: () => extension(1) },
];

/** The one-line description of an example app (shown by `--list`). */
export function appDescription(name: string): string {
  const entry = CATALOGUE.find((e) => e.name === name);
  if (!entry) {
    throw new Error(`app "${name}" is not in apps/catalogue.ts`);
  }
  return entry.description;
}
