import { ApiObject } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { Format, INGRESS_HOST } from '../core/formats';
import { propNames } from '../core/resource';
import { PropsValidator, checkedScope, reportUnder } from '../core/validator';
import { namespaceOwnedByInstall } from '../extension/install-namespaces';
import { PinnedHelmRelease } from '../extension/pinned-helm-release';
import { SecureNamespace } from '../security/secure-namespace';

/** The networking layer that routes requests to Knative Services. */
export type KnativeIngress = 'kourier' | 'istio' | 'contour';

/** Props of a {@link KnativeInstall}. */
export interface KnativeInstallProps {
  /**
   * Knative version: of the operator chart and of the Serving and Eventing it installs.
   * @default "1.23.0"
   */
  readonly version?: string;
  /**
   * Install Knative Serving.
   * @default true
   */
  readonly serving?: boolean;
  /**
   * Install Knative Eventing.
   * @default true
   */
  readonly eventing?: boolean;
  /**
   * Networking layer. Kourier is Knative's own and the lightest; istio reuses a mesh's gateways.
   * @default "kourier"
   */
  readonly ingress?: KnativeIngress;
  /**
   * Domain of public services' host names ("<service>.<namespace>.<domain>").
   * @default Knative's "svc.cluster.local" only, so no service gets a public host name
   */
  readonly domain?: string;
  /**
   * Replicas of the control-plane components.
   * @default 2
   */
  readonly replicas?: number;
}

const PROPS = propNames<KnativeInstallProps>()({ version: true, serving: true, eventing: true, ingress: true, domain: true, replicas: true });
const OPERATOR_REPOSITORY = { name: 'knative-operator', url: 'https://knative.github.io/operator' };

const INSTALLS = new WeakMap<IConstruct, KnativeInstall>();
const KNATIVE_DOMAIN: Format = {
  test: (d) => typeof d === 'string' && !d.startsWith('*') && INGRESS_HOST.test(d),
  description: 'a DNS domain such as "apps.example.com" (lowercase, not a wildcard, not an IP address)',
};

/** The namespace each networking layer runs its gateway pods in. */
const INGRESS_NAMESPACES: Record<KnativeIngress, string> = { kourier: 'kourier-system', istio: 'istio-system', contour: 'contour-external' };

/**
 * Knative Serving and Eventing, declared as pinned data: the Knative Operator chart (in the app's helmfile) and
 * the `operator.knative.dev/v1beta1` KnativeServing and KnativeEventing resources it reconciles. Sets the
 * features this library's KnativeServices rely on (secure pod defaults, emptyDir volumes) and replaces the book's
 * v0.18 remote YAML and Istio requirement.
 *
 * Not a `Resource`: it writes a Helm release, and its KnativeServing and KnativeEventing objects belong to the
 * SecureNamespace constructs `knative-serving` and `knative-eventing`.
 */
export class KnativeInstall extends Construct {
  /** The version installed. */
  public readonly version: string;
  /** Namespaces whose pods deliver requests to Knative Services (pass to KnativeService.dataPlaneNamespaces). */
  public readonly dataPlaneNamespaces: readonly string[];

  public constructor(scope: Construct, id: string, props: KnativeInstallProps = {}) {
    super(checkedScope(scope, id), id);
    const v = PropsValidator.of(this);
    if (!v.knownProps('', props, PROPS)) {
      v.throwIfInvalid();
    }
    this.version = props.version ?? '1.23.0';
    const ingress = props.ingress ?? 'kourier';
    const replicas = props.replicas ?? 2;
    // The operator chart is published as v<version>, and KnativeServing/KnativeEventing take its MAJOR.MINOR.
    v.check(typeof this.version === 'string' && /^1\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/.test(this.version), 'version', this.version,
      'an exact Knative 1.x.y version such as "1.23.0"');
    v.check(typeof ingress === 'string' && Object.hasOwn(INGRESS_NAMESPACES, ingress), 'ingress', ingress, '"kourier", "istio" or "contour"');
    // Knative's config-domain takes a domain name as a key; a wildcard or an IP address is not one.
    v.format('domain', props.domain, KNATIVE_DOMAIN);
    v.integer('replicas', replicas, 1, 10);
    v.check(props.serving === undefined || typeof props.serving === 'boolean', 'serving', props.serving, 'true or false');
    v.check(props.eventing === undefined || typeof props.eventing === 'boolean', 'eventing', props.eventing, 'true or false');
    v.check(props.serving !== false || props.eventing !== false, 'serving', props.serving, 'Serving or Eventing (or both) to install');
    v.check(!INSTALLS.has(this.node.root), 'KnativeInstall', this.node.path,
      `one Knative install per app (there is already ${INSTALLS.get(this.node.root)?.node.path}; the operator and its namespaces are cluster-wide)`);
    v.throwIfInvalid();
    INSTALLS.set(this.node.root, this);
    this.dataPlaneNamespaces = ['knative-serving', INGRESS_NAMESPACES[ingress]];

    reportUnder(this, 'knative-operator', (f) => (f === 'version' ? 'version' : f), () => new PinnedHelmRelease(this, 'knative-operator', {
      namespace: 'knative-operator',
      repository: OPERATOR_REPOSITORY,
      chart: 'knative-operator',
      version: `v${this.version}`,
    }));
    const minor = this.version.split('.').slice(0, 2).join('.');
    const controlPlane = (name: string) => new SecureNamespace(this, name, {
      name,
      unrestrictedNetwork: { reason: 'Knative control plane: the operator manages its flows (API server, webhooks, activator, autoscaler)' },
    });

    if (props.serving !== false) {
      namespaceOwnedByInstall(this, 'serving', 'knative-serving');
      const ns = controlPlane('knative-serving');
      new ApiObject(ns, 'KnativeServing', {
        apiVersion: 'operator.knative.dev/v1beta1',
        kind: 'KnativeServing',
        metadata: { name: 'knative-serving', namespace: ns.namespaceName },
        spec: {
          version: minor,
          ingress: { [ingress]: { enabled: true } },
          'high-availability': { replicas },
          config: {
            network: { 'ingress-class': `${ingress}.ingress.networking.knative.dev` },
            features: {
              'secure-pod-defaults': 'enabled',
              'kubernetes.podspec-volumes-emptydir': 'enabled',
            },
            ...(props.domain ? { domain: { [props.domain]: '' } } : {}),
          },
        },
      });
    }
    if (props.eventing !== false) {
      namespaceOwnedByInstall(this, 'eventing', 'knative-eventing');
      const ns = controlPlane('knative-eventing');
      new ApiObject(ns, 'KnativeEventing', {
        apiVersion: 'operator.knative.dev/v1beta1',
        kind: 'KnativeEventing',
        metadata: { name: 'knative-eventing', namespace: ns.namespaceName },
        spec: {
          version: minor,
          'high-availability': { replicas },
          config: {
            'br-defaults': {
              'default-br-config': [
                'clusterDefault:',
                '  brokerClass: MTChannelBasedBroker',
                '  apiVersion: v1',
                '  kind: ConfigMap',
                '  name: config-br-default-channel',
                '  namespace: knative-eventing',
                '',
              ].join('\n'),
            },
          },
        },
      });
    }
  }
}
