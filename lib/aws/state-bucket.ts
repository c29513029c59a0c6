import { TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketNotification } from '@cdktf/provider-aws/lib/s3-bucket-notification';
import { Format } from '../core/formats';
import { AcceptedRisk } from '../core/risk';
import { propNames } from '../core/resource';
import { PropsValidator, isObject } from '../core/validator';
import { AccessLogBucket } from './access-log-bucket';
import { KMS_KEY_ARN, S3_BUCKET_NAME } from './aws-formats';
import { suppressCheckov } from './checkov';
import { ABORT_INCOMPLETE_UPLOADS, privateBucket } from './private-bucket-parts';
import { checkUniqueName, claimName, readProps, regionOf, stackOf, terraformScope, terraformString } from './prop-checks';
import { StateBackend } from './state-backend';
import { replicateState } from './state-replication';

/** Cross-region replication of the state (see {@link StateBucketProps.replication}). */
export interface StateBucketReplication {
  /** ARN of a versioned bucket in another region, such as "arn:aws:s3:::acme-terraform-state-replica". */
  readonly destinationBucketArn: string;
  /** ARN of a KMS key in the destination region: S3 re-encrypts the replicas with it (the state is SSE-KMS encrypted). */
  readonly destinationKmsKeyArn: string;
  /**
   * Storage class of the replicas: one that can be read at once, as a copy restored in a hurry must be.
   * @default "STANDARD"
   */
  readonly storageClass?: 'STANDARD' | 'STANDARD_IA' | 'INTELLIGENT_TIERING' | 'GLACIER_IR';
}

/** How long replaced and deleted state versions are kept (see {@link StateBucketProps.noncurrentVersions}). */
export interface StateBucketVersionRetention {
  /**
   * Days after which a version that is no longer current is deleted.
   * @default 90
   */
  readonly expireAfterDays?: number;
  /**
   * This many most recent noncurrent versions of each state file are kept whatever their age.
   * @default 10
   */
  readonly keepNewest?: number;
}

/** The access log bucket (see {@link StateBucketProps.accessLogs}). */
export interface StateBucketAccessLogs {
  /**
   * Its exact, globally unique name.
   * @default "<namePrefix>-logs-<account id>-<region>", or "<bucketName>-logs"
   */
  readonly bucketName?: string;
  /**
   * Days a log object is kept.
   * @default 365
   */
  readonly expireAfterDays?: number;
}

/** Props of a {@link StateBucket}: give either `namePrefix` or `bucketName`. */
export interface StateBucketProps {
  /**
   * Start of the bucket name, which keelson completes to "<namePrefix>-<account id>-<region>" so that it is unique in
   * the world: 1 or more lowercase letters, digits or "-".
   * @default none: give this or bucketName
   */
  readonly namePrefix?: string;
  /**
   * An exact, globally unique bucket name, instead of namePrefix.
   * @default none: give this or namePrefix
   */
  readonly bucketName?: string;
  /**
   * Lets `terraform destroy` delete the bucket and its log bucket. Needs a reason: the bucket holds the state of other stacks.
   * @default both buckets are protected (`prevent_destroy`)
   */
  readonly allowDestroy?: AcceptedRisk;
  /**
   * ARN of a customer managed KMS key that encrypts the state (required for replication).
   * @default the AWS managed key aws/s3
   */
  readonly kmsKeyArn?: string;
  /**
   * How long replaced and deleted versions of the state are kept.
   * @default 90 days, and always the 10 most recent
   */
  readonly noncurrentVersions?: StateBucketVersionRetention;
  /**
   * The bucket that receives the server access logs of the state bucket.
   * @default a bucket named after the state bucket, logs kept 365 days
   */
  readonly accessLogs?: StateBucketAccessLogs;
  /**
   * Replicates the state to a bucket in another region (which you create), with an IAM role for S3. Needs kmsKeyArn.
   * @default no replication (versioning alone guards against lost or overwritten state)
   */
  readonly replication?: StateBucketReplication;
}

const PROPS = propNames<StateBucketProps>()({
  namePrefix: true, bucketName: true, allowDestroy: true, kmsKeyArn: true, noncurrentVersions: true, accessLogs: true, replication: true,
});


/** The ARN of an S3 general purpose bucket. */
const S3_BUCKET_ARN: Format = {
  test: (v) => typeof v === 'string' && /^arn:aws[a-z-]*:s3:::/.test(v) && S3_BUCKET_NAME.test(v.replace(/^arn:aws[a-z-]*:s3:::/, '')),
  description: 'an S3 bucket ARN such as "arn:aws:s3:::acme-terraform-state-replica"',
};

/** A name prefix: lowercase letters, digits and "-" (no "." : dots break TLS to virtual-hosted bucket names). */
const NAME_PREFIX = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;

/** Length of "-<12-digit account id>-". */
const ACCOUNT_PART = 14;
/** "-logs", which the log bucket adds after the prefix. */
const LOGS = '-logs';

const REPLICATION_PROPS = ['destinationBucketArn', 'destinationKmsKeyArn', 'storageClass'];
const STORAGE_CLASSES = ['STANDARD', 'STANDARD_IA', 'INTELLIGENT_TIERING', 'GLACIER_IR'];

/**
 * An S3 bucket fit for Terraform state (The Kubernetes Workshop, Ex 12.01, done safely): named uniquely from a prefix,
 * the account id and the region (or exactly as you say); versioned, old versions expired after a while; encrypted with
 * KMS (bucket key on); all public access blocked; ACLs disabled (bucket owner enforced); plain-HTTP requests denied;
 * access logged to a second bucket; changes published to EventBridge; optionally replicated to another region; and
 * protected from `terraform destroy`. Its name is the stack's `state_bucket` output, for `StateBackend.s3Partial()`.
 */
export class StateBucket extends Construct {
  /** The bucket. */
  public readonly bucket: S3Bucket;
  /** Its name: a literal with bucketName, a Terraform value (the account id is known at apply time) with namePrefix. */
  public readonly bucketName: string;
  /** The bucket that receives its access logs. */
  public readonly logBucket: S3Bucket;

  public constructor(scope: Construct, id: string, props: StateBucketProps) {
    super(terraformScope(scope, id), id);
    const v = PropsValidator.of(this);
    // null stands for "not given", as undefined does.
    const p = Object.fromEntries(Object.entries(readProps(v, props, PROPS)).filter(([, x]) => x !== null)) as Partial<StateBucketProps>;
    const stack = stackOf(this) as TerraformStack & { backend?: unknown };
    const region = regionOf(this);
    // The stack's output is called state_bucket: one per stack.
    v.check(!stack.node.findAll().some((c) => c !== this && c instanceof StateBucket), 'scope', stack.node.path,
      'a stack without another StateBucket (the bucket name is the stack\'s one "state_bucket" output)');
    v.check((p.namePrefix === undefined) !== (p.bucketName === undefined), 'namePrefix', p.namePrefix,
      'either namePrefix (the name is made unique with the account id and region) or bucketName (an exact name), not both and not neither');
    const logs: StateBucketAccessLogs = isObject(p.accessLogs)
      ? { bucketName: p.accessLogs.bucketName ?? undefined, expireAfterDays: p.accessLogs.expireAfterDays ?? undefined } : {};
    // The names of both buckets (a pattern when made from the prefix), for the app-wide uniqueness check.
    let key: string | undefined;
    let logKey: string | undefined = logs.bucketName;
    if (p.namePrefix !== undefined && v.check(region !== undefined, 'namePrefix', p.namePrefix,
      'a bucket in a PlatformStack (the name ends with the stack\'s region); outside one, give bucketName')) {
      // The longest name: prefix, "-logs" (log bucket, unless named), "-<account id>-", region; S3 allows 63.
      const room = 63 - ACCOUNT_PART - region!.length - (logs.bucketName === undefined ? LOGS.length : 0);
      if (v.check(typeof p.namePrefix === 'string' && p.namePrefix.length <= room && NAME_PREFIX.test(p.namePrefix), 'namePrefix', p.namePrefix,
        `1-${room} lowercase letters, digits or "-", starting and ending with a letter or digit, such as "terraform-state" (the name adds `
        + `${logs.bucketName === undefined ? '"-logs" for the log bucket, ' : ''}"-<12-digit account id>-${region}" and S3 allows 63 characters)`)) {
        v.format('namePrefix', `${p.namePrefix}-000000000000-${region}`, S3_BUCKET_NAME);
        key = `${p.namePrefix}-<account id>-${region}`;
        logKey = `${p.namePrefix}${LOGS}-<account id>-${region}`;
      }
    }
    if (p.bucketName !== undefined && v.format('bucketName', p.bucketName, S3_BUCKET_NAME, true)) {
      // Terraform reads the state before it creates anything: the stack that keeps its state in this bucket cannot
      // be the one that creates it.
      v.check(!(stack.backend instanceof StateBackend) || stack.backend.bucket !== p.bucketName, 'bucketName', p.bucketName,
        `a bucket other than the one stack "${stack.node.path}" keeps its own state in (StateBackend.s3): Terraform cannot keep its state in a `
        + 'bucket the same stack creates; create the bucket in a separate bootstrap stack with StateBackend.local(), as StateStack does');
      v.check(logs.bucketName !== undefined || p.bucketName.length + LOGS.length <= 63, 'bucketName', p.bucketName,
        'a name of at most 58 characters, so that the log bucket "<bucketName>-logs" fits in 63, or give accessLogs.bucketName');
      key = p.bucketName;
      logKey = logs.bucketName ?? `${p.bucketName}${LOGS}`;
    }
    // S3 bucket names are global: a second bucket of the same name fails at apply time.
    const field = p.namePrefix !== undefined ? 'namePrefix' : 'bucketName';
    if (key !== undefined && checkUniqueName(this, v, 'S3 bucket names', key, field, p.namePrefix ?? p.bucketName, 'a bucket name no other StateBucket of this app has')
      && logKey !== undefined && logs.bucketName === undefined) {
      checkUniqueName(this, v, 'S3 bucket names', logKey, field, p.namePrefix ?? p.bucketName, `a name whose log bucket "${logKey}" no other StateBucket of this app has`);
    }
    v.risk('allowDestroy', p.allowDestroy, 'terraform destroy may delete the bucket that holds the state of other stacks');
    if (p.kmsKeyArn !== undefined) {
      terraformString(v, 'kmsKeyArn', p.kmsKeyArn, KMS_KEY_ARN);
    }
    if (v.knownProps('noncurrentVersions', p.noncurrentVersions, ['expireAfterDays', 'keepNewest']) && isObject(p.noncurrentVersions)) {
      // Ten years at most: older state is history, not a backup. S3 keeps at most 100 newer noncurrent versions.
      v.integer('noncurrentVersions.expireAfterDays', p.noncurrentVersions.expireAfterDays, 1, 3650);
      v.integer('noncurrentVersions.keepNewest', p.noncurrentVersions.keepNewest, 1, 100);
    }
    if (v.knownProps('accessLogs', p.accessLogs, ['bucketName', 'expireAfterDays']) && logs.bucketName !== undefined
      && v.format('accessLogs.bucketName', logs.bucketName, S3_BUCKET_NAME)) {
      v.check(logs.bucketName !== p.bucketName, 'accessLogs.bucketName', logs.bucketName, 'a bucket other than the state bucket (a bucket that logs to itself logs its own log deliveries without end)');
      checkUniqueName(this, v, 'S3 bucket names', logs.bucketName, 'accessLogs.bucketName', logs.bucketName, 'a bucket name no other bucket of this app has');
    }
    v.integer('accessLogs.expireAfterDays', logs.expireAfterDays, 1, 3650);
    this.checkReplication(v, p);
    v.throwIfInvalid();

    const identity = (stack.node.tryFindChild('caller-identity') as DataAwsCallerIdentity | undefined) ?? new DataAwsCallerIdentity(stack, 'caller-identity');
    const unique3 = (prefix: string) => `${prefix}-${identity.accountId}-${region}`;
    this.bucketName = p.bucketName ?? unique3(p.namePrefix!);
    claimName(this, 'S3 bucket names', key!);
    claimName(this, 'S3 bucket names', logKey!);
    const preventDestroy = p.allowDestroy === undefined;
    const retention: StateBucketVersionRetention = p.noncurrentVersions ?? {};
    const { bucket, versioning } = privateBucket(this, {
      name: this.bucketName,
      preventDestroy,
      encryption: { algorithm: 'aws:kms', kmsKeyArn: p.kmsKeyArn },
      lifecycleRules: [{
        id: 'expire-old-state-versions',
        status: 'Enabled',
        // An empty filter: the rule covers every object (Checkov's CKV_AWS_300 counts only such a rule).
        filter: [{}],
        noncurrentVersionExpiration: [{ noncurrentDays: retention.expireAfterDays ?? 90, newerNoncurrentVersions: retention.keepNewest ?? 10 }],
        // A delete marker with no older version left is removed.
        expiration: [{ expiredObjectDeleteMarker: true }],
        ...ABORT_INCOMPLETE_UPLOADS,
      }],
    });
    this.bucket = bucket;
    this.logBucket = new AccessLogBucket(this, 'access-logs', {
      name: logs.bucketName ?? (p.bucketName !== undefined ? `${p.bucketName}${LOGS}` : unique3(`${p.namePrefix}${LOGS}`)),
      source: bucket,
      accountId: identity.accountId,
      expireAfterDays: logs.expireAfterDays ?? 365,
      preventDestroy,
    }).bucket;
    // Object changes go to the account's default EventBridge bus, at no charge for AWS service events, so that a rule
    // can alert on an unexpected write or delete of state (CKV2_AWS_62).
    new S3BucketNotification(this, 'notifications', { bucket: bucket.id, eventbridge: true });
    if (p.replication !== undefined) {
      replicateState(this, { bucket, kmsKeyArn: p.kmsKeyArn!, accountId: identity.accountId, region: region ?? '*', dependsOn: [versioning] }, p.replication);
    } else {
      suppressCheckov(bucket, 'CKV_AWS_144', {
        reason: 'cross-region replication is optional (StateBucket replication prop; it needs a bucket and a KMS key in a second region): '
          + 'versioning with retained noncurrent versions recovers lost or overwritten state',
      });
    }
    const output = new TerraformOutput(this, 'state-bucket-name', { value: bucket.bucket, description: 'The name of the Terraform state bucket' });
    output.overrideLogicalId('state_bucket');
  }

  private checkReplication(v: PropsValidator, p: Partial<StateBucketProps>): void {
    const r = p.replication;
    if (r === undefined || !v.knownProps('replication', r, REPLICATION_PROPS)
      || !v.check(isObject(r), 'replication', r, '{ destinationBucketArn, destinationKmsKeyArn, storageClass? }')) {
      return;
    }
    if (terraformString(v, 'replication.destinationBucketArn', r.destinationBucketArn, S3_BUCKET_ARN) && p.bucketName !== undefined) {
      v.check(r.destinationBucketArn.replace(/^arn:aws[a-z-]*:s3:::/, '') !== p.bucketName, 'replication.destinationBucketArn', r.destinationBucketArn,
        'a bucket other than the state bucket itself');
    }
    terraformString(v, 'replication.destinationKmsKeyArn', r.destinationKmsKeyArn, KMS_KEY_ARN);
    v.check(r.storageClass === undefined || STORAGE_CLASSES.includes(r.storageClass), 'replication.storageClass', r.storageClass,
      `one of ${STORAGE_CLASSES.join(', ')} (classes that are read at once; archive classes need a restore first)`);
    // The replication role must be allowed to decrypt the state, so it needs the key's ARN; the AWS managed key
    // aws/s3 has none before it is first used.
    v.check(p.kmsKeyArn !== undefined, 'kmsKeyArn', p.kmsKeyArn,
      'a customer managed KMS key ARN when replication is on (the replication role is granted kms:Decrypt on that key)');
  }
}
