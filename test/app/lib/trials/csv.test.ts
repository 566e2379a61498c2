import { describe, expect, it } from 'vitest';
import { fromCsv, toCsv } from '../../../../app/lib/trials/csv';
import { COLUMN_NAMES } from '../../../../app/lib/trials/trial-row';
import { afcRow, hypeRow } from './rows';

const rows = [
  afcRow(),
  afcRow({ trialIndex: 1, fooled: true, realSide: 'right', method: 'method, with "quotes"', image: 'two\nlines' }),
  afcRow({ trialIndex: 2, kind: 'attention', exposureMs: null, firstOffsetMs: null, respondedAt: null }),
  hypeRow(false, 'real', { participant: 'p2', session: 1 }),
  hypeRow(true, 'fake', { participant: 'p2', session: 1, trialIndex: 1 }),
];

/** Replaces one cell of line `line` (1-based, header = 1) of a CSV text without quoted line breaks. */
function editCell(text: string, line: number, column: string, value: string): string {
  const lines = text.split('\n');
  const cells = lines[line - 1].split(',');
  cells[COLUMN_NAMES.indexOf(column as never)] = value;
  lines[line - 1] = cells.join(',');
  return lines.join('\n');
}

/** The CSV without the named columns (no quoted commas in the cells). */
function dropColumns(text: string, names: string[]): string {
  const lines = text.trim().split('\n').map((l) => l.split(','));
  const keep = lines[0].map((name, i) => (names.includes(name) ? -1 : i)).filter((i) => i >= 0);
  return lines.map((cells) => keep.map((i) => cells[i]).join(',')).join('\n') + '\n';
}

describe('trial rows as CSV', () => {
  it('accepts a file without the columns that may be empty (the seven timing columns, the times, the source, focus and full-screen records), reading them as empty', () => {
    const optional = ['exposureMs', 'firstOnsetMs', 'firstOffsetMs', 'secondOnsetMs', 'secondOffsetMs', 'optionsOnsetMs', 'respondedAt', 'servedAt', 'source', 'focusLosses', 'fullscreenExits'];
    const text = dropColumns(toCsv([afcRow(), afcRow({ trialIndex: 1, fooled: true })]), optional);
    expect(text.split('\n')[0].split(',')).toHaveLength(COLUMN_NAMES.length - optional.length);
    const nulls = Object.fromEntries(optional.map((name) => [name, null]));
    expect(fromCsv(text)).toEqual([{ ...afcRow(), ...nulls }, { ...afcRow({ trialIndex: 1, fooled: true }), ...nulls }]);
  });

  it('round-trips every column, including nulls, quotes and line breaks', () => {
    const text = toCsv(rows);
    expect(text.split('\n')[0]).toBe(COLUMN_NAMES.join(','));
    expect(fromCsv(text)).toEqual(rows);
  });

  it('writes the documented cell forms', () => {
    const line = toCsv([afcRow({ exposureMs: null })]).split('\n')[1];
    expect(line).toBe('demo,2afc,p1,0,0,test,zhang,kodim01,left,,right,true,false,812.5,,16.7,1016.7,1616.7,2616.7,2616.7,2026-11-26T12:00:00.000Z,2026-11-26T11:59:57.500Z,prolific,0,');
  });

  it('accepts columns in another order, TRUE/FALSE and NA as R writes them', () => {
    const text = toCsv([afcRow()]);
    const [header, line] = text.trim().split('\n');
    const names = header.split(',').reverse();
    const cells = line.split(',').reverse().map((c) => (c === 'true' ? 'TRUE' : c === 'false' ? 'FALSE' : c === '' ? 'NA' : c));
    expect(fromCsv(`${names.join(',')}\n${cells.join(',')}\n`)).toEqual([afcRow()]);
  });

  it('names the line and column of a bad cell', () => {
    const text = toCsv([afcRow(), afcRow({ trialIndex: 1 })]);
    expect(() => fromCsv(editCell(text, 3, 'rtMs', 'fast'))).toThrow('line 3, column 14 (rtMs): expected a number, got "fast"');
    expect(() => fromCsv(editCell(text, 2, 'kind', 'warmup'))).toThrow(/line 2, column 6 \(kind\): expected one of "practice", "test"/);
    expect(() => fromCsv(editCell(text, 2, 'correct', 'yes'))).toThrow('line 2, column 12 (correct): expected true or false, got "yes"');
    expect(() => fromCsv(editCell(text, 3, 'trialIndex', '-1'))).toThrow(/line 3, column 5 \(trialIndex\): must be >= 0/);
    expect(() => fromCsv(editCell(text, 2, 'method', ''))).toThrow(/line 2, column 7 \(method\): must not be empty/);
    expect(() => fromCsv(editCell(text, 2, 'rtMs', ''))).toThrow(/line 2, column 14 \(rtMs\): expected a number, got ""/);
    expect(() => fromCsv(editCell(text, 2, 'correct', 'false'))).toThrow(/line 2, column 12 \(correct\): is false but choice "right" with realSide "left" means true/);
    expect(() => fromCsv(editCell(text, 3, 'respondedAt', 'yesterday'))).toThrow(/line 3, column 21 \(respondedAt\): must be an ISO 8601 time/);
  });

  it('names bad headers and short lines', () => {
    const text = toCsv([afcRow()]);
    expect(() => fromCsv('')).toThrow(/the CSV is empty/);
    expect(() => fromCsv(text.replace('rtMs', 'rt'))).toThrow(/line 1, column 14: unknown column "rt"/);
    expect(() => fromCsv(dropColumns(text, ['rtMs', 'choice']))).toThrow('line 1: missing columns choice, rtMs');
    expect(() => fromCsv(text.replace('rtMs', 'study'))).toThrow(/line 1, column 14: column "study" appears twice/);
    expect(() => fromCsv(text.replace(',812.5', ''))).toThrow('line 2: expected 25 fields, got 24');
  });

  it('rejects a trial that appears twice and a participant in two sessions', () => {
    expect(() => fromCsv(toCsv([afcRow(), afcRow({ fooled: true })]))).toThrow(
      'line 3: participant "p1" has trialIndex 0 twice (also line 2); each trial must appear once',
    );
    expect(() => fromCsv(toCsv([afcRow(), afcRow({ trialIndex: 1, session: 4 })]))).toThrow(
      /line 3, column "session": participant "p1" is in session 4 here but in session 0 at line 2/,
    );
  });

  it('reads a header-only file as no rows', () => {
    expect(fromCsv(toCsv([]))).toEqual([]);
  });
});
