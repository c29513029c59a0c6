import { k8s } from '../core/k8s';
import { WRITABLE_ROOT_ANNOTATION } from '../core/annotations';
import { DNS_LABEL } from '../core/formats';
import { PropsValidator } from '../core/validator';
import { MountSource } from './file-mount';
import {
  ContainerLayout, ContainerPortSpec, ContainerSpec, DEFAULT_USER, ExtraMount, renderContainer, validateContainer, writableVolumes,
} from './container-spec';

/** A second container in the pod (a proxy, an agent), with the same secure defaults as the main one. */
export interface SidecarContainer extends ContainerSpec {
  /** Name of the container. */
  readonly name: string;
  /** Ports it listens on; the first one is probed by default. */
  readonly ports: ContainerPortSpec[];
}

/** The main container of a workload and its pod-level settings. */
export interface ContainerProps extends ContainerSpec {
  /**
   * Name of the main container.
   * @default the workload name
   */
  readonly containerName?: string;
  /**
   * GID that owns mounted volumes, so that a non-root process can write its data.
   * @default the main container's runAsGroup
   */
  readonly fsGroup?: number;
  /**
   * Seconds the pod gets to shut down after SIGTERM.
   * @default 30 (the Kubernetes default)
   */
  readonly terminationGracePeriodSeconds?: number;
  /**
   * More containers in the pod, such as a TLS proxy (see NginxTlsSidecar) or Envoy (see EnvoySidecar).
   * @default none
   */
  readonly sidecars?: SidecarContainer[];
}

export type { ContainerPortSpec, ExtraMount } from './container-spec';

/** What a workload passes to {@link renderPodTemplate} besides the container props. */
export interface PodTemplateInput {
  /** Workload name; the default container name. */
  readonly name: string;
  /** Ports of the main container. */
  readonly ports: readonly ContainerPortSpec[];
  readonly labels: Record<string, string>;
  readonly selector: Record<string, string>;
  readonly serviceAccountName: string;
  /** Spread pods over zones and hosts. */
  readonly spread: boolean;
  /** Mounts of the main container besides its writable paths and files (claim templates). */
  readonly extraMounts?: readonly ExtraMount[];
}

function layouts(props: ContainerProps, name: string, ports: readonly ContainerPortSpec[], extraMounts?: readonly ExtraMount[]): Array<[ContainerSpec, ContainerLayout]> {
  return [
    [props, { name: props.containerName ?? name, ports, volumePrefix: '', extraMounts }],
    ...(props.sidecars ?? []).map((s): [ContainerSpec, ContainerLayout] => [s, { name: s.name, ports: s.ports ?? [], volumePrefix: `${s.name}-` }]),
  ];
}

/** Every port of the pod: the main container's, then the sidecars'. */
export function podPorts(props: ContainerProps, mainPorts: readonly ContainerPortSpec[]): ContainerPortSpec[] {
  return [...mainPorts, ...(props.sidecars ?? []).flatMap((s) => s.ports ?? [])];
}

/**
 * Checks the containers of a workload named `name`: the main one (fields unprefixed) and each sidecar (`sidecars[i].…`),
 * then what they share: names, ports and volumes.
 */
export function validateContainerProps(v: PropsValidator, props: ContainerProps, name: string, ports: readonly ContainerPortSpec[],
  extraMounts: readonly ExtraMount[] = []): void {
  const all = layouts(props, name, ports, extraMounts);
  all.forEach(([spec, layout], i) => validateContainer(v, spec, layout, i === 0 ? (x) => x : (x) => `sidecars[${i - 1}].${x}`));
  v.format('containerName', props.containerName, DNS_LABEL);
  (props.sidecars ?? []).forEach((s, i) => v.format(`sidecars[${i}].name`, s.name, DNS_LABEL, true));
  v.unique('containers', all, ([, l]) => l.name, 'a container name');
  const allPorts = podPorts(props, ports);
  v.unique('ports', allPorts, (p) => p.name, 'a port name');
  v.unique('ports', allPorts, (p) => `${p.port}/${p.protocol ?? 'TCP'}`, 'a port number');
  v.integer('fsGroup', props.fsGroup, 0, 2 ** 31 - 1);
  v.integer('terminationGracePeriodSeconds', props.terminationGracePeriodSeconds, 0);
  // One volume per ConfigMap or Secret: every container that mounts it must ask for the same items.
  const volumes = new Map<string, string>();
  all.forEach(([spec]) => (spec.mounts ?? []).filter((m) => m.source instanceof MountSource).forEach((m) => {
    const rendered = JSON.stringify(m.source._volume());
    v.check((volumes.get(m.source._volumeName) ?? rendered) === rendered, 'mounts', m.source._volumeName,
      'the same items wherever one ConfigMap or Secret is mounted in the pod');
    volumes.set(m.source._volumeName, rendered);
  }));
}

function topologySpread(selector: Record<string, string>): k8s.TopologySpreadConstraint[] {
  return [
    // Zones: best effort, so clusters with fewer zones than replicas still schedule.
    { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: selector } },
    // Hosts: strict, so one node failure never takes more than its share of replicas.
    { maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: selector } },
  ];
}

/** Builds a pod template that passes Pod Security "restricted", from validated props. */
export function renderPodTemplate(props: ContainerProps, input: PodTemplateInput): k8s.PodTemplateSpec {
  const user = props.runAsUser ?? DEFAULT_USER;
  const group = props.runAsGroup ?? user;
  const all = layouts(props, input.name, input.ports, input.extraMounts);
  const reasons = all.flatMap(([spec, layout]) => (spec.allowWritableRootFilesystem ? [`${layout.name}: ${spec.allowWritableRootFilesystem.reason}`] : []));

  const volumes = new Map<string, k8s.Volume>();
  for (const [spec, layout] of all) {
    writableVolumes(spec, layout).forEach((vol) => volumes.set(vol.name, vol));
    (spec.mounts ?? []).forEach((m) => volumes.set(m.source._volumeName, m.source._volume()));
  }

  return {
    metadata: { labels: input.labels, annotations: reasons.length > 0 ? { [WRITABLE_ROOT_ANNOTATION]: reasons.join('; ') } : undefined },
    spec: {
      serviceAccountName: input.serviceAccountName,
      automountServiceAccountToken: false,
      enableServiceLinks: false,
      terminationGracePeriodSeconds: props.terminationGracePeriodSeconds,
      securityContext: {
        runAsNonRoot: true,
        runAsUser: user,
        runAsGroup: group,
        fsGroup: props.fsGroup ?? group,
        fsGroupChangePolicy: 'OnRootMismatch',
        seccompProfile: { type: 'RuntimeDefault' },
      },
      containers: all.map(([spec, layout]) => renderContainer(spec, layout)),
      volumes: [...volumes.values()],
      topologySpreadConstraints: input.spread ? topologySpread(input.selector) : undefined,
    },
  };
}
