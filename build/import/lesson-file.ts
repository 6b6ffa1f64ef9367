/**
 * A lesson file as front matter plus one chunk of text per slide, so the importer can replace,
 * add and move slides while every slide it does not touch stays exactly as written. Slide
 * boundaries come from the build's own lesson parser, never from a second reading of the format.
 */
import { parseDocument } from 'yaml';
import { Diagnostics } from '../diagnostics.ts';
import { parseLessonFile } from '../load/lesson-markdown.ts';

export interface LessonText {
  front: string;
  slides: { id: string; text: string }[];
}

export function splitLesson(text: string, file: string, lang: string): LessonText {
  const diags = new Diagnostics();
  const parsed = parseLessonFile(diags.source(file, text), lang, diags);
  if (!parsed) throw new Error(`${file} cannot be read as a lesson: ${diags.list.map((d) => d.message).join(' ')}`);
  const lines = text.split('\n');
  const starts = parsed.slides.map((s) => s.at.line - 1);
  const front = lines.slice(0, starts[0] ?? lines.length).join('\n');
  const slides = parsed.slides.map((s, i) => ({ id: s.id, text: lines.slice(starts[i], starts[i + 1] ?? lines.length).join('\n').replace(/\s+$/, '') }));
  return { front: front.replace(/\s+$/, ''), slides };
}

export function joinLesson(l: LessonText): string {
  return `${[l.front, ...l.slides.map((s) => s.text)].join('\n\n')}\n`;
}

/** A slide written from scratch: heading with its id, body, narration. */
export function slideText(title: string, id: string, body: string, narration: string): string {
  return `## ${title} {#${id}}\n\n${body.trim()}\n\n::: narration\n${narration.trim()}\n:::`;
}

/** The slide's heading line replaced, its id kept. */
export function retitle(text: string, title: string, id: string): string {
  return text.replace(/^##[^\n]*/, `## ${title} {#${id}}`);
}

/** The text between the heading and the narration block, and the narration block's content. */
export function slideParts(text: string): { heading: string; body: string; narration: string; after: string } {
  const lines = text.split('\n');
  const open = lines.findIndex((l) => /^:::\s*narration\s*$/.test(l));
  const close = open < 0 ? -1 : lines.findIndex((l, i) => i > open && /^:::\s*$/.test(l));
  if (open < 0 || close < 0) return { heading: lines[0]!, body: lines.slice(1).join('\n').trim(), narration: '', after: '' };
  return {
    heading: lines[0]!,
    body: lines.slice(1, open).join('\n').trim(),
    narration: lines.slice(open + 1, close).join('\n').trim(),
    after: lines.slice(close + 1).join('\n').trim(),
  };
}

export function joinParts(p: { heading: string; body: string; narration: string; after: string }): string {
  return `${p.heading}\n\n${p.body}\n\n::: narration\n${p.narration}\n:::${p.after ? `\n\n${p.after}` : ''}`;
}

/** The front matter with a new title; everything else in it kept as written. */
export function setFrontTitle(front: string, title: string): string {
  const m = /^---\r?\n([\s\S]*?)\r?\n---\s*$/.exec(front);
  if (!m) throw new Error('The lesson has no front matter.');
  const doc = parseDocument(m[1]!);
  doc.set('title', title);
  return `---\n${doc.toString({ lineWidth: 0, flowCollectionPadding: false }).replace(/\n$/, '')}\n---`;
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
