import * as fs from 'node:fs';
import * as path from 'node:path';
import { toYaml } from '../../../lib/output/yaml';
import { runCheckCli } from '../../../lib/policy/check-cli';
import { runPolicy } from '../../../lib/policy/engine';
import { BUILTIN_CHECKS } from '../../../lib/policy/registry';
import { annotationSuppressions } from '../../../lib/policy/suppressions';
import { PolicyTarget } from '../../../lib/policy/types';
import { tempDir } from '../../helpers/tmp';
import { ctr, deployment, denyAll, k, obj, pod, podOf, workload } from './fixtures';
import { limitRange, psaNamespace, quota } from './governance-cases';

/** The messages of one check over these targets, sorted. */
function findings(id: string, targets: PolicyTarget[]): string[] {
  const check = BUILTIN_CHECKS.find((c) => c.id === id)!;
  return runPolicy(targets, { checks: [check] }).findings.map((f) => f.message).sort();
}
const sorted = (messages: string[]) => [...messages].sort();

describe('limitrange-valid: what the API server refuses, with the defaults it fills in', () => {
  const lr = (...items: unknown[]) => findings('limitrange-valid', k(limitRange(items)));

  test('consistent items pass: defaults within bounds, ratios met, one item per type', () => {
    expect(lr(
      { type: 'Container', default: { 'cpu': '500m', 'memory': '512Mi', 'ephemeral-storage': '1Gi' }, defaultRequest: { cpu: 0.1, memory: '256Mi' },
        min: { cpu: '50m' }, max: { 'cpu': 2, 'memory': '2Gi', 'nvidia.com/gpu': 1, 'hugepages-2Mi': '1Gi' }, maxLimitRequestRatio: { cpu: 10 } },
      { type: 'Pod', max: { cpu: '4' } },
      { type: 'PersistentVolumeClaim', min: { storage: '1Gi' }, max: { storage: '100Gi' } },
    )).toEqual([]);
    expect(lr()).toEqual([]);
  });

  test('each refusal names the item, field, value and bound', () => {
    expect(lr({ type: 'Container', defaultRequest: { memory: '2Gi' }, max: { memory: '1Gi' } }))
      .toEqual(['Container defaultRequest.memory: got "2Gi"; expected at most Container max.memory ("1Gi")']);
    expect(lr({ type: 'Container', min: { cpu: '2' }, max: { cpu: '1' }, default: { cpu: '500m' } })).toEqual([
      'Container default.cpu: got "500m"; expected at least Container min.cpu ("2")',
      'Container min.cpu: got "2"; expected at most Container max.cpu ("1")',
    ]);
    expect(lr({ type: 'Container', default: { cpu: '200m' }, defaultRequest: { cpu: '300m' } }))
      .toEqual(['Container defaultRequest.cpu: got "300m"; expected at most Container default.cpu ("200m"), the default limit']);
    expect(lr({ type: 'Container', maxLimitRequestRatio: { memory: '0.5' } }))
      .toEqual(['Container maxLimitRequestRatio.memory: got "0.5"; expected a ratio of at least 1 (a limit is never below its request)']);
    expect(lr({ type: 'Pod', min: { cpu: '100m' }, max: { cpu: '500m' }, maxLimitRequestRatio: { cpu: 10 } }))
      .toEqual(['Pod maxLimitRequestRatio.cpu: got 10; expected at most 5, Pod max.cpu divided by Pod min.cpu']);
    // min and max alone make both defaults max (the default request is the default limit before it is min): ratio 1.
    expect(lr({ type: 'Container', min: { cpu: '100m' }, maxLimitRequestRatio: { cpu: 4 }, max: { cpu: '1' } })).toEqual([]);
    expect(lr({ type: 'Container', default: { cpu: '1' }, defaultRequest: { cpu: '100m' }, maxLimitRequestRatio: { cpu: 4 } })).toEqual([
      'Container maxLimitRequestRatio.cpu: got 4; expected at least 10, the default limit "1" over the default request "100m" (containers that take both defaults would be refused)',
    ]);
  });

  test('the API server\'s structural rules: Pod items have no defaults, a claim item needs min or max, types are unique, names and quantities are valid', () => {
    expect(lr({ type: 'Pod', default: { cpu: '1' } })).toEqual(['Pod default.cpu: got "1"; expected no default in a Pod item (only Container items give defaults)']);
    expect(lr({ type: 'PersistentVolumeClaim' })).toEqual(['PersistentVolumeClaim min.storage: not set; expected a min or a max storage size (the API server requires one of them)']);
    expect(lr({ type: 'Node', max: { cpu: '1' } })).toEqual(['limits[0].type: got "Node"; expected one of "Container", "Pod", "PersistentVolumeClaim"']);
    expect(lr(null, 'Container', { type: 'Pod', max: { cpu: '1' } })).toEqual([]);
    expect(lr({ type: 'Container', max: { cpu: '1' } }, { type: 'Container', max: { memory: '1Gi' } }))
      .toEqual(['limits[1].type: got "Container"; expected a type not already used by another item of this LimitRange']);
    expect(lr({ type: 'Container', max: { 'requests.cpu': '1', 'gpu': '1', 'memory': '-1Gi' } })).toEqual(sorted([
      'Container max.requests.cpu: got "1"; expected "cpu", "memory", "ephemeral-storage", a "hugepages-<size>" or an extended resource such as "nvidia.com/gpu"',
      'Container max.gpu: got "1"; expected "cpu", "memory", "ephemeral-storage", a "hugepages-<size>" or an extended resource such as "nvidia.com/gpu"',
      'Container max.memory: got "-1Gi"; expected a quantity of 0 or more such as "500m", "2" or "1Gi"',
    ]));
    expect(lr({ type: 'PersistentVolumeClaim', max: { memory: '1Gi', storage: '1Gi' } }))
      .toEqual(['PersistentVolumeClaim max.memory: got "1Gi"; expected "storage" (what a PersistentVolumeClaim item limits)']);
    expect(lr({ type: 'Container', default: { 'hugepages-2Mi': '1Gi' }, defaultRequest: { 'hugepages-2Mi': '512Mi' } }))
      .toEqual(['Container defaultRequest.hugepages-2Mi: got "512Mi"; expected equal to Container default.hugepages-2Mi ("1Gi"): hugepages-2Mi cannot be overcommitted']);
  });

  test('a Container default limit above the Pod max', () => {
    expect(lr({ type: 'Container', max: { memory: '2Gi' } }, { type: 'Pod', max: { memory: '1Gi' } }))
      .toEqual(['Container max.memory: got "2Gi"; expected at most Pod max.memory ("1Gi"): a pod whose one container takes the default limit would be refused']);
  });
});

describe('resourcequota-valid: names, quantities and scopes the API server accepts', () => {
  const rq = (hard: Record<string, unknown>, spec: Record<string, unknown> = {}) => findings('resourcequota-valid', k(quota(hard, spec)));

  test('the documented names pass, with strings or numbers', () => {
    expect(rq({
      'requests.cpu': '4', 'limits.memory': '8Gi', 'cpu': 2, 'requests.ephemeral-storage': '10Gi', 'requests.storage': '1Ti', 'persistentvolumeclaims': 5,
      'pods': '10', 'services.loadbalancers': 0, 'count/deployments.apps': '5', 'count/secrets': 3, 'count/widgets.example.com': 2,
      'gold.storageclass.storage.k8s.io/persistentvolumeclaims': '2', 'requests.nvidia.com/gpu': 4, 'requests.hugepages-2Mi': '1Gi',
    })).toEqual([]);
  });

  test('unknown names, names that count nothing, bad quantities', () => {
    const names = 'a quota resource name: a standard one such as "requests.cpu", "limits.memory", "requests.storage", "pods" or "services.loadbalancers", '
      + 'or a qualified one such as "count/deployments.apps", "gp3.storageclass.storage.k8s.io/requests.storage" or "requests.nvidia.com/gpu" '
      + '(the API server refuses other unqualified names)';
    expect(rq({ gpus: '4', storage: '1Ti', 'count/pods.apps': 1, 'gold.storageclass.storage.k8s.io/limits.storage': '1Gi' })).toEqual(sorted([
      `hard key: got "gpus"; expected ${names}`,
      `hard key: got "storage"; expected ${names}`,
      'hard key: got "count/pods.apps"; expected "pods" is in API group "" (core), not "apps", so "count/pods.apps" counts nothing; write "count/pods"',
      'hard key: got "gold.storageclass.storage.k8s.io/limits.storage"; expected "requests.storage" or "persistentvolumeclaims" after '
        + '"gold.storageclass.storage.k8s.io/" (a StorageClass quota limits nothing else)',
    ]));
    expect(rq({ 'pods': '2.5', 'requests.cpu': '-1', 'limits.memory': 'lots', 'count/jobs.batch': '1.5' })).toEqual(sorted([
      'hard["pods"]: got "2.5"; expected a whole number (the API server counts pods in whole units)',
      'hard["requests.cpu"]: got "-1"; expected a quantity of 0 or more such as "10", "4Gi" or "500m"',
      'hard["limits.memory"]: got "lots"; expected a quantity of 0 or more such as "10", "4Gi" or "500m"',
      'hard["count/jobs.batch"]: got "1.5"; expected a whole number (the API server counts count/jobs.batch in whole units)',
    ]));
  });

  test('scopes: known, applying to every limit, not contradicting; selector operators and values', () => {
    expect(rq({ 'pods': '5', 'requests.cpu': '1' }, { scopes: ['NotTerminating'], scopeSelector: { matchExpressions: [{ scopeName: 'PriorityClass', operator: 'In', values: ['high'] }] } }))
      .toEqual([]);
    const unfit = (scope: string) => `a scope that applies to every hard limit of the quota: ${scope} can limit only "pods", cpu and memory, `
      + 'and the quota also limits "secrets" (put those in a quota without scopes)';
    expect(rq({ pods: '5', secrets: '3', 'count/secrets': '3' }, { scopes: ['Terminating', 'NotTerminating', 'Sometimes'] })).toEqual(sorted([
      `scopes[0]: got "Terminating"; expected ${unfit('Terminating')}`,
      `scopes[1]: got "NotTerminating"; expected ${unfit('NotTerminating')}`,
      'scopes[2]: got "Sometimes"; expected one of "Terminating", "NotTerminating", "BestEffort", "NotBestEffort", "PriorityClass", "CrossNamespacePodAffinity"',
      'scopes[1]: got "NotTerminating"; expected not both Terminating and NotTerminating: no pod is both, so the quota would apply to nothing',
    ]));
    expect(rq({ pods: '5' }, { scopeSelector: { matchExpressions: [
      { scopeName: 'BestEffort', operator: 'DoesNotExist' },
      { scopeName: 'PriorityClass', operator: 'NotIn' },
      { scopeName: 'PriorityClass', operator: 'Exists', values: ['x'] },
      { scopeName: 'PriorityClass', operator: 'Equals', values: ['x'] },
    ] } })).toEqual(sorted([
      'scopeSelector.matchExpressions[0].operator: got "DoesNotExist"; expected "Exists" (the only operator for scope BestEffort; only PriorityClass takes values)',
      'scopeSelector.matchExpressions[1].values: not set; expected at least one value with operator "NotIn"',
      'scopeSelector.matchExpressions[2].values: got ["x"]; expected no values with operator "Exists"',
      'scopeSelector.matchExpressions[3].operator: got "Equals"; expected "In", "NotIn", "Exists" or "DoesNotExist"',
    ]));
  });
});

describe('limitrange-within-quota: no LimitRange default or minimum above a quota total of its namespace', () => {
  const within = (items: unknown[], hard: Record<string, unknown>, quotaNs = 'shop') => findings('limitrange-within-quota', k(limitRange(items), quota(hard, {}, quotaNs)));

  test('defaults and minimums below the totals pass; a quota of another namespace does not count', () => {
    expect(within([{ type: 'Container', default: { cpu: '1' }, defaultRequest: { cpu: '500m' }, min: { memory: '64Mi' } }], { 'limits.cpu': '2', 'requests.cpu': '1', 'memory': '1Gi' })).toEqual([]);
    expect(within([{ type: 'Container', default: { cpu: '4' } }], { 'limits.cpu': '2' }, 'other')).toEqual([]);
  });

  test('a default request (also from max), a Pod min and a claim min above the totals', () => {
    expect(within([{ type: 'Container', max: { memory: '2Gi' } }], { memory: '1Gi', 'limits.memory': '4Gi' })).toEqual([
      'Container max.memory "2Gi" is above memory "1Gi" of ResourceQuota quota: a container that takes the default request needs more than the whole quota',
    ]);
    expect(within([{ type: 'Pod', min: { cpu: '3' } }], { 'requests.cpu': '2' }))
      .toEqual(['Pod min.cpu "3" is above requests.cpu "2" of ResourceQuota quota: every pod requests at least the min, more than the whole quota']);
    expect(within([{ type: 'PersistentVolumeClaim', min: { storage: '20Gi' } }], { 'requests.storage': '100Gi', 'fast.storageclass.storage.k8s.io/requests.storage': '10Gi' }))
      .toEqual(['PersistentVolumeClaim min.storage "20Gi" is above fast.storageclass.storage.k8s.io/requests.storage "10Gi" of ResourceQuota quota: '
        + 'no claim of StorageClass "fast" fits its quota']);
  });
});

describe('limitrange-pods-fit: pods and claims within the LimitRanges of their namespace', () => {
  const fit = (...targets: any[]) => findings('limitrange-pods-fit', k(...targets));

  test('without a LimitRange nothing is judged; within it, nothing is found', () => {
    expect(fit(deployment((d) => { ctr(d).resources.limits.cpu = '64'; }))).toEqual([]);
    expect(fit(deployment(), limitRange([{ type: 'Container', min: { cpu: '100m', memory: '64Mi' }, max: { cpu: '1', memory: '1Gi' }, maxLimitRequestRatio: { cpu: 5 } },
      { type: 'Pod', max: { cpu: '1' } }]))).toEqual([]);
  });

  test('min, max and ratio per container (init containers too), with the LimitRange defaults filled in', () => {
    const withInit = deployment((d) => {
      pod(d).initContainers = [{ name: 'migrate', image: 'ghcr.io/acme/migrate:1.0.0', resources: { requests: { cpu: '10m' } } }];
    });
    // The init container gets no limit (the LimitRange gives no default cpu limit), so the ratio cannot hold for it.
    expect(fit(withInit, limitRange([{ type: 'Container', min: { cpu: '50m' }, max: { memory: '128Mi' }, maxLimitRequestRatio: { cpu: 2 } }]))).toEqual(sorted([
      'container "web" is limited to memory "256Mi", more than the Container max.memory "128Mi" of LimitRange limits',
      'container "web" has a cpu limit 5 times its request, more than the Container maxLimitRequestRatio.cpu 2 of LimitRange limits',
      'initContainer "migrate" requests cpu "10m", less than the Container min.cpu "50m" of LimitRange limits',
      'initContainer "migrate" needs both a cpu request and a cpu limit above 0 for the Container maxLimitRequestRatio.cpu 2 of LimitRange limits',
    ]));
  });

  test('a request above the default limit the LimitRange gives; a request taken from the limit', () => {
    const noLimit = deployment((d) => { ctr(d).resources = { requests: { cpu: '1', memory: '128Mi' } }; });
    expect(fit(noLimit, limitRange([{ type: 'Container', default: { cpu: '500m', memory: '256Mi' } }])))
      .toEqual(['container "web" requests cpu "1", more than the default limit "500m" the LimitRange gives it']);
    const limitOnly = deployment((d) => { ctr(d).resources = { limits: { cpu: '200m', memory: '256Mi' } }; });
    expect(fit(limitOnly, limitRange([{ type: 'Container', min: { cpu: '100m' } }]))).toEqual([]);
  });

  test('the Pod max over the containers and native sidecars that run together', () => {
    const twoContainers = deployment((d) => {
      pod(d).containers.push({ ...ctr(d), name: 'sidecar' });
      pod(d).initContainers = [{ name: 'proxy', image: 'envoyproxy/envoy:v1.32.0', restartPolicy: 'Always', resources: { limits: { cpu: '250m' } } }];
    });
    expect(fit(twoContainers, limitRange([{ type: 'Pod', max: { cpu: '1' } }])))
      .toEqual(['the pod\'s containers are limited to cpu 1250m together, more than the Pod max.cpu "1" of LimitRange limits']);
  });

  test('claims and StatefulSet claim templates within the claim sizes', () => {
    const claim = obj('v1', 'PersistentVolumeClaim', 'data', 'shop', { spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '200Gi' } } } });
    const sts = workload('StatefulSet', (d) => {
      d.spec.volumeClaimTemplates = [{ metadata: { name: 'db' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '500Mi' } } } }];
    });
    const claims = limitRange([{ type: 'PersistentVolumeClaim', min: { storage: '1Gi' }, max: { storage: '100Gi' } }]);
    expect(fit(claim, sts, claims)).toEqual(sorted([
      'the claim requests "200Gi", more than the max.storage "100Gi" of LimitRange limits',
      'volumeClaimTemplate "db" requests "500Mi", less than the min.storage "1Gi" of LimitRange limits',
    ]));
  });
});

describe('resourcequota-pod-resources: pods a CPU or memory quota counts set those requests and limits', () => {
  const noLimits = () => deployment((d) => { ctr(d).resources = { requests: { cpu: '100m', memory: '128Mi' } }; });
  const pr = (...targets: any[]) => findings('resourcequota-pod-resources', k(...targets));

  test('missing limits are refused where the quota limits them, unless a LimitRange gives a default', () => {
    expect(pr(noLimits(), quota({ 'limits.memory': '4Gi', 'requests.cpu': '2' })))
      .toEqual(['container "web" sets no memory limit, which ResourceQuota quota requires (limits.memory), and no LimitRange in namespace shop gives a default']);
    expect(pr(noLimits(), quota({ 'limits.memory': '4Gi' }), limitRange([{ type: 'Container', max: { memory: '1Gi' } }]))).toEqual([]);
    expect(pr(noLimits(), quota({ 'pods': '10', 'requests.storage': '1Ti' }))).toEqual([]);
  });

  test('a request is taken from the limit; init containers count', () => {
    const limitsOnly = deployment((d) => {
      ctr(d).resources = { limits: { cpu: '500m', memory: '256Mi' } };
      pod(d).initContainers = [{ name: 'init', image: 'busybox:1.37', resources: {} }];
    });
    expect(pr(limitsOnly, quota({ cpu: '2' })))
      .toEqual(['initContainer "init" sets no cpu request, which ResourceQuota quota requires (cpu), and no LimitRange in namespace shop gives a default']);
  });

  test('only quotas whose scopes match the pod count', () => {
    const byClass = quota({ 'limits.cpu': '4' }, { scopeSelector: { matchExpressions: [{ scopeName: 'PriorityClass', operator: 'In', values: ['high'] }] } });
    const noCpuLimit = (edit: (d: any) => void = () => undefined) => deployment((d) => { delete ctr(d).resources.limits.cpu; edit(d); });
    expect(pr(noCpuLimit(), byClass)).toEqual([]);
    expect(pr(noCpuLimit((d) => { pod(d).priorityClassName = 'high'; }), byClass)).toHaveLength(1);
    const longRunning = quota({ 'limits.cpu': '4' }, { scopes: ['NotTerminating'] });
    expect(pr(noCpuLimit((d) => { pod(d).activeDeadlineSeconds = 600; }), longRunning)).toEqual([]);
    expect(pr(noCpuLimit(), longRunning)).toHaveLength(1);
    const quotaElsewhere = quota({ 'limits.cpu': '4' }, {}, 'other');
    expect(pr(noCpuLimit(), quotaElsewhere)).toEqual([]);
  });
});

describe('namespace-pod-security-modes: audit and warn at least as strict as enforce', () => {
  const modes = (levels: Record<string, string>) => findings('namespace-pod-security-modes', k(psaNamespace(levels)));

  test('equal or stricter modes, missing modes and unknown enforce levels pass; weaker ones are reported', () => {
    expect(modes({ enforce: 'baseline', audit: 'restricted', warn: 'baseline' })).toEqual([]);
    expect(modes({ enforce: 'restricted' })).toEqual([]);
    expect(modes({ enforce: 'sandbox', warn: 'privileged' })).toEqual([]);
    expect(modes({ enforce: 'baseline', audit: 'privileged', warn: 'privileged' })).toEqual([
      'audit is "privileged", weaker than enforce "baseline": a workload whose pods enforce refuses leaves no mark in the audit log',
      'warn is "privileged", weaker than enforce "baseline": a workload whose pods enforce refuses is applied without a warning',
    ]);
  });
});

describe('Pod Security waivers follow the enforce level only, never audit or warn', () => {
  /** A DaemonSet "shop/agent" that needs privileged: host network, root. */
  const agent = () => workload('DaemonSet', (d) => {
    d.metadata = { name: 'agent', namespace: 'shop' };
    podOf(d).hostNetwork = true;
    podOf(d).securityContext = { runAsUser: 0, seccompProfile: { type: 'RuntimeDefault' } };
  });
  const run = (levels: Record<string, string>) => {
    const ns = psaNamespace(levels);
    (ns.metadata as any).annotations = { 'keelson.dev/pod-security-reason': 'the agent reads the node' };
    const targets = k(ns, agent(), denyAll('shop'));
    const report = runPolicy(targets, { suppressions: annotationSuppressions(targets) });
    return { errors: report.findings.filter((f) => f.severity === 'error').map((f) => f.checkId).sort(), suppressed: report.suppressed.map((s) => s.finding.checkId).sort() };
  };

  test('enforce restricted with privileged audit and warn waives nothing', () => {
    const { errors, suppressed } = run({ enforce: 'restricted', audit: 'privileged', warn: 'privileged' });
    expect(errors).toEqual(['pss-host-namespaces', 'pss-run-as-non-root', 'pss-run-as-user']);
    expect(suppressed).toEqual([]);
  });

  test('enforce baseline with restricted audit and warn waives the restricted checks; enforce privileged waives all', () => {
    expect(run({ enforce: 'baseline', audit: 'restricted', warn: 'restricted' })).toEqual({
      errors: ['pss-host-namespaces'], suppressed: ['pss-run-as-non-root', 'pss-run-as-user'],
    });
    expect(run({ enforce: 'privileged', audit: 'restricted', warn: 'restricted' })).toEqual({
      errors: [], suppressed: ['pss-host-namespaces', 'pss-run-as-non-root', 'pss-run-as-user'],
    });
  });
});

describe('keelson check DIR finds the same in YAML keelson did not write', () => {
  test('a hand-written LimitRange and quota that contradict each other fail the check', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'limits.yaml'), toYaml(limitRange([{ type: 'Container', default: { memory: '4Gi' }, max: { memory: '2Gi' } }])));
    fs.writeFileSync(path.join(dir, 'quota.yaml'), toYaml(quota({ 'limits.memory': '1Gi', 'count/deployments': 5 })));
    const lines: string[] = [];
    const code = runCheckCli([dir], { log: (l) => lines.push(l), error: (l) => lines.push(l) });
    const out = lines.join('\n');
    expect(code).toBe(1);
    expect(out).toContain('ERROR limitrange-valid: LimitRange shop/limits (file limits.yaml)');
    expect(out).toContain('Container default.memory: got "4Gi"; expected at most Container max.memory ("2Gi")');
    expect(out).toContain('ERROR limitrange-within-quota: LimitRange shop/limits');
    expect(out).toContain('Container default.memory "4Gi" is above limits.memory "1Gi" of ResourceQuota quota');
    expect(out).toContain('ERROR resourcequota-valid: ResourceQuota shop/quota (file quota.yaml)');
  });
});
