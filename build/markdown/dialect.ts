/**
 * The one Markdown reader and HTML writer of the course: GitHub-flavoured Markdown with the
 * container blocks of containers.ts. Every part of the build that reads Markdown (the lesson
 * reader, the player's HTML, the manuscripts, the importer) lexes it here, so they all see the
 * same tokens.
 */
import { Marked, type Token } from 'marked';
import { containerExtension, isContainer } from './containers.ts';

/** The configured marked instance (synchronous, GFM, container blocks). */
export const markdown = new Marked({ gfm: true, async: false }, containerExtension);

/** The block tokens of some Markdown. Each token's `raw` is its text as written (line breaks as `\n`). */
export function lexMarkdown(md: string): Token[] {
  return markdown.lexer(md);
}

/** Markdown as HTML for the player. */
export function renderHtml(md: string): string {
  return (markdown.parse(md) as string).trim();
}

/** One line of Markdown (a choice, a label) as HTML without a paragraph around it. */
export function renderInlineHtml(md: string): string {
  return (markdown.parseInline(md) as string).trim();
}

/** A token with the offset where its `raw` starts. */
export interface Placed<T extends Token = Token> {
  token: T;
  offset: number;
}

/**
 * Tokens with their offsets, `start` being the offset of the first one. Top-level tokens' raws
 * follow each other without gaps, so each starts where the one before ends.
 */
export function placeTokens(tokens: Token[], start: number): Placed[] {
  let offset = start;
  return tokens.map((token) => {
    const placed = { token, offset };
    offset += token.raw.length;
    return placed;
  });
}

/** The tokens inside a container block, placed; `offset` is the block's own. */
export function placeChildren(placed: Placed): Placed[] {
  const t = placed.token;
  return isContainer(t) ? placeTokens(t.tokens, placed.offset + t.textOffset) : [];
}
