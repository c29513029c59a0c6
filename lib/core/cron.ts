/**
 * Cron schedules as the robfig/cron standard parser reads them (Kubernetes CronJobs, Knative PingSources): five
 * fields (minute, hour, day of month, month, day of week) or a descriptor such as "@hourly" or "@every 10m"
 * (Knative's PingSource webhook refuses "@every"; the PingSource construct checks that itself).
 */

const FIELDS = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'] },
  { name: 'day of week', min: 0, max: 6, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] },
] as const;

const DESCRIPTORS = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'];
const EVERY = /^@every (\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/;

function value(text: string, field: (typeof FIELDS)[number]): number | undefined {
  const named = 'names' in field ? (field.names as readonly string[]).indexOf(text.toUpperCase()) : -1;
  if (named >= 0) {
    return named + field.min;
  }
  return /^\d+$/.test(text) ? Number(text) : undefined;
}

/** Why one field is wrong, or undefined when it is valid. */
function fieldProblem(text: string, field: (typeof FIELDS)[number]): string | undefined {
  for (const part of text.split(',')) {
    const [range, step, ...rest] = part.split('/');
    if (rest.length > 0 || (step !== undefined && !/^[1-9]\d*$/.test(step))) {
      return `${field.name} "${part}" has an invalid step`;
    }
    if (range === '*' || range === '?') {
      continue;
    }
    const [lo, hi, ...more] = range.split('-');
    const a = value(lo, field);
    const b = hi === undefined ? a : value(hi, field);
    if (more.length > 0 || a === undefined || b === undefined || a < field.min || b > field.max || a > b) {
      return `${field.name} "${part}" is not a value or range within ${field.min}-${field.max}`;
    }
  }
  return undefined;
}

/** Why a schedule is invalid, or undefined when Knative accepts it. */
export function cronProblem(schedule: string): string | undefined {
  if (typeof schedule !== 'string' || schedule.trim() !== schedule || schedule.length === 0) {
    return 'a non-empty schedule without surrounding spaces';
  }
  if (schedule.startsWith('@')) {
    return DESCRIPTORS.includes(schedule) || EVERY.test(schedule) ? undefined : `unknown descriptor "${schedule}"`;
  }
  const parts = schedule.split(/\s+/);
  if (parts.length !== 5) {
    return `${parts.length} fields instead of 5 (minute hour day-of-month month day-of-week)`;
  }
  for (let i = 0; i < 5; i++) {
    const problem = fieldProblem(parts[i], FIELDS[i]);
    if (problem) {
      return problem;
    }
  }
  return missingDayProblem(parts[2], parts[3], parts[4]);
}

/** The values a valid field selects (names resolved, ranges and steps expanded). */
function selected(text: string, field: (typeof FIELDS)[number]): Set<number> {
  const out = new Set<number>();
  for (const part of text.split(',')) {
    const [range, step] = part.split('/');
    const [lo, hi] = range.split('-');
    const star = range === '*' || range === '?';
    const a = star ? field.min : value(lo, field)!;
    const b = star || (step !== undefined && hi === undefined) ? field.max : hi === undefined ? a : value(hi, field)!;
    for (let n = a; n <= b; n += step === undefined ? 1 : Number(step)) {
      out.add(n);
    }
  }
  return out;
}

/** The most days each month has (February 29 in leap years). */
const MONTH_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Why a schedule never fires because the days it names do not exist ("0 0 31 2 *", "0 0 31 4,6 *"), or undefined.
 * The robfig/cron parser (Kubernetes CronJobs and Knative PingSources) accepts such a schedule and then never runs
 * it. When both day fields are restricted, a day matching either fires, so only a day of month combined with an
 * unrestricted day of week ("*" or "?") can name only missing days.
 */
function missingDayProblem(dom: string, month: string, dow: string): string | undefined {
  if (dom === '*' || dom === '?' || !(dow === '*' || dow === '?')) {
    return undefined;
  }
  const days = [...selected(dom, FIELDS[2])];
  const months = [...selected(month, FIELDS[3])];
  if (months.some((m) => days.some((d) => d <= MONTH_DAYS[m - 1]))) {
    return undefined;
  }
  const names = months.map((m) => FIELDS[3].names[m - 1]).join(', ');
  return `day of month "${dom}" does not exist in ${names}, so the schedule never fires`;
}

/**
 * True for an IANA time zone name, spelt as in the tz database (e.g. "Europe/Paris" or "UTC"): Kubernetes and Knative
 * load zones with Go's time.LoadLocation, by their exact name, from the tz database. A name counts when the runtime
 * lists it (Intl.supportedValuesOf, which has ICU's canonical spellings only) or resolves it and the tz database has it
 * too: ICU also takes "europe/paris", three-letter IDs such as "PST" or "IST", "SystemV/..." zones and names the tz
 * database has removed ("US/Pacific-New"), all of which Go refuses.
 */
export function isTimeZone(name: string): boolean {
  if (typeof name !== 'string' || name.length > 64 || !/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(name)) {
    return false;
  }
  // UTC first: ICU lists neither spelling, and asking it costs ~12 ms the first time (it loads its zone data).
  if (name === 'UTC' || name === 'Etc/UTC' || supportedZones().has(name)) {
    return true;
  }
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return false;
  }
  // A wrong case resolves to the canonical spelling of the same name; an alias resolves to another name.
  const spelt = (resolved === name || resolved.toLowerCase() !== name.toLowerCase()) && name.split('/').every((part) => /^[A-Z]/.test(part));
  const [area] = name.split('/');
  const inTzdata = name.includes('/') ? TZ_AREAS.has(area) : TZ_SINGLE_NAMES.has(name);
  return spelt && inTzdata && !TZ_REMOVED.has(name);
}

let zones: Set<string> | undefined;
function supportedZones(): Set<string> {
  zones ??= new Set(typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : []);
  return zones;
}

/** The areas of tz database names: the continents and oceans, "Etc", and the legacy country areas of its backward links. */
const TZ_AREAS = new Set(['Africa', 'America', 'Antarctica', 'Arctic', 'Asia', 'Atlantic', 'Australia', 'Europe', 'Indian', 'Pacific', 'Etc',
  'US', 'Canada', 'Brazil', 'Chile', 'Mexico']);
/** The tz database's names without an area (zones and backward links). */
const TZ_SINGLE_NAMES = new Set(['CET', 'CST6CDT', 'Cuba', 'EET', 'EST', 'EST5EDT', 'Egypt', 'Eire', 'GB', 'GB-Eire', 'GMT', 'GMT+0', 'GMT-0', 'GMT0',
  'Greenwich', 'HST', 'Hongkong', 'Iceland', 'Iran', 'Israel', 'Jamaica', 'Japan', 'Kwajalein', 'Libya', 'MET', 'MST', 'MST7MDT', 'NZ', 'NZ-CHAT',
  'Navajo', 'PRC', 'PST8PDT', 'Poland', 'Portugal', 'ROC', 'ROK', 'Singapore', 'Turkey', 'UCT', 'UTC', 'Universal', 'W-SU', 'WET', 'Zulu']);
/** Names the tz database has removed (2017c, 2020b) that ICU still resolves. */
const TZ_REMOVED = new Set(['Canada/East-Saskatchewan', 'US/Pacific-New']);
