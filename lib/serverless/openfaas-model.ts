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

/** One function of a stack file. */
export interface StackFunction {
  /** Template the function is built from, e.g. "python3-http". */
  readonly lang: string;
  /** Folder of the handler, relative to the stack file. */
  readonly handler: string;
  /** Image faas-cli builds and pushes, and the provider runs. */
  readonly image: string;
  readonly environment?: Record<string, string>;
  /** Secrets of the function namespace, mounted under /var/openfaas/secrets/. */
  readonly secrets?: string[];
  readonly labels?: Record<string, string>;
  readonly annotations?: Record<string, string>;
  readonly limits?: FunctionResources;
  readonly requests?: FunctionResources;
  readonly readonly_root_filesystem?: boolean;
}

/** A faas-cli stack file. */
export interface StackFile {
  readonly version: '1.0';
  readonly provider: { readonly name: 'openfaas'; readonly gateway: string };
  readonly functions: Record<string, StackFunction>;
}

/** The spec of an `openfaas.com/v1` Function. */
export interface FunctionSpec {
  readonly name: string;
  readonly image: string;
  readonly handler?: string;
  readonly environment?: Record<string, string>;
  readonly secrets?: string[];
  readonly labels?: Record<string, string>;
  readonly annotations?: Record<string, string>;
  readonly limits?: FunctionResources;
  readonly requests?: FunctionResources;
  readonly readOnlyRootFilesystem?: boolean;
  readonly constraints?: string[];
}

/** Labels through which OpenFaaS reads a function's scaling bounds. */
export const SCALE_MIN_LABEL = 'com.openfaas.scale.min';
export const SCALE_MAX_LABEL = 'com.openfaas.scale.max';

/** Where OpenFaaS mounts a function's secrets. */
export const SECRETS_PATH = '/var/openfaas/secrets';
