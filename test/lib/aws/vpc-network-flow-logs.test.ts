import { TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { VpcNetwork, VpcNetworkProps } from '../../../lib/aws';
import { terraformApp } from '../../../lib/aws/terraform-app';
import { AppStack } from '../../../lib/core/app-stack';
import { policyDocument } from '../../../lib/policy/checks/iam';
import { TerraformJson, addressOf, policyFindings, resource, resources, synthPlatform, synthStack } from '../../helpers/terraform';

const network = (props: VpcNetworkProps = {}) => synthStack((stack) => new VpcNetwork(stack, 'network', { name: 'demo', ...props }));
/** The data source a `${data.<type>.<name>.json}` reference names. */
const dataOf = (tf: TerraformJson, ref: string) => {
  const [, type, name] = /\$\{data\.([\w]+)\.([\w-]+)\./.exec(ref)!;
  return tf.data[type][name];
};

describe('VpcNetwork flow log (defaults)', () => {
  const tf = network();
  const vpc = addressOf(tf, 'aws_vpc');
  const flowLog = resource(tf, 'aws_flow_log');
  const logGroup = resource(tf, 'aws_cloudwatch_log_group');
  const logGroupAddress = addressOf(tf, 'aws_cloudwatch_log_group');
  const key = resource(tf, 'aws_kms_key');
  const role = resource(tf, 'aws_iam_role');
  const rolePolicy = resource(tf, 'aws_iam_role_policy');
  const partition = `\${data.aws_partition.${Object.keys(tf.data.aws_partition)[0]}.partition}`;
  const account = `\${data.aws_caller_identity.${Object.keys(tf.data.aws_caller_identity)[0]}.account_id}`;

  test('every flow of the VPC (ALL) goes to the CloudWatch Logs group through the role, once the role may write', () => {
    expect(flowLog).toMatchObject({
      vpc_id: `\${${vpc}.id}`,
      traffic_type: 'ALL',
      log_destination_type: 'cloud-watch-logs',
      log_destination: `\${${logGroupAddress}.arn}`,
      iam_role_arn: `\${${addressOf(tf, 'aws_iam_role')}.arn}`,
      max_aggregation_interval: 600,
    });
    expect(flowLog.depends_on).toEqual([addressOf(tf, 'aws_iam_role_policy')]);
  });

  test('the log group is named after the VPC, keeps a year, and is encrypted with a rotating key of its own', () => {
    expect(logGroup).toMatchObject({ name: `/aws/vpc-flow-log/\${${vpc}.id}`, retention_in_days: 365, kms_key_id: `\${${addressOf(tf, 'aws_kms_key')}.arn}` });
    expect(key).toMatchObject({ enable_key_rotation: true, deletion_window_in_days: 30 });
  });

  test('the key policy lets CloudWatch Logs use the key for this log group only, and the account administer it', () => {
    const doc = policyDocument(key.policy);
    expect(doc.Statement).toHaveLength(2);
    const [admin, logs] = doc.Statement;
    expect(admin).toMatchObject({ Effect: 'Allow', Principal: { AWS: `arn:${partition}:iam::${account}:root` }, Action: 'kms:*', Resource: '*' });
    expect(logs.Principal.Service).toBe(`logs.us-west-2.\${data.aws_partition.${Object.keys(tf.data.aws_partition)[0]}.dns_suffix}`);
    expect(logs.Action).toEqual(['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*']);
    expect(logs.Condition).toEqual({ ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': `arn:${partition}:logs:us-west-2:${account}:log-group:${logGroup.name}` } });
  });

  test('only flow logs of this account and region may assume the role', () => {
    expect(role.name).toBe(`\${${vpc}.id}-flow-logs`);
    const [statement] = dataOf(tf, role.assume_role_policy).statement;
    expect(statement.actions).toEqual(['sts:AssumeRole']);
    expect(statement.principals).toEqual([{ type: 'Service', identifiers: ['vpc-flow-logs.amazonaws.com'] }]);
    expect(statement.condition).toEqual([
      { test: 'StringEquals', variable: 'aws:SourceAccount', values: [account] },
      { test: 'ArnLike', variable: 'aws:SourceArn', values: [`arn:${partition}:ec2:us-west-2:${account}:vpc-flow-log/*`] },
    ]);
  });

  test('the role writes to its log group only, and looks up groups of its own account and region', () => {
    expect(rolePolicy.role).toBe(`\${${addressOf(tf, 'aws_iam_role')}.name}`);
    const statements = dataOf(tf, rolePolicy.policy).statement;
    expect(statements.map((s: any) => [s.actions, s.resources])).toEqual([
      [['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'], [`\${${logGroupAddress}.arn}:*`]],
      [['logs:DescribeLogGroups'], [`arn:${partition}:logs:us-west-2:${account}:log-group:*`]],
    ]);
    expect(statements.every((s: any) => s.effect === 'Allow' && !s.resources.includes('*'))).toBe(true);
  });

  test('no ARN is written with a literal partition', () => {
    const mine = [flowLog, logGroup, key, role, rolePolicy, ...Object.values(tf.data.aws_iam_policy_document)];
    expect(JSON.stringify(mine)).not.toMatch(/arn:aws[:-]/);
  });

  test('the network passes every policy check, the flow log, log group and key checks (CKV2_AWS_11, CKV_AWS_338/158, CKV2_AWS_64) among them', () => {
    expect(policyFindings(tf)).toEqual([]);
    expect(tf.resource.aws_vpc[vpc.split('.')[1]]['//'].checkov_skip_reasons).toBeUndefined();
  });

  test('outputs the VPC, its subnets, NAT addresses and log group for other stacks', () => {
    const ids = (type: string, tag: string) => Object.entries(tf.resource[type]).filter(([, s]: any) => s.tags?.[tag] === '1').map(([n]) => `\${${type}.${n}.id}`);
    expect(tf.output).toEqual({
      vpc_id: { value: `\${${vpc}.id}`, description: 'ID of the VPC demo' },
      vpc_cidr_block: { value: `\${${vpc}.cidr_block}`, description: 'IPv4 range of the VPC' },
      vpc_private_subnet_ids: { value: ids('aws_subnet', 'kubernetes.io/role/internal-elb'), description: expect.stringContaining('private subnets') },
      vpc_public_subnet_ids: { value: ids('aws_subnet', 'kubernetes.io/role/elb'), description: expect.stringContaining('public subnets') },
      vpc_nat_public_ips: { value: Object.keys(tf.resource.aws_eip).map((n) => `\${aws_eip.${n}.public_ip}`), description: expect.stringContaining('NAT gateways') },
      vpc_flow_log_group_name: { value: `\${${logGroupAddress}.name}`, description: 'CloudWatch Logs group of the VPC flow log' },
    });
    expect(tf.output.vpc_private_subnet_ids.value).toHaveLength(3);
    expect(tf.output.vpc_nat_public_ips.value).toHaveLength(3);
  });

  test('subnets carry the Load Balancer Controller role tags and no cluster tag (not needed since LBC v2.1.2)', () => {
    const tags = resources(tf, 'aws_subnet').flatMap((s) => Object.keys(s.tags));
    expect(tags.filter((t) => t.startsWith('kubernetes.io/role/')).sort()).toEqual([
      ...Array(3).fill('kubernetes.io/role/elb'), ...Array(3).fill('kubernetes.io/role/internal-elb')]);
    expect(tags.some((t) => t.startsWith('kubernetes.io/cluster/'))).toBe(false);
  });
});

describe('VpcNetwork flow log to S3', () => {
  const reason = 'flow records are copied to the security account\'s archive within a day';
  const tf = network({ flowLogs: { destination: 's3', retentionDays: 90, shortRetention: { reason } } });
  const vpc = addressOf(tf, 'aws_vpc');
  const bucketAddress = addressOf(tf, 'aws_s3_bucket');
  const bucket = resource(tf, 'aws_s3_bucket');
  const key = resource(tf, 'aws_kms_key');
  const partition = `\${data.aws_partition.${Object.keys(tf.data.aws_partition)[0]}.partition}`;
  const account = `\${data.aws_caller_identity.${Object.keys(tf.data.aws_caller_identity)[0]}.account_id}`;
  const logsArn = `arn:${partition}:logs:us-west-2:${account}:*`;

  test('every flow goes to the bucket as hourly Parquet files, once the bucket lets the delivery in; no log group, no role', () => {
    expect(resource(tf, 'aws_flow_log')).toMatchObject({
      vpc_id: `\${${vpc}.id}`, traffic_type: 'ALL', log_destination_type: 's3', log_destination: `\${${bucketAddress}.arn}`,
      destination_options: { file_format: 'parquet', hive_compatible_partitions: true, per_hour_partition: true },
      depends_on: [addressOf(tf, 'aws_s3_bucket_policy')],
    });
    expect(resource(tf, 'aws_flow_log').iam_role_arn).toBeUndefined();
    for (const type of ['aws_cloudwatch_log_group', 'aws_iam_role', 'aws_iam_role_policy']) {
      expect([type, resources(tf, type)]).toEqual([type, []]);
    }
  });

  test('the bucket is named after the VPC, private, encrypted with the flow log\'s key, and expires records after the retention', () => {
    expect(bucket.bucket).toBe(`\${${vpc}.id}-flow-logs`);
    expect(resource(tf, 'aws_s3_bucket_server_side_encryption_configuration').rule).toEqual([{
      apply_server_side_encryption_by_default: { sse_algorithm: 'aws:kms', kms_master_key_id: `\${${addressOf(tf, 'aws_kms_key')}.arn}` }, bucket_key_enabled: true,
    }]);
    expect(resource(tf, 'aws_s3_bucket_public_access_block')).toMatchObject({ block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true });
    const [expire] = resource(tf, 'aws_s3_bucket_lifecycle_configuration').rule;
    expect(expire).toMatchObject({ id: 'expire-flow-logs', expiration: [{ days: 90 }] });
    // The short retention is recorded with its reason.
    expect(bucket['//'].short_retention_reason).toBe(reason);
  });

  test('only this account\'s log deliveries may write under AWSLogs/, and plain HTTP is refused', () => {
    const statements = dataOf(tf, resource(tf, 'aws_s3_bucket_policy').policy).statement;
    const bySid = Object.fromEntries(statements.map((x: any) => [x.sid, x]));
    expect(Object.keys(bySid).sort()).toEqual(['AWSLogDeliveryAclCheck', 'AWSLogDeliveryWrite', 'DenyInsecureTransport']);
    expect(bySid.AWSLogDeliveryWrite).toMatchObject({
      actions: ['s3:PutObject'], resources: [`\${${bucketAddress}.arn}/AWSLogs/${account}/*`],
      principals: [{ type: 'Service', identifiers: ['delivery.logs.amazonaws.com'] }],
    });
    expect(bySid.AWSLogDeliveryWrite.condition).toEqual([
      { test: 'StringEquals', variable: 'aws:SourceAccount', values: [account] },
      { test: 'ArnLike', variable: 'aws:SourceArn', values: [logsArn] },
      { test: 'StringEquals', variable: 's3:x-amz-acl', values: ['bucket-owner-full-control'] },
    ]);
    expect(bySid.AWSLogDeliveryAclCheck).toMatchObject({ actions: ['s3:GetBucketAcl'], resources: [`\${${bucketAddress}.arn}`] });
  });

  test('the key policy lets only this account\'s log deliveries use the key', () => {
    const [, delivery] = policyDocument(key.policy).Statement;
    expect(delivery).toMatchObject({ Principal: { Service: 'delivery.logs.amazonaws.com' }, Resource: '*' });
    expect(delivery.Action).toEqual(['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey']);
    // Inside jsonencode() the account id is a bare reference to the caller identity, not an interpolated string.
    expect(delivery.Condition).toEqual({ StringEquals: { 'aws:SourceAccount': account.slice(2, -1) }, ArnLike: { 'aws:SourceArn': logsArn } });
  });

  test('every policy check passes, the bucket\'s deliberate gaps recorded with reasons; the bucket is an output', () => {
    expect(policyFindings(tf)).toEqual([]);
    expect(Object.keys(bucket['//'].checkov_skip_reasons).sort()).toEqual(['CKV2_AWS_62', 'CKV_AWS_144', 'CKV_AWS_18']);
    expect(tf.output.vpc_flow_log_bucket_name).toEqual({ value: `\${${bucketAddress}.bucket}`, description: 'S3 bucket of the VPC flow log (Parquet, under AWSLogs/)' });
    expect(tf.output.vpc_flow_log_group_name).toBeUndefined();
    expect(JSON.stringify(tf)).not.toMatch(/arn:aws[:-]/);
  });

  test('a year or more needs no reason; the retention may be any whole number of days', () => {
    const long = network({ flowLogs: { destination: 's3', retentionDays: 400 } });
    expect(resource(long, 'aws_s3_bucket_lifecycle_configuration').rule[0].expiration).toEqual([{ days: 400 }]);
    expect(resource(long, 'aws_s3_bucket')['//'].short_retention_reason).toBeUndefined();
    expect(policyFindings(long)).toEqual([]);
  });
});

describe('VpcNetwork flow log options', () => {
  test('a longer retention and one-minute aggregation', () => {
    const tf = network({ flowLogs: { retentionDays: 731, maxAggregationInterval: 60 } });
    expect(resource(tf, 'aws_cloudwatch_log_group').retention_in_days).toBe(731);
    expect(resource(tf, 'aws_flow_log').max_aggregation_interval).toBe(60);
    expect(policyFindings(tf)).toEqual([]);
  });

  test('a retention under a year with a reason, recorded as a CKV_AWS_338 skip that the retention check accepts', () => {
    const reason = 'flow records are exported nightly to the security account';
    const tf = network({ flowLogs: { retentionDays: 30, shortRetention: { reason } } });
    const group = resource(tf, 'aws_cloudwatch_log_group');
    expect(group.retention_in_days).toBe(30);
    expect(group['//'].checkov).toEqual({ skip: [{ id: 'CKV_AWS_338', comment: reason }] });
    expect(group['//'].checkov_skip_reasons).toEqual({ CKV_AWS_338: reason });
    expect(policyFindings(tf)).toEqual([]);
  });

  test('no flow log with a reason: nothing of it is created, and the VPC records a CKV2_AWS_11 skip that the flow log check accepts', () => {
    const reason = 'a throw-away test network';
    const tf = network({ withoutFlowLogs: { reason } });
    for (const type of ['aws_flow_log', 'aws_cloudwatch_log_group', 'aws_kms_key', 'aws_iam_role', 'aws_iam_role_policy']) {
      expect([type, resources(tf, type)]).toEqual([type, []]);
    }
    expect(resource(tf, 'aws_vpc')['//'].checkov_skip_reasons).toEqual({ CKV2_AWS_11: reason });
    expect(policyFindings(tf)).toEqual([]);
    expect(Object.keys(tf.output).sort()).toEqual(['vpc_cidr_block', 'vpc_id', 'vpc_nat_public_ips', 'vpc_private_subnet_ids', 'vpc_public_subnet_ids']);
  });

  test('two networks in one stack, each with its own output prefix and flow log', () => {
    const tf = synthStack((stack) => {
      new VpcNetwork(stack, 'blue', { cidr: '10.1.0.0/16', azCount: 2, natGateways: 'single' });
      new VpcNetwork(stack, 'green', { cidr: '10.2.0.0/16', azCount: 2, natGateways: 'single', outputPrefix: 'green_vpc' });
    });
    expect(Object.keys(tf.output).filter((o) => o.endsWith('_id')).sort()).toEqual(['green_vpc_id', 'vpc_id']);
    expect(resources(tf, 'aws_flow_log').map((f) => f.vpc_id).sort()).toEqual(Object.keys(tf.resource.aws_vpc).map((n) => `\${aws_vpc.${n}.id}`).sort());
    expect(new Set(resources(tf, 'aws_iam_role').map((r) => r.name)).size).toBe(2);
    expect(policyFindings(tf)).toEqual([]);
  });

  test('in a plain Terraform stack, the region comes from the provider', () => {
    const out = synthPlatform({
      name: 'plain',
      description: '',
      build: (app) => {
        new AppStack(app, 'plain');
        const stack = new TerraformStack(terraformApp(app), 'plain');
        new AwsProvider(stack, 'aws', { region: 'eu-central-1' });
        new VpcNetwork(stack, 'network', { availabilityZones: ['eu-central-1a', 'eu-central-1b'] });
      },
    });
    const tf = out.stacks.plain;
    const region = `\${data.aws_region.${Object.keys(tf.data.aws_region)[0]}.region}`;
    expect(policyDocument(resource(tf, 'aws_kms_key').policy).Statement[1].Principal.Service).toMatch(new RegExp(`^logs\\.${region.replace(/[$.{}[\]]/g, '\\$&')}\\.`));
  });
});

describe('VpcNetwork.tagSubnets', () => {
  test('adds tags to the subnets\' own resources (no aws_ec2_tag, which would fight them), keeping theirs', () => {
    const tf = synthStack((stack) => {
      const net = new VpcNetwork(stack, 'network', { name: 'demo', azCount: 2, natGateways: 'single' });
      net.tagSubnets('private', { 'karpenter.sh/discovery': 'demo' });
      net.tagSubnets('public', { Tier: 'edge' });
    });
    const subnets = resources(tf, 'aws_subnet');
    expect(subnets.filter((s) => s.tags['kubernetes.io/role/internal-elb']).map((s) => s.tags))
      .toEqual([0, 1].map((i) => ({ 'Name': `demo-private-${i}`, 'kubernetes.io/role/internal-elb': '1', 'karpenter.sh/discovery': 'demo' })));
    expect(subnets.filter((s) => s.tags['kubernetes.io/role/elb']).map((s) => s.tags))
      .toEqual([0, 1].map((i) => ({ 'Name': `demo-public-${i}`, 'kubernetes.io/role/elb': '1', 'Tier': 'edge' })));
    expect(tf.resource.aws_ec2_tag).toBeUndefined();
  });
});

