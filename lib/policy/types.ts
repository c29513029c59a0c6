import { ObjectIndex } from './object-index';

/** How bad a finding is: errors fail the synth (and `keelson check`), warnings are reported. */
export type Severity = 'error' | 'warning';

/** Whether a check looks at Kubernetes objects, Terraform resources or Helm releases (of a helmfile). */
export type PolicyDomain = 'kubernetes' | 'terraform' | 'helm';

/** One object under check: a Kubernetes manifest, a resource of a Terraform JSON configuration, or a Helm release. */
export interface PolicyTarget {
  readonly domain: PolicyDomain;
  /** Kubernetes kind, Terraform resource type (e.g. "aws_eks_cluster"), or "HelmRelease". */
  readonly kind: string;
  /** Kubernetes API group ("" for core); empty for Terraform. */
  readonly group: string;
  /** Namespace of a namespaced Kubernetes object. */
  readonly namespace?: string;
  /** Object name, or the Terraform resource name. */
  readonly name: string;
  /** The object itself: the manifest, the resource's configuration, or the helmfile release (values merged). */
  readonly object: any;
  /** Path of the construct that defined it, when known. */
  readonly constructPath?: string;
  /** File it was read from or written to, when known. */
  readonly file?: string;
  /** Terraform stack of a Terraform resource. */
  readonly stack?: string;
}

/**
 * A registered unit of policy, in the style of kube-linter: an id, what it checks, how to fix a violation, how
 * severe one is, and the kinds it applies to. `check` returns one message per violation (empty when the object
 * passes).
 */
export interface PolicyCheck {
  /** Stable kebab-case id, used in reports and suppressions. */
  readonly id: string;
  /** What the check requires. */
  readonly description: string;
  /** How to fix a violation. */
  readonly remediation: string;
  readonly severity: Severity;
  readonly domain: PolicyDomain;
  /** Kinds (Kubernetes) or resource types (Terraform) it applies to; "*" for all. */
  readonly kinds: readonly string[];
  /** The rules of other tools it corresponds to, e.g. ["kube-score: pod-probes", "CKV_K8S_8"]. */
  readonly references?: readonly string[];
  /**
   * The Pod Security Standards level whose control this check is. An object in a namespace whose Namespace object
   * (among the checked objects) enforces a weaker level, label `pod-security.kubernetes.io/enforce`, with the reason
   * in the annotation `keelson.dev/pod-security-reason`, is not held to it: its findings are reported as suppressed
   * with that reason ("privileged" waives both levels, "baseline" waives "restricted").
   * @default not a Pod Security Standards control
   */
  readonly podSecurityLevel?: 'baseline' | 'restricted';
  check(target: PolicyTarget, index: ObjectIndex): string[];
}

/** A violation of a check by one object. */
export interface Finding {
  readonly checkId: string;
  readonly severity: Severity;
  readonly message: string;
  readonly remediation: string;
  /** "Kind namespace/name" or "type.name" (Terraform). */
  readonly object: string;
  readonly constructPath?: string;
  readonly file?: string;
}

/** A permission not to report a check for a construct (and what it contains) or for one object. */
export interface Suppression {
  readonly checkId: string;
  /** Why the finding is acceptable; required. */
  readonly reason: string;
  /** Applies to objects defined by this construct or its children. */
  readonly constructPath?: string;
  /** Applies to this one object ("Kind namespace/name"), e.g. from an annotation. */
  readonly object?: string;
  /**
   * Applies to the Kubernetes objects of this namespace. The engine derives such suppressions of the Pod Security
   * checks from the level a Namespace object enforces (see `PolicyCheck.podSecurityLevel`).
   */
  readonly namespace?: string;
}

/** A finding and the suppression that silenced it. */
export interface SuppressedFinding {
  readonly finding: Finding;
  readonly reason: string;
  /**
   * The suppression that matched: declared on a construct (`constructPath`), on the object itself (`object`), or
   * derived from the Pod Security level its Namespace enforces (`namespace`).
   */
  readonly suppression: Suppression;
}

/** The result of a policy run. */
export interface PolicyReport {
  /** Findings not suppressed, errors first. */
  readonly findings: readonly Finding[];
  /** Findings silenced by a suppression, with its reason. */
  readonly suppressed: readonly SuppressedFinding[];
  /** Number of objects checked. */
  readonly objects: number;
  /** Checks that ran. */
  readonly checks: readonly PolicyCheck[];
  readonly errors: number;
  readonly warnings: number;
}
