import { KubeConfigMap } from '../core/k8s';
import { Construct } from 'constructs';
import { OBJECT_NAME, PINNED_IMAGE } from '../core/formats';
import { resolveNamespace } from '../core/namespace-scope';
import { propNames } from '../core/resource';
import { PropsValidator, checkedScope, isObject } from '../core/validator';
import { checkSidecarResources, oneOf } from './mesh-validation';
import { toYaml } from '../output/yaml';
import { ResourceRequirements } from '../workloads/container-spec';
import { FileMount, MountSource } from '../workloads/file-mount';
import { SidecarContainer } from '../workloads/pod-spec';
import { Probe } from '../workloads/probe';
import { EnvoyBootstrap, renderEnvoyConfig, validateEnvoyConfig } from './envoy-config';

/** Props of an {@link EnvoySidecar}. */
export interface EnvoySidecarProps {
  /** The static bootstrap: listeners, routes and clusters. */
  readonly config: EnvoyBootstrap;
  /**
   * A `kubernetes.io/tls` Secret for listeners with `tls: true`.
   * @default none (no TLS listeners allowed)
   */
  readonly tlsSecret?: string;
  /**
   * Name of the ConfigMap holding envoy.yaml.
   * @default the construct id
   */
  readonly configMapName?: string;
  /**
   * Namespace of the ConfigMap (the app's).
   * @default the enclosing SecureNamespace
   */
  readonly namespace?: string;
  /**
   * Envoy image (runs as UID 101).
   * @default "envoyproxy/envoy:v1.34.1"
   */
  readonly image?: string;
  /**
   * Log level.
   * @default "info"
   */
  readonly logLevel?: 'trace' | 'debug' | 'info' | 'warning' | 'error';
  /**
   * Resources of the sidecar.
   * @default requests 50m / 64Mi, limits 500m / 256Mi
   */
  readonly resources?: ResourceRequirements;
}

const PROPS = propNames<EnvoySidecarProps>()({
  config: true, tlsSecret: true, configMapName: true, namespace: true, image: true, logLevel: true, resources: true,
});
const CONFIG_DIR = '/etc/envoy';
const TLS_DIR = '/etc/envoy-tls';

/**
 * An Envoy sidecar with a static v3 configuration (Cloud Native with Kubernetes, ch. 14): typed listeners routing
 * by path prefix to clusters, rendered as YAML into a ConfigMap. A route to a cluster that does not exist is an
 * error. Pass {@link container} to a workload's `sidecars`.
 *
 * Not a `Resource`: what it is named after is a container, not a Kubernetes object; its one object, the
 * ConfigMap (child `config`), supports it.
 */
export class EnvoySidecar extends Construct {
  /** The container to add to the workload. */
  public readonly container: SidecarContainer;
  /** The rendered envoy.yaml. */
  public readonly config: string;

  public constructor(scope: Construct, id: string, props: EnvoySidecarProps) {
    super(checkedScope(scope, id), id);
    const v = PropsValidator.of(this);
    v.knownProps('', props, PROPS);
    if (!isObject(props)) {
      v.check(props !== undefined, 'config', undefined, 'an Envoy bootstrap: { listeners, clusters, adminPort? }');
      v.throwIfInvalid();
    }
    const configMapName = props.configMapName ?? id;
    const image = props.image ?? 'envoyproxy/envoy:v1.34.1';
    const namespace = resolveNamespace(this, props.namespace, v);
    v.format('configMapName', configMapName, OBJECT_NAME, true);
    v.format('image', image, PINNED_IMAGE, true);
    v.format('tlsSecret', props.tlsSecret, OBJECT_NAME);
    oneOf(v, 'logLevel', props.logLevel, ['trace', 'debug', 'info', 'warning', 'error']);
    checkSidecarResources(v, 'resources', props.resources);
    const before = v.issues.length;
    validateEnvoyConfig(v, 'config', props.config);
    if (v.issues.length === before) {
      const tlsListeners = props.config.listeners.filter((l) => l.tls === true).length;
      props.config.listeners.forEach((l, i) => v.check(!l.tls || props.tlsSecret !== undefined, `config.listeners[${i}].tls`, l.tls,
        'a tlsSecret on the sidecar for a TLS listener (keys never go into the ConfigMap)'));
      v.check(props.tlsSecret === undefined || tlsListeners > 0, 'tlsSecret', props.tlsSecret,
        'a tlsSecret only with a listener that has tls: true (no listener would use the certificate)');
    }
    v.throwIfInvalid();

    const tls = props.tlsSecret ? { certificateFile: `${TLS_DIR}/tls.crt`, keyFile: `${TLS_DIR}/tls.key` } : undefined;
    this.config = `# Rendered by keelson from a typed model (EnvoySidecar ${this.node.path}).\n${toYaml(renderEnvoyConfig(props.config, tls))}`;
    new KubeConfigMap(this, 'config', {
      metadata: { name: configMapName, namespace },
      data: { 'envoy.yaml': this.config },
    });

    const mounts: FileMount[] = [{ path: CONFIG_DIR, source: MountSource.configMap(configMapName) }];
    if (props.tlsSecret) {
      mounts.push({ path: TLS_DIR, source: MountSource.secret(props.tlsSecret, { items: { 'tls.crt': 'tls.crt', 'tls.key': 'tls.key' } }) });
    }
    const first = props.config.listeners[0].portName;
    this.container = {
      name: 'envoy',
      image,
      command: ['envoy'],
      args: ['-c', `${CONFIG_DIR}/envoy.yaml`, '--log-level', props.logLevel ?? 'info', '--disable-hot-restart'],
      ports: props.config.listeners.map((l) => ({ name: l.portName, port: l.port })),
      runAsUser: 101, // the image's envoy user
      mounts,
      resources: props.resources ?? { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
      readiness: Probe.tcp(first),
      liveness: Probe.tcp(first, { periodSeconds: 20 }),
    };
  }
}
