import { runPolicy } from '../../../lib/policy/engine';
import { BUILTIN_CHECKS } from '../../../lib/policy/registry';
import { TERRAFORM_ACCESS_CHECKS } from '../../../lib/policy/checks/terraform-access';
import { eks, tf } from './fixtures';
import { TERRAFORM_ACCESS_CASES, githubRole, host } from './terraform-access-cases';

const check = (id: string) => BUILTIN_CHECKS.find((c) => c.id === id)!;
const messages = (id: string, resources: Record<string, any>) => runPolicy(tf(resources), { checks: [check(id)] }).findings.map((f) => f.message);

describe('access host and CI trust checks', () => {
  test('are registered, with a case each', () => {
    expect(TERRAFORM_ACCESS_CHECKS.map((c) => c.id).sort()).toEqual(Object.keys(TERRAFORM_ACCESS_CASES).sort());
    TERRAFORM_ACCESS_CHECKS.forEach((c) => expect(BUILTIN_CHECKS).toContain(c));
  });

  describe.each(Object.entries(TERRAFORM_ACCESS_CASES))('%s', (id, c) => {
    test('passes the compliant resources', () => {
      expect(runPolicy(c.pass, { checks: [check(id)] }).findings).toEqual([]);
    });
    test('reports the violating one', () => {
      const findings = runPolicy(c.fail, { checks: [check(id)] }).findings;
      expect(findings.map((f) => [f.checkId, f.severity])).toEqual([[id, check(id).severity]]);
      expect(findings[0].message).toContain(c.message);
    });
  });

  test('IMDSv2: the hop limit counts, a disabled metadata endpoint passes, a recorded Checkov skip passes', () => {
    expect(messages('ec2-instance-imdsv2', host((i) => { i.metadata_options.http_put_response_hop_limit = 2; }))).toEqual(['the metadata hop limit is 2']);
    expect(messages('ec2-instance-imdsv2', host((i) => { i.metadata_options = { http_endpoint: 'disabled' }; }))).toEqual([]);
    expect(messages('ec2-instance-imdsv2', host((i) => { delete i.metadata_options; }))).toEqual(['IMDSv1 is allowed (metadata_options.http_tokens is not "required")']);
    expect(messages('ec2-instance-imdsv2', host((i) => { delete i.metadata_options; i['//'] = { checkov_skip_reasons: { CKV_AWS_79: 'a vendor appliance' } }; }))).toEqual([]);
  });

  test('volumes: each unencrypted attached volume is named; hand-written list blocks are read', () => {
    expect(messages('ec2-instance-encrypted-volumes', host((i) => {
      i.root_block_device = [{ encrypted: 'true' }];
      i.ebs_block_device = [{ device_name: '/dev/sdf', encrypted: true }, { device_name: '/dev/sdg' }];
    }))).toEqual(['the EBS volume /dev/sdg is not encrypted']);
  });

  test('GitHub trust: no sub condition, "*", a wildcard owner or repository fail; StringLike on one repository passes; other roles are not read', () => {
    const unconditional = 'it trusts GitHub\'s OIDC provider with no condition on token.actions.githubusercontent.com:sub, so any repository\'s workflow can assume it';
    expect(messages('iam-github-oidc-subject', githubRole())).toEqual([unconditional]);
    // No condition at all: the reference to the provider shows it is GitHub's.
    expect(messages('iam-github-oidc-subject', githubRole(undefined, 'StringEquals', false))).toEqual([unconditional]);
    // A literal provider ARN names the issuer itself.
    const literal = githubRole(undefined, 'StringEquals', false);
    literal.aws_iam_role.r.assume_role_policy = literal.aws_iam_role.r.assume_role_policy.replace('${aws_iam_openid_connect_provider.github.arn}',
      'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com');
    delete literal.aws_iam_openid_connect_provider;
    expect(messages('iam-github-oidc-subject', literal)).toEqual([unconditional]);
    expect(messages('iam-github-oidc-subject', githubRole(['*', 'repo:*/platform:ref:refs/heads/main', 'repo:acme/platform:ref:refs/heads/main']))).toEqual([
      'its token.actions.githubusercontent.com:sub condition "*", "repo:*/platform:ref:refs/heads/main" does not name one repository',
    ]);
    expect(messages('iam-github-oidc-subject', githubRole('repo:acme/platform:ref:refs/heads/release/*', 'StringLike'))).toEqual([]);
    expect(messages('iam-github-oidc-subject', { aws_iam_role: { r: { assume_role_policy: JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] }) } } })).toEqual([]);
  });
});

describe('eks-public-endpoint-open sees through split CIDRs', () => {
  const open = (cidrs: string[]) => messages('eks-public-endpoint-open', eks((c) => { c.vpc_config.endpoint_public_access = true; c.vpc_config.public_access_cidrs = cidrs; }));

  test.each([
    [['0.0.0.0/1', '128.0.0.0/1']],
    [['0.0.0.0/2', '64.0.0.0/2', '128.0.0.0/2', '192.0.0.0/2']],
    [['128.0.0.0/1', '203.0.113.0/24', '0.0.0.0/1']],
    [['0.0.0.0/1', '64.0.0.0/2', '128.0.0.0/2', '192.0.0.0/3', '224.0.0.0/3']],
  ])('%j covers every address', (cidrs) => {
    expect(open(cidrs)).toEqual([`the public endpoint accepts every address: public_access_cidrs ${cidrs.join(', ')} together cover 0.0.0.0/0`]);
  });

  test('blocks that leave a gap, even one address, pass', () => {
    expect(open(['0.0.0.0/1', '128.0.0.0/2', '192.0.0.0/3', '224.0.0.0/4', '240.0.0.0/5', '248.0.0.0/6', '252.0.0.0/7', '254.0.0.0/8', '255.0.0.0/9',
      '255.128.0.0/10', '255.192.0.0/11', '255.224.0.0/12', '255.240.0.0/13', '255.248.0.0/14', '255.252.0.0/15', '255.254.0.0/16', '255.255.0.0/17',
      '255.255.128.0/18', '255.255.192.0/19', '255.255.224.0/20', '255.255.240.0/21', '255.255.248.0/22', '255.255.252.0/23', '255.255.254.0/24',
      '255.255.255.0/25', '255.255.255.128/26', '255.255.255.192/27', '255.255.255.224/28', '255.255.255.240/29', '255.255.255.248/30',
      '255.255.255.252/31', '255.255.255.254/32'])).toEqual([]);
    expect(open(['0.0.0.0/1'])).toEqual([]);
  });

  test('0.0.0.0/0 itself and no list at all are still reported', () => {
    expect(open(['203.0.113.0/24', '0.0.0.0/0'])).toEqual(['the public endpoint accepts 0.0.0.0/0']);
    expect(messages('eks-public-endpoint-open', eks((c) => { c.vpc_config.endpoint_public_access = true; }))).toEqual(['the public endpoint accepts 0.0.0.0/0']);
  });
});
