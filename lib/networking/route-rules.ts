// The parts of an HTTPRoute rule (lib/networking/http-route.ts): the conditions a request must meet (path, header,
// query parameter and method matches) and what the rule does to it (redirect, URL rewrite, header changes), with the
// checks the HTTPRoute schema and controllers apply, and how the route writes them.
import { Format, HTTP_PATH, PORT_NUMBER, SUBDOMAIN } from '../core/formats';
import { propNames } from '../core/resource';
import { PropsValidator, isObject } from '../core/validator';

/** How a path is matched. */
export type PathMatchType = 'PathPrefix' | 'Exact' | 'RegularExpression';

/** How a header or query parameter value is matched. */
export type ValueMatchType = 'Exact' | 'RegularExpression';

/** An HTTP method a rule can match. */
export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE' | 'CONNECT' | 'OPTIONS' | 'TRACE' | 'PATCH';

/** A header or query parameter condition. */
export interface RouteValueMatch {
  /** Header or parameter name (headers match case-insensitively). */
  readonly name: string;
  /** The value to match. */
  readonly value: string;
  /**
   * Exact value or regular expression.
   * @default "Exact"
   */
  readonly type?: ValueMatchType;
}

/** Conditions a request must meet (all of them) for a rule to apply. */
export interface RouteMatch {
  /**
   * Path to match.
   * @default "/"
   */
  readonly path?: string;
  /**
   * How the path matches ("PathPrefix" matches whole path segments: "/api" matches "/api/x", not "/apix").
   * @default "PathPrefix"
   */
  readonly pathType?: PathMatchType;
  /**
   * Headers that must match (at most 16).
   * @default none
   */
  readonly headers?: RouteValueMatch[];
  /**
   * Query parameters that must match (at most 16).
   * @default none
   */
  readonly queryParams?: RouteValueMatch[];
  /**
   * HTTP method.
   * @default any
   */
  readonly method?: HttpMethod;
}

/** Answers the request with a redirect (the RequestRedirect filter; replaces ingress-nginx's app-root and ssl-redirect). */
export interface RequestRedirect {
  /**
   * Scheme of the new location.
   * @default the request's
   */
  readonly scheme?: 'http' | 'https';
  /**
   * Host of the new location.
   * @default the request's
   */
  readonly hostname?: string;
  /**
   * Port of the new location.
   * @default the request's (or the scheme's well-known port when the scheme changes)
   */
  readonly port?: number;
  /**
   * Status code.
   * @default 302
   */
  readonly statusCode?: 301 | 302 | 303 | 307 | 308;
  /**
   * Replaces the whole path, e.g. "/app1".
   * @default the request's path
   */
  readonly replaceFullPath?: string;
  /**
   * Replaces the matched path prefix (the rule needs exactly one PathPrefix match).
   * @default the request's path
   */
  readonly replacePrefixMatch?: string;
}

/** Rewrites the request before it is forwarded (the URLRewrite filter; replaces ingress-nginx's rewrite-target). */
export interface UrlRewrite {
  /**
   * Host header sent to the backend.
   * @default the request's
   */
  readonly hostname?: string;
  /**
   * Replaces the whole path.
   * @default the request's path
   */
  readonly replaceFullPath?: string;
  /**
   * Replaces the matched path prefix, e.g. "/" to strip "/api" (the rule needs exactly one PathPrefix match).
   * @default the request's path
   */
  readonly replacePrefixMatch?: string;
}

/** Changes headers of a request or a response. */
export interface HeaderModifier {
  /**
   * Headers to set, replacing any value (at most 16).
   * @default none
   */
  readonly set?: Record<string, string>;
  /**
   * Headers to add to existing values (at most 16).
   * @default none
   */
  readonly add?: Record<string, string>;
  /**
   * Headers to remove (at most 16).
   * @default none
   */
  readonly remove?: string[];
}

/** What a rule does to the requests it matches, besides choosing backends (the filter props of a RouteRule). */
export interface RuleFilters {
  readonly redirect?: RequestRedirect;
  readonly rewrite?: UrlRewrite;
  readonly requestHeaders?: HeaderModifier;
  readonly responseHeaders?: HeaderModifier;
}

const MATCH_PROPS = propNames<RouteMatch>()({ path: true, pathType: true, headers: true, queryParams: true, method: true });
const VALUE_MATCH_PROPS = propNames<RouteValueMatch>()({ name: true, value: true, type: true });
const REDIRECT_PROPS = propNames<RequestRedirect>()({ scheme: true, hostname: true, port: true, statusCode: true, replaceFullPath: true, replacePrefixMatch: true });
const REWRITE_PROPS = propNames<UrlRewrite>()({ hostname: true, replaceFullPath: true, replacePrefixMatch: true });
const MODIFIER_PROPS = propNames<HeaderModifier>()({ set: true, add: true, remove: true });
const METHODS: readonly string[] = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH'];
const STATUS_CODES: readonly unknown[] = [301, 302, 303, 307, 308];

/** An HTTP header (or query parameter) name. */
const HEADER_NAME: Format = {
  test: (v) => typeof v === 'string' && v.length <= 256 && /^[A-Za-z0-9!#$%&'*+\-.^_`|~]+$/.test(v),
  description: 'a header name of 1-256 letters, digits or !#$%&\'*+-.^_`|~, e.g. "X-Canary"',
};

/** An HTTP header value as the Gateway API accepts it. */
const HEADER_VALUE: Format = {
  test: (v) => typeof v === 'string' && v.length <= 4096 && /^[!-~]+([\t ]?[!-~]+)*$/.test(v),
  description: 'a header value of 1-4096 printable ASCII characters, without leading, trailing or double spaces',
};

/** A query parameter value. */
const QUERY_VALUE: Format = {
  test: (v) => typeof v === 'string' && v.length >= 1 && v.length <= 1024,
  description: 'a value of 1 to 1024 characters',
};

/** A replacement path of a redirect or rewrite. */
const REPLACEMENT_PATH: Format = {
  test: (v) => HTTP_PATH.test(v) && v.length <= 1024,
  description: 'an absolute path starting with "/", without spaces, at most 1024 characters',
};

/** Why a PathPrefix or Exact path would be refused by the HTTPRoute schema, or undefined. */
function pathProblem(path: string): string | undefined {
  if (!path.startsWith('/')) {
    return 'an absolute path starting with "/"';
  }
  for (const bad of ['//', '/./', '/../', '%2f', '%2F', '#']) {
    if (path.includes(bad)) {
      return `a path without "${bad}"`;
    }
  }
  if (path.endsWith('/..') || path.endsWith('/.')) {
    return 'a path that does not end with "/." or "/.."';
  }
  if (path.length > 1024 || !/^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|%[0-9a-fA-F]{2})+$/.test(path)) {
    return 'a path of at most 1024 URL characters (letters, digits, -._~!$&\'()*+,;=:@/ and %-escapes)';
  }
  return undefined;
}

/** Whether a string compiles as a regular expression (controllers use RE2 or PCRE-like engines; this catches syntax errors). */
function isRegex(value: string): boolean {
  try {
    new RegExp(value);
    return true;
  } catch {
    return false;
  }
}

/** A list as error messages show it: the list itself when short, else its length ("17 rules"). */
export function counted(value: unknown, noun: string): unknown {
  return Array.isArray(value) && value.length > 3 ? `${value.length} ${noun}` : value;
}

/** Checks one match of a rule: the path for its pathType, header and query parameter conditions, and the method. */
export function validateMatch(v: PropsValidator, field: string, m: RouteMatch): void {
  if (!v.check(isObject(m), field, m, 'a match: { path?, pathType?, headers?, queryParams?, method? }')
    || !v.knownProps(field, m, MATCH_PROPS)) {
    return;
  }
  const type = m.pathType ?? 'PathPrefix';
  if (v.check(['PathPrefix', 'Exact', 'RegularExpression'].includes(type), `${field}.pathType`, m.pathType, '"PathPrefix", "Exact" or "RegularExpression"')
    && m.path !== undefined) {
    if (typeof m.path !== 'string' || m.path.length === 0) {
      v.fail(`${field}.path`, m.path, 'a path such as "/api"');
    } else if (type === 'RegularExpression') {
      v.check(m.path.length <= 1024 && isRegex(m.path), `${field}.path`, m.path, 'a regular expression of at most 1024 characters, e.g. "/something(/|$)(.*)"');
    } else {
      const problem = pathProblem(m.path);
      v.check(problem === undefined, `${field}.path`, m.path, `${problem} (pathType ${type})`);
    }
  }
  validateValueMatches(v, `${field}.headers`, m.headers, HEADER_VALUE, false);
  validateValueMatches(v, `${field}.queryParams`, m.queryParams, QUERY_VALUE, true);
  v.check(m.method === undefined || METHODS.includes(m.method), `${field}.method`, m.method, `an HTTP method: ${METHODS.join(', ')}`);
}

/** Checks header or query parameter conditions: 1 to 16, each name once, values of `valueFormat` (or regular expressions). */
function validateValueMatches(v: PropsValidator, field: string, list: unknown, valueFormat: Format, caseSensitive: boolean): void {
  if (list === undefined) {
    return;
  }
  if (!v.check(Array.isArray(list) && list.length >= 1 && list.length <= 16, field, counted(list, 'conditions'), '1 to 16 conditions: [{ name, value, type? }]')) {
    return;
  }
  const items = list as RouteValueMatch[];
  items.forEach((h, i) => {
    const f = `${field}[${i}]`;
    if (!v.check(h !== null && typeof h === 'object', f, h, '{ name, value, type? }') || !v.knownProps(f, h, VALUE_MATCH_PROPS)) {
      return;
    }
    v.format(`${f}.name`, h.name, HEADER_NAME, true);
    const typeOk = v.check(h.type === undefined || h.type === 'Exact' || h.type === 'RegularExpression', `${f}.type`, h.type, '"Exact" or "RegularExpression"');
    if (v.format(`${f}.value`, h.value, valueFormat, true) && typeOk && h.type === 'RegularExpression') {
      v.check(isRegex(h.value), `${f}.value`, h.value, 'a regular expression');
    }
  });
  const valid = items.filter((h) => h !== null && typeof h === 'object' && typeof h.name === 'string');
  v.unique(field, valid, (h) => (caseSensitive ? h.name : h.name.toLowerCase()), caseSensitive ? 'a name' : 'a header name (names match case-insensitively)');
}

/** Checks a RequestRedirect filter: it must change something (a redirect to the same place loops). */
export function validateRedirect(v: PropsValidator, field: string, r: RequestRedirect): void {
  if (!v.check(r !== null && typeof r === 'object', field, r, 'a redirect: { scheme?, hostname?, port?, statusCode?, replaceFullPath?, replacePrefixMatch? }')
    || !v.knownProps(field, r, REDIRECT_PROPS)) {
    return;
  }
  v.check(r.scheme === undefined || r.scheme === 'http' || r.scheme === 'https', `${field}.scheme`, r.scheme, '"http" or "https"');
  v.format(`${field}.hostname`, r.hostname, SUBDOMAIN);
  v.format(`${field}.port`, r.port, PORT_NUMBER);
  v.check(r.statusCode === undefined || STATUS_CODES.includes(r.statusCode), `${field}.statusCode`, r.statusCode, '301, 302, 303, 307 or 308');
  validateReplacement(v, field, r);
  v.check([r.scheme, r.hostname, r.port, r.replaceFullPath, r.replacePrefixMatch].some((x) => x !== undefined), field, r,
    'a redirect that changes something: scheme, hostname, port, replaceFullPath or replacePrefixMatch (one that changes nothing loops)');
}

/** Checks a URLRewrite filter: it must rewrite the hostname or the path. */
export function validateRewrite(v: PropsValidator, field: string, r: UrlRewrite): void {
  if (!v.check(r !== null && typeof r === 'object', field, r, 'a rewrite: { hostname?, replaceFullPath?, replacePrefixMatch? }')
    || !v.knownProps(field, r, REWRITE_PROPS)) {
    return;
  }
  v.format(`${field}.hostname`, r.hostname, SUBDOMAIN);
  validateReplacement(v, field, r);
  v.check([r.hostname, r.replaceFullPath, r.replacePrefixMatch].some((x) => x !== undefined), field, r,
    'a rewrite of hostname, replaceFullPath or replacePrefixMatch');
}

/** Checks the path replacement of a redirect or rewrite: a full path or a prefix, not both. */
function validateReplacement(v: PropsValidator, field: string, r: { replaceFullPath?: string; replacePrefixMatch?: string }): void {
  v.format(`${field}.replaceFullPath`, r.replaceFullPath, REPLACEMENT_PATH);
  v.format(`${field}.replacePrefixMatch`, r.replacePrefixMatch, REPLACEMENT_PATH);
  v.check(r.replaceFullPath === undefined || r.replacePrefixMatch === undefined, `${field}.replacePrefixMatch`, r.replacePrefixMatch,
    'either replaceFullPath or replacePrefixMatch, not both');
}

/** Checks a header modifier: 1 to 16 headers in each of set, add and remove, each name once (case-insensitively). */
export function validateModifier(v: PropsValidator, field: string, m: HeaderModifier | undefined): void {
  if (m === undefined) {
    return;
  }
  if (!v.check(m !== null && typeof m === 'object', field, m, 'a header change: { set?, add?, remove? }') || !v.knownProps(field, m, MODIFIER_PROPS)) {
    return;
  }
  for (const part of ['set', 'add'] as const) {
    const map: unknown = m[part];
    if (map === undefined) {
      continue;
    }
    if (!v.check(isObject(map), `${field}.${part}`, map, 'an object of header names and values')) {
      continue;
    }
    const entries = Object.entries(map as Record<string, string>);
    v.check(entries.length >= 1 && entries.length <= 16, `${field}.${part}`, map, '1 to 16 headers');
    for (const [name, value] of entries) {
      v.format(`${field}.${part} key`, name, HEADER_NAME);
      v.format(`${field}.${part}["${name}"]`, value, HEADER_VALUE, true);
    }
    v.unique(`${field}.${part}`, entries.map(([name]) => name), (n) => n.toLowerCase(), 'a header name (names are case-insensitive)');
  }
  if (m.remove !== undefined && v.check(Array.isArray(m.remove) && m.remove.length >= 1 && m.remove.length <= 16, `${field}.remove`, m.remove, '1 to 16 header names')) {
    m.remove.forEach((name, i) => v.format(`${field}.remove[${i}]`, name, HEADER_NAME, true));
    v.unique(`${field}.remove`, m.remove, (n) => String(n).toLowerCase(), 'a header name');
  }
  v.check(m.set !== undefined || m.add !== undefined || m.remove !== undefined, field, m, 'at least one of set, add or remove');
}

/** Header or query parameter conditions as the HTTPRoute writes them. */
function renderValueMatches(list: readonly RouteValueMatch[] | undefined): object[] | undefined {
  return list?.map((h) => ({ name: h.name, value: h.value, type: h.type }));
}

/** A header modifier as the HTTPRoute writes it: name and value pairs. */
function renderModifier(m: HeaderModifier): object {
  const pairs = (map: Record<string, string> | undefined) => (map ? Object.entries(map).map(([name, value]) => ({ name, value })) : undefined);
  return { set: pairs(m.set), add: pairs(m.add), remove: m.remove ? [...m.remove] : undefined };
}

/** The path replacement of a redirect or rewrite as the HTTPRoute writes it, if any. */
function renderPathModifier(r: { replaceFullPath?: string; replacePrefixMatch?: string }): object | undefined {
  if (r.replaceFullPath !== undefined) {
    return { type: 'ReplaceFullPath', replaceFullPath: r.replaceFullPath };
  }
  return r.replacePrefixMatch !== undefined ? { type: 'ReplacePrefixMatch', replacePrefixMatch: r.replacePrefixMatch } : undefined;
}

/** A match as the HTTPRoute writes it, with the defaults (path prefix "/") filled in. */
export function renderMatch(m: RouteMatch): object {
  return {
    path: { type: m.pathType ?? 'PathPrefix', value: m.path ?? '/' },
    headers: renderValueMatches(m.headers),
    queryParams: renderValueMatches(m.queryParams),
    method: m.method,
  };
}

/** The filters of a rule as the HTTPRoute writes them: header changes, then the rewrite or the redirect. */
export function renderFilters(r: RuleFilters): object[] {
  const filters: object[] = [];
  if (r.requestHeaders) {
    filters.push({ type: 'RequestHeaderModifier', requestHeaderModifier: renderModifier(r.requestHeaders) });
  }
  if (r.responseHeaders) {
    filters.push({ type: 'ResponseHeaderModifier', responseHeaderModifier: renderModifier(r.responseHeaders) });
  }
  if (r.rewrite) {
    filters.push({ type: 'URLRewrite', urlRewrite: { hostname: r.rewrite.hostname, path: renderPathModifier(r.rewrite) } });
  }
  if (r.redirect) {
    const x = r.redirect;
    filters.push({
      type: 'RequestRedirect',
      requestRedirect: { scheme: x.scheme, hostname: x.hostname, port: x.port, statusCode: x.statusCode ?? 302, path: renderPathModifier(x) },
    });
  }
  return filters;
}
