import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { configuredPolicy } from './configured-policy';
import { runPolicy } from './engine';
import { PolicyConfigError, loadPolicyConfig } from './policy-config';
import { formatReport, reportToJson, reportToSarif } from './report';
import { annotationSuppressions, describeTarget } from './suppressions';
import { inputProblemLines, sarifWithInputProblems, statOf } from './read-manifests';
import { STDIN_PATH, loadPaths } from './targets';

const USAGE = `Usage: keelson check PATH... [--format text|json|sarif] [--output FILE]
                     [--schemas DIR] [--config FILE]

Checks every Kubernetes manifest (.yaml, .yml, .json; multi-document files
and Lists), Terraform JSON configuration (.tf.json; HCL .tf files are listed
as not read) and helmfile.yaml in the files and directories named
(directories are searched recursively; "-" is standard input, read as YAML)
against the built-in policy checks. Render Helm charts and kustomizations
first:
  helm template RELEASE CHART | keelson check -
  kubectl kustomize overlays/prod | keelson check -
Every object needs apiVersion, kind and metadata.name; an object without
them, a file without objects, a YAML error (reported with its line) and a
file over 10 MB or with aliases that expand too far are input problems.
The CustomResourceDefinitions among the objects (in any of the files) tell
which custom kinds are cluster-scoped and which are namespaced.
Objects may suppress a check with the annotation
  suppress.policy.keelson.dev/<check id>: <reason>

  --schemas DIR  also validate every object against the strict JSON schemas
                 in DIR (kubeconform layout); unknown fields are errors.
                 Custom resources whose CustomResourceDefinition is among the
                 objects are validated against its schema. Default:
                 $KUBE_SCHEMAS, else "schemas" of the policy config
  --config FILE  policy configuration, the synth's format (JSON: include,
                 exclude, severity, schemas)

Exit codes: 0 no errors (warnings allowed), 1 errors found or input
problems, 2 usage error (including a PATH that is not a file or directory).`;

/** Where the command prints. */
export interface CheckCliOutput {
  log(line: string): void;
  error(line: string): void;
}

/**
 * `keelson check PATH...`: returns the exit code; never throws (an unexpected error is one line, exit code 1).
 * `readStdin` gives the text of the path "-" (standard input by default; it is read at most once).
 */
export function runCheckCli(argv: string[], out: CheckCliOutput = console, readStdin: () => string = () => fs.readFileSync(0, 'utf8')): number {
  let stdin: string | undefined;
  const once = () => (stdin ??= readStdin());
  try {
    return runCheck(argv, out, once);
  } catch (err) {
    const where = failingObject(argv, once);
    out.error(`keelson check: ${where ? `${where}: ` : ''}${err instanceof Error ? `${err.name}: ${err.message.split('\n')[0]}` : String(err)}`);
    return 1;
  }
}

/** After an unexpected error, the first object (with its file) that the checks fail on alone, if one does. */
function failingObject(argv: string[], readStdin: () => string): string | undefined {
  try {
    const { targets } = loadPaths(parseArgs({ args: argv, allowPositionals: true, strict: false }).positionals, readStdin);
    const t = targets.find((x) => {
      try {
        runPolicy([x]);
        return false;
      } catch {
        return true;
      }
    });
    return t ? `${t.file}: ${describeTarget(t)}` : undefined;
  } catch {
    return undefined;
  }
}

function runCheck(argv: string[], out: CheckCliOutput, readStdin: () => string): number {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        format: { type: 'string' }, output: { type: 'string' }, help: { type: 'boolean' },
        schemas: { type: 'string' }, config: { type: 'string' },
      },
    });
  } catch (err) {
    out.error(`${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    out.log(USAGE);
    return 0;
  }
  const format = values.format ?? 'text';
  if (positionals.length === 0 || !['text', 'json', 'sarif'].includes(format)) {
    out.error(USAGE);
    return 2;
  }
  const notFound = positionals.find((p) => p !== STDIN_PATH && !statOf(p)?.isDirectory() && !statOf(p)?.isFile());
  if (notFound !== undefined) {
    out.error(`keelson check: ${notFound} is not a file or directory`);
    return 2;
  }
  const dir = positionals.join(' ');

  let configured;
  try {
    const config = values.config !== undefined ? loadPolicyConfig(values.config) : undefined;
    configured = configuredPolicy({ configs: [{ config, source: values.config ?? '' }], schemas: values.schemas, env: process.env });
  } catch (err) {
    if (err instanceof PolicyConfigError) {
      out.error(`keelson check: ${err.message}`);
      return 2;
    }
    throw err;
  }
  const loaded = loadPaths(positionals, readStdin);
  const { targets, skipped } = loaded;
  // Files that are all another tool's (a chart's Chart.yaml and values, a kustomization): a check that read nothing
  // does not pass.
  const problems = targets.length === 0 && loaded.problems.length === 0 && skipped.length > 0
    ? [{ file: dir, message: 'nothing to check: every file is listed as skipped below; render what they describe and check that' }]
    : loaded.problems;
  const report = runPolicy(targets, { ...configured, suppressions: annotationSuppressions(targets) });
  const text = format === 'json' ? JSON.stringify({ ...reportToJson(report), unreadable: problems, skipped }, null, 2)
    : format === 'sarif' ? JSON.stringify(sarifWithInputProblems(reportToSarif(report), problems), null, 2)
      : [formatReport(report, `keelson check ${dir}`), ...inputProblemLines(problems, skipped)].join('\n');
  if (values.output) {
    fs.mkdirSync(path.dirname(path.resolve(values.output)), { recursive: true });
    fs.writeFileSync(values.output, `${text}\n`);
    out.log(`${report.errors} error(s), ${report.warnings} warning(s)${problems.length > 0 ? `, ${problems.length} input problem(s)` : ''}; report written to ${values.output}`);
  } else {
    out.log(text);
  }
  return report.errors > 0 || problems.length > 0 ? 1 : 0;
}
