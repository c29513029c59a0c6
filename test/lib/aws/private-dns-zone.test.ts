import { Token } from 'cdktf';
import { PrivateDnsZone, PrivateDnsZoneProps, VpcNetwork } from '../../../lib/aws';
import { addressOf, resource, synthStack } from '../../helpers/terraform';

function zone(props: Partial<PrivateDnsZoneProps> = {}) {
  let built: PrivateDnsZone | undefined;
  const tf = synthStack((stack) => {
    const network = new VpcNetwork(stack, 'network');
    built = new PrivateDnsZone(stack, 'zone', { zoneName: 'counter.internal', network, ...props });
  });
  return { tf, zone: built! };
}

describe('PrivateDnsZone', () => {
  const { tf, zone: z } = zone();
  const hosted = resource(tf, 'aws_route53_zone');

  test('a private hosted zone of the given name, associated with the VPC (a vpc block, so never public)', () => {
    expect(hosted.name).toBe('counter.internal');
    expect(hosted.vpc).toEqual([{ vpc_id: `\${${addressOf(tf, 'aws_vpc')}.id}` }]);
    expect(hosted.delegation_set_id).toBeUndefined();
  });

  test('the VPC resolves private zones: DNS support and DNS host names are on', () => {
    expect(resource(tf, 'aws_vpc')).toMatchObject({ enable_dns_support: true, enable_dns_hostnames: true });
  });

  test('keeps records it did not create, and is protected from terraform destroy', () => {
    expect(hosted.force_destroy).toBe(false);
    expect(hosted.lifecycle).toEqual({ prevent_destroy: true });
    expect(Object.keys(hosted['//'])).toEqual(['metadata']);
  });

  test('its name is a plain string known at synth; its id is a Terraform value', () => {
    expect(z.zoneName).toBe('counter.internal');
    expect(Token.isUnresolved(z.zoneName)).toBe(false);
    expect(Token.isUnresolved(z.zoneId)).toBe(true);
  });

  test('allowDestroy with a reason lifts the protection and records the reason in the Terraform comment', () => {
    const { tf: tf2 } = zone({ zoneName: 'internal.example.com', allowDestroy: { reason: 'a throwaway test platform' } });
    const hosted2 = resource(tf2, 'aws_route53_zone');
    expect(hosted2).toMatchObject({ name: 'internal.example.com', force_destroy: false, lifecycle: { prevent_destroy: false } });
    expect(hosted2['//'].allow_destroy_reason).toBe('a throwaway test platform');
  });
});
