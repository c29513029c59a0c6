// The expected outcomes of the peers' own fixtures (/work/shared/peer-policy-fixtures), as data for
// bench/peer-parity.ts. Facts only, written here by reading the fixtures and the peers' tests:
//  - Polaris: from the file names, as its schema test does (success*.yaml must pass, failure*.yaml must fail);
//  - kube-score: from the testdata file names and content, and the grades its score/*_test.go expects (a grade
//    below "all OK", warnings included, counts as flagged);
//  - kube-linter: per object, from the objects its e2e bats test expects to be reported for each
//    tests/checks/<check>.yml, and the fixtures' own "fire" / "dont-fire" names.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PeerTool } from '../lib/policy/peers';
import { KUBE_LINTER_CASES } from './peer-cases-kube-linter';

export { KUBE_LINTER_CASES, KUBE_LINTER_NOT_CHECKS } from './peer-cases-kube-linter';

/** Which object(s) of a fixture file a case is about; all given fields must match. */
export interface ObjectSelector {
  readonly kind: string;
  readonly name?: string;
  readonly apiVersion?: string;
  /** Index of the YAML document in the file (for objects that share kind and name). */
  readonly doc?: number;
  /** A container of the object: only findings whose message names it (`"<name>"`) count. */
  readonly container?: string;
}

/** One expectation: the peer check must flag (fail) or must not flag (pass) the file, or the selected object. */
export interface PeerCase {
  readonly tool: PeerTool;
  readonly check: string;
  /** Path relative to the fixtures folder. */
  readonly file: string;
  readonly expect: 'fail' | 'pass';
  /** The object the expectation is about; the whole file when absent. */
  readonly object?: ObjectSelector;
  /** Why the case is not measured (counted as skipped). */
  readonly skip?: string;
}

const KS = 'kube-score/score/testdata/';

function ks(file: string, check: string, expect: 'fail' | 'pass', skip?: string): PeerCase {
  return { tool: 'kube-score', check, file: KS + file, expect, skip };
}

/** kube-score: one case per (file, check). */
export const KUBE_SCORE_CASES: readonly PeerCase[] = [
  ...['all-ok.yaml'].flatMap((f) => ['container-image-tag', 'container-image-pull-policy', 'container-resources', 'pod-probes', 'pod-probes-identical',
    'pod-networkpolicy', 'container-security-context-privileged', 'container-security-context-user-group-id',
    'container-security-context-readonlyrootfilesystem'].map((c) => ks(f, c, 'pass'))),
  ks('cronjob-batchv1-deadline-not-set.yaml', 'cronjob-has-deadline', 'fail'),
  ks('cronjob-batchv1-deadline-set.yaml', 'cronjob-has-deadline', 'pass'),
  ks('cronjob-batchv1beta1-deadline-not-set.yaml', 'cronjob-has-deadline', 'fail'),
  ks('cronjob-batchv1beta1-deadline-set.yaml', 'cronjob-has-deadline', 'pass'),
  ks('cronjob-batchv1-restartpolicy-invalid.yaml', 'cronjob-restartpolicy', 'fail'),
  ks('cronjob-batchv1-restartpolicy-not-set.yaml', 'cronjob-restartpolicy', 'fail'),
  ks('cronjob-batchv1-restartpolicy-valid.yaml', 'cronjob-restartpolicy', 'pass'),
  ks('cronjob-batchv1beta1-restartpolicy-invalid.yaml', 'cronjob-restartpolicy', 'fail'),
  ks('cronjob-batchv1beta1-restartpolicy-not-set.yaml', 'cronjob-restartpolicy', 'fail'),
  ks('cronjob-batchv1beta1-restartpolicy-valid.yaml', 'cronjob-restartpolicy', 'pass'),
  ks('cronjob-batchv1.yaml', 'stable-version', 'pass'),
  ks('cronjob-batchv1beta1.yaml', 'stable-version', 'fail'),
  ks('daemonset-appsv1.yaml', 'stable-version', 'pass'),
  ks('daemonset-appsv1beta2.yaml', 'stable-version', 'fail'),
  ks('daemonset-extensionsv1beta1.yaml', 'stable-version', 'fail'),
  ks('deployment-appsv1beta1.yaml', 'stable-version', 'fail'),
  ks('deployment-appsv1beta2.yaml', 'stable-version', 'fail'),
  ks('deployment-extensions-v1beta1.yaml', 'stable-version', 'fail'),
  ks('statefulset-appsv1beta1.yaml', 'stable-version', 'fail'),
  ks('statefulset-appsv1beta2.yaml', 'stable-version', 'fail'),
  ks('deployment-host-antiaffinity-1-replica.yaml', 'deployment-has-host-podantiaffinity', 'pass'),
  ks('deployment-host-antiaffinity-not-set.yaml', 'deployment-has-host-podantiaffinity', 'fail'),
  ks('deployment-host-antiaffinity-preffered-selector-expression.yaml', 'deployment-has-host-podantiaffinity', 'pass'),
  ks('deployment-host-antiaffinity-preffered-selector-no-match.yaml', 'deployment-has-host-podantiaffinity', 'fail'),
  ks('deployment-host-antiaffinity-preffered.yaml', 'deployment-has-host-podantiaffinity', 'pass'),
  ks('deployment-host-antiaffinity-required.yaml', 'deployment-has-host-podantiaffinity', 'pass'),
  ks('statefulset-host-antiaffinity-1-replica.yaml', 'statefulset-has-host-podantiaffinity', 'pass'),
  ks('statefulset-host-antiaffinity-not-set.yaml', 'statefulset-has-host-podantiaffinity', 'fail'),
  ks('statefulset-host-antiaffinity-preffered.yaml', 'statefulset-has-host-podantiaffinity', 'pass'),
  ks('statefulset-host-antiaffinity-required.yaml', 'statefulset-has-host-podantiaffinity', 'pass'),
  ks('statefulset-host-antiaffinity-undefined-replicas.yaml', 'statefulset-has-host-podantiaffinity', 'fail'),
  ks('deployment-poddisruptionbudget-v1-different-namespace.yaml', 'deployment-has-poddisruptionbudget', 'fail'),
  ks('deployment-poddisruptionbudget-v1-matches.yaml', 'deployment-has-poddisruptionbudget', 'pass'),
  ks('deployment-poddisruptionbudget-v1-no-match.yaml', 'deployment-has-poddisruptionbudget', 'fail'),
  ks('deployment-poddisruptionbudget-v1-no-policy.yaml', 'poddisruptionbudget-has-policy', 'fail'),
  ks('deployment-poddisruptionbudget-v1beta1-expression-matches.yaml', 'deployment-has-poddisruptionbudget', 'pass'),
  ks('deployment-poddisruptionbudget-v1beta1-expression-no-match.yaml', 'deployment-has-poddisruptionbudget', 'fail'),
  ks('deployment-poddisruptionbudget-v1beta1-matches.yaml', 'deployment-has-poddisruptionbudget', 'pass'),
  ks('deployment-poddisruptionbudget-v1beta1-no-match.yaml', 'deployment-has-poddisruptionbudget', 'fail'),
  ks('deployment-poddisruptionbudget-v1beta1-no-policy.yaml', 'poddisruptionbudget-has-policy', 'fail'),
  ks('statefulset-poddisruptionbudget-v1beta1-expression-matches.yaml', 'statefulset-has-poddisruptionbudget', 'pass'),
  ks('statefulset-poddisruptionbudget-v1beta1-expression-no-match.yaml', 'statefulset-has-poddisruptionbudget', 'fail'),
  ks('statefulset-poddisruptionbudget-v1beta1-matches.yaml', 'statefulset-has-poddisruptionbudget', 'pass'),
  ks('statefulset-poddisruptionbudget-v1beta1-no-match.yaml', 'statefulset-has-poddisruptionbudget', 'fail'),
  ks('deployment-test-resources.yaml', 'container-resources', 'fail'),
  ks('statefulset-test-resources.yaml', 'container-resources', 'fail'),
  ks('pod-test-resources-limits-and-requests.yaml', 'container-resources', 'pass'),
  ks('pod-test-resources-limits-and-requests-no-cpu-limit.yaml', 'container-resources', 'fail'),
  ks('pod-test-resources-no-limits.yaml', 'container-resources', 'fail'),
  ks('pod-test-resources-none.yaml', 'container-resources', 'fail'),
  ks('pod-test-resources-only-limits.yaml', 'container-resources', 'fail'),
  ks('pod-test-resources-no-limits-annotation-optional.yaml', 'container-resources', 'fail', 'tests an optional check enabled by annotation'),
  ks('deployment-with-hpa-has-replicas.yaml', 'deployment-targeted-by-hpa-does-not-have-replicas-configured', 'fail'),
  ks('deployment-with-hpa-not-has-replicas.yaml', 'deployment-targeted-by-hpa-does-not-have-replicas-configured', 'pass'),
  ks('hpa-autoscalingv1-targets-deployment.yaml', 'horizontalpodautoscaler-has-target', 'pass'),
  ks('hpa-autoscalingv2-targets-deployment.yaml', 'horizontalpodautoscaler-has-target', 'pass'),
  ks('hpa-autoscalingv2beta1-targets-deployment.yaml', 'horizontalpodautoscaler-has-target', 'pass'),
  ks('hpa-autoscalingv2beta2-targets-deployment.yaml', 'horizontalpodautoscaler-has-target', 'pass'),
  ks('hpa-target-deployment.yaml', 'horizontalpodautoscaler-has-target', 'pass'),
  ks('hpa-has-no-target.yaml', 'horizontalpodautoscaler-has-target', 'fail'),
  ks('hpa-min-replicas-nok.yaml', 'horizontalpodautoscaler-replicas', 'fail'),
  ks('hpa-min-replicas-ok.yaml', 'horizontalpodautoscaler-replicas', 'pass'),
  ks('ingress-networkingv1-targets-service.yaml', 'ingress-targets-service', 'pass'),
  ks('ingress-networkingv1-targets-service-no-match.yaml', 'ingress-targets-service', 'fail'),
  ks('ingress-networkingv1beta1-targets-service.yaml', 'ingress-targets-service', 'pass'),
  ks('ingress-networkingv1beta1-targets-service-no-match.yaml', 'ingress-targets-service', 'fail'),
  ks('ingress-targets-service.yaml', 'ingress-targets-service', 'pass'),
  ks('ingress-targets-service-no-match.yaml', 'ingress-targets-service', 'fail'),
  ks('ingress-v1-invalid-backend.yaml', 'ingress-targets-service', 'fail', 'malformed input (a v1beta1 backend in a v1 Ingress): tests that kube-score does not crash'),
  ks('ingress_issue363.yaml', 'ingress-targets-service', 'fail', 'malformed input: tests that kube-score does not crash'),
  ks('ingress_issue388.yaml', 'ingress-targets-service', 'pass'),
  ks('networkpolicy-cronjob-matching.yaml', 'pod-networkpolicy', 'pass'),
  ks('networkpolicy-cronjob-not-matching-selector.yaml', 'pod-networkpolicy', 'fail'),
  ks('networkpolicy-cronjob-not-matching-selector.yaml', 'networkpolicy-targets-pod', 'fail'),
  ks('networkpolicy-deployment-matching.yaml', 'pod-networkpolicy', 'pass'),
  ks('networkpolicy-deployment-matching.yaml', 'networkpolicy-targets-pod', 'pass'),
  ks('networkpolicy-deployment-not-matching-selector.yaml', 'pod-networkpolicy', 'fail'),
  ks('networkpolicy-deployment-not-matching-selector.yaml', 'networkpolicy-targets-pod', 'fail'),
  ks('networkpolicy-matching-only-egress.yaml', 'pod-networkpolicy', 'fail'),
  ks('networkpolicy-matching-only-ingress.yaml', 'pod-networkpolicy', 'fail'),
  ks('networkpolicy-matching.yaml', 'pod-networkpolicy', 'pass'),
  ks('networkpolicy-not-matching.yaml', 'pod-networkpolicy', 'fail'),
  ks('networkpolicy-statefulset-matching.yaml', 'pod-networkpolicy', 'pass'),
  ks('networkpolicy-statefulset-not-matching-selector.yaml', 'pod-networkpolicy', 'fail'),
  ks('networkpolicy-targets-all-pods.yaml', 'networkpolicy-targets-pod', 'pass'),
  ks('networkpolicy-targets-pod-deployment.yaml', 'networkpolicy-targets-pod', 'pass'),
  ks('networkpolicy-targets-pod-not-matching.yaml', 'networkpolicy-targets-pod', 'fail'),
  ks('networkpolicy-targets-pod.yaml', 'networkpolicy-targets-pod', 'pass'),
  ks('pod-container-ports-duplicate-names.yaml', 'container-ports-check', 'fail'),
  ks('pod-container-ports-missing-containerport.yaml', 'container-ports-check', 'fail'),
  ks('pod-container-ports-name-too-long.yaml', 'container-ports-check', 'fail'),
  ks('pod-container-ports-ok.yaml', 'container-ports-check', 'pass'),
  ks('pod-env-duplicated.yaml', 'environment-variable-key-duplication', 'fail'),
  ks('pod-env-ok.yaml', 'environment-variable-key-duplication', 'pass'),
  ks('pod-ephemeral-storage-missing-limit.yaml', 'container-ephemeral-storage-request-and-limit', 'fail'),
  ks('pod-ephemeral-storage-missing-request.yaml', 'container-ephemeral-storage-request-and-limit', 'fail'),
  ks('pod-ephemeral-storage-request-matches-limit.yaml', 'container-ephemeral-storage-request-and-limit', 'pass'),
  ks('pod-ephemeral-storage-request-nomatch-limit.yaml', 'container-ephemeral-storage-request-and-limit', 'pass'),
  ks('pod-image-pullpolicy-always.yaml', 'container-image-pull-policy', 'pass'),
  ks('pod-image-pullpolicy-never.yaml', 'container-image-pull-policy', 'fail'),
  ks('pod-image-pullpolicy-undefined-latest-tag.yaml', 'container-image-pull-policy', 'pass'),
  ks('pod-image-pullpolicy-undefined-no-tag.yaml', 'container-image-pull-policy', 'pass'),
  ks('pod-image-pullpolicy-undefined.yaml', 'container-image-pull-policy', 'fail'),
  ks('pod-image-tag-fixed.yaml', 'container-image-tag', 'pass'),
  ks('pod-image-tag-latest.yaml', 'container-image-tag', 'fail'),
  ks('pod-probes-all-missing.yaml', 'pod-probes', 'fail'),
  ks('pod-probes-both.yaml', 'pod-probes', 'pass'),
  ks('pod-probes-both.yaml', 'pod-probes-identical', 'pass'),
  ks('pod-probes-identical-exec.yaml', 'pod-probes-identical', 'fail'),
  ks('pod-probes-identical-http.yaml', 'pod-probes-identical', 'fail'),
  ks('pod-probes-identical-tcp.yaml', 'pod-probes-identical', 'fail'),
  ks('pod-probes-missing-live.yaml', 'pod-probes', 'fail'),
  ks('pod-probes-missing-ready.yaml', 'pod-probes', 'fail'),
  ks('pod-probes-not-targeted-by-service-multi-labels.yaml', 'pod-probes', 'pass'),
  ks('pod-probes-not-targeted-by-service.yaml', 'pod-probes', 'pass'),
  ks('pod-probes-on-different-containers-init.yaml', 'pod-probes', 'pass'),
  ks('pod-probes-on-different-containers.yaml', 'pod-probes', 'pass'),
  ks('pod-probes-targeted-by-service-different-namespace.yaml', 'pod-probes', 'pass'),
  ks('pod-probes-targeted-by-service-same-namespace-multi-labels.yaml', 'pod-probes', 'fail'),
  ks('pod-probes-targeted-by-service-same-namespace.yaml', 'pod-probes', 'fail'),
  ks('pod-probes-targeted-by-service.yaml', 'pod-probes', 'fail'),
  ks('pod-seccomp-annotated.yaml', 'container-seccomp-profile', 'pass', 'the seccomp annotations were removed from Kubernetes (1.27); keelson reads securityContext.seccompProfile only'),
  ks('pod-seccomp-container-securecontext-ok.yaml', 'container-seccomp-profile', 'pass'),
  ks('pod-seccomp-container-securecontext-warning.yaml', 'container-seccomp-profile', 'fail'),
  ks('pod-seccomp-no-annotation.yaml', 'container-seccomp-profile', 'fail'),
  ks('pod-seccomp-securecontext-ok.yaml', 'container-seccomp-profile', 'pass'),
  ks('pod-seccomp-securecontext-warning.yaml', 'container-seccomp-profile', 'fail'),
  ...['container-security-context-user-group-id', 'container-security-context-privileged', 'container-security-context-readonlyrootfilesystem']
    .flatMap((c) => [ks('pod-security-context-all-good.yaml', c, 'pass'), ks('pod-security-context-nosecuritycontext.yaml', c, 'fail')]),
  ks('pod-security-context-high-ids.yaml', 'container-security-context-user-group-id', 'pass'),
  ks('pod-security-context-low-group-id.yaml', 'container-security-context-user-group-id', 'fail'),
  ks('pod-security-context-low-user-id.yaml', 'container-security-context-user-group-id', 'fail'),
  ks('pod-security-context-privileged.yaml', 'container-security-context-privileged', 'fail'),
  ks('pod-security-context-writeablerootfilesystem.yaml', 'container-security-context-readonlyrootfilesystem', 'fail'),
  ks('security-inherit-pod-security-context.yaml', 'container-security-context-user-group-id', 'pass'),
  ks('pod-topology-spread-constraints-invalid-maxskew.yaml', 'pod-topology-spread-constraints', 'fail'),
  ks('pod-topology-spread-constraints-invalid-mindomains.yaml', 'pod-topology-spread-constraints', 'fail'),
  ks('pod-topology-spread-constraints-invalid-whenunsatisfiable.yaml', 'pod-topology-spread-constraints', 'fail'),
  ks('pod-topology-spread-constraints-no-labelselector.yaml', 'pod-topology-spread-constraints', 'fail'),
  ks('pod-topology-spread-constraints-no-topologykey.yaml', 'pod-topology-spread-constraints', 'fail'),
  ks('pod-topology-spread-constraints-one-constraint.yaml', 'pod-topology-spread-constraints', 'pass'),
  ks('pod-topology-spread-constraints-two-constraints.yaml', 'pod-topology-spread-constraints', 'pass'),
  ks('service-externalname.yaml', 'service-targets-pod', 'pass'),
  ks('service-not-target-deployment.yaml', 'service-targets-pod', 'fail'),
  ks('service-not-target-pod-multi-label.yaml', 'service-targets-pod', 'fail'),
  ks('service-not-target-pod.yaml', 'service-targets-pod', 'fail'),
  ks('service-target-deployment-different-namespace.yaml', 'service-targets-pod', 'fail'),
  ks('service-target-deployment-same-namespace.yaml', 'service-targets-pod', 'pass'),
  ks('service-target-deployment.yaml', 'service-targets-pod', 'pass'),
  ks('service-target-pod-different-namespace.yaml', 'service-targets-pod', 'fail'),
  ks('service-target-pod-multi-label.yaml', 'service-targets-pod', 'pass'),
  ks('service-target-pod-same-namespace.yaml', 'service-targets-pod', 'pass'),
  ks('service-target-pod.yaml', 'service-targets-pod', 'pass'),
  ks('service-target-deployment-not-rolling.yaml', 'deployment-strategy', 'fail'),
  ks('service-target-deployment-strategy-not-set.yaml', 'deployment-strategy', 'pass'),
  ks('service-target-deployment-replica-1.yaml', 'deployment-replicas', 'fail'),
  ks('service-type-clusterip.yaml', 'service-type', 'pass'),
  ks('service-type-default.yaml', 'service-type', 'pass'),
  ks('service-type-nodeport.yaml', 'service-type', 'fail'),
  ks('statefulset-different-labels.yaml', 'statefulset-pod-selector-labels-match-template-metadata-labels', 'fail'),
  ks('statefulset-service-name.yaml', 'statefulset-has-servicename', 'pass'),
  ks('statefulset-service-name-different-label.yaml', 'statefulset-has-servicename', 'fail'),
  ks('statefulset-service-name-different-name.yaml', 'statefulset-has-servicename', 'fail'),
  ks('statefulset-service-name-different-namespace.yaml', 'statefulset-has-servicename', 'fail'),
  ks('statefulset-service-name-not-headless.yaml', 'statefulset-has-servicename', 'fail'),
];

/** kube-score testdata that tests the tool itself (parsing, ignore annotations, output), not a check. */
export const KUBE_SCORE_NOT_CHECKS: Record<string, string> = {
  'configmap-multi-dash.yaml': 'parser test',
  'ignore-annotation-service.yaml': 'tests the kube-score.com/ignore annotation',
  'job-batchv1.yaml': 'parser test',
  'kube-score-ignore-annotations.yaml': 'tests the kube-score.com/ignore annotation',
  'linenumbers-helm.yaml': 'tests line numbers in the output',
  'linenumbers.yaml': 'tests line numbers in the output',
  'list.yaml': 'tests List parsing',
  'statefulset-nested-ignores.yaml': 'tests nested ignore annotations',
  'pod-container-memory-requests.yaml': 'an optional check (container-memory-requests-equal-limits)',
  'pod-container-memory-requests-annotation-optional.yaml': 'an optional check enabled by annotation',
  'pod-container-ports-missing-containerport-annotation-optional.yaml': 'an optional check enabled by annotation',
  'pod-ephemeral-storage-annotation-ignore.yaml': 'tests the kube-score.com/ignore annotation',
  'pod-ephemeral-storage-request-nomatch-limit-annotation-optional.yaml': 'an optional check enabled by annotation',
  'pod-seccomp-annotated-annotation-optional.yaml': 'an optional check enabled by annotation',
  'helm/app1/Chart.yaml': 'a Helm chart (needs rendering)',
};

/** Polaris: success*.yaml must pass, failure*.yaml must fail, as its schema test reads them. */
/** Fixture folders of Polaris named otherwise than the check in its default configuration. */
const POLARIS_FOLDER_CHECK: Record<string, string> = {
  pdbMinAvailableGreaterThanHPAMinReplicas: 'pdbMinAvailableGreaterThanOrEqualToHPAMinReplicas',
};

export function polarisCases(root: string): PeerCase[] {
  const dir = path.join(root, 'polaris/test/checks');
  if (!fs.existsSync(dir)) {
    return [];
  }
  return fs.readdirSync(dir).sort().flatMap((folder) => fs.readdirSync(path.join(dir, folder)).sort().map((f): PeerCase => {
    const check = POLARIS_FOLDER_CHECK[folder] ?? folder;
    const file = `polaris/test/checks/${folder}/${f}`;
    if (/^success/.test(f)) {
      return { tool: 'Polaris', check, file, expect: 'pass' };
    }
    if (/^failure/.test(f)) {
      return { tool: 'Polaris', check, file, expect: 'fail' };
    }
    return { tool: 'Polaris', check, file, expect: 'pass', skip: /^mutated/.test(f) ? 'the output of a Polaris mutation' : 'a custom check definition' };
  }));
}

/** Every case: Polaris derived from the file names, kube-score and kube-linter from the tables above. */
export function allPeerCases(root: string): PeerCase[] {
  return [...polarisCases(root), ...KUBE_SCORE_CASES, ...KUBE_LINTER_CASES];
}
