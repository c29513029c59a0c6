import { k8s } from 'cdk8s-plus-27';
import {
  ABSOLUTE_PATH, DNS_LABEL, ENV_NAME, PINNED_IMAGE, PORT_NAME, PORT_NUMBER, POSITIVE_QUANTITY, parseQuantity,
} from '../core/formats';
import { WRITABLE_ROOT_ANNOTATION } from '../core/annotations';
import { PropsValidator } from '../core/validator';
import { ISecretSource } from '../security/secret-source';
import { EnvValue } from './env-value';
import { Probe, ProbeRole } from './probe';

/** CPU and memory amounts, as Kubernetes quantities. */
export interface ResourceAmounts {
  /**
   * CPU, e.g. "250m" or "1".
   * @default see {@link ResourceRequirements}
   */
  readonly cpu?: string;
  /**
   * Memory, e.g. "256Mi" or "1Gi".
   * @default see {@link ResourceRequirements}
   */
  readonly memory?: string;
}

/**
 * Requests and limits of a container. For CPU and for memory separately: when neither is given, the defaults
 * apply (CPU 100m request / 500m limit, memory 128Mi / 256Mi); when only one of request and limit is given, the
 * other takes the same value.
 */
export interface ResourceRequirements {
  /**
   * What the scheduler reserves for the container.
   * @default cpu "100m", memory "128Mi"
   */
  readonly requests?: ResourceAmounts;
  /**
   * The most the container may use.
   * @default cpu "500m", memory "256Mi"
   */
  readonly limits?: ResourceAmounts;
}

/** A directory that stays writable although the root file system is read-only (an `emptyDir` volume). */
export interface WritablePath {
  /** Absolute path inside the container. */
  readonly path: string;
  /**
   * Most data the directory may hold before the pod is evicted.
   * @default "256Mi"
   */
  readonly sizeLimit?: string;
}

/** A port the container listens on. */
export interface ContainerPortSpec {
  /** IANA name of the port, used by Services, probes and NetworkPolicies (e.g. "http", "mysql"). */
  readonly name: string;
  /** Port number inside the container. */
  readonly port: number;
  /**
   * Transport protocol.
   * @default "TCP"
   */
  readonly protocol?: 'TCP' | 'UDP';
}

/** An explicit, justified exception to a secure default. */
export interface UnsafeException {
  /** Why the exception is needed; recorded as an annotation on the pod template. */
  readonly reason: string;
}

/** The container of a workload and its pod-level security settings. */
export interface ContainerProps {
  /** Image reference pinned by tag or digest, e.g. "mysql:8.4.7"; untagged and ":latest" images are rejected. */
  readonly image: string;
  /**
   * Name of the container.
   * @default the workload name
   */
  readonly containerName?: string;
  /**
   * Entrypoint override.
   * @default the image's ENTRYPOINT
   */
  readonly command?: string[];
  /**
   * Arguments to the entrypoint.
   * @default the image's CMD
   */
  readonly args?: string[];
  /**
   * Environment variables; a plain string is a literal value. Credentials must come from a Secret
   * ({@link EnvValue.fromSecret}); literal values for names like `*_PASSWORD` are rejected.
   * @default none
   */
  readonly env?: Record<string, string | EnvValue>;
  /**
   * Secrets whose every key becomes an environment variable.
   * @default none
   */
  readonly envFromSecrets?: ISecretSource[];
  /**
   * CPU and memory requests and limits.
   * @default requests 100m / 128Mi, limits 500m / 256Mi
   */
  readonly resources?: ResourceRequirements;
  /**
   * Readiness probe: traffic is sent only while it passes.
   * @default a TCP check of the first port
   */
  readonly readiness?: Probe;
  /**
   * Liveness probe: the container is restarted when it fails.
   * @default a TCP check of the first port, with slower timing than readiness
   */
  readonly liveness?: Probe;
  /**
   * Startup probe: holds off liveness until a slow start is over.
   * @default none
   */
  readonly startup?: Probe;
  /**
   * Directories that stay writable (as `emptyDir` volumes) under the read-only root file system.
   * @default ["/tmp"]
   */
  readonly writablePaths?: (string | WritablePath)[];
  /**
   * UID the container runs as. Must not be 0.
   * @default 65532
   */
  readonly runAsUser?: number;
  /**
   * GID the container runs as.
   * @default the value of runAsUser
   */
  readonly runAsGroup?: number;
  /**
   * GID that owns mounted volumes, so that a non-root process can write its data.
   * @default the value of runAsGroup
   */
  readonly fsGroup?: number;
  /**
   * Makes the root file system writable. Only for images that cannot run read-only; the reason is recorded.
   * @default the root file system is read-only
   */
  readonly allowWritableRootFilesystem?: UnsafeException;
  /**
   * Seconds the pod gets to shut down after SIGTERM.
   * @default 30 (the Kubernetes default)
   */
  readonly terminationGracePeriodSeconds?: number;
}

const DEFAULT_RESOURCES = { cpu: ['100m', '500m'], memory: ['128Mi', '256Mi'] } as const;
const DEFAULT_USER = 65532;
const DEFAULT_WRITABLE_SIZE = '256Mi';

/** A volume mounted by the workload's container in addition to its writable paths (e.g. a claim template). */
export interface ExtraMount {
  readonly volumeName: string;
  readonly mountPath: string;
  readonly subPath?: string;
}

/** What a workload passes to {@link renderPodTemplate} besides the container props. */
export interface PodTemplateInput {
  /** Workload name; the default container name. */
  readonly name: string;
  readonly ports: readonly ContainerPortSpec[];
  readonly labels: Record<string, string>;
  readonly selector: Record<string, string>;
  readonly serviceAccountName: string;
  /** Spread pods over zones and hosts. */
  readonly spread: boolean;
  readonly extraMounts?: readonly ExtraMount[];
}

function writablePaths(props: ContainerProps): WritablePath[] {
  return (props.writablePaths ?? ['/tmp']).map((p) => (typeof p === 'string' ? { path: p } : p));
}

/** Volume name for a writable path: "/var/run/mysqld" becomes "var-run-mysqld". */
function volumeNameFor(path: string): string {
  const name = path.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return (name || 'root').slice(0, 63).replace(/-+$/, '');
}

function resolveResources(r: ResourceRequirements | undefined): Record<'requests' | 'limits', Record<'cpu' | 'memory', string>> {
  const out = { requests: {} as Record<'cpu' | 'memory', string>, limits: {} as Record<'cpu' | 'memory', string> };
  for (const res of ['cpu', 'memory'] as const) {
    const req = r?.requests?.[res];
    const lim = r?.limits?.[res];
    out.requests[res] = req ?? lim ?? DEFAULT_RESOURCES[res][0];
    out.limits[res] = lim ?? req ?? DEFAULT_RESOURCES[res][1];
  }
  return out;
}

/** Checks container props; `extraMounts` are the workload's other mounts (e.g. claim templates). */
export function validateContainerProps(
  v: PropsValidator, props: ContainerProps, ports: readonly ContainerPortSpec[], extraMounts: readonly ExtraMount[] = [],
): void {
  v.format('image', props.image, PINNED_IMAGE, true);
  v.format('containerName', props.containerName, DNS_LABEL);
  v.check(ports.length > 0, 'ports', ports, 'at least one container port');
  ports.forEach((p, i) => {
    v.format(`ports[${i}].name`, p.name, PORT_NAME, true);
    v.format(`ports[${i}].port`, p.port, PORT_NUMBER, true);
    v.check(p.protocol === undefined || p.protocol === 'TCP' || p.protocol === 'UDP', `ports[${i}].protocol`, p.protocol, '"TCP" or "UDP"');
  });
  v.unique('ports', ports, (p) => p.name, 'a port name');
  v.unique('ports', ports, (p) => `${p.port}/${p.protocol ?? 'TCP'}`, 'a port number');

  for (const [name, value] of Object.entries(props.env ?? {})) {
    v.format('env key', name, ENV_NAME);
    (typeof value === 'string' ? EnvValue.fromValue(value) : value)._validate(v, `env.${name}`, name);
  }
  (props.envFromSecrets ?? []).forEach((s, i) => v.check(typeof s?.secretName === 'string' && s.secretName.length > 0,
    `envFromSecrets[${i}]`, s, 'a secret source with a name'));

  const resources = resolveResources(props.resources);
  for (const kind of ['requests', 'limits'] as const) {
    for (const res of ['cpu', 'memory'] as const) {
      v.format(`resources.${kind}.${res}`, resources[kind][res], POSITIVE_QUANTITY);
    }
  }
  for (const res of ['cpu', 'memory'] as const) {
    const req = parseQuantity(resources.requests[res]);
    const lim = parseQuantity(resources.limits[res]);
    if (req !== undefined && lim !== undefined) {
      v.check(req <= lim, `resources.requests.${res}`, resources.requests[res], `a request no larger than the limit (${resources.limits[res]})`);
    }
  }

  const portNames = ports.map((p) => p.name);
  props.readiness?._validate(v, 'readiness', portNames);
  props.liveness?._validate(v, 'liveness', portNames);
  props.startup?._validate(v, 'startup', portNames);

  const paths = writablePaths(props);
  paths.forEach((p, i) => {
    v.format(`writablePaths[${i}].path`, p.path, ABSOLUTE_PATH, true);
    v.format(`writablePaths[${i}].sizeLimit`, p.sizeLimit, POSITIVE_QUANTITY);
  });
  v.unique('writablePaths', paths, (p) => volumeNameFor(p.path), 'a path (after mapping to a volume name)');
  paths.forEach((p, i) => {
    const clash = extraMounts.find((m) => m.volumeName === volumeNameFor(p.path) || m.mountPath === p.path);
    v.check(clash === undefined, `writablePaths[${i}].path`, p.path,
      `a path other than ${clash?.mountPath} whose volume name differs from "${clash?.volumeName}", which a claim already uses`);
  });

  v.integer('runAsUser', props.runAsUser, 1, 2 ** 31 - 1);
  v.integer('runAsGroup', props.runAsGroup, 0, 2 ** 31 - 1);
  v.integer('fsGroup', props.fsGroup, 0, 2 ** 31 - 1);
  v.integer('terminationGracePeriodSeconds', props.terminationGracePeriodSeconds, 0);
  if (props.allowWritableRootFilesystem) {
    v.check(props.allowWritableRootFilesystem.reason?.trim().length > 0, 'allowWritableRootFilesystem.reason',
      props.allowWritableRootFilesystem.reason, 'a non-empty reason');
  }
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
  const resources = resolveResources(props.resources);
  const firstPort = input.ports[0].name;
  const probe = (role: ProbeRole, p: Probe | undefined) => (p ?? Probe.tcp(firstPort))._render(role);
  const paths = writablePaths(props);
  const seccompProfile = { type: 'RuntimeDefault' };

  const env = Object.entries(props.env ?? {})
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => (typeof value === 'string' ? EnvValue.fromValue(value) : value)._render(name));

  const container: k8s.Container = {
    name: props.containerName ?? input.name,
    image: props.image,
    imagePullPolicy: 'IfNotPresent',
    command: props.command,
    args: props.args,
    ports: input.ports.map((p) => ({ name: p.name, containerPort: p.port, protocol: p.protocol ?? 'TCP' })),
    env: env.length > 0 ? env : undefined,
    envFrom: props.envFromSecrets?.map((s) => ({ secretRef: { name: s.secretName, optional: false } })),
    resources: {
      requests: { cpu: k8s.Quantity.fromString(resources.requests.cpu), memory: k8s.Quantity.fromString(resources.requests.memory) },
      limits: { cpu: k8s.Quantity.fromString(resources.limits.cpu), memory: k8s.Quantity.fromString(resources.limits.memory) },
    },
    readinessProbe: probe('readiness', props.readiness),
    livenessProbe: probe('liveness', props.liveness),
    startupProbe: props.startup?._render('startup'),
    securityContext: {
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      privileged: false,
      readOnlyRootFilesystem: props.allowWritableRootFilesystem === undefined,
      runAsNonRoot: true,
      runAsUser: user,
      runAsGroup: group,
      seccompProfile,
    },
    volumeMounts: [
      ...(input.extraMounts ?? []).map((m) => ({ name: m.volumeName, mountPath: m.mountPath, subPath: m.subPath })),
      ...paths.map((p) => ({ name: volumeNameFor(p.path), mountPath: p.path })),
    ],
  };

  const annotations = props.allowWritableRootFilesystem
    ? { [WRITABLE_ROOT_ANNOTATION]: props.allowWritableRootFilesystem.reason }
    : undefined;

  return {
    metadata: { labels: input.labels, annotations },
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
        seccompProfile,
      },
      containers: [container],
      volumes: paths.map((p) => ({
        name: volumeNameFor(p.path),
        emptyDir: { sizeLimit: k8s.Quantity.fromString(p.sizeLimit ?? DEFAULT_WRITABLE_SIZE) },
      })),
      topologySpreadConstraints: input.spread ? topologySpread(input.selector) : undefined,
    },
  };
}
