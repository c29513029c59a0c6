import { TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import { PlatformStack, awsAccountId, awsDnsSuffix, awsManagedPolicy, awsPartition, managedPolicyArn, serviceRole } from '../../../lib/aws';
import { policyFindings, resource, resources, synthStack } from '../../helpers/terraform';

const PARTITION = '${data.aws_partition.partition.partition}';
const ACCOUNT = '${data.aws_caller_identity.caller-identity.account_id}';

describe('the partition of ARNs', () => {
  test('awsManagedPolicy names the commercial partition; managedPolicyArn the stack\'s', () => {
    expect(awsManagedPolicy('AmazonEKSWorkerNodePolicy')).toBe('arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy');
    const tf = synthStack((stack) => {
      new TerraformOutput(stack, 'policy', { value: managedPolicyArn(stack, 'service-role/AmazonEBSCSIDriverPolicy') });
    });
    expect(tf.output.policy.value).toBe(`arn:${PARTITION}:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy`);
  });

  test('the partition, DNS suffix and account are one data source each per stack, from any construct in it', () => {
    const tf = synthStack((stack) => {
      const deep = new Construct(new Construct(stack, 'a'), 'b');
      new TerraformOutput(stack, 'values', { value: [awsPartition(deep), awsPartition(stack), awsDnsSuffix(deep), awsAccountId(deep), stack.partition, stack.accountId] });
    });
    expect(tf.output.values.value).toEqual([PARTITION, PARTITION, '${data.aws_partition.partition.dns_suffix}', ACCOUNT, PARTITION, ACCOUNT]);
    expect(Object.keys(tf.data)).toEqual(['aws_caller_identity', 'aws_partition']);
  });

  test('regionalArn, secretsManagerArn and logGroupArn use the partition, region and account', () => {
    const tf = synthStack((stack) => {
      new TerraformOutput(stack, 'arns', { value: [stack.regionalArn('eks', 'cluster/demo'), stack.secretsManagerArn('counter/*'), stack.logGroupArn('/aws/eks/demo/cluster')] });
    });
    expect(tf.output.arns.value).toEqual([
      `arn:${PARTITION}:eks:us-west-2:${ACCOUNT}:cluster/demo`,
      `arn:${PARTITION}:secretsmanager:us-west-2:${ACCOUNT}:secret:counter/*`,
      `arn:${PARTITION}:logs:us-west-2:${ACCOUNT}:log-group:/aws/eks/demo/cluster:*`,
    ]);
  });

  test('PlatformStack.of finds the stack of a construct', () => {
    synthStack((stack) => {
      expect(PlatformStack.of(new Construct(new Construct(stack, 'a'), 'b'))).toBe(stack);
    });
  });
});

describe('serviceRole', () => {
  const tf = synthStack((stack) => {
    serviceRole(new Construct(stack, 'ops'), {
      name: 'ops',
      service: 'ec2.amazonaws.com',
      trustActions: ['sts:AssumeRole'],
      managedPolicyArns: [awsManagedPolicy('ReadOnlyAccess'), 'arn:aws:iam::123456789012:policy/own', 'arn:aws-cn:iam::aws:policy/ReadOnlyAccess2'],
      trustConditions: [
        { test: 'StringEquals', variable: 'aws:SourceAccount', values: ['123456789012'] },
        { test: 'ArnLike', variable: 'aws:SourceArn', values: ['arn:aws:ec2:us-west-2:123456789012:instance/*'] },
      ],
    });
  });

  test('the trust policy is JSON in the role, with the conditions grouped by operator', () => {
    expect(JSON.parse(resource(tf, 'aws_iam_role').assume_role_policy)).toEqual({
      Version: '2012-10-17',
      Statement: [{
        Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: ['sts:AssumeRole'],
        Condition: { StringEquals: { 'aws:SourceAccount': ['123456789012'] }, ArnLike: { 'aws:SourceArn': ['arn:aws:ec2:us-west-2:123456789012:instance/*'] } },
      }],
    });
    expect(tf.data?.aws_iam_policy_document).toBeUndefined();
  });

  test('AWS managed policies of the commercial partition move to the stack\'s; other ARNs stay as given, and the attachment ids keep the policy name', () => {
    const attachments = Object.entries(tf.resource.aws_iam_role_policy_attachment).map(([id, a]: [string, any]) => [id.replace(/_[0-9A-F]{8}$/, ''), a.policy_arn]);
    expect(attachments.sort()).toEqual([
      ['ops_policy-ReadOnlyAccess', `arn:${PARTITION}:iam::aws:policy/ReadOnlyAccess`],
      ['ops_policy-ReadOnlyAccess2', 'arn:aws-cn:iam::aws:policy/ReadOnlyAccess2'],
      ['ops_policy-own', 'arn:aws:iam::123456789012:policy/own'],
    ]);
  });

  test('a literal "arn:aws:" (the customer policy, the trust condition) is a warning of iam-hardcoded-partition', () => {
    expect(policyFindings(tf)).toEqual(['warning iam-hardcoded-partition', 'warning iam-hardcoded-partition']);
    expect(resources(tf, 'aws_iam_role')).toHaveLength(1);
  });
});

test('IAM policy variables in trust conditions are escaped for Terraform; Terraform references are not', () => {
  const tf = synthStack((stack) => {
    serviceRole(new Construct(stack, 'ops'), {
      name: 'ops', service: 'ec2.amazonaws.com', trustActions: ['sts:AssumeRole'],
      trustConditions: [{ test: 'StringLike', variable: 'aws:SourceArn', values: ['arn:aws:ec2:*:${aws:PrincipalAccount}:instance/${*}', `arn:${awsPartition(stack)}:ec2:*:*:*`] }],
    });
  });
  expect(JSON.parse(resource(tf, 'aws_iam_role').assume_role_policy).Statement[0].Condition.StringLike['aws:SourceArn'])
    .toEqual(['arn:aws:ec2:*:$${aws:PrincipalAccount}:instance/$${*}', `arn:${PARTITION}:ec2:*:*:*`]);
});
