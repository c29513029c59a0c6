import { k8s } from '../core/k8s';
import { DNS_LABEL, OBJECT_NAME } from '../core/formats';
import { PropsValidator } from '../core/validator';
import { ServiceAccount } from './service-account';

/** Groups that contain (nearly) everybody; binding them needs a reason. */
export const BROAD_GROUPS = ['system:authenticated', 'system:serviceaccounts', 'system:unauthenticated', 'system:masters'];

/** Identities that must never be granted anything. */
const NEVER = ['system:anonymous', 'system:unauthenticated'];

type Subject =
  | { readonly kind: 'ServiceAccount'; readonly name: string; readonly namespace: string; readonly account?: unknown }
  | { readonly kind: 'User' | 'Group'; readonly name: string; readonly reason?: string };

/**
 * Who a grant is for: a ServiceAccount (always with its namespace), a user or a group as the authenticator names
 * them (an IAM role mapped by an EKS access entry, an OIDC claim...).
 */
export class AccessSubject {
  /** A ServiceAccount declared with keelson. */
  public static serviceAccount(account: ServiceAccount): AccessSubject {
    // Anything else is kept and reported, with the construct and prop, where the subject is used.
    return account instanceof ServiceAccount
      ? new AccessSubject({ kind: 'ServiceAccount', name: account.name, namespace: account.namespace })
      : new AccessSubject({ kind: 'ServiceAccount', name: undefined as unknown as string, namespace: undefined as unknown as string, account });
  }

  /** A ServiceAccount declared elsewhere; its namespace is required, since a binding cannot guess it. */
  public static serviceAccountNamed(name: string, namespace: string): AccessSubject {
    return new AccessSubject({ kind: 'ServiceAccount', name, namespace });
  }

  /** A user name, e.g. "jane". */
  public static user(name: string): AccessSubject {
    return new AccessSubject({ kind: 'User', name });
  }

  /**
   * A group, e.g. "manager". Groups that hold every authenticated identity ("system:authenticated",
   * "system:serviceaccounts") need `broadReason`.
   */
  public static group(name: string, broadReason?: string): AccessSubject {
    return new AccessSubject({ kind: 'Group', name, reason: broadReason });
  }

  private constructor(private readonly subject: Subject) {}

  /** Kind of subject: ServiceAccount, User or Group. */
  public get kind(): Subject['kind'] {
    return this.subject.kind;
  }

  /** Name of the subject. */
  public get name(): string {
    return this.subject.name;
  }

  /** Namespace of a ServiceAccount subject. */
  public get namespace(): string | undefined {
    return this.subject.kind === 'ServiceAccount' ? this.subject.namespace : undefined;
  }

  /** Why a broad group is bound, if it is. @internal */
  public get _broadReason(): string | undefined {
    return this.subject.kind === 'ServiceAccount' ? undefined : this.subject.reason;
  }

  /** @internal */
  public _validate(v: PropsValidator, field: string): void {
    const s = this.subject;
    if (s.kind === 'ServiceAccount') {
      if (Object.prototype.hasOwnProperty.call(s, 'account')) {
        v.fail(field, s.account, 'AccessSubject.serviceAccount(account) with a ServiceAccount construct (or AccessSubject.serviceAccountNamed(name, namespace))');
        return;
      }
      v.format(`${field}.name`, s.name, OBJECT_NAME, true);
      v.format(`${field}.namespace`, s.namespace, DNS_LABEL, true);
      return;
    }
    // User and group names are whatever the authenticator reports, compared exactly: a name with spaces at either
    // end, control or invisible characters, or over 1,024 characters names nobody.
    const ok = v.check(typeof s.name === 'string' && s.name.trim().length > 0 && s.name === s.name.trim() && s.name.length <= 1024
      && !/[\u0000-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]/.test(s.name), `${field}.name`, s.name,
      `a ${s.kind.toLowerCase()} name as the authenticator reports it (1-1024 characters, no spaces at either end, no control or invisible characters)`);
    v.check(!ok || !NEVER.includes(s.name), `${field}.name`, s.name, 'an authenticated identity (anonymous requests are never granted access)');
    v.check(!ok || !s.name.startsWith('system:serviceaccount:') || s.kind !== 'User' || /^system:serviceaccount:[a-z0-9]([-a-z0-9]*[a-z0-9])?:[^:]+$/.test(s.name),
      `${field}.name`, s.name, 'a ServiceAccount user "system:serviceaccount:<namespace>:<name>" (or AccessSubject.serviceAccountNamed(name, namespace))');
    v.check(s.reason === undefined || (typeof s.reason === 'string' && s.reason.trim().length > 0), `${field}.broadReason`, s.reason,
      'a non-empty reason, given as a string');
    if (ok && s.kind === 'Group' && BROAD_GROUPS.includes(s.name)) {
      v.check(typeof s.reason === 'string' && s.reason.trim().length > 0, `${field}.broadReason`, s.reason, `a reason to grant every member of ${s.name}`);
    }
  }

  /** @internal */
  public _render(): k8s.Subject {
    const s = this.subject;
    return s.kind === 'ServiceAccount'
      ? { kind: 'ServiceAccount', name: s.name, namespace: s.namespace }
      : { kind: s.kind, name: s.name, apiGroup: 'rbac.authorization.k8s.io' };
  }
}
