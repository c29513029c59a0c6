import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { ValidationError } from '../core/errors';
import { PolicyConfig, PolicyConfigError, loadPolicyConfig } from '../policy/policy-config';
import { PolicyError } from '../policy/policy-error';
import { formatReport } from '../policy/report';
import { GitOpsDeliveryOptions } from './gitops-delivery';
import { OutputLockedError } from './output-lock';
import { OutputChange } from './output-state';
import { writeOutputFolders } from './output-writer';
import { AppDefinition, SynthSummary, SynthesizeDefinitionOptions, synthApps, synthesizeDefinition } from './synth-apps';

const USAGE = `Usage: synth [--outdir DIR] [--app NAME ...] [--check] [--strict] [--list]
             [--schemas DIR] [--config FILE]

Synthesizes the apps into DIR/<app>/, one YAML file per object, with their
Terraform, helmfile and faas-cli files in DIR/terraform/<app>/, DIR/helm/<app>/
and DIR/openfaas/<app>/. Nothing is written unless every selected app
synthesizes cleanly; only folders that changed are replaced, each as a whole.
DIR/.keelson.json records the folders of each app: those of an app no longer
in the list are removed; folders keelson did not write are never touched.

  --outdir DIR   output directory (default: "dist"; under the cdk8s CLI
                 without --outdir, its output folder)
  --app NAME     only this app; repeat for several (default: all). The
                 folders of the other apps stay as they are.
  --check        write nothing; exit 1 and list the files that a synth would
                 add, change or remove if DIR is not up to date (CI drift gate)
  --strict       treat policy warnings as errors
  --schemas DIR  validate every object against the strict JSON schemas in
                 DIR (kubeconform layout: DIR/kubernetes/<version>-standalone-
                 strict/, DIR/crds/<group>/); unknown fields are errors.
                 Default: $KUBE_SCHEMAS, else "schemas" of the policy config;
                 with none, nothing is validated
  --config FILE  policy configuration (JSON: include, exclude, severity,
                 schemas), for every app; an app's own "policy" applies over it
  --list         list the apps and exit (builds none of them)
  --help         show this help

Run by the cdk8s CLI (CDK8S_OUTDIR set) with --outdir, it writes DIR as usual
and links the written files into $CDK8S_OUTDIR, which the cdk8s CLI empties
first: so a failed synth leaves DIR untouched. Messages go to stderr there,
because the cdk8s CLI discards the app's standard output.
Run by the cdktf CLI (CDKTF_OUTDIR set), it writes only the Terraform of the
one selected app, in cdktf's layout, into $CDKTF_OUTDIR.

Exit codes: 0 success (or up to date with --check), 1 synthesis failed or
output out of date, 2 usage error.`;

/** Where the CLI prints. */
export interface CliOutput {
  log(line: string): void;
  error(line: string): void;
}

/** Options of {@link runSynthCli}. */
export interface SynthCliOptions {
  /**
   * Where to print.
   * @default the console
   */
  readonly out?: CliOutput;
  /**
   * The environment (CDK8S_OUTDIR, CDKTF_OUTDIR, KEELSON_DEBUG and KUBE_SCHEMAS are read).
   * @default process.env
   */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /**
   * Also write an Argo CD Application or Flux Kustomization per app.
   * @default no delivery objects
   */
  readonly delivery?: GitOpsDeliveryOptions;
  /**
   * How long to wait for another synth writing the same output directory, in milliseconds.
   * @default 60000
   */
  readonly timeoutMs?: number;
  /**
   * The policy configuration of every app, when `--config` names no file.
   * @default none
   */
  readonly policy?: PolicyConfig;
}

/**
 * The `synth` command of a project: parses `argv`, synthesizes the selected apps and returns the exit code
 * (0 success, 1 synthesis failed or output out of date with `--check`, 2 usage error). User errors are printed
 * as messages, never as stack traces. A project's synth entry point is one line:
 * `process.exitCode = runSynthCli(process.argv.slice(2), apps);`
 */
export function runSynthCli(argv: string[], apps: readonly AppDefinition[], options: SynthCliOptions = {}): number {
  const env = options.env ?? process.env;
  const underCdk8s = Boolean(env.CDK8S_OUTDIR);
  const sink = options.out ?? console;
  // The cdk8s CLI discards the app's standard output: print everything to stderr there.
  const out: CliOutput = underCdk8s ? { log: (l) => sink.error(l), error: (l) => sink.error(l) } : sink;
  let args;
  try {
    args = parseArgs({
      args: argv,
      options: {
        outdir: { type: 'string' },
        app: { type: 'string', multiple: true },
        check: { type: 'boolean' },
        strict: { type: 'boolean' },
        list: { type: 'boolean' },
        schemas: { type: 'string' },
        config: { type: 'string' },
        help: { type: 'boolean' },
      },
    }).values;
  } catch (err) {
    out.error(`${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    out.log(USAGE);
    return 0;
  }
  if (args.list) {
    apps.forEach((a) => out.log(`${a.name.padEnd(24)} ${a.description}`));
    return 0;
  }
  const unknown = (args.app ?? []).filter((name) => !apps.some((a) => a.name === name));
  if (unknown.length > 0) {
    out.error(`Unknown app ${unknown.map((n) => `"${n}"`).join(', ')}; known apps: ${apps.map((a) => a.name).join(', ')}`);
    return 2;
  }
  const outdir = args.outdir ?? (env.CDK8S_OUTDIR || 'dist');

  try {
    const policy = args.config !== undefined ? loadPolicyConfig(args.config) : options.policy;
    const policyOptions = { policy, schemas: args.schemas, env };
    if (env.CDKTF_OUTDIR) {
      return synthForCdktf(args.app ? apps.filter((a) => args.app!.includes(a.name)) : apps, env.CDKTF_OUTDIR, out, policyOptions);
    }
    if (underCdk8s && !args.outdir && !args.check) {
      out.error(`warning: the cdk8s CLI deleted ${outdir} before running the synth, so a failed synth cannot keep the previous output. `
        + 'Pass --outdir to the app in cdk8s.yaml and set its "output" to a scratch folder (see the README).');
    }
    const notes: string[] = [];
    const summary = synthApps(apps, outdir, {
      only: args.app, check: args.check, strict: args.strict, delivery: options.delivery, timeoutMs: options.timeoutMs,
      ...policyOptions, note: (line) => notes.push(line),
    });
    report(summary, outdir, out);
    if (!args.check) {
      // After the report, once; the drift gate's output stays the list of files.
      notes.forEach((line) => out.error(line));
    }
    if (args.check) {
      return summary.changes.length === 0 ? 0 : 1;
    }
    if (underCdk8s && args.outdir) {
      mirror(outdir, env.CDK8S_OUTDIR!, summary);
    }
    return 0;
  } catch (err) {
    const what = args.check ? 'Check failed; nothing was written.' : 'Synthesis failed; the previous output was left untouched.';
    out.error(`${what}\n${(err as Error)?.message ?? String(err)}`);
    if (!(err instanceof ValidationError) && !(err instanceof PolicyError) && !(err instanceof OutputLockedError)
      && !(err instanceof PolicyConfigError)) {
      out.error(env.KEELSON_DEBUG ? String((err as Error)?.stack) : '(set KEELSON_DEBUG=1 for a stack trace)');
    }
    return 1;
  }
}

function count(changes: readonly OutputChange[], kind: OutputChange['change']): number {
  return changes.filter((c) => c.change === kind).length;
}

/** Prints each app with its folders, policy findings and suppressions, then what changed (or would). */
function report(summary: SynthSummary, outdir: string, out: CliOutput): void {
  for (const result of summary.apps) {
    const extra = result.artifacts.map((a) => `, ${outdir}/${a}/`).join('');
    out.log(`${result.name}: ${result.objects} objects -> ${outdir}/${result.name}/${extra}`);
    if (result.policy.findings.length > 0 || result.policy.suppressed.length > 0) {
      out.log(formatReport(result.policy, `  policy of ${result.name}`).split('\n').map((l) => `  ${l}`).join('\n'));
    }
  }
  if (summary.deliveryFolder) {
    out.log(`GitOps delivery objects -> ${outdir}/${summary.deliveryFolder}/`);
  }
  const changes = summary.changes;
  const tally = `${count(changes, 'added')} added, ${count(changes, 'changed')} changed, ${count(changes, 'removed')} removed`;
  if (!summary.checked) {
    out.log(changes.length === 0 ? `${outdir}: nothing changed` : `${outdir}: ${changes.length} file(s) written or removed (${tally})`);
    return;
  }
  if (changes.length === 0) {
    out.log(`${outdir} is up to date`);
    return;
  }
  out.error(`${outdir} is out of date: ${changes.length} file(s) differ from a fresh synth (${tally}). Run the synth and commit the result.`);
  changes.forEach((c) => out.error(`  ${c.change.padEnd(8)} ${outdir}/${c.path}`));
}

/**
 * Links the folders written in this run into the cdk8s CLI's output folder (which it emptied before running the
 * app), so that the CLI lists them and its validation plugins and `--stdout` see them. Copies where links fail.
 */
function mirror(outdir: string, cdk8sOutdir: string, summary: SynthSummary): void {
  const from = path.resolve(outdir);
  const to = path.resolve(cdk8sOutdir);
  if (from === to || to.startsWith(`${from}${path.sep}`) || from.startsWith(`${to}${path.sep}`)) {
    return;
  }
  fs.mkdirSync(to, { recursive: true });
  const folders = [...summary.apps.flatMap((a) => [a.name, ...a.artifacts]), ...(summary.deliveryFolder ? [summary.deliveryFolder] : [])];
  for (const folder of folders) {
    const files = fs.readdirSync(path.join(from, folder), { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    for (const entry of files) {
      const source = path.join(entry.parentPath, entry.name);
      const target = path.join(to, folder, path.relative(path.join(from, folder), source));
      fs.mkdirSync(path.dirname(target), { recursive: true });
      try {
        fs.linkSync(source, target);
      } catch {
        fs.copyFileSync(source, target);
      }
    }
  }
}

/** `cdktf synth` runs the app with CDKTF_OUTDIR: write that one app's Terraform there, and nothing else. */
function synthForCdktf(apps: readonly AppDefinition[], cdktfOutdir: string, out: CliOutput, options: SynthesizeDefinitionOptions): number {
  const terraform = apps.flatMap((a) => synthesizeDefinition(a, options).folders).filter((f) => f.name.startsWith('terraform/'));
  if (terraform.length !== 1) {
    out.error(`cdktf needs exactly one app with Terraform stacks; ${terraform.length} found (select one with --app)`);
    return 2;
  }
  const target = path.resolve(cdktfOutdir);
  writeOutputFolders(path.dirname(target), [{ name: path.basename(target), files: terraform[0].files }]);
  out.log(`${terraform[0].name}: ${terraform[0].files.size} files -> ${cdktfOutdir}`);
  return 0;
}
