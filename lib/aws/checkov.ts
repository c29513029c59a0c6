import { TerraformResource } from 'cdktf';
import { Construct } from 'constructs';
import { AcceptedRisk } from '../core/risk';
import { PropsValidator } from '../core/validator';
import { CHECKOV_AWS_CHECK_ID, CHECKOV_SKIP_REASONS_KEY, CheckovSkip } from '../policy/checkov-skips';
import { describedConstruct } from './prop-checks';

/** The skips written so far on each resource (cdktf overrides replace a list, so the whole list is written each time). */
const SKIPS = new WeakMap<TerraformResource, CheckovSkip[]>();

/**
 * Records that a Checkov check deliberately does not hold for a Terraform resource, with the reason, in the
 * resource's `//` comment object (which Terraform ignores):
 *
 * - `"checkov": { "skip": [{ "id": "CKV_AWS_144", "comment": "<reason>" }] }`: the form Checkov reads from a
 *   CloudFormation resource's `Metadata` and that its maintainers proposed for CDKTF JSON (bridgecrewio/checkov#4634).
 *   Checkov's `terraform_json` runner does not read it yet (it scans every resource with an empty skip list), so a CI
 *   scan should pass the same ids per resource with `--baseline` or `--skip-check`; the list here is what to pass;
 * - `"checkov_skip_reasons": { "CKV_AWS_144": "<reason>" }`: keelson's own record, read by `checkovSkipReason` (the
 *   keelson checks that mirror a Checkov check accept the same reason) and by reviewers of the output.
 *
 * `checkId` is a Checkov AWS check id (`CKV_AWS_<n>` or `CKV2_AWS_<n>`), each at most once per resource; `risk` is
 * `{ reason }` with a non-empty reason.
 */
export function suppressCheckov(resource: TerraformResource, checkId: string, risk: AcceptedRisk): void {
  const isResource = TerraformResource.isTerraformResource(resource);
  const v = Construct.isConstruct(resource) ? PropsValidator.of(resource) : new PropsValidator('suppressCheckov');
  v.check(isResource, 'suppressCheckov(resource)', describedConstruct(resource),
    'a Terraform resource of a keelson/aws construct or of @cdktf/provider-aws (e.g. the bucket of a StateBucket), not a data source or other construct');
  if (v.check(typeof checkId === 'string' && CHECKOV_AWS_CHECK_ID.test(checkId), 'suppressCheckov(checkId)', checkId,
    'a Checkov AWS check id such as "CKV_AWS_144" or "CKV2_AWS_62"') && isResource) {
    v.check(!(SKIPS.get(resource) ?? []).some((s) => s.id === checkId), 'suppressCheckov(checkId)', checkId,
      'a check not already suppressed on this resource (each check is suppressed once, with one reason)');
  }
  if (v.check(risk !== null && typeof risk === 'object', 'suppressCheckov(risk)', risk, 'a reason why the check does not apply, given as { reason: "..." }')) {
    v.risk('suppressCheckov(risk)', risk, `Checkov check ${String(checkId)} does not apply to this resource`);
  }
  v.throwIfInvalid();

  const skips = [...(SKIPS.get(resource) ?? []), { id: checkId, comment: risk.reason }];
  SKIPS.set(resource, skips);
  resource.addOverride('//.checkov.skip', skips.map((s) => ({ ...s })));
  resource.addOverride(`//.${CHECKOV_SKIP_REASONS_KEY}.${checkId}`, risk.reason);
}
