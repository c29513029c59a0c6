// S3 bucket checks beyond versioning, encryption and public access (those are in terraform.ts): server access
// logging and lifecycle rules, the Checkov checks CKV_AWS_18, CKV2_AWS_61 and CKV_AWS_300 over the same JSON.
import { checkovSkipReason } from '../checkov-skips';
import { defineCheck } from '../define';
import { ObjectIndex } from '../object-index';
import { isMap } from '../selectors';
import { PolicyCheck, PolicyTarget } from '../types';

/** A Terraform block as a list: cdktf writes a list, hand-written JSON may hold one object; anything else is none. */
function blocks(value: unknown): Array<Record<string, any>> {
  return (Array.isArray(value) ? value : [value]).filter(isMap);
}

/**
 * The resources of `type` in the bucket's stack whose `bucket` names it: a reference to the bucket resource
 * (`${aws_s3_bucket.<name>.id}`, `.bucket`, ...) or its literal name.
 */
function companions(index: ObjectIndex, bucket: PolicyTarget, type: string): PolicyTarget[] {
  const ref = `${bucket.kind}.${bucket.name}.`;
  const name = bucket.object?.bucket;
  return index.terraform(type).filter((c) => c.stack === bucket.stack && typeof c.object?.bucket === 'string'
    && (c.object.bucket.includes(ref) || (typeof name === 'string' && c.object.bucket === name)));
}

/** Whether versioning is on: an aws_s3_bucket_versioning "Enabled", or the inline block of provider v3. */
function versioned(index: ObjectIndex, bucket: PolicyTarget): boolean {
  return companions(index, bucket, 'aws_s3_bucket_versioning').some((v) => blocks(v.object?.versioning_configuration).some((c) => c.status === 'Enabled'))
    || blocks(bucket.object?.versioning).some((v) => v.enabled === true || v.enabled === 'true');
}

/** The enabled lifecycle rules of a bucket, from aws_s3_bucket_lifecycle_configuration or the inline `lifecycle_rule` of provider v3. */
function enabledRules(index: ObjectIndex, bucket: PolicyTarget): Array<Record<string, any>> {
  const separate = companions(index, bucket, 'aws_s3_bucket_lifecycle_configuration')
    .flatMap((c) => blocks(c.object?.rule)).filter((r) => r.status === 'Enabled');
  const inline = blocks(bucket.object?.lifecycle_rule).filter((r) => r.enabled === true || r.enabled === 'true');
  return [...separate, ...inline];
}

/** Whether a lifecycle rule covers every object: no filter, an empty one, or only the prefix "" (CKV_AWS_300 counts the first two). */
function coversAll(rule: Record<string, any>): boolean {
  const prefix = rule.prefix ?? '';
  return prefix === '' && blocks(rule.filter).every((f) => Object.keys(f).every((k) => k === 'prefix' && (f.prefix === '' || f.prefix === null)));
}

export const TERRAFORM_S3_CHECKS: PolicyCheck[] = [
  defineCheck({
    id: 's3-access-logging',
    domain: 'terraform',
    kinds: ['aws_s3_bucket'],
    description: 'S3 buckets log the requests made to them (server access logs) to another bucket, or record why not (a log bucket itself).',
    remediation: 'Add an aws_s3_bucket_logging with a target_bucket of its own; on a log bucket, record the reason as a Checkov skip of CKV_AWS_18 '
      + '(suppressCheckov in keelson/aws).',
    severity: 'warning',
    references: ['CKV_AWS_18'],
    check: (t, index) => {
      if (checkovSkipReason(t.object, 'CKV_AWS_18') !== undefined || blocks(t.object?.logging).some((l) => typeof l.target_bucket === 'string')) {
        return [];
      }
      return companions(index, t, 'aws_s3_bucket_logging').some((l) => typeof l.object?.target_bucket === 'string')
        ? [] : ['server access logging is off: no aws_s3_bucket_logging names this bucket'];
    },
  }),
  defineCheck({
    id: 's3-lifecycle',
    domain: 'terraform',
    kinds: ['aws_s3_bucket'],
    description: 'S3 buckets have enabled lifecycle rules that end incomplete multipart uploads of every object and, on a versioned bucket, expire noncurrent versions.',
    remediation: 'Add an aws_s3_bucket_lifecycle_configuration with an enabled rule with an empty filter that has abort_incomplete_multipart_upload and '
      + 'noncurrent_version_expiration (noncurrent_days, newer_noncurrent_versions).',
    severity: 'warning',
    references: ['CKV2_AWS_61', 'CKV_AWS_300'],
    check: (t, index) => {
      if (checkovSkipReason(t.object, 'CKV2_AWS_61') !== undefined) {
        return [];
      }
      const rules = enabledRules(index, t);
      if (rules.length === 0) {
        return ['no enabled lifecycle rule'];
      }
      return [
        // The inline rule of provider v3 gives it as abort_incomplete_multipart_upload_days.
        ...(!rules.some((r) => coversAll(r) && (blocks(r.abort_incomplete_multipart_upload).length > 0 || Number(r.abort_incomplete_multipart_upload_days) > 0))
          ? ['no rule for every object ends incomplete multipart uploads (their parts are billed and never seen)'] : []),
        ...(versioned(index, t) && !rules.some((r) => blocks(r.noncurrent_version_expiration).length > 0)
          ? ['the bucket is versioned but no rule expires noncurrent versions: every old version is kept and billed forever'] : []),
      ];
    },
  }),
];
