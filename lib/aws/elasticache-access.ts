// Who may reach an ElastiCacheRedis and with what: its clients (security groups), its AUTH token and its KMS key. The
// checks of those props and the Terraform that keeps the token out of the synthesized output; elasticache-redis.ts
// builds the cache itself.
import { Fn, TerraformStack, Token } from 'cdktf';
import { Construct } from 'constructs';
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition';
import { DataAwsRegion } from '@cdktf/provider-aws/lib/data-aws-region';
import { DataAwsSecretsmanagerSecretVersion } from '@cdktf/provider-aws/lib/data-aws-secretsmanager-secret-version';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { SecretsmanagerSecretVersion } from '@cdktf/provider-aws/lib/secretsmanager-secret-version';
import { PropsValidator, checkUnique, isObject } from '../core/validator';
import { isEveryNodeSecurityGroup } from '../policy/checks/terraform-elasticache';
import { KMS_KEY_ARN, SECURITY_GROUP_ID } from './aws-formats';
import { EksCluster } from './eks-cluster';
import { ManagedNodeGroup } from './managed-node-group';
import { suppressCheckov } from './checkov';
import { checkList, checkSecretName, describedConstruct, regionOf, shownValue, terraformString } from './prop-checks';

/** A security group allowed to connect, what it stands for (for the rule's description), and the reason when it is every node. */
export interface CacheSource {
  readonly securityGroupId: string;
  readonly description: string;
  readonly everyNodeReason?: string;
}

const CLIENTS = 'a list of clients: ManagedNodeGroups, security group ids, or { everyNodeOf: cluster, reason }';

/**
 * Checks `clients` and returns the security groups to admit. EKS creates the cluster security group and puts it on the
 * control plane's network interfaces and on every node of a managed node group (EKS user guide, "security group
 * requirements"); pods without security groups of their own use their node's. Admitting it admits every pod of the
 * cluster: it is taken only as `{ everyNodeOf: cluster, reason }`, and refused as an id or as the cluster itself.
 */
export function checkClients(scope: Construct, v: PropsValidator, clients: unknown): CacheSource[] {
  const sources: CacheSource[] = [];
  const keys: Array<string | undefined> = [];
  const list = checkList(v, 'clients', clients, true, CLIENTS, (f, c) => {
    let source: CacheSource | undefined;
    if (c instanceof ManagedNodeGroup) {
      // Rule descriptions take only some ASCII characters (EC2); a construct path may have others.
      source = { securityGroupId: c.securityGroupId, description: 'Redis clients: the nodes of a dedicated node group' };
    } else if (c instanceof EksCluster) {
      v.fail(f, describedConstruct(c), `{ everyNodeOf: cluster, reason: "..." }: the cluster security group is on every node, so every pod could connect; `
        + 'prefer a dedicated ManagedNodeGroup or a security group of the pods that use the cache');
    } else if (typeof c === 'string') {
      if (terraformString(v, f, c, SECURITY_GROUP_ID) && v.check(!isEveryNodeSecurityGroup(shownValue(scope, c)), f, shownValue(scope, c),
        'a security group that not every node carries; the EKS cluster security group is on every node, so give it as { everyNodeOf: cluster, reason } '
        + 'or prefer a dedicated ManagedNodeGroup')) {
        source = { securityGroupId: c, description: 'Redis clients' };
      }
    } else if (isObject(c) && 'everyNodeOf' in c) {
      const cluster = c.everyNodeOf;
      const clusterOk = v.check(cluster instanceof EksCluster, `${f}.everyNodeOf`, describedConstruct(cluster), 'an EksCluster');
      if (v.risk(f, c, 'every pod on every node of the cluster may connect to the cache', ['everyNodeOf']) && clusterOk) {
        source = { securityGroupId: (cluster as EksCluster).clusterSecurityGroupId, description: `Redis clients: every node of ${(cluster as EksCluster).name}`,
          everyNodeReason: c.reason as string };
      }
    } else {
      v.fail(f, describedConstruct(c), 'a ManagedNodeGroup, a security group id, or { everyNodeOf: cluster, reason }');
    }
    keys.push(source === undefined ? undefined : String(shownValue(scope, source.securityGroupId)));
    if (source) {
      sources.push(source);
    }
  });
  if (list) {
    v.check(list.length > 0, 'clients', list, 'at least one client allowed to connect');
    // Two identical ingress rules are refused by EC2 (InvalidPermission.Duplicate).
    checkUnique(v, 'clients', keys, (k) => k, 'a security group');
  }
  return sources;
}

/** The checked `authToken`: the secret name, or undefined when AUTH is off (with a reason). */
export function checkAuthToken(scope: Construct, v: PropsValidator, auth: unknown, groupId: unknown, groupIdOk: boolean): string | undefined {
  if (isObject(auth) && 'mode' in auth) {
    v.check(auth.mode === 'none', 'authToken.mode', auth.mode, '"none" (with a reason) to turn AUTH off, or no mode for a generated token');
    v.risk('authToken', auth, 'clients may connect without an AUTH token', ['mode']);
    return undefined;
  }
  const ok = v.check(auth === undefined || isObject(auth), 'authToken', auth, '{ secretName }, or { mode: "none", reason } for clients that send no AUTH token')
    && v.knownProps('authToken', auth ?? {}, ['secretName']);
  const given = ok ? (auth as { secretName?: unknown } | undefined)?.secretName : undefined;
  if (given !== undefined) {
    return checkSecretName(scope, v, 'authToken.secretName', given) ? given as string : undefined;
  }
  const name = `elasticache/${String(groupId)}/auth-token`;
  return ok && groupIdOk && checkSecretName(scope, v, 'authToken.secretName', name) ? name : undefined;
}

/** Checks `kmsKeyArn`: a KMS key ARN (or a Terraform value) in the cache's region, where ElastiCache looks for it. */
export function checkKmsKeyArn(scope: Construct, v: PropsValidator, arn: unknown): void {
  if (arn !== undefined && terraformString(v, 'kmsKeyArn', arn, KMS_KEY_ARN) && !Token.isUnresolved(arn)) {
    const region = regionOf(scope);
    v.check(region === undefined || (arn as string).split(':')[3] === region, 'kmsKeyArn', arn, `a key in the cache's region ${region}`);
  }
}

/**
 * The AUTH token, without its value ever being in the synthesized output:
 *
 * - Secrets Manager generates it: the ephemeral resource `aws_secretsmanager_random_password` (Terraform >= 1.10; the
 *   cdktf 0.21 bindings have no ephemeral resources, so it is written as an override of the stack) is passed to the
 *   write-only `secret_string_wo` (Terraform >= 1.11), which keeps it out of the state; `secret_string_wo_version`
 *   stays 1, so the secret is written once and later plans show no change although each run generates a new password.
 * - ElastiCache gets it from the secret's current version. Provider 6.25.0 has no write-only `auth_token_wo` (and an
 *   ephemeral value may not go into `auth_token`), so the token is in the state twice, as sensitive values: in the data
 *   source and in the replication group. Keep the state encrypted and private (StateBucket does).
 *
 * Rotating: put a new value into the secret (letters and digits, 16-128 characters); the next apply passes it with the
 * update strategy ROTATE, under which ElastiCache accepts both tokens until clients have the new one.
 */
export function authTokenSecret(scope: Construct, groupId: string, secretName: string, kmsKeyArn: string): { secret: SecretsmanagerSecret; token: string } {
  const secret = new SecretsmanagerSecret(scope, 'auth-token-secret', {
    name: secretName,
    description: `AUTH token of ElastiCache ${groupId}, generated by Secrets Manager (read by External Secrets)`,
    kmsKeyId: kmsKeyArn,
    recoveryWindowInDays: 7,
  });
  noRotationLambda(secret, 'rotated by putting a new token into the secret: the next apply hands it to ElastiCache with the ROTATE strategy, '
    + 'which keeps the old token valid until the clients have read the new one');
  // Unique in the stack: replication group ids (which have no "_") are unique per region, and a stack has one region.
  const random = `${groupId.replace(/-/g, '_')}_auth_token`;
  TerraformStack.of(scope).addOverride(`ephemeral.aws_secretsmanager_random_password.${random}`, {
    // AUTH tokens take 16-128 printable characters but only a few punctuation marks: letters and digits only.
    password_length: 64,
    exclude_punctuation: true,
    require_each_included_type: true,
  });
  const value = new SecretsmanagerSecretVersion(scope, 'auth-token-value', {
    secretId: secret.id,
    secretStringWo: `\${ephemeral.aws_secretsmanager_random_password.${random}.random_password}`,
    secretStringWoVersion: 1,
  });
  // Reading through the version's secret_id waits for it without depends_on (which would defer the read, and show the
  // token as changing, whenever the version has a pending change).
  const current = new DataAwsSecretsmanagerSecretVersion(scope, 'auth-token', { secretId: value.secretId });
  return { secret, token: current.secretString };
}

/** Key administration without any cryptographic operation or grant (a grant is a way to hand oneself decrypt rights). */
const KEY_ADMIN_ACTIONS = [
  'kms:CancelKeyDeletion', 'kms:CreateAlias', 'kms:DeleteAlias', 'kms:Describe*', 'kms:Disable*', 'kms:Enable*', 'kms:Get*', 'kms:List*',
  'kms:Put*', 'kms:Revoke*', 'kms:RotateKeyOnDemand', 'kms:ScheduleKeyDeletion', 'kms:TagResource', 'kms:UntagResource', 'kms:Update*',
];
/** What a principal of the account may do with the key through ElastiCache or Secrets Manager. */
const KEY_USE_ACTIONS = ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey*', 'kms:ReEncrypt*'];

/**
 * The cache's own rotating KMS key, with an explicit policy (Checkov CKV2_AWS_64): the account administers it, and its
 * principals may use it only through ElastiCache and Secrets Manager in this region (`kms:ViaService`), as far as
 * their IAM policies allow: Terraform's caller to create the cache and write its secrets, External Secrets to read the
 * secrets (it needs kms:Decrypt on the key in its own policy). ElastiCache works with the key through grants that it
 * creates with the caller's credentials when it creates the cache, which the policy allows only for AWS resources.
 */
export function cacheKey(scope: Construct, groupId: string): KmsKey {
  const partition = new DataAwsPartition(scope, 'partition');
  const account = new DataAwsCallerIdentity(scope, 'account');
  const region = new DataAwsRegion(scope, 'region');
  const root = `arn:${partition.partition}:iam::${account.accountId}:root`;
  const services = ['elasticache', 'secretsmanager'].map((s) => `${s}.${region.region}.${partition.dnsSuffix}`);
  const policy = {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'KeyAdministration', Effect: 'Allow', Principal: { AWS: root }, Action: KEY_ADMIN_ACTIONS, Resource: '*' },
      {
        Sid: 'UseThroughElastiCacheAndSecretsManager', Effect: 'Allow', Principal: { AWS: root }, Action: KEY_USE_ACTIONS, Resource: '*',
        Condition: { StringEquals: { 'kms:ViaService': services, 'kms:CallerAccount': account.accountId } },
      },
      {
        Sid: 'GrantsForElastiCache', Effect: 'Allow', Principal: { AWS: root }, Action: ['kms:CreateGrant', 'kms:ListGrants'], Resource: '*',
        Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' }, StringEquals: { 'kms:ViaService': services[0], 'kms:CallerAccount': account.accountId } },
      },
    ],
  };
  const key = new KmsKey(scope, 'key', {
    description: `Encrypts ElastiCache ${groupId} (data, snapshots) and its secrets`,
    enableKeyRotation: true,
    deletionWindowInDays: 30,
    policy: Fn.jsonencode(policy),
  });
  new KmsAlias(scope, 'key-alias', { name: `alias/elasticache/${groupId}`, targetKeyId: key.keyId });
  return key;
}

/**
 * Records on a secret of the cache why Checkov's CKV2_AWS_57 (a rotation Lambda for every secret) does not apply.
 */
export function noRotationLambda(secret: SecretsmanagerSecret, reason: string): void {
  suppressCheckov(secret, 'CKV2_AWS_57', { reason });
}
