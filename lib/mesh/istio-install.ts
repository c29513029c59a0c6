import { Construct, IConstruct } from 'constructs';
import { DNS_LABEL } from '../core/formats';
import { propNames } from '../core/resource';
import { PropsValidator, checkedScope, reportUnder } from '../core/validator';
import { PinnedHelmRelease } from '../extension/pinned-helm-release';
import { NetworkPeer } from '../networking/network-peer';

/** Props of an {@link IstioInstall}. */
export interface IstioInstallProps {
  /**
   * Istio version (the version of every chart).
   * @default "1.28.0"
   */
  readonly version?: string;
  /**
   * Namespace of the control plane and CNI agent.
   * @default "istio-system"
   */
  readonly namespace?: string;
  /**
   * Namespace of the ingress gateway.
   * @default "istio-ingress"
   */
  readonly gatewayNamespace?: string;
  /**
   * Replicas of istiod and the ingress gateway.
   * @default 2
   */
  readonly replicas?: number;
}

const PROPS = propNames<IstioInstallProps>()({ version: true, namespace: true, gatewayNamespace: true, replicas: true });
const INSTALLS = new WeakMap<IConstruct, IstioInstall>();
const REPOSITORY = { name: 'istio', url: 'https://istio-release.storage.googleapis.com/charts' };

/**
 * Istio in sidecar mode, declared as pinned Helm releases (written to the app's helmfile, never downloaded at
 * synth time): `base` (CRDs), `cni` (the node agent that sets up traffic redirection, so pods need no NET_ADMIN and
 * pass Pod Security "restricted"), `istiod` with CNI enabled, and an ingress gateway labelled
 * `istio: ingressgateway`, which Gateways select by default.
 *
 * Not a `Resource`: it writes no Kubernetes object, only Helm releases.
 */
export class IstioInstall extends Construct {
  /** The ingress gateway pods, to let them through NetworkPolicies. */
  public readonly ingressGatewayPeer: NetworkPeer;
  /** The Istio version. */
  public readonly version: string;

  public constructor(scope: Construct, id: string, props: IstioInstallProps = {}) {
    super(checkedScope(scope, id), id);
    const v = PropsValidator.of(this);
    if (!v.knownProps('', props, PROPS)) {
      v.throwIfInvalid();
    }
    this.version = props.version ?? '1.28.0';
    const ns = props.namespace ?? 'istio-system';
    const gatewayNs = props.gatewayNamespace ?? 'istio-ingress';
    const replicas = props.replicas ?? 2;
    // Istio publishes every chart at the release's own version, MAJOR.MINOR.PATCH (no leading zeros, as SemVer wants).
    v.check(typeof this.version === 'string' && /^1\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/.test(this.version), 'version', this.version, 'an exact Istio 1.x.y version such as "1.28.0"');
    v.format('namespace', props.namespace, DNS_LABEL);
    v.format('gatewayNamespace', props.gatewayNamespace, DNS_LABEL);
    v.integer('replicas', replicas, 1, 10);
    v.check(!INSTALLS.has(this.node.root), 'IstioInstall', this.node.path,
      `one Istio install per app (there is already ${INSTALLS.get(this.node.root)?.node.path}; its base chart owns the cluster-wide CRDs)`);
    v.throwIfInvalid();
    INSTALLS.set(this.node.root, this);

    // The releases are built from the props: a problem one of them finds is reported under the prop the user wrote.
    const chart = (name: string, release: string, namespace: string, values: Record<string, unknown>, needs: PinnedHelmRelease[] = []) => {
      const nsProp = namespace === ns ? 'namespace' : 'gatewayNamespace';
      return reportUnder(this, release, (f) => (f === 'version' ? 'version' : f === 'namespace' || f === 'release' ? nsProp : f),
        () => new PinnedHelmRelease(this, release, { release, namespace, repository: REPOSITORY, chart: name, version: this.version, values, needs }));
    };
    const base = chart('base', 'istio-base', ns, { defaultRevision: 'default' });
    const cni = chart('cni', 'istio-cni', ns, { global: { logAsJson: true } }, [base]);
    const istiod = chart('istiod', 'istiod', ns, {
      pilot: { cni: { enabled: true }, replicaCount: replicas, autoscaleMin: replicas },
      meshConfig: { accessLogFile: '/dev/stdout' },
    }, [base, cni]);
    chart('gateway', 'istio-ingressgateway', gatewayNs, {
      labels: { istio: 'ingressgateway' },
      replicaCount: replicas,
      autoscaling: { minReplicas: replicas },
      service: { type: 'LoadBalancer' },
    }, [istiod]);
    this.ingressGatewayPeer = NetworkPeer.pods('istio-ingressgateway', { istio: 'ingressgateway' }, gatewayNs);
  }
}
