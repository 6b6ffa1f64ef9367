/**
 * One lesson file: YAML front matter, then slides. A slide starts at `## Title {#id}`; its
 * narration is the `::: narration` … `:::` block inside it; everything else is on-screen content.
 * The shape comes from the course's Markdown dialect (build/markdown/); this loader checks it.
 */
import type { At, Diagnostics, SourceText } from '../diagnostics.ts';
import type { Token, Tokens } from 'marked';
import { isContainer, isVisualKind, type Placed, placeChildren, readLesson, readVisual } from '../markdown/index.ts';
import { checkSchema } from './schema.ts';
import { parseYaml, type YamlSource } from './yaml.ts';

export interface LessonFrontMatter {
  id: string;
  title: string;
  order: number;
  sources: string[];
  goals?: string[];
}

export interface ParsedSlide {
  id: string;
  title: string;
  body: string;
  narration: string;
  at: At;
  /** Offsets in the file where the heading, body and narration text start, for placing later diagnostics. */
  titleOffset: number;
  bodyOffset: number;
  narrationOffset: number;
  /** Icons the slide names, stat sources it cites and images it shows, where written. */
  icons: { name: string; at: At }[];
  statSources: { id: string; at: At }[];
  images: { src: string; alt: string; at: At }[];
}

export interface ParsedLesson {
  file: string;
  lang: string;
  front: LessonFrontMatter;
  frontDoc: YamlSource;
  slides: ParsedSlide[];
}

export function parseLessonFile(src: SourceText, lang: string, diags: Diagnostics): ParsedLesson | null {
  const at = (offset: number): At => ({ file: src.file, ...src.position(offset) });
  const lesson = readLesson(src.text);
  if (!lesson.frontMatter) {
    diags.report('MissingFrontMatter', at(0), 'The lesson has no front matter.');
    return null;
  }
  const frontDoc = parseYaml(src, diags, lesson.frontMatter.start, lesson.frontMatter.end);
  if (!frontDoc || !checkSchema('lesson', frontDoc, diags)) return null;

  if (lesson.stray !== null) diags.report('TextBeforeFirstSlide', at(lesson.stray), 'There is text before the first slide heading.');
  const slides = lesson.slides.map((s): ParsedSlide => {
    const id = s.id ?? '';
    const slideAt = at(s.heading.start);
    if (s.id === null) diags.report('MissingSlideId', at(s.heading.end), `The slide heading "${s.title}" has no id.`);
    const narrations = s.parts.filter((p) => p.name === 'narration');
    const first = narrations[0];
    for (const extra of narrations.slice(1)) {
      diags.report('DuplicateNarration', at(extra.start), `Slide "${id}" has a second narration block.`, {
        related: [{ ...at(first!.start), message: 'the first narration block is here' }],
      });
    }
    const written = narrations.filter((p) => !p.nested);
    const narration = written.map((p) => p.text).join('\n').trim();
    if (first && written.some((p) => !p.closed)) diags.report('UnclosedNarration', at(first.start), `The narration of slide "${id}" is never closed.`);
    if (!first) diags.report('MissingNarration', slideAt, `Slide "${id}" has no narration.`);
    else if (!narration) diags.report('EmptyNarration', at(first.start), `The narration of slide "${id}" is empty.`);
    if (!s.body) diags.report('EmptySlide', slideAt, `Slide "${id}" has no on-screen content.`);
    const uses = visualUses(s.tokens, at, diags, id);
    return {
      ...uses,
      id,
      title: s.title,
      body: s.body,
      narration,
      at: slideAt,
      titleOffset: s.heading.start,
      bodyOffset: s.contentStart,
      narrationOffset: first?.contentStart ?? s.contentStart,
    };
  });
  if (!slides.length && lesson.stray === null) diags.report('NoSlides', at(lesson.contentStart), 'The lesson has no slides.');

  return { file: src.file, lang, front: frontDoc.value as LessonFrontMatter, frontDoc, slides };
}

/**
 * The visual blocks of a slide, checked (each problem at its line), and what they and the slide
 * use: icons, the sources stats cite, images.
 */
function visualUses(tokens: Placed[], at: (offset: number) => At, diags: Diagnostics, slideId: string): Pick<ParsedSlide, 'icons' | 'statSources' | 'images'> {
  const uses: Pick<ParsedSlide, 'icons' | 'statSources' | 'images'> = { icons: [], statSources: [], images: [] };
  const visit = (placed: Placed) => {
    const t = placed.token;
    if (isContainer(t) && isVisualKind(t.name)) {
      const read = readVisual(t);
      // An unclosed block runs on to the next line of colons: usually the end of the narration below it.
      const swallowed = t.tokens.some((c) => isContainer(c) && !isVisualKind(c.name));
      if (!t.closed || swallowed) diags.report('BlockShape', at(placed.offset), `The ${t.name} block of slide "${slideId}" is never closed${swallowed ? ' before the narration' : ''}.`, { hint: 'Close the block with a line holding only `:::` right after its content.' });
      for (const p of read.problems) diags.report('BlockShape', at(placed.offset + p.offset), p.message);
      for (const i of read.icons) uses.icons.push({ name: i.name, at: at(placed.offset + i.offset) });
      if (read.block.kind === 'stat' && read.block.stat.source) {
        const line = t.raw.search(/^[ \t]*source[ \t]*[:：]/m);
        uses.statSources.push({ id: read.block.stat.source, at: at(placed.offset + Math.max(0, line)) });
      }
    }
    if (isContainer(t)) for (const c of placeChildren(placed)) visit(c);
    else for (const img of imagesIn(t)) {
      const where = t.raw.indexOf(img.raw);
      uses.images.push({ src: img.href, alt: img.text, at: at(placed.offset + Math.max(0, where)) });
    }
  };
  for (const p of tokens) visit(p);
  return uses;
}

function imagesIn(t: Token): Tokens.Image[] {
  if (t.type === 'image') return [t as Tokens.Image];
  const out: Tokens.Image[] = [];
  const children: Token[] = [];
  if ('tokens' in t && Array.isArray(t.tokens)) children.push(...(t.tokens as Token[]));
  if (t.type === 'list') for (const item of (t as Tokens.List).items) children.push(item);
  if (t.type === 'table') {
    const tb = t as Tokens.Table;
    for (const cell of [...tb.header, ...tb.rows.flat()]) children.push(...cell.tokens);
  }
  for (const c of children) out.push(...imagesIn(c));
  return out;
}
