import { Construct } from 'constructs';
import { DNS_LABEL } from '../core/formats';
import { propNames } from '../core/resource';
import { PropsValidator, checkedScope, isObject } from '../core/validator';
import { NetworkPeer } from '../networking/network-peer';
import { NetworkPolicy } from '../networking/network-policy';
import { SecureNamespace } from '../security/secure-namespace';

/** Props of an {@link IstioSidecarInjection}. */
export interface IstioSidecarInjectionProps {
  /**
   * Istio revision to inject (label `istio.io/rev`), for canary upgrades of the control plane.
   * @default the default revision (label `istio-injection: enabled`)
   */
  readonly revision?: string;
  /**
   * Namespace of istiod.
   * @default "istio-system"
   */
  readonly istiodNamespace?: string;
}

const PROPS = propNames<IstioSidecarInjectionProps>()({ revision: true, istiodNamespace: true });

/**
 * Turns on Istio sidecar injection for a {@link SecureNamespace}, and keeps it "restricted":
 *
 * - Pod Security "restricted" forbids the NET_ADMIN capability that the `istio-init` container needs to set up
 *   traffic redirection. The mesh must therefore run the Istio CNI node agent (the `cni` chart of
 *   {@link IstioInstall}), which does that on the node; the injected `istio-validation` and `istio-proxy`
 *   containers run as UID 1337 without capabilities and pass "restricted".
 * - Default-deny egress would cut the proxies off their control plane, so every pod may reach istiod on 15012
 *   (xDS and certificates).
 *
 * Not a `Resource`: it labels the namespace and adds a {@link NetworkPolicy} construct, but writes no object of its own.
 */
export class IstioSidecarInjection extends Construct {
  public constructor(scope: SecureNamespace, id: string, props: IstioSidecarInjectionProps = {}) {
    super(checkedScope(scope, id), id);
    const v = PropsValidator.of(this);
    v.knownProps('', props, PROPS);
    // Injection is a namespace label: it needs the SecureNamespace itself, not a construct inside or around one.
    v.check(scope instanceof SecureNamespace, 'scope', `the construct at "${scope.node.path}"`, 'a SecureNamespace, whose pods get the sidecars');
    if (!isObject(props)) {
      v.throwIfInvalid();
    }
    const p: IstioSidecarInjectionProps = isObject(props) ? props : {};
    const istiod = p.istiodNamespace ?? 'istio-system';
    v.format('revision', p.revision, DNS_LABEL);
    v.format('istiodNamespace', istiod, DNS_LABEL, true);
    if (scope instanceof SecureNamespace) {
      // Istio lets `istio-injection` win over `istio.io/rev`: with both, the revision would be silently ignored.
      const other = p.revision ? 'istio-injection' : 'istio.io/rev';
      v.check(scope.resource.metadata.getLabel(other) === undefined, p.revision ? 'revision' : 'scope', p.revision ?? `the namespace "${scope.namespaceName}"`,
        `a namespace without the label ${other} (injection is turned on once per namespace, by default revision or by one revision)`);
    }
    v.throwIfInvalid();

    if (p.revision) {
      scope.addLabel('istio.io/rev', p.revision);
    } else {
      scope.addLabel('istio-injection', 'enabled');
    }
    new NetworkPolicy(this, 'allow-istiod', {
      podSelector: {},
      egress: [{ peers: [NetworkPeer.pods('istiod', { app: 'istiod' }, istiod)], ports: [{ port: 15012 }] }],
    });
  }
}
