/**
 * The trial rows as JSON: an array of row objects, one per line, keys in documented order.
 * Reading validates every row with the zod schema and the cross-column rules; the error
 * names the row (0-based index into the array) and the field.
 */
import { checkRows } from './check-rows';
import { COLUMN_NAMES, TRIAL_COLUMNS, rowProblems, trialRowSchema, type TrialRow } from './trial-row';
import { TrialsFormatError } from './trials-format-error';

export function toJson(rows: readonly TrialRow[]): string {
  if (rows.length === 0) return '[]\n';
  const lines = rows.map((row) => '  ' + JSON.stringify(row, COLUMN_NAMES as string[]));
  return '[\n' + lines.join(',\n') + '\n]\n';
}

const NULLS = Object.fromEntries(TRIAL_COLUMNS.filter((c) => c.nullable).map((c) => [c.name, null]));

export function fromJson(text: string): TrialRow[] {
  let data: unknown;
  try {
    data = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    throw new TrialsFormatError(`not valid JSON: ${(e as Error).message}`);
  }
  if (!Array.isArray(data)) throw new TrialsFormatError('expected a JSON array of trial rows');
  const rows = data.map((item, i) => {
    // Fields that may be null may also be left out.
    const filled = item && typeof item === 'object' && !Array.isArray(item) ? { ...NULLS, ...(item as object) } : item;
    const parsed = trialRowSchema.safeParse(filled);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue.path.length ? `field "${issue.path.join('.')}"` : 'the row';
      const keys = issue.code === 'unrecognized_keys' ? ` (${issue.keys.join(', ')})` : '';
      throw new TrialsFormatError(`row ${i}, ${field}: ${issue.message}${keys}`);
    }
    const row = parsed.data as TrialRow;
    const problem = rowProblems(row)[0];
    if (problem) throw new TrialsFormatError(`row ${i}, field "${problem.column}": ${problem.message}`);
    return row;
  });
  checkRows(rows, (i) => `row ${i}`);
  return rows;
}
