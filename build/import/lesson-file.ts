/**
 * A lesson file as front matter plus one chunk of text per slide, so the importer can replace,
 * add and move slides while everything it does not touch stays exactly as written. Where the
 * slides, headings, titles and narration blocks are comes from the course's Markdown dialect
 * (`readLesson` in build/markdown/); this module only splices text at those places.
 */
import { parseDocument } from 'yaml';
import { Diagnostics } from '../diagnostics.ts';
import { parseLessonFile } from '../load/lesson-markdown.ts';
import { readLesson, type Span } from '../markdown/index.ts';

export interface LessonText {
  /** The front matter and anything else before the first slide, without the white space after it. */
  front: string;
  /** Each slide from its heading to the next slide, without the white space after it. */
  slides: { id: string; text: string }[];
  /** What joinLesson needs to write the file back as it was read. */
  readonly layout: LessonLayout;
}

interface LessonLayout {
  /** The file's line break, for text the import writes into it. */
  eol: string;
  /** The white space after the front matter and after each slide but the last, by position. */
  gaps: string[];
  /** The white space the file ends with. */
  end: string;
  /** The slides' texts as read: these are written back byte for byte. */
  asRead: Set<string>;
}

export function splitLesson(text: string, file: string, lang: string): LessonText {
  const diags = new Diagnostics();
  if (!parseLessonFile(diags.source(file, text), lang, diags)) throw new Error(`${file} cannot be read as a lesson: ${diags.list.map((d) => d.message).join(' ')}`);
  const read = readLesson(text);
  const pieces = [text.slice(0, read.slides[0]?.heading.start ?? text.length), ...read.slides.map((s) => text.slice(s.heading.start, s.end))];
  const trimmed = pieces.map((p) => p.trimEnd());
  const gaps = pieces.map((p, i) => p.slice(trimmed[i]!.length));
  const end = gaps.pop()!;
  const slides = read.slides.map((s, i) => ({ id: s.id ?? '', text: trimmed[i + 1]! }));
  return { front: trimmed[0]!, slides, layout: { eol: lineBreak(text), gaps, end, asRead: new Set(slides.map((s) => s.text)) } };
}

/**
 * The lesson as a file: the white space between its pieces is the file's own, position by
 * position (a blank line where the file had no piece), and slides the import wrote get the
 * file's line breaks.
 */
export function joinLesson(l: LessonText): string {
  const { eol, gaps, end, asRead } = l.layout;
  const pieces = [l.front, ...l.slides.map((s) => (asRead.has(s.text) ? s.text : withLineBreaks(s.text, eol)))];
  return pieces.map((p, i) => p + (i === pieces.length - 1 ? end : (gaps[i] ?? eol + eol))).join('');
}

/** A slide written from scratch: heading with its id, body, narration. */
export function slideText(title: string, id: string, body: string, narration: string): string {
  return `## ${title} {#${id}}\n\n${body.trim()}\n\n::: narration\n${narration.trim()}\n:::`;
}

/** The slide's heading line with a new title, its id and everything else on the line kept. */
export function retitle(text: string, title: string, id: string): string {
  const slide = readLesson(text).slides[0];
  if (slide?.heading.start === 0 && slide.id === id) return splice(text, [{ at: slide.titleSpan, text: title }]);
  const lineEnd = text.search(/\r?\n|$/);
  return `## ${title} {#${id}}${text.slice(lineEnd)}`;
}

/**
 * A slide's parts as text to edit (line breaks as `\n`): change any of them and joinParts writes
 * the slide again with only that part replaced.
 */
export interface SlideParts {
  /** The heading line. */
  heading: string;
  /** The on-screen content before the narration block. */
  body: string;
  /** The narration block's content. */
  narration: string;
  /** Whatever the slide has after its narration block. */
  after: string;
  /** The slide as read, and where each part is in it. */
  readonly layout: SlideLayout;
}

type PartName = 'heading' | 'body' | 'narration' | 'after';

interface SlideLayout {
  text: string;
  eol: string;
  /** Each part's text as read, and where it is, without the white space around it. */
  parts: Record<PartName, { text: string; at: Span }>;
  /** The narration block from its opening line to its closing line; null when the slide has none. */
  block: (Span & { closed: boolean }) | null;
}

export function slideParts(text: string): SlideParts {
  const slide = readLesson(text).slides[0];
  if (!slide || slide.heading.start !== 0) throw new Error(`Not a slide: ${text.slice(0, 60)}`);
  const end = slide.end;
  const contentStart = Math.min(slide.contentStart, end);
  const narration = slide.parts.find((p) => p.name === 'narration' && !p.nested);
  const part = (start: number, stop: number) => {
    const at = trimmedSpan(text, start, stop);
    return { text: withLineBreaks(text.slice(at.start, at.end), '\n'), at };
  };
  const parts: SlideLayout['parts'] = {
    heading: { text: text.slice(slide.heading.start, slide.heading.end), at: slide.heading },
    body: part(contentStart, narration?.start ?? end),
    narration: narration ? part(narration.contentStart, narration.contentEnd) : { text: '', at: { start: end, end } },
    after: narration ? part(narration.end, end) : { text: '', at: { start: end, end } },
  };
  const layout: SlideLayout = { text, eol: lineBreak(text), parts, block: narration ? { start: narration.start, end: narration.end, closed: narration.closed } : null };
  return { heading: parts.heading.text, body: parts.body.text, narration: parts.narration.text, after: parts.after.text, layout };
}

/** The slide with the parts that were changed spliced in; the rest of it as it was read. */
export function joinParts(p: SlideParts): string {
  const { text, eol, parts, block } = p.layout;
  const nl = (s: string) => withLineBreaks(s, eol);
  const changed = (name: PartName) => p[name] !== parts[name].text;
  const edits: { at: Span; text: string }[] = [];
  // What goes after the slide's last part: a narration block for a slide that has none.
  let appended = '';
  if (changed('heading')) edits.push({ at: parts.heading.at, text: p.heading });
  if (changed('body')) {
    if (parts.body.text) edits.push({ at: parts.body.at, text: nl(p.body) });
    // No body yet: it goes between the heading and the narration, a blank line on either side.
    else edits.push({ at: { start: parts.heading.at.end, end: block?.start ?? parts.body.at.end }, text: eol + eol + nl(p.body) + (block ? eol + eol : '') });
  }
  if (changed('narration')) {
    if (!block) appended = nl(`\n\n::: narration\n${p.narration}\n:::`);
    else if (parts.narration.text) edits.push({ at: parts.narration.at, text: nl(p.narration) });
    else {
      // An empty block has no content line to write into: the block is written again around it.
      const opening = text.slice(block.start, text.indexOf('\n', block.start) + 1 || block.end);
      const closing = block.closed ? text.slice(text.lastIndexOf('\n', block.end - 1) + 1, block.end) : '';
      edits.push({ at: block, text: `${opening.trimEnd()}${eol}${nl(p.narration)}${eol}${closing}` });
    }
  }
  if (changed('after')) {
    if (!p.after) edits.push({ at: { start: block?.end ?? parts.after.at.start, end: parts.after.at.end }, text: '' });
    else if (parts.after.text) edits.push({ at: parts.after.at, text: nl(p.after) });
    else edits.push({ at: { start: block?.end ?? text.length, end: block?.end ?? text.length }, text: eol + eol + nl(p.after) });
  }
  const out = splice(text, edits);
  const kept = out.trimEnd();
  return kept + appended + out.slice(kept.length);
}

/** The front matter with a new title; everything else in it kept as written. */
export function setFrontTitle(front: string, title: string): string {
  const at = readLesson(front).frontMatter;
  if (!at) throw new Error('The lesson has no front matter.');
  const doc = parseDocument(front.slice(at.start, at.end));
  doc.set('title', title);
  const yaml = doc.toString({ lineWidth: 0, flowCollectionPadding: false }).replace(/\n$/, '');
  return splice(front, [{ at, text: withLineBreaks(yaml, lineBreak(front)) }]);
}

/**
 * Slides put in `order`; slides not named there (removed ones, which variant.yaml removes)
 * stay after the slide they followed.
 */
export function arrange(slides: LessonText['slides'], order: string[]): LessonText['slides'] {
  const byId = new Map(slides.map((s) => [s.id, s]));
  const out = order.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []));
  slides.forEach((s, i) => {
    if (order.includes(s.id)) return;
    const prev = slides[i - 1];
    const at = prev ? out.indexOf(prev) : -1;
    out.splice(at + 1, 0, s);
  });
  return out;
}

/** The text with each edit's span replaced; the spans do not overlap. */
function splice(text: string, edits: { at: Span; text: string }[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.at.start - a.at.start || b.at.end - a.at.end)) out = out.slice(0, e.at.start) + e.text + out.slice(e.at.end);
  return out;
}

/** The span between `start` and `end` without the white space at either end. */
function trimmedSpan(text: string, start: number, end: number): Span {
  const piece = text.slice(start, end);
  const from = start + piece.length - piece.trimStart().length;
  return { start: Math.min(from, end), end: Math.max(from, start + piece.trimEnd().length) };
}

/** The line break a text uses: that of its first line. */
function lineBreak(text: string): string {
  const nl = text.indexOf('\n');
  return nl > 0 && text[nl - 1] === '\r' ? '\r\n' : '\n';
}

function withLineBreaks(text: string, eol: string): string {
  return text.replace(/\r?\n/g, eol);
}
