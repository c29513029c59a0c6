import { ObjectIndex } from '../../../lib/policy/object-index';
import { podLabels } from '../../../lib/policy/pods';
import { LabelIndex, SelectorIndex } from '../../../lib/policy/selector-index';
import { mapSelects, selectorMatches } from '../../../lib/policy/selectors';
import { kubernetesTarget } from '../../../lib/policy/targets';
import { PolicyTarget } from '../../../lib/policy/types';

// The indexes stand for scans: whatever the shapes, they must give exactly what a scan with the exact matcher gives,
// in the same order. Compared over generated labels and selectors, odd values included.

/** A small deterministic generator (no randomness in tests that must give the same result everywhere). */
function generator(seed: number) {
  let state = seed;
  const next = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)];
  return { next, pick };
}

const KEYS = ['app', 'tier', 'team', 'app.kubernetes.io/name'];
const VALUES: unknown[] = ['web', 'db', 'a', 'b', '', 1, true, null, undefined, {}];

function labelsOf(g: ReturnType<typeof generator>): unknown {
  const r = g.next();
  if (r < 0.05) {
    return g.pick([undefined, null, 'app=web', [], 7]);
  }
  return Object.fromEntries(KEYS.filter(() => g.next() < 0.5).map((k) => [k, g.next() < 0.85 ? g.pick(['web', 'db', 'a', 'b']) : g.pick(VALUES)]));
}

function selectorOf(g: ReturnType<typeof generator>): any {
  const r = g.next();
  if (r < 0.08) {
    return g.pick([undefined, null, {}, 'app=web', [], { matchLabels: 'x' }, { matchLabels: {} }]);
  }
  const matchLabels = labelsOf(g);
  const expressions = g.next() < 0.3 ? [{ key: g.pick(KEYS), operator: g.pick(['In', 'NotIn', 'Exists', 'DoesNotExist', 'Bogus']), values: ['web', 'db'] }] : undefined;
  return { ...(g.next() < 0.9 ? { matchLabels } : {}), ...(expressions ? { matchExpressions: expressions } : {}) };
}

describe('SelectorIndex and LabelIndex', () => {
  const g = generator(42);
  const items = Array.from({ length: 300 }, (_, i) => ({ i, selector: selectorOf(g), labels: labelsOf(g) }));
  const queries = Array.from({ length: 300 }, () => labelsOf(g));

  test('a SelectorIndex finds every label selector and every map selector a scan finds, in order', () => {
    const bySelector = new SelectorIndex(items, (x) => x.selector?.matchLabels);
    const byMap = new SelectorIndex(items, (x) => x.labels);
    let matched = 0;
    for (const labels of queries) {
      const scan = items.filter((x) => selectorMatches(x.selector, labels as any));
      expect(bySelector.candidates(labels).filter((x) => selectorMatches(x.selector, labels as any))).toEqual(scan);
      const mapScan = items.filter((x) => mapSelects(x.labels as any, labels as any));
      expect(byMap.candidates(labels).filter((x) => mapSelects(x.labels as any, labels as any))).toEqual(mapScan);
      matched += scan.length + mapScan.length;
    }
    expect(matched).toBeGreaterThan(100); // the generated data does match
  });

  test('a LabelIndex finds every item a map or label selector selects that a scan finds, in order', () => {
    const byLabels = new LabelIndex(items, (x) => x.labels);
    let matched = 0;
    for (const { selector } of items) {
      const scan = items.filter((x) => mapSelects(selector?.matchLabels, x.labels as any));
      expect(byLabels.candidates(selector?.matchLabels).filter((x) => mapSelects(selector?.matchLabels, x.labels as any))).toEqual(scan);
      const labelScan = items.filter((x) => selectorMatches(selector, x.labels as any));
      const matchLabels = selector !== null && typeof selector === 'object' ? selector.matchLabels : undefined;
      expect(byLabels.candidates(matchLabels).filter((x) => selectorMatches(selector, x.labels as any))).toEqual(labelScan);
      matched += scan.length + labelScan.length;
    }
    expect(matched).toBeGreaterThan(100);
  });

  test('candidates are few when selectors name their labels: the index does not hand back every item', () => {
    const many = Array.from({ length: 1000 }, (_, i) => ({ labels: { app: `web-${i}` }, selector: { matchLabels: { app: `web-${i}` } } }));
    expect(new LabelIndex(many, (x) => x.labels).candidates({ app: 'web-7' })).toEqual([many[7]]);
    expect(new SelectorIndex(many, (x) => x.selector.matchLabels).candidates({ app: 'web-7', tier: 'front' })).toEqual([many[7]]);
  });
});

describe('ObjectIndex selections', () => {
  const g = generator(7);
  const ns = (i: number) => `team-${i % 3}`;
  const workload = (i: number): PolicyTarget => kubernetesTarget({
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: `w${i}`, namespace: ns(i) },
    spec: { template: { metadata: { labels: labelsOf(g) as any } } },
  } as any);
  const objects: PolicyTarget[] = [];
  for (let i = 0; i < 120; i++) {
    objects.push(workload(i));
    objects.push(kubernetesTarget({ apiVersion: 'v1', kind: 'Service', metadata: { name: `s${i}`, namespace: ns(i) }, spec: { selector: labelsOf(g) } } as any));
    objects.push(kubernetesTarget({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: `p${i}`, namespace: ns(i) }, spec: { podSelector: selectorOf(g) } } as any));
    objects.push(kubernetesTarget({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: `b${i}`, namespace: ns(i) }, spec: { selector: selectorOf(g) } } as any));
  }
  const index = new ObjectIndex(objects);

  test('workloadsSelectedBy and selecting give what scans of the namespace give, in the same order', () => {
    let found = 0;
    for (const t of objects.filter((o) => o.kind === 'Service')) {
      const scan = index.workloads(t.namespace).filter((w) => mapSelects(t.object.spec.selector, podLabels(w.object)));
      expect(index.workloadsSelectedBy(t.namespace, t.object.spec.selector)).toEqual(scan);
      found += scan.length;
    }
    for (const w of index.workloads('team-0').concat(index.workloads('team-1'))) {
      const labels = podLabels(w.object);
      expect(index.selecting('Service', w.namespace, labels)).toEqual(index.ofKind('Service', w.namespace).filter((s) => mapSelects(s.object.spec.selector, labels)));
      expect(index.selecting('NetworkPolicy', w.namespace, labels))
        .toEqual(index.ofKind('NetworkPolicy', w.namespace).filter((p) => selectorMatches(p.object.spec.podSelector, labels)));
      const budgets = index.ofKind('PodDisruptionBudget', w.namespace).filter((p) => selectorMatches(p.object.spec.selector, labels));
      expect(index.selecting('PodDisruptionBudget', w.namespace, labels)).toEqual(budgets);
      found += budgets.length;
    }
    expect(found).toBeGreaterThan(50);
    expect(index.workloadsSelectedBy('team-0', 'app=web')).toEqual([]);
  });

  test('memo computes a derived value once per index', () => {
    let made = 0;
    const make = () => ++made;
    expect([index.memo('x', make), index.memo('x', make), index.memo('y', make)]).toEqual([1, 1, 2]);
    expect(new ObjectIndex(objects).memo('x', make)).toBe(3);
  });
});
