import { PropsValidator, isObject } from '../core/validator';

/** A string match of Istio: exactly one of exact, prefix or regex. */
export type StringMatch = { readonly exact: string } | { readonly prefix: string } | { readonly regex: string };

/** Duration as Istio takes it, e.g. "5s", "250ms", "1m". */
export const ISTIO_DURATION = /^(\d+(\.\d+)?(h|m|s|ms|us|µs|ns))+$/;

const GO_DURATION_PART = /(\d*)(?:\.(\d*))?(ns|us|µs|μs|ms|s|m|h)/gy;
const NANOS_PER_UNIT: Record<string, bigint> = {
  ns: 1n, us: 1_000n, 'µs': 1_000n, 'μs': 1_000n, ms: 1_000_000n, s: 1_000_000_000n, m: 60_000_000_000n, h: 3_600_000_000_000n,
};
const MAX_GO_DURATION = 2n ** 63n - 1n;

/**
 * Parses a Go duration ("1h30m", "1.5s", "250ms") into nanoseconds, as Go's `time.ParseDuration` does for the
 * non-negative values Istio and its CRDs' CEL `duration()` accept; undefined when it is not one (no unit, a space,
 * a sign, or beyond Go's 290-year limit).
 */
export function parseGoDuration(value: unknown): bigint | undefined {
  if (typeof value !== 'string' || value.length === 0 || value.length > 100) {
    return undefined;
  }
  let total = 0n;
  GO_DURATION_PART.lastIndex = 0;
  let at = 0;
  while (at < value.length) {
    GO_DURATION_PART.lastIndex = at;
    const m = GO_DURATION_PART.exec(value);
    if (!m || (m[1] === '' && (m[2] ?? '') === '')) {
      return undefined;
    }
    const unit = NANOS_PER_UNIT[m[3]];
    const whole = BigInt(m[1] === '' ? '0' : m[1]);
    const fraction = m[2] ?? '';
    const scaled = fraction === '' ? 0n : (BigInt(fraction) * unit) / 10n ** BigInt(fraction.length);
    total += whole * unit + scaled;
    if (total > MAX_GO_DURATION) {
      return undefined;
    }
    at = GO_DURATION_PART.lastIndex;
  }
  return total;
}

/** What an Istio duration field takes. */
export const ISTIO_DURATION_FORM = 'a duration such as "5s" or "250ms" (Go syntax with units h, m, s, ms; at least 1ms, in whole milliseconds)';

/**
 * Checks an Istio duration field (timeouts, retry try timeouts). Istio's validation parses it as a Go duration and
 * refuses anything under 1ms or finer than a millisecond; the CRD's CEL rule refuses what `duration()` cannot parse.
 */
export function checkDuration(v: PropsValidator, field: string, value: unknown): void {
  if (value !== undefined) {
    const nanos = parseGoDuration(value);
    v.check(nanos !== undefined && nanos >= 1_000_000n && nanos % 1_000_000n === 0n, field, value, ISTIO_DURATION_FORM);
  }
}

/**
 * Checks a string match: exactly one of exact, prefix or regex, a string. Istio refuses an empty prefix or regex, and
 * a regex longer than 1024 characters or that RE2 cannot compile (approximated here: it must compile as a JavaScript
 * regular expression and use no lookaround or back-reference, which RE2 lacks).
 */
export function checkStringMatch(v: PropsValidator, field: string, m: unknown): void {
  if (m === undefined) {
    return;
  }
  const keys = isObject(m) ? Object.keys(m) : [];
  const kind = keys[0];
  if (!v.check(keys.length === 1 && ['exact', 'prefix', 'regex'].includes(kind) && typeof (m as any)[kind] === 'string',
    field, m, 'exactly one of { exact }, { prefix } or { regex }, with a string')) {
    return;
  }
  const text: string = (m as any)[kind];
  if (kind === 'prefix') {
    v.check(text.length > 0, `${field}.prefix`, text, 'a non-empty prefix (leave the match out to match everything)');
  } else if (kind === 'regex') {
    v.check(text.length > 0 && text.length <= 1024 && re2Compatible(text), `${field}.regex`, text,
      'an RE2 regular expression of 1 to 1024 characters, without lookaround or back-references');
  }
}

function re2Compatible(re: string): boolean {
  if (/\(\?<?[=!]|\\[1-9]|\\k</.test(re)) {
    return false;
  }
  try {
    new RegExp(re, 'u');
    return true;
  } catch {
    return false;
  }
}

/**
 * The retry conditions Istio's validation accepts in `retryOn` (besides HTTP status codes): Envoy's `x-envoy-retry-on`
 * and `x-envoy-retry-grpc-on` policies.
 */
export const RETRY_ON_POLICIES: readonly string[] = [
  '5xx', 'gateway-error', 'reset', 'reset-before-request', 'connect-failure', 'envoy-ratelimited', 'retriable-4xx', 'refused-stream',
  'retriable-status-codes', 'retriable-headers', 'http3-post-connect-failure',
  'cancelled', 'deadline-exceeded', 'internal', 'resource-exhausted', 'unavailable',
];

/** The status codes Go's net/http knows (`http.StatusText` is not empty), which Istio accepts as retryOn entries. */
const HTTP_STATUS_CODES = new Set<string>([
  '100', '101', '102', '103', '200', '201', '202', '203', '204', '205', '206', '207', '208', '226',
  '300', '301', '302', '303', '304', '305', '307', '308',
  '400', '401', '402', '403', '404', '405', '406', '407', '408', '409', '410', '411', '412', '413', '414', '415', '416', '417', '418',
  '421', '422', '423', '424', '425', '426', '428', '429', '431', '451',
  '500', '501', '502', '503', '504', '505', '506', '507', '508', '510', '511',
]);

/**
 * Checks `retryOn`: a comma-separated list (no spaces) whose every entry is a policy Istio knows or an HTTP status
 * code, as Istio's validation splits and checks it.
 */
export function checkRetryOn(v: PropsValidator, field: string, value: unknown): void {
  if (value === undefined) {
    return;
  }
  const expected = `a comma-separated list without spaces of ${RETRY_ON_POLICIES.join(', ')} or HTTP status codes such as "503"`;
  if (!v.check(typeof value === 'string' && value.length > 0 && value.length <= 1024, field, value, expected)) {
    return;
  }
  const unknown = (value as string).split(',').find((p) => !RETRY_ON_POLICIES.includes(p) && !HTTP_STATUS_CODES.has(p));
  v.check(unknown === undefined, field, value, `${expected} ("${unknown}" is neither)`);
}

/** Protocol prefixes Istio uses to tell a port's protocol from its name ("http", "http-web", "grpc-api"...). */
export const ISTIO_PORT_PROTOCOLS = ['http', 'http2', 'https', 'grpc', 'grpc-web', 'tcp', 'tls', 'mongo', 'mysql', 'redis'];

/** Whether a Service port name tells Istio its protocol: `<protocol>` or `<protocol>-<suffix>`. */
export function hasProtocolPrefix(portName: string): boolean {
  return typeof portName === 'string' && ISTIO_PORT_PROTOCOLS.some((p) => portName === p || portName.startsWith(`${p}-`));
}

/** A host in Istio resources: a DNS name, optionally with a leading "*." wildcard, or "*". */
export const ISTIO_HOST = /^(\*|(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)$/;

/** Whether `h` is an Istio host: the form of {@link ISTIO_HOST}, at most 253 characters, each label at most 63. */
export function isIstioHost(h: unknown): h is string {
  return typeof h === 'string' && h.length <= 253 && ISTIO_HOST.test(h) && h.split('.').every((l) => l.length <= 63);
}
