// A representative subset of the peers' own test fixtures (Polaris, kube-score, kube-linter), each read with the
// loader of `keelson check` and checked on its own. Every expectation is written here: the peer's verdict on the
// fixture, translated to the keelson check of the same intent. `npm run bench:peers` measures all of them.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ObjectSelector } from '../../../bench/peer-cases';
import { checkFixtureFile, flaggingFindings } from '../../../bench/peer-parity';

const FIXTURES = process.env.PEER_FIXTURES ?? path.join(__dirname, '../../../../shared/peer-policy-fixtures');

interface Case {
  /** Relative to the fixtures folder. */
  readonly file: string;
  /** The object (and container) the verdict is about; the whole file when absent. */
  readonly object?: ObjectSelector;
  /** keelson checks that must report it. */
  readonly flags?: readonly string[];
  /** keelson checks that must not report it. */
  readonly clean?: readonly string[];
}

const P = 'polaris/test/checks/';
const S = 'kube-score/score/testdata/';
const L = 'kube-linter/tests/checks/';

const CASES: readonly Case[] = [
  // Polaris: failure*.yaml must fail, success*.yaml must pass
  { file: `${P}hostIPCSet/failure.yaml`, flags: ['pss-host-namespaces'] },
  { file: `${P}hostPathSet/failure.yaml`, flags: ['pss-host-path'] },
  { file: `${P}hostPathSet/success.yaml`, clean: ['pss-host-path'] },
  { file: `${P}hostPortSet/failure.yaml`, flags: ['pss-host-ports'] },
  { file: `${P}hostProcess/failure.container.yaml`, flags: ['pss-host-process'] },
  { file: `${P}procMount/failure.yaml`, flags: ['pss-proc-mount'] },
  { file: `${P}runAsPrivileged/failure.two_cont_one_unspecified.yaml`, flags: ['pss-privileged'] },
  { file: `${P}privilegeEscalationAllowed/failure.unspecified.yaml`, flags: ['pss-privilege-escalation'] },
  { file: `${P}dangerousCapabilities/failure.all.yaml`, flags: ['pss-capabilities-baseline'] },
  { file: `${P}dangerousCapabilities/success.yaml`, clean: ['pss-capabilities-baseline'] },
  { file: `${P}insecureCapabilities/success.drop.yaml`, clean: ['pss-capabilities-restricted'] },
  { file: `${P}tagNotSpecified/failure.latest.yaml`, flags: ['image-tag-pinned'] },
  { file: `${P}memoryLimitsMissing/failure.yaml`, flags: ['resources-memory-limit'] },
  { file: `${P}livenessProbeMissing/failure.yaml`, flags: ['probe-liveness'] },
  { file: `${P}automountServiceAccountToken/failure.uses_defaults.yaml`, flags: ['pod-automount-token'] },
  { file: `${P}automountServiceAccountToken/success.pod_and_serviceaccount.yaml`, clean: ['pod-automount-token', 'service-account-automount'] },
  { file: `${P}sensitiveContainerEnvVar/failure.key_aws_secret_access_key.yaml`, flags: ['env-secret-literal'] },
  { file: `${P}sensitiveContainerEnvVar/success.sensitive_key_uses_valueFrom.yaml`, clean: ['env-secret-literal'] },
  { file: `${P}pdbDisruptionsIsZero/failure.max.yaml`, flags: ['pdb-allows-disruption'] },
  { file: `${P}rolePodExecAttach/failure.exec_verb_wildcard.yaml`, flags: ['rbac-pods-exec'] },
  { file: `${P}rolePodExecAttach/success.exec_wrong_verb.yaml`, clean: ['rbac-pods-exec'] },
  { file: `${P}clusterrolebindingClusterAdmin/failure.wildcards.yaml`, flags: ['rbac-cluster-admin-binding'] },
  { file: `${P}clusterrolebindingClusterAdmin/success.explicit_verbs.yaml`, clean: ['rbac-cluster-admin-binding'] },
  // kube-score: testdata file names and the grades of its tests
  { file: `${S}pod-image-tag-latest.yaml`, flags: ['image-tag-pinned'] },
  { file: `${S}pod-image-tag-fixed.yaml`, clean: ['image-tag-pinned'] },
  { file: `${S}pod-test-resources-none.yaml`, flags: ['resources-cpu-request', 'resources-memory-request', 'resources-cpu-limit', 'resources-memory-limit'] },
  { file: `${S}pod-test-resources-limits-and-requests.yaml`, clean: ['resources-cpu-request', 'resources-memory-request', 'resources-cpu-limit', 'resources-memory-limit'] },
  { file: `${S}pod-probes-identical-http.yaml`, flags: ['probes-not-identical'] },
  { file: `${S}pod-probes-both.yaml`, clean: ['probes-not-identical', 'probe-liveness', 'probe-readiness'] },
  { file: `${S}pod-env-duplicated.yaml`, flags: ['env-duplicate'] },
  { file: `${S}service-not-target-pod.yaml`, flags: ['service-selects-pods'] },
  { file: `${S}service-target-deployment.yaml`, clean: ['service-selects-pods'] },
  { file: `${S}service-type-nodeport.yaml`, flags: ['service-node-port'] },
  { file: `${S}networkpolicy-targets-pod-not-matching.yaml`, flags: ['networkpolicy-selects-pods'] },
  { file: `${S}networkpolicy-not-matching.yaml`, flags: ['pod-network-policy'] },
  { file: `${S}hpa-has-no-target.yaml`, flags: ['hpa-target-exists'] },
  { file: `${S}deployment-with-hpa-has-replicas.yaml`, flags: ['hpa-target-replicas'] },
  { file: `${S}ingress-networkingv1-targets-service-no-match.yaml`, flags: ['ingress-backend-exists'] },
  { file: `${S}ingress-networkingv1-targets-service.yaml`, clean: ['ingress-backend-exists'] },
  { file: `${S}statefulset-service-name-not-headless.yaml`, flags: ['statefulset-headless-service'] },
  { file: `${S}statefulset-different-labels.yaml`, flags: ['workload-selector-matches'] },
  { file: `${S}deployment-host-antiaffinity-not-set.yaml`, flags: ['workload-spread'] },
  { file: `${S}deployment-extensions-v1beta1.yaml`, flags: ['removed-api-version'] },
  { file: `${S}pod-security-context-privileged.yaml`, flags: ['pss-privileged'] },
  // kube-linter: per object, as its e2e tests expect
  { file: `${L}host-pid.yml`, object: { kind: 'Deployment', name: 'app' }, flags: ['pss-host-namespaces'] },
  { file: `${L}host-pid.yml`, object: { kind: 'Deployment', name: 'dont-fire' }, clean: ['pss-host-namespaces'] },
  { file: `${L}latest-tag.yml`, object: { kind: 'Deployment', name: 'app' }, flags: ['image-tag-pinned'] },
  { file: `${L}latest-tag.yml`, object: { kind: 'Deployment', name: 'dont-fire' }, clean: ['image-tag-pinned'] },
  { file: `${L}env-var-secret.yml`, object: { kind: 'Deployment', name: 'app' }, flags: ['env-secret-literal'] },
  { file: `${L}env-var-secret.yml`, object: { kind: 'Deployment', name: 'dont-fire' }, clean: ['env-secret-literal'] },
  { file: `${L}privileged-container.yml`, object: { kind: 'Deployment', name: 'app1' }, flags: ['pss-privileged'] },
  { file: `${L}privileged-container.yml`, object: { kind: 'Deployment', name: 'dont-fire' }, clean: ['pss-privileged'] },
  { file: `${L}privilege-escalation-container.yml`, object: { kind: 'Deployment', name: 'app1' }, flags: ['pss-privilege-escalation'] },
  { file: `${L}run-as-non-root.yml`, object: { kind: 'Deployment', name: 'app1' }, flags: ['pss-run-as-non-root'] },
  { file: `${L}run-as-non-root.yml`, object: { kind: 'Deployment', name: 'dont-fire' }, clean: ['pss-run-as-non-root'] },
  { file: `${L}unsafe-sysctls.yml`, object: { kind: 'Deployment', name: 'app1' }, flags: ['pss-sysctls'] },
  { file: `${L}docker-sock.yml`, object: { kind: 'Deployment', name: 'app' }, flags: ['pss-host-path'] },
  { file: `${L}mismatching-selector.yml`, object: { kind: 'Deployment', name: 'app1' }, flags: ['workload-selector-matches'] },
  { file: `${L}mismatching-selector.yml`, object: { kind: 'Deployment', name: 'dont-fire' }, clean: ['workload-selector-matches'] },
  { file: `${L}dangling-service.yml`, object: { kind: 'Service', name: 'app1' }, flags: ['service-selects-pods'] },
  { file: `${L}dangling-service.yml`, object: { kind: 'Service', name: 'dont-fire' }, clean: ['service-selects-pods'] },
  { file: `${L}dangling-ingress.yml`, object: { kind: 'Ingress', name: 'bad-port' }, flags: ['ingress-backend-exists'] },
  { file: `${L}dangling-ingress.yml`, object: { kind: 'Ingress', name: 'dont-fire-named-port' }, clean: ['ingress-backend-exists'] },
  { file: `${L}dangling-hpa.yml`, object: { kind: 'HorizontalPodAutoscaler', name: 'hpa1' }, flags: ['hpa-target-exists'] },
  { file: `${L}no-extensions-v1beta.yml`, object: { kind: 'NetworkPolicy', apiVersion: 'extensions/v1beta1' }, flags: ['removed-api-version'] },
  { file: `${L}no-extensions-v1beta.yml`, object: { kind: 'NetworkPolicy', apiVersion: 'networking.k8s.io/v1' }, clean: ['removed-api-version'] },
  { file: `${L}pdb-max-unavailable.yaml`, object: { kind: 'PodDisruptionBudget', name: 'foo' }, flags: ['pdb-allows-disruption'] },
  { file: `${L}pdb-max-unavailable.yaml`, object: { kind: 'PodDisruptionBudget', name: 'baz' }, clean: ['pdb-allows-disruption'] },
  { file: `${L}pdb-unhealthy-pod-eviction-policy.yaml`, object: { kind: 'PodDisruptionBudget', name: 'fire' }, flags: ['pdb-unhealthy-eviction'] },
  { file: `${L}wildcard-in-rules.yml`, object: { kind: 'Role', doc: 1 }, flags: ['rbac-wildcard'] },
  { file: `${L}wildcard-in-rules.yml`, object: { kind: 'Role', doc: 0 }, clean: ['rbac-wildcard'] },
  { file: `${L}cluster-admin-role-binding.yml`, object: { kind: 'ClusterRoleBinding', name: 'role-binding1' }, flags: ['rbac-cluster-admin-binding'] },
  { file: `${L}use-namespace.yml`, object: { kind: 'Deployment', name: 'app1' }, flags: ['explicit-namespace'] },
  { file: `${L}use-namespace.yml`, object: { kind: 'Deployment', name: 'dont-fire' }, clean: ['explicit-namespace'] },

  // Handled since issue 16: unset replicas, both directions of isolation, Service-selected pods' readiness, valid spread
  // constraints, budgets without a policy, system:* roles of your own, private keys in env, objects without a name.
  { file: `${P}missingPodDisruptionBudget/failure.yaml`, flags: ['workload-disruption-budget'] },
  { file: `${P}missingPodDisruptionBudget/failure.no-labels.yaml`, flags: ['workload-disruption-budget'] },
  { file: `${P}topologySpreadConstraint/failure.nospreadconstraint.yaml`, flags: ['workload-spread'] },
  { file: `${S}deployment-poddisruptionbudget-v1-no-match.yaml`, flags: ['workload-disruption-budget'] },
  { file: `${S}statefulset-host-antiaffinity-undefined-replicas.yaml`, flags: ['workload-spread'] },
  { file: `${P}missingNetworkPolicy/failure.netpol_missing_egress_in_policytypes.yaml`, flags: ['pod-network-policy'] },
  { file: `${P}missingNetworkPolicy/success.yaml`, clean: ['pod-network-policy'] },
  { file: `${S}networkpolicy-matching-only-ingress.yaml`, flags: ['pod-network-policy'] },
  { file: `${S}networkpolicy-matching-only-egress.yaml`, flags: ['pod-network-policy'] },
  { file: `${S}networkpolicy-matching.yaml`, clean: ['pod-network-policy'] },
  { file: `${S}pod-probes-missing-ready.yaml`, flags: ['probe-readiness'] },
  { file: `${S}pod-probes-targeted-by-service.yaml`, flags: ['probe-readiness'] },
  { file: `${S}pod-topology-spread-constraints-invalid-maxskew.yaml`, flags: ['topology-spread-valid'] },
  { file: `${S}pod-topology-spread-constraints-invalid-mindomains.yaml`, flags: ['topology-spread-valid'] },
  { file: `${S}pod-topology-spread-constraints-invalid-whenunsatisfiable.yaml`, flags: ['topology-spread-valid'] },
  { file: `${S}pod-topology-spread-constraints-no-labelselector.yaml`, flags: ['topology-spread-valid'] },
  { file: `${S}pod-topology-spread-constraints-no-topologykey.yaml`, flags: ['topology-spread-valid'] },
  { file: `${S}pod-topology-spread-constraints-two-constraints.yaml`, clean: ['topology-spread-valid'] },
  { file: `${S}deployment-poddisruptionbudget-v1-no-policy.yaml`, flags: ['pdb-has-budget'] },
  { file: `${P}topologySpreadConstraint/success.yaml`, clean: ['workload-spread'] },
  { file: `${P}missingPodDisruptionBudget/success.yaml`, clean: ['workload-disruption-budget'] },
  { file: `${P}pdbDisruptionsIsZero/failure.either.yaml`, flags: ['pdb-allows-disruption'] },
  { file: `${P}pdbDisruptionsIsZero/success.none.yaml`, clean: ['pdb-allows-disruption'] },
  { file: `${P}clusterrolebindingPodExecAttach/failure.binding_to_system_prefix.yaml`, flags: ['rbac-pods-exec'] },
  { file: `${P}rolebindingClusterAdminClusterRole/failure.binding_to_system_prefix.yaml`, flags: ['rbac-cluster-admin-binding'] },
  { file: `${P}sensitiveContainerEnvVar/failure.value_private_key.yaml`, flags: ['env-secret-literal'] },
  { file: `${L}duplicate-env-var.yaml`, object: { kind: 'Deployment', container: 'fire-deployment' }, flags: ['env-duplicate'] },
  { file: `${L}readiness-port.yml`, object: { kind: 'Deployment', container: 'fire-deployment-grpc' }, flags: ['probe-port-exists'] },
  { file: `${L}pdb-min-available.yaml`, object: { kind: 'PodDisruptionBudget', name: 'baz' }, flags: ['pdb-allows-disruption'] },
  { file: `${L}invalid-target-ports.yaml`, object: { kind: 'Deployment', name: 'invalid-target-ports' }, flags: ['container-port-valid'] },
  { file: `${L}invalid-target-ports.yaml`, object: { kind: 'Deployment', name: 'no-target-port' }, clean: ['container-port-valid'] },
  { file: `${S}pod-container-ports-name-too-long.yaml`, flags: ['container-port-valid'] },
  { file: `${S}pod-container-ports-duplicate-names.yaml`, flags: ['container-port-valid'] },
  { file: `${S}pod-container-ports-ok.yaml`, clean: ['container-port-valid'] },
  { file: `${S}deployment-host-antiaffinity-preffered-selector-no-match.yaml`, flags: ['workload-spread'] },
  { file: `${S}statefulset-service-name-different-label.yaml`, flags: ['statefulset-headless-service'] },
  { file: `${L}no-anti-affinity.yml`, object: { kind: 'Deployment', name: 'fire-namespaced-with-namespaces-selector-not-matching' }, flags: ['workload-spread'] },
];

const present = fs.existsSync(FIXTURES);

describe('the peers\' own fixtures', () => {
  if (!present) {
    test.skip(`peer fixtures not found at ${FIXTURES} (set PEER_FIXTURES to run these)`, () => undefined);
    return;
  }

  const where = (c: Case) => `${c.file}${c.object ? ` ${JSON.stringify(c.object)}` : ''}`;

  test.each(CASES.filter((c) => c.flags).map((c) => [where(c), c] as const))('%s is flagged', (_, c) => {
    const result = checkFixtureFile(path.join(FIXTURES, c.file));
    for (const id of c.flags!) {
      expect({ id, flagged: flaggingFindings(result, [id], c.object).length > 0 }).toEqual({ id, flagged: true });
    }
  });

  test.each(CASES.filter((c) => c.clean).map((c) => [where(c), c] as const))('%s is not flagged', (_, c) => {
    const result = checkFixtureFile(path.join(FIXTURES, c.file));
    if (c.object) {
      // the verdict is about an object keelson must have read
      expect(result.objects.some((o) => o.object?.kind === c.object!.kind)).toBe(true);
    }
    for (const id of c.clean!) {
      expect({ id, findings: flaggingFindings(result, [id], c.object).map((f) => f.message) }).toEqual({ id, findings: [] });
    }
  });

  test('findings name the offending container', () => {
    const result = checkFixtureFile(path.join(FIXTURES, `${L}privileged-container.yml`));
    expect(flaggingFindings(result, ['pss-privileged'], { kind: 'Deployment', name: 'app1' }).map((f) => f.message))
      .toEqual([expect.stringContaining('"app"')]);
  });
});
