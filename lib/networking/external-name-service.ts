import { isIP } from 'node:net';
import { Construct } from 'constructs';
import { ANNOTATION_KEY, DNS_1035_LABEL, PORT_NUMBER, SUBDOMAIN } from '../core/formats';
import { KubeService } from '../core/k8s';
import { NamespacedResource, NamespacedResourceProps, RESOURCE_ID, propNames, resourceMetadata } from '../core/resource';
import { holdsTerraformExpression } from '../core/terraform-value';
import { isObject } from '../core/validator';
import { IExternalHost } from './external-host';
import { ServiceProtocol, checkServicePorts } from './service-ports';

/** One port of an {@link ExternalNameService}. */
export interface ExternalNamePort {
  /**
   * Name of the port; required when there are several.
   * @default unnamed
   */
  readonly name?: string;
  /** The port clients connect to on the external host. */
  readonly port: number;
  /**
   * Transport protocol.
   * @default "TCP"
   */
  readonly protocol?: ServiceProtocol;
}

/** Props of an {@link ExternalNameService}. */
export interface ExternalNameServiceProps extends NamespacedResourceProps {
  /**
   * The DNS name that `<service>.<namespace>.svc` resolves to (a CNAME), e.g. "db.example.com", or a construct that
   * owns one (such as `PrivateDnsAlias` of keelson/aws for an RDS or ElastiCache endpoint). It must be known when
   * keelson synthesizes: a Terraform value is refused.
   */
  readonly externalName: string | IExternalHost;
  /**
   * Ports, for clients and tools that read them; DNS answers with the name only, and clients connect to the port
   * themselves.
   * @default the external host's port, if it has one; else none
   */
  readonly ports?: Array<number | ExternalNamePort>;
  /**
   * Annotations of the Service.
   * @default none
   */
  readonly annotations?: Record<string, string>;
}

const PROPS = propNames<ExternalNameServiceProps>()({ name: true, namespace: true, labels: true, externalName: true, ports: true, annotations: true });
const PORT_PROPS = propNames<ExternalNamePort>()({ name: true, port: true, protocol: true });

/**
 * A Service of type ExternalName: an in-cluster name, `<name>.<namespace>.svc`, for a host outside the cluster (the
 * book's `db-service` for an RDS database). Cluster DNS answers with a CNAME, so clients reach the host directly; the
 * name is checked as the API server checks it, and an IP address or a Terraform value is refused.
 */
export class ExternalNameService extends NamespacedResource {
  /** The external DNS name (without a trailing dot). */
  public readonly externalName: string;

  public constructor(scope: Construct, id: string, props: ExternalNameServiceProps) {
    super(scope, id, props, { props: PROPS, nameFormat: DNS_1035_LABEL });
    const v = this.validator;
    if (!isObject(props)) {
      // knownProps has refused anything but undefined; nothing else can be read from it.
      v.check(props !== undefined, 'props', props, 'an object of props');
      v.throwIfInvalid();
    }
    const target: unknown = props.externalName;
    const host: unknown = isObject(target) ? target.hostname : target;
    const field = isObject(target) ? 'externalName.hostname' : 'externalName';
    if (typeof host === 'string' && holdsTerraformExpression(host)) {
      v.fail(field, host, 'a DNS name known when keelson synthesizes: this is a Terraform value (such as an RDS or ElastiCache endpoint address), known only after '
        + '`terraform apply`; give the endpoint a stable name with PrivateDnsAlias (keelson/aws) and pass that alias here');
    } else if (typeof host === 'string' && isIP(host.replace(/\.$/, '')) !== 0) {
      v.fail(field, host, 'a DNS name, not an IP address (cluster DNS would answer with a CNAME to a name made of digits); for fixed addresses use ExternalEndpoints');
    } else {
      v.format(field, typeof host === 'string' ? host.replace(/\.$/, '') : host as string, {
        test: SUBDOMAIN.test,
        description: 'a DNS name such as "db.example.com": dot-separated parts of lowercase letters, digits or "-", each starting and ending with a letter or digit, '
          + 'at most 253 characters (an optional trailing dot), or an IExternalHost',
      }, true);
    }

    const hostPort: unknown = isObject(target) ? target.port : undefined;
    v.check(hostPort === undefined || PORT_NUMBER.test(hostPort as number), 'externalName.port', hostPort, PORT_NUMBER.description);
    const entries: unknown = props.ports ?? (typeof hostPort === 'number' ? [hostPort] : []);
    const ports: ExternalNamePort[] = [];
    if (v.check(Array.isArray(entries), 'ports', entries, 'a list of ports such as [80] or [{ name: "postgres", port: 5432 }]')) {
      (entries as unknown[]).forEach((e, i) => {
        const o = typeof e === 'number' ? { port: e } : e;
        if (!v.check(isObject(o), `ports[${i}]`, e, 'a port number such as 80, or { name?, port, protocol? }')) {
          return;
        }
        v.knownProps(`ports[${i}]`, o, PORT_PROPS);
        v.format(`ports[${i}].port`, (o as ExternalNamePort).port, PORT_NUMBER, true);
        ports.push(o as ExternalNamePort);
      });
      checkServicePorts(v, ports);
    }
    if (v.check(props.annotations === undefined || isObject(props.annotations), 'annotations', props.annotations, 'a map of annotation keys to values')) {
      v.map('annotations', props.annotations, ANNOTATION_KEY);
    }
    v.throwIfInvalid();

    this.externalName = (host as string).replace(/\.$/, '');
    new KubeService(this, RESOURCE_ID, {
      metadata: resourceMetadata(this, props.labels, props.annotations),
      spec: {
        type: 'ExternalName',
        externalName: this.externalName,
        ports: ports.length === 0 ? undefined : ports.map((p) => ({ name: p.name, port: p.port, protocol: p.protocol ?? 'TCP' })),
      },
    });
  }

  /** DNS name of the Service inside the cluster, e.g. "db-service.shop.svc". */
  public get host(): string {
    return `${this.name}.${this.namespace}.svc`;
  }
}
