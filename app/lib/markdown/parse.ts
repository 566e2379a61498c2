/**
 * The small Markdown the study texts are written in (consent, instructions, debrief…),
 * parsed to a tree that the participant pages render as React elements. Never HTML: a
 * researcher's `<script>` or `<img onerror>` stays visible text, and links keep only
 * http(s) and mailto addresses, so a config cannot run code in a participant's browser.
 *
 * Supported: paragraphs (blank-line separated; single newlines join), `#`/`##`/`###`
 * headings, `-`/`*` and `1.` lists, **bold**, *italic*, `code` (shown as a key cap) and
 * [links](https://…).
 */
export type Inline =
  | { type: 'text'; text: string }
  | { type: 'strong' | 'em'; children: Inline[] }
  | { type: 'code'; text: string }
  | { type: 'link'; href: string; children: Inline[] };

export type Block =
  | { type: 'heading'; level: 1 | 2 | 3; children: Inline[] }
  | { type: 'paragraph'; children: Inline[] }
  | { type: 'list'; ordered: boolean; items: Inline[][] };

const SAFE_HREF = /^(https?:\/\/|mailto:)[^\s]+$/i;

/** The address of a link when it is safe to follow, else null (the link text is kept as text). */
export function safeHref(href: string): string | null {
  const trimmed = href.trim();
  return SAFE_HREF.test(trimmed) ? trimmed : null;
}

// One alternative per inline form; the first match from the left wins.
const INLINE = /(\*\*(.+?)\*\*)|(`([^`]+)`)|(\[([^\]]+)\]\(([^)\s]+)\))|(\*([^*\s][^*]*?)\*)|(_([^_\s][^_]*?)_)/;

export function parseInline(text: string): Inline[] {
  const out: Inline[] = [];
  let rest = text;
  while (rest.length) {
    const m = INLINE.exec(rest);
    if (!m) {
      out.push({ type: 'text', text: rest });
      break;
    }
    if (m.index > 0) out.push({ type: 'text', text: rest.slice(0, m.index) });
    if (m[1]) out.push({ type: 'strong', children: parseInline(m[2]) });
    else if (m[3]) out.push({ type: 'code', text: m[4] });
    else if (m[5]) {
      const href = safeHref(m[7]);
      out.push(href ? { type: 'link', href, children: parseInline(m[6]) } : { type: 'text', text: m[6] });
    } else if (m[8]) out.push({ type: 'em', children: parseInline(m[9]) });
    else out.push({ type: 'em', children: parseInline(m[11]) });
    rest = rest.slice(m.index + m[0].length);
  }
  return mergeText(out);
}

function mergeText(nodes: Inline[]): Inline[] {
  const out: Inline[] = [];
  for (const n of nodes) {
    const last = out[out.length - 1];
    if (n.type === 'text' && last?.type === 'text') last.text += n.text;
    else out.push(n);
  }
  return out;
}

const HEADING = /^(#{1,3})\s+(.*)$/;
const BULLET = /^\s*[-*]\s+(.*)$/;
const NUMBERED = /^\s*\d+[.)]\s+(.*)$/;

export function parseMarkdown(source: string): Block[] {
  const blocks: Block[] = [];
  for (const chunk of source.replace(/\r\n?/g, '\n').split(/\n\s*\n/)) {
    const lines = chunk.split('\n').filter((l) => l.trim() !== '');
    let paragraph: string[] = [];
    const flush = () => {
      if (paragraph.length) blocks.push({ type: 'paragraph', children: parseInline(paragraph.map((l) => l.trim()).join(' ')) });
      paragraph = [];
    };
    let inList = false;
    for (const line of lines) {
      const wasInList = inList;
      inList = false;
      const heading = HEADING.exec(line);
      const bullet = BULLET.exec(line);
      const numbered = bullet ? null : NUMBERED.exec(line);
      if (heading) {
        flush();
        blocks.push({ type: 'heading', level: heading[1].length as 1 | 2 | 3, children: parseInline(heading[2].trim()) });
      } else if (bullet || numbered) {
        flush();
        const ordered = numbered !== null;
        const last = blocks[blocks.length - 1];
        const item = parseInline((bullet ?? numbered)![1].trim());
        if (wasInList && last?.type === 'list' && last.ordered === ordered) last.items.push(item);
        else blocks.push({ type: 'list', ordered, items: [item] });
        inList = true;
      } else if (wasInList && /^\s{2,}\S/.test(line)) {
        inList = true;
        // An indented continuation line belongs to the last list item.
        const list = blocks[blocks.length - 1] as Extract<Block, { type: 'list' }>;
        list.items[list.items.length - 1] = mergeText([...list.items[list.items.length - 1], { type: 'text', text: ' ' }, ...parseInline(line.trim())]);
      } else {
        paragraph.push(line);
      }
    }
    flush();
  }
  return blocks;
}

/** The text of a Markdown source without its markup (for page titles and the terminal). */
export function plainText(nodes: Inline[]): string {
  return nodes.map((n) => (n.type === 'text' || n.type === 'code' ? n.text : plainText(n.children))).join('');
}
