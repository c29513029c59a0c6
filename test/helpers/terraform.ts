import { Chart } from 'cdk8s';
import { App } from 'cdktf';
import { Construct } from 'constructs';
import { parse } from 'yaml';
import { PlatformStack, StateBackend, StateBucket, terraformApp } from '../../lib/aws';
import { AppStack } from '../../lib/core/app-stack';
import { artifactSources } from '../../lib/output/artifacts';
import { Manifest } from '../../lib/output/manifest';
import { AppDefinition, synthesizeDefinition } from '../../lib/output/synth-apps';
import { runPolicy } from '../../lib/policy/engine';
import { annotationSuppressions } from '../../lib/policy/suppressions';
import { terraformTargets } from '../../lib/policy/targets';
import { expectSchemaValid } from './schemas';

/** A synthesized Terraform JSON configuration (one stack). */
export type TerraformJson = Record<string, any>;

/** Everything an app synthesizes: YAML objects and Terraform stacks by name, plus the raw files. */
export interface SynthesizedPlatform {
  readonly yaml: Manifest[];
  readonly stacks: Record<string, TerraformJson>;
  readonly files: ReadonlyMap<string, string>;
}

/** Extracts the `${...}` expressions of a string, honouring nested braces. */
function expressions(text: string): string[] {
  const out: string[] = [];
  for (let i = text.indexOf('${'); i >= 0; i = text.indexOf('${', i + 2)) {
    let depth = 0;
    for (let j = i + 1; j < text.length; j++) {
      if (text[j] === '{') depth++;
      if (text[j] === '}' && --depth === 0) {
        out.push(text.slice(i + 2, j));
        break;
      }
    }
  }
  return out;
}

const REF = /(?<![\w.\]])(data\.[a-z][\w]*\.[\w-]+|ephemeral\.[a-z][\w]*\.[\w-]+|var\.[\w-]+|local\.[\w-]+|module\.[\w-]+|[a-z][a-z0-9]*_[\w]+\.[\w-]+)/g;

/** The references in an expression (string literals removed). */
function referencesIn(expression: string): string[] {
  const code = expression.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  return [...code.matchAll(REF)].map((m) => m[1]).filter((r) => !/^(each|count|self|path|terraform)\./.test(r));
}

/** Every reference of a Terraform JSON configuration (in `${...}` expressions and in depends_on) that is not declared in it. */
export function unresolvedReferences(tf: TerraformJson): string[] {
  const declared = new Set<string>();
  for (const [type, byName] of Object.entries(tf.resource ?? {})) {
    Object.keys(byName as object).forEach((name) => declared.add(`${type}.${name}`));
  }
  for (const [type, byName] of Object.entries(tf.data ?? {})) {
    Object.keys(byName as object).forEach((name) => declared.add(`data.${type}.${name}`));
  }
  for (const [type, byName] of Object.entries(tf.ephemeral ?? {})) {
    Object.keys(byName as object).forEach((name) => declared.add(`ephemeral.${type}.${name}`));
  }
  Object.keys(tf.variable ?? {}).forEach((name) => declared.add(`var.${name}`));
  Object.keys(tf.locals ?? {}).forEach((name) => declared.add(`local.${name}`));
  Object.keys(tf.module ?? {}).forEach((name) => declared.add(`module.${name}`));

  const refs: string[] = [];
  const walk = (value: unknown, key?: string): void => {
    if (typeof value === 'string') {
      if (key === 'depends_on') {
        refs.push(value);
      } else {
        expressions(value).forEach((e) => refs.push(...referencesIn(e)));
      }
    } else if (Array.isArray(value)) {
      value.forEach((v) => walk(v, key));
    } else if (value && typeof value === 'object') {
      Object.entries(value).forEach(([k, v]) => walk(v, k === '//' ? undefined : k));
    }
  };
  for (const section of ['resource', 'data', 'ephemeral', 'output', 'provider', 'locals', 'module']) {
    walk(tf[section]);
  }
  return [...new Set(refs.filter((r) => !declared.has(r)))].sort();
}

/** The number of references found, to prove the check is looking at something. */
export function referenceCount(tf: TerraformJson): number {
  let n = 0;
  JSON.stringify(tf).replace(/\$\{/g, () => String(n++));
  return n;
}

/** Synthesizes an app definition; validates its YAML against the schemas and its Terraform references. */
export function synthPlatform(def: AppDefinition): SynthesizedPlatform {
  const { folders } = synthesizeDefinition(def);
  const yaml = [...folders[0].files.values()].map((text) => parse(text) as Manifest);
  if (yaml.length > 0) {
    expectSchemaValid(yaml);
  }
  const files: ReadonlyMap<string, string> = folders.find((f) => f.name.startsWith('terraform/'))?.files ?? new Map<string, string>();
  const stacks: Record<string, TerraformJson> = {};
  for (const [file, text] of files) {
    const m = /^stacks\/([^/]+)\/cdk\.tf\.json$/.exec(file);
    if (m) {
      stacks[m[1]] = JSON.parse(text);
      expect([m[1], unresolvedReferences(stacks[m[1]])]).toEqual([m[1], []]);
    }
  }
  return { yaml, stacks, files };
}

/** Builds constructs in a fresh platform stack "test" (us-west-2, local state) and synthesizes it. */
export function synthStack(build: (stack: PlatformStack, kubernetes: Chart, tf: App) => void): TerraformJson & { yaml: Manifest[] } {
  const out = synthPlatform({
    name: 'test',
    description: 'test',
    build: (app) => {
      const kubernetes = new AppStack(app, 'test');
      const tf = terraformApp(app);
      build(new PlatformStack(tf, 'test', { region: 'us-west-2', backend: StateBackend.local() }), kubernetes, tf);
    },
  });
  return Object.assign(out.stacks.test, { yaml: out.yaml });
}

/**
 * The ids of the policy findings (errors and warnings) of a Terraform configuration, e.g. the Checkov EKS checks, as
 * `keelson check` reports them on the written output: the suppressions recorded in it (with their reasons) apply.
 */
export function policyFindings(tf: TerraformJson): string[] {
  const targets = terraformTargets(tf, 'test');
  return runPolicy(targets, { suppressions: annotationSuppressions(targets) }).findings.map((f) => `${f.severity} ${f.checkId}`);
}

/** The resources of a type, as a list. */
export function resources(tf: TerraformJson, type: string): any[] {
  return Object.values(tf.resource?.[type] ?? {});
}

/** The one resource of a type. */
export function resource(tf: TerraformJson, type: string): any {
  const all = resources(tf, type);
  if (all.length !== 1) {
    throw new Error(`expected one ${type}, found ${all.length}`);
  }
  return all[0];
}

/** The Terraform address of the one resource of a type, e.g. "aws_vpc.network_vpc_4E8F0223". */
export function addressOf(tf: TerraformJson, type: string, named?: string): string {
  // With `named`, the one resource of the type whose `name` or `bucket` is that (a stack may hold several).
  const names = Object.entries(tf.resource?.[type] ?? {})
    .filter(([, r]: [string, any]) => named === undefined || r.name === named || r.bucket === named).map(([n]) => n);
  if (names.length !== 1) {
    throw new Error(`expected one ${type}${named === undefined ? '' : ` named ${named}`}, found ${names.length}`);
  }
  return `${type}.${names[0]}`;
}

/** A valid app with a Kubernetes stack and a Terraform stack: the previous output that AWS bad-input suites protect. */
export const GOOD_PLATFORM_APP: AppDefinition = {
  name: 'good',
  description: '',
  build: (app) => {
    new AppStack(app, 'good');
    new StateBucket(new PlatformStack(terraformApp(app), 'good', { region: 'us-west-2', backend: StateBackend.local() }), 'state', { bucketName: 'acme-state' });
  },
};

/**
 * Synthesizes every artifact of the app that holds `scope`, as the app's synth would, and fails (with a plain Error,
 * which the value harness reports) when a Terraform stack references what it does not declare.
 */
export function synthesizeDeclared(scope: Construct): void {
  for (const source of artifactSources(scope.node.root)) {
    for (const [file, text] of source.synthesize()) {
      const missing = file.endsWith('cdk.tf.json') ? unresolvedReferences(JSON.parse(text)) : [];
      if (missing.length > 0) {
        throw new Error(`accepted, but ${file} references what it does not declare: ${missing.join(', ')}`);
      }
    }
  }
}
