import { VpcNetwork } from '../../../lib/aws/vpc-network';
import { addressOf, resource, resources, synthStack } from '../../helpers/terraform';

describe('VpcNetwork', () => {
  const tf = synthStack((stack) => new VpcNetwork(stack, 'network', { name: 'demo' }));
  const vpc = addressOf(tf, 'aws_vpc');

  test('a 10.0.0.0/16 VPC with DNS hostnames', () => {
    expect(resource(tf, 'aws_vpc')).toMatchObject({ cidr_block: '10.0.0.0/16', enable_dns_hostnames: true, enable_dns_support: true, tags: { Name: 'demo' } });
  });

  test('three private /19s and three public /24s, tagged for internal and internet-facing load balancers', () => {
    const subnets = resources(tf, 'aws_subnet');
    const privates = subnets.filter((s) => s.tags['kubernetes.io/role/internal-elb'] === '1');
    const publics = subnets.filter((s) => s.tags['kubernetes.io/role/elb'] === '1');
    expect(privates.map((s) => s.cidr_block)).toEqual(['10.0.0.0/19', '10.0.32.0/19', '10.0.64.0/19']);
    expect(publics.map((s) => s.cidr_block)).toEqual(['10.0.96.0/24', '10.0.97.0/24', '10.0.98.0/24']);
    expect(publics.every((s) => s.map_public_ip_on_launch === false)).toBe(true);
    expect(subnets.every((s) => s.vpc_id === `\${${vpc}.id}`)).toBe(true);
    // Zones come from the region's available zones, one per index.
    expect(privates.map((s) => s.availability_zone)).toEqual([0, 1, 2].map((i) => `\${element(data.aws_availability_zones.${Object.keys(tf.data.aws_availability_zones)[0]}.names, ${i})}`));
  });

  test('public subnets route to the internet gateway; each private subnet to the NAT gateway of its zone', () => {
    const igw = addressOf(tf, 'aws_internet_gateway');
    const tables = resources(tf, 'aws_route_table');
    expect(tables.filter((t) => t.route[0].gateway_id === `\${${igw}.id}`)).toHaveLength(1);
    const natIds = Object.keys(tf.resource.aws_nat_gateway).map((n) => `\${aws_nat_gateway.${n}.id}`);
    expect(natIds).toHaveLength(3);
    expect(tables.filter((t) => t.route[0].nat_gateway_id).map((t) => t.route[0].nat_gateway_id).sort()).toEqual([...natIds].sort());
    expect(resources(tf, 'aws_eip').every((e) => e.domain === 'vpc')).toBe(true);
    expect(resources(tf, 'aws_route_table_association')).toHaveLength(6);
  });

  test('the default security group allows nothing', () => {
    const sg = resource(tf, 'aws_default_security_group');
    expect(sg.vpc_id).toBe(`\${${vpc}.id}`);
    expect(sg.ingress).toBeUndefined();
    expect(sg.egress).toBeUndefined();
  });

  test('a single NAT gateway serves every zone when asked', () => {
    const single = synthStack((stack) => new VpcNetwork(stack, 'network', { natGateways: 'single', availabilityZones: ['us-west-2a', 'us-west-2b'] }));
    expect(resources(single, 'aws_nat_gateway')).toHaveLength(1);
    expect(resources(single, 'aws_subnet').map((s) => s.availability_zone).sort()).toEqual(['us-west-2a', 'us-west-2a', 'us-west-2b', 'us-west-2b']);
    expect(single.data?.aws_availability_zones).toBeUndefined();
  });

  test('explicit subnets in a smaller VPC', () => {
    const small = synthStack((stack) => new VpcNetwork(stack, 'network', {
      cidr: '172.16.0.0/20', azCount: 2,
      privateSubnetCidrs: ['172.16.0.0/22', '172.16.4.0/22'], publicSubnetCidrs: ['172.16.8.0/26', '172.16.8.64/26'],
    }));
    expect(resources(small, 'aws_subnet').map((s) => s.cidr_block).sort()).toEqual(['172.16.0.0/22', '172.16.4.0/22', '172.16.8.0/26', '172.16.8.64/26']);
  });
});
