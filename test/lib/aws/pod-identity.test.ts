import { PodIdentity, PodIdentityProps } from '../../../lib/aws';
import { runPolicy } from '../../../lib/policy/engine';
import { TERRAFORM_IDENTITY_CHECKS } from '../../../lib/policy/checks/terraform-identity';
import { terraformTargets } from '../../../lib/policy/targets';
import { TerraformJson, policyFindings, resource, resources, synthStack } from '../../helpers/terraform';

const BASE: PodIdentityProps = {
  cluster: { clusterName: 'demo', name: 'demo' }, namespace: 'shop', serviceAccount: 'reader',
  managedPolicyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'],
};

function identity(props: Partial<PodIdentityProps> = {}): TerraformJson {
  return synthStack((stack) => new PodIdentity(stack, 'reader', { ...BASE, ...props }));
}

const trustOf = (tf: TerraformJson) => JSON.parse(resource(tf, 'aws_iam_role').assume_role_policy);
const ACCOUNT = '${data.aws_caller_identity.caller-identity.account_id}';
const PARTITION = '${data.aws_partition.partition.partition}';

describe('PodIdentity trust policy', () => {
  const tf = identity();

  test('only pods.eks.amazonaws.com, only from this account and cluster, only for this ServiceAccount', () => {
    expect(trustOf(tf)).toEqual({
      Version: '2012-10-17',
      Statement: [{
        Effect: 'Allow',
        Principal: { Service: 'pods.eks.amazonaws.com' },
        Action: ['sts:AssumeRole', 'sts:TagSession'],
        Condition: {
          StringEquals: {
            'aws:SourceAccount': [ACCOUNT],
            'aws:RequestTag/kubernetes-namespace': ['shop'],
            'aws:RequestTag/kubernetes-service-account': ['reader'],
          },
          ArnEquals: { 'aws:SourceArn': [`arn:${PARTITION}:eks:us-west-2:${ACCOUNT}:cluster/demo`] },
        },
      }],
    });
  });

  test('the account and partition come from one data source each in the stack', () => {
    expect(Object.keys(tf.data.aws_caller_identity)).toEqual(['caller-identity']);
    expect(Object.keys(tf.data.aws_partition)).toEqual(['partition']);
  });

  test('a given cluster ARN is the aws:SourceArn', () => {
    const arn = 'arn:aws-us-gov:eks:us-gov-west-1:123456789012:cluster/demo';
    expect(trustOf(identity({ cluster: { clusterName: 'demo', name: 'demo', arn } })).Statement[0].Condition.ArnEquals).toEqual({ 'aws:SourceArn': [arn] });
  });

  test('an AWS managed policy ARN is attached in the stack\'s partition', () => {
    expect(resources(tf, 'aws_iam_role_policy_attachment').map((a) => a.policy_arn)).toEqual([`arn:${PARTITION}:iam::aws:policy/ReadOnlyAccess`]);
  });

  test('passes every policy check, pod-identity-trust-conditions and iam-hardcoded-partition among them', () => {
    expect(policyFindings(tf)).toEqual([]);
    const checks = TERRAFORM_IDENTITY_CHECKS.filter((c) => ['pod-identity-trust-conditions', 'iam-hardcoded-partition'].includes(c.id));
    expect(checks).toHaveLength(2);
    expect(runPolicy(terraformTargets(tf, 'test'), { checks }).findings).toEqual([]);
  });

  test('the same role without its conditions fails pod-identity-trust-conditions', () => {
    const bare = structuredClone(tf);
    const role = Object.values(bare.resource.aws_iam_role)[0] as any;
    const trust = JSON.parse(role.assume_role_policy);
    delete trust.Statement[0].Condition.ArnEquals;
    role.assume_role_policy = JSON.stringify(trust);
    expect(runPolicy(terraformTargets(bare, 'test'), { checks: TERRAFORM_IDENTITY_CHECKS }).findings.map((f) => f.message))
      .toEqual(['trust statement 0 lets EKS Pod Identity assume the role without aws:SourceArn']);
  });
});
