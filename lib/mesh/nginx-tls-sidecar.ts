import { KubeConfigMap } from '../core/k8s';
import { Construct } from 'constructs';
import { IP_ADDRESS, OBJECT_NAME, PINNED_IMAGE, PORT_NAME, PORT_NUMBER, SUBDOMAIN, UNPRIVILEGED_PORT } from '../core/formats';
import { resolveNamespace } from '../core/namespace-scope';
import { propNames } from '../core/resource';
import { PropsValidator, checkedScope, isObject } from '../core/validator';
import { checkSidecarResources, listAt } from './mesh-validation';
import { ResourceRequirements } from '../workloads/container-spec';
import { MountSource } from '../workloads/file-mount';
import { SidecarContainer } from '../workloads/pod-spec';
import { Probe } from '../workloads/probe';
import { MODERN_TLS12_CIPHERS, NginxTlsProtocol, nginxTlsProxy, renderNginxConfig, validateNginxConfig } from './nginx-config';

/** Props of an {@link NginxTlsSidecar}. */
export interface NginxTlsSidecarProps {
  /** Port of the app container that nginx forwards to (on localhost). */
  readonly upstreamPort: number;
  /** A `kubernetes.io/tls` Secret with `tls.crt` and `tls.key` (e.g. from a cert-manager Certificate). */
  readonly certificateSecret: string;
  /**
   * Port nginx listens on; above 1024, since the container runs without privileges.
   * @default 8443
   */
  readonly listenPort?: number;
  /**
   * Name of the port.
   * @default "https"
   */
  readonly portName?: string;
  /**
   * Server name.
   * @default "localhost"
   */
  readonly serverName?: string;
  /**
   * TLS versions offered.
   * @default ["TLSv1.2", "TLSv1.3"]
   */
  readonly protocols?: NginxTlsProtocol[];
  /**
   * Name of the ConfigMap holding nginx.conf.
   * @default the construct id
   */
  readonly configMapName?: string;
  /**
   * Namespace of the ConfigMap (the app's).
   * @default the enclosing SecureNamespace
   */
  readonly namespace?: string;
  /**
   * Unprivileged nginx image (runs as UID 101).
   * @default "nginxinc/nginx-unprivileged:1.28.0-alpine"
   */
  readonly image?: string;
  /**
   * Resources of the sidecar.
   * @default requests 50m / 64Mi, limits 250m / 128Mi
   */
  readonly resources?: ResourceRequirements;
}

const PROPS = propNames<NginxTlsSidecarProps>()({
  upstreamPort: true, certificateSecret: true, listenPort: true, portName: true, serverName: true, protocols: true, configMapName: true,
  namespace: true, image: true, resources: true,
});
const TLS_DIR = '/etc/nginx/tls';

/**
 * A TLS-terminating NGINX sidecar (Cloud Native with Kubernetes, ch. 14): nginx listens with TLS 1.2+ on an
 * unprivileged port and forwards to the app on localhost. Its nginx.conf is rendered from a typed model into a
 * ConfigMap; the certificate comes from a Secret. Pass {@link container} to a workload's `sidecars` and point its
 * Service at the sidecar's port (`serviceTargetPort`).
 *
 * Not a `Resource`: what it is named after is a container, not a Kubernetes object; its one object, the
 * ConfigMap (child `config`), supports it.
 */
export class NginxTlsSidecar extends Construct {
  /** The container to add to the workload. */
  public readonly container: SidecarContainer;
  /** Name of the port nginx listens on. */
  public readonly portName: string;
  /** The rendered nginx.conf. */
  public readonly config: string;

  public constructor(scope: Construct, id: string, props: NginxTlsSidecarProps) {
    super(checkedScope(scope, id), id);
    const v = PropsValidator.of(this);
    v.knownProps('', props, PROPS);
    if (!isObject(props)) {
      v.check(props !== undefined, 'upstreamPort', undefined, PORT_NUMBER.description);
      v.throwIfInvalid();
    }
    const listenPort = props.listenPort ?? 8443;
    this.portName = props.portName ?? 'https';
    const configMapName = props.configMapName ?? id;
    const image = props.image ?? 'nginxinc/nginx-unprivileged:1.28.0-alpine';
    const serverName = props.serverName ?? 'localhost';
    const namespace = resolveNamespace(this, props.namespace, v);
    if (v.format('upstreamPort', props.upstreamPort, PORT_NUMBER, true)) {
      v.check(listenPort !== props.upstreamPort, 'listenPort', listenPort, `a port other than the upstream port ${props.upstreamPort}`);
    }
    v.format('listenPort', listenPort, UNPRIVILEGED_PORT, true);
    v.format('portName', this.portName, PORT_NAME, true);
    v.format('certificateSecret', props.certificateSecret, OBJECT_NAME, true);
    v.format('configMapName', configMapName, OBJECT_NAME, true);
    v.format('image', image, PINNED_IMAGE, true);
    // nginx's server_name: a host name, a "*." wildcard name, an IP address, or "_" (no name).
    v.check(serverName === '_' || IP_ADDRESS.test(serverName) || SUBDOMAIN.test(typeof serverName === 'string' ? serverName.replace(/^\*\./, '') : serverName),
      'serverName', serverName, 'a host name such as "localhost" or "shop.example.com", "*.example.com", an IP address, or "_"');
    const protocols = listAt(v, 'protocols', props.protocols, 'TLS versions', { min: 1 });
    protocols.forEach((p, i) => {
      if (v.check(p === 'TLSv1.2' || p === 'TLSv1.3', `protocols[${i}]`, p, 'TLSv1.2 or TLSv1.3 (older versions are broken)')) {
        v.check(protocols.indexOf(p) === i, `protocols[${i}]`, p, 'a TLS version not already listed');
      }
    });
    checkSidecarResources(v, 'resources', props.resources);
    v.throwIfInvalid();
    const model = {
      listenPort,
      serverName,
      certificateFile: `${TLS_DIR}/tls.crt`,
      keyFile: `${TLS_DIR}/tls.key`,
      protocols: props.protocols ?? ['TLSv1.2', 'TLSv1.3'] as NginxTlsProtocol[],
      ciphers: MODERN_TLS12_CIPHERS,
      upstream: `http://127.0.0.1:${props.upstreamPort}/`,
    };
    validateNginxConfig(v, 'config', model);
    v.throwIfInvalid();

    this.config = `# Rendered by keelson from a typed model (NginxTlsSidecar ${this.node.path}).\n${renderNginxConfig(nginxTlsProxy(model))}`;
    new KubeConfigMap(this, 'config', {
      metadata: { name: configMapName, namespace },
      data: { 'nginx.conf': this.config },
    });

    this.container = {
      name: 'nginx',
      image,
      ports: [{ name: this.portName, port: listenPort }],
      runAsUser: 101, // the image's nginx user
      writablePaths: ['/tmp', '/var/cache/nginx'],
      mounts: [
        { path: '/etc/nginx/nginx.conf', subPath: 'nginx.conf', source: MountSource.configMap(configMapName) },
        { path: TLS_DIR, source: MountSource.secret(props.certificateSecret, { items: { 'tls.crt': 'tls.crt', 'tls.key': 'tls.key' } }) },
      ],
      resources: props.resources ?? { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '250m', memory: '128Mi' } },
      readiness: Probe.tcp(this.portName),
      liveness: Probe.tcp(this.portName, { periodSeconds: 20 }),
    };
  }
}
