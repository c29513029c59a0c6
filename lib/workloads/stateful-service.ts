import { k8s, KubeStatefulSet } from '../core/k8s';
import { Construct } from 'constructs';
import { RESOURCE_ID, propNames } from '../core/resource';
import { ABSOLUTE_PATH, BYTE_QUANTITY, DNS_1035_LABEL, DNS_LABEL, OBJECT_NAME, POSITIVE_QUANTITY } from '../core/formats';
import { PropsValidator } from '../core/validator';
import { Service } from '../networking/service';
import { ContainerPortSpec, ContainerProps, podPorts } from './pod-spec';
import { list, object } from './shapes';
import { REPLICATED_WORKLOAD_PROPS, ReplicatedWorkloadProps, Workload } from './workload';

/** Access modes of a persistent volume claim. */
export type AccessMode = 'ReadWriteOnce' | 'ReadWriteOncePod' | 'ReadOnlyMany' | 'ReadWriteMany';

/** A persistent volume per pod, created from a `volumeClaimTemplates` entry and mounted into the container. */
export interface ClaimTemplate {
  /** Name of the claim template; each pod's claim is called `<name>-<statefulset>-<ordinal>`. */
  readonly name: string;
  /** Where the volume is mounted in the container. */
  readonly mountPath: string;
  /** Requested size, e.g. "10Gi". */
  readonly size: string;
  /**
   * StorageClass of the volumes. Set it explicitly in production so the volume type does not depend on the
   * cluster's default class.
   * @default the cluster's default StorageClass
   */
  readonly storageClassName?: string;
  /**
   * Access modes.
   * @default ["ReadWriteOnce"]
   */
  readonly accessModes?: AccessMode[];
  /**
   * Sub-directory of the volume to mount (keeps e.g. `lost+found` out of a database directory).
   * @default the volume root
   */
  readonly subPath?: string;
}

/** What happens to the claims (and their data) when the StatefulSet is deleted or scaled down. */
export interface ClaimRetention {
  /**
   * On deletion of the StatefulSet.
   * @default "Retain"
   */
  readonly whenDeleted?: 'Retain' | 'Delete';
  /**
   * On scale-down, for the removed ordinals.
   * @default "Retain"
   */
  readonly whenScaled?: 'Retain' | 'Delete';
  /**
   * Why data may be deleted; required when either policy is "Delete".
   * @default none
   */
  readonly reason?: string;
}

/** Props of a {@link StatefulService}. The name must be at most 52 characters, as the StatefulSet controller appends a revision hash to it in a label. */
export interface StatefulServiceProps extends ReplicatedWorkloadProps, ContainerProps {
  /**
   * Number of pods.
   * @default 1
   */
  readonly replicas?: number;
  /** Ports the container listens on; the first one is probed by default. */
  readonly ports: ContainerPortSpec[];
  /**
   * Per-pod persistent volumes.
   * @default none
   */
  readonly claims?: ClaimTemplate[];
  /**
   * Claim retention; data is kept unless you explicitly choose otherwise with a reason.
   * @default retain on delete and on scale-down
   */
  readonly claimRetention?: ClaimRetention;
  /**
   * Name of the headless governing Service (the StatefulSet's `serviceName`), which gives each pod a stable
   * DNS name `<pod>.<headless>.<namespace>.svc`.
   * @default "<name>-headless"
   */
  readonly headlessServiceName?: string;
  /**
   * Whether to create a ClusterIP Service named after the workload for clients.
   * @default true
   */
  readonly clientService?: boolean;
  /**
   * Pod start order.
   * @default "OrderedReady"
   */
  readonly podManagementPolicy?: 'OrderedReady' | 'Parallel';
}

const ACCESS_MODES: readonly string[] = ['ReadWriteOnce', 'ReadWriteOncePod', 'ReadOnlyMany', 'ReadWriteMany'];
const PROPS = [
  ...REPLICATED_WORKLOAD_PROPS,
  ...propNames<Omit<StatefulServiceProps, keyof ReplicatedWorkloadProps | keyof ContainerProps>>()({
    replicas: true, ports: true, claims: true, claimRetention: true, headlessServiceName: true, clientService: true, podManagementPolicy: true,
  }),
];
const CLAIM_PROPS = propNames<ClaimTemplate>()({ name: true, mountPath: true, size: true, storageClassName: true, accessModes: true, subPath: true });

/**
 * A stateful workload: a StatefulSet with per-pod volume claim templates, a headless governing Service, a client
 * Service, its own ServiceAccount and a PodDisruptionBudget. Claims are retained when the set is deleted or
 * scaled down, and pods pass Pod Security "restricted".
 */
export class StatefulService extends Workload {
  /** Ports of every container (the main one first). */
  public readonly ports: readonly ContainerPortSpec[];
  /** Ports of the main container. */
  private readonly mainPorts: readonly ContainerPortSpec[];
  /** Name of the headless governing Service. */
  public readonly headlessServiceName: string;
  /** Name of the client Service, if created. */
  public readonly clientServiceName?: string;

  public constructor(scope: Construct, id: string, props: StatefulServiceProps) {
    super(scope, id, props, {
      props: PROPS,
      shapes: {
        claims: list(object({ accessModes: list('any', 'access modes'), subPath: 'string' }, 'a claim template { name, mountPath, size }'), 'claim templates'),
        claimRetention: object({}, 'an object { whenDeleted, whenScaled, reason }'),
      },
    });
    this.mainPorts = props.ports ?? [];
    this.ports = podPorts(props, this.mainPorts);
    this.headlessServiceName = props.headlessServiceName ?? `${this.name}-headless`;
    const claims = props.claims ?? [];
    const retention = props.claimRetention ?? {};

    const v = this.validator;
    v.check(this.name.length <= 52, 'name', this.name, 'at most 52 characters (the StatefulSet controller appends a revision hash to it in a label)');
    v.format('headlessServiceName', this.headlessServiceName, DNS_1035_LABEL, true);
    v.integer('replicas', props.replicas, 0, 10000);
    v.check(this.mainPorts.length > 0, 'ports', props.ports, 'at least one container port (the Services route to them)');
    claims.forEach((c, i) => {
      v.knownProps(`claims[${i}]`, c, CLAIM_PROPS);
      v.format(`claims[${i}].name`, c.name, DNS_LABEL, true);
      v.format(`claims[${i}].mountPath`, c.mountPath, ABSOLUTE_PATH, true);
      if (v.format(`claims[${i}].size`, c.size, POSITIVE_QUANTITY, true)) {
        v.format(`claims[${i}].size`, c.size, BYTE_QUANTITY);
      }
      v.format(`claims[${i}].storageClassName`, c.storageClassName, OBJECT_NAME);
      (c.accessModes ?? []).forEach((m, j) => v.check(ACCESS_MODES.includes(m), `claims[${i}].accessModes[${j}]`, m, `one of ${ACCESS_MODES.join(', ')}`));
      v.check(c.accessModes === undefined || c.accessModes.length > 0, `claims[${i}].accessModes`, c.accessModes, 'at least one access mode');
      v.check(c.subPath === undefined || (c.subPath.length > 0 && !c.subPath.startsWith('/') && !c.subPath.split('/').includes('..')),
        `claims[${i}].subPath`, c.subPath, 'a relative path inside the volume, without ".."');
    });
    v.unique('claims', claims, (c) => c.name, 'a claim name');
    v.unique('claims', claims, (c) => c.mountPath, 'a mount path');
    for (const key of ['whenDeleted', 'whenScaled'] as const) {
      v.check(retention[key] === undefined || retention[key] === 'Retain' || retention[key] === 'Delete', `claimRetention.${key}`, retention[key], '"Retain" or "Delete"');
    }
    const deletes = retention.whenDeleted === 'Delete' || retention.whenScaled === 'Delete';
    v.check(retention.reason === undefined || typeof retention.reason === 'string', 'claimRetention.reason', retention.reason, 'a sentence');
    v.check(!deletes || (typeof retention.reason === 'string' && retention.reason.trim().length > 0), 'claimRetention.reason', retention.reason,
      'a reason why deleting the claims (and their data) is acceptable, since "Delete" is set');
    const claimMounts = claims.map((c) => ({ volumeName: c.name, mountPath: c.mountPath, subPath: c.subPath }));
    v.knownProps('claimRetention', props.claimRetention, ['whenDeleted', 'whenScaled', 'reason']);
    v.check(props.podManagementPolicy === undefined || props.podManagementPolicy === 'OrderedReady' || props.podManagementPolicy === 'Parallel',
      'podManagementPolicy', props.podManagementPolicy, '"OrderedReady" or "Parallel"');
    v.check(props.clientService === undefined || typeof props.clientService === 'boolean', 'clientService', props.clientService, 'true or false');
    this.validatePod(props, this.mainPorts, 'Always', claimMounts);
    v.throwIfInvalid();

    const replicas = props.replicas ?? 1;
    const servicePorts = this.mainPorts.map((p) => ({ name: p.name, port: p.port }));

    this.addServiceAccount();

    this.buildChild('headless-service', (f) => (f === 'name' ? 'headlessServiceName' : f), () => new Service(this, 'headless-service', {
      name: this.headlessServiceName,
      namespace: this.namespace,
      labels: this.labels,
      target: this,
      type: 'Headless',
      // Peers find each other while starting, before they are ready.
      publishNotReadyAddresses: true,
      ports: servicePorts,
    }));

    if (props.clientService ?? true) {
      this.clientServiceName = this.name;
      this.buildChild('client-service', (f) => f, () => new Service(this, 'client-service', {
        name: this.name, namespace: this.namespace, labels: this.labels, target: this, ports: servicePorts,
      }));
    }

    new KubeStatefulSet(this, RESOURCE_ID, {
      metadata: this.metadata(this.name, props),
      spec: {
        serviceName: this.headlessServiceName,
        replicas,
        selector: { matchLabels: { ...this.selector } },
        podManagementPolicy: props.podManagementPolicy ?? 'OrderedReady',
        updateStrategy: { type: 'RollingUpdate' },
        persistentVolumeClaimRetentionPolicy: {
          whenDeleted: retention.whenDeleted ?? 'Retain',
          whenScaled: retention.whenScaled ?? 'Retain',
        },
        template: this.podTemplate(props, { ports: this.mainPorts, spread: props.spread ?? replicas > 1, extraMounts: claimMounts }),
        volumeClaimTemplates: claims.length === 0 ? undefined : claims.map((c) => ({
          metadata: { name: c.name, labels: { ...this.selector } },
          spec: {
            accessModes: c.accessModes ?? ['ReadWriteOnce'],
            storageClassName: c.storageClassName,
            resources: { requests: { storage: k8s.Quantity.fromString(c.size) } },
          },
        })),
      },
    });

    this.addDisruptionBudget(replicas, props.disruptionBudget);
  }

  /** DNS name of the client Service (or, without one, of the headless Service), e.g. "mysql.shop.svc". */
  public get host(): string {
    return `${this.clientServiceName ?? this.headlessServiceName}.${this.namespace}.svc`;
  }

  /** `host:port` of the named port, e.g. "mysql.shop.svc:3306". */
  public address(portName: string): string {
    const port = this.mainPorts.find((p) => p.name === portName);
    const v = PropsValidator.of(this);
    v.check(port !== undefined, 'address(portName)', portName, `one of the port names: ${this.mainPorts.map((p) => p.name).join(', ')}`);
    v.throwIfInvalid();
    return `${this.host}:${port!.port}`;
  }
}
