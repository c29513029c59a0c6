import { CiAccess, CiAccessProps, EksCluster, PlatformStack, SsmAccessHost, VpcNetwork } from '../../../lib/aws';
import { runPolicy } from '../../../lib/policy/engine';
import { terraformTargets } from '../../../lib/policy/targets';
import { TerraformJson, addressOf, resources, synthStack } from '../../helpers/terraform';

const ADMIN = 'arn:aws:iam::123456789012:role/platform-admin';
const RUNNER = 'arn:aws:iam::123456789012:role/ci-runner';

function ci(props: Partial<CiAccessProps>, more?: (c: EksCluster, stack: PlatformStack) => Partial<CiAccessProps>): TerraformJson {
  return synthStack((stack) => {
    const cluster = new EksCluster(stack, 'cluster', { name: 'demo', network: new VpcNetwork(stack, 'network'), admins: [ADMIN] });
    new CiAccess(stack, 'ci', { cluster, access: { policy: 'AmazonEKSEditPolicy', namespaces: ['shop'] }, ...props, ...more?.(cluster, stack) });
  });
}

/** The resources of a type that the CiAccess made (its construct path is test/ci/...). */
const mine = (tf: TerraformJson, type: string) => Object.entries(tf.resource?.[type] ?? {})
  .filter(([, r]: [string, any]) => r['//']?.metadata?.path?.startsWith('test/ci/')).map(([address, r]) => ({ ...(r as object), address } as any));

const findings = (tf: TerraformJson) => runPolicy(terraformTargets(tf, 'test')).findings.filter((f) => /\bci_/.test(f.object))
  .map((f) => `${f.checkId} ${f.object}: ${f.message}`);

describe('CiAccess with an existing role', () => {
  const tf = ci({ roleArn: RUNNER });

  test('one access entry for the role, with the policy in the namespaces, and nothing else', () => {
    const [entry] = mine(tf, 'aws_eks_access_entry');
    expect(entry).toMatchObject({ principal_arn: RUNNER, type: 'STANDARD', cluster_name: `\${${addressOf(tf, 'aws_eks_cluster')}.name}` });
    expect(mine(tf, 'aws_eks_access_policy_association')).toEqual([expect.objectContaining({
      principal_arn: `\${aws_eks_access_entry.${entry.address}.principal_arn}`,
      policy_arn: expect.stringMatching(/^arn:\$\{data\.aws_partition\.\w+\.partition\}:eks::aws:cluster-access-policy\/AmazonEKSEditPolicy$/),
      access_scope: { type: 'namespace', namespaces: ['shop'] },
    })]);
    expect(mine(tf, 'aws_iam_role')).toEqual([]);
    expect(resources(tf, 'aws_iam_openid_connect_provider')).toEqual([]);
    expect(findings(tf)).toEqual([]);
  });
});

describe('CiAccess for GitHub Actions', () => {
  const tf = ci({ github: { repository: 'acme/platform' } });
  const [role] = mine(tf, 'aws_iam_role');
  const trust = JSON.parse(role.assume_role_policy);
  const provider = addressOf(tf, 'aws_iam_openid_connect_provider');

  test('creates the OIDC provider for GitHub with STS as the audience', () => {
    expect(resources(tf, 'aws_iam_openid_connect_provider')).toEqual([expect.objectContaining({
      url: 'https://token.actions.githubusercontent.com', client_id_list: ['sts.amazonaws.com'],
    })]);
  });

  test('the role trusts only the main branch of the repository, through that provider, for STS', () => {
    expect(role.name).toBe('demo-ci');
    expect(trust.Statement).toEqual([{
      Effect: 'Allow',
      Principal: { Federated: `\${${provider}.arn}` },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: { StringEquals: {
        'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
        'token.actions.githubusercontent.com:sub': ['repo:acme/platform:ref:refs/heads/main'],
      } },
    }]);
    expect(role.max_session_duration).toBe(3600);
  });

  test('the role may describe this cluster (for update-kubeconfig) and has an access entry', () => {
    const [inline] = mine(tf, 'aws_iam_role_policy');
    expect(inline.role).toBe(`\${aws_iam_role.${role.address}.name}`);
    const doc = tf.data.aws_iam_policy_document[inline.policy.match(/aws_iam_policy_document\.([\w-]+)\./)[1]];
    expect(doc.statement).toEqual([{ effect: 'Allow', actions: ['eks:DescribeCluster'], resources: [`\${${addressOf(tf, 'aws_eks_cluster')}.arn}`] }]);
    expect(mine(tf, 'aws_eks_access_entry')).toEqual([expect.objectContaining({ principal_arn: `\${aws_iam_role.${role.address}.arn}` })]);
    expect(mine(tf, 'aws_iam_role_policy_attachment')).toEqual([]);
    expect(findings(tf)).toEqual([]);
  });

  test('branches and environments each become a subject; an existing provider is used as it is', () => {
    const providerArn = 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com';
    const out = ci({ github: { repository: 'acme/platform', branches: ['main', 'release/v1'], environments: ['production'], providerArn } });
    const [r] = mine(out, 'aws_iam_role');
    const statement = JSON.parse(r.assume_role_policy).Statement[0];
    expect(statement.Principal).toEqual({ Federated: providerArn });
    expect(statement.Condition.StringEquals['token.actions.githubusercontent.com:sub']).toEqual([
      'repo:acme/platform:ref:refs/heads/main', 'repo:acme/platform:ref:refs/heads/release/v1', 'repo:acme/platform:environment:production',
    ]);
    expect(resources(out, 'aws_iam_openid_connect_provider')).toEqual([]);
  });

  test('environments alone do not trust a branch', () => {
    const out = ci({ github: { repository: 'acme/platform', environments: ['production'] } });
    expect(JSON.parse(mine(out, 'aws_iam_role')[0].assume_role_policy).Statement[0].Condition.StringEquals['token.actions.githubusercontent.com:sub'])
      .toEqual(['repo:acme/platform:environment:production']);
  });

  test('with an access host, the role may open the host\'s port forward', () => {
    const out = ci({ github: { repository: 'acme/platform' } }, (cluster, stack) => ({ accessHost: new SsmAccessHost(stack, 'access', { cluster }) }));
    const [r] = mine(out, 'aws_iam_role');
    expect(mine(out, 'aws_iam_role_policy_attachment')).toEqual([expect.objectContaining({
      role: `\${aws_iam_role.${r.address}.name}`, policy_arn: `\${${addressOf(out, 'aws_iam_policy')}.arn}`,
    })]);
  });

  test('cluster-wide access records its reason on the association', () => {
    const out = ci({ roleArn: RUNNER, access: { policy: 'AmazonEKSViewPolicy', clusterWide: { reason: 'the drift check reads everything' } } });
    const [association] = mine(out, 'aws_eks_access_policy_association');
    expect(association.access_scope).toEqual({ type: 'cluster' });
    expect(association['//'].cluster_wide_reason).toBe('the drift check reads everything');
  });
});
