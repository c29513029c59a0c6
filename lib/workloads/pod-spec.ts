import { AUTOMOUNT_REASON_ANNOTATION, HOST_ACCESS_REASON_ANNOTATION, NO_PROBES_REASON_ANNOTATION, WRITABLE_ROOT_ANNOTATION } from '../core/annotations';
import { ANNOTATION_KEY, DNS_LABEL, OBJECT_NAME } from '../core/formats';
import { PodTemplateSpec, k8s } from '../core/k8s';
import { propNames } from '../core/resource';
import { AcceptedRisk } from '../core/risk';
import { PropsValidator } from '../core/validator';
import { API_TOKEN_MOUNT, API_TOKEN_PATH, API_TOKEN_VOLUME, ApiAccess, apiTokenVolume, hidesApiToken } from '../security/api-access';
import { DOCKER_CONFIG_JSON, ISecretSource } from '../security/secret-source';
import {
  ContainerLayout, ContainerPortSpec, ContainerSpec, DEFAULT_USER, ExtraMount, renderContainer, validateContainer, writableVolumes,
} from './container-spec';
import { MountSource } from './file-mount';
import { HostAccess, describeHostAccess } from './host-access';
import { LifecycleAction } from './lifecycle';
import { DEFAULT_SPREAD, SCHEDULING_PROPS, SchedulingProps, renderScheduling, validateScheduling } from './scheduling';
import { Volume } from './volume';
import { PodDnsProps, renderDnsConfig, validatePodDns } from './pod-dns';

/** A second container in the pod (a proxy, an agent), with the same secure defaults as the main one. */
export interface SidecarContainer extends ContainerSpec {
  /** Name of the container. */
  readonly name: string;
  /** Ports it listens on; the first one is probed by default. */
  readonly ports: ContainerPortSpec[];
  /**
   * Run it as a native sidecar (Kubernetes 1.29+): an init container with `restartPolicy: Always`, started before
   * the main container and stopped after it, so that it never keeps a Job from completing.
   * @default true in Jobs, CronJobs and run-to-completion Pods; false elsewhere
   */
  readonly native?: boolean;
}

/** A container that runs to completion before the others start (e.g. fetching content into a shared volume). */
export interface InitContainer extends Omit<ContainerSpec, 'readiness' | 'liveness' | 'startup' | 'lifecycle'> {
  /** Name of the container. */
  readonly name: string;
}

/** The main container of a workload and its pod-level settings. */
export interface ContainerProps extends ContainerSpec, SchedulingProps, PodDnsProps {
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
   * Seconds a pod may run before it is stopped (for pods that run to completion).
   * @default no limit
   */
  readonly activeDeadlineSeconds?: number;
  /**
   * More containers in the pod, such as a TLS proxy (see NginxTlsSidecar) or Envoy (see EnvoySidecar).
   * @default none
   */
  readonly sidecars?: SidecarContainer[];
  /**
   * Containers that run to completion, in order, before the others start; with the same restricted defaults.
   * @default none
   */
  readonly initContainers?: InitContainer[];
  /**
   * Volumes that the containers share by name (`volumeMounts`), e.g. `{ source: Volume.emptyDir() }`.
   * @default none
   */
  readonly volumes?: Record<string, Volume>;
  /**
   * Registry credentials: Secrets of type kubernetes.io/dockerconfigjson (an ExternalSecret of that type, or an
   * ExistingSecret declared with that type).
   * @default none
   */
  readonly imagePullSecrets?: ISecretSource[];
  /**
   * Annotations of the pods.
   * @default none
   */
  readonly podAnnotations?: Record<string, string>;
  /**
   * Let the containers see each other's processes (e.g. a debugging sidecar).
   * @default false
   */
  readonly shareProcessNamespace?: boolean;
  /**
   * A long-running container has readiness and liveness probes (by default a TCP check of its first port). One
   * without a port has none, unless you give them: say why it needs none here (e.g. a queue consumer whose failure
   * shows in its exit). Recorded on the pod template.
   * @default probes are required
   */
  readonly withoutProbes?: AcceptedRisk;
}

/** Prop names of {@link ContainerSpec}. */
export const CONTAINER_SPEC_PROPS = propNames<ContainerSpec>()({
  image: true, command: true, args: true, workingDir: true, env: true, envFromSecrets: true, envFrom: true, resources: true, readiness: true, liveness: true,
  startup: true, writablePaths: true, mounts: true, volumeMounts: true, lifecycle: true, runAsUser: true, runAsGroup: true,
  allowWritableRootFilesystem: true,
});

/** Prop names of {@link ContainerProps} (the main container and the pod). */
export const CONTAINER_PROPS: readonly string[] = [
  ...CONTAINER_SPEC_PROPS,
  ...propNames<Omit<ContainerProps, keyof ContainerSpec | keyof SchedulingProps>>()({
    containerName: true, fsGroup: true, terminationGracePeriodSeconds: true, activeDeadlineSeconds: true, sidecars: true, initContainers: true,
    volumes: true, imagePullSecrets: true, podAnnotations: true, shareProcessNamespace: true, dnsPolicy: true, dnsConfig: true, hostAliases: true,
    withoutProbes: true,
  }),
  ...SCHEDULING_PROPS,
];

const SIDECAR_PROPS = [...CONTAINER_SPEC_PROPS, 'name', 'ports', 'native'];
const INIT_REFUSED = ['readiness', 'liveness', 'startup', 'lifecycle'];
const INIT_PROPS = [...CONTAINER_SPEC_PROPS.filter((p) => !INIT_REFUSED.includes(p)), 'name'];

export type { ContainerPortSpec, ExtraMount } from './container-spec';
export type { HostAlias, PodDnsConfig } from './pod-dns';

/** What a workload passes to {@link renderPodTemplate} besides the container props. */
export interface PodTemplateInput {
  /** Workload name; the default container name. */
  readonly name: string;
  /** Ports of the main container. */
  readonly ports: readonly ContainerPortSpec[];
  readonly labels: Record<string, string>;
  readonly selector: Record<string, string>;
  readonly serviceAccountName: string;
  /** Spread pods over zones and hosts (unless `topologySpread` is given). */
  readonly spread: boolean;
  /** Mounts of the main container besides its writable paths and files (claim templates). */
  readonly extraMounts?: readonly ExtraMount[];
  /**
   * The pod's restartPolicy.
   * @default "Always"
   */
  readonly restartPolicy?: 'Always' | 'OnFailure' | 'Never';
  /**
   * What the pods may do on their node (node agents).
   * @default nothing beyond Pod Security restricted
   */
  readonly hostAccess?: HostAccess;
  /**
   * The API access of the pods (validated): a projected API token in every container, and the reason on the pods.
   * @default no API token
   */
  readonly apiAccess?: ApiAccess;
}

const runsToCompletion = (restartPolicy: PodTemplateInput['restartPolicy']) => restartPolicy === 'OnFailure' || restartPolicy === 'Never';

function layouts(props: ContainerProps, name: string, ports: readonly ContainerPortSpec[], extraMounts: readonly ExtraMount[] | undefined,
  restartPolicy: PodTemplateInput['restartPolicy'], hostAccess?: HostAccess): Array<[ContainerSpec, ContainerLayout]> {
  const shared = { volumes: props.volumes, hostAccess, podPorts: podPorts(props, ports) };
  return [
    [props, { name: props.containerName ?? name, ports, volumePrefix: '', extraMounts, ...shared }],
    ...(props.sidecars ?? []).map((s): [ContainerSpec, ContainerLayout] => [s, {
      name: s.name, ports: s.ports ?? [], volumePrefix: `${s.name}-`, ...shared,
      role: (s.native ?? runsToCompletion(restartPolicy)) ? 'nativeSidecar' : 'container',
    }]),
    ...(props.initContainers ?? []).map((c): [ContainerSpec, ContainerLayout] => [c, { name: c.name, ports: [], volumePrefix: `${c.name}-`, ...shared, role: 'init' }]),
  ];
}

/** Every port of the pod: the main container's, then the sidecars'. */
export function podPorts(props: ContainerProps, mainPorts: readonly ContainerPortSpec[]): ContainerPortSpec[] {
  return [...mainPorts, ...(props.sidecars ?? []).flatMap((s) => s.ports ?? [])];
}

/** Checks the pod-level props: init containers, volumes, pull secrets, DNS, hosts and the probe requirement. */
function validatePodLevel(v: PropsValidator, props: ContainerProps, all: ReadonlyArray<[ContainerSpec, ContainerLayout]>, restartPolicy: PodTemplateInput['restartPolicy']): void {
  v.format('containerName', props.containerName, DNS_LABEL);
  (props.sidecars ?? []).forEach((s, i) => {
    v.knownProps(`sidecars[${i}]`, s, SIDECAR_PROPS);
    v.format(`sidecars[${i}].name`, s.name, DNS_LABEL, true);
  });
  (props.initContainers ?? []).forEach((c, i) => {
    // Probes and hooks are refused by validateContainer, with the reason: not as unknown props as well.
    v.knownProps(`initContainers[${i}]`, c, [...INIT_PROPS, ...INIT_REFUSED]);
    v.format(`initContainers[${i}].name`, c.name, DNS_LABEL, true);
  });
  v.unique('containers', all, ([, l]) => l.name, 'a container name');
  v.integer('fsGroup', props.fsGroup, 0, 2 ** 31 - 1);
  v.integer('terminationGracePeriodSeconds', props.terminationGracePeriodSeconds, 0);
  v.integer('activeDeadlineSeconds', props.activeDeadlineSeconds, 1);
  // The pod's own volumes: the writable paths', the file mounts' and the claims'. A shared volume of the same name
  // would silently take their place (a hostPath volume called "tmp" would become the main container's writable /tmp).
  const taken = new Set(all.flatMap(([spec, l]) => [
    ...writableVolumes(spec, l).map((vol) => vol.name),
    ...(spec.mounts ?? []).map((m) => m?.source?._volumeName).filter((n): n is string => typeof n === 'string'),
    ...(l.extraMounts ?? []).map((m) => m.volumeName),
  ]));
  const containerNames = all.map(([, l]) => l.name);
  for (const [name, volume] of Object.entries(props.volumes ?? {})) {
    v.format('volumes key', name, DNS_LABEL);
    v.check(!taken.has(name), 'volumes key', name, `a name that no writable path, file mount or claim of the pod uses (taken: ${[...taken].join(', ')})`);
    if (v.check(volume instanceof Volume, `volumes.${name}`, volume, 'a Volume, e.g. Volume.emptyDir()')) {
      volume._validate(v, `volumes.${name}`);
      volume._containerRefs.forEach((c) => v.check(containerNames.includes(c), `volumes.${name} container`, c,
        `the name of a container of the pod (${containerNames.join(', ')})`));
    }
  }
  (props.imagePullSecrets ?? []).forEach((s, i) => {
    v.format(`imagePullSecrets[${i}].secretName`, s?.secretName, OBJECT_NAME, true);
    v.check(s?.secretType === DOCKER_CONFIG_JSON, `imagePullSecrets[${i}]`, s?.secretName,
      `a Secret of type ${DOCKER_CONFIG_JSON} (declare ExistingSecret.named(name, { type: '${DOCKER_CONFIG_JSON}' }), or give the ExternalSecret that type)`);
  });
  v.map('podAnnotations', props.podAnnotations, ANNOTATION_KEY);
  validatePodDns(v, props);
  if (props.withoutProbes !== undefined) {
    v.check(typeof props.withoutProbes?.reason === 'string' && props.withoutProbes.reason.trim().length > 0, 'withoutProbes.reason', props.withoutProbes?.reason, 'a non-empty reason');
  }
  if (!runsToCompletion(restartPolicy)) {
    all.forEach(([spec, l], i) => {
      if (l.role !== 'init' && l.ports.length === 0 && spec.readiness === undefined && spec.liveness === undefined) {
        v.check(props.withoutProbes !== undefined, i === 0 ? 'liveness' : `sidecars[${i - 1}].liveness`, undefined,
          `a probe (a container "${l.name}" without ports gets no default probe; use Probe.exec([...])), or withoutProbes: { reason } saying why it needs none`);
      }
    });
  }
}

/**
 * Checks the containers of a workload named `name`: the main one (fields unprefixed), each sidecar (`sidecars[i].…`)
 * and init container (`initContainers[i].…`), then what they share: names, ports, volumes and the pod settings.
 */
export function validateContainerProps(v: PropsValidator, props: ContainerProps, name: string, ports: readonly ContainerPortSpec[],
  extraMounts: readonly ExtraMount[] = [], restartPolicy: PodTemplateInput['restartPolicy'] = 'Always', hostAccess?: HostAccess, apiToken = false): void {
  const all = layouts(props, name, ports, extraMounts, restartPolicy, hostAccess);
  const sidecars = (props.sidecars ?? []).length;
  const fields = all.map((_, i): ((x: string) => string) =>
    (i === 0 ? (x) => x : i <= sidecars ? (x) => `sidecars[${i - 1}].${x}` : (x) => `initContainers[${i - 1 - sidecars}].${x}`));
  all.forEach(([spec, layout], i) => validateContainer(v, spec, layout, fields[i]));
  validatePodLevel(v, props, all, restartPolicy);
  if (apiToken) {
    checkApiTokenMount(v, props, all, fields);
  }
  // Kubernetes refuses a sleep hook longer than the termination grace period (which defaults to 30 seconds).
  const grace = props.terminationGracePeriodSeconds ?? 30;
  all.forEach(([spec], i) => (['postStart', 'preStop'] as const).forEach((hook) => {
    const action = spec.lifecycle?.[hook];
    const seconds = action instanceof LifecycleAction ? action._sleepSeconds : undefined;
    v.check(seconds === undefined || seconds <= grace, fields[i](`lifecycle.${hook}.seconds`), seconds,
      `at most the pod's terminationGracePeriodSeconds (${grace})`);
  }));
  v.check(!(props.shareProcessNamespace && hostAccess?.pid), 'shareProcessNamespace', props.shareProcessNamespace,
    'false when hostAccess.pid is set (Kubernetes refuses both: the containers see the node\'s processes already)');
  const allPorts = podPorts(props, ports);
  v.unique('ports', allPorts, (p) => p.name, 'a port name');
  v.unique('ports', allPorts, (p) => `${p.port}/${p.protocol ?? 'TCP'}`, 'a port number');
  // One volume per ConfigMap or Secret: every container that mounts it must ask for the same items.
  const volumes = new Map<string, string>();
  all.forEach(([spec]) => (spec.mounts ?? []).filter((m) => m.source instanceof MountSource).forEach((m) => {
    const rendered = JSON.stringify(m.source._volume(), (_key, x: unknown) => (typeof x === 'bigint' ? `${x}n` : x));
    v.check((volumes.get(m.source._volumeName) ?? rendered) === rendered, 'mounts', m.source._volumeName,
      'the same items and defaultMode wherever one ConfigMap or Secret is mounted in the pod');
    volumes.set(m.source._volumeName, rendered);
  }));
  validateScheduling(v, props);
}

/**
 * With API access, every container mounts the token volume at the path client libraries read: no other volume of the
 * pod may take its name, and no mount its directory (or a path inside it, which is read-only).
 */
function checkApiTokenMount(v: PropsValidator, props: ContainerProps, all: ReadonlyArray<[ContainerSpec, ContainerLayout]>, fields: Array<(x: string) => string>): void {
  const taken = `a path outside ${API_TOKEN_PATH}, where apiAccess mounts the API token`;
  const volumeName = `a name other than "${API_TOKEN_VOLUME}", the volume of the API token (apiAccess)`;
  v.check(!Object.keys(props.volumes ?? {}).includes(API_TOKEN_VOLUME), 'volumes key', API_TOKEN_VOLUME, volumeName);
  all.forEach(([spec, layout], i) => {
    const f = fields[i];
    (spec.writablePaths ?? []).forEach((p, j) => {
      const path = typeof p === 'string' ? p : p?.path;
      v.check(!hidesApiToken(path), f(`writablePaths[${j}]`), path, taken);
    });
    v.check(writableVolumes(spec, layout).every((w) => w.name !== API_TOKEN_VOLUME), f('writablePaths'), spec.writablePaths,
      `paths whose volume names differ from "${API_TOKEN_VOLUME}", the volume of the API token (apiAccess)`);
    (spec.mounts ?? []).forEach((m, j) => v.check(!hidesApiToken(m?.path), f(`mounts[${j}].path`), m?.path, taken));
    (spec.volumeMounts ?? []).forEach((m, j) => v.check(!hidesApiToken(m?.path), f(`volumeMounts[${j}].path`), m?.path, taken));
    (layout.extraMounts ?? []).forEach((m) => {
      v.check(!hidesApiToken(m.mountPath), 'claims', m.mountPath, taken);
      v.check(m.volumeName !== API_TOKEN_VOLUME, 'claims', m.volumeName, volumeName);
    });
  });
}

/** Builds a pod template that passes Pod Security "restricted", from validated props. */
export function renderPodTemplate(props: ContainerProps, input: PodTemplateInput): PodTemplateSpec {
  const user = input.hostAccess?.runAsRoot ? 0 : props.runAsUser ?? DEFAULT_USER;
  const group = props.runAsGroup ?? user;
  const all = layouts(props, input.name, input.ports, input.extraMounts, input.restartPolicy, input.hostAccess);
  const writableReasons = all.flatMap(([spec, layout]) => (spec.allowWritableRootFilesystem ? [`${layout.name}: ${spec.allowWritableRootFilesystem.reason}`] : []));
  const hostReasons = [
    ...(input.hostAccess ? [describeHostAccess(input.hostAccess)] : []),
    ...Object.entries(props.volumes ?? {}).flatMap(([name, vol]) => (vol._hostReason ? [`volume ${name}: ${vol._hostReason}`] : [])),
  ];

  const volumes = new Map<string, k8s.Volume>();
  for (const [spec, layout] of all) {
    writableVolumes(spec, layout).forEach((vol) => volumes.set(vol.name, vol));
    (spec.mounts ?? []).forEach((m) => volumes.set(m.source._volumeName, m.source._volume()));
  }
  Object.entries(props.volumes ?? {}).forEach(([name, vol]) => volumes.set(name, vol._render(name, all[0][1].name)));
  const containers = all.filter(([, l]) => l.role === undefined || l.role === 'container');
  const init = [...all.filter(([, l]) => l.role === 'init'), ...all.filter(([, l]) => l.role === 'nativeSidecar')];
  const annotations = {
    ...props.podAnnotations,
    ...(writableReasons.length > 0 ? { [WRITABLE_ROOT_ANNOTATION]: writableReasons.join('; ') } : {}),
    ...(hostReasons.length > 0 ? { [HOST_ACCESS_REASON_ANNOTATION]: hostReasons.join('; ') } : {}),
    ...(props.withoutProbes ? { [NO_PROBES_REASON_ANNOTATION]: props.withoutProbes.reason } : {}),
    ...(input.apiAccess ? { [AUTOMOUNT_REASON_ANNOTATION]: input.apiAccess.reason } : {}),
  };
  // API access keeps automountServiceAccountToken off and mounts a projected token instead: the same files where
  // client libraries look, but with the lifetime and audience chosen here, and only in pods that said why.
  if (input.apiAccess) {
    volumes.set(API_TOKEN_VOLUME, apiTokenVolume(input.apiAccess));
  }
  const render = ([spec, layout]: [ContainerSpec, ContainerLayout]) => {
    const c = renderContainer(spec, layout);
    return input.apiAccess ? { ...c, volumeMounts: [...(c.volumeMounts ?? []), { ...API_TOKEN_MOUNT }] } : c;
  };

  return {
    metadata: { labels: input.labels, annotations: Object.keys(annotations).length > 0 ? annotations : undefined },
    spec: {
      serviceAccountName: input.serviceAccountName,
      automountServiceAccountToken: false,
      enableServiceLinks: false,
      restartPolicy: input.restartPolicy,
      terminationGracePeriodSeconds: props.terminationGracePeriodSeconds,
      activeDeadlineSeconds: props.activeDeadlineSeconds,
      shareProcessNamespace: props.shareProcessNamespace,
      hostNetwork: input.hostAccess?.network || undefined,
      hostPid: input.hostAccess?.pid || undefined,
      hostIpc: input.hostAccess?.ipc || undefined,
      // A pod on the host network resolves cluster names only with ClusterFirstWithHostNet.
      dnsPolicy: input.hostAccess?.network && (props.dnsPolicy ?? 'ClusterFirst') === 'ClusterFirst' ? 'ClusterFirstWithHostNet' : props.dnsPolicy,
      dnsConfig: renderDnsConfig(props.dnsConfig),
      hostAliases: props.hostAliases?.map((h) => ({ ip: h.ip, hostnames: [...h.hostnames] })),
      imagePullSecrets: props.imagePullSecrets?.map((s) => ({ name: s.secretName })),
      securityContext: {
        runAsNonRoot: !input.hostAccess?.runAsRoot,
        runAsUser: user,
        runAsGroup: group,
        fsGroup: props.fsGroup ?? group,
        fsGroupChangePolicy: 'OnRootMismatch',
        seccompProfile: { type: 'RuntimeDefault' },
      },
      initContainers: init.length > 0 ? init.map(render) : undefined,
      containers: containers.map(render),
      volumes: [...volumes.values()],
      ...renderScheduling(props, input.selector, input.spread ? DEFAULT_SPREAD : []),
    },
  };
}
