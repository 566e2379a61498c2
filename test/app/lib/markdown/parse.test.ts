import { describe, expect, it } from 'vitest';
import { parseInline, parseMarkdown, plainText, safeHref } from '../../../../app/lib/markdown/parse';

describe('study-text Markdown', () => {
  it('parses paragraphs, headings and both kinds of list', () => {
    const blocks = parseMarkdown('# Consent\n\nFirst line\njoined line.\n\n- one\n- two\n\n1. a\n2) b\n\nAfter.');
    expect(blocks.map((b) => b.type)).toEqual(['heading', 'paragraph', 'list', 'list', 'paragraph']);
    expect(blocks[0]).toEqual({ type: 'heading', level: 1, children: [{ type: 'text', text: 'Consent' }] });
    expect(blocks[1]).toEqual({ type: 'paragraph', children: [{ type: 'text', text: 'First line joined line.' }] });
    expect(blocks[2]).toMatchObject({ ordered: false, items: [[{ text: 'one' }], [{ text: 'two' }]] });
    expect(blocks[3]).toMatchObject({ ordered: true, items: [[{ text: 'a' }], [{ text: 'b' }]] });
  });

  it('parses bold, italic, key caps and links, nested', () => {
    expect(parseInline('Press `F` or **the *left* button**, see [our page](https://example.org/x).')).toEqual([
      { type: 'text', text: 'Press ' },
      { type: 'code', text: 'F' },
      { type: 'text', text: ' or ' },
      { type: 'strong', children: [{ type: 'text', text: 'the ' }, { type: 'em', children: [{ type: 'text', text: 'left' }] }, { type: 'text', text: ' button' }] },
      { type: 'text', text: ', see ' },
      { type: 'link', href: 'https://example.org/x', children: [{ type: 'text', text: 'our page' }] },
      { type: 'text', text: '.' },
    ]);
  });

  it('keeps HTML as text and drops links that could run code', () => {
    const nodes = parseInline('<script>alert(1)</script> [click](javascript:alert(1)) [mail](mailto:a@b.org)');
    expect(nodes.some((n) => n.type === 'link' && n.href.startsWith('javascript'))).toBe(false);
    expect(plainText(nodes)).toBe('<script>alert(1)</script> click) mail');
    expect(safeHref('data:text/html,x')).toBeNull();
    expect(safeHref(' https://ok.example ')).toBe('https://ok.example');
  });

  it('joins an indented continuation line to its list item', () => {
    const [list] = parseMarkdown('- **Payment:** £9\n  per hour');
    expect(list).toMatchObject({ type: 'list', items: [[{ type: 'strong' }, { type: 'text', text: ' £9 per hour' }]] });
  });
});
