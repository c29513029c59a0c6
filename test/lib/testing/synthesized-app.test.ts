import * as fs from 'node:fs';
import { App, ApiObject, JsonPatch } from 'cdk8s';
import { KubeRole } from '../../../lib/core/k8s';
import { parse } from 'yaml';
import { PlatformStack, StateBackend, StateBucket, terraformApp } from '../../../lib/aws';
import { AppStack } from '../../../lib/core/app-stack';
import { PinnedHelmRelease } from '../../../lib/extension/pinned-helm-release';
import { AppDefinition, synthApps } from '../../../lib/output/synth-apps';
import { SecureNamespace } from '../../../lib/security/secure-namespace';
import { synthApp, synthStack } from '../../../lib/testing';
import { WebService } from '../../../lib/workloads/web-service';
import { SCHEMA_ROOT } from '../../helpers/schemas';
import { readTree, tempDir } from '../../helpers/tmp';

/** A shop with a web service, a pinned chart, a Terraform stack and, optionally, a wildcard role (a policy error). */
const shopApp = (withRole: boolean): AppDefinition => ({
  name: 'shop',
  description: '',
  build: (app) => {
    const stack = new AppStack(app, 'shop');
    const ns = new SecureNamespace(stack, 'shop');
    new WebService(ns, 'web', { image: 'ghcr.io/acme/web:1.4.2', replicas: 3 });
    if (withRole) {
      new KubeRole(ns, 'debug-role', { metadata: { name: 'debug', namespace: 'shop' }, rules: [{ apiGroups: [''], resources: ['*'], verbs: ['list'] }] });
    }
    new PinnedHelmRelease(stack, 'cert-manager', { namespace: 'cert-manager', repository: { name: 'jetstack', url: 'https://charts.jetstack.io' }, chart: 'cert-manager', version: 'v1.19.1' });
    const platform = new PlatformStack(terraformApp(app), 'shop-state', { region: 'eu-west-1', backend: StateBackend.local('terraform.tfstate') });
    new StateBucket(platform, 'state', { bucketName: 'acme-shop-state' });
  },
});
const shop = shopApp(true);

describe('keelson/testing synthApp', () => {
  const out = synthApp(shop);

  test('gives the objects exactly as the synth writes them, with their construct paths', () => {
    const dir = tempDir();
    synthApps([shopApp(false)], dir);
    const clean = synthApp(shopApp(false));
    const web = out.find('Deployment', 'web');
    expect(web.spec).toMatchObject({ replicas: 3 });
    expect(out.constructPathOf(web)).toBe('shop/shop/web/Resource');
    expect(out.findAll({ kind: 'Service', namespace: 'shop' }).map((s) => s.metadata.name)).toEqual(['web']);
    const written = readTree(dir);
    expect(Object.fromEntries(clean.files)).toEqual(Object.fromEntries(Object.entries(written).filter(([f]) => f !== '.keelson.json')));
    expect(Object.keys(written)).toEqual(expect.arrayContaining(['shop/deployment_apps_shop_web.yaml', 'helm/shop/helmfile.yaml', 'terraform/shop/manifest.json']));
    expect(clean.objects).toEqual(Object.entries(written).filter(([f]) => f.startsWith('shop/')).map(([, text]) => parse(text)));
  });

  test('parses the Terraform stacks and the helmfile', () => {
    expect(Object.keys(out.terraform)).toEqual(['shop-state']);
    expect(Object.keys(out.terraform['shop-state'].resource)).toContain('aws_s3_bucket');
    expect(out.helmfile.releases.map((r: any) => `${r.chart}@${r.version}`)).toEqual(['jetstack/cert-manager@v1.19.1']);
  });

  test('reports policy errors instead of throwing, and asserts which check fired where', () => {
    expect(out.policy.errors).toBeGreaterThan(0);
    expect(out.expectFinding('rbac-wildcard', 'shop/shop/debug-role')).toHaveLength(1);
    expect(out.findings({ check: 'rbac-wildcard', construct: 'shop/shop/web' })).toEqual([]);
    expect(() => out.expectFinding('rbac-wildcard', 'shop/shop/web'))
      .toThrow(/expected check rbac-wildcard to fire on shop\/shop\/web in app "shop"; findings: rbac-wildcard on shop\/shop\/debug-role/);
    expect(() => out.expectPolicyClean()).toThrow(/app "shop" has 1 policy error\(s\)[\s\S]*error rbac-wildcard: Role shop\/debug/);
  });

  test('finders explain what exists when they miss', () => {
    expect(() => out.find('Deployment', 'api')).toThrow(/expected one Deployment "api" in app "shop", found 0; the app has: .*Deployment\.apps shop\/web/);
    expect(() => out.constructPathOf({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } })).toThrow('ConfigMap x is not an object of app "shop"');
  });

  test('validates against a strict schema folder the user names', () => {
    expect(out.validateSchemas(SCHEMA_ROOT)).toEqual([]);
    out.expectSchemaValid(SCHEMA_ROOT);
    const typo = synthApp((app) => {
      const ns = new SecureNamespace(new AppStack(app, 'typo'), 'typo');
      new ApiObject(ns, 'settings', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'typo' } })
        .addJsonPatch(JsonPatch.add('/dataz', { a: 'b' }));
    });
    expect(typo.validateSchemas(SCHEMA_ROOT).join('\n')).toMatch(/must NOT have additional properties "dataz"/);
    expect(() => typo.expectSchemaValid(SCHEMA_ROOT)).toThrow(/app "test": 1 object\(s\) do not match the schemas/);
  });

  test('writes nothing to the file system', () => {
    const writes = ['writeFileSync', 'mkdirSync', 'mkdtempSync', 'renameSync', 'linkSync', 'openSync', 'appendFileSync']
      .map((name) => jest.spyOn(require('node:fs') as typeof fs, name as any));
    try {
      synthApp(shop);
      writes.forEach((spy) => expect([spy.getMockName(), spy.mock.calls]).toEqual([spy.getMockName(), []]));
    } finally {
      writes.forEach((spy) => spy.mockRestore());
    }
  });
});

describe('keelson/testing synthStack', () => {
  test('keeps the objects of one stack of an app, like cdk8s Testing.synth', () => {
    const app = new App();
    const a = new AppStack(app, 'a');
    new SecureNamespace(a, 'a');
    new SecureNamespace(new AppStack(app, 'b'), 'b');
    const out = synthStack(a);
    expect(out.objects.map((m) => m.metadata.namespace ?? m.metadata.name)).toEqual(out.objects.map(() => 'a'));
    expect(out.objects.length).toBeGreaterThan(1);
  });
});
