import { App } from 'cdk8s';
import { Construct } from 'constructs';
import { PlatformStack, StateBackend, VpcNetwork, VpcNetworkProps, terraformApp } from '../../../lib/aws';
import { AppStack } from '../../../lib/core/app-stack';
import { BadInput, describeBadInputs } from '../../helpers/bad-input';
import { GOOD_PLATFORM_APP } from '../../helpers/terraform';

// The flow log, its options and the outputs of a VpcNetwork: each bad value is refused at synth time, naming the prop.

function stack(scope: Construct): PlatformStack {
  return new PlatformStack(scope, 'bad', { region: 'us-west-2', backend: StateBackend.local() });
}
const network = (props: unknown, id = 'network') => (tf: Construct) => {
  new VpcNetwork(stack(tf), id, props as VpcNetworkProps);
};
/** Each case builds its stacks in the cdktf App of the app "bad". */
const inTerraform = (build: (tf: Construct) => void) => (app: App) => {
  new AppStack(app, 'bad');
  build(terraformApp(app));
};
const RETENTIONS = 'one of the CloudWatch Logs retention periods: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400';
const PREFIX = 'a Terraform output name prefix of at most 64 lowercase letters, digits and "_", starting with a letter';
const OUTPUTS = 'vpc_id, vpc_cidr_block, vpc_private_subnet_ids, vpc_public_subnet_ids, vpc_nat_public_ips, vpc_flow_log_group_name';

const CASES: BadInput[] = ([
  { title: 'flow log options that are not an object', build: network({ flowLogs: 'on' }),
    where: '[bad/network] flowLogs: got "on"', expected: 'an object of flow log options { retentionDays?, shortRetention?, maxAggregationInterval?, destination? }' },
  { title: 'flow log options as a list', build: network({ flowLogs: [] }),
    where: '[bad/network] flowLogs: got []', expected: 'an object of flow log options { retentionDays?, shortRetention?, maxAggregationInterval?, destination? }' },
  { title: 'a flow log option that does not exist', build: network({ flowLogs: { retentionDay: 365 } }),
    where: '[bad/network] flowLogs.retentionDay: got 365', expected: 'a known prop (did you mean "retentionDays"?)' },
  { title: 'a retention CloudWatch Logs does not offer', build: network({ flowLogs: { retentionDays: 200 } }),
    where: '[bad/network] flowLogs.retentionDays: got 200', expected: RETENTIONS },
  { title: 'a retention given as a string', build: network({ flowLogs: { retentionDays: '365' } }),
    where: '[bad/network] flowLogs.retentionDays: got "365"', expected: RETENTIONS },
  { title: 'never-expiring flow logs (retention 0)', build: network({ flowLogs: { retentionDays: 0 } }),
    where: '[bad/network] flowLogs.retentionDays: got 0', expected: RETENTIONS },
  { title: 'a retention under a year without a reason', build: network({ flowLogs: { retentionDays: 90 } }),
    where: '[bad/network] flowLogs.retentionDays: got 90', expected: 'at least 365 days (Checkov CKV_AWS_338), or a shorter period with flowLogs.shortRetention: { reason }' },
  { title: 'a short retention with an empty reason', build: network({ flowLogs: { retentionDays: 90, shortRetention: { reason: ' ' } } }),
    where: '[bad/network] flowLogs.shortRetention.reason: got " "',
    expected: 'a reason why flow log records may be kept less than 365 days (Checkov CKV_AWS_338 asks for a year), given as { reason: "..." }' },
  { title: 'a short retention given as a string', build: network({ flowLogs: { retentionDays: 90, shortRetention: 'cost' } }),
    where: '[bad/network] flowLogs.shortRetention.reason: got undefined', expected: 'a reason why flow log records may be kept less than 365 days' },
  { title: 'a short retention with a stray key', build: network({ flowLogs: { retentionDays: 90, shortRetention: { reason: 'cost', days: 90 } } }),
    where: '[bad/network] flowLogs.shortRetention.days: got 90', expected: 'a known prop' },
  { title: 'a reason for a short retention that is not short', build: network({ flowLogs: { retentionDays: 365, shortRetention: { reason: 'cost' } } }),
    where: '[bad/network] flowLogs.shortRetention: got {"reason":"cost"}', expected: 'no shortRetention: retentionDays (365) is already at least 365 days' },
  { title: 'a flow log destination that does not exist', build: network({ flowLogs: { destination: 'kinesis' } }),
    where: '[bad/network] flowLogs.destination: got "kinesis"', expected: '"cloudwatch" (a log group) or "s3" (a bucket)' },
  { title: 'an S3 flow log kept 0 days', build: network({ flowLogs: { destination: 's3', retentionDays: 0 } }),
    where: '[bad/network] flowLogs.retentionDays: got 0', expected: 'an integer from 1 to 36500' },
  { title: 'an S3 flow log kept part of a day', build: network({ flowLogs: { destination: 's3', retentionDays: 1.5 } }),
    where: '[bad/network] flowLogs.retentionDays: got 1.5', expected: 'an integer from 1 to 36500' },
  { title: 'an S3 flow log kept under a year without a reason', build: network({ flowLogs: { destination: 's3', retentionDays: 45 } }),
    where: '[bad/network] flowLogs.retentionDays: got 45', expected: 'at least 365 days (Checkov CKV_AWS_338), or a shorter period with flowLogs.shortRetention: { reason }' },
  { title: 'an aggregation interval EC2 does not offer', build: network({ flowLogs: { maxAggregationInterval: 300 } }),
    where: '[bad/network] flowLogs.maxAggregationInterval: got 300', expected: '60 or 600 (seconds)' },
  { title: 'an aggregation interval given as a string', build: network({ flowLogs: { maxAggregationInterval: '60' } }),
    where: '[bad/network] flowLogs.maxAggregationInterval: got "60"', expected: '60 or 600 (seconds)' },
  { title: 'no flow log without a reason (true)', build: network({ withoutFlowLogs: true }),
    where: '[bad/network] withoutFlowLogs.reason: got undefined', expected: 'a reason why the VPC may have no flow log (Checkov CKV2_AWS_11 asks for one), given as { reason: "..." }' },
  { title: 'no flow log with an empty reason', build: network({ withoutFlowLogs: { reason: '' } }),
    where: '[bad/network] withoutFlowLogs.reason: got ""', expected: 'a reason why the VPC may have no flow log' },
  { title: 'no flow log with a stray key', build: network({ withoutFlowLogs: { reason: 'test network', flowLogs: false } }),
    where: '[bad/network] withoutFlowLogs.flowLogs: got false', expected: 'a known prop' },
  { title: 'flow log options and no flow log at once', build: network({ withoutFlowLogs: { reason: 'test network' }, flowLogs: { retentionDays: 731 } }),
    where: '[bad/network] flowLogs: got {"retentionDays":731}', expected: 'no flowLogs options together with withoutFlowLogs (the VPC has no flow log to configure)' },
  { title: 'an output prefix in capitals', build: network({ outputPrefix: 'Vpc' }),
    where: '[bad/network] outputPrefix: got "Vpc"', expected: PREFIX },
  { title: 'an output prefix with a hyphen', build: network({ outputPrefix: 'blue-vpc' }),
    where: '[bad/network] outputPrefix: got "blue-vpc"', expected: PREFIX },
  { title: 'an empty output prefix', build: network({ outputPrefix: '' }),
    where: '[bad/network] outputPrefix: got ""', expected: PREFIX },
  { title: 'an output prefix that is not a string', build: network({ outputPrefix: 7 }),
    where: '[bad/network] outputPrefix: got 7', expected: PREFIX },
  { title: 'two networks in one stack with the default output prefix', build: (tf) => {
    const s = stack(tf);
    new VpcNetwork(s, 'blue', { cidr: '10.1.0.0/16' });
    new VpcNetwork(s, 'green', { cidr: '10.2.0.0/16' });
  }, where: '[bad/green] outputPrefix: got "vpc"', expected: `a prefix whose outputs (${OUTPUTS}) no other construct in this stack writes (bad/blue has it already)` },
  { title: 'a second network whose prefix repeats the first one\'s', build: (tf) => {
    const s = stack(tf);
    new VpcNetwork(s, 'blue', { outputPrefix: 'net' });
    new VpcNetwork(s, 'green', { outputPrefix: 'net', withoutFlowLogs: { reason: 'test network' } });
  }, where: '[bad/green] outputPrefix: got "net"', expected: 'a prefix whose outputs (net_id, net_cidr_block, net_private_subnet_ids, net_public_subnet_ids, net_nat_public_ips) '
    + 'no other construct in this stack writes (bad/blue has it already)' },
  { title: 'subnets to tag that are neither private nor public', build: (tf) => new VpcNetwork(stack(tf), 'network').tagSubnets('isolated' as any, { Tier: 'a' }),
    where: '[bad/network] tagSubnets(subnets): got "isolated"', expected: '"private" or "public"' },
  { title: 'subnet tags that are not an object', build: (tf) => new VpcNetwork(stack(tf), 'network').tagSubnets('private', ['Tier'] as any),
    where: '[bad/network] tagSubnets(tags): got ["Tier"]', expected: 'an object of tags, such as { Team: "platform" }' },
  { title: 'a subnet tag with a reserved aws: key', build: (tf) => new VpcNetwork(stack(tf), 'network').tagSubnets('private', { 'aws:team': 'a' }),
    where: '[bad/network] tagSubnets(tags) key: got "aws:team"', expected: 'a tag key of 1-128 letters, digits, spaces or _.:/=+-@, not starting with "aws:"' },
  { title: 'a subnet tag value that is not a string', build: (tf) => new VpcNetwork(stack(tf), 'network').tagSubnets('public', { Tier: 1 as any }),
    where: '[bad/network] tagSubnets(tags)["Tier"]: got 1', expected: 'a tag value of at most 256 letters, digits, spaces or _.:/=+-@' },
  { title: 'a subnet tag that would replace the load balancer role tag', build: (tf) => new VpcNetwork(stack(tf), 'network').tagSubnets('private', { 'kubernetes.io/role/internal-elb': '0' }),
    where: '[bad/network] tagSubnets(tags) key: got "kubernetes.io/role/internal-elb"', expected: 'a key the private subnets do not have yet (they have Name, kubernetes.io/role/internal-elb)' },
  { title: 'the same subnet tag twice', build: (tf) => {
    const net = new VpcNetwork(stack(tf), 'network');
    net.tagSubnets('private', { 'karpenter.sh/discovery': 'demo' });
    net.tagSubnets('private', { 'karpenter.sh/discovery': 'other' });
  }, where: '[bad/network] tagSubnets(tags) key: got "karpenter.sh/discovery"', expected: 'a key the private subnets do not have yet (they have Name, kubernetes.io/role/internal-elb, karpenter.sh/discovery)' },
  { title: 'more subnet tags than AWS allows', build: (tf) => new VpcNetwork(stack(tf), 'network').tagSubnets('public',
    Object.fromEntries(Array.from({ length: 47 }, (_, i) => [`t${i}`, 'x']))),
  where: `[bad/network] tagSubnets(tags): got {${Array.from({ length: 12 }, (_, i) => `"t${i}":"x",`).join('')}"t12":...`, expected: 'at most 46 tags (the AWS limit per resource, less the tags keelson adds)' },
] as Array<Omit<BadInput, 'build'> & { build: (tf: Construct) => void }>).map((c) => ({ ...c, build: inTerraform(c.build) }));

describeBadInputs('VpcNetwork flow log, output and subnet tag input', GOOD_PLATFORM_APP, CASES);
