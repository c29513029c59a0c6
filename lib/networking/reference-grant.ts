import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { REFERENCE_GRANT_REASON_ANNOTATION } from '../core/annotations';
import { API_GROUP, DNS_LABEL, KIND, OBJECT_NAME } from '../core/formats';
import { NamespacedResource, NamespacedResourceProps, RESOURCE_ID, propNames } from '../core/resource';
import { AcceptedRisk } from '../core/risk';

/** Kinds of the Gateway API that make references across namespaces (group gateway.networking.k8s.io). */
const GATEWAY_API_KINDS: readonly string[] = ['Gateway', 'HTTPRoute', 'GRPCRoute', 'TLSRoute', 'TCPRoute', 'UDPRoute', 'BackendTLSPolicy'];
/** Core kinds that are referred to across namespaces (group ""). */
const CORE_KINDS: readonly string[] = ['Service', 'Secret', 'ConfigMap'];


/** The objects that may refer: every object of a kind in a namespace. */
export interface ReferenceGrantFrom {
  /** Kind of the referring objects, e.g. "HTTPRoute" or "Gateway". */
  readonly kind: string;
  /** Namespace of the referring objects (another than the grant's). */
  readonly namespace: string;
  /**
   * API group of the kind.
   * @default "gateway.networking.k8s.io" for Gateway API kinds; required for others
   */
  readonly group?: string;
}

/** The objects of the grant's namespace that may be referred to. */
export interface ReferenceGrantTo {
  /** Kind, e.g. "Service" or "Secret". */
  readonly kind: string;
  /**
   * Name of the one object that may be referred to. Leaving it out grants every object of the kind, which takes
   * `anyName: { reason }` on the grant.
   * @default every object of the kind (with `anyName`)
   */
  readonly name?: string;
  /**
   * API group of the kind.
   * @default "" (core) for Service, Secret and ConfigMap; "gateway.networking.k8s.io" for Gateway API kinds; required for others
   */
  readonly group?: string;
}

/** Props of a {@link ReferenceGrant}. */
export interface ReferenceGrantProps extends NamespacedResourceProps {
  /** Who may refer (1 to 16 entries). */
  readonly from: ReferenceGrantFrom[];
  /** What may be referred to, in the grant's namespace (1 to 16 entries). */
  readonly to: ReferenceGrantTo[];
  /**
   * Lets entries of `to` leave out the name, granting every object of their kind, with the reason (recorded as
   * `keelson.dev/reference-grant-reason`).
   * @default every entry of `to` names one object
   */
  readonly anyName?: AcceptedRisk;
}

const PROPS = propNames<ReferenceGrantProps>()({ name: true, namespace: true, labels: true, from: true, to: true, anyName: true });
const FROM_PROPS = propNames<ReferenceGrantFrom>()({ kind: true, namespace: true, group: true });
const TO_PROPS = propNames<ReferenceGrantTo>()({ kind: true, name: true, group: true });

/** The group of a kind that the grant can infer, or undefined. */
function defaultGroup(kind: unknown): string | undefined {
  if (typeof kind !== 'string') {
    return undefined;
  }
  return GATEWAY_API_KINDS.includes(kind) ? 'gateway.networking.k8s.io' : CORE_KINDS.includes(kind) ? '' : undefined;
}

/**
 * A Gateway API `gateway.networking.k8s.io/v1beta1` ReferenceGrant: lets objects of a kind in another namespace (routes,
 * Gateways) refer to objects in this one (Services, certificate Secrets). Routes and Gateways of this library create the
 * grants they need; use this for references made from outside the app.
 */
export class ReferenceGrant extends NamespacedResource {
  public constructor(scope: Construct, id: string, props: ReferenceGrantProps) {
    super(scope, id, props, { props: PROPS });
    const v = this.validator;
    const from: unknown = props?.from;
    const to: unknown = props?.to;
    const counted = (x: unknown, noun: string) => (Array.isArray(x) && x.length > 3 ? `${x.length} ${noun}` : x);
    if (v.check(Array.isArray(from) && from.length > 0 && from.length <= 16, 'from', counted(from, 'entries'),
      '1 to 16 referring kinds and namespaces, e.g. [{ kind: "HTTPRoute", namespace: "shop" }]')) {
      (from as ReferenceGrantFrom[]).forEach((f, i) => {
        const field = `from[${i}]`;
        if (!v.check(f !== null && typeof f === 'object', field, f, '{ kind, namespace, group? }') || !v.knownProps(field, f, FROM_PROPS)) {
          return;
        }
        v.format(`${field}.kind`, f.kind, KIND, true);
        v.format(`${field}.namespace`, f.namespace, DNS_LABEL, true);
        v.check(f.namespace !== this.namespace, `${field}.namespace`, f.namespace,
          `a namespace other than "${this.namespace}" (references within a namespace need no grant)`);
        v.check(f.group !== undefined || defaultGroup(f.kind) !== undefined, `${field}.group`, f.group,
          `the API group of kind "${f.kind}" (only Gateway API kinds have a default)`);
        v.format(`${field}.group`, f.group, API_GROUP);
      });
    }
    if (v.check(Array.isArray(to) && to.length > 0 && to.length <= 16, 'to', counted(to, 'entries'), '1 to 16 kinds (and names) that may be referred to, e.g. [{ kind: "Service", name: "web" }]')) {
      (to as ReferenceGrantTo[]).forEach((t, i) => {
        const field = `to[${i}]`;
        if (!v.check(t !== null && typeof t === 'object', field, t, '{ kind, name?, group? }') || !v.knownProps(field, t, TO_PROPS)) {
          return;
        }
        v.format(`${field}.kind`, t.kind, KIND, true);
        v.format(`${field}.name`, t.name, OBJECT_NAME);
        v.check(t.name !== undefined || props.anyName !== undefined, `${field}.name`, t.name,
          'the name of the one object that may be referred to, or anyName: { reason } on the grant to allow every object of the kind');
        v.check(t.group !== undefined || defaultGroup(t.kind) !== undefined, `${field}.group`, t.group,
          `the API group of kind "${t.kind}" (only Service, Secret, ConfigMap and Gateway API kinds have a default)`);
        v.format(`${field}.group`, t.group, API_GROUP);
      });
    }
    v.risk('anyName', props?.anyName, 'references may reach every object of a kind in this namespace');
    v.throwIfInvalid();

    new ApiObject(this, RESOURCE_ID, {
      apiVersion: 'gateway.networking.k8s.io/v1beta1',
      kind: 'ReferenceGrant',
      metadata: {
        name: this.name,
        namespace: this.namespace,
        labels: props.labels,
        annotations: props.anyName ? { [REFERENCE_GRANT_REASON_ANNOTATION]: props.anyName.reason } : undefined,
      },
      spec: {
        from: props.from.map((f) => ({ group: f.group ?? defaultGroup(f.kind)!, kind: f.kind, namespace: f.namespace })),
        to: props.to.map((t) => ({ group: t.group ?? defaultGroup(t.kind)!, kind: t.kind, name: t.name })),
      },
    });
  }
}
