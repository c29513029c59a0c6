import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { ValidationError } from '../core/errors';
import { PolicyError } from '../policy/policy-error';
import { formatReport } from '../policy/report';
import { writeOutputFolders } from './output-writer';
import { AppDefinition, synthApps, synthesizeDefinition } from './synth-apps';

const USAGE = `Usage: synth [--outdir DIR] [--app NAME ...] [--list]

Synthesizes the apps into DIR/<app>/, one YAML file per object, and their
Terraform stacks into DIR/terraform/<app>/. Nothing is written unless every
selected app synthesizes cleanly.

Run by the cdktf CLI (CDKTF_OUTDIR set), it writes only the Terraform of the
one selected app, in cdktf's layout, into $CDKTF_OUTDIR.

  --outdir DIR   output directory (default: $CDK8S_OUTDIR or "dist")
  --app NAME     only this app; repeat for several (default: all)
  --list         list the apps and exit
  --help         show this help`;

/** Where the CLI prints. */
export interface CliOutput {
  log(line: string): void;
  error(line: string): void;
}

/**
 * The `synth` command: parses `argv`, synthesizes the selected apps and returns the exit code
 * (0 success, 1 synthesis failed, 2 usage error). User errors are printed as messages, never as stack traces.
 */
export function runSynthCli(argv: string[], apps: readonly AppDefinition[], out: CliOutput = console, env = process.env): number {
  let args;
  try {
    args = parseArgs({
      args: argv,
      options: {
        outdir: { type: 'string' },
        app: { type: 'string', multiple: true },
        list: { type: 'boolean' },
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
  const selected = args.app ? apps.filter((a) => args.app!.includes(a.name)) : apps;
  const outdir = args.outdir ?? (env.CDK8S_OUTDIR || 'dist');

  try {
    if (env.CDKTF_OUTDIR) {
      return synthForCdktf(selected, env.CDKTF_OUTDIR, out);
    }
    for (const result of synthApps(selected, outdir)) {
      const extra = result.artifacts.map((a) => `, ${outdir}/${a}/`).join('');
      out.log(`${result.name}: ${result.objects} objects -> ${outdir}/${result.name}/${extra}`);
      if (result.policy.findings.length > 0 || result.policy.suppressed.length > 0) {
        out.log(formatReport(result.policy, `  policy of ${result.name}`).split('\n').map((l) => `  ${l}`).join('\n'));
      }
    }
    return 0;
  } catch (err) {
    out.error(`Synthesis failed; the previous output was left untouched.\n${(err as Error).message}`);
    if (!(err instanceof ValidationError) && !(err instanceof PolicyError)) {
      out.error(env.KEELSON_DEBUG ? String((err as Error).stack) : '(set KEELSON_DEBUG=1 for a stack trace)');
    }
    return 1;
  }
}

/** `cdktf synth` runs the app with CDKTF_OUTDIR: write that one app's Terraform there, and nothing else. */
function synthForCdktf(apps: readonly AppDefinition[], cdktfOutdir: string, out: CliOutput): number {
  const terraform = apps.flatMap((a) => synthesizeDefinition(a).folders).filter((f) => f.name.startsWith('terraform/'));
  if (terraform.length !== 1) {
    out.error(`cdktf needs exactly one app with Terraform stacks; ${terraform.length} found (select one with --app)`);
    return 2;
  }
  const target = path.resolve(cdktfOutdir);
  writeOutputFolders(path.dirname(target), [{ name: path.basename(target), files: terraform[0].files }]);
  out.log(`${terraform[0].name}: ${terraform[0].files.size} files -> ${cdktfOutdir}`);
  return 0;
}
