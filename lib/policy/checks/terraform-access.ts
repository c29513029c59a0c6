// Terraform checks for the ways into a private cluster (keelson issue 18): the EC2 instances that serve as access hosts
// (IMDSv2, encrypted volumes, no public IP, monitoring, EBS optimized) and IAM roles trusted by GitHub Actions.
import { checkovSkipReason } from '../checkov-skips';
import { defineCheck } from '../define';
import { isMap } from '../selectors';
import { ObjectIndex } from '../object-index';
import { PolicyCheck, PolicyTarget } from '../types';
import { policyDocument } from './iam';

/** A nested block as cdktf writes it (an object) or as hand-written JSON may (a one-element list); {} when absent. */
function block(value: unknown): Record<string, any> {
  const b = Array.isArray(value) ? value[0] : value;
  return isMap(b) ? b : {};
}

/** The blocks of a repeatable nested block (a list, or one object). */
function blocks(value: unknown): Array<Record<string, any>> {
  return (Array.isArray(value) ? value : [value]).filter(isMap);
}

/** A Terraform boolean true as written by cdktf (true, or the string "true"). */
const isTrue = (v: unknown) => v === true || v === 'true';

/** The values of a string-or-list IAM field. */
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

const GITHUB = 'token.actions.githubusercontent.com';

/**
 * Whether a federated principal is GitHub's OIDC provider: its ARN names the issuer, or it is a reference to an
 * `aws_iam_openid_connect_provider` of the same stack whose url is the issuer's.
 */
function isGitHubProvider(principal: string, target: PolicyTarget, index: ObjectIndex): boolean {
  if (principal.includes(GITHUB)) {
    return true;
  }
  const ref = /^\$\{aws_iam_openid_connect_provider\.([\w-]+)\.arn\}$/.exec(principal);
  return ref !== null && index.terraform('aws_iam_openid_connect_provider')
    .some((p) => p.stack === target.stack && p.name === ref[1] && typeof p.object?.url === 'string' && p.object.url.includes(GITHUB));
}

/**
 * Why a GitHub Actions trust statement lets too much in, or undefined: it must name the token's `sub` with exact
 * repositories (a wildcard in the owner or repository part lets any repository, or a whole organisation, assume it).
 * A statement counts as GitHub's when its federated principal is GitHub's provider or its conditions name the issuer.
 */
function githubTrustProblem(statement: any, target: PolicyTarget, index: ObjectIndex): string | undefined {
  const conditions: Array<[string, unknown]> = Object.entries(isMap(statement?.Condition) ? statement.Condition : {});
  const keys = conditions.flatMap(([, byKey]) => (isMap(byKey) ? Object.keys(byKey) : []));
  const federated = list(statement?.Principal?.Federated).filter((p): p is string => typeof p === 'string');
  if (statement?.Effect !== 'Allow' || federated.length === 0
    || !(federated.some((p) => isGitHubProvider(p, target, index)) || keys.some((k) => k.startsWith(`${GITHUB}:`)))) {
    return undefined;
  }
  const subjects = conditions.filter(([op]) => /String(Equals|Like)/.test(op))
    .flatMap(([, byKey]) => (isMap(byKey) ? list((byKey as Record<string, unknown>)[`${GITHUB}:sub`]) : []));
  if (subjects.length === 0) {
    return `it trusts GitHub's OIDC provider with no condition on ${GITHUB}:sub, so any repository's workflow can assume it`;
  }
  const loose = subjects.filter((s) => typeof s !== 'string' || !/^repo:[^*?/:]+\/[^*?/:]+:/.test(s));
  return loose.length > 0 ? `its ${GITHUB}:sub condition ${loose.map((s) => JSON.stringify(s)).join(', ')} does not name one repository` : undefined;
}

export const TERRAFORM_ACCESS_CHECKS: PolicyCheck[] = [
  defineCheck({
    id: 'ec2-instance-imdsv2',
    domain: 'terraform',
    kinds: ['aws_instance'],
    description: 'EC2 instances require IMDSv2 with a hop limit of 1, so a stolen request or a container cannot read the instance\'s credentials.',
    remediation: 'Set metadata_options { http_tokens = "required", http_put_response_hop_limit = 1 }.',
    severity: 'error',
    references: ['CKV_AWS_79'],
    check: (t) => {
      if (checkovSkipReason(t.object, 'CKV_AWS_79') !== undefined) {
        return [];
      }
      const m = block(t.object?.metadata_options);
      if (m.http_endpoint === 'disabled') {
        return [];
      }
      return [
        ...(m.http_tokens !== 'required' ? ['IMDSv1 is allowed (metadata_options.http_tokens is not "required")'] : []),
        ...(Number(m.http_put_response_hop_limit ?? 1) > 1 ? [`the metadata hop limit is ${m.http_put_response_hop_limit}`] : []),
      ];
    },
  }),
  defineCheck({
    id: 'ec2-instance-encrypted-volumes',
    domain: 'terraform',
    kinds: ['aws_instance'],
    description: 'EC2 instances encrypt their root and attached EBS volumes.',
    remediation: 'Set root_block_device { encrypted = true } and encrypted = true on every ebs_block_device.',
    severity: 'error',
    references: ['CKV_AWS_8'],
    check: (t) => {
      if (checkovSkipReason(t.object, 'CKV_AWS_8') !== undefined) {
        return [];
      }
      const devices = blocks(t.object?.ebs_block_device);
      return [
        ...(!isTrue(block(t.object?.root_block_device).encrypted) ? ['the root volume is not encrypted'] : []),
        ...devices.filter((d) => !isTrue(d.encrypted)).map((d) => `the EBS volume ${d.device_name ?? '(unnamed)'} is not encrypted`),
      ];
    },
  }),
  defineCheck({
    id: 'ec2-instance-public-ip',
    domain: 'terraform',
    kinds: ['aws_instance'],
    description: 'EC2 instances get no public IP address; an access host is reached through Session Manager, not from the internet.',
    remediation: 'Set associate_public_ip_address = false and run the instance in a private subnet.',
    severity: 'error',
    references: ['CKV_AWS_88'],
    check: (t) => (isTrue(t.object?.associate_public_ip_address) && checkovSkipReason(t.object, 'CKV_AWS_88') === undefined
      ? ['the instance has a public IP address'] : []),
  }),
  defineCheck({
    id: 'ec2-instance-monitoring',
    domain: 'terraform',
    kinds: ['aws_instance'],
    description: 'EC2 instances have detailed (one-minute) monitoring.',
    remediation: 'Set monitoring = true.',
    severity: 'warning',
    references: ['CKV_AWS_126'],
    check: (t) => (!isTrue(t.object?.monitoring) && checkovSkipReason(t.object, 'CKV_AWS_126') === undefined ? ['detailed monitoring is off'] : []),
  }),
  defineCheck({
    id: 'ec2-instance-ebs-optimized',
    domain: 'terraform',
    kinds: ['aws_instance'],
    description: 'EC2 instances are EBS optimized.',
    remediation: 'Set ebs_optimized = true.',
    severity: 'warning',
    references: ['CKV_AWS_135'],
    check: (t) => (!isTrue(t.object?.ebs_optimized) && checkovSkipReason(t.object, 'CKV_AWS_135') === undefined ? ['the instance is not EBS optimized'] : []),
  }),
  defineCheck({
    id: 'iam-github-oidc-subject',
    domain: 'terraform',
    kinds: ['aws_iam_role'],
    description: 'A role trusted by GitHub Actions (OIDC) names the repositories, and their branches or environments, that may assume it.',
    remediation: 'Add a StringEquals condition on token.actions.githubusercontent.com:sub such as "repo:acme/platform:ref:refs/heads/main".',
    severity: 'error',
    references: ['CKV_AWS_358'],
    check: (t, index) => {
      if (checkovSkipReason(t.object, 'CKV_AWS_358') !== undefined) {
        return [];
      }
      const doc = policyDocument(t.object?.assume_role_policy);
      return list(doc?.Statement).map((st) => githubTrustProblem(st, t, index)).filter((p): p is string => p !== undefined);
    },
  }),
];
