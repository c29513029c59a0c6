import { PolicyTarget } from '../../../lib/policy/types';
import { bucket, tf } from './fixtures';

/** Objects that pass an S3 check, objects that fail it, and a text the failure's message contains. */
interface CheckCase {
  readonly pass: PolicyTarget[];
  readonly fail: PolicyTarget[];
  readonly message: string;
}

const REF = '${aws_s3_bucket.b.id}';

/** The compliant bucket of the fixtures (versioned, encrypted, private) with access logs and lifecycle rules, then `edit`. */
export function loggedBucket(edit: (r: any) => void = () => undefined): Record<string, any> {
  return bucket(undefined, (r) => {
    r.aws_s3_bucket.logs = { bucket: 'acme-state-logs', '//': { checkov_skip_reasons: { CKV_AWS_18: 'the log bucket', CKV2_AWS_61: 'a fixture' } } };
    r.aws_s3_bucket_logging = { l: { bucket: REF, target_bucket: '${aws_s3_bucket.logs.id}', target_prefix: 'access-logs/' } };
    r.aws_s3_bucket_lifecycle_configuration = {
      lc: {
        bucket: REF,
        rule: [{
          id: 'old-versions', status: 'Enabled', filter: [{}],
          noncurrent_version_expiration: [{ noncurrent_days: 90, newer_noncurrent_versions: 10 }],
          abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
        }],
      },
    };
    edit(r);
  });
}

export const TERRAFORM_S3_CASES: Record<string, CheckCase> = {
  's3-access-logging': {
    // Logged through aws_s3_bucket_logging; the log bucket records why it is not logged (Checkov skip of CKV_AWS_18).
    pass: tf(loggedBucket()),
    fail: tf(loggedBucket((r) => { delete r.aws_s3_bucket_logging; })),
    message: 'server access logging is off: no aws_s3_bucket_logging names this bucket',
  },
  's3-lifecycle': {
    pass: tf(loggedBucket()),
    // The rule is there but disabled.
    fail: tf(loggedBucket((r) => { r.aws_s3_bucket_lifecycle_configuration.lc.rule[0].status = 'Disabled'; })),
    message: 'no enabled lifecycle rule',
  },
};
