/**
 * The EKS Kubernetes versions this library knows, with their support dates (from the EKS version calendar).
 * Deliberately static: support status is judged against {@link CALENDAR_AS_OF}, never the clock, so the same
 * input always synthesizes the same way. Update with each release of the library.
 */
export const EKS_VERSION_CALENDAR: Readonly<Record<string, { readonly standardEnds?: string; readonly extendedEnds?: string }>> = {
  '1.32': { standardEnds: '2026-03-23', extendedEnds: '2027-03-23' },
  '1.33': { standardEnds: '2026-07-29', extendedEnds: '2027-07-29' },
  '1.34': { standardEnds: '2026-12-02', extendedEnds: '2027-12-02' },
  '1.35': { standardEnds: '2027-03-27', extendedEnds: '2028-03-27' },
  '1.36': {},
  '1.37': {},
};

/** The date the calendar was last checked. */
export const CALENDAR_AS_OF = '2026-11-23';

/** The default version of new clusters: in standard support, and supported by every EKS add-on used here. */
export const DEFAULT_EKS_VERSION = '1.35';

/** Whether `version` is in EKS standard support as of {@link CALENDAR_AS_OF}. */
export function inStandardSupport(version: string): boolean {
  const entry = calendarEntry(version);
  return entry !== undefined && (entry.standardEnds === undefined || entry.standardEnds > CALENDAR_AS_OF);
}

/** Whether `version` is only in (paid) extended support as of {@link CALENDAR_AS_OF}. */
export function inExtendedSupportOnly(version: string): boolean {
  const entry = calendarEntry(version);
  return entry !== undefined && !inStandardSupport(version) && (entry.extendedEnds ?? '') > CALENDAR_AS_OF;
}

/** The calendar's entry of `version`: only its own keys (never "constructor" or "__proto__"), only for strings. */
function calendarEntry(version: unknown): { readonly standardEnds?: string; readonly extendedEnds?: string } | undefined {
  return typeof version === 'string' && Object.hasOwn(EKS_VERSION_CALENDAR, version) ? EKS_VERSION_CALENDAR[version] : undefined;
}

/** Whether `version` is one of the calendar's versions. */
export function isKnownEksVersion(version: unknown): version is string {
  return calendarEntry(version) !== undefined;
}

/** Versions in standard support, oldest first. */
export function standardSupportVersions(): string[] {
  return Object.keys(EKS_VERSION_CALENDAR).filter(inStandardSupport);
}
