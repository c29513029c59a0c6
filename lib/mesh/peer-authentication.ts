import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { MTLS_REASON_ANNOTATION } from '../core/annotations';
import { LABEL_KEY, LABEL_VALUE } from '../core/formats';
import { NamespacedResource, RESOURCE_ID, propNames } from '../core/resource';
import { isObject } from '../core/validator';
import { objectAt, oneOf, stringMapAt } from './mesh-validation';

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

const MODES: readonly MtlsMode[] = ['STRICT', 'PERMISSIVE', 'DISABLE'];

/**
 * An Istio `security.istio.io/v1` PeerAuthentication: whether workloads require mutual TLS. STRICT by default;
 * anything that lets plain text in needs a written reason. Port-level modes need a workload-scoped policy and ports
 * from 1 to 65535, as Istio's validation requires.
 */
export class PeerAuthentication extends NamespacedResource {
  public constructor(scope: Construct, id: string, props: PeerAuthenticationProps = {}) {
    const p: PeerAuthenticationProps = isObject(props) ? props : {};
    const s = p.scope ?? 'namespace';
    super(scope, id, isObject(props) ? {
      ...props,
      // Istio's convention: mesh- and namespace-wide policies are named "default".
      name: p.name ?? (typeof s === 'string' ? 'default' : id),
      // A mesh-wide policy lives in the Istio root namespace, not in the enclosing SecureNamespace.
      namespace: s === 'mesh' ? (p.namespace ?? 'istio-system') : p.namespace,
    } : props, { props: PROPS });
    const mode = p.mode ?? 'STRICT';
    const v = this.validator;
    if (!isObject(props)) {
      v.throwIfInvalid();
    }
    oneOf(v, 'mode', p.mode, MODES);
    let workloadLabels: Record<string, string> | undefined;
    if (typeof s === 'string') {
      oneOf(v, 'scope', s, ['mesh', 'namespace']);
    } else {
      const scoped = objectAt(v, 'scope', s, '"mesh", "namespace" or { workloadLabels }', { known: SCOPE_PROPS });
      if (scoped && stringMapAt(v, 'scope.workloadLabels', scoped.workloadLabels, LABEL_KEY, LABEL_VALUE, { required: true, min: 1 })) {
        workloadLabels = scoped.workloadLabels;
      }
    }
    const levels = objectAt(v, 'portLevelMtls', p.portLevelMtls, 'a map of port numbers to modes, e.g. { 9100: "PERMISSIVE" }');
    const ports = Object.entries(levels ?? {});
    if (levels) {
      // Istio: "port level mTLS, if defined, must have at least one element" and "port must be in range 1..65535".
      v.check(ports.length > 0, 'portLevelMtls', levels, 'at least one port (leave portLevelMtls out otherwise)');
      ports.forEach(([port, m]) => {
        v.check(/^[1-9]\d{0,4}$/.test(port) && Number(port) <= 65535, 'portLevelMtls key', port, 'a port number from 1 to 65535');
        oneOf(v, `portLevelMtls.${port}`, m, MODES, true);
      });
      v.check(ports.length === 0 || typeof s === 'object', 'portLevelMtls', levels,
        'port-level modes only on a workload-scoped policy (Istio refuses them on mesh and namespace policies)');
    }
    v.check(p.reason === undefined || (typeof p.reason === 'string' && p.reason.trim().length > 0 && p.reason.length <= 1024), 'reason', p.reason,
      'a reason of 1 to 1024 characters');
    v.check((mode === 'STRICT' && ports.every(([, m]) => m === 'STRICT')) || p.reason !== undefined, 'reason', p.reason,
      'a reason why plain-text traffic is acceptable, since a mode other than STRICT is set');
    v.throwIfInvalid();

    new ApiObject(this, RESOURCE_ID, {
      apiVersion: 'security.istio.io/v1',
      kind: 'PeerAuthentication',
      metadata: {
        name: this.name,
        namespace: this.namespace,
        annotations: p.reason ? { [MTLS_REASON_ANNOTATION]: p.reason } : undefined,
      },
      spec: {
        selector: workloadLabels ? { matchLabels: { ...workloadLabels } } : undefined,
        mtls: { mode },
        portLevelMtls: ports.length > 0 ? Object.fromEntries(ports.map(([port, m]) => [port, { mode: m }])) : undefined,
      },
    });
  }
}
