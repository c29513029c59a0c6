import { ADMISSION_CASES } from './admission-cases';
import { CRD_CASES } from './crd-cases';
import { ELASTICACHE_CASES } from './elasticache-cases';
import { GOVERNANCE_CASES } from './governance-cases';
import { STORAGE_CASES } from './storage-cases';
import { GATEWAY_CASES } from './gateway-cases';
import { SERVICE_CASES } from './service-cases';
import { SECURITY_CASES } from './security-cases';
import { RBAC_TOKEN_CASES } from './rbac-token-cases';
import { REFERENCE_CASES } from './reference-cases';
import { WORKLOAD_CASES } from './workload-cases';
import { TERRAFORM_IDENTITY_CASES } from './terraform-identity-cases';
import { TERRAFORM_EKS_CASES } from './terraform-eks-cases';
import { CLOUD_ADDON_CASES } from './terraform-addons-cases';
import { TERRAFORM_ACCESS_CASES } from './terraform-access-cases';
import { TERRAFORM_S3_CASES } from './terraform-s3-cases';
import { TERRAFORM_VPC_CASES } from './terraform-vpc-cases';
import { runPolicy } from '../../../lib/policy/engine';
import { BUILTIN_CHECKS } from '../../../lib/policy/registry';
import { PolicyTarget } from '../../../lib/policy/types';
import { helmTargets } from '../../../lib/policy/targets';
import { bucket, ctr, denyAll, deployment, eks, k, obj, pdb, pod, service, serviceAccount, tf } from './fixtures';

interface CheckCase {
  /** Objects that pass the check. */
  readonly pass: PolicyTarget[];
  /** Objects that fail it... */
  readonly fail: PolicyTarget[];
  /** ...with a finding whose message contains this. */
  readonly message: string;
}

const web = deployment;
const clusterRole = (rules: any[], name = 'reader') => obj('rbac.authorization.k8s.io/v1', 'ClusterRole', name, undefined, { rules });
const role = (rules: any[]) => obj('rbac.authorization.k8s.io/v1', 'Role', 'reader', 'shop', { rules });
const binding = (kind: string, roleName: string) => obj('rbac.authorization.k8s.io/v1', kind, 'b', kind === 'RoleBinding' ? 'shop' : undefined, {
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: roleName },
  subjects: [{ kind: 'ServiceAccount', name: 'web', namespace: 'shop' }],
});
const roleBinding = (kind: string, roleName: string) => obj('rbac.authorization.k8s.io/v1', 'RoleBinding', 'rb', 'shop', {
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind, name: roleName },
  subjects: [{ kind: 'ServiceAccount', name: 'web', namespace: 'shop' }],
});
const netpol = (spec: any) => obj('networking.k8s.io/v1', 'NetworkPolicy', 'p', 'shop', { spec });
const ingress = (spec: any) => obj('networking.k8s.io/v1', 'Ingress', 'web', 'shop', { spec });
const rule = (host: string, svc = 'web', port: any = { number: 80 }) => ({ host, http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: svc, port } } }] } });
const statefulSet = (serviceName: string) => obj('apps/v1', 'StatefulSet', 'db', 'shop', {
  spec: { serviceName, replicas: 1, selector: { matchLabels: { app: 'db' } }, template: { metadata: { labels: { app: 'db' } }, spec: pod(web()) } },
});
const hpa = (targetName = 'web') => obj('autoscaling/v2', 'HorizontalPodAutoscaler', 'web', 'shop', {
  spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: targetName }, minReplicas: 2, maxReplicas: 5 },
});
const policyFor = (selector: any) => obj('networking.k8s.io/v1', 'NetworkPolicy', 'p', 'shop', { spec: { podSelector: selector, policyTypes: ['Ingress'] } });
const ISTIO = 'networking.istio.io/v1';
const vs = (http: any[], gateways?: string[]) => obj(ISTIO, 'VirtualService', 'web', 'shop', { spec: { hosts: ['web'], ...(gateways ? { gateways } : {}), http } });
const dest = (host: string, subset?: string, weight?: number) => ({ destination: { host, ...(subset ? { subset } : {}) }, ...(weight !== undefined ? { weight } : {}) });
const dr = (subsets: any[], trafficPolicy?: any) => obj(ISTIO, 'DestinationRule', 'web', 'shop', { spec: { host: 'web', subsets, ...(trafficPolicy ? { trafficPolicy } : {}) } });
const gateway = (tls?: any) => obj(ISTIO, 'Gateway', 'gw', 'shop', { spec: { selector: { istio: 'ingressgateway' }, servers: [{ port: { number: 443, name: 'https', protocol: 'HTTPS' }, hosts: ['*'], ...(tls ? { tls } : {}) }] } });
const peerAuth = (mode: string, portLevelMtls?: any, namespace = 'shop') => obj('security.istio.io/v1', 'PeerAuthentication', 'default', namespace, { spec: { mtls: { mode }, ...(portLevelMtls ? { portLevelMtls } : {}) } });
const KN = (kind: string, name: string, spec: any, group = 'eventing.knative.dev/v1') => obj(group, kind, name, 'shop', { spec });
const broker = (name = 'default') => KN('Broker', name, {});
const ksvc = (name = 'hello', extra: any = {}, annotations: any = {}) => obj('serving.knative.dev/v1', 'Service', name, 'shop', {
  spec: { template: { metadata: { annotations }, spec: { containers: [{ image: 'ghcr.io/acme/hello:1.0.0' }] } }, ...extra },
});
const ksvcRef = (name = 'hello') => ({ ref: { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name } });
const trigger = (brokerName: string, subscriber: any = ksvcRef()) => KN('Trigger', 'my-trigger', { broker: brokerName, filter: { attributes: { type: 'myeventtype' } }, subscriber });
const helm = (values: any, chart = 'openfaas/openfaas') => helmTargets({ releases: [{ name: 'openfaas', namespace: 'openfaas', chart, version: '14.2.132', values: [values] }] });
const securedOpenFaas = {
  basic_auth: true, exposeServices: false, serviceType: 'ClusterIP',
  ingress: { enabled: true, hosts: [{ host: 'gw.example.com' }], tls: [{ secretName: 'gw-tls', hosts: ['gw.example.com'] }] },
};
const meshNamespace = () => obj('v1', 'Namespace', 'shop', undefined, { metadata: { name: 'shop', labels: { 'istio-injection': 'enabled' } } });

const CASES: Record<string, CheckCase> = {
  ...ADMISSION_CASES,
  ...CRD_CASES,
  ...ELASTICACHE_CASES,
  ...GOVERNANCE_CASES,
  ...STORAGE_CASES,
  ...GATEWAY_CASES,
  ...SERVICE_CASES,
  ...SECURITY_CASES,
  ...RBAC_TOKEN_CASES,
  ...REFERENCE_CASES,
  ...WORKLOAD_CASES,
  ...TERRAFORM_IDENTITY_CASES,
  ...TERRAFORM_EKS_CASES,
  ...CLOUD_ADDON_CASES,
  ...TERRAFORM_ACCESS_CASES,
  ...TERRAFORM_S3_CASES,
  ...TERRAFORM_VPC_CASES,
  'checkov-skip-reason': {
    pass: tf({ aws_vpc: { v: { 'cidr_block': '10.0.0.0/16', '//': { checkov: { skip: [{ id: 'CKV2_AWS_11', comment: 'flow logs go to the central account' }] } } } } }),
    fail: tf({ aws_vpc: { v: { 'cidr_block': '10.0.0.0/16', '//': { checkov: { skip: [{ id: 'CKV2_AWS_11', comment: ' ' }] } } } } }),
    message: 'the Checkov skip of CKV2_AWS_11 gives no reason',
  },
  // Pod Security: Baseline
  'pss-host-process': { pass: k(web()), fail: k(web((d) => { pod(d).securityContext.windowsOptions = { hostProcess: true }; })), message: 'the pod sets windowsOptions.hostProcess: true' },
  'pss-host-namespaces': { pass: k(web()), fail: k(web((d) => { pod(d).hostNetwork = true; })), message: 'the pod sets hostNetwork: true' },
  'pss-privileged': { pass: k(web()), fail: k(web((d) => { ctr(d).securityContext.privileged = true; })), message: 'container "web" is privileged' },
  'pss-capabilities-baseline': {
    pass: k(web((d) => { ctr(d).securityContext.capabilities.add = ['CHOWN']; })),
    fail: k(web((d) => { ctr(d).securityContext.capabilities.add = ['SYS_ADMIN']; })), message: 'container "web" adds capabilities SYS_ADMIN',
  },
  'pss-host-path': { pass: k(web()), fail: k(web((d) => { pod(d).volumes.push({ name: 'sock', hostPath: { path: '/var/run/docker.sock' } }); })), message: 'volume "sock" mounts host path /var/run/docker.sock' },
  'pss-host-ports': { pass: k(web()), fail: k(web((d) => { ctr(d).ports[0].hostPort = 80; })), message: 'container "web" binds host port 80' },
  'pss-apparmor': {
    pass: k(web((d) => { d.spec.template.metadata.annotations = { 'container.apparmor.security.beta.kubernetes.io/web': 'runtime/default' }; })),
    fail: k(web((d) => { ctr(d).securityContext.appArmorProfile = { type: 'Unconfined' }; })), message: 'container "web" sets appArmorProfile Unconfined',
  },
  'pss-selinux': {
    pass: k(web((d) => { ctr(d).securityContext.seLinuxOptions = { type: 'container_t', level: 's0:c1' }; })),
    fail: k(web((d) => { ctr(d).securityContext.seLinuxOptions = { user: 'system_u' }; })), message: 'container "web" sets disallowed seLinuxOptions',
  },
  'pss-proc-mount': { pass: k(web()), fail: k(web((d) => { ctr(d).securityContext.procMount = 'Unmasked'; })), message: 'container "web" sets procMount Unmasked' },
  'pss-seccomp-baseline': { pass: k(web()), fail: k(web((d) => { ctr(d).securityContext.seccompProfile = { type: 'Unconfined' }; })), message: 'container "web" sets seccompProfile Unconfined' },
  'pss-sysctls': {
    pass: k(web((d) => { pod(d).securityContext.sysctls = [{ name: 'net.ipv4.ip_local_port_range', value: '1024 65535' }]; })),
    fail: k(web((d) => { pod(d).securityContext.sysctls = [{ name: 'kernel.msgmax', value: '65536' }]; })), message: 'the pod sets unsafe sysctl kernel.msgmax',
  },
  // Pod Security: Restricted
  'pss-volume-types': { pass: k(web()), fail: k(web((d) => { pod(d).volumes.push({ name: 'data', nfs: { server: 'nfs', path: '/' } }); })), message: 'volume "data" has type nfs' },
  'pss-privilege-escalation': { pass: k(web()), fail: k(web((d) => { delete ctr(d).securityContext.allowPrivilegeEscalation; })), message: 'container "web" does not set allowPrivilegeEscalation: false' },
  'pss-run-as-non-root': {
    pass: k(web()),
    fail: k(web((d) => { pod(d).initContainers = [{ name: 'init', image: 'busybox:1.37', securityContext: { runAsNonRoot: false } }]; })),
    message: 'initContainer "init" may run as root',
  },
  'pss-run-as-user': { pass: k(web()), fail: k(web((d) => { ctr(d).securityContext.runAsUser = 0; })), message: 'container "web" sets runAsUser: 0' },
  'pss-seccomp-restricted': { pass: k(web()), fail: k(web((d) => { delete pod(d).securityContext.seccompProfile; })), message: 'container "web" has seccomp profile unset' },
  'pss-capabilities-restricted': {
    pass: k(web((d) => { ctr(d).securityContext.capabilities.add = ['NET_BIND_SERVICE']; })),
    fail: k(web((d) => { ctr(d).securityContext.capabilities = { drop: ['NET_RAW'] }; })), message: 'container "web" does not drop ALL capabilities',
  },
  // Containers
  'image-tag-pinned': { pass: k(web()), fail: k(web((d) => { ctr(d).image = 'nginx:latest'; })), message: 'container "web" uses image "nginx:latest", which is not pinned' },
  'resources-cpu-request': { pass: k(web()), fail: k(web((d) => { delete ctr(d).resources.requests.cpu; })), message: 'container "web" has no cpu request' },
  'resources-memory-request': { pass: k(web()), fail: k(web((d) => { delete ctr(d).resources.requests.memory; })), message: 'container "web" has no memory request' },
  'resources-cpu-limit': { pass: k(web()), fail: k(web((d) => { delete ctr(d).resources.limits.cpu; })), message: 'container "web" has no cpu limit' },
  'resources-memory-limit': { pass: k(web()), fail: k(web((d) => { delete ctr(d).resources; })), message: 'container "web" has no memory limit' },
  'probe-readiness': { pass: k(web()), fail: k(web((d) => { delete ctr(d).readinessProbe; })), message: 'container "web" has no readiness probe' },
  'probe-liveness': { pass: k(web()), fail: k(web((d) => { delete ctr(d).livenessProbe; })), message: 'container "web" has no liveness probe' },
  'probes-not-identical': {
    pass: k(web()),
    fail: k(web((d) => { ctr(d).livenessProbe = { ...ctr(d).readinessProbe }; })), message: 'container "web" has identical readiness and liveness probes',
  },
  'probe-mutating-endpoint': {
    pass: k(web((d) => { d.metadata.annotations = { 'keelson.dev/mutating-paths': '/get-number' }; })),
    fail: k(web((d) => { d.metadata.annotations = { 'keelson.dev/mutating-paths': '/get-number' }; ctr(d).readinessProbe.httpGet.path = '/get-number'; })),
    message: 'container "web" readinessProbe calls /get-number, which changes state',
  },
  'probe-port-exists': { pass: k(web()), fail: k(web((d) => { ctr(d).livenessProbe.httpGet.port = 'admin'; })), message: 'container "web" livenessProbe uses port "admin", which it does not declare' },
  'env-secret-literal': {
    pass: k(web((d) => { ctr(d).env.push({ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } }); })),
    fail: k(web((d) => { ctr(d).env.push({ name: 'MYSQL_ROOT_PASSWORD', value: 'root' }); })), message: 'container "web" sets MYSQL_ROOT_PASSWORD to a literal value',
  },
  'env-duplicate': { pass: k(web()), fail: k(web((d) => { ctr(d).env.push({ name: 'MODE', value: 'dev' }); })), message: 'container "web" sets MODE more than once' },
  // Identity and RBAC
  'service-account-automount': {
    pass: k(serviceAccount(false), obj('v1', 'ServiceAccount', 'ctl', 'shop', { metadata: { name: 'ctl', namespace: 'shop', annotations: { 'keelson.dev/automount-token-reason': 'controller' } } })),
    fail: k(serviceAccount()), message: 'the ServiceAccount mounts an API token into every pod that uses it',
  },
  'pod-automount-token': {
    pass: k(web((d) => { delete pod(d).automountServiceAccountToken; }), serviceAccount(false)),
    fail: k(web((d) => { delete pod(d).automountServiceAccountToken; }), serviceAccount()), message: 'the pods get a Kubernetes API token they may not need',
  },
  'default-service-account': { pass: k(web()), fail: k(web((d) => { delete pod(d).serviceAccountName; })), message: 'the pods run as the default ServiceAccount' },
  'secret-values': {
    pass: k(obj('v1', 'Secret', 'token', 'shop', { type: 'kubernetes.io/service-account-token' })),
    fail: k(obj('v1', 'Secret', 'db', 'shop', { stringData: { password: 'hunter2' } })), message: 'the Secret has stringData',
  },
  'rbac-wildcard': { pass: k(role([{ apiGroups: [''], resources: ['pods'], verbs: ['list'] }])), fail: k(role([{ apiGroups: [''], resources: ['pods'], verbs: ['*'] }])), message: 'rule 0 allows every verb' },
  'rbac-pods-exec': {
    pass: k(role([{ apiGroups: [''], resources: ['pods', 'pods/log'], verbs: ['get'] }])),
    fail: k(clusterRole([{ apiGroups: [''], resources: ['pods/exec'], verbs: ['create'] }])), message: 'rule 0 allows pods/exec',
  },
  'rbac-cluster-admin-binding': { pass: k(binding('ClusterRoleBinding', 'view')), fail: k(binding('RoleBinding', 'cluster-admin')), message: 'the binding grants cluster-admin' },
  'rbac-cluster-secrets-read': {
    pass: k(clusterRole([{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }]), binding('ClusterRoleBinding', 'reader')),
    fail: k(clusterRole([{ apiGroups: [''], resources: ['secrets'], verbs: ['list'] }]), binding('ClusterRoleBinding', 'reader')),
    message: 'the binding lets its subjects read Secrets in every namespace (ClusterRole reader)',
  },
  // Availability
  'workload-disruption-budget': { pass: k(web(), pdb()), fail: k(web()), message: 'no PodDisruptionBudget selects the pods' },
  'workload-spread': {
    pass: k(web((d) => { delete pod(d).topologySpreadConstraints; d.spec.replicas = 1; })),
    fail: k(web((d) => { delete pod(d).topologySpreadConstraints; }), hpa()), message: 'the pods may all land on one node',
  },
  'workload-selector-matches': { pass: k(web()), fail: k(web((d) => { d.spec.selector.matchLabels = { app: 'api' }; })), message: 'spec.selector does not match the pod template labels' },
  'pdb-allows-disruption': { pass: k(web(), pdb({ minAvailable: 1 })), fail: k(web(), pdb({ minAvailable: 2 })), message: 'minAvailable 2 leaves no disruption for Deployment web (2 replicas)' },
  'pdb-unhealthy-eviction': { pass: k(pdb()), fail: k(pdb({ unhealthyPodEvictionPolicy: 'IfHealthyBudget' })), message: 'unhealthyPodEvictionPolicy is not AlwaysAllow' },
  // References
  'service-selects-pods': { pass: k(web(), service()), fail: k(web(), service({ app: 'api' })), message: 'the selector {"app":"api"} matches no pods in namespace shop' },
  'ingress-backend-exists': {
    pass: k(service(), ingress({ rules: [rule('shop.example.com', 'web', { name: 'http' })] })),
    fail: k(service(), ingress({ rules: [rule('shop.example.com', 'web', { number: 8080 })] })), message: 'Service "web" has no port 8080',
  },
  'ingress-tls-hosts': {
    pass: k(ingress({ rules: [rule('a.example.com')], tls: [{ hosts: ['*.example.com'], secretName: 't' }] })),
    fail: k(ingress({ rules: [rule('a.example.com')], tls: [{ hosts: ['b.example.com'], secretName: 't' }] })), message: 'TLS host b.example.com is not a host of any rule',
  },
  'statefulset-headless-service': {
    pass: k(statefulSet('db-headless'), obj('v1', 'Service', 'db-headless', 'shop', { spec: { clusterIP: 'None', selector: { app: 'db' } } })),
    fail: k(statefulSet('db'), obj('v1', 'Service', 'db', 'shop', { spec: { selector: { app: 'db' } } })), message: 'serviceName "db" is not headless',
  },
  'hpa-target-exists': { pass: k(web(), hpa()), fail: k(web(), hpa('api')), message: 'scaleTargetRef Deployment api does not exist' },
  'hpa-target-replicas': { pass: k(web((d) => { delete d.spec.replicas; }), hpa()), fail: k(web(), hpa()), message: 'spec.replicas is 2 although an autoscaler scales it' },
  'rbac-broad-subject': {
    pass: k(binding('ClusterRoleBinding', 'view')),
    fail: k(obj('rbac.authorization.k8s.io/v1', 'ClusterRoleBinding', 'privileged-crb', undefined, {
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'privileged-role' },
      subjects: [{ kind: 'Group', name: 'system:authenticated', apiGroup: 'rbac.authorization.k8s.io' }],
    })),
    message: 'the binding grants ClusterRole privileged-role to Group system:authenticated',
  },
  'rbac-rule-api-group': {
    pass: k(role([{ apiGroups: ['apps', 'extensions'], resources: ['deployments'], verbs: ['get'] }])),
    fail: k(clusterRole([{ apiGroups: ['policy'], resources: ['podsecuritypolicies'], verbs: ['use'], resourceNames: ['privileged-psp'] }])),
    message: 'rule 0: API group "policy" has no resource "podsecuritypolicies" (it has poddisruptionbudgets)',
  },
  'rbac-role-ref-exists': {
    pass: k(role([{ apiGroups: [''], resources: ['pods'], verbs: ['list'] }]), roleBinding('Role', 'reader'), binding('RoleBinding', 'view')),
    // The Workshop's test-role-binding: roleRef kind ClusterRole, but "reader" is a Role.
    fail: k(role([{ apiGroups: [''], resources: ['pods'], verbs: ['list'] }]), binding('RoleBinding', 'reader')),
    message: 'roleRef says ClusterRole reader, but reader is a Role in namespace shop',
  },
  'networkpolicy-allow-all': {
    pass: k(netpol({ podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/24' } }], ports: [{ port: 5832, protocol: 'TCP' }] }] })),
    fail: k(netpol({ podSelector: {}, policyTypes: ['Ingress', 'Egress'], ingress: [{}], egress: [{}] })),
    message: 'ingress rule 0 allows all traffic (no peers, no ports)',
  },
  'networkpolicy-ipblock-except': {
    pass: k(netpol({ podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '157.10.0.0/16', except: ['157.10.1.0/24'] } }] }] })),
    fail: k(netpol({ podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '157.10.0.0/16', except: ['157.11.1.0/24'] } }] }] })),
    message: 'egress rule 0: except 157.11.1.0/24 of 157.10.0.0/16: it is not inside the block',
  },
  'networkpolicy-selects-pods': { pass: k(web(), policyFor({ matchLabels: { app: 'web' } })), fail: k(web(), policyFor({ matchLabels: { app: 'api' } })), message: 'the podSelector matches no pods' },
  'pod-network-policy': { pass: k(web(), denyAll()), fail: k(web(), policyFor({ matchLabels: { app: 'api' } })), message: 'no NetworkPolicy in namespace shop selects the pods' },
  // API hygiene
  'cluster-scoped-namespace': { pass: k(clusterRole([])), fail: k(obj('rbac.authorization.k8s.io/v1', 'ClusterRole', 'r', 'default', { rules: [] })), message: 'ClusterRole is cluster-scoped but sets namespace default' },
  'removed-api-version': {
    pass: k(obj('networking.k8s.io/v1', 'Ingress', 'x', 'shop', { spec: {} })),
    fail: k(obj('networking.k8s.io/v1beta1', 'Ingress', 'x', 'shop', { spec: {} })), message: 'networking.k8s.io/v1beta1 Ingress was removed in Kubernetes 1.22; use networking.k8s.io/v1',
  },
  'deprecated-api-version': {
    pass: k(obj('networking.istio.io/v1', 'VirtualService', 'x', 'shop', { spec: {} })),
    fail: k(obj('networking.istio.io/v1alpha3', 'VirtualService', 'x', 'shop', { spec: {} })), message: 'networking.istio.io/v1alpha3 is deprecated; use networking.istio.io/v1',
  },
  'explicit-namespace': { pass: k(web()), fail: k(web((d) => { d.metadata.namespace = 'default'; })), message: 'the object is in the default namespace' },
  // Terraform
  'eks-control-plane-logging': { pass: tf(eks()), fail: tf(eks((c) => { c.enabled_cluster_log_types = ['api', 'audit', 'authenticator']; })), message: 'log types controllerManager, scheduler are not enabled' },
  'eks-public-endpoint-open': {
    pass: tf(eks((c) => { c.vpc_config.endpoint_public_access = true; c.vpc_config.public_access_cidrs = ['203.0.113.0/24']; })),
    fail: tf(eks((c) => { c.vpc_config.endpoint_public_access = true; })), message: 'the public endpoint accepts 0.0.0.0/0',
  },
  'eks-public-endpoint': { pass: tf(eks()), fail: tf(eks((c) => { delete c.vpc_config.endpoint_public_access; })), message: 'the API server endpoint is public' },
  'eks-secrets-encryption': { pass: tf(eks()), fail: tf(eks((c) => { delete c.encryption_config; })), message: 'secrets are not encrypted with a KMS key' },
  'eks-node-group-ssh': {
    pass: tf({ aws_eks_node_group: { n: { remote_access: { ec2_ssh_key: 'k', source_security_group_ids: ['sg-1'] } } } }),
    fail: tf({ aws_eks_node_group: { n: { remote_access: { ec2_ssh_key: 'k' } } } }), message: 'remote_access allows SSH from 0.0.0.0/0',
  },
  'eks-supported-version': { pass: tf(eks()), fail: tf(eks((c) => { c.version = '1.29'; })), message: 'version 1.29 is not in EKS standard support' },
  'launch-template-imdsv2': {
    pass: tf({ aws_launch_template: { lt: { metadata_options: { http_tokens: 'required', http_put_response_hop_limit: 1 } } } }),
    fail: tf({ aws_launch_template: { lt: { metadata_options: { http_tokens: 'optional', http_put_response_hop_limit: 2 } } } }), message: 'IMDSv1 is allowed',
  },
  'elasticache-encryption': {
    pass: tf({ aws_elasticache_replication_group: { r: { at_rest_encryption_enabled: 'true', transit_encryption_enabled: true } } }),
    fail: tf({ aws_elasticache_replication_group: { r: { at_rest_encryption_enabled: 'true' } } }), message: 'encryption in transit is off',
  },
  's3-versioning': { pass: tf(bucket()), fail: tf(bucket(['versioning'], (r) => { r.aws_s3_bucket_versioning.v.versioning_configuration.status = 'Suspended'; })), message: 'versioning is not enabled' },
  's3-encryption': { pass: tf(bucket()), fail: tf(bucket(['versioning', 'block'])), message: 'no server-side encryption configuration' },
  's3-public-access-block': { pass: tf(bucket()), fail: tf(bucket(['block'], (r) => { r.aws_s3_bucket_public_access_block.p.restrict_public_buckets = false; })), message: 'public access is not fully blocked' },
  // Istio
  'istio-destination-host': {
    pass: k(service(), vs([{ route: [dest('web.shop.svc.cluster.local')] }]), obj(ISTIO, 'ServiceEntry', 'api', 'shop', { spec: { hosts: ['api.example.com'] } }), vs([{ route: [dest('api.example.com')] }])),
    fail: k(service(), vs([{ route: [dest('service-a')] }])), message: 'http[0].route[0] routes to host service-a, which is no Service or ServiceEntry',
  },
  'istio-subset-exists': {
    pass: k(vs([{ route: [dest('web', 'v2')] }]), dr([{ name: 'v2', labels: { version: 'v2' } }])),
    fail: k(vs([{ route: [dest('web', 'v1')] }]), dr([{ name: 'v2', labels: { version: 'v2' } }])), message: 'http[0].route[0] routes to subset v1 of web, which no DestinationRule defines',
  },
  'istio-route-weights': {
    pass: k(vs([{ route: [dest('web', 'v1', 90), dest('web', 'v2', 10)] }, { route: [dest('web')] }])),
    fail: k(vs([{ route: [dest('web', 'v1', 90), dest('web', 'v2', 20)] }])), message: 'http[0] weights add up to 110',
  },
  'istio-gateway-exists': {
    pass: k(gateway({ mode: 'SIMPLE', credentialName: 'tls' }), vs([{ route: [dest('web')] }], ['gw', 'shop/gw', 'mesh'])),
    fail: k(gateway({ mode: 'SIMPLE', credentialName: 'tls' }), vs([{ route: [dest('web')] }], ['other/gw'])), message: 'gateway other/gw does not exist',
  },
  'istio-gateway-credential': {
    pass: k(gateway({ mode: 'SIMPLE', credentialName: 'tls' }), gateway({ mode: 'PASSTHROUGH' })),
    fail: k(gateway({ mode: 'SIMPLE' })), message: 'servers[0] terminates TLS (SIMPLE) without a credentialName',
  },
  'istio-strict-mtls-plaintext': {
    pass: k(peerAuth('STRICT'), dr([], { tls: { mode: 'ISTIO_MUTUAL' } }), peerAuth('PERMISSIVE', { 8080: { mode: 'DISABLE' } }, 'legacy')),
    fail: k(peerAuth('STRICT', { 8080: { mode: 'DISABLE' } }), dr([], { tls: { mode: 'DISABLE' } })), message: 'clients send plain text to web, whose namespace requires mutual TLS',
  },
  'istio-port-protocol': {
    pass: k(meshNamespace(), service(), obj('v1', 'Service', 'db', 'shop', { spec: { ports: [{ name: 'db', port: 3306, appProtocol: 'mysql' }] } }), obj('v1', 'Service', 'x', 'plain', { spec: { ports: [{ name: 'web', port: 80 }] } })),
    fail: k(meshNamespace(), obj('v1', 'Service', 'x', 'shop', { spec: { ports: [{ name: 'web', port: 80 }] } })), message: 'port web does not tell Istio its protocol',
  },
  'istio-subset-selects-pods': {
    pass: k(web((d) => { d.spec.template.metadata.labels.version = 'v2'; }), service(), dr([{ name: 'v2', labels: { version: 'v2' } }])),
    fail: k(web((d) => { d.spec.template.metadata.labels.version = 'v2'; }), service(), dr([{ name: 'v1', labels: { version: 'v1' } }])), message: 'subset v1 selects no pods of Service web',
  },
  // Serverless
  'knative-trigger-broker': {
    pass: k(broker(), ksvc(), trigger('default')),
    fail: k(broker('other'), ksvc(), trigger('default'), obj('eventing.knative.dev/v1', 'Broker', 'default', 'elsewhere')), message: 'broker "default" does not exist in namespace shop',
  },
  'knative-reference-exists': {
    pass: k(broker(), ksvc(), trigger('default'), KN('PingSource', 'ping', { schedule: '* * * * *', sink: { ref: { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', name: 'default' } } }, 'sources.knative.dev/v1')),
    // A core Service called "hello" does not stand in for the Knative Service the Trigger names.
    fail: k(broker(), service({ app: 'hello' }), obj('v1', 'Service', 'hello', 'shop', { spec: { selector: { app: 'hello' }, ports: [{ port: 80 }] } }), trigger('default')),
    message: 'spec.subscriber refers to serving.knative.dev/v1 Service shop/hello, which does not exist',
  },
  'knative-traffic-percent': {
    pass: k(ksvc('hello', { traffic: [{ revisionName: 'hello-v1', percent: 90 }, { latestRevision: true, percent: 10, tag: 'latest' }] }), ksvc('other')),
    fail: k(ksvc('hello', { traffic: [{ revisionName: 'hello-v1', percent: 80, tag: 'x' }, { latestRevision: true, percent: 30, tag: 'x' }] })),
    message: 'traffic percentages add up to 110',
  },
  'knative-scale-bounds': {
    pass: k(ksvc('a', {}, { 'autoscaling.knative.dev/min-scale': '2', 'autoscaling.knative.dev/max-scale': '5' }), ksvc('b', {}, { 'autoscaling.knative.dev/min-scale': '3', 'autoscaling.knative.dev/max-scale': '0' })),
    fail: k(ksvc('a', {}, { 'autoscaling.knative.dev/min-scale': '6', 'autoscaling.knative.dev/max-scale': '5' })), message: 'min-scale 6 is greater than max-scale 5',
  },
  'openfaas-gateway-secured': {
    pass: [...helm(securedOpenFaas), ...helm({ serviceType: 'NodePort' }, 'bitnami/nginx')],
    // The book's install: chart defaults (NodePort, exposed) and no auth.
    fail: helm({ basic_auth: false, rbac: false, ingress: { enabled: true, hosts: [{ host: 'gw.example.com' }] } }),
    message: 'basic_auth is false: the gateway and UI accept anyone',
  },
  'faas-control-plane-exposed': {
    pass: k(service({ app: 'gateway' }), service({ app: 'web' }, { type: 'LoadBalancer' })),
    fail: k(obj('v1', 'Service', 'gateway-lb', 'default', { spec: { type: 'LoadBalancer', selector: { app: 'gateway' }, ports: [{ port: 8080 }] } })),
    message: 'the LoadBalancer Service publishes the pods app=gateway outside the cluster',
  },
};

describe('built-in checks', () => {
  test('there are at least 40, each with an id, description, remediation, severity and kinds, and each has a case here', () => {
    expect(BUILTIN_CHECKS.length).toBeGreaterThanOrEqual(40);
    for (const c of BUILTIN_CHECKS) {
      expect([c.id, c.description.length > 10, c.remediation.length > 10, ['error', 'warning'].includes(c.severity), c.kinds.length > 0])
        .toEqual([c.id, true, true, true, true]);
    }
    expect(Object.keys(CASES).sort()).toEqual(BUILTIN_CHECKS.map((c) => c.id).sort());
  });

  describe.each(BUILTIN_CHECKS.map((c) => [c.id, c] as const))('%s', (id, check) => {
    const c = CASES[id];

    test('passes a compliant object', () => {
      expect(runPolicy(c.pass, { checks: [check] }).findings).toEqual([]);
    });

    test('reports a violating one', () => {
      const findings = runPolicy(c.fail, { checks: [check] }).findings;
      expect(findings.length).toBeGreaterThan(0);
      expect(findings.every((f) => f.checkId === id && f.severity === check.severity && f.remediation === check.remediation)).toBe(true);
      expect(findings.map((f) => f.message).join('\n')).toContain(c.message);
    });
  });
});
