import { ExternalDns, Route53Zone } from '../../../../lib/aws';
import { resources } from '../../../helpers/terraform';
import { objectOf, policyStatements, releaseOf, synthAddons } from './addon-synth';

describe('Route53Zone and ExternalDns', () => {
  const out = synthAddons(({ stack, kubernetes, cluster }) => {
    const zone = new Route53Zone(stack, 'zone', { zoneName: 'mydomain.com' });
    new ExternalDns(stack, 'dns', { cluster, kubernetes, zone });
  });

  test('the public zone is protected, keeps foreign records, and records why DNSSEC and query logging are not set here', () => {
    const [zone] = resources(out.tf, 'aws_route53_zone');
    expect(zone).toMatchObject({ name: 'mydomain.com', force_destroy: false, lifecycle: { prevent_destroy: true } });
    expect(zone.vpc).toBeUndefined();
    expect(Object.keys(zone['//'].checkov_skip_reasons).sort()).toEqual(['CKV2_AWS_38', 'CKV2_AWS_39']);
  });

  test('external-dns may change records of that zone only', () => {
    const statements = policyStatements(out.tf, 'demo-external-dns');
    const zoneName = Object.keys(out.tf.resource.aws_route53_zone)[0];
    const change = statements.find((s: any) => s.actions.includes('route53:ChangeResourceRecordSets'));
    expect(change.resources).toEqual([`\${aws_route53_zone.${zoneName}.arn}`]);
    const list = statements.find((s: any) => s.sid === 'ListZonesAndRecords');
    expect(list.resources).toEqual(['*']);
    expect(list.actions.every((a: string) => a.startsWith('route53:List'))).toBe(true);
    expect(statements).toHaveLength(2);
  });

  test('the pod identity is bound to external-dns/external-dns, whose ServiceAccount is in the YAML', () => {
    const assoc = resources(out.tf, 'aws_eks_pod_identity_association').find((a) => a.service_account === 'external-dns');
    expect(assoc.namespace).toBe('external-dns');
    expect(objectOf(out.yaml, 'ServiceAccount', 'external-dns').metadata.namespace).toBe('external-dns');
  });

  test('the chart is pinned, upsert-only, owned by the cluster, filtered to the zone', () => {
    const release = releaseOf(out.helmfile, 'external-dns');
    expect(release).toMatchObject({ namespace: 'external-dns', chart: 'external-dns/external-dns', version: '1.19.0' });
    expect(release.values[0]).toMatchObject({
      provider: { name: 'aws' }, policy: 'upsert-only', txtOwnerId: 'demo', domainFilters: ['mydomain.com'],
      sources: ['service', 'ingress', 'gateway-httproute'], extraArgs: ['--aws-zone-type=public'],
      serviceAccount: { create: false, name: 'external-dns' },
    });
  });

  test('a private zone is tied to the VPC; deletes need a reason, which is recorded', () => {
    const priv = synthAddons(({ stack, kubernetes, cluster, network }) => {
      const zone = new Route53Zone(stack, 'zone', { zoneName: 'internal.mydomain.com', network, allowDestroy: { reason: 'a test zone' } });
      new ExternalDns(stack, 'dns', { cluster, kubernetes, zone, allowDeletes: { reason: 'the cluster owns every record' }, txtOwnerId: 'blue',
        domainFilters: ['app.internal.mydomain.com'], sources: ['service'] });
    });
    const [zone] = resources(priv.tf, 'aws_route53_zone');
    expect(zone.vpc).toHaveLength(1);
    expect(zone.lifecycle.prevent_destroy).toBe(false);
    const values = releaseOf(priv.helmfile, 'external-dns').values[0];
    expect(values).toMatchObject({ policy: 'sync', txtOwnerId: 'blue', domainFilters: ['app.internal.mydomain.com'], sources: ['service'],
      extraArgs: ['--aws-zone-type=private'] });
    expect(resources(priv.tf, 'aws_iam_policy')[0]['//'].allow_deletes_reason).toBe('the cluster owns every record');
  });
});
