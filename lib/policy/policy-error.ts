import { formatReport } from './report';
import { PolicyReport } from './types';

/** Thrown when a synthesized app violates error-level checks; its message is the full report. */
export class PolicyError extends Error {
  public constructor(public readonly app: string, public readonly report: PolicyReport) {
    super(formatReport(report, `Policy check of app "${app}" failed`));
    this.name = 'PolicyError';
  }
}
