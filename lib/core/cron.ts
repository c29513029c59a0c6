/**
 * Cron schedules as Knative's PingSource reads them (the robfig/cron standard parser): five fields
 * (minute, hour, day of month, month, day of week) or a descriptor such as "@hourly" or "@every 10m".
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
  return undefined;
}

/**
 * True for an IANA time zone name the runtime knows, spelled as in the tz database (e.g. "Europe/Paris" or "UTC"):
 * Kubernetes and Knative look zones up by their exact name, while Intl also takes "europe/paris".
 */
export function isTimeZone(name: string): boolean {
  if (typeof name !== 'string' || !/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(name)) {
    return false;
  }
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return false;
  }
  // A wrong case resolves to the canonical spelling of the same name; an alias resolves to another name.
  return (resolved === name || resolved.toLowerCase() !== name.toLowerCase()) && name.split('/').every((part) => /^[A-Z]/.test(part));
}
