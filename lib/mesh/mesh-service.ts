import { k8s, KubeService } from '../core/k8s';
import { Construct } from 'constructs';
import { DNS_1035_LABEL, DNS_LABEL, LABEL_KEY, LABEL_VALUE, PORT_NAME, PORT_NUMBER } from '../core/formats';
import { selectorLabels, workloadLabels } from '../core/labels';
import { resolveNamespace } from '../core/namespace-scope';
import { PropsValidator, checkedScope, isObject, reportUnder } from '../core/validator';
import { objectAt, stringMapAt } from './mesh-validation';
import { ServiceAccount } from '../security/service-account';
import { WorkloadDisruptionBudget } from '../workloads/disruption-budget';
import { propNames } from '../core/resource';
import { ContainerPortSpec, ContainerProps, podPorts } from '../workloads/pod-spec';
import { DEPLOYMENT_PROPS, DeploymentOptions, IWorkload, Workload } from '../workloads/workload';
import { DestinationRule, TrafficPolicy } from './destination-rule';
import { ISTIO_PORT_PROTOCOLS, hasProtocolPrefix } from './istio-common';
import { RouteDestination } from './virtual-service';

/** Props of a {@link MeshService}. */
export interface MeshServiceProps {
  /**
   * Name of the Service, its DestinationRule and ServiceAccount, and the pods' `app` label.
   * @default the construct id
   */
  readonly name?: string;
  /**
   * Namespace.
   * @default the enclosing SecureNamespace
   */
  readonly namespace?: string;
  /**
   * Port of the Service.
   * @default 80
   */
  readonly port?: number;
  /**
   * Port the containers listen on.
   * @default 8080
   */
  readonly containerPort?: number;
  /**
   * Name of the port; Istio reads the protocol from its prefix ("http", "http-web", "grpc", "tcp"...).
   * @default "http"
   */
  readonly portName?: string;
  /**
   * Client-side traffic policy of the DestinationRule.
   * @default Istio's defaults (automatic mutual TLS)
   */
  readonly trafficPolicy?: TrafficPolicy;
  /**
   * Extra labels on every object and pod.
   * @default none
   */
  readonly labels?: Record<string, string>;
}

/** Props of one version of a {@link MeshService}. */
export interface MeshVersionProps extends ContainerProps, DeploymentOptions {
  /**
   * Pods of this version.
   * @default 2
   */
  readonly replicas?: number;
  /**
   * PodDisruptionBudget settings.
   * @default maxUnavailable 1
   */
  readonly disruptionBudget?: WorkloadDisruptionBudget;
  /**
   * Spread pods over zones and hosts.
   * @default true when replicas > 1
   */
  readonly spread?: boolean;
}

const PROPS = propNames<MeshServiceProps>()({
  name: true, namespace: true, port: true, containerPort: true, portName: true, trafficPolicy: true, labels: true,
});

const VERSION_PROPS = [
  ...DEPLOYMENT_PROPS,
  ...propNames<Omit<MeshVersionProps, keyof ContainerProps | keyof DeploymentOptions>>()({ replicas: true, disruptionBudget: true, spread: true }),
];

/** One version of a mesh service: a Deployment `<service>-<version>` with `app` and `version` labels. */
export class MeshVersion extends Workload {
  /** The version, e.g. "v2". */
  public readonly version: string;
  public readonly ports: readonly ContainerPortSpec[];

  public constructor(scope: MeshService, version: string, props: MeshVersionProps) {
    const selector = { ...scope.selector, version };
    super(scope, version, { ...props, name: `${scope.name}-${version}`, namespace: scope.namespace }, {
      props: VERSION_PROPS,
      identity: {
        selector,
        labels: { ...workloadLabels(scope.name, scope.extraLabels), version, 'app.kubernetes.io/version': version },
        serviceAccountName: scope.name,
      },
    });
    this.version = version;
    this.ports = podPorts(props, scope.ports);
    const v = this.validator;
    v.format('version', version, DNS_LABEL, true);
    v.integer('replicas', props.replicas, 0, 10000);
    this.validatePod(props, scope.ports);
    this.validateDeployment(props);
    v.throwIfInvalid();

    const replicas = props.replicas ?? 2;
    this.addDeployment(this.name, props, replicas, replicas, scope.ports);
    this.addDisruptionBudget(replicas, props.disruptionBudget);
  }
}

/**
 * A service of the mesh with versions: the Service (a named port Istio understands), its ServiceAccount (the mTLS
 * identity of every version) and its DestinationRule. Each {@link addVersion} adds a Deployment and registers the
 * version as a subset, so a route can then say `service.split({ v1: 90, v2: 10 })`.
 */
export class MeshService extends Construct implements IWorkload {
  public readonly name: string;
  public readonly namespace: string;
  /** `app: <name>`: selects the pods of every version. */
  public readonly selector: Readonly<Record<string, string>>;
  /** The container port, shared by every version. */
  public readonly ports: readonly ContainerPortSpec[];
  /** The DestinationRule that holds the version subsets. */
  public readonly destinationRule: DestinationRule;
  /** Extra labels for every object. @internal */
  public readonly extraLabels: Record<string, string>;
  private readonly versions = new Map<string, MeshVersion>();

  public constructor(scope: Construct, id: string, props: MeshServiceProps = {}) {
    super(checkedScope(scope, id), id);
    const v = PropsValidator.of(this);
    v.knownProps('', props, PROPS);
    if (!isObject(props) && props !== undefined) {
      v.throwIfInvalid();
    }
    const p: MeshServiceProps = isObject(props) ? props : {};
    this.name = p.name ?? id;
    const portName = p.portName ?? 'http';
    this.ports = [{ name: portName, port: p.containerPort ?? 8080 }];
    this.extraLabels = isObject(p.labels) ? { ...p.labels } : {};
    v.format('name', this.name, DNS_1035_LABEL, true);
    this.namespace = resolveNamespace(this, p.namespace, v);
    v.format('port', p.port, PORT_NUMBER);
    v.format('containerPort', p.containerPort, PORT_NUMBER);
    v.check(hasProtocolPrefix(portName) && PORT_NAME.test(portName), 'portName', portName,
      `a port name that starts with its protocol, so Istio can route it: ${ISTIO_PORT_PROTOCOLS.join(', ')} (alone or followed by "-"), at most 15 characters`);
    stringMapAt(v, 'labels', p.labels, LABEL_KEY, LABEL_VALUE);
    v.throwIfInvalid();
    this.selector = selectorLabels(this.name);
    const labels = workloadLabels(this.name, this.extraLabels);

    new ServiceAccount(this, 'service-account', { name: this.name, namespace: this.namespace, labels });
    new KubeService(this, 'service', {
      metadata: { name: this.name, namespace: this.namespace, labels },
      spec: {
        type: 'ClusterIP',
        selector: { ...this.selector },
        ports: [{ name: portName, port: p.port ?? 80, targetPort: k8s.IntOrString.fromNumber(this.ports[0].port), protocol: 'TCP' }],
      },
    });
    // The DestinationRule's only prop the user wrote is trafficPolicy: its problems are reported under it.
    this.destinationRule = reportUnder(this, 'destination-rule', (f) => (f.startsWith('trafficPolicy') ? f : 'name'),
      () => new DestinationRule(this, 'destination-rule', { name: this.name, namespace: this.namespace, host: this.name, trafficPolicy: p.trafficPolicy }));
  }

  /** Adds a version: a Deployment labelled `version: <version>`, registered as a subset of the DestinationRule. */
  public addVersion(version: string, props: MeshVersionProps): MeshVersion {
    const v = PropsValidator.of(this);
    if (v.format('addVersion(version)', version, DNS_LABEL, true)) {
      v.check(!this.versions.has(version), 'addVersion(version)', version, 'a version not added before');
      // The Deployment is named "<service>-<version>", an object name of at most 63 characters.
      v.check(`${this.name}-${version}`.length <= 63, 'addVersion(version)', version,
        `a version short enough for the Deployment name "${this.name}-<version>" to stay within 63 characters`);
    }
    objectAt(v, 'addVersion(props)', props, 'the props of the version: { image, ... }', { required: true });
    v.throwIfInvalid();
    // The version's own problems are reported at its path (e.g. shop/reviews/v2), whose id is the version the user named.
    const added = new MeshVersion(this, version, props);
    this.destinationRule.addSubset({ name: version, labels: { version } });
    this.versions.set(version, added);
    return added;
  }

  /** The versions added so far. */
  public get versionNames(): string[] {
    return [...this.versions.keys()];
  }

  /** A route destination to one version. */
  public subset(version: string): RouteDestination {
    const v = PropsValidator.of(this);
    v.check(typeof version === 'string' && this.versions.has(version), 'subset(version)', version,
      `a version of ${this.name}: ${this.versionNames.join(', ') || 'none added yet'}`);
    v.throwIfInvalid();
    return this.split({ [version]: 100 })[0];
  }

  /** Route destinations that split traffic between versions by percent, e.g. `{ v1: 90, v2: 10 }`. */
  public split(weights: Record<string, number>): RouteDestination[] {
    const v = PropsValidator.of(this);
    const w = objectAt(v, 'split(weights)', weights, 'weights by version, e.g. { v1: 90, v2: 10 }', { required: true });
    const entries = Object.entries(w ?? {});
    v.check(w === undefined || entries.length > 0, 'split(weights)', weights, 'at least one version with its weight');
    entries.forEach(([version, weight]) => {
      v.check(this.versions.has(version), 'split(weights)', version, `a version of ${this.name}: ${this.versionNames.join(', ') || 'none added yet'}`);
      v.integer(`split(weights).${version}`, weight, 0, 100);
    });
    if (v.issues.length === 0) {
      const total = entries.reduce((sum, [, x]) => sum + x, 0);
      v.check(total === 100, 'split(weights)', weights, `weights that add up to 100 (they add up to ${total})`);
    }
    v.throwIfInvalid();
    return entries.map(([version, weight]) => ({ host: this.name, subset: version, weight: entries.length > 1 ? weight : undefined }));
  }
}
