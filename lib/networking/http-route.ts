import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { ANNOTATION_KEY, DNS_1035_LABEL, DNS_LABEL, Format, HTTP_PATH, INGRESS_HOST, PORT_NUMBER, SUBDOMAIN } from '../core/formats';
import { boundedName } from '../core/names';
import { NamespacedResource, NamespacedResourceProps, RESOURCE_ID, propNames } from '../core/resource';
import { PropsValidator } from '../core/validator';
import { GatewayController, hostnamesIntersect } from './gateway-controller';
import { GATEWAY_API_GROUP, Gateway, IGateway, ResolvedListener } from './gateway';
import { ReferenceGrant } from './reference-grant';

/** A Gateway the route attaches to, and optionally one of its listeners. */
export interface RouteParentRef {
  /** The Gateway: a {@link Gateway} of this app, or {@link Gateway.existing}. */
  readonly gateway: IGateway;
  /**
   * Name of the listener (the parent's `sectionName`).
   * @default for a Gateway of this app, every HTTPS listener (and HTTP listener with plainHttp) whose hostname
   *   matches the route's; for another Gateway, every listener that accepts the route
   */
  readonly listener?: string;
}

/** A Gateway, or a Gateway and one of its listeners. */
export type RouteParent = IGateway | RouteParentRef;

/** A construct with a ClusterIP Service that routes can send traffic to, such as a {@link WebService}. */
export interface IHttpBackend {
  /** Name of the Service. */
  readonly name: string;
  /** Namespace of the Service. */
  readonly namespace: string;
  /** Port of the Service. */
  readonly servicePort: number;
}

/** One Service port that receives the traffic of a rule, with its share. */
export interface RouteBackend {
  /**
   * A construct with a Service, e.g. a WebService. Set this or `serviceName`.
   * @default not set
   */
  readonly service?: IHttpBackend;
  /**
   * Name of a Service. Set this or `service`.
   * @default not set
   */
  readonly serviceName?: string;
  /**
   * Namespace of `serviceName`; another namespace than the route's gets a ReferenceGrant there.
   * @default the route's namespace
   */
  readonly namespace?: string;
  /**
   * Port of the Service (its `port`, not the container's); required with `serviceName`.
   * @default the service's port, with `service`
   */
  readonly port?: number;
  /**
   * Share of the traffic, relative to the other backends of the rule (0 to 1000000), e.g. 90 and 10 for a canary.
   * @default 1
   */
  readonly weight?: number;
}

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

/** One rule: conditions, what happens to matching requests, and where they go. */
export interface RouteRule {
  /**
   * Name of the rule, unique in the route (policies and status can refer to it).
   * @default none
   */
  readonly name?: string;
  /**
   * Conditions; a request matching any of them (at most 64) takes this rule.
   * @default every request (path prefix "/")
   */
  readonly matches?: RouteMatch[];
  /**
   * Services that receive the requests (at most 16), weighted; required unless the rule redirects.
   * @default none
   */
  readonly backends?: RouteBackend[];
  /**
   * Answers with a redirect instead of forwarding (no backends then).
   * @default none
   */
  readonly redirect?: RequestRedirect;
  /**
   * Rewrites host or path before forwarding (not with `redirect`).
   * @default none
   */
  readonly rewrite?: UrlRewrite;
  /**
   * Changes the request headers before forwarding.
   * @default none
   */
  readonly requestHeaders?: HeaderModifier;
  /**
   * Changes the response headers.
   * @default none
   */
  readonly responseHeaders?: HeaderModifier;
}

/** Props of a {@link GatewayHttpRoute}. */
export interface GatewayHttpRouteProps extends NamespacedResourceProps {
  /** The Gateways (and listeners) the route attaches to. */
  readonly parents: RouteParent[];
  /**
   * Host names the route serves (at most 16); a leading "*." matches every subdomain.
   * @default every host name of the listeners
   */
  readonly hostnames?: string[];
  /** The rules, 1 to 16 (at most 128 matches in all). */
  readonly rules: RouteRule[];
  /**
   * Extra annotations of the HTTPRoute.
   * @default none
   */
  readonly annotations?: Record<string, string>;
  /**
   * Creates the ReferenceGrants that let the route reach Services in other namespaces (in those namespaces).
   * @default true
   */
  readonly referenceGrants?: boolean;
}

const PROPS = propNames<GatewayHttpRouteProps>()({
  name: true, namespace: true, labels: true, parents: true, hostnames: true, rules: true, annotations: true, referenceGrants: true,
});
const PARENT_PROPS = propNames<RouteParentRef>()({ gateway: true, listener: true });
const RULE_PROPS = propNames<RouteRule>()({
  name: true, matches: true, backends: true, redirect: true, rewrite: true, requestHeaders: true, responseHeaders: true,
});
const MATCH_PROPS = propNames<RouteMatch>()({ path: true, pathType: true, headers: true, queryParams: true, method: true });
const VALUE_MATCH_PROPS = propNames<RouteValueMatch>()({ name: true, value: true, type: true });
const BACKEND_PROPS = propNames<RouteBackend>()({ service: true, serviceName: true, namespace: true, port: true, weight: true });
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

interface ResolvedParent {
  readonly gateway: IGateway;
  readonly sectionName?: string;
}

interface ResolvedBackend {
  readonly name: string;
  readonly namespace: string;
  readonly port: number;
  readonly weight?: number;
}

/**
 * A Gateway API `gateway.networking.k8s.io/v1` HTTPRoute: host names and rules (path, header, query and method
 * matches; redirects, URL rewrites and header changes; weighted Services as backends) attached to Gateways.
 * Refused at construction: listeners that do not exist or whose hostname no route hostname matches, namespaces the
 * listener does not admit, redirects together with backends or rewrites, a prefix replacement without exactly one
 * PathPrefix match, invalid paths and weights, and more than the schema's limits. Services in other namespaces get
 * a ReferenceGrant there.
 */
export class GatewayHttpRoute extends NamespacedResource {
  /** The Gateways the route attaches to. */
  public readonly gateways: readonly IGateway[];
  private readonly parentRefs: readonly ResolvedParent[];

  public constructor(scope: Construct, id: string, props: GatewayHttpRouteProps) {
    super(scope, id, props, { props: PROPS });
    const v = this.validator;
    const hostnames = validateHostnames(v, props?.hostnames);
    const rules = Array.isArray(props?.rules) ? props.rules : [];
    v.check(Array.isArray(props?.rules) && rules.length >= 1 && rules.length <= 16, 'rules', counted(props?.rules, 'rules'),
      '1 to 16 rules, e.g. [{ backends: [{ service: web }] }]');
    const backends = rules.map((r, i) => this.validateRule(v, `rules[${i}]`, r));
    const matchCount = rules.reduce((n, r) => n + (Array.isArray(r?.matches) ? r.matches.length : 1), 0);
    v.check(matchCount <= 128, 'rules', `${matchCount} matches`, 'at most 128 matches in all rules (the HTTPRoute schema\'s limit)');
    rules.forEach((r, i) => v.check(r?.name === undefined || rules.findIndex((o) => o?.name === r.name) === i, `rules[${i}].name`, r?.name,
      'a rule name that no other rule of the route has'));
    v.check(props?.annotations === undefined || (props.annotations !== null && typeof props.annotations === 'object'), 'annotations', props?.annotations, 'an object of annotations');
    v.map('annotations', props?.annotations ?? undefined, ANNOTATION_KEY);
    v.check(props?.referenceGrants === undefined || typeof props.referenceGrants === 'boolean', 'referenceGrants', props?.referenceGrants, 'true or false');
    this.parentRefs = this.resolveParents(v, props?.parents, hostnames);
    v.throwIfInvalid();
    this.gateways = [...new Set(this.parentRefs.map((p) => p.gateway))];

    const redirectsToHttps = rules.some((r) => r.redirect?.scheme === 'https');
    for (const p of this.parentRefs) {
      if (p.gateway instanceof Gateway && p.sectionName !== undefined) {
        p.gateway._attach({ path: this.node.path, namespace: this.namespace, listener: p.sectionName, redirectsToHttps });
      }
    }

    new ApiObject(this, RESOURCE_ID, {
      apiVersion: `${GATEWAY_API_GROUP}/v1`,
      kind: 'HTTPRoute',
      metadata: {
        name: this.name,
        namespace: this.namespace,
        labels: props.labels,
        annotations: props.annotations && Object.keys(props.annotations).length > 0 ? { ...props.annotations } : undefined,
      },
      spec: {
        parentRefs: this.parentRefs.map((p) => ({
          name: p.gateway.name,
          namespace: p.gateway.namespace !== this.namespace ? p.gateway.namespace : undefined,
          sectionName: p.sectionName,
        })),
        hostnames: hostnames.length > 0 ? hostnames : undefined,
        rules: rules.map((r, i) => renderRule(r, backends[i], this.namespace)),
      },
    });

    if (props.referenceGrants !== false) {
      this.addGrants(backends.flat(), props.labels);
    }
  }

  private resolveParents(v: PropsValidator, parents: unknown, hostnames: readonly string[]): ResolvedParent[] {
    if (!v.check(Array.isArray(parents) && parents.length > 0, 'parents', parents,
      'at least one Gateway, e.g. [gateway] or [{ gateway, listener: "https" }]')) {
      return [];
    }
    const resolved: ResolvedParent[] = [];
    (parents as unknown[]).forEach((p, i) => {
      const field = `parents[${i}]`;
      const isRef = p !== null && typeof p === 'object' && 'gateway' in p;
      if (isRef && !v.knownProps(field, p, PARENT_PROPS)) {
        return;
      }
      const gateway = (isRef ? (p as RouteParentRef).gateway : p) as IGateway;
      const listener = isRef ? (p as RouteParentRef).listener : undefined;
      if (!v.check(isGateway(gateway), isRef ? `${field}.gateway` : field, gateway,
        'a Gateway of this app, or Gateway.existing("name", { namespace, controller })')) {
        return;
      }
      if (listener !== undefined && !v.format(`${field}.listener`, listener, SUBDOMAIN)) {
        return;
      }
      if (!(gateway instanceof Gateway)) {
        resolved.push({ gateway, sectionName: listener });
        return;
      }
      const listeners = gateway._listeners;
      const takesRoutes = (l: ResolvedListener) => l.protocol === 'HTTPS' || l.protocol === 'HTTP';
      const matches = (l: ResolvedListener) => hostnames.length === 0 || hostnames.some((h) => hostnamesIntersect(l.hostname, h));
      if (listener !== undefined) {
        const l = listeners.find((x) => x.name === listener);
        const names = listeners.filter(takesRoutes).map((x) => x.name).join(', ');
        if (!v.check(l !== undefined && takesRoutes(l), `${field}.listener`, listener,
          `a listener of Gateway "${gateway.name}" that takes HTTPRoutes (protocol HTTP or HTTPS): ${names || 'none'}`)) {
          return;
        }
        v.check(matches(l!), 'hostnames', hostnames,
          `a host name that matches listener "${l!.name}" of Gateway "${gateway.name}" (${l!.hostname})`);
        v.check(gateway._admits(l!, this.namespace), `${field}.listener`, listener,
          `a listener that admits routes from namespace "${this.namespace}" (its allowedRoutes is ${JSON.stringify(l!.allowedRoutes)}; add "${this.namespace}")`);
        resolved.push({ gateway, sectionName: listener });
        return;
      }
      const eligible = listeners.filter((l) => l.protocol === 'HTTPS' || (l.protocol === 'HTTP' && l.plainHttp !== undefined));
      const chosen = eligible.filter((l) => matches(l) && gateway._admits(l, this.namespace));
      if (!v.check(chosen.length > 0, field, gateway.name, eligible.length === 0
        ? `a Gateway with an HTTPS listener (or an HTTP listener with plainHttp), or name the listener: { gateway, listener: "..." }; "${gateway.name}" has ${listeners.map((l) => `${l.name} (${l.protocol})`).join(', ')}`
        : `a Gateway with an HTTPS listener that matches the route's host names ${JSON.stringify(hostnames)} and admits namespace "${this.namespace}": `
          + eligible.map((l) => `${l.name} (${l.hostname ?? 'any host'}, allowedRoutes ${JSON.stringify(l.allowedRoutes ?? 'auto')})`).join(', '))) {
        return;
      }
      chosen.forEach((l) => resolved.push({ gateway, sectionName: l.name }));
    });
    v.check(resolved.length <= 32, 'parents', `${resolved.length} parent references`, 'at most 32 parent references (a Gateway of this app counts once per listener)');
    const key = (p: ResolvedParent) => `${p.gateway.namespace}/${p.gateway.name}`;
    resolved.forEach((p, i) => {
      const same = resolved.filter((o) => key(o) === key(p));
      v.check(same.filter((o) => o.sectionName === p.sectionName).length === 1, 'parents', `${key(p)}${p.sectionName ? ` listener ${p.sectionName}` : ''}`,
        'each Gateway and listener named once');
      v.check(same.length === 1 || p.sectionName !== undefined, `parents[${i}]`, key(p),
        'a listener for every reference to a Gateway that the route names more than once');
    });
    return resolved;
  }

  /** Validates one rule; returns its backends, resolved. */
  private validateRule(v: PropsValidator, field: string, r: RouteRule): ResolvedBackend[] {
    if (!v.check(r !== null && typeof r === 'object' && !Array.isArray(r), field, r, 'a rule: { matches?, backends?, redirect?, rewrite?, requestHeaders?, responseHeaders? }')
      || !v.knownProps(field, r, RULE_PROPS)) {
      return [];
    }
    v.format(`${field}.name`, r.name, SUBDOMAIN);
    const matches: unknown = r.matches;
    if (matches !== undefined && v.check(Array.isArray(matches) && matches.length >= 1 && matches.length <= 64, `${field}.matches`, counted(matches, 'matches'),
      '1 to 64 matches (leave matches out to match every request)')) {
      (matches as RouteMatch[]).forEach((m, j) => validateMatch(v, `${field}.matches[${j}]`, m));
    }
    const backends = this.validateBackends(v, `${field}.backends`, r.backends);
    const hasBackends = Array.isArray(r.backends) && r.backends.length > 0;
    if (r.redirect !== undefined) {
      validateRedirect(v, `${field}.redirect`, r.redirect);
      v.check(!hasBackends, `${field}.backends`, counted(r.backends, 'backends'), 'no backends in a rule that redirects (the redirect answers the request)');
      v.check(r.rewrite === undefined, `${field}.rewrite`, r.rewrite, 'either redirect or rewrite in a rule, not both');
    } else {
      v.check(hasBackends, `${field}.backends`, r.backends, 'at least one backend, e.g. [{ service: web }] (or a redirect)');
    }
    if (r.rewrite !== undefined) {
      validateRewrite(v, `${field}.rewrite`, r.rewrite);
    }
    validateModifier(v, `${field}.requestHeaders`, r.requestHeaders);
    validateModifier(v, `${field}.responseHeaders`, r.responseHeaders);
    for (const [what, filter] of [['redirect', r.redirect], ['rewrite', r.rewrite]] as const) {
      if (filter?.replacePrefixMatch !== undefined) {
        const list = Array.isArray(matches) ? matches as RouteMatch[] : [{}];
        v.check(list.length === 1 && (list[0]?.pathType ?? 'PathPrefix') === 'PathPrefix', `${field}.${what}.replacePrefixMatch`, filter.replacePrefixMatch,
          'a rule with exactly one match whose pathType is "PathPrefix" (the prefix it replaces)');
      }
    }
    return backends;
  }

  private validateBackends(v: PropsValidator, field: string, backends: unknown): ResolvedBackend[] {
    if (backends === undefined) {
      return [];
    }
    if (!v.check(Array.isArray(backends) && backends.length <= 16, field, counted(backends, 'backends'), 'a list of at most 16 backends')) {
      return [];
    }
    const resolved: ResolvedBackend[] = [];
    (backends as RouteBackend[]).forEach((b, k) => {
      const f = `${field}[${k}]`;
      if (!v.check(b !== null && typeof b === 'object', f, b, 'a backend: { service, weight? } or { serviceName, port, namespace?, weight? }') || !v.knownProps(f, b, BACKEND_PROPS)) {
        return;
      }
      v.integer(`${f}.weight`, b.weight, 0, 1000000);
      if (!v.check((b.service === undefined) !== (b.serviceName === undefined), f, b, 'exactly one of service (a construct such as a WebService) or serviceName')) {
        return;
      }
      if (b.service !== undefined) {
        const s = b.service as Partial<IHttpBackend> | null;
        if (!v.check(s !== null && typeof s === 'object' && typeof s.name === 'string' && typeof s.namespace === 'string' && typeof s.servicePort === 'number',
          `${f}.service`, s, 'a construct with a Service, e.g. a WebService (or use serviceName and port)')) {
          return;
        }
        v.check(b.namespace === undefined, `${f}.namespace`, b.namespace, 'no namespace with service (the construct has its own)');
        v.check(b.port === undefined || b.port === s!.servicePort, `${f}.port`, b.port, `${s!.servicePort}, the port of Service "${s!.name}" (or leave it out)`);
        resolved.push({ name: s!.name!, namespace: s!.namespace!, port: s!.servicePort!, weight: b.weight });
        return;
      }
      const nameOk = v.format(`${f}.serviceName`, b.serviceName, DNS_1035_LABEL, true);
      const nsOk = v.format(`${f}.namespace`, b.namespace, DNS_LABEL);
      const portOk = v.format(`${f}.port`, b.port, PORT_NUMBER, true);
      if (nameOk && nsOk && portOk) {
        resolved.push({ name: b.serviceName!, namespace: b.namespace ?? this.namespace, port: b.port!, weight: b.weight });
      }
    });
    return resolved;
  }

  /** One ReferenceGrant per other namespace whose Services the route sends traffic to. */
  private addGrants(backends: readonly ResolvedBackend[], labels: Record<string, string> | undefined): void {
    const byNamespace = new Map<string, Set<string>>();
    for (const b of backends.filter((x) => x.namespace !== this.namespace)) {
      byNamespace.set(b.namespace, (byNamespace.get(b.namespace) ?? new Set()).add(b.name));
    }
    for (const [namespace, names] of [...byNamespace].sort(([a], [b]) => a.localeCompare(b))) {
      new ReferenceGrant(this, `grant-${namespace}`, {
        name: boundedName(`httproute-${this.namespace}-${this.name}`),
        namespace,
        labels,
        from: [{ kind: 'HTTPRoute', namespace: this.namespace }],
        to: [...names].sort().map((name) => ({ kind: 'Service', name })),
      });
    }
  }
}

/** A list as error messages show it: the list itself when short, else its length ("17 rules"). */
function counted(value: unknown, noun: string): unknown {
  return Array.isArray(value) && value.length > 3 ? `${value.length} ${noun}` : value;
}

function isGateway(x: unknown): x is IGateway {
  const g = x as Partial<IGateway> | null;
  return g !== null && typeof g === 'object' && typeof g.name === 'string' && typeof g.namespace === 'string' && g.controller instanceof GatewayController;
}

function validateHostnames(v: PropsValidator, hostnames: unknown): string[] {
  if (hostnames === undefined) {
    return [];
  }
  if (!v.check(Array.isArray(hostnames) && hostnames.length > 0 && hostnames.length <= 16, 'hostnames', counted(hostnames, 'host names'),
    '1 to 16 host names such as ["shop.example.com"] (leave hostnames out to serve every host of the listeners)')) {
    return [];
  }
  const list = hostnames as string[];
  const valid = list.filter((h, i) => v.format(`hostnames[${i}]`, h, INGRESS_HOST, true)
    && v.check(h.length <= 253, `hostnames[${i}]`, h, 'a host name of at most 253 characters'));
  v.unique('hostnames', list, (h) => String(h), 'a host name');
  return valid;
}

function validateMatch(v: PropsValidator, field: string, m: RouteMatch): void {
  if (!v.check(m !== null && typeof m === 'object' && !Array.isArray(m), field, m, 'a match: { path?, pathType?, headers?, queryParams?, method? }')
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

function validateRedirect(v: PropsValidator, field: string, r: RequestRedirect): void {
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

function validateRewrite(v: PropsValidator, field: string, r: UrlRewrite): void {
  if (!v.check(r !== null && typeof r === 'object', field, r, 'a rewrite: { hostname?, replaceFullPath?, replacePrefixMatch? }')
    || !v.knownProps(field, r, REWRITE_PROPS)) {
    return;
  }
  v.format(`${field}.hostname`, r.hostname, SUBDOMAIN);
  validateReplacement(v, field, r);
  v.check([r.hostname, r.replaceFullPath, r.replacePrefixMatch].some((x) => x !== undefined), field, r,
    'a rewrite of hostname, replaceFullPath or replacePrefixMatch');
}

function validateReplacement(v: PropsValidator, field: string, r: { replaceFullPath?: string; replacePrefixMatch?: string }): void {
  v.format(`${field}.replaceFullPath`, r.replaceFullPath, REPLACEMENT_PATH);
  v.format(`${field}.replacePrefixMatch`, r.replacePrefixMatch, REPLACEMENT_PATH);
  v.check(r.replaceFullPath === undefined || r.replacePrefixMatch === undefined, `${field}.replacePrefixMatch`, r.replacePrefixMatch,
    'either replaceFullPath or replacePrefixMatch, not both');
}

function validateModifier(v: PropsValidator, field: string, m: HeaderModifier | undefined): void {
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
    if (!v.check(map !== null && typeof map === 'object' && !Array.isArray(map), `${field}.${part}`, map, 'an object of header names and values')) {
      continue;
    }
    const entries = Object.entries(map as Record<string, string>);
    v.check(entries.length >= 1 && entries.length <= 16, `${field}.${part}`, map, '1 to 16 headers');
    for (const [name, value] of entries) {
      v.format(`${field}.${part} key`, name, HEADER_NAME);
      v.format(`${field}.${part}["${name}"]`, value, HEADER_VALUE);
    }
    v.unique(`${field}.${part}`, entries.map(([name]) => name), (n) => n.toLowerCase(), 'a header name (names are case-insensitive)');
  }
  if (m.remove !== undefined && v.check(Array.isArray(m.remove) && m.remove.length >= 1 && m.remove.length <= 16, `${field}.remove`, m.remove, '1 to 16 header names')) {
    m.remove.forEach((name, i) => v.format(`${field}.remove[${i}]`, name, HEADER_NAME, true));
    v.unique(`${field}.remove`, m.remove, (n) => String(n).toLowerCase(), 'a header name');
  }
  v.check(m.set !== undefined || m.add !== undefined || m.remove !== undefined, field, m, 'at least one of set, add or remove');
}

function renderValueMatches(list: readonly RouteValueMatch[] | undefined): object[] | undefined {
  return list?.map((h) => ({ name: h.name, value: h.value, type: h.type }));
}

function renderModifier(m: HeaderModifier): object {
  const pairs = (map: Record<string, string> | undefined) => (map ? Object.entries(map).map(([name, value]) => ({ name, value })) : undefined);
  return { set: pairs(m.set), add: pairs(m.add), remove: m.remove ? [...m.remove] : undefined };
}

function renderPathModifier(r: { replaceFullPath?: string; replacePrefixMatch?: string }): object | undefined {
  if (r.replaceFullPath !== undefined) {
    return { type: 'ReplaceFullPath', replaceFullPath: r.replaceFullPath };
  }
  return r.replacePrefixMatch !== undefined ? { type: 'ReplacePrefixMatch', replacePrefixMatch: r.replacePrefixMatch } : undefined;
}

function renderRule(r: RouteRule, backends: readonly ResolvedBackend[], routeNamespace: string): object {
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
  const matches = r.matches ?? [{}];
  return {
    name: r.name,
    matches: matches.map((m) => ({
      path: { type: m.pathType ?? 'PathPrefix', value: m.path ?? '/' },
      headers: renderValueMatches(m.headers),
      queryParams: renderValueMatches(m.queryParams),
      method: m.method,
    })),
    filters: filters.length > 0 ? filters : undefined,
    backendRefs: backends.length > 0 ? backends.map((b) => ({
      name: b.name,
      namespace: b.namespace !== routeNamespace ? b.namespace : undefined,
      port: b.port,
      weight: b.weight,
    })) : undefined,
  };
}
