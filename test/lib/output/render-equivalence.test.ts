// The two shortcuts of the synth path must not change a byte: the seam's direct rendering of L1 props (against
// cdk8s's generic resolution) and keelson's block YAML writer (against js-yaml's dump). Both are compared here over
// every object of every example app.
import { App, Chart, Lazy } from 'cdk8s';
import { EXAMPLE_APPS } from '../../../apps';
import { KubeConfigMap, KubeDeployment } from '../../../lib/core/k8s';
import { synthesizeApp } from '../../../lib/output/synthesize';
import { toYaml, toYamlWithJsYaml } from '../../../lib/output/yaml';

/** A resolver that changes nothing: its presence alone makes every object take cdk8s's generic path. */
const noop = { resolve: () => undefined };

describe.each(EXAMPLE_APPS.map((def) => [def.name, def] as const))('%s', (_name, def) => {
  function objects(app: App) {
    def.build(app);
    return synthesizeApp(app).map((m) => ({ path: m.constructPath, manifest: m.manifest }));
  }

  test('objects render the same with and without the direct path, and YAML matches js-yaml byte for byte', () => {
    const direct = objects(new App());
    const generic = objects(new App({ resolvers: [noop] }));
    expect(direct.length).toBeGreaterThan(0);
    expect(direct.map((o) => o.path)).toEqual(generic.map((o) => o.path));
    direct.forEach((o, i) => {
      expect({ path: o.path, manifest: o.manifest }).toEqual({ path: generic[i].path, manifest: generic[i].manifest });
      expect(toYaml(o.manifest)).toBe(toYamlWithJsYaml(o.manifest));
    });
  });
});

test('an object whose props hold a null or a Lazy value is rendered the generic way', () => {
  // cdk8s's resolution drops nulls and resolves Lazy values; the direct path would write them as they are.
  const chart = new Chart(new App(), 'chart');
  const nulls = new KubeConfigMap(chart, 'nulls', { metadata: { name: 'a' }, data: { k: null as unknown as string, j: 'v' } });
  const lazy = new KubeConfigMap(chart, 'lazy', { metadata: { name: 'b' }, data: { k: Lazy.any({ produce: () => 'late' }) as unknown as string } });
  expect(nulls.toJson()).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' }, data: { j: 'v' } });
  expect(lazy.toJson()).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b' }, data: { k: 'late' } });
});

describe('large string maps', () => {
  // The 1.27 conversion copies a map once per entry; the seam sets large maps aside instead (linear: see
  // `npm run bench:maps`). The output must be the same as the generic path's.
  const many = (n: number, prefix: string) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`${prefix}${i}`, `v${i}`]));

  function build(app: App, n: number) {
    const labels = many(n, 'team.example.com/l');
    new KubeDeployment(new Chart(app, 'chart', { labels }), 'web', {
      metadata: { name: 'web', labels, annotations: many(n, 'note.example.com/a') },
      spec: {
        selector: { matchLabels: many(n, 'sel/k') },
        template: { metadata: { labels: many(n, 'sel/k') }, spec: { nodeSelector: many(n, 'node/n'), containers: [{ name: 'app', image: 'nginx:1.27' }] } },
      },
    });
    new KubeConfigMap(app.node.findChild('chart') as Chart, 'data', { metadata: { name: 'data' }, data: { ...many(n, 'k'), gone: undefined as unknown as string } });
  }

  test('render as the generic path does, entries with undefined values dropped', () => {
    const direct = new App();
    build(direct, 40);
    const generic = new App({ resolvers: [noop] });
    build(generic, 40);
    const out = synthesizeApp(direct).map((m) => m.manifest);
    expect(out).toEqual(synthesizeApp(generic).map((m) => m.manifest));
    const cm = out.find((m) => m.kind === 'ConfigMap') as any;
    expect(Object.keys(cm.data)).toHaveLength(40);
    const deploy = out.find((m) => m.kind === 'Deployment') as any;
    expect(Object.keys(deploy.metadata.labels)).toHaveLength(40);
    expect(Object.keys(deploy.spec.template.spec.nodeSelector)).toHaveLength(40);
  });
});
