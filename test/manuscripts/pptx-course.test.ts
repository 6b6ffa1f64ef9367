import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { textFor } from '../../build/course/localize.ts';
import type { Course } from '../../build/model.ts';
import { slideBlocks, visualParas } from '../../build/markdown/index.ts';
import { pptxOverflowWarnings } from '../../build/targets/pptx/index.ts';
import { libreOfficeTestTimeout } from '../support/libreoffice.ts';
import { all, buildManuscript, convertToPdf, courseAt, first, parseXml, pdfPages, pdfText, type PptxView, readPptx, type SlideView } from './support-pptx.ts';

type Kind = 'bullet' | 'number' | 'cell' | 'case' | 'text';

/**
 * What a slide's Markdown shows, read straight from the source lines (not through the build's
 * Markdown code): each list item, paragraph, table cell and case line, with its kind. A visual
 * block (drawn as a diagram: test/manuscripts/pptx-blocks.test.ts) and a picture are left out.
 */
function expectedContent(md: string): [Kind, string][] {
  const out: [Kind, string][] = [];
  const plain = (s: string) => s.replace(/\*\*|__/g, '').replace(/(^|[^*])\*([^*]+)\*/g, '$1$2').trim();
  let inVisual = false;
  for (const raw of md.split('\n')) {
    const line = raw.trim();
    if (/^:::\s*(steps|compare|case|stat|keypoint|checklist)\s*$/.test(line)) inVisual = true;
    if (inVisual) {
      if (line === ':::') inVisual = false;
      continue;
    }
    if (!line || /^\|?\s*:?-{3,}/.test(line) || /^!\[[^\]]*\]\([^)]*\)$/.test(line)) continue;
    if (line.startsWith('|')) {
      for (const cell of line.replace(/^\||\|$/g, '').split('|')) out.push(['cell', plain(cell)]);
    } else if (/^>\s?/.test(line)) out.push(['case', plain(line.replace(/^>\s?/, ''))]);
    else if (/^[-*+]\s/.test(line)) out.push(['bullet', plain(line.slice(2))]);
    else if (/^\d+\.\s/.test(line)) out.push(['number', plain(line.replace(/^\d+\.\s/, ''))]);
    else out.push(['text', plain(line)]);
  }
  return out;
}

/**
 * What the slide holds below its title, in reading order, with each paragraph's kind: its body
 * placeholder and text boxes, not the shapes of a visual block (named `<Kind> <b> · <part>`).
 */
function actualContent(s: SlideView): [Kind, string][] {
  const out: [Kind, string][] = [];
  for (const sh of s.shapes) {
    if ((sh.placeholder && sh.placeholder !== 'body') || sh.name.includes(' · ')) continue;
    if (sh.table) for (const row of sh.table) for (const cell of row) out.push(['cell', cell]);
    for (const p of sh.paras) {
      if (!p.text) continue;
      out.push([sh.filled ? 'case' : p.bullet === 'char' ? 'bullet' : p.bullet === 'autonum' ? 'number' : 'text', p.text]);
    }
  }
  return out;
}

/** Narration paragraphs from the source: blank lines separate them, placeholders filled. */
function expectedNarration(course: Course, lang: string, md: string): string[] {
  const filled = textFor(course, lang).text({ [lang]: md });
  return filled
    .split(/\n\s*\n/)
    .map((p) => p.split('\n').map((l) => l.trim()).join(lang === 'ja' ? '' : ' ').replace(/\*\*/g, ''))
    .filter(Boolean);
}

describe('the PowerPoint manuscripts of the real course', () => {
  let course: Course;
  const decks: Record<string, { file: string; view: PptxView }> = {};
  beforeAll(async () => {
    course = courseAt();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pptx-course-'));
    for (const lang of ['ja', 'en']) {
      const m = await buildManuscript(course, lang);
      const file = path.join(dir, m.path);
      fs.writeFileSync(file, m.bytes);
      decks[lang] = { file, view: readPptx(m.bytes) };
    }
  });

  test.each(['ja', 'en'])('(%s) has every lesson slide, in order, with its title, its on-screen text and its complete narration', (lang) => {
    const { view } = decks[lang]!;
    const t = textFor(course, lang);
    let last = 0;
    let checked = 0;
    for (const lesson of course.lessons) {
      for (const s of lesson.slides) {
        const id = `${lesson.id}/${s.id}`;
        const found = view.slides.find((x) => x.name === id);
        expect(found, id).toBeDefined();
        expect(found!.number, `${id} comes after the slide before it`).toBeGreaterThan(last);
        last = found!.number;
        const title = found!.shapes.find((sh) => sh.placeholder === 'title')!;
        expect(title.paras.map((p) => p.text).join(''), id).toBe(t.text(s.title));
        expect(actualContent(found!), id).toEqual(expectedContent(t.text(s.body)));
        expect(found!.notes, id).toEqual([...expectedNarration(course, lang, s.narration[lang]!), `[slide: ${id}]`]);
        checked++;
      }
      const sources = view.slides.find((x) => x.name === `${lesson.id}/sources`)!;
      expect(sources.number).toBe(last + 1);
      last = sources.number;
    }
    expect(checked).toBe(course.lessons.reduce((n, l) => n + l.slides.length, 0));
  });

  test.each(['ja', 'en'])('(%s) writes every table as a table and no text as a picture: the only pictures are icons and photos, described', (lang) => {
    const { view } = decks[lang]!;
    const tables = course.lessons.flatMap((l) => l.slides.filter((s) => s.body[lang]!.includes('\n| ---')).map((s) => `${l.id}/${s.id}`));
    expect(tables.length).toBeGreaterThan(0);
    for (const id of tables) expect(view.slides.find((x) => x.name === id)!.xml, id).toContain('<a:tbl>');
    const pictures = view.slides.flatMap((s) => all(parseXml(s.xml), 'p:pic').map((pic) => first(pic, 'p:cNvPr')!.attrs));
    expect(pictures.length).toBeGreaterThan(0);
    for (const { name, descr } of pictures) {
      expect(name).toMatch(/^(Steps|Compare|Case|Stat|Key point|Checklist|Image) \d+ · (icon( \d+)?|picture)$/);
      expect(descr, name).toBeTruthy();
    }
    expect(Object.keys(view.entries).filter((p) => p.startsWith('ppt/media/') && !/\.(png|jpe?g)$/.test(p))).toEqual([]);
  });

  test.each(['ja', 'en'])('(%s) draws the text of every visual block on its slide', (lang) => {
    const { view } = decks[lang]!;
    const t = textFor(course, lang);
    const squash = (s: string) => s.replace(/\s+/g, '');
    let checked = 0;
    for (const lesson of course.lessons) {
      for (const s of lesson.slides) {
        const visuals = slideBlocks(t.text(s.body)).flatMap((b) => (b.kind === 'visual' && b.visual.kind !== 'stat' ? [b.visual] : []));
        if (!visuals.length) continue;
        const found = view.slides.find((x) => x.name === `${lesson.id}/${s.id}`)!;
        const drawn = squash(found.shapes.filter((sh) => sh.name.includes(' · ')).flatMap((sh) => sh.paras.map((p) => p.text)).join(''));
        for (const v of visuals) for (const p of visualParas(v)) expect(drawn, `${found.name}: ${v.kind}`).toContain(squash(p.runs.map((r) => r.text).join('')));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(5);
  });

  test('sets Meiryo as the East Asian font of every run of the Japanese deck', () => {
    const { view } = decks['ja']!;
    const eas = new Set<string>();
    for (const s of view.slides) for (const sh of s.shapes) for (const p of sh.paras) for (const r of p.runs) if (r.text !== '\n') eas.add(String(r.ea));
    expect([...eas]).toEqual(['Meiryo']);
    const notesRuns = Object.keys(view.entries).filter((p) => p.startsWith('ppt/notesSlides/notesSlide')).flatMap((p) => all(parseXml(view.xml(p)), 'a:rPr'));
    expect(new Set(notesRuns.map((r) => first(r, 'a:ea')?.attrs['typeface']))).toEqual(new Set(['Meiryo']));
  });

  test.each(['ja', 'en'])('(%s) numbers every slide but the title slide and ends with the consultation desk and its contact', (lang) => {
    const { view } = decks[lang]!;
    const t = textFor(course, lang);
    for (const s of view.slides.slice(1)) expect(s.shapes.some((sh) => sh.placeholder === 'sldNum'), s.name).toBe(true);
    const closing = view.slides.filter((s) => !s.hidden).at(-1)!;
    expect(closing.name).toBe('_closing');
    // Each value stands alone on the card, so English starts it with a capital.
    const desk = closing.shapes.find((sh) => sh.name === 'Consultation desk')!.paras.map((p) => p.text.toLowerCase());
    expect(desk).toContain(t.text(course.organisation['consultationDesk']!).toLowerCase());
    expect(desk).toContain(t.text(course.organisation['consultationContact']!).toLowerCase());
  });

  test.each(['ja', 'en'])('(%s) fits every slide in its layout', (lang) => {
    expect(pptxOverflowWarnings(course, lang)).toEqual([]);
  });

  test('opens in LibreOffice: one PDF page per visible slide, the title first and the consultation desk last', async () => {
    const pdfs = await convertToPdf([decks['ja']!.file, decks['en']!.file]);
    for (const [i, lang] of (['ja', 'en'] as const).entries()) {
      const visible = decks[lang]!.view.slides.filter((s) => !s.hidden).length;
      expect(visible).toBe(1 + 1 + course.lessons.length * 2 + course.lessons.reduce((n, l) => n + l.slides.length, 0) + 1);
      expect(pdfPages(pdfs[i]!)).toBe(visible);
      const t = textFor(course, lang);
      const squash = (s: string) => s.replace(/\s+/g, '');
      expect(pdfText(pdfs[i]!, 1)).toContain(squash(t.text(course.title)));
      expect(pdfText(pdfs[i]!, visible)).toContain(squash(t.text(course.organisation['consultationDesk']!)));
    }
  }, libreOfficeTestTimeout());
});
