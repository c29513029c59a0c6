import { ApiObject } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { ANNOTATION_KEY, DNS_LABEL, PINNED_IMAGE, SECRET_LIKE_ENV_NAME } from '../core/formats';
import { Resource, RESOURCE_ID, propNames } from '../core/resource';
import { PropsValidator, checkUnique, isObject, requireProps } from '../core/validator';
import { IArtifactSource, registerArtifactSource } from '../output/artifacts';
import { toYaml } from '../output/yaml';
import { validateResourceAmounts } from '../workloads/container-spec';
import { FunctionResources, FunctionSpec, SCALE_MAX_LABEL, SCALE_MIN_LABEL, StackFile, StackFunction } from './openfaas-model';
import type { OpenFaasInstall } from './openfaas-install';
import { arrayProp, objectProp, stringMap, text } from './checks';

/** Props of an {@link OpenFaasFunction} besides the install it runs on. */
export interface OpenFaasFunctionOptions {
  /**
   * Name of the function (its Deployment, Service and route `/function/<name>`); a DNS-1123 label.
   * @default the construct id
   */
  readonly name?: string;
  /** faas-cli template, e.g. "python3-http" or "node20". */
  readonly lang: string;
  /**
   * Source files of the handler by path (e.g. `{ 'handler.py': '...' }`), written beside the stack file in
   * `<name>/`, where faas-cli builds them.
   * @default none: the handler folder is maintained by hand
   */
  readonly handlerFiles?: Record<string, string>;
  /** Image with a registry and a pinned tag or digest, e.g. "ghcr.io/acme/hello:0.1.0". */
  readonly image: string;
  /**
   * Plain environment variables; credentials go in `secrets` instead.
   * @default none
   */
  readonly environment?: Record<string, string>;
  /**
   * Secrets of the function namespace mounted as files under /var/openfaas/secrets/.
   * @default none
   */
  readonly secrets?: string[];
  /**
   * Fewest replicas.
   * @default 1
   */
  readonly minReplicas?: number;
  /**
   * Most replicas the autoscaler may run.
   * @default 5
   */
  readonly maxReplicas?: number;
  /**
   * Requests of the function container.
   * @default cpu "50m", memory "64Mi"
   */
  readonly requests?: FunctionResources;
  /**
   * Limits of the function container (without them one large request can take the node down, as the book's
   * meme generator did).
   * @default cpu "500m", memory "128Mi"
   */
  readonly limits?: FunctionResources;
  /**
   * Extra labels of the function (the scaling labels come from minReplicas and maxReplicas).
   * @default none
   */
  readonly labels?: Record<string, string>;
  /**
   * Annotations of the function, e.g. for the OpenFaaS Pro autoscaler.
   * @default none
   */
  readonly annotations?: Record<string, string>;
  /**
   * Makes the root file system writable (the function can still write to /tmp). The reason is recorded.
   * @default read-only
   */
  readonly allowWritableRootFilesystem?: { readonly reason: string };
}

/** Props of an {@link OpenFaasFunction}. */
export interface OpenFaasFunctionProps extends OpenFaasFunctionOptions {
  /** The OpenFaaS install the function is deployed to. */
  readonly install: OpenFaasInstall;
}

/** An image whose first part is a registry host (with a dot or a port, or localhost), not a Docker Hub user. */
const REGISTRY_IMAGE = /^(localhost|[a-z0-9-]+(\.[a-z0-9-]+)+)(:\d+)?\//;
const DEFAULTS = { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '500m', memory: '128Mi' } };
const PROPS = propNames<OpenFaasFunctionProps>()({
  name: true, lang: true, handlerFiles: true, image: true, environment: true, secrets: true, minReplicas: true, maxReplicas: true, requests: true,
  limits: true, labels: true, annotations: true, allowWritableRootFilesystem: true, install: true,
});
const AMOUNT_PROPS = propNames<FunctionResources>()({ cpu: true, memory: true });

/** Requests or limits with the defaults filled in; a value that is not an object of amounts is a problem. */
function amounts(v: PropsValidator, field: 'requests' | 'limits', value: FunctionResources | undefined,
  defaults: { cpu: string; memory: string }): { cpu: string; memory: string } {
  if (!objectProp(v, field, value, 'an object of amounts: { cpu, memory }') || !v.knownProps(field, value, AMOUNT_PROPS)) {
    return { ...defaults };
  }
  // validateResourceAmounts checks the amounts themselves (whole bytes of memory, at least a millicore).
  return { cpu: value.cpu ?? defaults.cpu, memory: value.memory ?? defaults.memory };
}

/**
 * A handler file path: "/"-separated names of letters, digits, ".", "_" and "-", none of them "." or "..", each
 * at most 255 characters (the longest file name file systems take).
 */
const SAFE_FILE = /^(?!\.{1,2}(\/|$))[A-Za-z0-9_.-]{1,255}(\/(?!\.{1,2}(\/|$))[A-Za-z0-9_.-]{1,255})*$/;
/** Files that the synthesizer reads as another tool's configuration (helmfiles, cdktf stacks), not as handler sources. */
const TOOL_FILE = /(^|\/)(helmfile\.ya?ml|stacks\/[^/]+\/cdk\.tf\.json)$/;

/**
 * Checks the handler files and returns them by path. Every problem is found here, at construction, never while the
 * output is written: a path that is not a relative path inside the handler folder, one that two entries write (also
 * when they differ only in case, as on macOS and Windows file systems), a file that another entry needs as a folder
 * ("lib" and "lib/a.py"), and content that is not a string.
 */
function handlerFiles(v: PropsValidator, files: unknown): Map<string, string> {
  const result = new Map<string, string>();
  if (!objectProp(v, 'handlerFiles', files, 'an object of relative file paths to file contents')) {
    return result;
  }
  const seen = new Map<string, string>();
  for (const [file, content] of Object.entries(files)) {
    const ok = v.check(file.length <= 1024 && SAFE_FILE.test(file) && !TOOL_FILE.test(file), 'handlerFiles', file,
      'a relative path inside the handler folder: "/"-separated names of letters, digits, ".", "_" and "-", none of them "." or ".." '
      + '(e.g. "handler.py" or "lib/util.py"), at most 1024 characters, not named like a helmfile');
    v.check(typeof content === 'string', `handlerFiles["${file}"]`, content, 'the file\'s content as a string');
    if (!ok) {
      continue;
    }
    const key = file.toLowerCase();
    const other = seen.get(key);
    v.check(other === undefined, 'handlerFiles', file, `a path no other handler file has (it is the same file as "${other}" on a case-insensitive file system)`);
    seen.set(key, file);
    result.set(file, content as string);
  }
  // A path that is a folder of another ("lib" beside "lib/a.py") cannot be written as a file.
  for (const [key, file] of seen) {
    const parent = [...seen.keys()].find((k) => k.startsWith(`${key}/`));
    v.check(parent === undefined, 'handlerFiles', file, `a path that is not also a folder of another handler file ("${seen.get(parent!)}")`);
  }
  return result;
}

/** Whether `x` is an OpenFaasInstall (checked by shape: the install module imports this one). */
function isInstall(x: unknown): x is OpenFaasInstall {
  return isObject(x) && typeof x.gatewayUrl === 'string' && typeof x.functionNamespace === 'string' && typeof x.edition === 'string';
}

/**
 * One OpenFaaS function, from which two forms are written: an entry of the app's faas-cli `stack.yml`
 * (`<outdir>/openfaas/<app>/stack.yml`, with the handler files beside it) for `faas-cli up`, and, when the install
 * is the Standard/Enterprise edition, an `openfaas.com/v1` Function in the YAML for GitOps. (The Function
 * resource needs the OpenFaaS operator, which Community Edition does not include.)
 *
 * Its main object (child `Resource`) is that Function, written only for the Standard/Enterprise edition: with
 * Community Edition there is none, and {@link resource} throws.
 */
export class OpenFaasFunction extends Resource {
  /** The entry written to stack.yml. */
  public readonly stackEntry: StackFunction;

  public constructor(scope: Construct, id: string, props: OpenFaasFunctionProps) {
    super(scope, id, props, { props: PROPS, nameFormat: DNS_LABEL });
    const v = this.validator;
    requireProps(v, props);
    const min = props.minReplicas ?? 1;
    const max = props.maxReplicas ?? 5;
    const requests = amounts(v, 'requests', props.requests, DEFAULTS.requests);
    const limits = amounts(v, 'limits', props.limits, DEFAULTS.limits);
    v.risk('allowWritableRootFilesystem', props.allowWritableRootFilesystem, 'the function must write outside /tmp');
    text(v, 'lang', props.lang, /^[a-z0-9][a-z0-9.-]{0,62}$/, 'a faas-cli template name such as "python3-http" or "node20"', true);
    if (v.format('image', props.image, PINNED_IMAGE, true)) {
      v.check(REGISTRY_IMAGE.test(props.image), 'image', props.image, 'an image with a registry host, e.g. "ghcr.io/acme/hello:0.1.0" (not a Docker Hub short name)');
    }
    if (objectProp(v, 'environment', props.environment, 'an object of variable names to string values')) {
      for (const [key, value] of Object.entries(props.environment)) {
        v.check(/^[A-Za-z_][A-Za-z0-9_]*$/.test(key), 'environment key', key, 'a variable name of letters, digits and "_"');
        v.check(!SECRET_LIKE_ENV_NAME.test(key), `environment.${key}`, '<redacted>', `a name in \`secrets\` instead, since "${key}" looks like a credential`);
        // faas-cli and the Function resource take strings only; write numbers and booleans as strings ("8080", "true").
        v.check(typeof value === 'string', `environment.${key}`, value, 'a string (write numbers and booleans in quotes, e.g. "8080")');
      }
    }
    if (arrayProp(v, 'secrets', props.secrets, 'a list of Secret names')) {
      props.secrets.forEach((x, i) => v.format(`secrets[${i}]`, x, DNS_LABEL, true));
      checkUnique(v, 'secrets', props.secrets, (x) => (typeof x === 'string' ? x : undefined), 'a secret');
    }
    v.integer('minReplicas', min, 1, 1000);
    v.integer('maxReplicas', max, 1, 1000);
    v.check(!(min > max), 'minReplicas', min, `at most maxReplicas (${max})`);
    validateResourceAmounts(v, { requests, limits }, (x) => x);
    if (isObject(props.labels)) {
      v.check(!Object.keys(props.labels).some((k) => k.startsWith('com.openfaas.scale.')), 'labels', props.labels,
        'labels other than com.openfaas.scale.* (use minReplicas and maxReplicas)');
    }
    stringMap(v, 'annotations', props.annotations, ANNOTATION_KEY);
    const files = handlerFiles(v, props.handlerFiles);
    const installOk = v.check(isInstall(props.install), 'install', props.install, 'the OpenFaasInstall the function runs on');
    const stack = StackFileArtifacts.of(this);
    v.check(!stack.functions.some((f) => f.name === this.name), 'name', this.name, 'a function name not yet used in this app');
    v.throwIfInvalid();

    const labels = { ...props.labels, [SCALE_MIN_LABEL]: String(min), [SCALE_MAX_LABEL]: String(max) };
    const annotations = {
      ...props.annotations,
      ...(props.allowWritableRootFilesystem ? { 'keelson.dev/writable-root-filesystem-reason': props.allowWritableRootFilesystem.reason } : {}),
    };
    const common = {
      environment: props.environment && Object.keys(props.environment).length > 0 ? { ...props.environment } : undefined,
      secrets: props.secrets?.length ? [...props.secrets] : undefined,
      labels,
      annotations: Object.keys(annotations).length > 0 ? annotations : undefined,
      limits,
      requests,
    };
    this.stackEntry = {
      lang: props.lang,
      handler: `./${this.name}`,
      image: props.image,
      ...common,
      readonly_root_filesystem: !props.allowWritableRootFilesystem,
    };
    stack.add(this, props.install, files);

    if (installOk && props.install.edition === 'pro') {
      const spec: FunctionSpec = { name: this.name, image: props.image, ...common, readOnlyRootFilesystem: !props.allowWritableRootFilesystem };
      new ApiObject(this, RESOURCE_ID, {
        apiVersion: 'openfaas.com/v1',
        kind: 'Function',
        metadata: { name: this.name, namespace: props.install.functionNamespace },
        spec,
      });
    }
  }
}

/** Writes the app's stack.yml and handler files. */
class StackFileArtifacts implements IArtifactSource {
  private static readonly BY_ROOT = new WeakMap<IConstruct, StackFileArtifacts>();

  public static of(scope: IConstruct): StackFileArtifacts {
    const root = scope.node.root;
    let source = StackFileArtifacts.BY_ROOT.get(root);
    if (!source) {
      source = new StackFileArtifacts(root);
      StackFileArtifacts.BY_ROOT.set(root, source);
      registerArtifactSource(root, source);
    }
    return source;
  }

  public readonly folder = 'openfaas';
  public readonly functions: OpenFaasFunction[] = [];
  private readonly files = new Map<string, string>();
  private gateway?: string;

  private constructor(public readonly root: IConstruct) {}

  public add(fn: OpenFaasFunction, install: OpenFaasInstall, handlerFiles: ReadonlyMap<string, string>): void {
    this.gateway ??= install.gatewayUrl;
    this.functions.push(fn);
    for (const [file, text] of handlerFiles) {
      this.files.set(`${fn.name}/${file}`, text);
    }
  }

  public synthesize(): Map<string, string> {
    const stack: StackFile = {
      version: '1.0',
      provider: { name: 'openfaas', gateway: this.gateway! },
      functions: Object.fromEntries(this.functions.map((f) => [f.name, f.stackEntry])),
    };
    const header = '# Generated by keelson: faas-cli stack file (faas-cli up -f stack.yml).\n';
    return new Map([['stack.yml', header + toYaml(JSON.parse(JSON.stringify(stack)))], ...this.files]);
  }

  public dispose(): void {
    // Nothing held.
  }
}
