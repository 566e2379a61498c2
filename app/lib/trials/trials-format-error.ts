/**
 * A trials file (CSV or JSON) that does not follow the trial-row format. The message names
 * where (line and column for CSV, row and field for JSON) and what is wrong, so that a
 * command line can print it as one line instead of a stack trace.
 */
export class TrialsFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TrialsFormatError';
  }
}
