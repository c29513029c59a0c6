import { Construct } from 'constructs';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamOpenidConnectProvider } from '@cdktf/provider-aws/lib/iam-openid-connect-provider';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { boundedName } from '../core/names';
import { propNames } from '../core/resource';
import { PropsValidator, checkUnique, isObject } from '../core/validator';
import { ClusterAccess, checkAccessEntryFree, checkClusterAccess, grantAccessEntry } from './access-entry-grant';
import { ARN, IAM_PRINCIPAL_ARN } from './aws-formats';
import { EksCluster } from './eks-cluster';
import { checkList, checkUniqueName, claimName, describedConstruct, readProps, stackOf, terraformScope, terraformString } from './prop-checks';
import { SsmAccessHost } from './ssm-access-host';

export type { ClusterAccess, EksAccessPolicyName } from './access-entry-grant';

/** A GitHub Actions workflow that may assume the CI role, through GitHub's OIDC tokens (no stored AWS keys). */
export interface GitHubActionsTrust {
  /** The repository, "owner/name". */
  readonly repository: string;
  /**
   * Branches whose workflows may assume the role (exact names, matched against the token's `sub` claim).
   * @default ["main"] when no environments are given, else none
   */
  readonly branches?: string[];
  /**
   * GitHub environments whose jobs may assume the role (a job with an environment gets that in its `sub`, not its branch).
   * @default none
   */
  readonly environments?: string[];
  /**
   * ARN of the account's existing OIDC provider for token.actions.githubusercontent.com (an account has at most one).
   * @default a provider is created
   */
  readonly providerArn?: string;
}

/** Props of a {@link CiAccess}. */
export interface CiAccessProps {
  /** The cluster (in the same stack). */
  readonly cluster: EksCluster;
  /**
   * An existing IAM role or user of the CI system (a self-hosted runner's instance role, say); give this or github.
   * @default none
   */
  readonly roleArn?: string;
  /**
   * Creates a role for GitHub Actions, trusted through OIDC for one repository's branches or environments; give this or roleArn.
   * @default none
   */
  readonly github?: GitHubActionsTrust;
  /** What the CI role may do in the cluster: an access policy, in namespaces or (with a reason) cluster-wide. */
  readonly access: ClusterAccess;
  /**
   * A Session Manager host whose port forward the created GitHub role may open (runners outside the VPC reach the
   * private endpoint through it); only with github.
   * @default none
   */
  readonly accessHost?: SsmAccessHost;
}

const PROPS = propNames<CiAccessProps>()({ cluster: true, roleArn: true, github: true, access: true, accessHost: true });
const GITHUB_PROPS = propNames<GitHubActionsTrust>()({ repository: true, branches: true, environments: true, providerArn: true });
const GITHUB_ISSUER = 'token.actions.githubusercontent.com';

/** "owner/name": an owner of 1-39 letters, digits or single "-", a repository of 1-100 letters, digits, ".", "_" or "-". */
const REPOSITORY = {
  test: (v: unknown) => typeof v === 'string' && /^[A-Za-z0-9](?:-?[A-Za-z0-9]){0,38}\/[A-Za-z0-9._-]{1,100}$/.test(v) && !/\/\.\.?$/.test(v),
  description: 'a GitHub repository as "owner/name", such as "acme/platform"',
};
/** A branch name as git allows it (check-ref-format), without wildcards. */
const BRANCH = {
  test: (v: unknown) => typeof v === 'string' && v.length <= 255 && /^[A-Za-z0-9._\/-]+$/.test(v) && !/(^[/.-]|\/$|\.\.|\/\/|\/\.|\.lock$|\.$)/.test(v),
  description: 'a branch name such as "main" or "release/v1" (letters, digits, ".", "_", "-", "/"; no wildcards)',
};
/** A GitHub environment name: 1-255 characters, none of which would change the meaning of the `sub` claim. */
const ENVIRONMENT = {
  test: (v: unknown) => typeof v === 'string' && /^[A-Za-z0-9._ -]{1,255}$/.test(v) && v.trim() === v,
  description: 'a GitHub environment name such as "production" (letters, digits, ".", "_", "-", spaces inside)',
};
const OIDC_PROVIDER_ARN = {
  test: (v: unknown) => typeof v === 'string' && ARN.test(v) && /^arn:aws(-[a-z]+)*:iam::\d{12}:oidc-provider\/token\.actions\.githubusercontent\.com$/.test(v),
  description: 'the ARN of the GitHub OIDC provider, such as "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"',
};

/**
 * Lets a CI system deploy to a cluster through an EKS access entry with a chosen access policy, scoped to namespaces
 * unless a reason is given for cluster-wide access. The principal is either an existing role (`roleArn`) or a role
 * created here for GitHub Actions (`github`): trusted only through GitHub's OIDC provider, for tokens whose audience is
 * STS and whose `sub` names the repository and one of the listed branches or environments (never the whole
 * repository or organisation, Checkov CKV_AWS_358), allowed `eks:DescribeCluster` on this cluster (for
 * `aws eks update-kubeconfig`) and, with `accessHost`, port forwarding through that host.
 *
 * The access entry decides what CI may do, not how it gets there: the runner must still reach the API server, from
 * inside the VPC (a self-hosted runner), through an `SsmAccessHost`, or from a public range allowed by
 * `EksEndpointAccess.publicAndPrivate`.
 */
export class CiAccess extends Construct {
  /** ARN of the CI principal (the created role with github). */
  public readonly roleArn: string;

  public constructor(scope: Construct, id: string, props: CiAccessProps) {
    super(terraformScope(scope, id), id);
    const v = PropsValidator.of(this);
    const p = readProps(v, props, PROPS);
    const clusterOk = v.check(p.cluster instanceof EksCluster && stackOf(p.cluster) === stackOf(this), 'cluster', describedConstruct(p.cluster),
      'an EksCluster in the same Terraform stack');
    v.check(p.roleArn !== undefined || p.github !== undefined, 'roleArn', p.roleArn,
      'the ARN of an existing CI role, or github: { repository } for a role created for GitHub Actions');
    v.check(p.roleArn === undefined || p.github === undefined, 'github', p.github, 'no github when roleArn is given (one principal per CiAccess)');
    if (p.roleArn !== undefined && terraformString(v, 'roleArn', p.roleArn, IAM_PRINCIPAL_ARN) && clusterOk) {
      checkAccessEntryFree(this, v, p.cluster!, 'roleArn', p.roleArn);
    }
    if (p.github !== undefined) {
      checkGitHub(v, p.github);
    }
    checkClusterAccess(v, 'access', p.access);
    v.check(p.accessHost === undefined || (p.accessHost instanceof SsmAccessHost && stackOf(p.accessHost) === stackOf(this)), 'accessHost',
      describedConstruct(p.accessHost), 'an SsmAccessHost in the same Terraform stack');
    v.check(p.accessHost === undefined || p.github !== undefined, 'accessHost', describedConstruct(p.accessHost),
      'no accessHost with roleArn (attach the host\'s sessionPolicyArn to that role where it is managed)');
    const roleName = clusterOk ? boundedName(`${p.cluster!.name}-${id}`, 64) : id;
    if (p.github !== undefined) {
      v.check(/^[\w+=,.@-]{1,64}$/.test(roleName), 'id', id, 'an id that makes an IAM role name "<cluster>-<id>" of letters, digits or +=,.@_-');
      checkUniqueName(this, v, 'IAM role names', roleName, 'id', id, `an id whose role name ${roleName} no other construct of this app uses`);
    }
    v.throwIfInvalid();
    const cluster = p.cluster!;

    if (p.roleArn !== undefined) {
      this.roleArn = p.roleArn;
    } else {
      claimName(this, 'IAM role names', roleName);
      this.roleArn = this.githubRole(roleName, p.github!, cluster, p.accessHost);
    }
    grantAccessEntry(this, cluster, this.roleArn, p.access!);
  }

  private githubRole(name: string, github: GitHubActionsTrust, cluster: EksCluster, host: SsmAccessHost | undefined): string {
    // GitHub's certificate is trusted through AWS's own CA library, so no thumbprint is needed.
    const providerArn = github.providerArn ?? new IamOpenidConnectProvider(this, 'github-oidc', {
      url: `https://${GITHUB_ISSUER}`,
      clientIdList: ['sts.amazonaws.com'],
    }).arn;
    const branches = github.branches ?? (github.environments ? [] : ['main']);
    const subjects = [
      ...branches.map((b) => `repo:${github.repository}:ref:refs/heads/${b}`),
      ...(github.environments ?? []).map((e) => `repo:${github.repository}:environment:${e}`),
    ];
    // The trust policy is written into the role as JSON (Terraform fills in the provider's ARN), so the policy checks
    // can read its conditions.
    const trust = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{
        Effect: 'Allow',
        Principal: { Federated: providerArn },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: { StringEquals: { [`${GITHUB_ISSUER}:aud`]: 'sts.amazonaws.com', [`${GITHUB_ISSUER}:sub`]: subjects } },
      }],
    });
    const role = new IamRole(this, 'role', { name, assumeRolePolicy: trust, maxSessionDuration: 3600 });
    const describe = new DataAwsIamPolicyDocument(this, 'permissions', {
      statement: [{ effect: 'Allow', actions: ['eks:DescribeCluster'], resources: [cluster.resource.arn] }],
    });
    new IamRolePolicy(this, 'describe-cluster', { role: role.name, name: 'describe-cluster', policy: describe.json });
    if (host) {
      new IamRolePolicyAttachment(this, 'port-forward', { role: role.name, policyArn: host.sessionPolicyArn });
    }
    return role.arn;
  }
}

function checkGitHub(v: PropsValidator, github: unknown): void {
  if (!v.knownProps('github', github, GITHUB_PROPS) || !v.check(isObject(github), 'github', github, '{ repository, branches?, environments?, providerArn? }')) {
    return;
  }
  const g = github as GitHubActionsTrust;
  v.format('github.repository', g.repository, REPOSITORY, true);
  for (const [field, list, format, what] of [['branches', g.branches, BRANCH, 'a branch'], ['environments', g.environments, ENVIRONMENT, 'an environment']] as const) {
    const items = checkList(v, `github.${field}`, list, false, `a list of ${field}`, (f, x) => v.format(f, x as string, format, true));
    if (items) {
      v.check(items.length > 0, `github.${field}`, items, `at least one (leave ${field} out otherwise)`);
      checkUnique(v, `github.${field}`, items, (x) => (typeof x === 'string' ? x : undefined), what);
    }
  }
  if (g.providerArn !== undefined) {
    terraformString(v, 'github.providerArn', g.providerArn, OIDC_PROVIDER_ARN);
  }
}
