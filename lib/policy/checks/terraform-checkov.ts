// The Checkov skips recorded in Terraform resources (see suppressCheckov in keelson/aws and ../checkov-skips.ts): each
// names a Checkov check and says why, so that no finding is silenced without a trace, in keelson's output or in a
// hand-edited copy that `keelson check` reads.
import { CHECKOV_SKIP_REASONS_KEY } from '../checkov-skips';
import { defineCheck } from '../define';
import { isMap } from '../selectors';
import { PolicyCheck } from '../types';

/** A Checkov check id of any framework: CKV_AWS_144, CKV2_AWS_62, CKV_K8S_20, CKV_SECRET_6, ... */
const CHECKOV_ID = /^CKV2?_[A-Z0-9]+_[1-9]\d*$/;

const hasText = (v: unknown): boolean => typeof v === 'string' && v.trim() !== '';

export const TERRAFORM_CHECKOV_CHECKS: PolicyCheck[] = [
  defineCheck({
    id: 'checkov-skip-reason',
    domain: 'terraform',
    kinds: ['*'],
    description: 'Every Checkov skip recorded in a Terraform resource names a Checkov check and gives the reason.',
    remediation: 'Give each entry of "//".checkov.skip an "id" such as "CKV_AWS_144" and a non-empty "comment", and each key of '
      + '"//".checkov_skip_reasons a non-empty reason (suppressCheckov(resource, id, { reason }) in keelson/aws writes both).',
    severity: 'error',
    check: (t) => {
      const comment = t.object?.['//'];
      if (!isMap(comment)) {
        return [];
      }
      const problems: string[] = [];
      if (comment.checkov !== undefined) {
        const skip = isMap(comment.checkov) ? comment.checkov.skip : undefined;
        if (!Array.isArray(skip)) {
          problems.push('"//".checkov has no "skip" list of { id, comment } entries');
        }
        (Array.isArray(skip) ? skip : []).forEach((s: any, i: number) => {
          if (!isMap(s) || typeof s.id !== 'string' || !CHECKOV_ID.test(s.id)) {
            problems.push(`Checkov skip ${i} does not name a Checkov check (got ${JSON.stringify(isMap(s) ? s.id : s)})`);
          } else if (!hasText(s.comment)) {
            problems.push(`the Checkov skip of ${s.id} gives no reason`);
          }
        });
      }
      const reasons = comment[CHECKOV_SKIP_REASONS_KEY];
      if (reasons !== undefined) {
        if (!isMap(reasons)) {
          problems.push(`"//".${CHECKOV_SKIP_REASONS_KEY} is not an object of check ids to reasons`);
        }
        Object.entries(isMap(reasons) ? reasons : {}).filter(([, reason]) => !hasText(reason))
          .forEach(([id]) => problems.push(`the recorded reason for skipping ${id} is empty`));
      }
      return problems;
    },
  }),
];
