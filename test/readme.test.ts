import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import * as keelson from '../lib';
import { expectSchemaValid } from './helpers/schemas';
import { readTree, tempDir } from './helpers/tmp';
import { transpileTs } from './helpers/transpile';

const README = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');

/**
 * Runs the first `ts` block under a README heading as a user would paste it (its only import is "keelson"), writing
 * into a fresh folder, and returns the manifests of the app folder named, validated against the strict schemas.
 */
function runExample(heading: string, appFolder: string): any[] {
  const start = README.indexOf(`\n${heading}\n`);
  expect(start).toBeGreaterThanOrEqual(0);
  const example = /```ts\n([\s\S]*?)```/.exec(README.slice(start))?.[1];
  expect(example).toBeDefined();
  const outdir = tempDir();
  const js = transpileTs(example!.replace("'dist'", JSON.stringify(outdir)), 'README.ts');
  const requireStub = (id: string) => {
    expect(id).toBe('keelson');
    return keelson;
  };
  new Function('require', 'exports', js)(requireStub, {});
  const manifests = Object.values(readTree(path.join(outdir, appFolder))).map((text) => parse(text));
  expectSchemaValid(manifests);
  return manifests;
}

describe('README', () => {
  test('the example can be pasted and run as is', () => {
    const manifests = runExample('## Example', 'shop');
    expect(manifests.map((m) => `${m.kind}/${m.metadata.name}`).sort()).toEqual([
      'Deployment/web', 'ExternalSecret/db-credentials', 'Ingress/web', 'Namespace/shop',
      'NetworkPolicy/allow-dns', 'NetworkPolicy/db-ingress-from-web', 'NetworkPolicy/default-deny',
      'NetworkPolicy/web-egress-to-db', 'NetworkPolicy/web-ingress-from-traefik',
      'PodDisruptionBudget/db', 'PodDisruptionBudget/web', 'Service/db', 'Service/db-headless', 'Service/web',
      'ServiceAccount/db', 'ServiceAccount/web', 'StatefulSet/db',
    ]);
  });

  test('the everyday-workloads example can be pasted and run as is, and passes policy and the strict schemas', () => {
    const manifests = runExample('## Everyday workloads', 'ops');
    expect(manifests.map((m) => `${m.kind}/${m.metadata.name}`).filter((k) => /^(Job|CronJob|Deployment|DaemonSet|ConfigMap)\//.test(k)).sort())
      .toEqual(['ConfigMap/settings', 'CronJob/backup', 'DaemonSet/log-agent', 'Deployment/orders', 'Job/migrate']);
  });

  test('the services, storage and namespaces example runs as is, passes the strict schemas, and routes, stores and budgets', () => {
    const manifests = runExample('## Services, storage, namespaces and the Gateway API', 'shop-platform');
    const find = (kind: string, name: string) => manifests.find((m) => m.kind === kind && m.metadata.name === name);

    const route = find('HTTPRoute', 'web');
    expect(route.spec.parentRefs).toEqual([expect.objectContaining({ name: 'public', sectionName: 'https' })]);
    expect(route.spec.rules[0].backendRefs).toEqual([expect.objectContaining({ name: 'web', port: 80 })]);
    expect(find('HTTPRoute', 'public-https-redirect').spec.rules[0].filters[0].requestRedirect.scheme).toBe('https');
    expect(find('NetworkPolicy', 'web-ingress-from-gateway-public')).toBeDefined();
    expect(find('Ingress', 'web')).toBeUndefined();

    const claim = find('PersistentVolumeClaim', 'search-data');
    expect(claim.spec).toMatchObject({ storageClassName: 'gp3', accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '20Gi' } } });
    expect(claim.metadata.annotations['argocd.argoproj.io/sync-options']).toContain('Prune=false');
    expect(find('StorageClass', 'gp3').reclaimPolicy).toBe('Retain');
    expect(find('Deployment', 'search').spec.strategy.type).toBe('Recreate');

    const lb = find('Service', 'partner-api');
    expect(lb.spec).toMatchObject({ type: 'LoadBalancer', loadBalancerSourceRanges: ['203.0.113.0/24'] });
    expect(lb.metadata.annotations['external-dns.alpha.kubernetes.io/hostname']).toBe('partners.example.com');
    expect(find('Service', 'db').spec).toMatchObject({ type: 'ExternalName', externalName: 'shop.abc123.eu-west-1.rds.amazonaws.com' });

    expect(find('ResourceQuota', 'resource-quota').spec.hard).toMatchObject({ 'requests.cpu': '4', 'gp3.storageclass.storage.k8s.io/requests.storage': '100Gi', 'services.nodeports': '0' });
    expect(find('LimitRange', 'limit-range').spec.limits).toContainEqual(expect.objectContaining({ type: 'PersistentVolumeClaim', max: { storage: '50Gi' } }));
    expect(find('Namespace', 'shop').metadata.labels).toMatchObject({ 'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/audit': 'restricted' });
  });

  test('the policy configuration shown loads, and names only registered checks', () => {
    const start = README.indexOf('**Configuration.**');
    const json = /```json\n([\s\S]*?)```/.exec(README.slice(start))?.[1];
    expect(json).toBeDefined();
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'keelson.policy.json'), json!);
    const config = keelson.loadPolicyConfig(path.join(dir, 'keelson.policy.json'));
    expect(config.exclude).toEqual(['workload-spread']);
    expect(config.severity).toEqual({ 'image-pull-policy': 'error', 'resources-cpu-limit': 'off' });
    expect(config.schemas).toBe(path.resolve(dir, '../schemas'));
  });

  test('the extension example runs as is: a CRD, an operator derived from it and a typed custom resource, valid, with no policy error', () => {
    const manifests = runExample('## Extending the API: CRDs, custom resources and operators', 'jobs');
    const names = manifests.map((m) => `${m.kind}/${m.metadata.name}`);
    expect(names).toEqual(expect.arrayContaining(['CustomResourceDefinition/delayedjobs.delayedresources.mydomain.com', 'DelayedJob/nightly',
      'Deployment/delayed-job-controller-manager', 'Namespace/delayed-job-system']));
    const role = manifests.find((m) => m.kind === 'ClusterRole');
    expect(role.rules.map((r: any) => r.resources[0])).toEqual(['jobs', 'delayedjobs', 'delayedjobs/finalizers', 'delayedjobs/status']);
  });

  test('the testing example is the consumer project\'s own test, which CI runs against the packed library', () => {
    const example = /## Testing your stacks[\s\S]*?```ts\n([\s\S]*?)```/.exec(README)?.[1];
    expect(example).toBe(fs.readFileSync(path.join(__dirname, 'consumer', 'project', 'test', 'shop.test.ts'), 'utf8'));
    expect(example!.split('\n').length).toBeLessThanOrEqual(20);
  });

  test('the cdk8s.yaml shown is the one in the repository', () => {
    const shown = /## What `cdk8s synth` does here[\s\S]*?```yaml\n([\s\S]*?)```/.exec(README)?.[1];
    const actual = fs.readFileSync(path.join(__dirname, '..', 'cdk8s.yaml'), 'utf8').split('\n').filter((l) => !l.startsWith('#')).join('\n');
    expect(shown).toBe(actual);
  });

  test('names the two commands and every lib/ domain folder', () => {
    expect(README).toContain('npm ci && npm run synth');
    expect(README).toContain('npm test');
    const domains = fs.readdirSync(path.join(__dirname, '..', 'lib'), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
    for (const d of domains) {
      expect(README).toContain(`| \`${d}/\` |`);
    }
  });
});
