import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runPolicy } from '../../../lib/policy/engine';
import { BUILTIN_CHECKS } from '../../../lib/policy/registry';
import { loadPaths } from '../../../lib/policy/targets';
import { PolicyTarget } from '../../../lib/policy/types';
import { ctr, denyAll, deployment, k, obj, pdb, pod, service, workload } from './fixtures';
import { autoscaler } from './workload-cases';

// The checks changed for issue 16 (keelson against the peers' failing fixtures): unset replicas, both directions of
// network isolation, readiness of Service-selected pods, valid spread constraints, budgets without a policy,
// credential values in env, and objects without a name.

function findings(id: string, targets: PolicyTarget[]): string[] {
  const check = BUILTIN_CHECKS.find((c) => c.id === id);
  if (!check) {
    throw new Error(`no check ${id}`);
  }
  return runPolicy(targets, { checks: [check] }).findings.map((f) => `${f.object}: ${f.message}`);
}

describe('unset replicas count as replicated', () => {
  const unset = deployment((d) => { delete d.spec.replicas; delete pod(d).topologySpreadConstraints; });
  const one = deployment((d) => { d.spec.replicas = 1; delete pod(d).topologySpreadConstraints; });

  test('a Deployment without replicas needs a PodDisruptionBudget and spreading', () => {
    expect(findings('workload-disruption-budget', k(unset))).toEqual(['Deployment shop/web: no PodDisruptionBudget selects the pods']);
    expect(findings('workload-spread', k(unset))).toEqual(['Deployment shop/web: the pods may all land on one node']);
  });

  test('an explicit replicas: 1, or an autoscaler with maxReplicas 1, opts out', () => {
    expect(findings('workload-disruption-budget', k(one))).toEqual([]);
    expect(findings('workload-spread', k(one))).toEqual([]);
    expect(findings('workload-disruption-budget', k(unset, autoscaler(1, 1)))).toEqual([]);
    expect(findings('workload-spread', k(unset, autoscaler(1, 1)))).toEqual([]);
  });

  test('an autoscaler that may add pods makes even replicas: 1 replicated', () => {
    expect(findings('workload-disruption-budget', k(one, autoscaler(1, 3)))).toEqual(['Deployment shop/web: no PodDisruptionBudget selects the pods']);
  });
});

describe('workload-spread: anti-affinity must repel the workload\'s own pods', () => {
  const anti = (term: Record<string, unknown>, preferred = false) => deployment((d) => {
    delete pod(d).topologySpreadConstraints;
    const full = { topologyKey: 'kubernetes.io/hostname', ...term };
    pod(d).affinity = { podAntiAffinity: preferred
      ? { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: full }] }
      : { requiredDuringSchedulingIgnoredDuringExecution: [full] } };
  });
  const own = { labelSelector: { matchLabels: { app: 'web' } } };

  test('a term (required or preferred) selecting its own pods passes; listed namespaces must include its own', () => {
    expect(findings('workload-spread', k(anti(own), anti(own, true), anti({ ...own, namespaces: ['shop'] })))).toEqual([]);
  });

  test('a term selecting other pods, or only other namespaces, spreads nothing', () => {
    const message = 'Deployment shop/web: the pods may all land on one node: no pod anti-affinity term selects the workload\'s own pods in its namespace';
    expect(findings('workload-spread', k(anti({ labelSelector: { matchLabels: { app: 'not-web' } } }, true)))).toEqual([message]);
    expect(findings('workload-spread', k(anti({ ...own, namespaces: ['bar'] })))).toEqual([message]);
    expect(findings('workload-spread', k(anti({})))).toEqual([message]);
  });
});

describe('topology-spread-valid', () => {
  const spread = (c: unknown) => deployment((d) => { pod(d).topologySpreadConstraints = c; });

  test('a complete constraint passes; a pod without constraints is not this check\'s business', () => {
    expect(findings('topology-spread-valid', k(deployment(), spread(undefined)))).toEqual([]);
  });

  test('each broken field is named with the constraint\'s index', () => {
    expect(findings('topology-spread-valid', k(spread([
      { maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'web' } } },
      { maxSkew: 0, minDomains: 0, whenUnsatisfiable: 'DoNotSCHEDULE' },
    ])))).toEqual([
      'Deployment shop/web: topologySpreadConstraints[1]: maxSkew 0 is not an integer of at least 1',
      'Deployment shop/web: topologySpreadConstraints[1]: minDomains 0 is not an integer of at least 1',
      'Deployment shop/web: topologySpreadConstraints[1]: no labelSelector, so it counts no pods and spreads nothing',
      'Deployment shop/web: topologySpreadConstraints[1]: no topologyKey',
      'Deployment shop/web: topologySpreadConstraints[1]: whenUnsatisfiable "DoNotSCHEDULE" is neither DoNotSchedule nor ScheduleAnyway',
    ]);
  });

  test('odd shapes are reported, never thrown on', () => {
    expect(findings('topology-spread-valid', k(spread('zone')))).toEqual(['Deployment shop/web: topologySpreadConstraints is not a list']);
    expect(findings('topology-spread-valid', k(spread([null])))).toEqual(['Deployment shop/web: topologySpreadConstraints[0] is not a map']);
  });

  test('bare Pods are checked too', () => {
    const bare = workload('Pod', (d) => { d.spec.topologySpreadConstraints = [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'ScheduleAnyway' }]; });
    expect(findings('topology-spread-valid', k(bare))).toEqual(['Pod shop/web: topologySpreadConstraints[0]: no labelSelector, so it counts no pods and spreads nothing']);
  });
});

describe('PodDisruptionBudget policies', () => {
  test('pdb-has-budget: exactly one of minAvailable and maxUnavailable', () => {
    expect(findings('pdb-has-budget', k(pdb({ maxUnavailable: 1 }), { ...pdb({ minAvailable: 1 }), metadata: { name: 'min', namespace: 'shop' } }))).toEqual([]);
    expect(findings('pdb-has-budget', k(pdb({})))).toEqual(['PodDisruptionBudget shop/web: sets neither minAvailable nor maxUnavailable']);
    expect(findings('pdb-has-budget', k(pdb({ minAvailable: 1, maxUnavailable: 1 }))))
      .toEqual(['PodDisruptionBudget shop/web: sets both minAvailable and maxUnavailable, which the API refuses']);
  });

  test('pdb-allows-disruption judges both fields when both are set', () => {
    expect(findings('pdb-allows-disruption', k(deployment(), pdb({ minAvailable: '100%', maxUnavailable: 5 }))))
      .toEqual(['PodDisruptionBudget shop/web: minAvailable is 100%']);
    expect(findings('pdb-allows-disruption', k(deployment(), pdb({ minAvailable: 2, maxUnavailable: 0 })))).toEqual([
      'PodDisruptionBudget shop/web: maxUnavailable is 0',
      'PodDisruptionBudget shop/web: minAvailable 2 leaves no disruption for Deployment web (2 replicas)',
    ]);
  });
});

describe('pod-network-policy: both directions', () => {
  const policy = (spec: Record<string, unknown>, name = 'p') => obj('networking.k8s.io/v1', 'NetworkPolicy', name, 'shop', { spec: { podSelector: {}, ...spec } });

  test('a default deny of both directions passes, in one policy or in two', () => {
    expect(findings('pod-network-policy', k(deployment(), denyAll()))).toEqual([]);
    expect(findings('pod-network-policy', k(deployment(), policy({ policyTypes: ['Ingress'] }, 'in'), policy({ policyTypes: ['Egress'] }, 'out')))).toEqual([]);
  });

  test('a policy that restricts one direction only is reported with the other', () => {
    expect(findings('pod-network-policy', k(deployment(), policy({ policyTypes: ['Ingress'] })))).toEqual([
      'Deployment shop/web: no NetworkPolicy in namespace shop restricts the pods\' egress (policyTypes Egress); selected by p',
    ]);
    expect(findings('pod-network-policy', k(deployment(), policy({ policyTypes: ['Egress'], egress: [{ ports: [{ port: 53, protocol: 'UDP' }] }] })))).toEqual([
      'Deployment shop/web: no NetworkPolicy in namespace shop restricts the pods\' ingress (policyTypes Ingress); selected by p',
    ]);
  });

  test('without policyTypes a policy restricts ingress, and egress when it has egress rules', () => {
    expect(findings('pod-network-policy', k(deployment(), policy({})))).toEqual([
      'Deployment shop/web: no NetworkPolicy in namespace shop restricts the pods\' egress (policyTypes Egress); selected by p',
    ]);
    expect(findings('pod-network-policy', k(deployment(), policy({ egress: [] })))).toEqual([]);
  });
});

describe('probe-readiness: pods a Service selects', () => {
  const portless = deployment((d) => { delete ctr(d).readinessProbe; delete ctr(d).ports; });

  test('a container without ports needs a readiness probe when a Service selects its pod', () => {
    expect(findings('probe-readiness', k(portless, service()))).toEqual([
      'Deployment shop/web: container "web" has no readiness probe (Service web selects the pod)',
    ]);
  });

  test('without a Service (or with one that selects other pods) it needs none', () => {
    expect(findings('probe-readiness', k(portless))).toEqual([]);
    expect(findings('probe-readiness', k(portless, obj('v1', 'Service', 'api', 'shop', { spec: { selector: { app: 'api' }, ports: [{ port: 80 }] } })))).toEqual([]);
  });
});

describe('env-secret-literal: credential values', () => {
  const env = (name: string, value: unknown) => deployment((d) => { ctr(d).env = [{ name, value }]; });

  test('a value that holds a private key or a token fails whatever the variable is named; the value is never quoted', () => {
    expect(findings('env-secret-literal', k(env('the_good_stuff', '---BEGIN OPENSSH PRIVATE KEY---\nxxxxx\n---END OPENSSH PRIVATE KEY---\n')))).toEqual([
      'Deployment shop/web: container "web" sets the_good_stuff to a literal value that holds a PEM private key',
    ]);
    expect(findings('env-secret-literal', k(env('AWS_ID', 'AKIAABCDEFGHIJKLMNOP')))).toEqual([
      'Deployment shop/web: container "web" sets AWS_ID to a literal value that holds an AWS access key id',
    ]);
  });

  test('ordinary values pass; odd values do not throw', () => {
    expect(findings('env-secret-literal', k(env('MODE', 'production'), env('PORT', 8080), env('X', null)))).toEqual([]);
  });
});

describe('container-port-valid', () => {
  const ports = (list: unknown) => deployment((d) => { ctr(d).ports = list; });

  test('short unique names and port numbers in range pass; a port without a name too', () => {
    expect(findings('container-port-valid', k(ports([{ name: 'http', containerPort: 8080 }, { containerPort: 9090 }])))).toEqual([]);
  });

  test('long or malformed names, numbers out of range, a missing number and a repeated name are each reported', () => {
    expect(findings('container-port-valid', k(ports([
      { name: 'n234567890123456', containerPort: 1235 },
      { name: '123456', containerPort: 123456 },
      { name: 'http' },
      { name: 'http', containerPort: 8081 },
    ])))).toEqual([
      'Deployment shop/web: container "web" port "123456" has containerPort 123456, not a port number from 1 to 65535',
      'Deployment shop/web: container "web" port "123456": the name is not an IANA port name: 1-15 lowercase letters, digits or "-", at least one letter, no leading, trailing or double "-"',
      'Deployment shop/web: container "web" port "http" has containerPort (unset), not a port number from 1 to 65535',
      'Deployment shop/web: container "web" port "http": another port of the pod has the same name',
      'Deployment shop/web: container "web" port "n234567890123456": the name is not an IANA port name: 1-15 lowercase letters, digits or "-", at least one letter, no leading, trailing or double "-"',
    ]);
  });
});

describe('statefulset-headless-service: the Service selects the pods', () => {
  const sts = workload('StatefulSet', (d) => { d.spec.serviceName = 'web'; });
  const headless = (selector: Record<string, string>) => service(selector, { clusterIP: 'None' });

  test('a headless Service selecting the pods passes; one selecting other pods fails', () => {
    expect(findings('statefulset-headless-service', k(sts, headless({ app: 'web' })))).toEqual([]);
    expect(findings('statefulset-headless-service', k(sts, headless({ app: 'bar' })))).toEqual([
      'StatefulSet shop/web: serviceName "web" does not select the StatefulSet\'s pods (selector {"app":"bar"})',
    ]);
  });
});

describe('objects without a name', () => {
  test('are reported as input problems and still checked, as (unnamed document N)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keelson-unnamed-'));
    fs.writeFileSync(path.join(dir, 'app.yaml'), [
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings, namespace: shop}\ndata: {a: b}',
      'apiVersion: apps/v1\nkind: Deployment\nspec:\n  replicas: 2\n  template:\n    spec:\n      containers: [{name: app, image: nginx}]',
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {namespace: shop}\ndata: {a: b}',
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {namespace: [x]}',
    ].join('\n---\n'));
    const loaded = loadPaths([dir]);
    expect(loaded.problems.map((p) => p.message)).toEqual([
      'document 2: Deployment has no metadata',
      'document 3: ConfigMap has no metadata.name',
      'document 4: ConfigMap has no metadata.name',
    ]);
    expect(loaded.targets.map((t) => [t.kind, t.namespace, t.name])).toEqual([
      ['ConfigMap', 'shop', 'settings'],
      ['Deployment', undefined, '(unnamed document 2)'],
      ['ConfigMap', 'shop', '(unnamed document 3)'],
    ]);
    expect(findings('env-duplicate', loaded.targets)).toEqual([]);
    expect(findings('image-tag-pinned', loaded.targets)).toEqual(['Deployment (unnamed document 2): container "app" uses image "nginx", which is not pinned']);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
