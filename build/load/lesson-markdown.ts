/**
 * One lesson file: YAML front matter, then slides. A slide starts at `## Title {#id}`; its
 * narration is the `::: narration` … `:::` block inside it; everything else is on-screen content.
 */
import type { At, Diagnostics, SourceText } from '../diagnostics.ts';
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

const headingRe = /^##\s+(.*?)\s*$/;
const idSuffixRe = /\s*\{#([^}\s]*)\}\s*$/;
const narrationOpenRe = /^:::\s*narration\s*$/;
const fenceCloseRe = /^:::\s*$/;
const codeFenceRe = /^(```|~~~)/;

export function parseLessonFile(src: SourceText, lang: string, diags: Diagnostics): ParsedLesson | null {
  const text = src.text;
  const at = (offset: number): At => ({ file: src.file, ...src.position(offset) });
  const fm = /^---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/.exec(text);
  if (!fm) {
    diags.report('MissingFrontMatter', at(0), 'The lesson has no front matter.');
    return null;
  }
  const frontStart = text.indexOf('\n') + 1;
  const frontDoc = parseYaml(src, diags, frontStart, frontStart + fm[1]!.length);
  if (!frontDoc || !checkSchema('lesson', frontDoc, diags)) return null;

  const slides: ParsedSlide[] = [];
  let current: (ParsedSlide & { bodyLines: string[]; narrationLines: string[] | null; narrationAt: At | null }) | null = null;
  let inNarration = false;
  let inCode = false;
  let reportedStray = false;
  let offset = fm[0].length;

  const finish = () => {
    if (!current) return;
    if (inNarration && current.narrationAt) {
      diags.report('UnclosedNarration', current.narrationAt, `The narration of slide "${current.id}" is never closed.`);
    }
    current.body = current.bodyLines.join('\n').trim();
    current.narration = (current.narrationLines ?? []).join('\n').trim();
    if (current.narrationLines === null) {
      diags.report('MissingNarration', current.at, `Slide "${current.id}" has no narration.`);
    } else if (!current.narration && current.narrationAt) {
      diags.report('EmptyNarration', current.narrationAt, `The narration of slide "${current.id}" is empty.`);
    }
    if (!current.body) diags.report('EmptySlide', current.at, `Slide "${current.id}" has no on-screen content.`);
    const { bodyLines: _b, narrationLines: _n, narrationAt: _a, ...slide } = current;
    slides.push(slide);
    current = null;
    inNarration = false;
  };

  for (const rawLine of text.slice(offset).split('\n')) {
    const line = rawLine.replace(/\r$/, '');
    const lineOffset = offset;
    offset += rawLine.length + 1;
    if (!inNarration && codeFenceRe.test(line)) inCode = !inCode;
    const heading = !inCode && !inNarration ? headingRe.exec(line) : null;
    if (heading) {
      finish();
      const idMatch = idSuffixRe.exec(heading[1]!);
      const title = idMatch ? heading[1]!.slice(0, idMatch.index).trim() : heading[1]!.trim();
      if (!idMatch) diags.report('MissingSlideId', at(lineOffset + line.length), `The slide heading "${title}" has no id.`);
      current = {
        id: idMatch?.[1] ?? '',
        title,
        body: '',
        narration: '',
        at: at(lineOffset),
        titleOffset: lineOffset,
        bodyOffset: offset,
        narrationOffset: offset,
        bodyLines: [],
        narrationLines: null,
        narrationAt: null,
      };
      continue;
    }
    if (!current) {
      if (line.trim() && !reportedStray) {
        diags.report('TextBeforeFirstSlide', at(lineOffset), 'There is text before the first slide heading.');
        reportedStray = true;
      }
      continue;
    }
    if (!inCode && narrationOpenRe.test(line)) {
      if (current.narrationLines !== null) {
        diags.report('DuplicateNarration', at(lineOffset), `Slide "${current.id}" has a second narration block.`, {
          related: [{ ...current.narrationAt!, message: 'the first narration block is here' }],
        });
      } else {
        current.narrationLines = [];
        current.narrationAt = at(lineOffset);
        current.narrationOffset = offset;
      }
      inNarration = true;
      continue;
    }
    if (inNarration && fenceCloseRe.test(line)) {
      inNarration = false;
      continue;
    }
    if (inNarration) current.narrationLines!.push(line);
    else current.bodyLines.push(line);
  }
  finish();
  if (!slides.length && !reportedStray) diags.report('NoSlides', at(fm[0].length), 'The lesson has no slides.');

  return { file: src.file, lang, front: frontDoc.value as LessonFrontMatter, frontDoc, slides };
}
