import { Manifest } from '../../../lib/output/manifest';
import { kubernetesTarget, terraformTargets } from '../../../lib/policy/targets';
import { PolicyTarget } from '../../../lib/policy/types';

/** A pod spec that passes every check. */
function goodPod(): any {
  return {
    serviceAccountName: 'web',
    automountServiceAccountToken: false,
    securityContext: { runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: 'RuntimeDefault' } },
    containers: [{
      name: 'web',
      image: 'ghcr.io/acme/web:1.0.0',
      ports: [{ name: 'http', containerPort: 8080 }],
      env: [{ name: 'MODE', value: 'prod' }],
      resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
      readinessProbe: { httpGet: { path: '/ready', port: 'http' }, periodSeconds: 5 },
      livenessProbe: { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 10 },
      securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true },
    }],
    volumes: [{ name: 'tmp', emptyDir: {} }],
    topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'web' } } }],
  };
}

/** A compliant Deployment "shop/web" (2 replicas), changed by `edit`. */
export function deployment(edit: (d: any) => void = () => undefined): Manifest {
  const d: any = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'shop' },
    spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: goodPod() } },
  };
  edit(d);
  return d;
}

/** The pod spec of a fixture workload, for edits. */
export const pod = (d: any): any => d.spec.template.spec;
/** The first container of a fixture workload, for edits. */
export const ctr = (d: any): any => pod(d).containers[0];

/** The pod-bearing kinds of Kubernetes. */
export const POD_KINDS = ['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob'] as const;
export type PodKind = typeof POD_KINDS[number];

/**
 * A compliant object "kind shop/web" of any pod-bearing kind, with the pod spec of {@link deployment} where the kind
 * keeps it (see {@link podOf}), changed by `edit`. Replicated kinds have 2 replicas; Job pods restart OnFailure; a Job
 * is deleted a day after it finishes, a CronJob's late runs are skipped after an hour.
 */
export function workload(kind: PodKind, edit: (d: any) => void = () => undefined): Manifest {
  const meta = { name: 'web', namespace: 'shop' };
  const template = { metadata: { labels: { app: 'web' } }, spec: goodPod() };
  const job = { template: { ...template, spec: { ...template.spec, restartPolicy: 'OnFailure' } } };
  const selector = { matchLabels: { app: 'web' } };
  const d: any = {
    Pod: { apiVersion: 'v1', kind, metadata: { ...meta, labels: { app: 'web' } }, spec: goodPod() },
    Deployment: { apiVersion: 'apps/v1', kind, metadata: meta, spec: { replicas: 2, selector, template } },
    StatefulSet: { apiVersion: 'apps/v1', kind, metadata: meta, spec: { serviceName: 'web', replicas: 2, selector, template } },
    DaemonSet: { apiVersion: 'apps/v1', kind, metadata: meta, spec: { selector, template } },
    ReplicaSet: { apiVersion: 'apps/v1', kind, metadata: meta, spec: { replicas: 2, selector, template } },
    ReplicationController: { apiVersion: 'v1', kind, metadata: meta, spec: { replicas: 2, selector: { app: 'web' }, template } },
    Job: { apiVersion: 'batch/v1', kind, metadata: meta, spec: { ...job, ttlSecondsAfterFinished: 86400 } },
    CronJob: { apiVersion: 'batch/v1', kind, metadata: meta, spec: { schedule: '0 3 * * *', startingDeadlineSeconds: 3600, jobTemplate: { spec: job } } },
  }[kind];
  edit(d);
  return d;
}

/** The pod spec of a fixture workload of any kind: where Kubernetes reads it. */
export function podOf(d: any): any {
  switch (d.kind) {
    case 'Pod': return d.spec;
    case 'CronJob': return d.spec.jobTemplate.spec.template.spec;
    default: return d.spec.template.spec;
  }
}

/** The pod template annotations of a fixture workload of any kind, created when missing, for edits. */
export function podAnnotationsOf(d: any): Record<string, string> {
  const meta = d.kind === 'Pod' ? d.metadata : d.kind === 'CronJob' ? d.spec.jobTemplate.spec.template.metadata : d.spec.template.metadata;
  meta.annotations = meta.annotations ?? {};
  return meta.annotations;
}

/** A Namespace with a Pod Security Admission enforce level (unless undefined) and a recorded reason (unless undefined). */
export function namespace(name: string, level?: string, reason?: string): Manifest {
  return obj('v1', 'Namespace', name, undefined, {
    metadata: {
      name,
      labels: { 'kubernetes.io/metadata.name': name, ...(level ? { 'pod-security.kubernetes.io/enforce': level, 'pod-security.kubernetes.io/enforce-version': 'latest' } : {}) },
      ...(reason !== undefined ? { annotations: { 'keelson.dev/pod-security-reason': reason } } : {}),
    },
  });
}

/** A Kubernetes object "kind ns/name" with more fields. */
export function obj(apiVersion: string, kind: string, name: string, namespace: string | undefined, rest: Record<string, unknown> = {}): Manifest {
  return { apiVersion, kind, metadata: { name, ...(namespace ? { namespace } : {}) }, ...rest } as Manifest;
}

export const service = (selector: Record<string, string> = { app: 'web' }, extra: Record<string, unknown> = {}) =>
  obj('v1', 'Service', 'web', 'shop', { spec: { selector, ports: [{ name: 'http', port: 80, targetPort: 8080 }], ...extra } });
export const pdb = (spec: Record<string, unknown> = { maxUnavailable: 1 }) =>
  obj('policy/v1', 'PodDisruptionBudget', 'web', 'shop', { spec: { selector: { matchLabels: { app: 'web' } }, unhealthyPodEvictionPolicy: 'AlwaysAllow', ...spec } });
export const denyAll = (ns = 'shop') => obj('networking.k8s.io/v1', 'NetworkPolicy', 'default-deny', ns, { spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] } });
export const serviceAccount = (automount?: boolean) => obj('v1', 'ServiceAccount', 'web', 'shop', automount === undefined ? {} : { automountServiceAccountToken: automount });

/** Policy targets of manifests. */
export function k(...manifests: Manifest[]): PolicyTarget[] {
  return manifests.map((m) => kubernetesTarget(m));
}

/** Policy targets of a Terraform configuration given as `{ type: { name: config } }`. */
export function tf(resources: Record<string, Record<string, any>>): PolicyTarget[] {
  return terraformTargets({ resource: resources }, 'stack');
}

/** A compliant EKS cluster resource, changed by `edit`. */
export function eks(edit: (c: any) => void = () => undefined): Record<string, any> {
  const c: any = {
    name: 'demo',
    version: '1.35',
    enabled_cluster_log_types: ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'],
    encryption_config: { provider: { key_arn: '${aws_kms_key.k.arn}' }, resources: ['secrets'] },
    vpc_config: { endpoint_private_access: true, endpoint_public_access: false, subnet_ids: [] },
  };
  edit(c);
  return { aws_eks_cluster: { c } };
}

/** A bucket with the companions given (versioning, encryption, public access block), all compliant unless changed. */
export function bucket(companions: Array<'versioning' | 'encryption' | 'block'> = ['versioning', 'encryption', 'block'], edit: (r: any) => void = () => undefined): Record<string, any> {
  const ref = '${aws_s3_bucket.b.id}';
  const r: any = { aws_s3_bucket: { b: { bucket: 'acme-state' } } };
  if (companions.includes('versioning')) r.aws_s3_bucket_versioning = { v: { bucket: ref, versioning_configuration: { status: 'Enabled' } } };
  if (companions.includes('encryption')) r.aws_s3_bucket_server_side_encryption_configuration = { e: { bucket: ref, rule: [] } };
  if (companions.includes('block')) {
    r.aws_s3_bucket_public_access_block = { p: { bucket: 'acme-state', block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true } };
  }
  edit(r);
  return r;
}
