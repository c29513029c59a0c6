/**
 * An explicit, justified exception to a secure default: `{ reason: 'why this is acceptable' }`. It is the one way
 * keelson records an accepted risk: every unsafe choice takes one (or an object with the choice and its `reason`),
 * and the reason is written into the output (an annotation, a label, a Terraform comment) where reviewers and the
 * policy checks see it.
 */
export interface AcceptedRisk {
  /** Why the weaker setting is acceptable here. */
  readonly reason: string;
}
