import { runPolicy } from '../../../lib/policy/engine';
import { BUILTIN_CHECKS } from '../../../lib/policy/registry';
import { TERRAFORM_S3_CHECKS } from '../../../lib/policy/checks/terraform-s3';
import { bucket, tf } from './fixtures';
import { TERRAFORM_S3_CASES, loggedBucket } from './terraform-s3-cases';

const check = (id: string) => TERRAFORM_S3_CHECKS.find((c) => c.id === id)!;
const messages = (id: string, resources: Record<string, any>) => runPolicy(tf(resources), { checks: [check(id)] }).findings.map((f) => `${f.object}: ${f.message}`);

describe('S3 access logging and lifecycle checks', () => {
  test('are registered, with a case each', () => {
    expect(TERRAFORM_S3_CHECKS.map((c) => c.id).sort()).toEqual(Object.keys(TERRAFORM_S3_CASES).sort());
    TERRAFORM_S3_CHECKS.forEach((c) => expect(BUILTIN_CHECKS).toContain(c));
  });

  describe.each(Object.entries(TERRAFORM_S3_CASES))('%s', (id, c) => {
    test('passes the compliant buckets', () => {
      expect(runPolicy(c.pass, { checks: [check(id)] }).findings).toEqual([]);
    });
    test('reports the violating one', () => {
      const findings = runPolicy(c.fail, { checks: [check(id)] }).findings;
      expect(findings.map((f) => [f.checkId, f.severity, f.object])).toEqual([[id, 'warning', 'aws_s3_bucket.b (stack stack)']]);
      expect(findings[0].message).toContain(c.message);
    });
  });

  test('access logging: the inline logging block of provider v3 counts; a log bucket without a recorded reason is reported', () => {
    expect(messages('s3-access-logging', bucket(undefined, (r) => { r.aws_s3_bucket.b.logging = [{ target_bucket: 'acme-logs' }]; }))).toEqual([]);
    expect(messages('s3-access-logging', loggedBucket((r) => { delete r.aws_s3_bucket.logs['//']; })))
      .toEqual(['aws_s3_bucket.logs (stack stack): server access logging is off: no aws_s3_bucket_logging names this bucket']);
    // A logging resource of another bucket does not count for this one.
    expect(messages('s3-access-logging', loggedBucket((r) => { r.aws_s3_bucket_logging.l.bucket = '${aws_s3_bucket.other.id}'; })))
      .toEqual(['aws_s3_bucket.b (stack stack): server access logging is off: no aws_s3_bucket_logging names this bucket']);
  });

  test('lifecycle: versioned buckets expire noncurrent versions, and every bucket ends incomplete uploads', () => {
    const rule = (r: any) => r.aws_s3_bucket_lifecycle_configuration.lc.rule[0];
    expect(messages('s3-lifecycle', loggedBucket((r) => { delete rule(r).noncurrent_version_expiration; }))).toEqual([
      'aws_s3_bucket.b (stack stack): the bucket is versioned but no rule expires noncurrent versions: every old version is kept and billed forever',
    ]);
    expect(messages('s3-lifecycle', loggedBucket((r) => { delete rule(r).abort_incomplete_multipart_upload; }))).toEqual([
      'aws_s3_bucket.b (stack stack): no rule for every object ends incomplete multipart uploads (their parts are billed and never seen)',
    ]);
    // A rule for some objects only does not do.
    expect(messages('s3-lifecycle', loggedBucket((r) => { rule(r).filter = [{ prefix: 'logs/' }]; }))).toEqual([
      'aws_s3_bucket.b (stack stack): no rule for every object ends incomplete multipart uploads (their parts are billed and never seen)',
    ]);
    // An unversioned bucket needs no noncurrent expiry; a rule as a single object (hand-written JSON) is read too.
    expect(messages('s3-lifecycle', loggedBucket((r) => {
      delete r.aws_s3_bucket_versioning;
      r.aws_s3_bucket_lifecycle_configuration.lc.rule = { id: 'x', status: 'Enabled', abort_incomplete_multipart_upload: { days_after_initiation: 1 } };
    }))).toEqual([]);
    // The inline lifecycle_rule and versioning of provider v3, and a bucket named literally by its configuration.
    const inline = (lifecycleRule: any) => messages('s3-lifecycle', bucket(['encryption', 'block'], (r) => {
      Object.assign(r.aws_s3_bucket.b, { versioning: [{ enabled: true }], lifecycle_rule: [lifecycleRule] });
    }));
    expect(inline({ enabled: true, abort_incomplete_multipart_upload_days: 7, noncurrent_version_expiration: [{ days: 30 }] })).toEqual([]);
    expect(inline({ enabled: true, noncurrent_version_expiration: [{ days: 30 }] }))
      .toEqual(['aws_s3_bucket.b (stack stack): no rule for every object ends incomplete multipart uploads (their parts are billed and never seen)']);
    expect(inline({ enabled: false, abort_incomplete_multipart_upload_days: 7 })).toEqual(['aws_s3_bucket.b (stack stack): no enabled lifecycle rule']);
    expect(messages('s3-lifecycle', loggedBucket((r) => { r.aws_s3_bucket_lifecycle_configuration.lc.bucket = 'acme-state'; }))).toEqual([]);
  });
});
