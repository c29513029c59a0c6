import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { MTLS_REASON_ANNOTATION } from '../core/annotations';
import { LABEL_KEY, LABEL_VALUE } from '../core/formats';
import { NamespacedResource, RESOURCE_ID, propNames } from '../core/resource';

/** How workloads accept traffic: STRICT (mutual TLS only), PERMISSIVE (mutual TLS and plain text), DISABLE. */
export type MtlsMode = 'STRICT' | 'PERMISSIVE' | 'DISABLE';

/** Props of a {@link PeerAuthentication}. */
export interface PeerAuthenticationProps {
  /**
   * Name of the policy.
   * @default "default" for mesh and namespace scope (Istio's convention), else the construct id
   */
  readonly name?: string;
  /**
   * Scope: the whole mesh (the policy lives in the Istio root namespace), one namespace, or the workloads with these labels.
   * @default the namespace
   */
  readonly scope?: 'mesh' | 'namespace' | { readonly workloadLabels: Record<string, string> };
  /**
   * Namespace of the policy; for mesh scope, the Istio root namespace.
   * @default the enclosing SecureNamespace ("istio-system" for mesh scope)
   */
  readonly namespace?: string;
  /**
   * The mode.
   * @default "STRICT"
   */
  readonly mode?: MtlsMode;
  /**
   * Why plain text is acceptable; required for PERMISSIVE and DISABLE.
   * @default none
   */
  readonly reason?: string;
  /**
   * Other modes for single ports of workload-scoped policies, by container port number.
   * @default none
   */
  readonly portLevelMtls?: Record<number, MtlsMode>;
}

const PROPS = propNames<PeerAuthenticationProps>()({ name: true, scope: true, namespace: true, mode: true, reason: true, portLevelMtls: true });
const SCOPE_PROPS = propNames<Exclude<PeerAuthenticationProps['scope'], string | undefined>>()({ workloadLabels: true });

/**
 * An Istio `security.istio.io/v1` PeerAuthentication: whether workloads require mutual TLS. STRICT by default;
 * anything that lets plain text in needs a written reason.
 */
export class PeerAuthentication extends NamespacedResource {
  public constructor(scope: Construct, id: string, props: PeerAuthenticationProps = {}) {
    const s = props.scope ?? 'namespace';
    super(scope, id, {
      ...props,
      // Istio's convention: mesh- and namespace-wide policies are named "default".
      name: props.name ?? (typeof s === 'string' ? 'default' : id),
      // A mesh-wide policy lives in the Istio root namespace, not in the enclosing SecureNamespace.
      namespace: s === 'mesh' ? (props.namespace ?? 'istio-system') : props.namespace,
    }, { props: PROPS });
    const mode = props.mode ?? 'STRICT';
    const v = this.validator;
    v.check(['STRICT', 'PERMISSIVE', 'DISABLE'].includes(mode), 'mode', mode, 'STRICT, PERMISSIVE or DISABLE');
    const ports = Object.entries(props.portLevelMtls ?? {});
    v.check(mode === 'STRICT' && ports.every(([, m]) => m === 'STRICT') || (props.reason ?? '').trim().length > 0, 'reason', props.reason,
      'a reason why plain-text traffic is acceptable, since a mode other than STRICT is set');
    v.check(ports.length === 0 || typeof s === 'object', 'portLevelMtls', props.portLevelMtls, 'port-level modes only on a workload-scoped policy (Istio ignores them otherwise)');
    if (typeof s === 'object') {
      v.knownProps('scope', s, SCOPE_PROPS);
      v.check(Object.keys(s.workloadLabels).length > 0, 'scope.workloadLabels', s.workloadLabels, 'at least one label');
      v.map('scope.workloadLabels', s.workloadLabels, LABEL_KEY, LABEL_VALUE);
    }
    v.throwIfInvalid();

    new ApiObject(this, RESOURCE_ID, {
      apiVersion: 'security.istio.io/v1',
      kind: 'PeerAuthentication',
      metadata: {
        name: this.name,
        namespace: this.namespace,
        annotations: props.reason ? { [MTLS_REASON_ANNOTATION]: props.reason } : undefined,
      },
      spec: {
        selector: typeof s === 'object' ? { matchLabels: { ...s.workloadLabels } } : undefined,
        mtls: { mode },
        portLevelMtls: ports.length > 0 ? Object.fromEntries(ports.map(([p, m]) => [p, { mode: m }])) : undefined,
      },
    });
  }
}
