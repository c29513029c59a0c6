// Pod Security Admission per mode: the levels and versions of enforce, audit and warn, as a SecureNamespace takes them
// (`podSecurity`, or `podSecurityLevel` and `podSecurityVersion` for all three), their checks, and the Namespace labels
// they become.
import { PropsValidator } from '../core/validator';
import { POD_SECURITY_LEVELS, POD_SECURITY_MODES, isPodSecurityVersion, podSecurityStrictness } from '../policy/namespace-levels';
import type { PodSecurityLevel, SecureNamespaceProps } from './secure-namespace';

/** A Pod Security Admission mode: `enforce` refuses pods; `audit` records and `warn` warns about violations. */
export type PodSecurityMode = typeof POD_SECURITY_MODES[number];

/** The Pod Security level (and version) of one Pod Security Admission mode. */
export interface PodSecurityModeLevel {
  /** The level: "restricted", "baseline" or "privileged". */
  readonly level: PodSecurityLevel;
  /**
   * Kubernetes minor version whose rules of the level apply, e.g. "v1.32", or "latest".
   * @default for enforce "latest"; for audit and warn the version of enforce
   */
  readonly version?: string;
}

/**
 * The levels of the three Pod Security Admission modes, e.g. enforce "baseline" while warning about and auditing
 * against "restricted". Audit and warn are at least as strict as enforce: they also judge the pod templates of
 * Deployments, Jobs and the like, which enforce does not, so a weaker warn level lets a workload in without a word
 * while its pods are refused.
 */
export interface PodSecurityModes {
  /** The level pods must meet; others are refused. */
  readonly enforce: PodSecurityModeLevel;
  /**
   * The level violations are recorded against in the audit log.
   * @default the level and version of enforce
   */
  readonly audit?: PodSecurityModeLevel;
  /**
   * The level violations are warned about (kubectl prints the warning).
   * @default the level and version of enforce
   */
  readonly warn?: PodSecurityModeLevel;
}

/** The props of a SecureNamespace that set its Pod Security modes. */
export type PodSecurityProps = Pick<SecureNamespaceProps, 'podSecurity' | 'podSecurityLevel' | 'podSecurityVersion' | 'podSecurityProfile'>;

const LEVEL_TEXT = '"restricted", "baseline" or "privileged"';
const VERSION_TEXT = '"latest" or a version such as "v1.32"';

/** The level and version of every mode, resolved from either shape of the props; problems are recorded on `v`. */
export function podSecurityModes(v: PropsValidator, props: PodSecurityProps): Record<PodSecurityMode, Required<PodSecurityModeLevel>> {
  const profile = props.podSecurityProfile;
  const given = props.podSecurity;
  if (given === undefined) {
    const level = props.podSecurityLevel ?? profile?.level ?? 'restricted';
    const version = props.podSecurityVersion ?? 'latest';
    v.check((POD_SECURITY_LEVELS as readonly unknown[]).includes(level), 'podSecurityLevel', level, LEVEL_TEXT);
    v.check(isPodSecurityVersion(version), 'podSecurityVersion', version, VERSION_TEXT);
    if (profile) {
      v.check(props.podSecurityLevel === undefined || props.podSecurityLevel === profile.level, 'podSecurityLevel', props.podSecurityLevel,
        `"${profile.level}", the level of podSecurityProfile "${profile.name}" (or leave it unset)`);
    }
    return { enforce: { level, version }, audit: { level, version }, warn: { level, version } };
  }
  v.check(props.podSecurityLevel === undefined, 'podSecurityLevel', props.podSecurityLevel,
    'no podSecurityLevel together with podSecurity (set podSecurity.enforce.level instead)');
  v.check(props.podSecurityVersion === undefined, 'podSecurityVersion', props.podSecurityVersion,
    'no podSecurityVersion together with podSecurity (set the version of each mode in podSecurity instead)');
  const restricted = { level: 'restricted' as PodSecurityLevel, version: 'latest' };
  if (!v.knownProps('podSecurity', given, POD_SECURITY_MODES)
    || !v.check(given.enforce !== undefined, 'podSecurity.enforce', given.enforce, '{ level, version? }: the level pods must meet')) {
    return { enforce: restricted, audit: restricted, warn: restricted };
  }
  const mode = (name: PodSecurityMode, fallback?: Required<PodSecurityModeLevel>): Required<PodSecurityModeLevel> => {
    const m = given[name];
    if (m === undefined || !v.knownProps(`podSecurity.${name}`, m, ['level', 'version'])) {
      return fallback ?? restricted;
    }
    const level = m.level ?? fallback?.level;
    const version = m.version ?? fallback?.version ?? 'latest';
    if (v.check((POD_SECURITY_LEVELS as readonly unknown[]).includes(level), `podSecurity.${name}.level`, m.level, LEVEL_TEXT) && fallback) {
      const allowed = POD_SECURITY_LEVELS.filter((l) => podSecurityStrictness(l) >= podSecurityStrictness(fallback.level)).reverse();
      v.check(podSecurityStrictness(level) >= podSecurityStrictness(fallback.level), `podSecurity.${name}.level`, m.level,
        `a level at least as strict as enforce ("${fallback.level}"): ${allowed.map((l) => `"${l}"`).join(' or ')} `
        + '(audit and warn also judge the pod templates of workloads, which enforce does not)');
    }
    v.check(isPodSecurityVersion(version), `podSecurity.${name}.version`, m.version, VERSION_TEXT);
    return { level: level!, version };
  };
  const enforce = mode('enforce');
  if (profile) {
    v.check(enforce.level === profile.level, 'podSecurity.enforce.level', given.enforce?.level,
      `"${profile.level}", the level of podSecurityProfile "${profile.name}"`);
  }
  return { enforce, audit: mode('audit', enforce), warn: mode('warn', enforce) };
}

/** The Pod Security Admission labels of a Namespace: `pod-security.kubernetes.io/<mode>` and `<mode>-version` of each mode. */
export function podSecurityLabels(modes: Readonly<Record<PodSecurityMode, Required<PodSecurityModeLevel>>>): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const mode of POD_SECURITY_MODES) {
    labels[`pod-security.kubernetes.io/${mode}`] = modes[mode].level;
    labels[`pod-security.kubernetes.io/${mode}-version`] = modes[mode].version;
  }
  return labels;
}
