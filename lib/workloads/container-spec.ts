import { Container, k8s } from '../core/k8s';
import { ABSOLUTE_PATH, BYTE_QUANTITY, PINNED_IMAGE, PORT_NAME, PORT_NUMBER, POSITIVE_QUANTITY } from '../core/formats';
import { AcceptedRisk } from '../core/risk';
import { PropsValidator } from '../core/validator';
import { ISecretSource } from '../security/secret-source';
import type { IConfigMapSource } from './config-map';
import { EnvValue } from './env-value';
import { renderEnvFrom, validateEnvFrom } from './env-from';
import { FileMount, validateFileMounts } from './file-mount';
import { HostAccess } from './host-access';
import { LifecycleAction, LifecycleHooks } from './lifecycle';
import { Probe, ProbeRole } from './probe';
import { CONTAINER_SHAPES, checkShapes } from './shapes';
import { validateEnv, validateResourceAmounts } from './container-checks';
import { Volume, VolumeMount } from './volume';

export { MAX_ENV_TOTAL_BYTES, validateResourceAmounts } from './container-checks';

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

/**
 * An explicit, justified exception to a secure default.
 * @deprecated use AcceptedRisk (the same `{ reason }` shape)
 */
export type UnsafeException = AcceptedRisk;

/** One container: image, command, environment, resources, probes and its own security settings. */
export interface ContainerSpec {
  /** Image reference pinned by tag or digest, e.g. "mysql:8.4.7"; untagged and ":latest" images are rejected. */
  readonly image: string;
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
   * Working directory of the command.
   * @default the image's WORKDIR
   */
  readonly workingDir?: string;
  /**
   * Environment variables; a plain string is a literal value. Credentials must come from a Secret
   * ({@link EnvValue.fromSecret}); literal values for names like `*_PASSWORD` are rejected.
   * @default none
   */
  readonly env?: Record<string, string | EnvValue>;
  /**
   * Secrets whose every key becomes an environment variable. Kept for compatibility: `envFrom` takes Secrets and
   * ConfigMaps alike.
   * @default none
   */
  readonly envFromSecrets?: ISecretSource[];
  /**
   * ConfigMaps (a `ConfigMap`, `ExistingConfigMap.named`) and Secrets (an ExternalSecret, `ExistingSecret.named`)
   * whose every key becomes an environment variable; each must exist (`optional: false`). When a key is in several,
   * the later source wins, and `env` wins over all. When the keys are known, each must be a valid variable name
   * (Kubernetes would skip the others).
   * @default none
   */
  readonly envFrom?: Array<IConfigMapSource | ISecretSource>;
  /**
   * CPU and memory requests and limits.
   * @default requests 100m / 128Mi, limits 500m / 256Mi
   */
  readonly resources?: ResourceRequirements;
  /**
   * Readiness probe: traffic is sent only while it passes.
   * @default a TCP check of the first port; none for a container without ports
   */
  readonly readiness?: Probe;
  /**
   * Liveness probe: the container is restarted when it fails.
   * @default a TCP check of the first port, with slower timing than readiness; none for a container without ports
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
   * Files from ConfigMaps and Secrets, mounted read-only.
   * @default none
   */
  readonly mounts?: FileMount[];
  /**
   * Volumes of the pod (the workload's `volumes`, by name) that this container mounts, e.g. an emptyDir it shares
   * with another container.
   * @default none
   */
  readonly volumeMounts?: VolumeMount[];
  /**
   * Hooks that run after the container starts and before it stops.
   * @default none
   */
  readonly lifecycle?: LifecycleHooks;
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
   * Makes the root file system writable. Only for images that cannot run read-only; the reason is recorded.
   * @default the root file system is read-only
   */
  readonly allowWritableRootFilesystem?: AcceptedRisk;
}

const DEFAULT_RESOURCES = { cpu: ['100m', '500m'], memory: ['128Mi', '256Mi'] } as const;
const DEFAULT_WRITABLE_SIZE = '256Mi';
/** The UID containers run as unless told otherwise. */
export const DEFAULT_USER = 65532;

/** A volume mounted by a container besides its writable paths and file mounts (e.g. a claim template). */
export interface ExtraMount {
  readonly volumeName: string;
  readonly mountPath: string;
  readonly subPath?: string;
}

function writablePaths(spec: ContainerSpec): WritablePath[] {
  return (spec.writablePaths ?? ['/tmp']).map((p) => (typeof p === 'string' ? { path: p } : p));
}

/** Volume name for a writable path: "/var/run/mysqld" becomes "var-run-mysqld" (prefixed for sidecars). */
function volumeNameFor(path: string, prefix = ''): string {
  const name = `${prefix}${(typeof path === 'string' ? path : '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'root'}`;
  return name.slice(0, 63).replace(/-+$/, '');
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

/** How a container appears in its pod: its name, ports, volume-name prefix and other mounts. */
export interface ContainerLayout {
  readonly name: string;
  readonly ports: readonly ContainerPortSpec[];
  /** Prefix of its writable-path volumes ("" for the main container). */
  readonly volumePrefix: string;
  readonly extraMounts?: readonly ExtraMount[];
  /**
   * What the container is: a long-running container (probes by default), a run-to-completion init container (no
   * probes allowed), or a native sidecar (an init container that keeps running: `restartPolicy: Always`).
   * @default "container"
   */
  readonly role?: 'container' | 'init' | 'nativeSidecar';
  /** The pod's shared volumes, by name, which `volumeMounts` refer to. */
  readonly volumes?: Readonly<Record<string, Volume>>;
  /** What the pod may do on its node (node agents only). */
  readonly hostAccess?: HostAccess;
  /**
   * Every port of the pod, which a probe may name by number (the containers of a pod share its network).
   * @default the container's own ports
   */
  readonly podPorts?: readonly ContainerPortSpec[];
}

/** Whether a container gets the default TCP probes: it runs long and has a port to probe. */
function probed(layout: ContainerLayout): boolean {
  return layout.role !== 'init' && layout.ports.length > 0;
}

/**
 * Checks one container's props; `f` turns a field name into its full path (e.g. "sidecars[0].image"), and
 * `taken` lists the volume names and mount paths used by the rest of the pod.
 */
export function validateContainer(
  v: PropsValidator, spec: ContainerSpec, layout: ContainerLayout, f: (field: string) => string = (x) => x,
): void {
  const { ports, extraMounts = [] } = layout;
  // Workloads check these shapes before anything else; other users of this function (Knative) are checked here.
  if (!checkShapes(v, spec, CONTAINER_SHAPES, f)) {
    return;
  }
  v.format(f('image'), spec.image, PINNED_IMAGE, true);
  v.format(f('workingDir'), spec.workingDir, ABSOLUTE_PATH);
  ports.forEach((p, i) => {
    v.format(f(`ports[${i}].name`), p.name, PORT_NAME, true);
    v.format(f(`ports[${i}].port`), p.port, PORT_NUMBER, true);
    v.check(p.protocol === undefined || p.protocol === 'TCP' || p.protocol === 'UDP', f(`ports[${i}].protocol`), p.protocol, '"TCP" or "UDP"');
  });

  validateEnv(v, spec.env, f);
  (spec.envFromSecrets ?? []).forEach((s, i) => v.check(typeof s?.secretName === 'string' && s.secretName.length > 0,
    f(`envFromSecrets[${i}]`), s, 'a secret source with a name'));
  validateEnvFrom(v, spec.envFrom, f);

  if (spec.resources !== undefined && v.knownProps(f('resources'), spec.resources, ['requests', 'limits'])) {
    v.knownProps(f('resources.requests'), spec.resources.requests, ['cpu', 'memory']);
    v.knownProps(f('resources.limits'), spec.resources.limits, ['cpu', 'memory']);
  }
  validateResourceAmounts(v, resolveResources(spec.resources), (x) => f(`resources.${x}`), spec.resources ?? {});

  const portNames = ports.map((p) => p.name);
  const podPortNumbers = (layout.podPorts ?? ports).map((p) => p.port);
  for (const role of ['readiness', 'liveness', 'startup'] as const) {
    const probe = spec[role];
    if (probe === undefined) {
      continue;
    }
    if (layout.role === 'init') {
      v.fail(f(role), probe, 'no probe: an init container runs to completion before the others start');
    } else if (v.check(probe instanceof Probe, f(role), probe, 'a Probe, e.g. Probe.http("/healthz", "http") or Probe.exec([...])')) {
      probe._validate(v, f(role), portNames, podPortNumbers);
    }
  }
  const hooks = spec.lifecycle;
  if (hooks !== undefined) {
    if (layout.role === 'init') {
      v.fail(f('lifecycle'), hooks, 'no lifecycle hooks on an init container');
    } else if (v.knownProps(f('lifecycle'), hooks, ['postStart', 'preStop'])) {
      for (const hook of ['postStart', 'preStop'] as const) {
        const action = hooks[hook];
        if (action !== undefined && v.check(action instanceof LifecycleAction, f(`lifecycle.${hook}`), action,
          'a LifecycleAction, e.g. LifecycleAction.exec([...]) or LifecycleAction.sleep(5)')) {
          action._validate(v, f(`lifecycle.${hook}`), portNames);
        }
      }
    }
  }

  const paths = writablePaths(spec);
  paths.forEach((p, i) => {
    v.format(f(`writablePaths[${i}].path`), p.path, ABSOLUTE_PATH, true);
    if (v.format(f(`writablePaths[${i}].sizeLimit`), p.sizeLimit, POSITIVE_QUANTITY)) {
      v.format(f(`writablePaths[${i}].sizeLimit`), p.sizeLimit, BYTE_QUANTITY);
    }
  });
  v.unique(f('writablePaths'), paths, (p) => volumeNameFor(p.path), 'a path (after mapping to a volume name)');
  paths.forEach((p, i) => {
    const clash = extraMounts.find((m) => m.volumeName === volumeNameFor(p.path, layout.volumePrefix) || m.mountPath === p.path);
    v.check(clash === undefined, f(`writablePaths[${i}].path`), p.path,
      `a path other than ${clash?.mountPath} whose volume name differs from "${clash?.volumeName}", which a claim already uses`);
  });
  validateFileMounts(v, f('mounts'), spec.mounts);
  const mountPaths = [...paths.map((p) => p.path), ...extraMounts.map((m) => m.mountPath)];
  (spec.mounts ?? []).forEach((m, i) => v.check(!mountPaths.includes(m.path), f(`mounts[${i}].path`), m.path, 'a path no writable path or claim already uses'));
  const volumeNames = Object.keys(layout.volumes ?? {});
  const taken = [...mountPaths, ...(spec.mounts ?? []).map((m) => m.path)];
  (spec.volumeMounts ?? []).forEach((m, i) => {
    const g = f(`volumeMounts[${i}]`);
    if (!v.knownProps(g, m, ['volume', 'path', 'readOnly', 'subPath'])) {
      return;
    }
    v.check(volumeNames.includes(m.volume), `${g}.volume`, m.volume, `the name of one of the pod's volumes (${volumeNames.join(', ') || 'none declared: add them to `volumes`'})`);
    v.format(`${g}.path`, m.path, ABSOLUTE_PATH, true);
    v.check(!taken.includes(m.path), `${g}.path`, m.path, 'a path no writable path, claim or file mount already uses');
    v.check(m.subPath === undefined || (m.subPath.length > 0 && !m.subPath.startsWith('/') && !m.subPath.split('/').includes('..')),
      `${g}.subPath`, m.subPath, 'a relative path inside the volume, without ".."');
  });
  v.unique(f('volumeMounts'), spec.volumeMounts ?? [], (m) => m.path, 'a mount path');

  v.integer(f('runAsUser'), spec.runAsUser, layout.hostAccess?.runAsRoot ? 0 : 1, 2 ** 31 - 1);
  v.check(!layout.hostAccess?.runAsRoot || spec.runAsUser === undefined || spec.runAsUser === 0, f('runAsUser'), spec.runAsUser,
    'no other user when hostAccess.runAsRoot is set');
  v.integer(f('runAsGroup'), spec.runAsGroup, 0, 2 ** 31 - 1);
  if (spec.allowWritableRootFilesystem) {
    v.check(spec.allowWritableRootFilesystem.reason?.trim().length > 0, f('allowWritableRootFilesystem.reason'),
      spec.allowWritableRootFilesystem.reason, 'a non-empty reason');
  }
}

/** The emptyDir volumes of a container's writable paths. */
export function writableVolumes(spec: ContainerSpec, layout: ContainerLayout): k8s.Volume[] {
  return writablePaths(spec).map((p) => ({
    name: volumeNameFor(p.path, layout.volumePrefix),
    emptyDir: { sizeLimit: k8s.Quantity.fromString(p.sizeLimit ?? DEFAULT_WRITABLE_SIZE) },
  }));
}

/** Renders one container that passes Pod Security "restricted", from validated props. */
export function renderContainer(spec: ContainerSpec, layout: ContainerLayout): Container {
  const host = layout.hostAccess;
  const user = host?.runAsRoot ? 0 : spec.runAsUser ?? DEFAULT_USER;
  const resources = resolveResources(spec.resources);
  const probe = (role: ProbeRole, p: Probe | undefined) => (p ?? (probed(layout) ? Probe.tcp(layout.ports[0].name) : undefined))?._render(role);
  const hooks = spec.lifecycle;
  const env = Object.entries(spec.env ?? {})
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => (typeof value === 'string' ? EnvValue.fromValue(value) : value)._render(name));

  return {
    name: layout.name,
    image: spec.image,
    imagePullPolicy: 'IfNotPresent',
    restartPolicy: layout.role === 'nativeSidecar' ? 'Always' : undefined,
    command: spec.command,
    args: spec.args,
    workingDir: spec.workingDir,
    lifecycle: hooks ? { postStart: hooks.postStart?._render(), preStop: hooks.preStop?._render() } : undefined,
    ports: layout.ports.length > 0
      ? layout.ports.map((p) => ({ name: p.name, containerPort: p.port, protocol: p.protocol ?? 'TCP', hostPort: host?.ports ? p.port : undefined }))
      : undefined,
    env: env.length > 0 ? env : undefined,
    envFrom: renderEnvFrom(spec.envFromSecrets, spec.envFrom),
    resources: {
      requests: { cpu: k8s.Quantity.fromString(resources.requests.cpu), memory: k8s.Quantity.fromString(resources.requests.memory) },
      limits: { cpu: k8s.Quantity.fromString(resources.limits.cpu), memory: k8s.Quantity.fromString(resources.limits.memory) },
    },
    readinessProbe: probe('readiness', spec.readiness),
    livenessProbe: probe('liveness', spec.liveness),
    startupProbe: spec.startup?._render('startup'),
    securityContext: {
      // The API server refuses privileged containers that may not escalate.
      allowPrivilegeEscalation: host?.privileged === true,
      capabilities: { drop: ['ALL'], add: host?.capabilities?.length ? [...host.capabilities] : undefined },
      privileged: host?.privileged === true,
      readOnlyRootFilesystem: spec.allowWritableRootFilesystem === undefined,
      runAsNonRoot: !host?.runAsRoot,
      runAsUser: user,
      runAsGroup: spec.runAsGroup ?? user,
      seccompProfile: { type: 'RuntimeDefault' },
    },
    volumeMounts: [
      ...(layout.extraMounts ?? []).map((m) => ({ name: m.volumeName, mountPath: m.mountPath, subPath: m.subPath })),
      ...writablePaths(spec).map((p) => ({ name: volumeNameFor(p.path, layout.volumePrefix), mountPath: p.path })),
      ...(spec.mounts ?? []).map((m) => ({ name: m.source._volumeName, mountPath: m.path, subPath: m.subPath, readOnly: true })),
      ...(spec.volumeMounts ?? []).map((m) => ({
        name: m.volume, mountPath: m.path, subPath: m.subPath, readOnly: m.readOnly ?? layout.volumes?.[m.volume]?._readOnlyByDefault ?? false,
      })),
    ],
  };
}
