import { TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import {
  ManagedNodeGroup, ManagedSecret, PlatformStack, PodIdentity, awsAccountId, awsDnsSuffix, awsPartition, managedPolicyArn, serviceRole,
} from '../../../lib/aws';
import { JavaScriptValueTarget } from '../../helpers/javascript-values';
import { testStack } from './values-harness';
import { synthesizeDeclared } from '../../helpers/terraform';

// Value targets of issue 18's node group, pod identity, secret and partition props (merged by the lead into
// javascript-values.targets.ts). Every target takes explicit, small paths: each accepted value costs a synthesis.

/** Builds in the platform stack, then fails (a plain Error) when the accepted Terraform references what it does not declare. */
function inStack(make: (stack: PlatformStack, props: any, s: Construct) => void): (s: Construct, props: any) => void {
  return (s, props) => {
    const stack = testStack(s);
    make(stack, props, s);
    synthesizeDeclared(s);
  };
}

const LAMBDA = 'arn:aws:lambda:us-west-2:123456789012:function:rotate-db';

export const IDENTITY_TARGETS: JavaScriptValueTarget[] = [
  {
    name: 'ManagedNodeGroup (issue 18 props)',
    props: () => ({
      name: 'general', clusterName: 'demo', clusterDisplayName: 'demo', subnetIds: ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1'],
      vpcId: 'vpc-0123456789abcdef0', clusterSecurityGroupId: 'sg-0123456789abcdef0', maxUnavailablePercentage: 25, outputPrefix: 'general',
      labels: { workload: 'web' },
    }),
    paths: ['name', 'vpcId', 'clusterSecurityGroupId', 'maxUnavailablePercentage', 'outputPrefix', 'labels'],
    build: inStack((stack, p) => new ManagedNodeGroup(stack, 'nodes', p)),
    covers: ['ManagedNodeGroup'],
  },
  {
    name: 'PodIdentity with a cluster ARN',
    props: () => ({
      cluster: { clusterName: 'demo', name: 'demo', arn: 'arn:aws:eks:us-west-2:123456789012:cluster/demo' }, namespace: 'shop', serviceAccount: 'reader',
      managedPolicyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'],
    }),
    paths: ['cluster', 'cluster.arn', 'managedPolicyArns.0'],
    build: inStack((stack, p) => new PodIdentity(stack, 'reader', p)),
    covers: ['PodIdentity'],
  },
  {
    name: 'ManagedSecret with a key and rotation',
    props: () => ({
      secretName: 'shop/db', description: 'the database password, rotated', kmsKeyArn: 'arn:aws:kms:us-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
      rotation: { lambdaArn: LAMBDA, afterDays: 30 },
    }),
    paths: ['kmsKeyArn', 'rotation', 'rotation.lambdaArn', 'rotation.afterDays', 'noRotation'],
    build: inStack((stack, p) => new ManagedSecret(stack, 'db', p)),
    covers: ['ManagedSecret'],
  },
  {
    name: 'ManagedSecret without rotation',
    props: () => ({ secretName: 'shop/db', description: 'the database password, set by an operator', recoveryWindowInDays: 7, noRotation: { reason: 'in-cluster MySQL' } }),
    paths: ['noRotation', 'noRotation.reason', 'rotation'],
    build: inStack((stack, p) => new ManagedSecret(stack, 'db', p)),
  },
  {
    name: 'serviceRole trust conditions',
    props: () => ({
      name: 'ops-role', service: 'ec2.amazonaws.com', trustActions: ['sts:AssumeRole'],
      trustConditions: [{ test: 'StringEquals', variable: 'aws:SourceAccount', values: ['123456789012'] }],
    }),
    paths: ['trustConditions', 'trustConditions.0', 'trustConditions.0.test', 'trustConditions.0.variable', 'trustConditions.0.values'],
    build: inStack((stack, p) => serviceRole(new Construct(stack, 'ops'), p)),
    covers: ['serviceRole'],
  },
  {
    name: 'partition lookups and managedPolicyArn',
    props: () => ({ name: 'service-role/AmazonEBSCSIDriverPolicy', service: 'eks', resource: 'cluster/demo' }),
    build: inStack((stack, p) => {
      new TerraformOutput(stack, 'values', {
        value: [managedPolicyArn(stack, p?.name), awsPartition(stack), awsDnsSuffix(stack), awsAccountId(stack), stack.regionalArn(p?.service, p?.resource),
          PlatformStack.of(stack).partition],
      });
    }),
    covers: ['managedPolicyArn', 'awsPartition', 'awsDnsSuffix', 'awsAccountId', 'PlatformStack.regionalArn', 'PlatformStack.of'],
  },
  {
    name: 'partition lookups of any scope',
    props: () => ({ scope: 'the stack' }),
    paths: ['scope'],
    build: inStack((stack, p) => {
      const scope = p?.scope === 'the stack' ? stack : p?.scope;
      new TerraformOutput(stack, 'values', { value: [awsPartition(scope), awsDnsSuffix(scope), awsAccountId(scope), PlatformStack.of(scope).accountId] });
    }),
  },
];
