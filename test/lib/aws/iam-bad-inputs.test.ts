import { App } from 'cdk8s';
import { Construct } from 'constructs';
import {
  ManagedNodeGroup, ManagedNodeGroupProps, ManagedSecret, ManagedSecretProps, PlatformStack, PodIdentity, StateBackend, awsPartition, managedPolicyArn,
  serviceRole, terraformApp,
} from '../../../lib/aws';
import { AppStack } from '../../../lib/core/app-stack';
import { GOOD_PLATFORM_APP } from '../../helpers/terraform';
import { BadInput, describeBadInputs } from '../../helpers/bad-input';

// Bad values of the props and arguments added for issue 18: node group replacement and security group, pod identity
// trust, secret encryption and rotation, trust conditions, and the partition lookups.

function stack(scope: Construct): PlatformStack {
  return new PlatformStack(scope, 'bad', { region: 'us-west-2', backend: StateBackend.local() });
}

const NODES: ManagedNodeGroupProps = {
  clusterName: 'demo', clusterDisplayName: 'demo', subnetIds: ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1'],
  vpcId: 'vpc-0123456789abcdef0', clusterSecurityGroupId: 'sg-0123456789abcdef0',
};
const nodes = (tf: Construct, props: Partial<ManagedNodeGroupProps>) => new ManagedNodeGroup(stack(tf), 'nodes', { ...NODES, ...props } as ManagedNodeGroupProps);

const SECRET: ManagedSecretProps = { secretName: 'shop/db', description: 'the password', noRotation: { reason: 'in-cluster MySQL' } };
const secret = (tf: Construct, props: Partial<ManagedSecretProps>) => new ManagedSecret(stack(tf), 'db', { ...SECRET, ...props } as ManagedSecretProps);
const LAMBDA = 'arn:aws:lambda:us-west-2:123456789012:function:rotate';

const role = (tf: Construct, trustConditions: unknown) => serviceRole(new Construct(stack(tf), 'ops'), {
  name: 'ops', service: 'ec2.amazonaws.com', trustActions: ['sts:AssumeRole'], trustConditions: trustConditions as any,
});

/** Each case builds its stacks in the cdktf App of the app "bad". */
const inTerraform = (build: (tf: Construct, k8s: Construct) => void) => (app: App) => {
  const k8s = new AppStack(app, 'bad');
  build(terraformApp(app), k8s);
};

const CASES: BadInput[] = ([
  { title: 'a node group name too long for Terraform\'s name suffix', build: (tf) => nodes(tf, { name: `n${'x'.repeat(36)}` }),
    where: `[bad/nodes] name: got "n${'x'.repeat(36)}"`, expected: 'a name of 1-36 letters, digits or "-"' },
  { title: 'a VPC id that is not vpc-…', build: (tf) => nodes(tf, { vpcId: 'main' }),
    where: '[bad/nodes] vpcId: got "main"', expected: 'a VPC id of "vpc-"' },
  { title: 'no VPC id', build: (tf) => nodes(tf, { vpcId: undefined }),
    where: '[bad/nodes] vpcId: got undefined', expected: 'a VPC id of "vpc-"' },
  { title: 'a cluster security group that is not sg-…', build: (tf) => nodes(tf, { clusterSecurityGroupId: 'cluster' }),
    where: '[bad/nodes] clusterSecurityGroupId: got "cluster"', expected: 'a security group id of "sg-"' },
  { title: 'an unavailable share above 100%', build: (tf) => nodes(tf, { maxUnavailablePercentage: 101 }),
    where: '[bad/nodes] maxUnavailablePercentage: got 101', expected: 'an integer from 1 to 100' },
  { title: 'both an unavailable count and share', build: (tf) => nodes(tf, { maxUnavailable: 1, maxUnavailablePercentage: 20 }),
    where: '[bad/nodes] maxUnavailablePercentage: got 20', expected: 'no maxUnavailablePercentage beside maxUnavailable (EKS takes one of the two)' },
  { title: 'the keelson node group label set by hand', build: (tf) => nodes(tf, { labels: { 'keelson.dev/node-group': 'other' } }),
    where: '[bad/nodes] labels["keelson.dev/node-group"]: got "other"', expected: 'no keelson.dev/node-group label (keelson sets it to the group name)' },
  { title: 'an output prefix Terraform cannot name', build: (tf) => nodes(tf, { outputPrefix: 'Node-Group' }),
    where: '[bad/nodes] outputPrefix: got "Node-Group"', expected: 'a Terraform output name prefix of at most 64 lowercase letters' },
  { title: 'two node groups writing the same outputs', build: (tf) => {
    const s = stack(tf);
    new ManagedNodeGroup(s, 'a', NODES);
    new ManagedNodeGroup(s, 'b', { ...NODES, clusterName: 'other', clusterDisplayName: 'other', name: 'a' });
  }, where: '[bad/b] outputPrefix: got "a"', expected: 'a prefix whose outputs (a_node_role_arn, a_node_role_name, a_security_group_id) no other construct in this stack writes' },
  { title: 'a cluster ARN of another service', build: (tf) => new PodIdentity(stack(tf), 'reader', {
    cluster: { clusterName: 'demo', name: 'demo', arn: 'arn:aws:ecs:us-west-2:123456789012:cluster/demo' }, namespace: 'shop', serviceAccount: 'reader', managedPolicyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'] }),
  where: '[bad/reader] cluster.arn: got "arn:aws:ecs:us-west-2:123456789012:cluster/demo"', expected: 'an EKS cluster ARN such as' },
  { title: 'a KMS alias where the key ARN belongs', build: (tf) => secret(tf, { kmsKeyArn: 'arn:aws:kms:us-west-2:123456789012:alias/db' }),
    where: '[bad/db] kmsKeyArn: got "arn:aws:kms:us-west-2:123456789012:alias/db"', expected: 'a KMS key ARN such as' },
  { title: 'a secret neither rotated nor excused', build: (tf) => secret(tf, { noRotation: undefined }),
    where: '[bad/db] noRotation: got undefined', expected: 'either rotation: { lambdaArn, afterDays } or noRotation: { reason } (Checkov CKV2_AWS_57 wants secrets rotated), not both' },
  { title: 'a secret both rotated and excused', build: (tf) => secret(tf, { rotation: { lambdaArn: LAMBDA, afterDays: 30 } }),
    where: '[bad/db] rotation: got {"lambdaArn":"arn:aws:lambda:us-west-2:123456789012:function:rotate","afterDays":30}', expected: 'either rotation: { lambdaArn, afterDays } or noRotation: { reason }' },
  { title: 'no rotation with an empty reason', build: (tf) => secret(tf, { noRotation: { reason: '' } }),
    where: '[bad/db] noRotation.reason: got ""', expected: 'a reason why the secret is not rotated (Checkov CKV2_AWS_57), given as { reason: "..." }' },
  { title: 'a rotation function that is not a Lambda ARN', build: (tf) => secret(tf, { noRotation: undefined, rotation: { lambdaArn: 'rotate-db', afterDays: 30 } }),
    where: '[bad/db] rotation.lambdaArn: got "rotate-db"', expected: 'a Lambda function ARN such as' },
  { title: 'a rotation every 0 days', build: (tf) => secret(tf, { noRotation: undefined, rotation: { lambdaArn: LAMBDA, afterDays: 0 } }),
    where: '[bad/db] rotation.afterDays: got 0', expected: 'an integer from 1 to 1000' },
  { title: 'a rotation without its interval', build: (tf) => secret(tf, { noRotation: undefined, rotation: { lambdaArn: LAMBDA } as any }),
    where: '[bad/db] rotation.afterDays: got undefined', expected: 'an integer from 1 to 1000 (days between rotations)' },
  { title: 'a rotation with a misspelt prop', build: (tf) => secret(tf, { noRotation: undefined, rotation: { lambdaArn: LAMBDA, afterDays: 30, days: 30 } as any }),
    where: '[bad/db] rotation.days: got 30', expected: 'a known prop' },
  { title: 'a trust condition with an unknown operator', build: (tf) => role(tf, [{ test: 'Equals', variable: 'aws:SourceAccount', values: ['1'] }]),
    where: '[bad/ops] serviceRole(props).trustConditions[0].test: got "Equals"', expected: 'an IAM condition operator such as "StringEquals" or "ArnEquals"' },
  { title: 'a trust condition key without a service prefix', build: (tf) => role(tf, [{ test: 'StringEquals', variable: 'SourceAccount', values: ['1'] }]),
    where: '[bad/ops] serviceRole(props).trustConditions[0].variable: got "SourceAccount"', expected: 'a condition key such as "aws:SourceAccount"' },
  { title: 'a trust condition without values', build: (tf) => role(tf, [{ test: 'StringEquals', variable: 'aws:SourceAccount', values: [] }]),
    where: '[bad/ops] serviceRole(props).trustConditions[0].values: got []', expected: 'a non-empty list of strings' },
  { title: 'trust conditions that are not a list', build: (tf) => role(tf, { test: 'StringEquals' }),
    where: '[bad/ops] serviceRole(props).trustConditions: got {"test":"StringEquals"}', expected: 'a list of conditions { test, variable, values }' },
  { title: 'a managed policy name with a space', build: (tf) => managedPolicyArn(stack(tf), 'Read Only'),
    where: '[bad] managedPolicyArn(name): got "Read Only"', expected: 'the name of an AWS managed policy' },
  { title: 'a partition lookup from a Kubernetes chart', build: (_tf, k8s) => awsPartition(k8s),
    where: '[bad] awsPartition(scope): got "AppStack bad"', expected: 'a construct inside a Terraform stack (a PlatformStack)' },
  { title: 'PlatformStack.of a Kubernetes chart', build: (_tf, k8s) => PlatformStack.of(k8s),
    where: '[bad] PlatformStack.of(scope): got "AppStack bad"', expected: 'a construct inside a PlatformStack' },
  { title: 'a regional ARN of a service that is not one', build: (tf) => stack(tf).regionalArn('Elastic Kubernetes', 'cluster/demo'),
    where: '[bad] regionalArn(service): got "Elastic Kubernetes"', expected: 'an AWS service prefix such as "logs" or "eks"' },
  { title: 'a regional ARN with a space in its resource', build: (tf) => stack(tf).regionalArn('eks', 'cluster/my demo'),
    where: '[bad] regionalArn(resource): got "cluster/my demo"', expected: 'an ARN resource part of 1-1024 printable ASCII characters' },
] as Array<Omit<BadInput, 'build'> & { build: (tf: Construct, k8s: Construct) => void }>).map((c) => ({ ...c, build: inTerraform(c.build) }));

describeBadInputs('bad node group, pod identity, secret and partition input is rejected at synth time', GOOD_PLATFORM_APP, CASES);
