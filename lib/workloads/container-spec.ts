import { k8s } from '../core/k8s';
import {
  ABSOLUTE_PATH, ENV_NAME, PINNED_IMAGE, PORT_NAME, PORT_NUMBER, POSITIVE_QUANTITY, parseQuantity,
} from '../core/formats';
import { PropsValidator } from '../core/validator';
import { ISecretSource } from '../security/secret-source';
import { EnvValue } from './env-value';
import { FileMount, validateFileMounts } from './file-mount';
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
   * Files from ConfigMaps and Secrets, mounted read-only.
   * @default none
   */
  readonly mounts?: FileMount[];
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
  readonly allowWritableRootFilesystem?: UnsafeException;
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
  const name = `${prefix}${path.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'root'}`;
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

/**
 * Checks resolved requests and limits: quantities, and no request above its limit. `f` turns "requests.cpu"
 * into the field name shown.
 */
export function validateResourceAmounts(
  v: PropsValidator, resources: Record<'requests' | 'limits', Record<'cpu' | 'memory', string>>, f: (field: string) => string,
): void {
  for (const kind of ['requests', 'limits'] as const) {
    for (const res of ['cpu', 'memory'] as const) {
      v.format(f(`${kind}.${res}`), resources[kind][res], POSITIVE_QUANTITY);
    }
  }
  for (const res of ['cpu', 'memory'] as const) {
    const req = parseQuantity(resources.requests[res]);
    const lim = parseQuantity(resources.limits[res]);
    if (req !== undefined && lim !== undefined) {
      v.check(req <= lim, f(`requests.${res}`), resources.requests[res], `a request no larger than the limit (${resources.limits[res]})`);
    }
  }
}

/** How a container appears in its pod: its name, ports, volume-name prefix and other mounts. */
export interface ContainerLayout {
  readonly name: string;
  readonly ports: readonly ContainerPortSpec[];
  /** Prefix of its writable-path volumes ("" for the main container). */
  readonly volumePrefix: string;
  readonly extraMounts?: readonly ExtraMount[];
}

/**
 * Checks one container's props; `f` turns a field name into its full path (e.g. "sidecars[0].image"), and
 * `taken` lists the volume names and mount paths used by the rest of the pod.
 */
export function validateContainer(
  v: PropsValidator, spec: ContainerSpec, layout: ContainerLayout, f: (field: string) => string = (x) => x,
): void {
  const { ports, extraMounts = [] } = layout;
  v.format(f('image'), spec.image, PINNED_IMAGE, true);
  v.check(ports.length > 0, f('ports'), ports, 'at least one container port');
  ports.forEach((p, i) => {
    v.format(f(`ports[${i}].name`), p.name, PORT_NAME, true);
    v.format(f(`ports[${i}].port`), p.port, PORT_NUMBER, true);
    v.check(p.protocol === undefined || p.protocol === 'TCP' || p.protocol === 'UDP', f(`ports[${i}].protocol`), p.protocol, '"TCP" or "UDP"');
  });

  for (const [name, value] of Object.entries(spec.env ?? {})) {
    v.format(f('env key'), name, ENV_NAME);
    (typeof value === 'string' ? EnvValue.fromValue(value) : value)._validate(v, f(`env.${name}`), name);
  }
  (spec.envFromSecrets ?? []).forEach((s, i) => v.check(typeof s?.secretName === 'string' && s.secretName.length > 0,
    f(`envFromSecrets[${i}]`), s, 'a secret source with a name'));

  validateResourceAmounts(v, resolveResources(spec.resources), (x) => f(`resources.${x}`));

  const portNames = ports.map((p) => p.name);
  spec.readiness?._validate(v, f('readiness'), portNames);
  spec.liveness?._validate(v, f('liveness'), portNames);
  spec.startup?._validate(v, f('startup'), portNames);

  const paths = writablePaths(spec);
  paths.forEach((p, i) => {
    v.format(f(`writablePaths[${i}].path`), p.path, ABSOLUTE_PATH, true);
    v.format(f(`writablePaths[${i}].sizeLimit`), p.sizeLimit, POSITIVE_QUANTITY);
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

  v.integer(f('runAsUser'), spec.runAsUser, 1, 2 ** 31 - 1);
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
export function renderContainer(spec: ContainerSpec, layout: ContainerLayout): k8s.Container {
  const user = spec.runAsUser ?? DEFAULT_USER;
  const resources = resolveResources(spec.resources);
  const probe = (role: ProbeRole, p: Probe | undefined) => (p ?? Probe.tcp(layout.ports[0].name))._render(role);
  const env = Object.entries(spec.env ?? {})
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => (typeof value === 'string' ? EnvValue.fromValue(value) : value)._render(name));

  return {
    name: layout.name,
    image: spec.image,
    imagePullPolicy: 'IfNotPresent',
    command: spec.command,
    args: spec.args,
    ports: layout.ports.map((p) => ({ name: p.name, containerPort: p.port, protocol: p.protocol ?? 'TCP' })),
    env: env.length > 0 ? env : undefined,
    envFrom: spec.envFromSecrets?.map((s) => ({ secretRef: { name: s.secretName, optional: false } })),
    resources: {
      requests: { cpu: k8s.Quantity.fromString(resources.requests.cpu), memory: k8s.Quantity.fromString(resources.requests.memory) },
      limits: { cpu: k8s.Quantity.fromString(resources.limits.cpu), memory: k8s.Quantity.fromString(resources.limits.memory) },
    },
    readinessProbe: probe('readiness', spec.readiness),
    livenessProbe: probe('liveness', spec.liveness),
    startupProbe: spec.startup?._render('startup'),
    securityContext: {
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      privileged: false,
      readOnlyRootFilesystem: spec.allowWritableRootFilesystem === undefined,
      runAsNonRoot: true,
      runAsUser: user,
      runAsGroup: spec.runAsGroup ?? user,
      seccompProfile: { type: 'RuntimeDefault' },
    },
    volumeMounts: [
      ...(layout.extraMounts ?? []).map((m) => ({ name: m.volumeName, mountPath: m.mountPath, subPath: m.subPath })),
      ...writablePaths(spec).map((p) => ({ name: volumeNameFor(p.path, layout.volumePrefix), mountPath: p.path })),
      ...(spec.mounts ?? []).map((m) => ({ name: m.source._volumeName, mountPath: m.path, subPath: m.subPath, readOnly: true })),
    ],
  };
}
