/**
 * The shapes OpenFaaS reads, typed: the faas-cli stack file (`stack.yml`, version 1.0) and the `openfaas.com/v1`
 * Function resource of the operator. No published strict schema exists for either, so the project keeps its own:
 * the interfaces below, and the JSON schemas in ./schemas.ts that tests validate the output against.
 */

/** CPU and memory of a function, as Kubernetes quantities. */
export interface FunctionResources {
  readonly cpu?: string;
  readonly memory?: string;
}

/** What a function has in both forms: the stack file entry and the Function spec. */
export interface FunctionFields {
  /** Image the provider runs (and faas-cli builds and pushes). */
  readonly image: string;
  /** Plain environment variables. */
  readonly environment?: Record<string, string>;
  /** Secrets of the function namespace, mounted under /var/openfaas/secrets/. */
  readonly secrets?: string[];
  /** Labels, including the scaling bounds. */
  readonly labels?: Record<string, string>;
  /** Annotations. */
  readonly annotations?: Record<string, string>;
  /** Limits of the function container. */
  readonly limits?: FunctionResources;
  /** Requests of the function container. */
  readonly requests?: FunctionResources;
}

/** One function of a stack file. */
export interface StackFunction extends FunctionFields {
  /** Template the function is built from, e.g. "python3-http". */
  readonly lang: string;
  /** Folder of the handler, relative to the stack file. */
  readonly handler: string;
  /** Whether the root file system is read-only. */
  readonly readonly_root_filesystem?: boolean;
}

/** A faas-cli stack file. */
export interface StackFile {
  readonly version: '1.0';
  readonly provider: { readonly name: 'openfaas'; readonly gateway: string };
  readonly functions: Record<string, StackFunction>;
}

/** The spec of an `openfaas.com/v1` Function. */
export interface FunctionSpec extends FunctionFields {
  /** Name of the function (its Deployment and Service). */
  readonly name: string;
  /** Handler path (informational for the operator). */
  readonly handler?: string;
  /** Whether the root file system is read-only. */
  readonly readOnlyRootFilesystem?: boolean;
  /** Scheduling constraints, e.g. node selectors. */
  readonly constraints?: string[];
}

/** Labels through which OpenFaaS reads a function's scaling bounds. */
export const SCALE_MIN_LABEL = 'com.openfaas.scale.min';
export const SCALE_MAX_LABEL = 'com.openfaas.scale.max';
