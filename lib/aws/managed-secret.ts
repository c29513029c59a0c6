import { Construct } from 'constructs';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { SecretsmanagerSecretRotation } from '@cdktf/provider-aws/lib/secretsmanager-secret-rotation';
import { AcceptedRisk } from '../core/risk';
import { propNames } from '../core/resource';
import { PropsValidator, isObject } from '../core/validator';
import { ARN, KMS_KEY_ARN } from './aws-formats';
import { suppressCheckov } from './checkov';
import { awsAccountId, awsPartition } from './platform-stack';
import { checkSecretName, claimSecretName, readProps, terraformScope, terraformString } from './prop-checks';

const PROPS = propNames<ManagedSecretProps>()({
  secretName: true, description: true, recoveryWindowInDays: true, kmsKeyArn: true, rotation: true, noRotation: true,
});

/** Automatic rotation of a secret by a Lambda function. */
export interface ManagedSecretRotation {
  /** ARN of the rotation Lambda function (for RDS, one of the functions AWS publishes; otherwise your own). */
  readonly lambdaArn: string;
  /** Days between rotations (1-1000). */
  readonly afterDays: number;
}

/** Props of a {@link ManagedSecret}. */
export interface ManagedSecretProps {
  /** Name of the secret, e.g. "counter/mysql". */
  readonly secretName: string;
  /** What the secret holds and who sets it (shown in the console). */
  readonly description: string;
  /**
   * Days a deleted secret can still be restored.
   * @default 30
   */
  readonly recoveryWindowInDays?: number;
  /**
   * ARN of the customer managed KMS key that encrypts the secret (a key shared by several secrets, or one of another stack).
   * @default a key of the secret's own, rotated every year, whose policy leaves its use to the account's IAM policies
   */
  readonly kmsKeyArn?: string;
  /**
   * Rotates the secret with a Lambda function. Either this or noRotation is required (Checkov CKV2_AWS_57).
   * @default none: noRotation is required
   */
  readonly rotation?: ManagedSecretRotation;
  /**
   * Leaves the secret unrotated, with the reason (e.g. credentials of an in-cluster database, which the RDS rotation
   * functions cannot change); recorded as a Checkov skip of CKV2_AWS_57 on the secret.
   * @default none: rotation is required
   */
  readonly noRotation?: AcceptedRisk;
}


/** The ARN of a Lambda function (with an optional version or alias). */
const LAMBDA_ARN = {
  test: (v: unknown) => typeof v === 'string' && ARN.test(v) && /^arn:[\w-]+:lambda:[\w-]+:\d{12}:function:[\w-]{1,64}(:[\w$-]{1,128})?$/.test(v),
  description: 'a Lambda function ARN such as "arn:aws:lambda:us-west-2:123456789012:function:rotate-db", or its Terraform reference',
};

/**
 * A Secrets Manager secret whose value is set outside Terraform (by a person or a rotation job), so the value never
 * enters the Terraform state or the output. Terraform owns only its existence, name, encryption and rotation.
 *
 * The secret is encrypted with a customer managed KMS key (Checkov CKV_AWS_149): by default one of its own, with
 * yearly rotation and a policy that gives the account (its IAM policies) the use of the key, so a reader needs
 * `kms:Decrypt` on {@link kmsKeyArn} beside `secretsmanager:GetSecretValue`. Rotation (CKV2_AWS_57) takes a Lambda
 * function, or a written reason to go without.
 */
export class ManagedSecret extends Construct {
  /** The secret's ARN (a Terraform reference). */
  public readonly arn: string;
  /** The ARN of the KMS key that encrypts the secret (grant `kms:Decrypt` on it to readers). */
  public readonly kmsKeyArn: string;
  /** The secret. */
  public readonly secret: SecretsmanagerSecret;

  public constructor(scope: Construct, id: string, props: ManagedSecretProps) {
    super(terraformScope(scope, id), id);
    const v = PropsValidator.of(this);
    const p = readProps(v, props, PROPS);
    checkSecretName(this, v, 'secretName', p.secretName);
    // Secrets Manager descriptions have at most 2048 characters.
    v.check(typeof p.description === 'string' && p.description.trim().length > 0 && p.description.length <= 2048, 'description', p.description,
      'a description (at most 2048 characters) of the value and of who sets it');
    v.integer('recoveryWindowInDays', p.recoveryWindowInDays, 7, 30);
    if (p.kmsKeyArn !== undefined) {
      terraformString(v, 'kmsKeyArn', p.kmsKeyArn, KMS_KEY_ARN);
    }
    if (p.rotation !== undefined && v.knownProps('rotation', p.rotation, ['lambdaArn', 'afterDays'])
      && v.check(isObject(p.rotation), 'rotation', p.rotation, 'a rotation { lambdaArn, afterDays }')) {
      terraformString(v, 'rotation.lambdaArn', p.rotation.lambdaArn, LAMBDA_ARN);
      // Secrets Manager rotates at most every 1000 days.
      v.check(p.rotation.afterDays !== undefined, 'rotation.afterDays', p.rotation.afterDays, 'an integer from 1 to 1000 (days between rotations)');
      v.integer('rotation.afterDays', p.rotation.afterDays, 1, 1000);
    }
    v.risk('noRotation', p.noRotation, 'the secret is not rotated (Checkov CKV2_AWS_57)');
    v.check((p.rotation === undefined) !== (p.noRotation === undefined), p.rotation === undefined ? 'noRotation' : 'rotation',
      p.rotation === undefined ? p.noRotation : p.rotation,
      'either rotation: { lambdaArn, afterDays } or noRotation: { reason } (Checkov CKV2_AWS_57 wants secrets rotated), not both');
    v.throwIfInvalid();
    claimSecretName(this, p.secretName!);

    this.kmsKeyArn = p.kmsKeyArn ?? this.ownKey(p.secretName!);
    this.secret = new SecretsmanagerSecret(this, 'secret', {
      name: p.secretName,
      description: p.description,
      recoveryWindowInDays: p.recoveryWindowInDays ?? 30,
      kmsKeyId: this.kmsKeyArn,
    });
    this.arn = this.secret.arn;
    if (p.rotation) {
      new SecretsmanagerSecretRotation(this, 'rotation', {
        secretId: this.secret.id,
        rotationLambdaArn: p.rotation.lambdaArn,
        rotationRules: { automaticallyAfterDays: p.rotation.afterDays },
      });
    } else {
      suppressCheckov(this.secret, 'CKV2_AWS_57', p.noRotation!);
    }
  }

  /** A key for this secret alone: rotated yearly, deletable after 30 days, its use left to the account's IAM policies. */
  private ownKey(secretName: string): string {
    const root = `arn:${awsPartition(this)}:iam::${awsAccountId(this)}:root`;
    const key = new KmsKey(this, 'key', {
      description: `Encrypts the Secrets Manager secret ${secretName}`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      // The default key policy, written out (Checkov CKV2_AWS_64): the account's IAM policies decide who uses the key.
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Sid: 'AccountIamPolicies', Effect: 'Allow', Principal: { AWS: root }, Action: 'kms:*', Resource: '*' }],
      }),
    });
    // Alias names: letters, digits, "/_-"; a secret name may hold "+=.@", which become "-".
    new KmsAlias(this, 'key-alias', { name: `alias/secretsmanager/${secretName.replace(/[^\w/-]/g, '-')}`, targetKeyId: key.keyId });
    return key.arn;
  }
}
