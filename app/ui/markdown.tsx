/**
 * Renders the study texts' Markdown (app/lib/markdown/parse.ts) as React elements: every
 * piece of text goes through React's escaping, so nothing in a config becomes HTML.
 */
import { Fragment } from 'react';
import { parseMarkdown, type Block, type Inline } from '../lib/markdown/parse';

function InlineNodes({ nodes, kbdClass }: { nodes: Inline[]; kbdClass?: string }) {
  return (
    <>
      {nodes.map((n, i) => {
        switch (n.type) {
          case 'text':
            return <Fragment key={i}>{n.text}</Fragment>;
          case 'strong':
            return <strong key={i}><InlineNodes nodes={n.children} kbdClass={kbdClass} /></strong>;
          case 'em':
            return <em key={i}><InlineNodes nodes={n.children} kbdClass={kbdClass} /></em>;
          case 'code':
            return <kbd key={i} className={kbdClass}>{n.text}</kbd>;
          case 'link':
            return (
              <a key={i} href={n.href} target="_blank" rel="noopener noreferrer">
                <InlineNodes nodes={n.children} kbdClass={kbdClass} />
              </a>
            );
        }
      })}
    </>
  );
}

function BlockNode({ block, kbdClass }: { block: Block; kbdClass?: string }) {
  switch (block.type) {
    case 'heading': {
      // h1 is the page's own title: the texts' headings start one level below it.
      const Tag = (['h2', 'h3', 'h4'] as const)[block.level - 1];
      return <Tag><InlineNodes nodes={block.children} kbdClass={kbdClass} /></Tag>;
    }
    case 'paragraph':
      return <p><InlineNodes nodes={block.children} kbdClass={kbdClass} /></p>;
    case 'list': {
      const Tag = block.ordered ? 'ol' : 'ul';
      return <Tag>{block.items.map((item, i) => <li key={i}><InlineNodes nodes={item} kbdClass={kbdClass} /></li>)}</Tag>;
    }
  }
}

export function Markdown({ source, kbdClass }: { source: string; kbdClass?: string }) {
  return (
    <>
      {parseMarkdown(source).map((b, i) => (
        <BlockNode key={i} block={b} kbdClass={kbdClass} />
      ))}
    </>
  );
}
