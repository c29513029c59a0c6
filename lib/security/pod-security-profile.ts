import { Construct } from 'constructs';
import { POD_SECURITY_PROFILE_LABEL, POD_SECURITY_REASON_ANNOTATION } from '../core/annotations';
import { Format, OBJECT_NAME } from '../core/formats';
import { propNames } from '../core/resource';
import { PropsValidator, checkedScope, isObject } from '../core/validator';
import {
  CONTAINERS_VARIABLE, GroupStrategy, IdRange, PodSecuritySettings, ResolvedPodSecurity, VOLUME_TYPES, constraintsBeyond, podSecurityLevelOf,
  resolvePodSecurity,
} from './pod-security-cel';
import type { PodSecurityLevel } from './secure-namespace';
import { PolicyMatchRule, ValidatingPolicy } from './validating-policy';

/** Props of a {@link PodSecurityProfile}. */
export interface PodSecurityProfileProps extends PodSecuritySettings {
  /**
   * Name of the profile: of its ValidatingAdmissionPolicy and binding, and the value of the namespace label.
   * @default the construct id
   */
  readonly name?: string;
  /**
   * Why pods need more than Pod Security "restricted" allows; required when any field is looser than its default.
   * Recorded on the policy and on the namespaces that use the profile.
   * @default none
   */
  readonly reason?: string;
}

const PROPS = propNames<PodSecurityProfileProps>()({
  name: true, reason: true, privileged: true, allowPrivilegeEscalation: true, hostNetwork: true, hostPID: true, hostIPC: true,
  hostPorts: true, volumes: true, runAsUser: true, fsGroup: true, supplementalGroups: true, allowedCapabilities: true,
  requiredDropCapabilities: true, allowedSeccompProfiles: true, readOnlyRootFilesystem: true,
});
/** The props of a `runAsUser`, `fsGroup` or `supplementalGroups` strategy (all three have the same). */
const STRATEGY_PROPS = propNames<GroupStrategy>()({ rule: true, ranges: true });

/** Linux IDs as the API server accepts them in runAsUser, fsGroup and supplementalGroups. */
const MAX_ID = 2147483647;

const CAPABILITY: Format = {
  test: (v) => typeof v === 'string' && /^[A-Z][A-Z0-9_]*$/.test(v) && !v.startsWith('CAP_') && v !== 'ALL',
  description: 'a capability name in UPPER_CASE without the "CAP_" prefix, such as "NET_BIND_SERVICE"',
};

/** The requests a profile's policy validates: pods, and the ephemeral containers `kubectl debug` adds to them. */
const POD_RULE: PolicyMatchRule = { apiGroups: [''], apiVersions: ['v1'], resources: ['pods', 'pods/ephemeralcontainers'], operations: ['CREATE', 'UPDATE'] };

/**
 * Pod updates are checked only when they change the spec (new ephemeral containers, a new image), like Pod
 * Security Admission: label or finalizer updates of a pod admitted before the policy existed still go through.
 */
const SPEC_CHANGED = { name: 'created-or-spec-changed', expression: "request.operation != 'UPDATE' || object.spec != oldObject.spec" };

/**
 * One typed pod security profile with the fields of the removed PodSecurityPolicy, compiled to what replaced it:
 * the strictest Pod Security Admission {@link level} that still admits every pod the profile admits, plus a
 * {@link ValidatingPolicy} with one CEL rule per constraint that level does not enforce (UID, fsGroup and
 * supplementalGroups ranges always; volume types, capabilities or seccomp profiles narrower than the level's...).
 * The policy applies in the namespaces labelled `keelson.dev/pod-security-profile: <name>`: give the profile to a
 * {@link SecureNamespace} with `podSecurityProfile`, which sets the label and the level.
 *
 * Every default is what "restricted" requires; anything looser needs a `reason`, which is recorded.
 *
 * Not a `Resource`: its one object, when the level does not cover the whole profile, is the {@link ValidatingPolicy}
 * construct `policy`, whose main object is the ValidatingAdmissionPolicy.
 */
export class PodSecurityProfile extends Construct {
  /** Name of the profile. */
  public readonly name: string;
  /** The Pod Security Admission level namespaces with this profile enforce. */
  public readonly level: PodSecurityLevel;
  /** Why the profile is looser than "restricted", if it is. */
  public readonly reason?: string;
  /** The settings with every default applied. */
  public readonly settings: ResolvedPodSecurity;
  /** Names of the constraints the policy enforces (those the level does not), in policy order. */
  public readonly constraints: readonly string[];
  /** The policy holding those constraints; undefined when the level enforces the whole profile. */
  public readonly policy?: ValidatingPolicy;

  public constructor(scope: Construct, id: string, props: PodSecurityProfileProps = {}) {
    super(checkedScope(scope, id), id);
    const v = PropsValidator.of(this);
    if (!v.knownProps('', props, PROPS) || !v.check(isObject(props), 'props', props, 'an object of props')) {
      v.throwIfInvalid();
    }
    this.name = props.name ?? id;
    v.format('name', this.name, OBJECT_NAME, true);
    // The strategies and lists must have their shape before the rules read them.
    (['runAsUser', 'fsGroup', 'supplementalGroups'] as const).forEach((f) => {
      if (v.knownProps(f, props[f], STRATEGY_PROPS)) {
        v.check(props[f] === undefined || isObject(props[f]), f, props[f], '{ rule, ranges? }');
      }
    });
    (['hostPorts', 'volumes', 'allowedCapabilities', 'requiredDropCapabilities', 'allowedSeccompProfiles'] as const)
      .forEach((f) => v.check(props[f] === undefined || Array.isArray(props[f]), f, props[f], 'a list'));
    v.check(props.reason === undefined || typeof props.reason === 'string', 'reason', props.reason, 'a reason, given as a string');
    v.throwIfInvalid();
    validateSettings(v, props);
    v.throwIfInvalid();
    const { level, loosenedBy } = podSecurityLevelOf(props);
    const reason = props.reason?.trim() ? props.reason : undefined;
    v.check(level === 'restricted' || reason !== undefined, 'reason', props.reason,
      `a reason why pods need more than Pod Security "restricted" allows (${loosenedBy.map((l) => `${l.field} needs "${l.level}"`).join(', ')})`);
    v.throwIfInvalid();

    this.level = level;
    this.reason = reason;
    this.settings = resolvePodSecurity(props);
    const units = constraintsBeyond(this.settings, level);
    this.constraints = units.map((u) => u.name);
    if (units.length === 0) {
      return;
    }
    const validations = units.map((u) => ({ expression: u.expression(this.settings), message: u.message(this.settings), reason: 'Forbidden' as const }));
    this.policy = new ValidatingPolicy(this, 'policy', {
      name: this.name,
      matchRules: [POD_RULE],
      matchConditions: [SPEC_CHANGED],
      variables: validations.some((x) => x.expression.includes('variables.containers')) ? [CONTAINERS_VARIABLE] : undefined,
      validations,
      namespaceSelector: this.namespaceLabels,
      annotations: reason ? { [POD_SECURITY_REASON_ANNOTATION]: reason } : undefined,
    });
  }

  /** The label that puts a namespace under this profile's policy. */
  public get namespaceLabels(): Record<string, string> {
    return { [POD_SECURITY_PROFILE_LABEL]: this.name };
  }
}

/** Records every problem of the settings on `v`. */
function validateSettings(v: PropsValidator, s: PodSecurityProfileProps): void {
  const ranges = (field: string, list: readonly IdRange[] | undefined, min: number, max: number, what: string) => {
    if (!v.check(Array.isArray(list) && list.length > 0, field, list, `at least one range of ${what}`)) {
      return;
    }
    list!.forEach((r, i) => {
      if (!v.knownProps(`${field}[${i}]`, r, ['min', 'max']) || !v.check(isObject(r), `${field}[${i}]`, r, '{ min, max }')) {
        return;
      }
      v.check(r.min !== undefined && r.max !== undefined, `${field}[${i}]`, r, '{ min, max }: both ends of the range');
      v.integer(`${field}[${i}].min`, r.min, min, max);
      v.integer(`${field}[${i}].max`, r.max, min, max);
      v.check(!(r.min > r.max), `${field}[${i}]`, r, `a range whose min is at most its max (${r.min} > ${r.max})`);
    });
  };
  const booleans = ['privileged', 'allowPrivilegeEscalation', 'hostNetwork', 'hostPID', 'hostIPC', 'readOnlyRootFilesystem'] as const;
  booleans.forEach((f) => v.check(s[f] === undefined || typeof s[f] === 'boolean', f, s[f], 'true or false'));
  v.check(!(s.privileged === true && s.allowPrivilegeEscalation !== true), 'allowPrivilegeEscalation', s.allowPrivilegeEscalation,
    'true when privileged is true (a privileged container can always escalate, and the API server rejects privileged with allowPrivilegeEscalation: false)');
  if (s.hostPorts !== undefined && s.hostPorts.length > 0) {
    ranges('hostPorts', s.hostPorts, 1, 65535, 'ports');
  }

  if (s.volumes !== undefined) {
    s.volumes.forEach((t, i) => v.check(VOLUME_TYPES.includes(t) || (t === '*' && s.volumes!.length === 1), `volumes[${i}]`, t,
      `a PodSpec volume type (${VOLUME_TYPES.join(', ')}), or "*" alone`));
    v.unique('volumes', s.volumes, (t) => t, 'a volume type');
  }

  const user = s.runAsUser;
  if (user !== undefined && v.check(['MustRunAsNonRoot', 'MustRunAs', 'RunAsAny'].includes(user.rule), 'runAsUser.rule', user.rule,
    '"MustRunAsNonRoot", "MustRunAs" or "RunAsAny"')) {
    if (user.rule === 'MustRunAs') {
      ranges('runAsUser.ranges', user.ranges, 0, MAX_ID, 'UIDs');
      (Array.isArray(user.ranges) ? user.ranges : []).forEach((r, i) => v.check(!(isObject(r) && r.min === 0), `runAsUser.ranges[${i}].min`, isObject(r) ? r.min : r,
        'a UID of at least 1: "MustRunAs" also requires running as non-root, as "restricted" does (to allow root, use rule "RunAsAny" with a reason)'));
    } else {
      v.check(user.ranges === undefined, 'runAsUser.ranges', user.ranges, `no ranges (only rule "MustRunAs" takes ranges; the rule is "${user.rule}")`);
    }
  }
  for (const field of ['fsGroup', 'supplementalGroups'] as const) {
    const g = s[field];
    if (g !== undefined && v.check(['MustRunAs', 'RunAsAny'].includes(g.rule), `${field}.rule`, g.rule, '"MustRunAs" or "RunAsAny"')) {
      if (g.rule === 'MustRunAs') {
        ranges(`${field}.ranges`, g.ranges, 0, MAX_ID, 'GIDs');
      } else {
        v.check(g.ranges === undefined, `${field}.ranges`, g.ranges, 'no ranges (only rule "MustRunAs" takes ranges; the rule is "RunAsAny")');
      }
    }
  }

  const allowed = s.allowedCapabilities ?? [];
  allowed.forEach((c, i) => v.check(CAPABILITY.test(c) || (c === '*' && allowed.length === 1), `allowedCapabilities[${i}]`, c,
    `${CAPABILITY.description}, or "*" alone`));
  v.unique('allowedCapabilities', allowed, (c) => c, 'a capability');
  const drop = s.requiredDropCapabilities ?? [];
  drop.forEach((c, i) => v.check(c === 'ALL' || CAPABILITY.test(c), `requiredDropCapabilities[${i}]`, c, `${CAPABILITY.description}, or "ALL"`));
  v.unique('requiredDropCapabilities', drop, (c) => c, 'a capability');
  allowed.forEach((c, i) => v.check(!drop.includes(c), `allowedCapabilities[${i}]`, c, 'a capability that requiredDropCapabilities does not list'));

  const seccomp = s.allowedSeccompProfiles;
  if (seccomp !== undefined && v.check(seccomp.length > 0, 'allowedSeccompProfiles', seccomp, 'at least one of RuntimeDefault, Localhost, Unconfined')) {
    seccomp.forEach((t, i) => v.check(['RuntimeDefault', 'Localhost', 'Unconfined'].includes(t), `allowedSeccompProfiles[${i}]`, t,
      '"RuntimeDefault", "Localhost" or "Unconfined"'));
    v.unique('allowedSeccompProfiles', seccomp, (t) => t, 'a profile type');
  }
}
