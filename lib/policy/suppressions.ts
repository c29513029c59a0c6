import { IConstruct } from 'constructs';
import { SUPPRESS_ANNOTATION_PREFIX } from '../core/annotations';
import { PolicyTarget, Suppression } from './types';


const BY_CONSTRUCT = new WeakMap<IConstruct, Array<{ checkId: string; reason: string }>>();

/**
 * Declares that a policy check does not apply to a construct and everything it defines, for a written reason.
 * The reason is required and appears in every report, so nothing is silenced without a trace.
 */
export function suppressCheck(scope: IConstruct, checkId: string, reason: string): void {
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
