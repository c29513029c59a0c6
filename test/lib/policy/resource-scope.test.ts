// The scope of custom kinds comes from the CustomResourceDefinitions among the checked objects, alike in the synth
// (runPolicy over an app) and in `keelson check` over YAML files.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ApiObject } from 'cdk8s';
import { dump } from 'js-yaml';
import { AppStack } from '../../../lib/core/app-stack';
import { runCheckCli } from '../../../lib/policy/check-cli';
import { runPolicy } from '../../../lib/policy/engine';
import { ObjectIndex } from '../../../lib/policy/object-index';
import { declaredScopes } from '../../../lib/policy/resource-scope';
import { kubernetesTarget } from '../../../lib/policy/targets';
import { synthApp } from '../../../lib/testing/synthesized-app';
import { tempDir } from '../../helpers/tmp';

const SCOPE_CHECKS = ['explicit-namespace', 'cluster-scoped-namespace'];

/** A CRD of `group`/`kind` (plural: lowercase kind + "s") with the given scope. */
function crd(group: string, kind: string, scope: unknown, apiVersion = 'apiextensions.k8s.io/v1'): any {
  const plural = `${kind.toLowerCase()}s`;
  return {
    apiVersion,
    kind: 'CustomResourceDefinition',
    metadata: { name: `${plural}.${group}` },
    spec: {
      group,
      names: { kind, plural, singular: kind.toLowerCase(), listKind: `${kind}List` },
      scope,
      versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }],
    },
  };
}

/** An object of a custom kind, in `namespace` when given. */
function custom(group: string, kind: string, name: string, namespace?: string): any {
  return { apiVersion: `${group}/v1`, kind, metadata: { name, ...(namespace === undefined ? {} : { namespace }) }, spec: { size: 1 } };
}

const G = 'delayedresources.mydomain.com';

/** [check id, object, message] of the scope findings of a policy run over the objects. */
function scopeFindings(objects: readonly any[]): string[][] {
  return runPolicy(objects.map((o) => kubernetesTarget(o)), { include: SCOPE_CHECKS }).findings.map((f) => [f.checkId, f.object, f.message]);
}

describe('runPolicy learns the scope of custom kinds from their CRDs', () => {
  test('without its CRD a cluster-scoped custom kind gets the "no namespace" warning; with it, none', () => {
    const job = custom(G, 'DelayedJob', 'nightly');
    // The false warning this fixes: nothing tells the engine that DelayedJob is cluster-scoped.
    expect(scopeFindings([job])).toEqual([['explicit-namespace', 'DelayedJob nightly', 'the object sets no namespace']]);
    expect(scopeFindings([crd(G, 'DelayedJob', 'Cluster'), job])).toEqual([]);
  });

  test('a cluster-scoped custom kind that sets a namespace is an error, as for built-in cluster-scoped kinds', () => {
    const report = runPolicy([kubernetesTarget(crd(G, 'DelayedJob', 'Cluster')), kubernetesTarget(custom(G, 'DelayedJob', 'nightly', 'shop'))], { include: SCOPE_CHECKS });
    expect(report.findings.map((f) => [f.severity, f.checkId, f.object, f.message])).toEqual([
      ['error', 'cluster-scoped-namespace', 'DelayedJob shop/nightly', 'DelayedJob is cluster-scoped but sets namespace shop'],
    ]);
  });

  test('a Namespaced custom kind keeps the warnings it had: no namespace, or the default namespace', () => {
    const objects = [crd(G, 'DelayedJob', 'Namespaced'), custom(G, 'DelayedJob', 'a'), custom(G, 'DelayedJob', 'b', 'default'), custom(G, 'DelayedJob', 'c', 'shop')];
    expect(scopeFindings(objects)).toEqual([
      ['explicit-namespace', 'DelayedJob a', 'the object sets no namespace'],
      ['explicit-namespace', 'DelayedJob default/b', 'the object is in the default namespace'],
    ]);
  });

  test('the scope is per group and kind: a CRD of another group or kind teaches nothing about this one', () => {
    const objects = [crd('other.example.com', 'DelayedJob', 'Cluster'), crd(G, 'DelayedTask', 'Cluster'), custom(G, 'DelayedJob', 'nightly')];
    expect(scopeFindings(objects)).toEqual([['explicit-namespace', 'DelayedJob nightly', 'the object sets no namespace']]);
  });

  test('a CRD overrides the by-name list of cluster-scoped kinds for its own group', () => {
    // "NodePool" is listed as cluster-scoped (Karpenter's); this group's NodePool is namespaced.
    const pool = custom('pools.example.com', 'NodePool', 'small');
    expect(scopeFindings([pool])).toEqual([]);
    expect(scopeFindings([crd('pools.example.com', 'NodePool', 'Namespaced'), pool])).toEqual([['explicit-namespace', 'NodePool small', 'the object sets no namespace']]);
    // Karpenter's own NodePool stays cluster-scoped.
    expect(scopeFindings([crd('pools.example.com', 'NodePool', 'Namespaced'), custom('karpenter.sh', 'NodePool', 'default')])).toEqual([]);
  });

  test('a CRD cannot change the scope of a kind the API server serves itself', () => {
    const deployment = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: {} };
    const namespace = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } };
    expect(scopeFindings([crd('apps', 'Deployment', 'Cluster'), crd('', 'Namespace', 'Namespaced'), deployment, namespace]))
      .toEqual([['explicit-namespace', 'Deployment web', 'the object sets no namespace']]);
  });

  test('two CRDs that disagree on a kind\'s scope leave it unknown (treated as namespaced, as before)', () => {
    const objects = [crd(G, 'DelayedJob', 'Cluster'), { ...crd(G, 'DelayedJob', 'Namespaced'), metadata: { name: 'copy' } }, custom(G, 'DelayedJob', 'nightly')];
    expect(scopeFindings(objects)).toEqual([['explicit-namespace', 'DelayedJob nightly', 'the object sets no namespace']]);
    // Two that agree are one answer.
    expect(scopeFindings([crd(G, 'DelayedJob', 'Cluster'), { ...crd(G, 'DelayedJob', 'Cluster'), metadata: { name: 'copy' } }, custom(G, 'DelayedJob', 'nightly')])).toEqual([]);
  });

  test('CRDs of odd shapes teach nothing and break nothing', () => {
    const odd = [
      { ...crd(G, 'DelayedJob', 'Cluster'), spec: null },
      { ...crd(G, 'DelayedJob', 'Cluster'), spec: 'Cluster' },
      { ...crd(G, 'DelayedJob', 'Cluster'), spec: { group: G, names: null, scope: 'Cluster' } },
      { ...crd(G, 'DelayedJob', 'Cluster'), spec: { group: G, names: ['DelayedJob'], scope: 'Cluster' } },
      { ...crd(G, 'DelayedJob', 'Cluster'), spec: { group: 7, names: { kind: 'DelayedJob' }, scope: 'Cluster' } },
      { ...crd(G, 'DelayedJob', 'Cluster'), spec: { group: G, names: { kind: '' }, scope: 'Cluster' } },
      crd(G, 'DelayedJob', 'cluster'),
      crd(G, 'DelayedJob', ['Cluster']),
      crd(G, 'DelayedJob', undefined),
      // Not a CRD: a custom kind of the same name in another group.
      { ...crd(G, 'DelayedJob', 'Cluster'), apiVersion: 'acme.example.com/v1' },
    ];
    expect(declaredScopes(odd.map((o) => kubernetesTarget(o)))).toEqual(new Map());
    expect(scopeFindings([...odd, custom(G, 'DelayedJob', 'nightly')]).filter(([, object]) => object === 'DelayedJob nightly'))
      .toEqual([['explicit-namespace', 'DelayedJob nightly', 'the object sets no namespace']]);
    const all = runPolicy([...odd, custom(G, 'DelayedJob', 'nightly')].map((o) => kubernetesTarget(o)));
    expect(all.findings.map((f) => f.message).join('\n')).not.toContain('could not read');
  });

  test('a CRD of the removed v1beta1 API declares the scope in the same fields, and counts', () => {
    expect(scopeFindings([crd(G, 'DelayedJob', 'Cluster', 'apiextensions.k8s.io/v1beta1'), custom(G, 'DelayedJob', 'nightly')])).toEqual([]);
  });

  test('the object index answers the scope of every target', () => {
    const targets = [crd(G, 'DelayedJob', 'Cluster'), crd(G, 'DelayedTask', 'Namespaced'), custom(G, 'DelayedJob', 'a'), custom(G, 'DelayedTask', 'b', 'shop'),
      custom('unknown.example.com', 'Widget', 'w'), { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'shop' } },
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'r' } }].map((o) => kubernetesTarget(o));
    const index = new ObjectIndex(targets);
    expect(targets.map((t) => [t.kind, index.scopeOf(t)])).toEqual([
      ['CustomResourceDefinition', 'Cluster'], ['CustomResourceDefinition', 'Cluster'], ['DelayedJob', 'Cluster'], ['DelayedTask', 'Namespaced'],
      ['Widget', undefined], ['ConfigMap', 'Namespaced'], ['ClusterRole', 'Cluster'],
    ]);
  });
});

describe('the synth learns the scope from the CRDs in the app', () => {
  function app(scope: 'Cluster' | 'Namespaced') {
    return synthApp((a) => {
      const stack = new AppStack(a, 'jobs');
      new ApiObject(stack, 'crd', crd(G, 'DelayedJob', scope));
      new ApiObject(stack, 'job', custom(G, 'DelayedJob', 'nightly'));
    });
  }

  test('a cluster-scoped custom resource without namespace gets no warning', () => {
    const out = app('Cluster');
    expect(out.findAll({ kind: 'DelayedJob' }).map((o) => o.metadata.namespace)).toEqual([undefined]);
    expect(out.policy.findings.filter((f) => SCOPE_CHECKS.includes(f.checkId))).toEqual([]);
  });

  test('a namespaced one still gets the "no namespace" warning, with its construct path', () => {
    const out = app('Namespaced');
    expect(out.policy.findings.filter((f) => SCOPE_CHECKS.includes(f.checkId)).map((f) => [f.checkId, f.object, f.constructPath]))
      .toEqual([['explicit-namespace', 'DelayedJob nightly', 'jobs/job']]);
  });
});

describe('a custom resource of a vendor CRD read from a file (ImportedCrd) keeps its scope in the output', () => {
  // The CRD is not among the objects: the object records it (keelson.dev/schema-source), and CustomResource gives it
  // a namespace exactly when the CRD is Namespaced.
  function imported(scope: 'Cluster' | 'Namespaced') {
    const { CustomResource, ImportedCrd } = require('../../../lib') as typeof import('../../../lib');
    return synthApp((a) => {
      const stack = new AppStack(a, 'vendor');
      new CustomResource(stack, 'nightly', { type: ImportedCrd.fromObject(crd('vendor.example.com', 'Backup', scope)), namespace: scope === 'Namespaced' ? 'ops' : undefined, spec: { size: 1 } });
    });
  }

  test('a cluster-scoped one gets no "no namespace" warning, in the synth and in keelson check over its output', () => {
    const out = imported('Cluster');
    const backup = out.find('Backup', 'nightly');
    expect(backup.metadata.namespace).toBeUndefined();
    expect(backup.metadata.annotations?.['keelson.dev/schema-source']).toContain('backups.vendor.example.com');
    expect(out.policy.findings.filter((f) => SCOPE_CHECKS.includes(f.checkId))).toEqual([]);
    expect(scopeFindings([backup])).toEqual([]);
  });

  test('a namespaced one is namespaced; without the record, an object of the kind without namespace gets the warning', () => {
    const backup = imported('Namespaced').find('Backup', 'nightly');
    expect(backup.metadata.namespace).toBe('ops');
    expect(scopeFindings([backup])).toEqual([]);
    const bare = { apiVersion: backup.apiVersion, kind: backup.kind, metadata: { name: 'nightly' }, spec: backup.spec };
    expect(scopeFindings([bare]).map(([id]) => id)).toEqual(['explicit-namespace']);
  });
});

describe('keelson check learns the scope from the CRDs among the files', () => {
  function check(files: Record<string, string>): { code: number; findings: any[] } {
    const dir = tempDir();
    for (const [name, text] of Object.entries(files)) {
      fs.writeFileSync(path.join(dir, name), text);
    }
    const lines: string[] = [];
    const code = runCheckCli([dir, '--format', 'json'], { log: (l) => lines.push(l), error: (l) => lines.push(l) });
    const report = JSON.parse(lines.join('\n'));
    return { code, findings: report.findings.filter((f: any) => SCOPE_CHECKS.includes(f.checkId)) };
  }
  const yaml = (...docs: any[]) => docs.map((d) => dump(d)).join('---\n');

  test('the false warning, then none once the CRD is in another file of the input', () => {
    const job = yaml(custom(G, 'DelayedJob', 'nightly'));
    expect(check({ 'job.yaml': job }).findings.map((f) => [f.checkId, f.object, f.file])).toEqual([['explicit-namespace', 'DelayedJob nightly', 'job.yaml']]);
    const fixed = check({ 'crd.yaml': yaml(crd(G, 'DelayedJob', 'Cluster')), 'job.yaml': job });
    expect(fixed.findings).toEqual([]);
    expect(fixed.code).toBe(0);
  });

  test('a CRD inside a List counts, and a namespace on the cluster-scoped object fails the check', () => {
    const list = { apiVersion: 'v1', kind: 'List', items: [crd(G, 'DelayedJob', 'Cluster'), custom(G, 'DelayedJob', 'nightly', 'shop')] };
    const { code, findings } = check({ 'all.yaml': yaml(list) });
    expect(code).toBe(1);
    expect(findings.map((f) => [f.severity, f.checkId, f.object])).toEqual([['error', 'cluster-scoped-namespace', 'DelayedJob shop/nightly']]);
  });

  test('a Namespaced CRD keeps the warning for an object without namespace', () => {
    const { findings } = check({ 'all.yaml': yaml(crd(G, 'DelayedJob', 'Namespaced'), custom(G, 'DelayedJob', 'nightly')) });
    expect(findings.map((f) => [f.checkId, f.object, f.message])).toEqual([['explicit-namespace', 'DelayedJob nightly', 'the object sets no namespace']]);
  });
});
