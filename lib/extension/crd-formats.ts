import { isIP } from 'node:net';

// The `format`s of a CRD schema as the API server checks them on custom resources (its strfmt registry), in keelson's
// own words: each is lenient where the server is lenient (a date-time without seconds, a duration in days), so that the
// offline check never refuses what a cluster accepts. Formats the API server does not know are ignored by it, and
// so by keelson; the few it knows and keelson does not check are listed in UNCHECKED_FORMATS.

const hex = (n: number) => `[0-9a-fA-F]{${n}}`;
const UUID = new RegExp(`^${hex(8)}-?${hex(4)}-?${hex(4)}-?${hex(4)}-?${hex(12)}$`);
const uuidVersion = (v: number) => new RegExp(`^${hex(8)}-?${hex(4)}-?${v}${hex(3)}-?[89abAB]${hex(3)}-?${hex(12)}$`);
const HOST_LABEL = /^[A-Za-z0-9]([-A-Za-z0-9]{0,61}[A-Za-z0-9])?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d(:([0-5]\d|60)(\.\d+)?)?([zZ]|[+-]([01]\d|2[0-3]):?[0-5]\d)?$/;
const DURATION_UNIT = '(ns|us|µs|ms|s|m|h|d|w|nanoseconds?|microseconds?|milliseconds?|seconds?|minutes?|hours?|days?|weeks?|sec|min|hr)';
const DURATION = new RegExp(`^[-+]?(\\s*\\d+(\\.\\d+)?\\s*${DURATION_UNIT})+$`);

function isDate(s: string): boolean {
  const m = DATE.exec(s);
  if (!m) {
    return false;
  }
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const days = [31, y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return mo >= 1 && mo <= 12 && d >= 1 && d <= days[mo - 1];
}

/** RFC 3339, with the reduced forms the API server also reads (no seconds, no zone). */
function isDateTime(s: string): boolean {
  return s.search(/[Tt ]/) === 10 && isDate(s.slice(0, 10)) && TIME.test(s.slice(11));
}

function isHostname(s: string): boolean {
  const name = s.endsWith('.') ? s.slice(0, -1) : s;
  return name.length > 0 && name.length <= 253 && name.split('.').every((l) => HOST_LABEL.test(l));
}

function isUri(s: string): boolean {
  // Go's ParseRequestURI: an absolute URI, or an absolute path.
  if (s.startsWith('/')) {
    return !/\s/.test(s);
  }
  try {
    return /^[A-Za-z][A-Za-z0-9+.-]*:/.test(s) && new URL(s).protocol !== '';
  } catch {
    return false;
  }
}

function isCidr(s: string): boolean {
  const slash = s.indexOf('/');
  if (slash < 0) {
    return false;
  }
  const family = isIP(s.slice(0, slash));
  const bits = s.slice(slash + 1);
  return family !== 0 && /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}

/** The string formats keelson checks, by name, as the API server reads them. */
export const STRING_FORMAT_TESTS: Readonly<Record<string, (s: string) => boolean>> = {
  'bsonobjectid': (s) => new RegExp(`^${hex(24)}$`).test(s),
  'uri': isUri,
  'email': (s) => /^[^\s@<>()]+@[^\s@<>()]+$/.test(s),
  'hostname': isHostname,
  'ipv4': (s) => isIP(s) === 4,
  'ipv6': (s) => isIP(s) === 6,
  'cidr': isCidr,
  'mac': (s) => /^[0-9a-fA-F]{2}([:-])[0-9a-fA-F]{2}(\1[0-9a-fA-F]{2}){4}((\1[0-9a-fA-F]{2}){2}|(\1[0-9a-fA-F]{2}){14})?$/.test(s)
    || /^[0-9a-fA-F]{4}(\.[0-9a-fA-F]{4}){2}((\.[0-9a-fA-F]{4})|(\.[0-9a-fA-F]{4}){7})?$/.test(s),
  'uuid': (s) => UUID.test(s),
  'uuid3': (s) => uuidVersion(3).test(s),
  'uuid4': (s) => uuidVersion(4).test(s),
  'uuid5': (s) => uuidVersion(5).test(s),
  'hexcolor': (s) => /^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/.test(s),
  'byte': (s) => /^([A-Za-z0-9+/]{4})*([A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(s),
  'password': () => true,
  'date': isDate,
  'date-time': isDateTime,
  // The API server's other spelling.
  'datetime': isDateTime,
  'duration': (s) => DURATION.test(s.trim()),
};

/** The number formats, with the range a value of the format holds (an int32 field beyond 2^31 fails the controller's decoding). */
export const NUMBER_FORMAT_TESTS: Readonly<Record<string, (n: number) => boolean>> = {
  int32: (n) => n >= -(2 ** 31) && n <= 2 ** 31 - 1,
  int64: (n) => Number.isFinite(n),
  float: (n) => Number.isFinite(n) && Math.abs(n) <= 3.4028234663852886e38,
  double: (n) => Number.isFinite(n),
};

/** Formats the API server checks that keelson does not: a custom resource's value of one of them is not checked offline. */
export const UNCHECKED_FORMATS: readonly string[] = ['isbn', 'isbn10', 'isbn13', 'creditcard', 'ssn', 'rgbcolor'];
