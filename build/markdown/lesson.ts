/**
 * The shape of a lesson file: YAML front matter between `---` lines, then slides. A slide
 * starts at a level-2 heading `## Title {#id}` written with hashes at the start of a line (not
 * an underlined heading, not one inside code or a block) and runs to the next; its parts
 * (the `::: narration` block) are container blocks at its top level, and everything else is its
 * on-screen content.
 *
 * This reads the shape and says where everything is; it judges nothing. The lesson loader
 * turns what is missing or doubled into diagnostics.
 */
import type { Token, Tokens } from 'marked';
import { type ContainerToken, containerKinds, isContainer } from './containers.ts';
import { lexMarkdown, type Placed, placeChildren, placeTokens } from './dialect.ts';

/** Offsets in the file's text. */
export interface Span {
  start: number;
  end: number;
}

export interface LessonSource {
  /** The YAML text between the `---` lines, or null when the file does not start with them. */
  frontMatter: Span | null;
  /** Where the slides start: after the front matter (0 without one). */
  contentStart: number;
  /** Where the first thing before the first slide heading starts (none is allowed), or null. */
  stray: number | null;
  slides: SlideSource[];
}

export interface SlideSource {
  /** The heading line, without its line break. */
  heading: Span;
  title: string;
  /** Where the title is in the heading line, without the spaces around it (empty for an empty title). */
  titleSpan: Span;
  /** The `{#id}` at the end of the heading; null when there is none. */
  id: string | null;
  /** Where the line after the heading starts. */
  contentStart: number;
  /** Where the slide ends: where the next slide's heading starts, or the end of the file. */
  end: number;
  /** The on-screen content: the slide's Markdown without its parts, trimmed. */
  body: string;
  /** The parts of the slide in the order written; a part written inside another follows it. */
  parts: SlidePart[];
  /** The slide's top-level tokens after the heading, parts included, with their offsets. */
  tokens: Placed[];
}

export interface SlidePart {
  /** The block's name (`narration`). */
  name: string;
  /** Where its opening line starts. */
  start: number;
  /** Where its content starts: the line after the opening line. */
  contentStart: number;
  /** Where its content ends: before the line break that ends its last line. */
  contentEnd: number;
  /** Where the block ends: after its closing line, before that line's break (the end of the file if never closed). */
  end: number;
  /** Its content as written, without the fences. */
  text: string;
  closed: boolean;
  /** Written inside another part rather than at the slide's top level. */
  nested: boolean;
}

const frontMatterRe = /^---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;
/**
 * The heading's marker; the title and its `{#id}` are taken apart by hand below, because the
 * patterns that did it at once (`(.*?)\s*$`, `\s*\{#…\}\s*$`) backtrack over long runs of
 * blanks: a 40,000-character heading took seconds.
 */
const slideHeadingRe = /^##[ \t]+/;

/** The `{#id}` at the end of a heading's text: the id and where the suffix starts, or null. */
function idSuffix(text: string): { id: string; index: number } | null {
  if (!text.endsWith('}')) return null;
  const open = text.lastIndexOf('{#');
  if (open < 0) return null;
  const id = text.slice(open + 2, -1);
  if (/[}\s]/.test(id)) return null;
  let index = open;
  while (index > 0 && /\s/.test(text[index - 1]!)) index--;
  return { id, index };
}

/**
 * The text with Windows line breaks made `\n` (as marked reads it), and a map from offsets in
 * that text back to the file, so positions point into the file as it is.
 */
function normalise(text: string, base: number): { text: string; toFile(offset: number): number } {
  const removed: number[] = [];
  let out = '';
  let last = 0;
  for (let i = text.indexOf('\r\n'); i >= 0; i = text.indexOf('\r\n', i + 2)) {
    out += text.slice(last, i);
    removed.push(out.length);
    last = i + 1;
  }
  out += text.slice(last);
  // Lone carriage returns are line breaks to marked too; they keep their length.
  out = out.replace(/\r/g, '\n');
  return {
    text: out,
    toFile(offset) {
      let lo = 0;
      let hi = removed.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (removed[mid]! < offset) lo = mid + 1;
        else hi = mid;
      }
      return base + offset + lo;
    },
  };
}

function isSlideHeading(t: Token): t is Tokens.Heading {
  return t.type === 'heading' && (t as Tokens.Heading).depth === 2 && /^##[ \t]/.test(t.raw);
}

/**
 * A part and the parts written inside it (a second `::: narration` inside the first), so that
 * the loader can report those as doubled rather than let them pass as text.
 */
function partsOf(placed: Placed, toFile: (o: number) => number, nested = false): SlidePart[] {
  const t = placed.token as ContainerToken;
  const contentStart = placed.offset + t.textOffset;
  const end = placed.offset + t.extent - (t.closed && t.raw.charAt(t.extent - 1) === '\n' ? 1 : 0);
  const inside = placeChildren(placed).filter((c) => isContainer(c.token) && containerKinds[c.token.name]?.role === 'part');
  return [
    {
      name: t.name,
      start: toFile(placed.offset),
      contentStart: toFile(contentStart),
      contentEnd: toFile(contentStart + t.text.length),
      end: toFile(end),
      text: t.text,
      closed: t.closed,
      nested,
    },
    ...inside.flatMap((c) => partsOf(c, toFile, true)),
  ];
}

/** Reads the shape of a lesson file. */
export function readLesson(text: string): LessonSource {
  const fm = frontMatterRe.exec(text);
  const frontStart = text.indexOf('\n') + 1;
  const frontMatter = fm ? { start: frontStart, end: frontStart + fm[1]!.length } : null;
  const contentStart = fm ? fm[0].length : 0;
  const src = normalise(text.slice(contentStart), contentStart);
  const placed = placeTokens(lexMarkdown(src.text), 0);

  let stray: number | null = null;
  const slides: SlideSource[] = [];
  let current: { heading: Placed<Tokens.Heading>; tokens: Placed[] } | null = null;
  const finish = (end: number) => {
    if (!current) return;
    const { heading, tokens } = current;
    const line = heading.token.raw.split('\n')[0]!;
    const marker = slideHeadingRe.exec(line)![0].length;
    const captured = line.slice(marker).trimEnd();
    const idMatch = idSuffix(captured);
    const written = idMatch ? captured.slice(0, idMatch.index) : captured;
    const title = written.trim();
    const titleStart = heading.offset + marker + written.length - written.trimStart().length;
    const lineEnd = heading.offset + line.length;
    const bodyStart = lineEnd + 1;
    // The body is the slide's text with its parts cut out, exactly as written.
    let body = '';
    let from = bodyStart;
    const parts: SlidePart[] = [];
    for (const p of tokens) {
      if (!isContainer(p.token) || containerKinds[p.token.name]?.role !== 'part') continue;
      body += src.text.slice(from, p.offset);
      from = p.offset + p.token.extent;
      parts.push(...partsOf(p, src.toFile));
    }
    body += src.text.slice(from, end);
    slides.push({
      heading: { start: src.toFile(heading.offset), end: src.toFile(lineEnd) },
      title,
      titleSpan: { start: src.toFile(titleStart), end: src.toFile(titleStart + title.length) },
      id: idMatch ? idMatch.id : null,
      contentStart: src.toFile(bodyStart),
      end: src.toFile(end),
      body: body.trim(),
      parts,
      tokens: tokens.map((p) => ({ token: p.token, offset: src.toFile(p.offset) })),
    });
    current = null;
  };
  for (const p of placed) {
    if (isSlideHeading(p.token)) {
      finish(p.offset);
      current = { heading: p as Placed<Tokens.Heading>, tokens: [] };
    } else if (current) {
      current.tokens.push(p);
    } else if (stray === null && p.token.type !== 'space') {
      stray = src.toFile(p.offset);
    }
  }
  finish(src.text.length);
  return { frontMatter, contentStart, stray, slides };
}
