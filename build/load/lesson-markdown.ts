/**
 * One lesson file: YAML front matter, then slides. A slide starts at `## Title {#id}`; its
 * narration is the `::: narration` … `:::` block inside it; everything else is on-screen content.
 * The shape comes from the course's Markdown dialect (build/markdown/); this loader checks it.
 */
import type { At, Diagnostics, SourceText } from '../diagnostics.ts';
import { readLesson } from '../markdown/index.ts';
import { checkSchema } from './schema.ts';
import { parseYaml, type YamlSource } from './yaml.ts';

export interface LessonFrontMatter {
  id: string;
  title: string;
  order: number;
  sources: string[];
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
    return {
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
