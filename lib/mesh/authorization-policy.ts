import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { CIDR, DNS_LABEL, IP_ADDRESS, LABEL_KEY, LABEL_VALUE, SUBDOMAIN } from '../core/formats';
import { NamespacedResource, RESOURCE_ID, propNames } from '../core/resource';
import { PropsValidator, isObject } from '../core/validator';
import { listAt, objectAt, oneOf, stringMapAt } from './mesh-validation';

/** Who sends a request. Lists are alternatives; set fields must all match. */
export interface RequestSource {
  /**
   * Workload identities, e.g. "cluster.local/ns/shop/sa/frontend" (see {@link serviceAccountPrincipal}).
   * @default any
   */
  readonly principals?: string[];
  /**
   * Source namespaces.
   * @default any
   */
  readonly namespaces?: string[];
  /**
   * Source IP addresses or CIDR blocks of the connection (the peer, e.g. the ingress gateway), e.g. "10.0.0.0/16".
   * @default any
   */
  readonly ipBlocks?: string[];
  /**
   * Original client IP addresses or CIDR blocks, as the gateway learnt them from X-Forwarded-For or the PROXY protocol.
   * @default any
   */
  readonly remoteIpBlocks?: string[];
}

/** What the request does. */
export interface RequestOperation {
  /** HTTP methods in capitals, e.g. "GET" (matching is case-sensitive). @default any method */
  readonly methods?: string[];
  /** Paths, with "*" as prefix or suffix wildcard, or "{*}" / "{**}" path templates. @default any path */
  readonly paths?: string[];
  /** Destination ports, as strings. @default any port */
  readonly ports?: string[];
}

/** One rule: requests from any of `from`, doing any of `to`. */
export interface AuthorizationRule {
  /** @default any source */
  readonly from?: RequestSource[];
  /** @default any operation */
  readonly to?: RequestOperation[];
}

/** Props of an {@link AuthorizationPolicy}. */
export interface AuthorizationPolicyProps {
  /**
   * Name of the policy.
   * @default the construct id
   */
  readonly name?: string;
  /**
   * Namespace.
   * @default the enclosing SecureNamespace
   */
  readonly namespace?: string;
  /**
   * Labels of the workloads it protects.
   * @default every workload of the namespace
   */
  readonly workloadLabels?: Record<string, string>;
  /**
   * ALLOW (only matching requests are allowed), DENY (matching requests are refused) or AUDIT.
   * @default "ALLOW"
   */
  readonly action?: 'ALLOW' | 'DENY' | 'AUDIT';
  /** The rules; an ALLOW policy with no rules denies everything. */
  readonly rules: AuthorizationRule[];
}

/**
 * The mTLS identity of a ServiceAccount, for {@link RequestSource.principals}. A namespace or ServiceAccount name that
 * Kubernetes would refuse (so no workload could have the identity) is a {@link ValidationError}.
 */
export function serviceAccountPrincipal(namespace: string, serviceAccount: string, trustDomain = 'cluster.local'): string {
  const v = new PropsValidator('');
  v.format('serviceAccountPrincipal(namespace)', namespace, DNS_LABEL, true);
  v.format('serviceAccountPrincipal(serviceAccount)', serviceAccount, SUBDOMAIN, true);
  v.format('serviceAccountPrincipal(trustDomain)', trustDomain, SUBDOMAIN, true);
  v.throwIfInvalid();
  return `${trustDomain}/ns/${namespace}/sa/${serviceAccount}`;
}

const PROPS = propNames<AuthorizationPolicyProps>()({ name: true, namespace: true, workloadLabels: true, action: true, rules: true });
const RULE_PROPS = propNames<AuthorizationRule>()({ from: true, to: true });
const SOURCE_PROPS = propNames<RequestSource>()({ principals: true, namespaces: true, ipBlocks: true, remoteIpBlocks: true });
const OPERATION_PROPS = propNames<RequestOperation>()({ methods: true, paths: true, ports: true });

/** A principal: "*", or "<trust domain>/ns/<namespace>/sa/<service account>", with at most one "*" at its start or end. */
function principal(p: string): boolean {
  const star = p.indexOf('*');
  const wildcardOk = star < 0 || (p.lastIndexOf('*') === star && (star === 0 || star === p.length - 1));
  return p.length <= 1024 && wildcardOk && !/\s/.test(p) && (p === '*' || /^[^/]+\/ns\/[^/]+\/sa\/[^/]+$/.test(p) || (star === p.length - 1 && p.length > 1));
}

/** A namespace match: "*", or a namespace name with an optional "*" at its start or end. */
function namespaceMatch(n: string): boolean {
  return n === '*' || DNS_LABEL.test(n.replace(/^\*/, 'x').replace(/\*$/, 'x'));
}

/**
 * A path Istio matches: "*", or an absolute path with one "*" at its start or end (prefix or suffix match), or a path
 * template whose segments are literals, "{*}" (one segment) and at most one "{**}" at the end (Istio's
 * CheckValidPathTemplate); a "*" inside a path would match only itself.
 */
function pathMatch(p: string): boolean {
  if (p === '*') {
    return true;
  }
  if (p.length > 1024 || /[\s?#]/.test(p)) {
    return false;
  }
  if (p.includes('{') || p.includes('}')) {
    const segments = p.replace(/^\/+|\/+$/g, '').split('/');
    const any = segments.indexOf('{**}');
    return p.startsWith('/') && !p.includes('*}*') && (any < 0 || any === segments.length - 1)
      && segments.every((g) => g === '{*}' || g === '{**}' || /^[-\w.~!$&'()+,;=:@%]+$/.test(g));
  }
  const inner = p.slice(1, -1);
  return (p.startsWith('/') || p.startsWith('*')) && !inner.includes('*');
}

/** Checks a list of strings Istio refuses empty entries in; `ok` checks one value. */
function values(v: PropsValidator, field: string, value: unknown, what: string, ok: (x: string) => boolean, expected: string): void {
  // Istio: "`from`/`to` values must not be empty", "empty value not allowed".
  listAt(v, field, value, what, { min: 1 }).forEach((x, i) => v.check(typeof x === 'string' && x.length > 0 && ok(x), `${field}[${i}]`, x, expected));
}

/**
 * An Istio `security.istio.io/v1` AuthorizationPolicy: which workload identities may call which operations.
 *
 * Refuses what Istio's validation refuses (empty `from`, `to` or sources, IP blocks that are not addresses or CIDR
 * blocks, ports outside 1-65535, malformed path templates, a DENY policy without rules) and matches that can never
 * match: malformed principals, lower-case methods, a "*" inside a path.
 */
export class AuthorizationPolicy extends NamespacedResource {
  public constructor(scope: Construct, id: string, props: AuthorizationPolicyProps) {
    super(scope, id, props, { props: PROPS });
    const v = this.validator;
    if (!isObject(props)) {
      v.throwIfInvalid();
    }
    const p: Partial<AuthorizationPolicyProps> = isObject(props) ? props : {};
    stringMapAt(v, 'workloadLabels', p.workloadLabels, LABEL_KEY, LABEL_VALUE, { min: 1 });
    const action = p.action ?? 'ALLOW';
    oneOf(v, 'action', p.action, ['ALLOW', 'DENY', 'AUDIT']);
    const rules = listAt(v, 'rules', p.rules, 'rules', { required: true });
    // Istio: "DENY action without `rules` is meaningless as it will never be triggered".
    v.check(action !== 'DENY' || !Array.isArray(p.rules) || rules.length > 0, 'rules', p.rules,
      'at least one rule for a DENY policy (an empty rule {} matches every request)');
    rules.forEach((rule, i) => {
      const r = objectAt(v, `rules[${i}]`, rule, 'a rule: { from?, to? }', { required: true, known: RULE_PROPS });
      listAt(v, `rules[${i}].from`, r?.from, 'sources', { min: 1 }).forEach((source, j) => {
        const f = `rules[${i}].from[${j}]`;
        const src = objectAt(v, f, source, 'a source: { principals?, namespaces?, ipBlocks?, remoteIpBlocks? }', { required: true, known: SOURCE_PROPS });
        if (src) {
          v.check(SOURCE_PROPS.some((k) => src[k] !== undefined), f, src, 'a source with principals, namespaces, ipBlocks or remoteIpBlocks (Istio refuses an empty source)');
          values(v, `${f}.principals`, src.principals, 'principals', principal, 'a principal such as "cluster.local/ns/shop/sa/frontend" (a "*" only at its start or end)');
          values(v, `${f}.namespaces`, src.namespaces, 'namespaces', namespaceMatch, 'a namespace name, "*", or a name with "*" at its start or end');
          for (const key of ['ipBlocks', 'remoteIpBlocks'] as const) {
            values(v, `${f}.${key}`, src[key], 'IP addresses or CIDR blocks', (x) => IP_ADDRESS.test(x) || CIDR.test(x),
              'an IP address such as "10.0.0.1" or a CIDR block such as "10.0.0.0/16"');
          }
        }
      });
      listAt(v, `rules[${i}].to`, r?.to, 'operations', { min: 1 }).forEach((operation, j) => {
        const f = `rules[${i}].to[${j}]`;
        const op = objectAt(v, f, operation, 'an operation: { methods?, paths?, ports? }', { required: true, known: OPERATION_PROPS });
        if (op) {
          v.check(OPERATION_PROPS.some((k) => op[k] !== undefined), f, op, 'an operation with methods, paths or ports (Istio refuses an empty operation)');
          values(v, `${f}.methods`, op.methods, 'methods', (m) => m === '*' || /^[A-Z]+(-[A-Z]+)*$/.test(m),
            'an HTTP method in capitals such as "GET" or "POST" (methods match case-sensitively)');
          values(v, `${f}.paths`, op.paths, 'paths', pathMatch,
            'a path such as "/api", "/api/*", "*.html" or "/api/{*}/items/{**}" ("*" only at the start or end; "{**}" only last)');
          values(v, `${f}.ports`, op.ports, 'ports', (x) => /^[1-9]\d{0,4}$/.test(x) && Number(x) <= 65535, 'a port number as a string, "1" to "65535"');
        }
      });
    });
    v.throwIfInvalid();

    new ApiObject(this, RESOURCE_ID, {
      apiVersion: 'security.istio.io/v1',
      kind: 'AuthorizationPolicy',
      metadata: { name: this.name, namespace: this.namespace },
      spec: {
        selector: p.workloadLabels ? { matchLabels: { ...p.workloadLabels } } : undefined,
        action,
        rules: (rules as AuthorizationRule[]).map((r) => ({
          from: r.from?.map((source) => ({
            source: { principals: source.principals, namespaces: source.namespaces, ipBlocks: source.ipBlocks, remoteIpBlocks: source.remoteIpBlocks },
          })),
          to: r.to?.map((operation) => ({ operation: { methods: operation.methods, paths: operation.paths, ports: operation.ports } })),
        })),
      },
    });
  }
}
