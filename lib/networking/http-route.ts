import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { ANNOTATION_KEY, DNS_LABEL, INGRESS_HOST, OBJECT_NAME, SUBDOMAIN } from '../core/formats';
import { boundedName } from '../core/names';
import { NamespacedResource, NamespacedResourceProps, RESOURCE_ID, propNames, resourceMetadata } from '../core/resource';
import { PropsValidator, isObject, reportUnder } from '../core/validator';
import { GatewayController, hostnamesIntersect } from './gateway-controller';
import { GATEWAY_API_GROUP, Gateway, IGateway, ResolvedListener } from './gateway';
import { ReferenceGrant } from './reference-grant';
import { ResolvedBackend, RouteBackend, validateBackends } from './route-backends';
import {
  HeaderModifier, RequestRedirect, RouteMatch, UrlRewrite, counted, renderFilters, renderMatch, validateMatch, validateModifier, validateRedirect,
  validateRewrite,
} from './route-rules';

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

export type { IHttpBackend, RouteBackend } from './route-backends';

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
interface ResolvedParent {
  readonly gateway: IGateway;
  readonly sectionName?: string;
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
      metadata: resourceMetadata(this, props.labels, props.annotations),
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
      const isRef = p !== null && typeof p === 'object' && Object.prototype.hasOwnProperty.call(p, 'gateway');
      if (isRef && !v.knownProps(field, p, PARENT_PROPS)) {
        return;
      }
      const gateway = (isRef ? (p as RouteParentRef).gateway : p) as IGateway;
      const listener = isRef ? (p as RouteParentRef).listener : undefined;
      if (!v.check(isGateway(gateway), isRef ? `${field}.gateway` : field, gateway,
        'a Gateway of this app, or Gateway.existing("name", { namespace, controller })')) {
        return;
      }
      // A Gateway described by hand (not Gateway.existing) may carry any name: the parentRef takes object names only.
      if (!v.format(`${isRef ? `${field}.gateway` : field}.name`, gateway.name, OBJECT_NAME, true)
        || !v.format(`${isRef ? `${field}.gateway` : field}.namespace`, gateway.namespace, DNS_LABEL, true)) {
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
    if (!v.check(isObject(r), field, r, 'a rule: { matches?, backends?, redirect?, rewrite?, requestHeaders?, responseHeaders? }')
      || !v.knownProps(field, r, RULE_PROPS)) {
      return [];
    }
    v.format(`${field}.name`, r.name, SUBDOMAIN);
    const matches: unknown = r.matches;
    if (matches !== undefined && v.check(Array.isArray(matches) && matches.length >= 1 && matches.length <= 64, `${field}.matches`, counted(matches, 'matches'),
      '1 to 64 matches (leave matches out to match every request)')) {
      (matches as RouteMatch[]).forEach((m, j) => validateMatch(v, `${field}.matches[${j}]`, m));
    }
    const backends = validateBackends(v, `${field}.backends`, r.backends, this.namespace);
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

  /** One ReferenceGrant per other namespace whose Services the route sends traffic to. */
  private addGrants(backends: readonly ResolvedBackend[], labels: Record<string, string> | undefined): void {
    const byNamespace = new Map<string, Set<string>>();
    for (const b of backends.filter((x) => x.namespace !== this.namespace)) {
      byNamespace.set(b.namespace, (byNamespace.get(b.namespace) ?? new Set()).add(b.name));
    }
    for (const [namespace, names] of [...byNamespace].sort(([a], [b]) => a.localeCompare(b))) {
      // Built from the backends in other namespaces: a problem is that of the backends' namespace.
      reportUnder(this, `grant-${namespace}`, (f) => (f.startsWith('labels') ? f : `rules (backends in namespace "${namespace}": ${f})`),
        () => new ReferenceGrant(this, `grant-${namespace}`, {
          name: boundedName(`httproute-${this.namespace}-${this.name}`),
          namespace,
          labels,
          from: [{ kind: 'HTTPRoute', namespace: this.namespace }],
          to: [...names].sort().map((name) => ({ kind: 'Service', name })),
        }));
    }
  }
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

/** A rule as the HTTPRoute writes it: its matches (every request when it has none), filters and backends. */
function renderRule(r: RouteRule, backends: readonly ResolvedBackend[], routeNamespace: string): object {
  const filters = renderFilters(r);
  return {
    name: r.name,
    matches: (r.matches ?? [{}]).map(renderMatch),
    filters: filters.length > 0 ? filters : undefined,
    backendRefs: backends.length > 0 ? backends.map((b) => ({
      name: b.name,
      namespace: b.namespace !== routeNamespace ? b.namespace : undefined,
      port: b.port,
      weight: b.weight,
    })) : undefined,
  };
}
