import { Construct, IConstruct } from 'constructs';
import { SUPPRESS_ANNOTATION_PREFIX } from '../core/annotations';
import { AcceptedRisk } from '../core/risk';
import { PropsValidator } from '../core/validator';
import { PolicyTarget, Suppression } from './types';

const BY_CONSTRUCT = new WeakMap<IConstruct, Array<{ checkId: string; reason: string }>>();

/** A check id: lowercase words joined by "-" (e.g. "rbac-wildcard"); custom checks follow the same form. */
const CHECK_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/**
 * Declares that a policy check does not apply to a construct and everything it defines, with the reason, as every
 * accepted risk is given: `suppressCheck(role, 'rbac-wildcard', { reason: '...' })`. The reason is required and
 * appears in every report, so nothing is silenced without a trace; a check id that no check has is reported by the
 * synth (`policy-suppression`).
 */
export function suppressCheck(scope: IConstruct, checkId: string, risk: AcceptedRisk): void;
/** @deprecated Give the reason as `{ reason }`, the form of every accepted risk in keelson. */
export function suppressCheck(scope: IConstruct, checkId: string, reason: string): void;
export function suppressCheck(scope: IConstruct, checkId: string, risk: AcceptedRisk | string): void {
  const isConstruct = Construct.isConstruct(scope);
  const v = isConstruct ? PropsValidator.of(scope) : new PropsValidator('suppressCheck');
  v.check(isConstruct, 'suppressCheck(scope)', scope, 'a construct of this app (the suppression covers it and everything it defines)');
  v.check(typeof checkId === 'string' && CHECK_ID.test(checkId), 'suppressCheck(checkId)', checkId,
    'a check id such as "rbac-wildcard" (the ids are listed in docs/checks.md and in every report)');
  if (typeof risk === 'string') {
    v.check(risk.trim() !== '', 'suppressCheck(risk).reason', risk, `a reason why check ${String(checkId)} does not apply here, given as { reason: "..." }`);
  } else if (v.check(risk !== undefined, 'suppressCheck(risk)', risk, `a reason why check ${String(checkId)} does not apply here, given as { reason: "..." }`)) {
    v.risk('suppressCheck(risk)', risk, `check ${String(checkId)} does not apply here`);
  }
  v.throwIfInvalid();
  const reason = typeof risk === 'string' ? risk : risk.reason;
  BY_CONSTRUCT.set(scope, [...(BY_CONSTRUCT.get(scope) ?? []), { checkId, reason }]);
}

/** The suppressions declared on constructs of the given trees. */
export function constructSuppressions(roots: readonly IConstruct[]): Suppression[] {
  return roots.flatMap((root) => root.node.findAll().flatMap((c) => (BY_CONSTRUCT.get(c) ?? [])
    .map((s) => ({ ...s, constructPath: c.node.path }))));
}

/**
 * Where an object carries its own suppressions: the annotations of a Kubernetes object, the `//` comment object of a
 * Terraform resource, the labels of a helmfile release.
 */
function suppressionMarks(t: PolicyTarget): Record<string, unknown> {
  const marks = t.domain === 'terraform' ? t.object?.['//'] : t.domain === 'helm' ? t.object?.labels : t.object?.metadata?.annotations;
  return marks !== null && typeof marks === 'object' ? marks : {};
}

/** The suppressions declared on the objects themselves (see `suppressionMarks`), e.g. by annotations. */
export function annotationSuppressions(targets: readonly PolicyTarget[]): Suppression[] {
  return targets.flatMap((t) => Object.entries(suppressionMarks(t))
    .filter(([k]) => k.startsWith(SUPPRESS_ANNOTATION_PREFIX))
    .map(([k, reason]) => ({ checkId: k.slice(SUPPRESS_ANNOTATION_PREFIX.length), reason: String(reason), object: describeTarget(t) })));
}

/** "Kind namespace/name" for Kubernetes objects, "type.name (stack)" for Terraform resources. */
export function describeTarget(t: PolicyTarget): string {
  if (t.domain === 'terraform') {
    return `${t.kind}.${t.name}${t.stack ? ` (stack ${t.stack})` : ''}`;
  }
  return `${t.kind} ${t.namespace ? `${t.namespace}/` : ''}${t.name}`;
}
