import { ENV_NAME, POSITIVE_QUANTITY, parseQuantity } from '../core/formats';
import { PropsValidator } from '../core/validator';
import type { ContainerSpec, ResourceRequirements } from './container-spec';
import { EnvValue } from './env-value';

// The checks of a container's environment and resources that model what Linux and Kubernetes refuse or never run.

/** Why a positive CPU quantity is unusable: Kubernetes counts CPU in whole millicores, so "0.0001" is no CPU at all. */
function cpuProblem(value: string): string | undefined {
  return parseQuantity(value)! < 0.001
    ? 'a CPU amount of at least 1m (a millicore, the finest amount Kubernetes counts), such as "100m" or "1"'
    : undefined;
}

/**
 * Why a positive memory quantity is almost surely a mistake: the milli suffix ("500m" is half a byte), or less than
 * 1 MiB, which no container runs in ("512" is 512 bytes). The hint suggests what was probably meant.
 */
function memoryProblem(value: string): string | undefined {
  const number = /^[+]?(\d+(?:\.\d*)?|\.\d+)/.exec(value)?.[1];
  if (/[0-9.](m|u|n)$/.test(value)) {
    return `an amount of bytes such as "512Mi" or "1Gi" ("m" is the milli suffix: "${value}" is a fraction of a byte; did you mean "${number}Mi"?)`;
  }
  if (parseQuantity(value)! < 2 ** 20) {
    const hint = /^[0-9.]+$/.test(value) ? ` ("${value}" is ${value} bytes; did you mean "${number}Mi"?)` : '';
    return `at least 1Mi of memory, such as "128Mi" or "1Gi"${hint}`;
  }
  return undefined;
}

/**
 * Checks resolved requests and limits: quantities, and no request above its limit. `f` turns "requests.cpu"
 * into the field name shown; `given` (the amounts the user wrote) limits the quantity checks to those.
 */
export function validateResourceAmounts(
  v: PropsValidator, resources: Record<'requests' | 'limits', Record<'cpu' | 'memory', string>>, f: (field: string) => string,
  given?: ResourceRequirements,
): void {
  for (const kind of ['requests', 'limits'] as const) {
    for (const res of ['cpu', 'memory'] as const) {
      const value = resources[kind][res];
      // With `given`, an amount taken from the other one (or a default) is not reported again where the user wrote nothing.
      if (given !== undefined && given[kind]?.[res] === undefined) {
        continue;
      }
      if (v.format(f(`${kind}.${res}`), value, POSITIVE_QUANTITY)) {
        const problem = res === 'cpu' ? cpuProblem(value) : memoryProblem(value);
        v.check(problem === undefined, f(`${kind}.${res}`), value, problem!);
      }
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

/**
 * The most bytes of literal environment a container may have: the arguments and environment of a process share a
 * quarter of its stack limit (2 MiB with the usual 8 MiB), and the pod object carrying them must stay well below etcd's
 * 1.5 MiB request limit.
 */
export const MAX_ENV_TOTAL_BYTES = 1024 * 1024;

/** Checks a container's `env`: names Kubernetes accepts, values that are strings or EnvValues, and sizes Linux can exec. */
export function validateEnv(v: PropsValidator, env: ContainerSpec['env'], f: (field: string) => string): void {
  let total = 0;
  for (const [name, value] of Object.entries(env ?? {})) {
    // The API server's rule (IsEnvVarName): letters, digits, "_", "-" and ".", not starting with a digit.
    v.format(f('env key'), name, ENV_NAME);
    const field = f(`env.${name}`);
    if (typeof value !== 'string' && !(value instanceof EnvValue)) {
      v.fail(field, value, 'a string or an EnvValue (EnvValue.fromSecret, fromConfigMap, fromFieldPath, fromResource): Kubernetes takes only '
        + 'strings as values, so write numbers and booleans in quotes, e.g. "8080" or "true"');
      continue;
    }
    const env = typeof value === 'string' ? EnvValue.fromValue(value) : value;
    env._validate(v, field, name);
    const literal = env._literal;
    if (typeof literal === 'string' && ENV_NAME.test(name)) {
      total += Buffer.byteLength(`${name}=${literal}`, 'utf8') + 1;
    }
  }
  v.check(total <= MAX_ENV_TOTAL_BYTES, f('env'), `${total} bytes of values`,
    `at most ${MAX_ENV_TOTAL_BYTES} bytes (1 MiB) of literal values in one container: put large configuration in a ConfigMap mounted as a file`);
}
