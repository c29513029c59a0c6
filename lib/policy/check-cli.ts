import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { runPolicy } from './engine';
import { formatReport, reportToJson, reportToSarif } from './report';
import { annotationSuppressions } from './suppressions';
import { loadDirectory } from './targets';

const USAGE = `Usage: keelson check DIR [--format text|json|sarif] [--output FILE]

Checks every Kubernetes manifest (.yaml, .yml, .json) and Terraform JSON
configuration (.tf.json) under DIR against the built-in policy checks.
Objects may suppress a check with the annotation
  suppress.policy.keelson.dev/<check id>: <reason>

Exit codes: 0 no errors (warnings allowed), 1 errors found or files unreadable,
2 usage error.`;

/** Where the command prints. */
export interface CheckCliOutput {
  log(line: string): void;
  error(line: string): void;
}

/** `keelson check DIR`: returns the exit code. */
export function runCheckCli(argv: string[], out: CheckCliOutput = console): number {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { format: { type: 'string' }, output: { type: 'string' }, help: { type: 'boolean' } },
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
  if (positionals.length !== 1 || !['text', 'json', 'sarif'].includes(format)) {
    out.error(USAGE);
    return 2;
  }
  const dir = positionals[0];
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    out.error(`keelson check: ${dir} is not a directory`);
    return 2;
  }

  const { targets, problems } = loadDirectory(dir);
  const report = runPolicy(targets, { suppressions: annotationSuppressions(targets) });
  const text = format === 'json' ? JSON.stringify({ ...reportToJson(report), unreadable: problems }, null, 2)
    : format === 'sarif' ? JSON.stringify(reportToSarif(report), null, 2)
      : [formatReport(report, `keelson check ${dir}`), ...problems.map((p) => `  UNREADABLE ${p.file}: ${p.message}`)].join('\n');
  if (values.output) {
    fs.mkdirSync(path.dirname(path.resolve(values.output)), { recursive: true });
    fs.writeFileSync(values.output, `${text}\n`);
    out.log(`${report.errors} error(s), ${report.warnings} warning(s); report written to ${values.output}`);
  } else {
    out.log(text);
  }
  return report.errors > 0 || problems.length > 0 ? 1 : 0;
}
