/**
 * The trial rows as CSV: a header with the column names of TRIAL_COLUMNS, one line per
 * trial. Empty cells are nulls, booleans are true/false, times ISO 8601. Reading is strict:
 * every column that may not be empty present (any order; absent nullable ones are null), no unknown ones, every cell of the right type, the
 * columns of a row consistent with each other; the error names the line and column.
 */
import { parseCsv } from './parse-csv';
import { checkRows } from './check-rows';
import { COLUMN_NAMES, TRIAL_COLUMNS, rowProblems, trialRowSchema, type ColumnSpec, type TrialRow } from './trial-row';
import { TrialsFormatError } from './trials-format-error';

/** One CSV cell: empty for null, quoted when it holds a comma, quote, line break or edge spaces. */
export function encodeCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

/** CSV text (LF line ends, a trailing newline) with the columns in documented order. */
export function toCsv(rows: readonly TrialRow[]): string {
  const lines = [COLUMN_NAMES.join(',')];
  for (const row of rows) lines.push(COLUMN_NAMES.map((name) => encodeCell(row[name])).join(','));
  return lines.join('\n') + '\n';
}

const INTEGER = /^-?\d+$/;
const NUMBER = /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/** One cell to its typed value; throws a message (without location) when it cannot. */
function decodeCell(spec: ColumnSpec, cell: string): unknown {
  // R writes NA for missing values; spreadsheets and pandas write an empty cell.
  if (spec.nullable && (cell === '' || cell === 'NA')) return null;
  switch (spec.type) {
    case 'integer':
      if (!INTEGER.test(cell)) throw new Error(`expected an integer, got ${JSON.stringify(cell)}`);
      return Number(cell);
    case 'number':
      if (!NUMBER.test(cell)) throw new Error(`expected a number, got ${JSON.stringify(cell)}`);
      return Number(cell);
    case 'boolean': {
      const lower = cell.toLowerCase();
      if (lower === 'true') return true;
      if (lower === 'false') return false;
      throw new Error(`expected true or false, got ${JSON.stringify(cell)}`);
    }
    case 'enum':
      if (!spec.values!.includes(cell)) {
        throw new Error(`expected one of ${spec.values!.map((v) => `"${v}"`).join(', ')}${spec.nullable ? ' or empty' : ''}, got ${JSON.stringify(cell)}`);
      }
      return cell;
    default:
      return cell;
  }
}

/** Parses and validates a trials CSV; throws TrialsFormatError naming the line and column. */
export function fromCsv(text: string): TrialRow[] {
  const records = parseCsv(text);
  if (records.length === 0) throw new TrialsFormatError('the CSV is empty: expected a header line naming the trial columns');
  const header = records[0].fields.map((h) => h.trim());
  const specs: ColumnSpec[] = [];
  const positions = new Map<string, number>();
  header.forEach((name, i) => {
    const spec = TRIAL_COLUMNS.find((c) => c.name === name);
    if (!spec) {
      throw new TrialsFormatError(`line 1, column ${i + 1}: unknown column ${JSON.stringify(name)}; expected the columns ${COLUMN_NAMES.join(', ')}`);
    }
    if (positions.has(name)) throw new TrialsFormatError(`line 1, column ${i + 1}: column "${name}" appears twice`);
    positions.set(name, i);
    specs.push(spec);
  });
  // Columns that may be empty may also be absent (a file from another tool without timings, say).
  const missing = TRIAL_COLUMNS.filter((c) => !c.nullable && !positions.has(c.name)).map((c) => c.name);
  const absent = TRIAL_COLUMNS.filter((c) => c.nullable && !positions.has(c.name)).map((c) => c.name);
  if (missing.length) throw new TrialsFormatError(`line 1: missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`);

  const rows: TrialRow[] = [];
  const lines: number[] = [];
  for (const record of records.slice(1)) {
    if (record.fields.length !== header.length) {
      throw new TrialsFormatError(`line ${record.line}: expected ${header.length} fields, got ${record.fields.length}`);
    }
    const raw: Record<string, unknown> = Object.fromEntries(absent.map((name) => [name, null]));
    specs.forEach((spec, i) => {
      try {
        raw[spec.name] = decodeCell(spec, record.fields[i]);
      } catch (e) {
        throw new TrialsFormatError(`line ${record.line}, column ${i + 1} (${spec.name}): ${(e as Error).message}`);
      }
    });
    const parsed = trialRowSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const name = String(issue.path[0]);
      throw new TrialsFormatError(`line ${record.line}, column ${positions.get(name)! + 1} (${name}): ${issue.message}`);
    }
    const row = parsed.data as TrialRow;
    const problem = rowProblems(row)[0];
    if (problem) {
      throw new TrialsFormatError(`line ${record.line}, column ${positions.get(problem.column)! + 1} (${problem.column}): ${problem.message}`);
    }
    rows.push(row);
    lines.push(record.line);
  }
  checkRows(rows, (i) => `line ${lines[i]}`);
  return rows;
}
