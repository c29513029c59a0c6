import * as fs from 'node:fs';
import * as path from 'node:path';
import { load } from 'js-yaml';
import { Manifest, apiGroup } from '../output/manifest';
import { HELM_HINT, INPUT_LIMITS, InputError, ParsedDocument, parseDocuments, statOf, templateLine } from './read-manifests';
import { isMap } from './selectors';
import { PolicyTarget } from './types';

/** A Kubernetes manifest as a policy target. */
export function kubernetesTarget(m: Manifest, where: { constructPath?: string; file?: string } = {}): PolicyTarget {
  return {
    domain: 'kubernetes',
    kind: m.kind,
    group: apiGroup(m),
    namespace: m.metadata?.namespace,
    name: m.metadata?.name,
    object: m,
    constructPath: where.constructPath,
    file: where.file,
  };
}

/** The resources of a Terraform JSON configuration as policy targets (construct paths from cdktf's metadata). */
export function terraformTargets(config: any, stack: string, file?: string): PolicyTarget[] {
  return Object.entries(config?.resource ?? {}).flatMap(([type, byName]) => Object.entries(byName as Record<string, any>).map(([name, object]) => ({
    domain: 'terraform' as const,
    kind: type,
    group: '',
    name,
    object,
    constructPath: object?.['//']?.metadata?.path,
    file,
    stack,
  })));
}

/** Label of a helmfile release that names the construct which declared it. */
export const HELM_CONSTRUCT_LABEL = 'keelson.dev/construct';

/**
 * The releases of a helmfile as policy targets of kind "HelmRelease"; `object.values` is the release's values
 * files merged in order (later keys win, as Helm does at the top level).
 */
export function helmTargets(helmfile: any, file?: string): PolicyTarget[] {
  return (helmfile?.releases ?? []).map((r: any) => ({
    domain: 'helm' as const,
    kind: 'HelmRelease',
    group: '',
    namespace: r.namespace,
    name: r.name,
    object: { ...r, values: Object.assign({}, ...(r.values ?? []).filter((v: unknown) => v !== null && typeof v === 'object')) },
    constructPath: r.labels?.[HELM_CONSTRUCT_LABEL],
    file,
  }));
}

/** The policy targets of an app's artifact files: cdktf stacks (`stacks/<stack>/cdk.tf.json`) and helmfiles. */
export function artifactTargetsFromFiles(files: ReadonlyMap<string, string>, prefix = ''): PolicyTarget[] {
  return [...files].flatMap(([file, text]) => {
    const m = /(?:^|\/)stacks\/([^/]+)\/cdk\.tf\.json$/.exec(file);
    if (m) {
      return terraformTargets(JSON.parse(text), m[1], prefix + file);
    }
    return isHelmfile(file) ? helmTargets(load(text), prefix + file) : [];
  });
}

const isHelmfile = (file: string) => /(^|\/)helmfile\.ya?ml$/.test(file);

/** A problem met while reading the input: a file that cannot be read, or an object that cannot be checked. */
export interface LoadProblem {
  readonly file: string;
  /** 1-based line of the problem (or of the document it is in), when known. */
  readonly line?: number;
  /** 0-based index of the document in a multi-document file, when the problem is one document's. */
  readonly document?: number;
  readonly message: string;
}

/** What {@link loadPaths} read. */
export interface LoadResult {
  readonly targets: PolicyTarget[];
  /** Unreadable files, files without objects, and objects without apiVersion, kind or name: each fails the check (an object that lacks only its name is still checked, as `(unnamed document N)`). */
  readonly problems: LoadProblem[];
  /** Files recognized as another tool's configuration (not Kubernetes objects), listed with what they are. */
  readonly skipped: LoadProblem[];
}

/**
 * Reads every Kubernetes manifest (`.yaml`, `.yml`, `.json`; multi-document files and `List`s included),
 * Terraform JSON configuration (`.tf.json`) and helmfile (`helmfile.yaml`) under a directory, with file paths
 * relative to it. See {@link loadPaths}.
 */
export function loadDirectory(dir: string): LoadResult {
  return loadPaths([dir]);
}

/**
 * Reads the objects of files and directories (see {@link loadDirectory}; a file named on its own is read whatever
 * its extension). Files are named relative to the directory when one directory is given, else by their path.
 * Nothing is dropped silently: every document that is not a checkable object (no apiVersion, kind or
 * metadata.name), every file without objects and every file that cannot be read (syntax error with its line, Helm
 * template, over {@link INPUT_LIMITS}, aliases that expand too far) is a problem. An object that lacks only its name
 * is still checked as well, named `(unnamed document N)`, so its findings show too. Never throws for bad input.
 */
export function loadPaths(paths: readonly string[], readStdin: () => string = () => fs.readFileSync(0, 'utf8')): LoadResult {
  const result: LoadResult = { targets: [], problems: [], skipped: [] };
  const seen = new Set<string>();
  const slash = (p: string) => p.split(path.sep).join('/');
  for (const arg of paths) {
    if (arg === STDIN_PATH) {
      // "-": the manifests on standard input (`helm template ... | keelson check -`), read once, as YAML.
      if (!seen.has(STDIN_PATH)) {
        seen.add(STDIN_PATH);
        readFile(STDIN_NAME, STDIN_NAME, result, readStdin);
      }
      continue;
    }
    const stat = statOf(arg);
    if (stat?.isDirectory()) {
      let entries: string[];
      try {
        entries = fs.readdirSync(arg, { recursive: true }) as string[];
      } catch (err) {
        result.problems.push({ file: slash(arg), message: `cannot be listed: ${(err as Error).message}` });
        continue;
      }
      const visible = entries.map(slash).filter((f) => !f.split('/').some((part) => part.startsWith('.') || part === 'node_modules')).sort();
      // Each file is stat'ed once: whether it is a file here, its size when it is read.
      const sizes = new Map<string, number>();
      const files = visible.filter((f) => {
        const s = /\.(ya?ml|json)$/.test(f) ? statOf(path.join(arg, f)) : undefined;
        if (s?.isFile()) {
          sizes.set(f, s.size);
        }
        return s?.isFile() === true;
      });
      // Terraform in HCL is not read (only its JSON form is): said for each file, so that none is taken for checked.
      visible.filter((f) => f.endsWith('.tf') && statOf(path.join(arg, f))?.isFile())
        .forEach((f) => result.skipped.push({ file: paths.length === 1 ? f : slash(path.join(arg, f)), message: TERRAFORM_HCL }));
      if (files.length === 0) {
        result.problems.push({ file: slash(arg), message: 'no .yaml, .yml or .json files in this directory' });
      }
      for (const f of files.filter((x) => !seen.has(path.resolve(arg, x)))) {
        seen.add(path.resolve(arg, f));
        readFile(path.join(arg, f), paths.length === 1 ? f : slash(path.join(arg, f)), result, undefined, sizes.get(f));
      }
    } else if (stat?.isFile() && arg.endsWith('.tf')) {
      // Named on its own, it was meant to be checked: a problem, so that the check does not pass having read nothing.
      result.problems.push({ file: slash(arg), message: TERRAFORM_HCL });
    } else if (stat?.isFile()) {
      if (!seen.has(path.resolve(arg))) {
        seen.add(path.resolve(arg));
        readFile(arg, slash(arg), result, undefined, stat.size);
      }
    } else {
      result.problems.push({ file: slash(arg), message: stat ? 'not a file or directory' : 'no such file or directory' });
    }
  }
  return result;
}

const TERRAFORM_HCL = 'Terraform in HCL, which keelson check does not read: it checks Terraform JSON configuration (.tf.json, as cdktf and '
  + 'keelson write it); scan HCL with Checkov or convert it to JSON first';

/** The path argument that names standard input, and the name its objects are reported under. */
export const STDIN_PATH = '-';
const STDIN_NAME = '<stdin>';

/** Reads one file (or standard input, with `readStdin`) into `into`; `size` is the file's size when it was stat'ed already. */
function readFile(full: string, file: string, into: LoadResult, readStdin?: () => string, size?: number): void {
  const problems: LoadProblem[] = [];
  const before = into.targets.length;
  let text = '';
  try {
    const tooLarge = (bytes: number) => {
      into.problems.push({ file, message: `is ${(bytes / 1024 / 1024).toFixed(1)} MB; files over ${INPUT_LIMITS.maxFileBytes / 1024 / 1024} MB are not read` });
    };
    if (readStdin) {
      text = readStdin();
      if (Buffer.byteLength(text) > INPUT_LIMITS.maxFileBytes) {
        tooLarge(Buffer.byteLength(text));
        return;
      }
    } else {
      const bytes = size ?? fs.statSync(full).size;
      if (bytes > INPUT_LIMITS.maxFileBytes) {
        tooLarge(bytes);
        return;
      }
      text = fs.readFileSync(full, 'utf8');
    }
    const docs = parseDocuments(text, file.endsWith('.json'));
    const skip = toolFile(file, docs);
    if (skip) {
      into.skipped.push({ file, message: skip });
      return;
    }
    if (file.endsWith('.tf.json')) {
      terraformTargets(docs[0]?.value, path.basename(path.dirname(full)), file).forEach((t) => into.targets.push(t));
    } else if (isHelmfile(file)) {
      docs.forEach((d) => helmTargets(d.value, file).forEach((t) => into.targets.push(t)));
    } else {
      docs.forEach((d) => readDocument(d, file, into.targets, problems));
    }
    if (into.targets.length === before && problems.length === 0 && !file.endsWith('.tf.json') && !isHelmfile(file)) {
      problems.push({ file, message: 'holds no Kubernetes objects (the file is empty, or only comments and ---)' });
    }
  } catch (err) {
    problems.push(err instanceof InputError
      ? { file, line: err.line, document: err.document, message: err.message }
      : { file, message: `cannot be read: ${(err as Error)?.message?.split('\n')[0] ?? String(err)}` });
  }
  const template = problems.length > 0 ? templateLine(text) : undefined;
  if (template !== undefined) {
    into.problems.push({ file, line: template, message: HELM_HINT });
    return;
  }
  for (const p of problems.slice(0, MAX_PROBLEMS_PER_FILE)) {
    into.problems.push(p);
  }
  if (problems.length > MAX_PROBLEMS_PER_FILE) {
    into.problems.push({ file, message: `and ${problems.length - MAX_PROBLEMS_PER_FILE} more documents that are not checkable objects` });
  }
}

/** Problems listed for one file; the rest are counted. */
const MAX_PROBLEMS_PER_FILE = 20;

function readDocument(doc: ParsedDocument, file: string, targets: PolicyTarget[], problems: LoadProblem[]): void {
  if (doc.value === null || doc.value === undefined) {
    return; // an empty document (between two ---, or only comments)
  }
  const at = { file, line: doc.line, document: doc.index };
  const value = doc.value as any;
  const kind = value !== null && typeof value === 'object' ? value.kind : undefined;
  if (typeof kind === 'string' && kind.endsWith('List') && (Array.isArray(value.items) || kind === 'List')) {
    if (!Array.isArray(value.items)) {
      problems.push({ ...at, message: `document ${doc.index + 1}: a List without an items array` });
      return;
    }
    value.items.forEach((item: unknown, i: number) => {
      const where = `document ${doc.index + 1}, item ${i + 1}`;
      const problem = notCheckable(item);
      if (problem) {
        problems.push({ ...at, message: `${where} of the ${kind}: ${problem}` });
      }
      if (!problem || isUnnamed(item)) {
        targets.push(unnamedOr(item as Manifest, where, file));
      }
    });
    return;
  }
  const problem = notCheckable(value);
  if (problem) {
    problems.push({ ...at, message: `document ${doc.index + 1}: ${problem}` });
  }
  if (!problem || isUnnamed(value)) {
    targets.push(unnamedOr(value, `document ${doc.index + 1}`, file));
  }
}

/**
 * Whether a value is a Kubernetes object (apiVersion and kind set) that lacks only a name: no metadata, or no
 * metadata.name. It is reported as an input problem and still checked, under a placeholder name.
 */
function isUnnamed(v: any): boolean {
  if (v === null || typeof v !== 'object' || Array.isArray(v)
    || ['apiVersion', 'kind'].some((k) => typeof v[k] !== 'string' || v[k] === '')) {
    return false;
  }
  const meta = v.metadata;
  if (meta === null || typeof meta !== 'object' || Array.isArray(meta)) {
    return true;
  }
  return (typeof meta.name !== 'string' || meta.name === '') && (meta.namespace === undefined || typeof meta.namespace === 'string');
}

/** The target of an object; one without a name is named `(unnamed <where>)`, e.g. `(unnamed document 2)`. */
function unnamedOr(m: Manifest, where: string, file: string): PolicyTarget {
  const t = kubernetesTarget(m, { file });
  if (typeof t.name === 'string' && t.name !== '') {
    return t;
  }
  const meta: any = m.metadata;
  const namespace = meta !== null && typeof meta === 'object' && typeof meta.namespace === 'string' ? meta.namespace : undefined;
  return { ...t, name: `(unnamed ${where})`, namespace };
}

/** Why a value is not a Kubernetes object that can be checked; undefined when it is one. */
function notCheckable(v: any): string | undefined {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) {
    return `${v === null ? 'null' : Array.isArray(v) ? 'a list' : `a ${typeof v}`}, not a Kubernetes object`;
  }
  const missing = ['apiVersion', 'kind'].filter((k) => typeof v[k] !== 'string' || v[k] === '');
  if (missing.length > 0) {
    return `not a Kubernetes object: no ${missing.join(' or ')}`;
  }
  const meta = v.metadata;
  if (meta === null || typeof meta !== 'object' || Array.isArray(meta)) {
    return `${v.kind} has no metadata`;
  }
  if (typeof meta.name !== 'string' || meta.name === '') {
    return `${v.kind} has no metadata.name${typeof meta.generateName === 'string' ? ` (only generateName ${meta.generateName}: the API server picks the name)` : ''}`;
  }
  if (meta.namespace !== undefined && typeof meta.namespace !== 'string') {
    return `${v.kind} ${meta.name}: metadata.namespace is not a string`;
  }
  return undefined;
}

/** What another tool's configuration file is, when the file is one (checked elsewhere or not at all). */
function toolFile(file: string, docs: readonly ParsedDocument[]): string | undefined {
  const v = docs.length === 1 ? docs[0].value as any : undefined;
  if (v === null || typeof v !== 'object') {
    return undefined;
  }
  if (/(^|\/)manifest\.json$/.test(file) && typeof v.stacks === 'object' && v.version !== undefined && v.kind === undefined) {
    return 'a cdktf manifest (its stacks/<stack>/cdk.tf.json files are checked)';
  }
  if (typeof v.provider === 'object' && typeof v.functions === 'object' && v.kind === undefined) {
    return 'an OpenFaaS stack file (faas-cli), not Kubernetes objects';
  }
  if (v.kind === 'Kustomization' && /^kustomize\.config\.k8s\.io\//.test(String(v.apiVersion))) {
    return 'a kustomization: to check what it builds, render it first (kubectl kustomize DIR | keelson check -)';
  }
  if (v.kind !== undefined) {
    return undefined;
  }
  const base = file.split('/').pop()!;
  if (/^Chart\.ya?ml$/.test(base) && typeof v.name === 'string' && v.version !== undefined) {
    return 'a Helm chart\'s Chart.yaml: to check what the chart makes, render it first (helm template RELEASE DIR | keelson check -)';
  }
  if (/^values([-.][\w.-]*)?\.ya?ml$/.test(base) && v.apiVersion === undefined) {
    return 'Helm values (not Kubernetes objects): render the chart with them (helm template RELEASE CHART -f FILE | keelson check -)';
  }
  if (isMap(v.checks) && (typeof v.checks.addAllBuiltIn === 'boolean' || Array.isArray(v.checks.include) || Array.isArray(v.checks.exclude)
    || typeof v.checks.doNotAutoAddDefaults === 'boolean') || (Array.isArray(v.customChecks) && v.apiVersion === undefined)) {
    return 'a kube-linter configuration, not Kubernetes objects';
  }
  if (isMap(v.checks) && Object.values(v.checks).length > 0 && Object.values(v.checks).every((x) => x === 'danger' || x === 'warning' || x === 'ignore')) {
    return 'a Polaris configuration, not Kubernetes objects';
  }
  if (typeof v.successMessage === 'string' && typeof v.failureMessage === 'string' && v.schema !== undefined) {
    return 'a Polaris custom check, not Kubernetes objects';
  }
  return undefined;
}
