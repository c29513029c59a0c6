import { PolicyTarget } from '../../../lib/policy/types';
import { tf } from './fixtures';

/** Objects that pass an access check, objects that fail it, and a text the failure's message contains. */
interface CheckCase {
  readonly pass: PolicyTarget[];
  readonly fail: PolicyTarget[];
  readonly message: string;
}

/** An access host instance as SsmAccessHost writes it, changed by `edit`. */
export function host(edit: (i: any) => void = () => undefined): Record<string, any> {
  const i: any = {
    ami: '${data.aws_ssm_parameter.ami.insecure_value}',
    instance_type: 't4g.micro',
    associate_public_ip_address: false,
    metadata_options: { http_endpoint: 'enabled', http_tokens: 'required', http_put_response_hop_limit: 1 },
    root_block_device: { encrypted: true, volume_type: 'gp3' },
    monitoring: true,
    ebs_optimized: true,
  };
  edit(i);
  return { aws_instance: { i } };
}

/**
 * A role trusted by GitHub Actions for `subjects` (no sub condition when undefined), through the provider `github` of
 * the same configuration (so the check must follow the reference to see it is GitHub's).
 */
export function githubRole(subjects?: unknown, operator = 'StringEquals', audience = true): Record<string, any> {
  const claims: Record<string, unknown> = audience ? { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' } : {};
  if (subjects !== undefined) {
    claims['token.actions.githubusercontent.com:sub'] = subjects;
  }
  return {
    aws_iam_openid_connect_provider: { github: { url: 'https://token.actions.githubusercontent.com', client_id_list: ['sts.amazonaws.com'] } },
    aws_iam_role: {
      r: {
        name: 'ci',
        assume_role_policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{
            Effect: 'Allow',
            Principal: { Federated: '${aws_iam_openid_connect_provider.github.arn}' },
            Action: 'sts:AssumeRoleWithWebIdentity',
            ...(Object.keys(claims).length > 0 ? { Condition: { [operator]: claims } } : {}),
          }],
        }),
      },
    },
  };
}

export const TERRAFORM_ACCESS_CASES: Record<string, CheckCase> = {
  'ec2-instance-imdsv2': {
    pass: tf(host()),
    fail: tf(host((i) => { i.metadata_options = { http_tokens: 'optional', http_put_response_hop_limit: 1 }; })),
    message: 'IMDSv1 is allowed (metadata_options.http_tokens is not "required")',
  },
  'ec2-instance-encrypted-volumes': {
    pass: tf(host((i) => { i.ebs_block_device = [{ device_name: '/dev/sdf', encrypted: true }]; })),
    fail: tf(host((i) => { delete i.root_block_device; })),
    message: 'the root volume is not encrypted',
  },
  'ec2-instance-public-ip': {
    pass: tf(host()),
    fail: tf(host((i) => { i.associate_public_ip_address = true; })),
    message: 'the instance has a public IP address',
  },
  'ec2-instance-monitoring': {
    pass: tf(host()),
    fail: tf(host((i) => { delete i.monitoring; })),
    message: 'detailed monitoring is off',
  },
  'ec2-instance-ebs-optimized': {
    pass: tf(host()),
    fail: tf(host((i) => { i.ebs_optimized = false; })),
    message: 'the instance is not EBS optimized',
  },
  'iam-github-oidc-subject': {
    pass: tf(githubRole(['repo:acme/platform:ref:refs/heads/main', 'repo:acme/platform:environment:production'])),
    fail: tf(githubRole('repo:acme/*')),
    message: 'its token.actions.githubusercontent.com:sub condition "repo:acme/*" does not name one repository',
  },
};
