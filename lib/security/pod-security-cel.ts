import type { PodSecurityLevel } from './secure-namespace';

// The constraints of a PodSecurityProfile, one unit per PodSecurityPolicy field: which Pod Security Admission
// level already enforces it, and the CEL rule that enforces it when that level does not. The Pod Security
// Standards facts below are those of Kubernetes 1.32 (https://kubernetes.io/docs/concepts/security/pod-security-standards/).

/** An inclusive range of IDs or ports. */
export interface IdRange {
  /** First value of the range. */
  readonly min: number;
  /** Last value of the range (at least `min`). */
  readonly max: number;
}

/** Which UIDs containers may run as. */
export interface RunAsUserStrategy {
  /**
   * "MustRunAsNonRoot": runAsNonRoot true and never UID 0; "MustRunAs": also a runAsUser in `ranges`, set on the
   * pod or the container (the image's USER is not trusted); "RunAsAny": anything, root included.
   */
  readonly rule: 'MustRunAsNonRoot' | 'MustRunAs' | 'RunAsAny';
  /**
   * Allowed UIDs, for "MustRunAs" only; they start at 1, since "MustRunAs" also requires running as non-root.
   * @default none
   */
  readonly ranges?: IdRange[];
}

/** Which group IDs a pod may use for its fsGroup or supplementalGroups. */
export interface GroupStrategy {
  /** "MustRunAs": the pod must set the group(s), every one in `ranges`; "RunAsAny": not checked. */
  readonly rule: 'MustRunAs' | 'RunAsAny';
  /**
   * Allowed GIDs, for "MustRunAs" only.
   * @default none
   */
  readonly ranges?: IdRange[];
}

/** A seccomp profile type a container may run with. A pod that sets none runs Unconfined. */
export type SeccompProfileType = 'RuntimeDefault' | 'Localhost' | 'Unconfined';

/** The PodSecurityPolicy fields a profile constrains. Each default is what Pod Security "restricted" requires. */
export interface PodSecuritySettings {
  /**
   * Allow privileged containers.
   * @default false
   */
  readonly privileged?: boolean;
  /**
   * Allow containers to gain privileges (setuid binaries); when false, every container must set allowPrivilegeEscalation: false.
   * @default false
   */
  readonly allowPrivilegeEscalation?: boolean;
  /**
   * Allow pods to use the host's network namespace.
   * @default false
   */
  readonly hostNetwork?: boolean;
  /**
   * Allow pods to use the host's PID namespace.
   * @default false
   */
  readonly hostPID?: boolean;
  /**
   * Allow pods to use the host's IPC namespace.
   * @default false
   */
  readonly hostIPC?: boolean;
  /**
   * Host ports containers may bind, as ranges.
   * @default none
   */
  readonly hostPorts?: IdRange[];
  /**
   * Volume types pods may use (PodSpec volume field names such as "configMap"), or `["*"]` for all.
   * @default the "restricted" set: configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected, secret
   */
  readonly volumes?: string[];
  /**
   * Which UIDs containers run as.
   * @default { rule: "MustRunAsNonRoot" }
   */
  readonly runAsUser?: RunAsUserStrategy;
  /**
   * Which fsGroup pods use.
   * @default { rule: "RunAsAny" }
   */
  readonly fsGroup?: GroupStrategy;
  /**
   * Which supplementalGroups pods use.
   * @default { rule: "RunAsAny" }
   */
  readonly supplementalGroups?: GroupStrategy;
  /**
   * Capabilities containers may add (UPPER_CASE, without "CAP_"), or `["*"]` for any.
   * @default ["NET_BIND_SERVICE"]
   */
  readonly allowedCapabilities?: string[];
  /**
   * Capabilities every container must drop; "ALL" drops every capability.
   * @default ["ALL"]
   */
  readonly requiredDropCapabilities?: string[];
  /**
   * Seccomp profile types containers may run with. Allowing "Unconfined" also allows pods that set no profile.
   * @default ["RuntimeDefault", "Localhost"]
   */
  readonly allowedSeccompProfiles?: SeccompProfileType[];
  /**
   * Require every container to set readOnlyRootFilesystem: true.
   * @default false
   */
  readonly readOnlyRootFilesystem?: boolean;
}

/** Settings with every default applied. */
export type ResolvedPodSecurity = { readonly [K in keyof PodSecuritySettings]-?: NonNullable<PodSecuritySettings[K]> };

/** Volume types the "restricted" level allows. */
export const RESTRICTED_VOLUME_TYPES: readonly string[] = [
  'configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret',
];

/** Every volume type of a PodSpec (Kubernetes 1.32). */
export const VOLUME_TYPES: readonly string[] = [
  'awsElasticBlockStore', 'azureDisk', 'azureFile', 'cephfs', 'cinder', 'configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'fc',
  'flexVolume', 'flocker', 'gcePersistentDisk', 'gitRepo', 'glusterfs', 'hostPath', 'image', 'iscsi', 'nfs', 'persistentVolumeClaim',
  'photonPersistentDisk', 'portworxVolume', 'projected', 'quobyte', 'rbd', 'scaleIO', 'secret', 'storageos', 'vsphereVolume',
];

/** Capabilities the "baseline" level lets containers add. */
export const BASELINE_CAPABILITIES: readonly string[] = [
  'AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT',
];

/** Applies the defaults (the "restricted" equivalents). */
export function resolvePodSecurity(s: PodSecuritySettings): ResolvedPodSecurity {
  return {
    privileged: s.privileged ?? false,
    allowPrivilegeEscalation: s.allowPrivilegeEscalation ?? false,
    hostNetwork: s.hostNetwork ?? false,
    hostPID: s.hostPID ?? false,
    hostIPC: s.hostIPC ?? false,
    hostPorts: s.hostPorts ?? [],
    volumes: s.volumes ?? [...RESTRICTED_VOLUME_TYPES],
    runAsUser: s.runAsUser ?? { rule: 'MustRunAsNonRoot' },
    fsGroup: s.fsGroup ?? { rule: 'RunAsAny' },
    supplementalGroups: s.supplementalGroups ?? { rule: 'RunAsAny' },
    allowedCapabilities: s.allowedCapabilities ?? ['NET_BIND_SERVICE'],
    // Dropping ALL drops everything; other names beside it add nothing.
    requiredDropCapabilities: (s.requiredDropCapabilities ?? ['ALL']).includes('ALL') ? ['ALL'] : s.requiredDropCapabilities!,
    allowedSeccompProfiles: s.allowedSeccompProfiles ?? ['RuntimeDefault', 'Localhost'],
    readOnlyRootFilesystem: s.readOnlyRootFilesystem ?? false,
  };
}

const STRICTNESS: Record<PodSecurityLevel, number> = { privileged: 0, baseline: 1, restricted: 2 };

/** True when `level` is at least as strict as `than`. */
export function atLeast(level: PodSecurityLevel, than: PodSecurityLevel): boolean {
  return STRICTNESS[level] >= STRICTNESS[than];
}

/** The looser of two levels. */
export function looser(a: PodSecurityLevel, b: PodSecurityLevel): PodSecurityLevel {
  return STRICTNESS[a] <= STRICTNESS[b] ? a : b;
}

const subset = (a: readonly string[], b: readonly string[]) => a.every((x) => b.includes(x));

/** One constraint of a profile: what PSA level it needs, whether a level enforces it, and its CEL rule. */
export interface ConstraintUnit {
  /** Name of the constraint, e.g. "run-as-user-range". */
  readonly name: string;
  /** The profile field it comes from. */
  readonly field: keyof PodSecuritySettings;
  /** The strictest Pod Security level that admits every pod this constraint admits. */
  minLevel(p: ResolvedPodSecurity): PodSecurityLevel;
  /** True when Pod Security at `level` rejects every pod this constraint rejects, so no CEL rule is needed. */
  enforcedBy(p: ResolvedPodSecurity, level: PodSecurityLevel): boolean;
  /** The CEL rule (true when the pod complies). */
  expression(p: ResolvedPodSecurity): string;
  /** What the user is told when the rule fails. */
  message(p: ResolvedPodSecurity): string;
}

/** The CEL variable that lists every container of the pod: regular, init and ephemeral. */
export const CONTAINERS_VARIABLE = {
  name: 'containers',
  expression: 'object.spec.containers'
    + ' + (has(object.spec.initContainers) ? object.spec.initContainers : [])'
    + ' + (has(object.spec.ephemeralContainers) ? object.spec.ephemeralContainers : [])',
};

const POD = 'object.spec.securityContext';
const podHas = (field: string) => `has(${POD}) && has(${POD}.${field})`;
const containerHas = (field: string) => `has(c.securityContext) && has(c.securityContext.${field})`;

/** CEL: every container's effective `field` (the container's, else the pod's) passes `test`; `absent` when neither sets it. */
function everyContainerEffective(field: string, test: (value: string) => string, absent: string): string {
  return `variables.containers.all(c, ${containerHas(field)} ? ${test(`c.securityContext.${field}`)}`
    + ` : (${podHas(field)} ? ${test(`${POD}.${field}`)} : ${absent}))`;
}

/** CEL: `value` lies in one of the ranges. */
export function inRanges(value: string, ranges: readonly IdRange[]): string {
  const parts = ranges.map((r) => (r.min === r.max ? `${value} == ${r.min}` : `(${value} >= ${r.min} && ${value} <= ${r.max})`));
  return parts.length === 1 ? parts[0] : `(${parts.join(' || ')})`;
}

/** Ranges as text: "1-3000", "655", "1-100, 200-300". */
export function describeRanges(ranges: readonly IdRange[]): string {
  return ranges.map((r) => (r.min === r.max ? `${r.min}` : `${r.min}-${r.max}`)).join(', ');
}

const celList = (items: readonly string[]) => `[${items.map((x) => `'${x}'`).join(', ')}]`;

function hostNamespace(field: 'hostNetwork' | 'hostPID' | 'hostIPC', what: string): ConstraintUnit {
  return {
    name: field.replace(/[A-Z]+/g, (m) => `-${m.toLowerCase()}`),
    field,
    minLevel: (p) => (p[field] ? 'privileged' : 'restricted'),
    enforcedBy: (p, level) => p[field] || atLeast(level, 'baseline'),
    expression: () => `!has(object.spec.${field}) || object.spec.${field} == false`,
    message: () => `the pod must not use the host's ${what} namespace (${field})`,
  };
}

/** Volume types a level admits. */
function volumesAdmittedAt(level: PodSecurityLevel): readonly string[] {
  return level === 'restricted' ? RESTRICTED_VOLUME_TYPES : level === 'baseline' ? VOLUME_TYPES.filter((t) => t !== 'hostPath') : VOLUME_TYPES;
}

/** Capabilities a level lets containers add ("*" for any). */
function capabilitiesAdmittedAt(level: PodSecurityLevel): readonly string[] {
  return level === 'restricted' ? ['NET_BIND_SERVICE'] : level === 'baseline' ? BASELINE_CAPABILITIES : ['*'];
}

/** Every constraint, in the order its rules are written into the policy. */
export const CONSTRAINT_UNITS: readonly ConstraintUnit[] = [
  {
    name: 'privileged',
    field: 'privileged',
    minLevel: (p) => (p.privileged ? 'privileged' : 'restricted'),
    enforcedBy: (p, level) => p.privileged || atLeast(level, 'baseline'),
    expression: () => `variables.containers.all(c, !(${containerHas('privileged')} && c.securityContext.privileged == true))`,
    message: () => 'containers must not be privileged (securityContext.privileged)',
  },
  {
    name: 'allow-privilege-escalation',
    field: 'allowPrivilegeEscalation',
    minLevel: (p) => (p.allowPrivilegeEscalation ? 'baseline' : 'restricted'),
    enforcedBy: (p, level) => p.allowPrivilegeEscalation || level === 'restricted',
    expression: () => `variables.containers.all(c, ${containerHas('allowPrivilegeEscalation')} && c.securityContext.allowPrivilegeEscalation == false)`,
    message: () => 'every container must set securityContext.allowPrivilegeEscalation: false',
  },
  hostNamespace('hostNetwork', 'network'),
  hostNamespace('hostPID', 'PID'),
  hostNamespace('hostIPC', 'IPC'),
  {
    name: 'host-ports',
    field: 'hostPorts',
    minLevel: (p) => (p.hostPorts.length > 0 ? 'privileged' : 'restricted'),
    // Baseline and restricted forbid every host port; a profile with host ports needs "privileged".
    enforcedBy: (p, level) => atLeast(level, 'baseline') || p.hostPorts.some((r) => r.min <= 1 && r.max >= 65535),
    expression: (p) => `variables.containers.all(c, !has(c.ports) || c.ports.all(port, !has(port.hostPort) || port.hostPort == 0`
      + `${p.hostPorts.length > 0 ? ` || ${inRanges('port.hostPort', p.hostPorts)}` : ''}))`,
    message: (p) => (p.hostPorts.length > 0 ? `containers may bind only these host ports: ${describeRanges(p.hostPorts)}` : 'containers must not bind host ports'),
  },
  {
    name: 'volume-types',
    field: 'volumes',
    minLevel: (p) => (p.volumes.includes('*') || p.volumes.includes('hostPath') ? 'privileged'
      : subset(p.volumes, RESTRICTED_VOLUME_TYPES) ? 'restricted' : 'baseline'),
    enforcedBy: (p, level) => p.volumes.includes('*') || subset(volumesAdmittedAt(level), p.volumes),
    expression: (p) => (p.volumes.length === 0 ? '!has(object.spec.volumes) || object.spec.volumes.size() == 0'
      : `!has(object.spec.volumes) || object.spec.volumes.all(v, ${p.volumes.map((t) => `has(v.${t})`).join(' || ')})`),
    message: (p) => (p.volumes.length === 0 ? 'the pod must not have volumes' : `volumes must be of type ${p.volumes.join(', ')}`),
  },
  {
    name: 'run-as-non-root',
    field: 'runAsUser',
    minLevel: (p) => (p.runAsUser.rule === 'RunAsAny' ? 'baseline' : 'restricted'),
    enforcedBy: (p, level) => p.runAsUser.rule === 'RunAsAny' || level === 'restricted',
    expression: () => `${everyContainerEffective('runAsNonRoot', (x) => `${x} == true`, 'false')}`
      + ` && variables.containers.all(c, !(${containerHas('runAsUser')} && c.securityContext.runAsUser == 0))`
      + ` && !(${podHas('runAsUser')} && ${POD}.runAsUser == 0)`,
    message: () => 'containers must run as non-root: set securityContext.runAsNonRoot: true (on the pod or every container) and never runAsUser: 0',
  },
  {
    name: 'run-as-user-range',
    field: 'runAsUser',
    minLevel: () => 'restricted',
    enforcedBy: (p) => p.runAsUser.rule !== 'MustRunAs',
    expression: (p) => everyContainerEffective('runAsUser', (x) => inRanges(x, p.runAsUser.ranges ?? []), 'false'),
    message: (p) => `every container must run as a UID in ${describeRanges(p.runAsUser.ranges ?? [])}, set by securityContext.runAsUser`
      + ' on the pod or the container (the image\'s USER is not trusted)',
  },
  {
    name: 'fs-group-range',
    field: 'fsGroup',
    minLevel: () => 'restricted',
    enforcedBy: (p) => p.fsGroup.rule === 'RunAsAny',
    expression: (p) => `${podHas('fsGroup')} && ${inRanges(`${POD}.fsGroup`, p.fsGroup.ranges ?? [])}`,
    message: (p) => `the pod must set securityContext.fsGroup to a GID in ${describeRanges(p.fsGroup.ranges ?? [])}`,
  },
  {
    name: 'supplemental-groups-range',
    field: 'supplementalGroups',
    minLevel: () => 'restricted',
    enforcedBy: (p) => p.supplementalGroups.rule === 'RunAsAny',
    expression: (p) => `${podHas('supplementalGroups')} && ${POD}.supplementalGroups.size() > 0`
      + ` && ${POD}.supplementalGroups.all(g, ${inRanges('g', p.supplementalGroups.ranges ?? [])})`,
    message: (p) => `the pod must set securityContext.supplementalGroups, every GID in ${describeRanges(p.supplementalGroups.ranges ?? [])}`,
  },
  {
    name: 'allowed-capabilities',
    field: 'allowedCapabilities',
    minLevel: (p) => (p.allowedCapabilities.includes('*') || !subset(p.allowedCapabilities, BASELINE_CAPABILITIES) ? 'privileged'
      : subset(p.allowedCapabilities, ['NET_BIND_SERVICE']) ? 'restricted' : 'baseline'),
    enforcedBy: (p, level) => p.allowedCapabilities.includes('*') || subset(capabilitiesAdmittedAt(level), p.allowedCapabilities),
    expression: (p) => `variables.containers.all(c, !(${containerHas('capabilities')} && has(c.securityContext.capabilities.add))`
      + ` || c.securityContext.capabilities.add.${p.allowedCapabilities.length === 0 ? 'size() == 0' : `all(cap, cap in ${celList(p.allowedCapabilities)})`})`,
    message: (p) => (p.allowedCapabilities.length === 0 ? 'containers must not add capabilities'
      : `containers may add only the capabilities ${p.allowedCapabilities.join(', ')}`),
  },
  {
    name: 'required-drop-capabilities',
    field: 'requiredDropCapabilities',
    minLevel: (p) => (p.requiredDropCapabilities.includes('ALL') ? 'restricted' : 'baseline'),
    enforcedBy: (p, level) => p.requiredDropCapabilities.length === 0 || (p.requiredDropCapabilities.includes('ALL') && level === 'restricted'),
    expression: (p) => `variables.containers.all(c, ${containerHas('capabilities')} && has(c.securityContext.capabilities.drop)`
      + ` && ${celList(p.requiredDropCapabilities)}.all(cap, cap in c.securityContext.capabilities.drop || 'ALL' in c.securityContext.capabilities.drop))`,
    message: (p) => `every container must drop the capabilities ${p.requiredDropCapabilities.join(', ')} (securityContext.capabilities.drop)`,
  },
  {
    name: 'seccomp-profile',
    field: 'allowedSeccompProfiles',
    minLevel: (p) => (p.allowedSeccompProfiles.includes('Unconfined') ? 'privileged' : 'restricted'),
    // Restricted admits RuntimeDefault and Localhost; baseline also admits pods that set no profile (Unconfined).
    enforcedBy: (p, level) => subset(level === 'restricted' ? ['RuntimeDefault', 'Localhost'] : ['RuntimeDefault', 'Localhost', 'Unconfined'],
      p.allowedSeccompProfiles),
    expression: (p) => `variables.containers.all(c, (${containerHas('seccompProfile')} ? c.securityContext.seccompProfile.type`
      + ` : (${podHas('seccompProfile')} ? ${POD}.seccompProfile.type : 'Unconfined')) in ${celList(p.allowedSeccompProfiles)})`,
    message: (p) => `every container must run with a seccomp profile of type ${p.allowedSeccompProfiles.join(' or ')}`
      + ' (securityContext.seccompProfile on the pod or the container)',
  },
  {
    name: 'read-only-root-filesystem',
    field: 'readOnlyRootFilesystem',
    minLevel: () => 'restricted',
    enforcedBy: (p) => !p.readOnlyRootFilesystem,
    expression: () => `variables.containers.all(c, ${containerHas('readOnlyRootFilesystem')} && c.securityContext.readOnlyRootFilesystem == true)`,
    message: () => 'every container must set securityContext.readOnlyRootFilesystem: true',
  },
];

/** Why a profile needs a level below "restricted": each field that loosens it, with the level that field needs. */
export interface Loosening {
  readonly field: keyof PodSecuritySettings;
  readonly level: PodSecurityLevel;
}

/** The level of a profile and the fields that lower it. */
export interface ProfileLevel {
  /** The strictest Pod Security level that admits every pod the profile admits. */
  readonly level: PodSecurityLevel;
  /** The fields that need more than "restricted" allows, in field order. */
  readonly loosenedBy: readonly Loosening[];
}

/**
 * The strictest Pod Security Admission level that still admits every pod the settings admit: each constraint
 * needs some level, and the profile needs the loosest of them.
 */
export function podSecurityLevelOf(settings: PodSecuritySettings): ProfileLevel {
  const p = resolvePodSecurity(settings);
  const loosenedBy: Loosening[] = [];
  let level: PodSecurityLevel = 'restricted';
  for (const unit of CONSTRAINT_UNITS) {
    const needed = unit.minLevel(p);
    level = looser(level, needed);
    if (needed !== 'restricted' && !loosenedBy.some((l) => l.field === unit.field)) {
      loosenedBy.push({ field: unit.field, level: needed });
    }
  }
  return { level, loosenedBy };
}

/** The constraints that Pod Security at `level` does not enforce, so the profile's policy must. */
export function constraintsBeyond(p: ResolvedPodSecurity, level: PodSecurityLevel): ConstraintUnit[] {
  return CONSTRAINT_UNITS.filter((u) => !u.enforcedBy(p, level));
}
