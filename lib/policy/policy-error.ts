import { formatReport } from './report';
import { PolicyReport } from './types';

/** Thrown when a synthesized app violates error-level checks; its message is the full report. */
export class PolicyError extends Error {
  /**
   * @param app the app (or other output) checked
   * @param report the findings
   * @param strict whether warnings counted as errors (`--strict`)
   */
  public constructor(public readonly app: string, public readonly report: PolicyReport, public readonly strict = false) {
    super(formatReport(report, `Policy check of app "${app}" failed${strict ? ' (strict: warnings count as errors)' : ''}`));
    this.name = 'PolicyError';
  }
}
