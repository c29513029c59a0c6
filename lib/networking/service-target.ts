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

/** Ready-made {@link IServiceTarget}s for pods this library does not build. */
export class ServiceTarget {
  /** Pods by labels and named ports, e.g. those of a Helm chart. */
  public static pods(options: ServiceTargetOptions): IServiceTarget {
    return { ...options };
  }

  /**
   * The gateway of an {@link OpenFaasInstall}: pods `app: gateway` (the openfaas chart's labels) in its control-plane
   * namespace, port "http" (8080). A NodePort or LoadBalancer Service in front of it is refused: the gateway deploys
   * and invokes functions.
   */
  public static openFaasGateway(install: Pick<OpenFaasInstall, 'namespace'>): IServiceTarget {
    return {
      name: 'gateway', namespace: install.namespace, selector: { ...OPENFAAS_GATEWAY.podLabels }, ports: [{ name: 'http', port: 8080 }], adminGateway: OPENFAAS_GATEWAY.what,
    };
  }

  private constructor() {}
}
