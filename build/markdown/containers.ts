/**
 * Container blocks: `::: name` on a line of its own, Markdown, then `:::`. This is the one place
 * that says which names exist and what they are; everything else (the lesson reader, the HTML,
 * the manuscripts) asks here. A name that is not listed is not a block: its lines stay text.
 *
 * A block is closed by the first line of colons alone with at least as many colons as opened
 * it, so a block can hold another if the outer one uses more colons (`::::` around `:::`).
 * An opening line interrupts a paragraph, list, block quote, table or HTML block above it, as
 * a heading does, so a block needs no blank line before it.
 */
import type { Token, TokenizerAndRendererExtension, TokenizerObject } from 'marked';
import { Tokenizer } from 'marked';
import { htmlContext } from './html-context.ts';
import { visualHtml } from './html-blocks.ts';
import { readVisual, visualKinds } from './visual.ts';

export interface ContainerKind {
  /**
   * `part`: a part of the slide kept apart from its on-screen content (the narration: the
   * lesson reader takes it out of the slide's body). `content`: shown on the slide.
   */
  role: 'part' | 'content';
  /** The block as HTML for the player, given its content already rendered; a `<div>` by default. */
  html?(block: ContainerToken, content: string): string;
}

/** Every container block the course's Markdown knows, by name. */
export const containerKinds: Record<string, ContainerKind> = {
  narration: { role: 'part' },
  ...Object.fromEntries(visualKinds.map((k) => [k, { role: 'content', html: (block: ContainerToken) => visualHtml(readVisual(block).block, htmlContext()) } satisfies ContainerKind])),
};

/** A container block as marked's token. */
export type ContainerToken = {
  type: 'container';
  raw: string;
  name: string;
  /** The Markdown between the fences, as written. */
  text: string;
  /** Length of `raw` up to the end of the closing line (marked may later add a blank line to `raw`). */
  extent: number;
  /** Offset of `text` in `raw`: the length of the opening line. */
  textOffset: number;
  /** false when no closing line was found: the block then runs to the end of the text. */
  closed: boolean;
  /** The tokens of its content. */
  tokens: Token[];
};

export function isContainer(t: Token): t is ContainerToken {
  return t.type === 'container';
}

const openingLine = /^(:{3,})[ \t]*([a-z][a-z0-9_-]*)[ \t]*(?:\n|$)/;
const openingAfterFirstLine = /\n:{3,}[ \t]*([a-z][a-z0-9_-]*)[ \t]*$/gm;
const closingLine = /^(:{3,})[ \t]*$/;

/** Offset of the first line after the first in `src` that opens a known block, or -1. */
function nextOpening(src: string): number {
  openingAfterFirstLine.lastIndex = 0;
  for (let m = openingAfterFirstLine.exec(src); m; m = openingAfterFirstLine.exec(src)) {
    if (Object.hasOwn(containerKinds, m[1]!)) return m.index + 1;
  }
  return -1;
}

/** The block that starts at the beginning of `src`, without its content's tokens; null if none does. */
function scanContainer(src: string): Omit<ContainerToken, 'tokens'> | null {
  const open = openingLine.exec(src);
  if (!open || !Object.hasOwn(containerKinds, open[2]!)) return null;
  const fence = open[1]!.length;
  let line = open[0].length;
  while (line < src.length) {
    const nl = src.indexOf('\n', line);
    const end = nl < 0 ? src.length : nl;
    const close = closingLine.exec(src.slice(line, end));
    if (close && close[1]!.length >= fence) {
      const extent = nl < 0 ? end : end + 1;
      return { type: 'container', raw: src.slice(0, extent), name: open[2]!, text: src.slice(open[0].length, Math.max(open[0].length, line - 1)), extent, textOffset: open[0].length, closed: true };
    }
    line = end + 1;
  }
  return { type: 'container', raw: src, name: open[2]!, text: src.slice(open[0].length), extent: src.length, textOffset: open[0].length, closed: false };
}

const interrupted = ['list', 'blockquote', 'table', 'html'] as const;

/**
 * These blocks would take an opening line below them as a lazy continuation line; read again
 * up to that line, they end there. Only a block that took one is read twice.
 */
const tokenizer: Partial<Record<(typeof interrupted)[number], (src: string) => Token | undefined>> = {};
for (const name of interrupted) {
  const original = Tokenizer.prototype[name] as (src: string) => Token | undefined;
  tokenizer[name] = function (this: Tokenizer, src: string) {
    const token = original.call(this, src);
    const at = token ? nextOpening(token.raw) : -1;
    return at < 0 ? token : original.call(this, src.slice(0, at));
  };
}

const extension: TokenizerAndRendererExtension = {
  name: 'container',
  level: 'block',
  // marked passes the rest of the text from a paragraph's second character on, and ends the
  // paragraph where this says; a paragraph never runs past a blank line, so neither does the search.
  start: (src: string) => {
    const blank = src.search(/\n[ \t]*(?:\n|$)/);
    const at = nextOpening(blank < 0 ? src : src.slice(0, blank));
    return at < 0 ? undefined : at;
  },
  tokenizer(src: string) {
    const block = scanContainer(src);
    if (!block) return undefined;
    return { ...block, tokens: this.lexer.blockTokens(block.text, []) } satisfies ContainerToken;
  },
  renderer(token) {
    const block = token as ContainerToken;
    const content = this.parser.parse(block.tokens);
    return containerKinds[block.name]?.html?.(block, content) ?? `<div class="block-${block.name}">\n${content}</div>\n`;
  },
};

/** The container blocks as a marked extension. */
export const containerExtension = { extensions: [extension], tokenizer: tokenizer as TokenizerObject };
