import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CheckRegistry } from './registry';
import { PolicyCheck, Severity } from './types';
import { editDistance } from '../core/validator';

/** A severity set by configuration: raise or lower a check, or turn it off. */
export type ConfiguredSeverity = Severity | 'off';

/**
 * The policy configuration of an app (`AppDefinition.policy`), of a synth (`synthApps(..., { policy })`, the synth
 * CLI's `--config FILE`) and of `keelson check --config FILE`: one format, as a JSON file (e.g.
 * `keelson.policy.json`, read with {@link loadPolicyConfig}) or the same object in code.
 *
 * ```json
 * { "exclude": ["pod-spread"], "severity": { "container-limits": "error", "pod-probes": "off" }, "schemas": "../schemas" }
 * ```
 */
export interface PolicyConfig {
  /**
   * Run only these checks (by id).
   * @default every registered check
   */
  readonly include?: readonly string[];
  /**
   * Do not run these checks (by id).
   * @default none
   */
  readonly exclude?: readonly string[];
  /**
   * The severity of a check by id: "error" fails the synth and `keelson check`, "warning" is reported, "off" does
   * not run it. Reports show the severity set here.
   * @default each check's own
   */
  readonly severity?: Readonly<Record<string, ConfiguredSeverity>>;
  /**
   * The strict schema folder in kubeconform's layout (`kubernetes/<version>-standalone-strict/`, `crds/<group>/`),
   * used when neither `--schemas` (the `schemas` option) nor `KUBE_SCHEMAS` names one. In a file, relative to it.
   * @default none
   */
  readonly schemas?: string;
  /**
   * In code only: the checks to run, e.g. `defaultRegistry().register(myCheck)` to add your own. A JSON file cannot
   * name checks (it would have to load code).
   * @default the built-in checks
   */
  readonly checks?: CheckRegistry;
}

/** A policy configuration that is wrong: names the file (or the app), the key, the value and what is allowed. */
export class PolicyConfigError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'PolicyConfigError';
  }
}

const FILE_KEYS = ['include', 'exclude', 'severity', 'schemas'];
const CODE_KEYS = [...FILE_KEYS, 'checks'];
const SEVERITIES: readonly ConfiguredSeverity[] = ['error', 'warning', 'off'];

/** Where each config object came from, for error messages. */
const SOURCES = new WeakMap<object, string>();

/** Names a configuration in error messages: the file it was read from, else `fallback` (e.g. `of app "shop"`). */
export function policyConfigSource(config: PolicyConfig, fallback: string): string {
  return SOURCES.get(config) ?? fallback;
}

/** ` (did you mean "x"?)` for the closest of `known`, when it is close. */
function suggestion(value: string, known: readonly string[]): string {
  let best: string | undefined;
  let bestDistance = Math.max(3, Math.floor(value.length / 3));
  for (const k of known) {
    const d = k.startsWith(value.toLowerCase()) && value.length >= 3 ? 1 : editDistance(k, value.toLowerCase());
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  return best ? ` (did you mean "${best}"?)` : '';
}

const show = (v: unknown) => JSON.stringify(v) ?? String(v);

/**
 * Checks the shape of a configuration (keys, types, severities); check ids are checked by {@link resolvePolicyConfig},
 * which knows the registered checks. `source` names the file or app in errors. Returns the config.
 */
export function validatePolicyConfig(config: unknown, source: string, fromFile = false): PolicyConfig {
  const fail = (key: string, value: unknown, allowed: string): never => {
    throw new PolicyConfigError(`policy config ${source}: ${key}: got ${show(value)}; expected ${allowed}`);
  };
  if (config === null || typeof config !== 'object' || Array.isArray(config)) {
    fail('(the whole config)', config, `an object with the keys ${FILE_KEYS.join(', ')}`);
  }
  const c = config as Record<string, unknown>;
  const keys = fromFile ? FILE_KEYS : CODE_KEYS;
  for (const key of Object.keys(c)) {
    if (!keys.includes(key)) {
      const extra = fromFile && key === 'checks' ? '; custom checks are registered in code (the "checks" option, a CheckRegistry), never loaded from a file' : '';
      throw new PolicyConfigError(`policy config ${source}: unknown key "${key}"${suggestion(key, keys)}; the keys are ${keys.join(', ')}${extra}`);
    }
  }
  for (const key of ['include', 'exclude']) {
    const list = c[key];
    if (list !== undefined && (!Array.isArray(list) || list.some((x) => typeof x !== 'string'))) {
      fail(key, list, 'an array of check ids');
    }
  }
  if (c.severity !== undefined) {
    if (c.severity === null || typeof c.severity !== 'object' || Array.isArray(c.severity)) {
      fail('severity', c.severity, 'an object of check id -> "error", "warning" or "off"');
    }
    for (const [id, value] of Object.entries(c.severity as object)) {
      if (!SEVERITIES.includes(value as ConfiguredSeverity)) {
        fail(`severity.${id}`, value, `"error", "warning" or "off"${typeof value === 'string' ? suggestion(value, SEVERITIES) : ''}`);
      }
    }
  }
  if (c.schemas !== undefined && (typeof c.schemas !== 'string' || c.schemas === '')) {
    fail('schemas', c.schemas, 'the path of a schema folder in kubeconform layout');
  }
  if (c.checks !== undefined && (c.checks === null || typeof (c.checks as CheckRegistry).all !== 'function')) {
    fail('checks', c.checks, 'a CheckRegistry (e.g. defaultRegistry().register(myCheck))');
  }
  return c as PolicyConfig;
}

/**
 * Reads a policy configuration file (JSON; see {@link PolicyConfig}): unknown keys, wrong types and unknown
 * severities are a {@link PolicyConfigError} naming the file. A relative `schemas` is resolved against the file's
 * folder.
 */
export function loadPolicyConfig(file: string): PolicyConfig {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new PolicyConfigError(`policy config ${file}: cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new PolicyConfigError(`policy config ${file}: not valid JSON (${(err as Error).message})`);
  }
  const config = validatePolicyConfig(parsed, file, true);
  const resolved = config.schemas !== undefined ? { ...config, schemas: path.resolve(path.dirname(file), config.schemas) } : config;
  SOURCES.set(resolved, file);
  return resolved;
}

/** A configuration and how to name it in errors when it was not read from a file (e.g. `of app "shop"`). */
export interface NamedPolicyConfig {
  readonly config?: PolicyConfig;
  readonly source: string;
}

/** What {@link resolvePolicyConfig} gives `runPolicy` (see PolicyOptions). */
export interface ResolvedPolicyConfig {
  readonly include?: readonly string[];
  readonly exclude: readonly string[];
  readonly severity: Readonly<Record<string, ConfiguredSeverity>>;
}

/**
 * Merges configurations, later ones over earlier ones (a synth's, then the app's): severities by check id (the
 * later wins), `exclude` combined, `include` of the last that sets one. Every check id must name one of `checks`;
 * an unknown id is a {@link PolicyConfigError} naming the source, the key and the nearest id.
 */
export function resolvePolicyConfig(configs: ReadonlyArray<NamedPolicyConfig>, checks: readonly PolicyCheck[]): ResolvedPolicyConfig {
  const ids = checks.map((c) => c.id);
  let include: readonly string[] | undefined;
  const exclude = new Set<string>();
  const severity: Record<string, ConfiguredSeverity> = {};
  for (const { config, source: given } of configs) {
    if (config === undefined) {
      continue;
    }
    const source = policyConfigSource(config, given);
    validatePolicyConfig(config, source);
    const known = (key: string, id: string) => {
      if (!ids.includes(id)) {
        throw new PolicyConfigError(`policy config ${source}: ${key}: unknown check id "${id}"${suggestion(id, ids)}; `
          + `expected the id of one of the ${ids.length} registered checks (the README's "Policy checks" lists them)`);
      }
    };
    config.include?.forEach((id, i) => known(`include[${i}]`, id));
    config.exclude?.forEach((id, i) => known(`exclude[${i}]`, id));
    Object.keys(config.severity ?? {}).forEach((id) => known(`severity.${id}`, id));
    include = config.include ?? include;
    config.exclude?.forEach((id) => exclude.add(id));
    Object.assign(severity, config.severity ?? {});
  }
  return { include, exclude: [...exclude], severity };
}
