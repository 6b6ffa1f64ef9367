/**
 * The one Markdown reader and HTML writer of the course: GitHub-flavoured Markdown with the
 * container blocks of containers.ts. Every part of the build that reads Markdown (the lesson
 * reader, the player's HTML, the manuscripts, the importer) lexes it here, so they all see the
 * same tokens.
 *
 * The HTML it writes holds nothing active, whatever the sources say, so that the page does not
 * depend on its Content-Security-Policy alone:
 * - raw HTML is text: `<b>` shows as "<b>" (the course's Markdown has no use for HTML, and an
 *   author who writes "<Company name>" sees it as written rather than losing it as a tag);
 *   an HTML comment alone is a note to the authors and shows nowhere;
 * - a link is written only to http, https and mailto, an image only from http, https or a
 *   relative path (urls.ts); otherwise the link is its text and the image its description.
 */
import { Marked, type RendererObject, type Token } from 'marked';
import { containerExtension, isContainer } from './containers.ts';
import { type HtmlContext, htmlContext, withHtmlContext } from './html-context.ts';
import { phraseBreaks } from './phrases.ts';
import { imageSource, linkTarget } from './urls.ts';

const htmlEscapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Text for HTML, as marked escapes it: character references the author wrote stay references
 * (`&amp;` shows as "&"), every other `&`, and `<`, `>` and quotes, are escaped.
 */
function escapeText(s: string): string {
  return s.replace(/[<>"']|&(?!(?:#\d{1,7}|#[Xx][a-fA-F0-9]{1,6}|\w+);)/g, (ch) => htmlEscapes[ch]!);
}

/** A URL for an attribute: every `&` escaped, so the browser reads exactly the URL that was checked. */
function escapeUrl(url: string): string | null {
  let encoded: string;
  try {
    // As marked writes a destination: spaces and non-ASCII percent-encoded, existing escapes kept.
    encoded = encodeURI(url).replace(/%25/g, '%');
  } catch {
    return null; // a lone surrogate: not a URL
  }
  return encoded.replace(/[&<>"']/g, (ch) => htmlEscapes[ch]!);
}

/** An HTML comment and nothing else (white space aside). */
export function isHtmlComment(html: string): boolean {
  return /^\s*<!--(?:(?!-->)[\s\S])*-->\s*$/.test(html);
}

const renderer: RendererObject = {
  html({ text, block }) {
    if (isHtmlComment(text)) return '';
    return block ? `<p>${escapeText(text.trim())}</p>\n` : escapeText(text);
  },
  link({ href, title, text, tokens, autolink }) {
    const content = autolink ? escapeText(text) : this.parser.parseInline(tokens);
    const target = linkTarget(href, { literal: autolink });
    const url = target === null ? null : escapeUrl(target);
    if (url === null) return content;
    // A web link opens outside the LMS's frame: followed inside it, it would replace the course.
    const outside = /^https?:/i.test(target!) ? ' target="_blank" rel="noopener noreferrer"' : '';
    return `<a href="${url}"${title ? ` title="${escapeText(title)}"` : ''}${outside}>${content}</a>`;
  },
  image({ href, title, text, tokens }) {
    const alt = escapeText(tokens ? this.parser.parseInline(tokens, this.parser.textRenderer) : text);
    const source = imageSource(href);
    const src = source === null ? null : escapeUrl(source);
    if (src === null) return alt;
    // A picture of the course folder is written with its size, so the page does not move when it
    // loads, and loads when it comes near the view (a slide's pictures are often below its text).
    const size = htmlContext()?.image(source!);
    const box = size ? ` width="${size.width}" height="${size.height}" loading="lazy" decoding="async"` : '';
    return `<img src="${src}" alt="${alt}"${title ? ` title="${escapeText(title)}"` : ''}${box}>`;
  },
};

/** The configured marked instance (synchronous, GFM, container blocks, the renderer above). */
export const markdown = new Marked({ gfm: true, async: false, renderer }, containerExtension);

/** The block tokens of some Markdown. Each token's `raw` is its text as written (line breaks as `\n`). */
export function lexMarkdown(md: string): Token[] {
  return markdown.lexer(md);
}

/** Markdown as HTML for the player; a slide's body is rendered with its context (icons, sources, language). */
export function renderHtml(md: string, ctx?: HtmlContext): string {
  const html = withHtmlContext(ctx, () => (markdown.parse(md) as string).trim());
  // Japanese lines break between phrases, not inside words (phrases.ts).
  return ctx?.lang === 'ja' ? phraseBreaks(html) : html;
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
