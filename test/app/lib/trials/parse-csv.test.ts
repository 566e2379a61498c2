import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../../../app/lib/trials/parse-csv';

describe('parseCsv', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, and CRLF ends', () => {
    const text = '\ufeffa,b,c\r\n"x,y","say ""hi""",\r\n"two\nlines",2,3\n\nlast,,\n';
    expect(parseCsv(text)).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['x,y', 'say "hi"', ''] },
      { line: 3, fields: ['two\nlines', '2', '3'] },
      { line: 6, fields: ['last', '', ''] },
    ]);
  });

  it('reads a last record without a newline', () => {
    expect(parseCsv('a,b\n1,2')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', '2'] },
    ]);
  });

  it('names the line of malformed quoting', () => {
    expect(() => parseCsv('a,b\n"open,2\n')).toThrow(/line 2: a quoted field is not closed/);
    expect(() => parseCsv('a,b\n"x"y,2\n')).toThrow(/line 2: unexpected character "y" after a closing quote/);
    expect(() => parseCsv('a,b\nx"y,2\n')).toThrow(/line 2: a quote inside an unquoted field/);
  });
});
