import { Finding, PolicyReport } from './types';

function locate(f: Finding): string {
  return f.constructPath ? `construct ${f.constructPath}` : f.file ? `file ${f.file}` : '';
}

/** A report for people: each finding with its check, object, construct path (or file), message and fix. */
export function formatReport(report: PolicyReport, title = 'Policy'): string {
  const lines = [`${title}: ${report.errors} error(s), ${report.warnings} warning(s), ${report.suppressed.length} suppressed, ${report.objects} objects checked`];
  for (const f of report.findings) {
    lines.push(`  ${f.severity.toUpperCase()} ${f.checkId}: ${f.object}${locate(f) ? ` (${locate(f)})` : ''}`);
    lines.push(`    ${f.message}`);
    lines.push(`    fix: ${f.remediation}`);
  }
  for (const s of report.suppressed) {
    lines.push(`  SUPPRESSED ${s.finding.checkId}: ${s.finding.object}${locate(s.finding) ? ` (${locate(s.finding)})` : ''}: ${s.reason}`);
  }
  return lines.join('\n');
}

/** The report as plain JSON data. */
export function reportToJson(report: PolicyReport): object {
  return {
    summary: { errors: report.errors, warnings: report.warnings, suppressed: report.suppressed.length, objects: report.objects },
    findings: report.findings,
    suppressed: report.suppressed.map((s) => ({ ...s.finding, reason: s.reason })),
  };
}

/** The report as SARIF 2.1.0, for code-scanning UIs (GitHub, GitLab, Azure DevOps). */
export function reportToSarif(report: PolicyReport): object {
  const result = (f: Finding, suppression?: string) => ({
    ruleId: f.checkId,
    level: f.severity,
    message: { text: `${f.object}: ${f.message}` },
    locations: f.file ? [{ physicalLocation: { artifactLocation: { uri: f.file } } }] : [],
    ...(f.constructPath ? { properties: { constructPath: f.constructPath } } : {}),
    ...(suppression ? { suppressions: [{ kind: 'inSource', justification: suppression }] } : {}),
  });
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'keelson',
          rules: report.checks.map((c) => ({
            id: c.id,
            shortDescription: { text: c.description },
            help: { text: c.remediation },
            defaultConfiguration: { level: c.severity },
            properties: { tags: [c.domain, ...(c.references ?? [])] },
          })),
        },
      },
      results: [...report.findings.map((f) => result(f)), ...report.suppressed.map((s) => result(s.finding, s.reason))],
    }],
  };
}
