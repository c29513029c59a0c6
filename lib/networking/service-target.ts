import { DNS_LABEL, LABEL_KEY, LABEL_VALUE, PORT_NAME, PORT_NUMBER } from '../core/formats';
import { PropsValidator, isObject } from '../core/validator';
import { OPENFAAS_GATEWAY } from '../policy/checks/services';
import type { OpenFaasInstall } from '../serverless/openfaas-install';
import type { ContainerPortSpec } from '../workloads/container-spec';

/**
 * Pods a {@link Service} can front: every workload of this library is one (WebService, Worker, StatefulService,
 * DaemonSet, ReplicaSet, Pod, MeshService, ...), and {@link ServiceTarget} describes others.
 */
export interface IServiceTarget {
  /** Name of the workload, for messages. */
  readonly name: string;
  /** Namespace the pods run in; the Service must be in it. */
  readonly namespace: string;
  /** Labels that select exactly these pods. */
  readonly selector: Readonly<Record<string, string>>;
  /** The pods' ports, by name; Service ports name them. */
  readonly ports: readonly ContainerPortSpec[];
  /**
   * Set when the pods serve an admin UI or API or a FaaS gateway, saying what it is (e.g. "the OpenFaaS gateway"):
   * a NodePort or LoadBalancer Service in front of them is refused.
   * @default not an admin gateway
   */
  readonly adminGateway?: string;
}

/** Pods that this library did not build (a Helm chart's, an operator's), described for a {@link Service}. */
export interface ServiceTargetOptions {
  /** A name for the pods, used in messages. */
  readonly name: string;
  /** Namespace of the pods. */
  readonly namespace: string;
  /** Labels that select exactly these pods. */
  readonly selector: Record<string, string>;
  /** The pods' ports, by name. */
  readonly ports: ContainerPortSpec[];
  /**
   * What admin UI, admin API or FaaS gateway the pods serve, if any: a NodePort or LoadBalancer Service in front of
   * them is then refused.
   * @default not an admin gateway
   */
  readonly adminGateway?: string;
}

const OPTIONS = ['name', 'namespace', 'selector', 'ports', 'adminGateway'];
const PORT_PROPS = ['name', 'port', 'protocol'];

/** Ready-made {@link IServiceTarget}s for pods this library does not build. */
export class ServiceTarget {
  /** Pods by labels and named ports, e.g. those of a Helm chart. */
  public static pods(options: ServiceTargetOptions): IServiceTarget {
    const v = new PropsValidator('ServiceTarget.pods');
    if (v.knownProps('', options, OPTIONS) && v.check(options !== undefined, 'options', options, '{ name, namespace, selector, ports, adminGateway? }')) {
      const o = options;
      v.format('name', o.name, DNS_LABEL, true);
      v.format('namespace', o.namespace, DNS_LABEL, true);
      if (v.check(isObject(o.selector) && Object.keys(o.selector).length > 0, 'selector', o.selector, 'the labels that select exactly these pods, e.g. { app: "grafana" }')) {
        v.map('selector', o.selector, LABEL_KEY, LABEL_VALUE);
      }
      if (v.check(Array.isArray(o.ports) && o.ports.length > 0, 'ports', o.ports, 'the pods\' ports by name, e.g. [{ name: "http", port: 3000 }]')) {
        o.ports.forEach((p, i) => {
          if (v.check(isObject(p), `ports[${i}]`, p, '{ name, port, protocol? }') && v.knownProps(`ports[${i}]`, p, PORT_PROPS)) {
            v.format(`ports[${i}].name`, p.name, PORT_NAME, true);
            v.format(`ports[${i}].port`, p.port, PORT_NUMBER, true);
            v.check(p.protocol === undefined || p.protocol === 'TCP' || p.protocol === 'UDP', `ports[${i}].protocol`, p.protocol, '"TCP" or "UDP"');
          }
        });
        v.unique('ports', o.ports.filter(isObject), (p) => String(p.name), 'a port name');
      }
      v.check(o.adminGateway === undefined || (typeof o.adminGateway === 'string' && o.adminGateway.trim().length > 0), 'adminGateway', o.adminGateway,
        'a description such as "the Grafana UI", or nothing');
    }
    v.throwIfInvalid();
    return { ...options, selector: { ...options.selector }, ports: options.ports.map((p) => ({ ...p })) };
  }

  /**
   * The gateway of an {@link OpenFaasInstall}: pods `app: gateway` (the openfaas chart's labels) in its control-plane
   * namespace, port "http" (8080). A NodePort or LoadBalancer Service in front of it is refused: the gateway deploys
   * and invokes functions.
   */
  public static openFaasGateway(install: Pick<OpenFaasInstall, 'namespace'>): IServiceTarget {
    const v = new PropsValidator('ServiceTarget.openFaasGateway');
    v.check(isObject(install) && DNS_LABEL.test(install.namespace), 'openFaasGateway(install)', isObject(install) ? install.namespace : install,
      'an OpenFaasInstall (or an object with its namespace, a DNS-1123 label)');
    v.throwIfInvalid();
    return {
      name: 'gateway', namespace: install.namespace, selector: { ...OPENFAAS_GATEWAY.podLabels }, ports: [{ name: 'http', port: 8080 }], adminGateway: OPENFAAS_GATEWAY.what,
    };
  }

  private constructor() {}
}
