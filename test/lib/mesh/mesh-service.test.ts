import { MeshService } from '../../../lib/mesh/mesh-service';
import { VirtualService } from '../../../lib/mesh/virtual-service';
import { SecureNamespace } from '../../../lib/security/secure-namespace';
import { restrictedViolations } from '../../helpers/pod-security';
import { all, find, synth, synthError } from '../../helpers/synth';

const IMAGE = (v: string) => `ghcr.io/acme/reviews:${v}.0.0`;

describe('MeshService with two versions and a canary split', () => {
  const out = synth((s) => {
    const ns = new SecureNamespace(s, 'shop');
    const reviews = new MeshService(ns, 'reviews', { containerPort: 9080 });
    reviews.addVersion('v1', { image: IMAGE('1'), replicas: 3 });
    reviews.addVersion('v2', { image: IMAGE('2'), replicas: 1 });
    expect(reviews.versionNames).toEqual(['v1', 'v2']);
    new VirtualService(ns, 'reviews-routes', { name: 'reviews', hosts: [reviews.name], http: [{ route: reviews.split({ v1: 90, v2: 10 }) }] });
  });

  test('one Deployment per version, labelled app and version, sharing one ServiceAccount', () => {
    const [v1, v2] = ['reviews-v1', 'reviews-v2'].map((n) => find(out, 'Deployment', n));
    expect(v1.spec.replicas).toBe(3);
    expect(v2.spec.replicas).toBe(1);
    expect(v1.spec.selector.matchLabels).toEqual({ app: 'reviews', version: 'v1' });
    expect(v2.spec.template.metadata.labels).toMatchObject({ 'app': 'reviews', 'version': 'v2', 'app.kubernetes.io/version': 'v2' });
    expect(v2.spec.template.spec.containers[0].image).toBe(IMAGE('2'));
    expect([v1, v2].map((d) => d.spec.template.spec.serviceAccountName)).toEqual(['reviews', 'reviews']);
    expect(all(out, 'ServiceAccount').map((sa) => sa.metadata.name)).toEqual(['reviews']);
    expect(restrictedViolations(v1.spec.template.spec)).toEqual([]);
  });

  test('one Service over all versions, with a port name Istio reads as HTTP', () => {
    const svc = find(out, 'Service', 'reviews');
    expect(svc.spec.selector).toEqual({ app: 'reviews' });
    expect(svc.spec.ports).toEqual([{ name: 'http', port: 80, targetPort: 9080, protocol: 'TCP' }]);
  });

  test('each version is a subset of the DestinationRule, and the split routes 90/10', () => {
    expect(find(out, 'DestinationRule', 'reviews').spec.subsets).toEqual([
      { name: 'v1', labels: { version: 'v1' } },
      { name: 'v2', labels: { version: 'v2' } },
    ]);
    expect(find(out, 'VirtualService', 'reviews').spec.http[0].route).toEqual([
      { destination: { host: 'reviews', subset: 'v1' }, weight: 90 },
      { destination: { host: 'reviews', subset: 'v2' }, weight: 10 },
    ]);
  });

  test('each version has its own disruption budget', () => {
    expect(all(out, 'PodDisruptionBudget').map((p) => [p.metadata.name, p.spec.selector.matchLabels])).toEqual([
      ['reviews-v1', { app: 'reviews', version: 'v1' }],
      ['reviews-v2', { app: 'reviews', version: 'v2' }],
    ]);
  });
});

describe('MeshService bad input', () => {
  const svc = (s: any, props = {}) => new MeshService(new SecureNamespace(s, 'shop'), 'reviews', props);

  test('a port name without a protocol prefix', () => {
    expect(synthError((s) => svc(s, { portName: 'web' })).message)
      .toContain('[test/shop/reviews] portName: got "web"; expected a port name that starts with its protocol, so Istio can route it: http, http2');
  });
  test('a split to a version that was never added', () => {
    expect(synthError((s) => { const r = svc(s); r.addVersion('v1', { image: IMAGE('1') }); r.split({ v1: 50, v3: 50 }); }).message)
      .toContain('[test/shop/reviews] split(weights): got "v3"; expected a version of reviews: v1');
  });
  test('weights that do not add up to 100', () => {
    expect(synthError((s) => { const r = svc(s); r.addVersion('v1', { image: IMAGE('1') }); r.addVersion('v2', { image: IMAGE('2') }); r.split({ v1: 90, v2: 5 }); }).message)
      .toContain('[test/shop/reviews] split(weights): got {"v1":90,"v2":5}; expected weights that add up to 100 (they add up to 95)');
  });
  test('the same version twice', () => {
    expect(synthError((s) => { const r = svc(s); r.addVersion('v1', { image: IMAGE('1') }); r.addVersion('v1', { image: IMAGE('1') }); }).message)
      .toContain('[test/shop/reviews] addVersion(version): got "v1"; expected a version not added before');
  });
});
