import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { LABEL_KEY, LABEL_VALUE } from '../core/formats';
import { NamespacedResource, RESOURCE_ID, propNames } from '../core/resource';

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
   * Source IP blocks.
   * @default any
   */
  readonly ipBlocks?: string[];
}

/** What the request does. */
export interface RequestOperation {
  /** @default any method */
  readonly methods?: string[];
  /** Paths, with "*" as prefix or suffix wildcard. @default any path */
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

/** The mTLS identity of a ServiceAccount, for {@link RequestSource.principals}. */
export function serviceAccountPrincipal(namespace: string, serviceAccount: string, trustDomain = 'cluster.local'): string {
  return `${trustDomain}/ns/${namespace}/sa/${serviceAccount}`;
}

const PROPS = propNames<AuthorizationPolicyProps>()({ name: true, namespace: true, workloadLabels: true, action: true, rules: true });
const RULE_PROPS = propNames<AuthorizationRule>()({ from: true, to: true });
const SOURCE_PROPS = propNames<RequestSource>()({ principals: true, namespaces: true, ipBlocks: true });
const OPERATION_PROPS = propNames<RequestOperation>()({ methods: true, paths: true, ports: true });

/** An Istio `security.istio.io/v1` AuthorizationPolicy: which workload identities may call which operations. */
export class AuthorizationPolicy extends NamespacedResource {
  public constructor(scope: Construct, id: string, props: AuthorizationPolicyProps) {
    super(scope, id, props, { props: PROPS });
    const v = this.validator;
    v.map('workloadLabels', props.workloadLabels, LABEL_KEY, LABEL_VALUE);
    v.check(['ALLOW', 'DENY', 'AUDIT'].includes(props.action ?? 'ALLOW'), 'action', props.action, 'ALLOW, DENY or AUDIT');
    props.rules.forEach((r, i) => {
      v.knownProps(`rules[${i}]`, r, RULE_PROPS);
      (r.from ?? []).forEach((f, j) => {
        v.knownProps(`rules[${i}].from[${j}]`, f, SOURCE_PROPS);
        (f.principals ?? []).forEach((p, k) => v.check(/^[^/]+\/ns\/[^/]+\/sa\/[^/]+$|^\*$|^[^/]*\*$/.test(p),
          `rules[${i}].from[${j}].principals[${k}]`, p, 'a principal such as "cluster.local/ns/shop/sa/frontend"'));
      });
      (r.to ?? []).forEach((t, j) => {
        v.knownProps(`rules[${i}].to[${j}]`, t, OPERATION_PROPS);
        (t.ports ?? []).forEach((p, k) => v.check(/^\d{1,5}$/.test(p), `rules[${i}].to[${j}].ports[${k}]`, p, 'a port number as a string'));
      });
    });
    v.throwIfInvalid();

    new ApiObject(this, RESOURCE_ID, {
      apiVersion: 'security.istio.io/v1',
      kind: 'AuthorizationPolicy',
      metadata: { name: this.name, namespace: this.namespace },
      spec: {
        selector: props.workloadLabels ? { matchLabels: { ...props.workloadLabels } } : undefined,
        action: props.action ?? 'ALLOW',
        rules: props.rules.map((r) => ({
          from: r.from?.map((source) => ({ source: { ...source } })),
          to: r.to?.map((operation) => ({ operation: { ...operation } })),
        })),
      },
    });
  }
}
