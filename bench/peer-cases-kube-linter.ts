// kube-linter's expected outcomes, per object of tests/checks/<check>.yml: the objects its e2e bats test
// (e2etests/bats-tests.sh) expects to be reported, and the fixtures' own "fire" / "dont-fire" names. See peer-cases.ts.
import type { ObjectSelector, PeerCase } from './peer-cases';

const KL = 'kube-linter/tests/checks/';
const OPENSHIFT = 'OpenShift DeploymentConfig: keelson checks Kubernetes kinds only';

function kl(file: string, check: string, expect: 'fail' | 'pass', object: ObjectSelector, skip?: string): PeerCase {
  return { tool: 'kube-linter', check, file: KL + file, expect, object, skip };
}
const dc = (name: string, check: string, file: string, expect: 'fail' | 'pass') => kl(file, check, expect, { kind: 'DeploymentConfig', name }, OPENSHIFT);
/** The common kube-linter layout: Deployment and DeploymentConfig "dont-fire" pass, the others fail. */
function firePair(file: string, check: string, fire: [string, string] = ['app', 'app']): PeerCase[] {
  return [
    kl(file, check, 'pass', { kind: 'Deployment', name: 'dont-fire' }),
    dc('dont-fire', check, file, 'pass'),
    kl(file, check, 'fail', { kind: 'Deployment', name: fire[0] }),
    dc(fire[1], check, file, 'fail'),
  ];
}

/** kube-linter: one case per object (or container) of tests/checks/<check>.yml. */
export const KUBE_LINTER_CASES: readonly PeerCase[] = [
  kl('access-to-create-pods.yml', 'access-to-create-pods', 'fail', { kind: 'RoleBinding', name: 'role-binding1' }),
  kl('access-to-create-pods.yml', 'access-to-create-pods', 'pass', { kind: 'Role', name: 'dont-fire' }),
  kl('access-to-secrets.yml', 'access-to-secrets', 'fail', { kind: 'RoleBinding', name: 'role-binding1' }),
  kl('access-to-secrets.yml', 'access-to-secrets', 'pass', { kind: 'Role', name: 'dont-fire' }),
  kl('cluster-admin-role-binding.yml', 'cluster-admin-role-binding', 'fail', { kind: 'ClusterRoleBinding', name: 'role-binding1' }),
  kl('cluster-admin-role-binding.yml', 'cluster-admin-role-binding', 'pass', { kind: 'ClusterRoleBinding', name: 'dont-fire' }),
  kl('dangling-hpa.yml', 'dangling-horizontalpodautoscaler', 'fail', { kind: 'HorizontalPodAutoscaler', name: 'hpa1' }),
  kl('dangling-hpa.yml', 'dangling-horizontalpodautoscaler', 'pass', { kind: 'HorizontalPodAutoscaler', name: 'RELEASE-NAME-mychart' }),
  ...['missing-service', 'bad-port'].map((name) => kl('dangling-ingress.yml', 'dangling-ingress', 'fail', { kind: 'Ingress', name })),
  ...['dont-fire', 'dont-fire-named-port', 'dont-fire-defaultbackend', 'dont-fire-resource']
    .map((name) => kl('dangling-ingress.yml', 'dangling-ingress', 'pass', { kind: 'Ingress', name })),
  kl('dangling-networkpolicy.yml', 'dangling-networkpolicy', 'fail', { kind: 'NetworkPolicy', name: 'app' }),
  kl('dangling-networkpolicypeer-podselector.yml', 'dangling-networkpolicypeer-podselector', 'fail', { kind: 'NetworkPolicy', name: 'app' }),
  kl('dangling-service.yml', 'dangling-service', 'pass', { kind: 'Service', name: 'dont-fire' }),
  kl('dangling-service.yml', 'dangling-service', 'fail', { kind: 'Service', name: 'app1' }),
  kl('dangling-service.yml', 'dangling-service', 'fail', { kind: 'Service', name: 'app2' }),
  kl('dangling-servicemonitor.yml', 'dangling-servicemonitor', 'pass', { kind: 'ServiceMonitor', name: 'dont-fire' }),
  kl('dangling-servicemonitor.yml', 'dangling-servicemonitor', 'pass', { kind: 'ServiceMonitor', name: 'dont-fire2' }),
  kl('dangling-servicemonitor.yml', 'dangling-servicemonitor', 'fail', { kind: 'ServiceMonitor', name: 'app2' }),
  kl('dangling-servicemonitor.yml', 'dangling-servicemonitor', 'fail', { kind: 'ServiceMonitor', name: 'app1' }),
  ...firePair('default-service-account.yml', 'default-service-account'),
  ...firePair('deprecated-service-account-field.yml', 'deprecated-service-account-field'),
  kl('dnsconfig-options-ndots.yml', 'dnsconfig-options', 'pass', { kind: 'Deployment', name: 'dont-fire' }),
  ...['app1', 'app2', 'app3'].map((name) => kl('dnsconfig-options-ndots.yml', 'dnsconfig-options', 'fail', { kind: 'Deployment', name })),
  ...firePair('docker-sock.yml', 'docker-sock'),
  ...firePair('drop-net-raw-capability.yml', 'drop-net-raw-capability'),
  kl('duplicate-env-var.yaml', 'duplicate-env-var', 'fail', { kind: 'Deployment', container: 'fire-deployment' }),
  kl('duplicate-env-var.yaml', 'duplicate-env-var', 'pass', { kind: 'Deployment', container: 'dont-fire-deployment' }),
  kl('duplicate-env-var.yaml', 'duplicate-env-var', 'fail', { kind: 'StatefulSet', container: 'fire-stateful' }),
  kl('duplicate-env-var.yaml', 'duplicate-env-var', 'pass', { kind: 'StatefulSet', container: 'dont-fire-stateful' }),
  ...firePair('env-var-secret.yml', 'env-var-secret'),
  ...['should-fire-secret', 'should-fire-configmap', 'should-fire-missing-configmap', 'should-fire-missing-secret']
    .map((name) => kl('env-var-value-from.yml', 'env-var-value-from', 'fail', { kind: 'Deployment', name })),
  ...['should-pass-secret', 'should-pass-configmap'].map((name) => kl('env-var-value-from.yml', 'env-var-value-from', 'pass', { kind: 'Deployment', name })),
  kl('exposed-services.yml', 'exposed-services', 'fail', { kind: 'Service', name: 'app' }),
  kl('exposed-services.yml', 'exposed-services', 'pass', { kind: 'Service', name: 'dont-fire' }),
  ...firePair('host-ipc.yml', 'host-ipc'),
  ...firePair('host-network.yml', 'host-network'),
  ...firePair('host-pid.yml', 'host-pid'),
  kl('hpa-minimum-three-replicas.yml', 'hpa-minimum-three-replicas', 'fail', { kind: 'HorizontalPodAutoscaler', name: 'app' }),
  kl('hpa-minimum-three-replicas.yml', 'hpa-minimum-three-replicas', 'pass', { kind: 'HorizontalPodAutoscaler', name: 'dont-fire' }),
  kl('invalid-target-ports.yaml', 'invalid-target-ports', 'fail', { kind: 'Service', name: 'invalid-target-ports' }),
  kl('invalid-target-ports.yaml', 'invalid-target-ports', 'fail', { kind: 'Deployment', name: 'invalid-target-ports' }),
  ...['empty-ports', 'no-target-port'].flatMap((name) => ['Service', 'Deployment']
    .map((kind) => kl('invalid-target-ports.yaml', 'invalid-target-ports', 'pass', { kind, name }))),
  kl('job-ttl-seconds-after-finished.yaml', 'job-ttl-seconds-after-finished', 'fail', { kind: 'Job', name: 'bad-job' }),
  kl('job-ttl-seconds-after-finished.yaml', 'job-ttl-seconds-after-finished', 'pass', { kind: 'Job', name: 'good-job' }),
  kl('job-ttl-seconds-after-finished.yaml', 'job-ttl-seconds-after-finished', 'fail', { kind: 'CronJob', name: 'bad-cronjob' }),
  kl('job-ttl-seconds-after-finished.yaml', 'job-ttl-seconds-after-finished', 'pass', { kind: 'CronJob', name: 'good-cronjob' }),
  ...firePair('latest-tag.yml', 'latest-tag'),
  ...['fire-deployment-name', 'fire-deployment-int', 'fire-deployment-udp']
    .map((container) => kl('liveness-port.yml', 'liveness-port', 'fail', { kind: 'Deployment', container })),
  kl('liveness-port.yml', 'liveness-port', 'pass', { kind: 'Deployment', container: 'dont-fire-deployment' }),
  kl('liveness-port.yml', 'liveness-port', 'fail', { kind: 'StatefulSet', container: 'fire-stateful-name' }),
  kl('liveness-port.yml', 'liveness-port', 'pass', { kind: 'StatefulSet', container: 'dont-fire-stateful' }),
  ...firePair('minimum-three-replicas.yml', 'minimum-three-replicas'),
  ...firePair('mismatching-selector.yml', 'mismatching-selector', ['app1', 'app2']),
  ...firePair('no-anti-affinity.yml', 'no-anti-affinity', ['app1', 'app2']),
  kl('no-anti-affinity.yml', 'no-anti-affinity', 'fail', { kind: 'Deployment', name: 'fire-namespaced-with-namespaces-selector-not-matching' }),
  kl('no-anti-affinity.yml', 'no-anti-affinity', 'pass', { kind: 'Deployment', name: 'dont-fire-namespaced-without-namespaces-selector' }),
  kl('no-anti-affinity.yml', 'no-anti-affinity', 'pass', { kind: 'Deployment', name: 'dont-fire-namespaced-with-namespaces-selector' }),
  kl('no-extensions-v1beta.yml', 'no-extensions-v1beta', 'fail', { kind: 'NetworkPolicy', apiVersion: 'extensions/v1beta1' }),
  kl('no-extensions-v1beta.yml', 'no-extensions-v1beta', 'pass', { kind: 'NetworkPolicy', apiVersion: 'networking.k8s.io/v1' }),
  ...firePair('no-liveness-probe.yml', 'no-liveness-probe', ['app1', 'app2']),
  kl('no-node-affinity.yml', 'no-node-affinity', 'fail', { kind: 'Deployment', name: 'nginx-deployment' }),
  ...firePair('no-read-only-root-fs.yml', 'no-read-only-root-fs', ['app1', 'app2']),
  ...firePair('no-readiness-probe.yml', 'no-readiness-probe', ['app1', 'app2']),
  kl('no-rolling-update-strategy.yml', 'no-rolling-update-strategy', 'fail', { kind: 'Deployment', name: 'app1' }),
  kl('no-rolling-update-strategy.yml', 'no-rolling-update-strategy', 'pass', { kind: 'Deployment', name: 'app3' }),
  kl('non-existent-service-account.yml', 'non-existent-service-account', 'pass', { kind: 'Deployment', name: 'dont-fire' }),
  kl('non-existent-service-account.yml', 'non-existent-service-account', 'fail', { kind: 'Deployment', name: 'app' }),
  ...firePair('non-isolated-pod.yml', 'non-isolated-pod', ['app1', 'app2']),
  kl('pdb-max-unavailable.yaml', 'pdb-max-unavailable', 'fail', { kind: 'PodDisruptionBudget', name: 'foo' }),
  kl('pdb-max-unavailable.yaml', 'pdb-max-unavailable', 'pass', { kind: 'PodDisruptionBudget', name: 'baz' }),
  ...['baz', 'baz2', 'baz3'].map((name) => kl('pdb-min-available.yaml', 'pdb-min-available', 'fail', { kind: 'PodDisruptionBudget', name })),
  kl('pdb-unhealthy-pod-eviction-policy.yaml', 'pdb-unhealthy-pod-eviction-policy', 'fail', { kind: 'PodDisruptionBudget', name: 'fire' }),
  kl('pdb-unhealthy-pod-eviction-policy.yaml', 'pdb-unhealthy-pod-eviction-policy', 'pass', { kind: 'PodDisruptionBudget', name: 'dont-fire-1' }),
  kl('pdb-unhealthy-pod-eviction-policy.yaml', 'pdb-unhealthy-pod-eviction-policy', 'pass', { kind: 'PodDisruptionBudget', name: 'dont-fire-2' }),
  ...['Deployment', 'Pod', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob'].flatMap((kind) => [
    kl('priority-class-name.yaml', 'priority-class-name', 'fail', { kind, name: `fire-${kind.toLowerCase()}` }),
    kl('priority-class-name.yaml', 'priority-class-name', 'pass', { kind, name: `dont-fire-${kind.toLowerCase()}` }),
  ]),
  ...firePair('privilege-escalation-container.yml', 'privilege-escalation-container', ['app1', 'app2']),
  ...firePair('privileged-container.yml', 'privileged-container', ['app1', 'app2']),
  ...firePair('privileged-ports.yml', 'privileged-ports', ['app1', 'app2']),
  kl('read-secret-from-env-var.yml', 'read-secret-from-env-var', 'fail', { kind: 'Deployment', name: 'app1' }),
  ...['fire-deployment-name', 'fire-deployment-int', 'fire-deployment-udp', 'fire-deployment-grpc'].flatMap((container) => [
    kl('readiness-port.yml', 'readiness-port', 'fail', { kind: 'Deployment', container }),
    kl('startup-port.yml', 'startup-port', 'fail', { kind: 'Deployment', container }),
  ]),
  ...['dont-fire-deployment', 'dont-fire-deployment-grpc'].flatMap((container) => [
    kl('readiness-port.yml', 'readiness-port', 'pass', { kind: 'Deployment', container }),
    kl('startup-port.yml', 'startup-port', 'pass', { kind: 'Deployment', container }),
  ]),
  ...firePair('required-annotation-email.yml', 'required-annotation-email', ['app1', 'app2']),
  ...firePair('required-label-owner.yml', 'required-label-owner', ['app1', 'app2']),
  ...['Deployment', 'Pod', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob'].flatMap((kind) => [
    kl('restart-policy.yaml', 'restart-policy', 'fail', { kind, name: `fire-${kind.toLowerCase()}-never` }),
    kl('restart-policy.yaml', 'restart-policy', 'pass', { kind, name: `dont-fire-${kind.toLowerCase()}-always` }),
    kl('restart-policy.yaml', 'restart-policy', 'pass', { kind, name: `dont-fire-${kind.toLowerCase()}-on-failure` }),
  ]),
  ...firePair('run-as-non-root.yml', 'run-as-non-root', ['app1', 'app2']),
  kl('run-as-non-root.yml', 'run-as-non-root', 'pass', { kind: 'Deployment', name: 'group-zero' }),
  kl('scc-deny-privileged-container.yml', 'scc-deny-privileged-container', 'fail', { kind: 'SecurityContextConstraints', name: 'app1' }, 'OpenShift SecurityContextConstraints'),
  kl('sensitive-host-mounts.yml', 'sensitive-host-mounts', 'fail', { kind: 'Deployment', name: 'app1' }),
  ...firePair('ssh-port.yml', 'ssh-port', ['app1', 'app2']),
  kl('unsafe-proc-mount.yml', 'unsafe-proc-mount', 'fail', { kind: 'Deployment', name: 'app1' }),
  kl('unsafe-sysctls.yml', 'unsafe-sysctls', 'fail', { kind: 'Deployment', name: 'app1' }),
  kl('unset-cpu-requirements.yml', 'unset-cpu-requirements', 'fail', { kind: 'Deployment', name: 'app1' }),
  kl('unset-memory-requirements.yml', 'unset-memory-requirements', 'fail', { kind: 'Deployment', name: 'app1' }),
  kl('use-namespace.yml', 'use-namespace', 'fail', { kind: 'Deployment', name: 'app1' }),
  kl('use-namespace.yml', 'use-namespace', 'pass', { kind: 'Deployment', name: 'dont-fire' }),
  kl('wildcard-in-rules.yml', 'wildcard-in-rules', 'fail', { kind: 'Role', doc: 1 }),
  kl('wildcard-in-rules.yml', 'wildcard-in-rules', 'pass', { kind: 'Role', doc: 0 }),
  kl('writable-host-mount.yml', 'writable-host-mount', 'fail', { kind: 'Deployment', name: 'app1' }),
];

/** kube-linter fixtures that exercise configurable templates or tool features, not a built-in check's defaults. */
export const KUBE_LINTER_NOT_CHECKS: Record<string, string> = {
  'cel.yml': 'the CEL template, configured by e2etests/testdata/cel-config.yaml',
  'forbidden-annotation.yml': 'a template configured by e2etests/testdata/forbidden-annotation-config.yaml',
  'kubeconform.yml': 'schema validation (kubeconform), not a policy check',
  'sorted-keys.yaml': 'YAML key order, not a policy property',
  'statefulset-volumeclaimtemplate-annotation.yml': 'a template configured by e2etests/testdata',
};
