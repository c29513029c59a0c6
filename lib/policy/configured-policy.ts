import { SCHEMA_CHECK_IDS, SchemaFolder, resolveSchemaFolder, schemaChecks } from '../output/schema-checks';
import { NamedPolicyConfig, ResolvedPolicyConfig, policyConfigSource, resolvePolicyConfig } from './policy-config';
import { defaultRegistry } from './registry';
import { PolicyCheck } from './types';

/** What decides the checks of a run (see {@link configuredPolicy}). */
export interface ConfiguredPolicyInput {
  /** Policy configurations, later ones over earlier ones (the synth's, then the app's), with their names for errors. */
  readonly configs: ReadonlyArray<NamedPolicyConfig>;
  /** The schema folder given explicitly (`--schemas`, the `schemas` option), or `false` for none. */
  readonly schemas?: string | false;
  /** The environment (`KUBE_SCHEMAS`). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Where compiled schemas are kept; see SchemaValidatorOptions.cacheDir. */
  readonly schemaCacheDir?: string;
}

/** The checks of a run and how they are configured: what `runPolicy` takes besides the suppressions. */
export interface ConfiguredPolicy extends ResolvedPolicyConfig {
  readonly checks: readonly PolicyCheck[];
  /** The schema folder that `schema-valid` validates against; undefined when none is configured. */
  readonly schemas?: SchemaFolder;
}

/**
 * The one place where the synth and `keelson check` decide what runs, so that the same configuration gives the same
 * verdict: the checks of the last config that registers some (else the built-ins), plus the schema checks over the
 * schema folder named explicitly, else by `KUBE_SCHEMAS`, else by the last config that names one; then `include`,
 * `exclude` and `severity` of every config, checked against those checks. `include` never drops the schema checks
 * (they validate only when a schema folder is configured); `exclude` and "off" do.
 */
export function configuredPolicy(input: ConfiguredPolicyInput): ConfiguredPolicy {
  const latestFirst = input.configs.filter((c) => c.config !== undefined).reverse();
  const named = latestFirst.map(({ config, source }) => ({ schemas: config!.schemas, source: `the policy config ${policyConfigSource(config!, source)}` }));
  const schemas = resolveSchemaFolder(input.schemas, input.env, named);
  const registry = latestFirst.find((c) => c.config!.checks !== undefined)?.config!.checks ?? defaultRegistry();
  const checks = [...registry.all(), ...schemaChecks(schemas, { cacheDir: input.schemaCacheDir })];
  const resolved = resolvePolicyConfig(input.configs, checks);
  // `include` selects among the policy checks: a configured schema folder is validated unless excluded or "off".
  const include = resolved.include && [...new Set([...resolved.include, ...SCHEMA_CHECK_IDS])];
  return { schemas, checks, ...resolved, include };
}
