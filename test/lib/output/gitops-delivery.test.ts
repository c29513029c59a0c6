import { describeValue } from '../../../lib/core/errors';
import { GitOpsDeliveryOptions, deliveryFolder, deliveryManifests, validateDeliveryOptions } from '../../../lib/output/gitops-delivery';
import { Manifest } from '../../../lib/output/manifest';
import { validationMessage } from '../../helpers/bad-input';
import { expectSchemaValid } from '../../helpers/schemas';

const SHA = '0123456789abcdef0123456789abcdef01234567';
const ARGO: GitOpsDeliveryOptions = { tool: 'argocd', repoURL: 'https://github.com/acme/platform.git', path: 'dist', revision: 'main' };
const FLUX: GitOpsDeliveryOptions = { ...ARGO, tool: 'flux' };

type Spec = Record<string, any>;
const spec = (m: Manifest): Spec => m.spec as Spec;

describe('Argo CD delivery', () => {
  const apps = deliveryManifests(['web', 'api'], ARGO);

  test('one Application per app, sorted by name, pointing at the app folder on the revision', () => {
    expect(apps.map((m) => [m.apiVersion, m.kind, m.metadata.name])).toEqual([
      ['argoproj.io/v1alpha1', 'Application', 'api'],
      ['argoproj.io/v1alpha1', 'Application', 'web'],
    ]);
    expect(apps[0].metadata).toEqual({
      name: 'api',
      namespace: 'argocd',
      labels: { 'app.kubernetes.io/part-of': 'api', 'app.kubernetes.io/managed-by': 'keelson' },
    });
    expect(spec(apps[1]).project).toBe('default');
    expect(spec(apps[1]).source).toEqual({ repoURL: 'https://github.com/acme/platform.git', path: 'dist/web', targetRevision: 'main' });
    expect(spec(apps[1]).destination).toEqual({ server: 'https://kubernetes.default.svc' });
  });

  test('syncs automatically with prune and self-heal, never creates namespaces, and deleting it orphans the objects', () => {
    for (const app of apps) {
      expect(spec(app).syncPolicy.automated).toEqual({ prune: true, selfHeal: true });
      expect(spec(app).syncPolicy.syncOptions).toEqual(['FailOnSharedResource=true', 'PruneLast=true', 'SkipDryRunOnMissingResource=true']);
      expect(spec(app).syncPolicy.retry.limit).toBe(5);
      expect(spec(app).destination.namespace).toBeUndefined();
      expect((app.metadata as Spec).finalizers).toBeUndefined();
    }
  });

  test('overrides: namespace, project, destination, tag, commit and the repository root', () => {
    const [app] = deliveryManifests(['web'], {
      ...ARGO, repoURL: 'git@github.com:acme/platform.git', path: 'deploy/k8s', revision: { tag: 'v1.2.0' },
      namespace: 'gitops', project: 'shop', destinationServer: 'https://prod.example.com:6443',
    });
    expect(app.metadata.namespace).toBe('gitops');
    expect(spec(app).project).toBe('shop');
    expect(spec(app).source).toEqual({ repoURL: 'git@github.com:acme/platform.git', path: 'deploy/k8s/web', targetRevision: 'v1.2.0' });
    expect(spec(app).destination).toEqual({ server: 'https://prod.example.com:6443' });
    expect(spec(deliveryManifests(['web'], { ...ARGO, path: '.', revision: SHA })[0]).source)
      .toEqual({ repoURL: ARGO.repoURL, path: 'web', targetRevision: SHA });
  });
});

describe('Flux delivery', () => {
  const [source, ...kustomizations] = deliveryManifests(['web', 'api'], FLUX);

  test('one GitRepository following the branch, first', () => {
    expect(source.metadata).toEqual({ name: 'keelson-output', namespace: 'flux-system', labels: { 'app.kubernetes.io/managed-by': 'keelson' } });
    expect([source.apiVersion, source.kind]).toEqual(['source.toolkit.fluxcd.io/v1', 'GitRepository']);
    expect(source.spec).toEqual({ interval: '10m', url: 'https://github.com/acme/platform.git', ref: { branch: 'main' } });
  });

  test('one pruning Kustomization per app, sorted, reading ./<path>/<app>, without a target namespace', () => {
    expect(kustomizations.map((m) => [m.apiVersion, m.kind, m.metadata.namespace, m.metadata.name])).toEqual([
      ['kustomize.toolkit.fluxcd.io/v1', 'Kustomization', 'flux-system', 'api'],
      ['kustomize.toolkit.fluxcd.io/v1', 'Kustomization', 'flux-system', 'web'],
    ]);
    expect(kustomizations[1].metadata.labels).toEqual({ 'app.kubernetes.io/part-of': 'web', 'app.kubernetes.io/managed-by': 'keelson' });
    expect(kustomizations[1].spec).toEqual({
      interval: '10m',
      sourceRef: { kind: 'GitRepository', name: 'keelson-output' },
      path: './dist/web',
      prune: true,
      retryInterval: '1m',
      deletionPolicy: 'Orphan',
    });
  });

  test('a failed apply is retried after a minute, unless the interval is that short already', () => {
    const retry = (interval: string) => (deliveryManifests(['web'], { ...FLUX, interval })[1] as any).spec.retryInterval;
    expect([retry('1h'), retry('1h30m'), retry('90s'), retry('1m'), retry('30s'), retry('500ms')]).toEqual(['1m', '1m', '1m', undefined, undefined, undefined]);
  });

  test.each([
    ['a 40-hex string is a commit', SHA, { commit: SHA }],
    ['any other string is a branch', 'release/1.x', { branch: 'release/1.x' }],
    ['an explicit tag', { tag: 'v1.2.0' }, { tag: 'v1.2.0' }],
    ['an explicit branch that looks like a commit', { branch: 'cafe' }, { branch: 'cafe' }],
    ['an explicit commit', { commit: SHA }, { commit: SHA }],
  ])('revision: %s', (_title, revision, ref) => {
    expect(spec(deliveryManifests(['web'], { ...FLUX, revision })[0]).ref).toEqual(ref);
  });

  test('overrides: namespace, interval, source name, credentials and path', () => {
    const [repo, web] = deliveryManifests(['web'], {
      ...FLUX, repoURL: 'ssh://git@github.com/acme/platform.git', secretName: 'git-ssh', path: 'deploy/k8s',
      namespace: 'gitops', interval: '1h30m', sourceName: 'platform',
    });
    expect(repo.metadata.name).toBe('platform');
    expect(repo.spec).toEqual({ interval: '1h30m', url: 'ssh://git@github.com/acme/platform.git', ref: { branch: 'main' }, secretRef: { name: 'git-ssh' } });
    expect(web.metadata.namespace).toBe('gitops');
    expect(spec(web)).toMatchObject({ interval: '1h30m', sourceRef: { kind: 'GitRepository', name: 'platform' }, path: './deploy/k8s/web' });
    expect(spec(deliveryManifests(['web'], { ...FLUX, path: '.' })[1]).path).toBe('./web');
  });
});

describe('both tools', () => {
  const variants: GitOpsDeliveryOptions[] = [
    ARGO, FLUX, { ...ARGO, revision: { commit: SHA }, project: 'shop', repoURL: 'ssh://git@example.com:2222/acme/p.git' },
    { ...FLUX, revision: { tag: 'v1.0.0' }, secretName: 'git-auth', interval: '30s', namespace: 'gitops' },
  ];

  test('the objects validate against the strict Argo CD and Flux schemas', () => {
    expectSchemaValid(variants.flatMap((o) => deliveryManifests(['web', 'api', 'shop-db'], o)));
  });

  test('the output is deterministic and does not depend on the order of the apps', () => {
    for (const o of variants) {
      const first = deliveryManifests(['web', 'api', 'shop-db'], o);
      expect(deliveryManifests(['web', 'api', 'shop-db'], { ...o })).toEqual(first);
      expect(JSON.stringify(deliveryManifests(['shop-db', 'web', 'api'], o))).toBe(JSON.stringify(first));
    }
  });

  test('no apps give no objects; good options pass validation; the folder defaults to "delivery"', () => {
    expect(deliveryManifests([], FLUX)).toEqual([]);
    expect(() => validateDeliveryOptions(FLUX)).not.toThrow();
    expect(deliveryFolder(ARGO)).toBe('delivery');
    expect(deliveryFolder({ ...ARGO, folder: 'gitops' })).toBe('gitops');
  });
});

type Bad = [title: string, options: Partial<Record<keyof GitOpsDeliveryOptions, unknown>>, field: string, value: unknown, apps?: string[]];

describe('bad inputs', () => {
  const cases: Bad[] = [
    ['unknown tool', { tool: 'helm' }, 'delivery.tool', 'helm'],
    ['plain http URL', { repoURL: 'http://github.com/acme/p.git' }, 'delivery.repoURL', 'http://github.com/acme/p.git'],
    ['token in the URL', { repoURL: 'https://ghp_x@github.com/acme/p.git' }, 'delivery.repoURL', 'https://ghp_x@github.com/acme/p.git'],
    ['URL without repository path', { repoURL: 'https://github.com/' }, 'delivery.repoURL', 'https://github.com/'],
    ['zero-width space in the URL', { repoURL: 'https://github.com/acme/p.git\u200b' }, 'delivery.repoURL', 'https://github.com/acme/p.git\u200b'],
    ['scp-like URL for Flux', { tool: 'flux', repoURL: 'git@github.com:acme/p.git' }, 'delivery.repoURL', 'git@github.com:acme/p.git'],
    ['ssh URL for Flux without a Secret', { tool: 'flux', repoURL: 'ssh://git@github.com/acme/p.git' }, 'delivery.secretName', undefined],
    ['absolute path', { path: '/dist' }, 'delivery.path', '/dist'],
    ['path with ".."', { path: 'dist/../other' }, 'delivery.path', 'dist/../other'],
    ['path with trailing "/"', { path: 'dist/' }, 'delivery.path', 'dist/'],
    ['path starting with "./"', { path: './dist' }, 'delivery.path', './dist'],
    ['empty revision', { revision: '' }, 'delivery.revision', ''],
    ['revision with a space', { revision: 'my branch' }, 'delivery.revision', 'my branch'],
    ['revision with a no-break space', { revision: 'ma\u00a0in' }, 'delivery.revision', 'ma\u00a0in'],
    ['revision with ".."', { revision: 'release..1' }, 'delivery.revision', 'release..1'],
    ['revision ending with ".lock"', { revision: 'main.lock' }, 'delivery.revision', 'main.lock'],
    ['revision HEAD', { revision: 'HEAD' }, 'delivery.revision', 'HEAD'],
    ['tag with "^"', { revision: { tag: 'v1^2' } }, 'delivery.revision.tag', 'v1^2'],
    ['short commit', { revision: { commit: 'abc1234' } }, 'delivery.revision.commit', 'abc1234'],
    ['both branch and tag', { revision: { branch: 'a', tag: 'b' } }, 'delivery.revision', { branch: 'a', tag: 'b' }],
    ['namespace not a DNS label', { namespace: 'Argo_CD' }, 'delivery.namespace', 'Argo_CD'],
    ['project with a space', { project: 'my project' }, 'delivery.project', 'my project'],
    ['insecure destination', { destinationServer: 'http://kubernetes.default.svc' }, 'delivery.destinationServer', 'http://kubernetes.default.svc'],
    ['Argo CD option for Flux', { tool: 'flux', project: 'shop' }, 'delivery.project', 'shop'],
    ['Flux option for Argo CD', { interval: '5m' }, 'delivery.interval', '5m'],
    ['interval in words', { tool: 'flux', interval: '10 minutes' }, 'delivery.interval', '10 minutes'],
    ['zero interval', { tool: 'flux', interval: '0s' }, 'delivery.interval', '0s'],
    ['interval in nanoseconds', { tool: 'flux', interval: '100ns' }, 'delivery.interval', '100ns'],
    ['source named like flux bootstrap', { tool: 'flux', sourceName: 'flux-system' }, 'delivery.sourceName', 'flux-system'],
    ['reserved folder', { folder: 'terraform' }, 'delivery.folder', 'terraform'],
    ['folder not a DNS label', { folder: 'Delivery' }, 'delivery.folder', 'Delivery'],
    ['app name not a DNS label', {}, 'apps[0]', 'Web', ['Web']],
    ['duplicate app', {}, 'apps[1]', 'web', ['web', 'web']],
    ['app named like the delivery folder', {}, 'apps[1]', 'delivery', ['web', 'delivery']],
  ];

  test.each(cases)('%s', (_title, override, field, value, apps = ['web']) => {
    const options = { ...ARGO, ...override } as GitOpsDeliveryOptions;
    expect(validationMessage(() => deliveryManifests(apps, options))).toContain(`[<apps>] ${field}: got ${describeValue(value)}; expected `);
  });

  test('the Flux scp-like error suggests the ssh:// URL; all problems are reported at once', () => {
    expect(() => validateDeliveryOptions({ ...FLUX, repoURL: 'git@github.com:acme/p.git' })).toThrow('"ssh://git@github.com/acme/p.git"');
    expect(() => validateDeliveryOptions({ ...ARGO, path: '/x', revision: '', namespace: 'A' }, 'my-app')).toThrow(/3 problems[\s\S]*\[my-app\] delivery\.path/);
  });
});
