/**
 * Strict JSON schemas (unknown fields are errors) for what this library emits and no published schema covers:
 * the Knative Operator's KnativeServing and KnativeEventing, the OpenFaaS Function and the faas-cli stack file.
 * Written from the projects' API documentation for the fields this library sets; validated in the tests next to
 * the published schemas of every other kind.
 */

const NAME = { type: 'string', pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$', maxLength: 63 };
const STRING_MAP = { type: 'object', additionalProperties: { type: 'string' } };
/** A Kubernetes quantity, as OpenFaaS parses requests and limits (resource.ParseQuantity). */
const QUANTITY = { type: 'string', pattern: '^[+]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?[0-9]+)?$' };
const RESOURCES = { type: 'object', additionalProperties: false, properties: { cpu: QUANTITY, memory: QUANTITY } };
/** An image with a registry host, pinned by a tag, a digest or both. */
const TAG = ':[A-Za-z0-9_][A-Za-z0-9._-]{0,127}';
const DIGEST = '@[A-Za-z][A-Za-z0-9]*([-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const IMAGE = { type: 'string', pattern: `^[a-z0-9.-]+(:[0-9]+)?/[a-z0-9._/-]+(${TAG}(${DIGEST})?|${DIGEST})$` };

const metadata = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'namespace'],
  properties: { name: NAME, namespace: NAME, labels: STRING_MAP, annotations: STRING_MAP },
};

function resource(apiVersion: string, kind: string, spec: object): object {
  return {
    type: 'object',
    additionalProperties: false,
    required: ['apiVersion', 'kind', 'metadata', 'spec'],
    properties: { apiVersion: { const: apiVersion }, kind: { const: kind }, metadata, spec },
  };
}

const OPERATOR_CONFIG = { type: 'object', additionalProperties: STRING_MAP };
const HA = { type: 'object', additionalProperties: false, properties: { replicas: { type: 'integer', minimum: 1 } } };
const VERSION = { type: 'string', pattern: '^[0-9]+\\.[0-9]+(\\.[0-9]+)?$' };
const ENABLED = { type: 'object', additionalProperties: false, properties: { enabled: { type: 'boolean' } } };

/** `operator.knative.dev/v1beta1` KnativeServing. */
export const KNATIVE_SERVING_SCHEMA = resource('operator.knative.dev/v1beta1', 'KnativeServing', {
  type: 'object',
  additionalProperties: false,
  properties: {
    version: VERSION,
    'high-availability': HA,
    config: OPERATOR_CONFIG,
    ingress: { type: 'object', additionalProperties: false, properties: { kourier: ENABLED, istio: ENABLED, contour: ENABLED } },
  },
});

/** `operator.knative.dev/v1beta1` KnativeEventing. */
export const KNATIVE_EVENTING_SCHEMA = resource('operator.knative.dev/v1beta1', 'KnativeEventing', {
  type: 'object',
  additionalProperties: false,
  properties: { version: VERSION, 'high-availability': HA, config: OPERATOR_CONFIG },
});

/** `openfaas.com/v1` Function (faas-netes artifacts/crds/openfaas.com_functions.yaml): name and image required. */
/** The fields a function has in both forms (stack file entry and Function spec). */
const FUNCTION_FIELDS = {
  image: IMAGE,
  environment: STRING_MAP,
  secrets: { type: 'array', items: NAME },
  labels: STRING_MAP,
  annotations: STRING_MAP,
  limits: RESOURCES,
  requests: RESOURCES,
};

export const OPENFAAS_FUNCTION_SCHEMA = resource('openfaas.com/v1', 'Function', {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'image'],
  properties: {
    ...FUNCTION_FIELDS,
    name: NAME,
    handler: { type: 'string' },
    readOnlyRootFilesystem: { type: 'boolean' },
    constraints: { type: 'array', items: { type: 'string' } },
  },
});

/** faas-cli stack file, version 1.0, with the function fields this library writes. */
export const OPENFAAS_STACK_FILE_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['version', 'provider', 'functions'],
  properties: {
    version: { const: '1.0' },
    provider: {
      type: 'object',
      additionalProperties: false,
      required: ['name', 'gateway'],
      properties: { name: { const: 'openfaas' }, gateway: { type: 'string', pattern: '^https?://' } },
    },
    functions: {
      type: 'object',
      minProperties: 1,
      propertyNames: NAME,
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        required: ['lang', 'handler', 'image'],
        properties: {
          ...FUNCTION_FIELDS,
          lang: { type: 'string', pattern: '^[a-z0-9][a-z0-9.-]*$' },
          handler: { type: 'string', pattern: '^\\./' },
          readonly_root_filesystem: { type: 'boolean' },
        },
      },
    },
  },
};

/** The manifest schemas above, by "<apiVersion>/<kind>", for {@link SchemaValidator}'s `extraSchemas`. */
export const SERVERLESS_SCHEMAS: Readonly<Record<string, object>> = {
  'operator.knative.dev/v1beta1/KnativeServing': KNATIVE_SERVING_SCHEMA,
  'operator.knative.dev/v1beta1/KnativeEventing': KNATIVE_EVENTING_SCHEMA,
  'openfaas.com/v1/Function': OPENFAAS_FUNCTION_SCHEMA,
};
