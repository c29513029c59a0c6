import * as path from 'node:path';
import { Manifest } from '../../lib/output/manifest';
import { validateObjects } from '../../lib/output/schema-checks';
import { SchemaValidator } from '../../lib/output/schema-validator';
import { SERVERLESS_SCHEMAS } from '../../lib/serverless/schemas';

/** The strict schemas: `$KUBE_SCHEMAS`, or `../shared/schemas` beside the repository. */
export const SCHEMA_ROOT = process.env.KUBE_SCHEMAS ?? path.resolve(__dirname, '..', '..', '..', 'shared', 'schemas');

let validator: SchemaValidator | undefined;

/** Compiled validators, kept across test files and runs (node_modules/.cache is not tracked). */
export const SCHEMA_CACHE = path.resolve(__dirname, '..', '..', 'node_modules', '.cache', 'keelson-schemas');

/** One validator per test file; each schema is compiled once for all test files (see SCHEMA_CACHE). */
export function schemaValidator(): SchemaValidator {
  validator ??= new SchemaValidator(SCHEMA_ROOT, { extraSchemas: SERVERLESS_SCHEMAS, cacheDir: SCHEMA_CACHE });
  return validator;
}

/**
 * Fails the test unless every manifest validates strictly (unknown fields are errors; so is a kind without schema).
 * Kinds that ../shared/schemas lacks (the Knative Operator's, OpenFaaS Function) use the project's own schemas.
 */
export function expectSchemaValid(manifests: readonly Manifest[]): void {
  expect(manifests.length).toBeGreaterThan(0);
  // Custom resources of a CRD among the manifests are validated against it, as the synth does.
  expect(validateObjects(schemaValidator(), manifests)).toEqual([]);
}
