/**
 * RFC 4180 CSV reading: comma-separated fields, double-quoted fields may hold commas,
 * quotes (doubled) and line breaks; records end with LF or CRLF. Each record keeps the
 * line it starts on, so errors can point at the file.
 */
import { TrialsFormatError } from './trials-format-error';

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;

export interface CsvRecord {
  /** 1-based line number where the record starts. */
  line: number;
  fields: string[];
}

export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; // a byte-order mark, as spreadsheet programs write it
  let line = 1;
  while (i < n) {
    const start = line;
    const fields: string[] = [];
    for (;;) {
      let value: string;
      if (text.charCodeAt(i) === QUOTE) {
        // Quoted: copy up to each quote; a doubled quote is a literal one.
        value = '';
        i++;
        for (;;) {
          const close = text.indexOf('"', i);
          if (close < 0) throw new TrialsFormatError(`line ${start}: a quoted field is not closed before the end of the file`);
          const chunk = text.slice(i, close);
          for (let j = chunk.indexOf('\n'); j >= 0; j = chunk.indexOf('\n', j + 1)) line++;
          value += chunk;
          i = close + 1;
          if (text.charCodeAt(i) === QUOTE) {
            value += '"';
            i++;
            continue;
          }
          break;
        }
        const after = text.charCodeAt(i);
        if (i < n && after !== COMMA && after !== LF && !(after === CR && text.charCodeAt(i + 1) === LF)) {
          throw new TrialsFormatError(`line ${line}: unexpected character ${JSON.stringify(text[i])} after a closing quote (quotes inside a field must be doubled)`);
        }
      } else {
        let j = i;
        for (; j < n; j++) {
          const c = text.charCodeAt(j);
          if (c === COMMA || c === LF || (c === CR && text.charCodeAt(j + 1) === LF)) break;
          if (c === QUOTE) throw new TrialsFormatError(`line ${line}: a quote inside an unquoted field (quote the whole field and double the quote)`);
        }
        value = text.slice(i, j);
        i = j;
      }
      fields.push(value);
      if (text.charCodeAt(i) === COMMA) {
        i++;
        continue;
      }
      break;
    }
    // End of record: CRLF, LF or end of text.
    if (text.charCodeAt(i) === CR) i++;
    if (text.charCodeAt(i) === LF) i++;
    line++;
    // A blank line (a single empty field) is not a record: files often end with one.
    if (!(fields.length === 1 && fields[0] === '')) records.push({ line: start, fields });
  }
  return records;
}
