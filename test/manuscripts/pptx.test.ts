import { strFromU8 } from 'fflate';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { estimateStudyTime } from '../../build/course/estimate.ts';
import { pptx, pptxOverflowWarnings } from '../../build/targets/pptx/index.ts';
import type { Course } from '../../build/model.ts';
import { fixtureCopy, lineOf } from '../support/fixture.ts';
import { all, buildManuscript, courseAt, first, outline, parseXml, type PptxView, readPptx, type SlideView } from './support-pptx.ts';

// The minimal fixture, its lesson rewritten to use every kind of on-screen Markdown a slide may
// hold: numbered and nested lists, bold, a paragraph after a list, a table, a case, and a
// narration of two paragraphs with a placeholder.
const richLesson = {
  ja: `---
id: basics
title: 基本
order: 1
sources: [mhlw_manual]
---

## 対応の手順 {#steps}

1. 事実を聞き取る
2. **上司**に引き継ぐ
   - 記録を残す
   - 窓口に相談する
3. 対応を終える

最後に**必ず**報告します。

::: narration
一つめの段落です。

二つめの段落で、{{org.companyName}}の窓口を紹介します。
:::

## 見分け方 {#two_views}

| 見るところ | 問い |
| --- | --- |
| 要求の内容 | **落ち度**はあるか |
| 手段・態様 | 相当な範囲か |

::: narration
表を読みます。
:::

## {{org.companyName}}の方針 {#policy}

> 事例：電話で長時間の要求が続いた。

- 上司に代わる

::: narration
{{org.companyName}}では一人で対応しません。
:::
`,
  en: `---
id: basics
title: Basics
order: 1
sources: [mhlw_manual]
---

## Steps {#steps}

1. Listen to the facts
2. Hand over to your **supervisor**
   - Keep a record
   - Consult the desk
3. End the call

Always **report** afterwards.

::: narration
The first paragraph.

The second paragraph introduces the desk of {{org.companyName}}.
:::

## Telling them apart {#two_views}

| Look at | Ask |
| --- | --- |
| The demand | Is there a **fault**? |
| The manner | Is it reasonable? |

::: narration
We read the table.
:::

## The policy of {{org.companyName}} {#policy}

> Case: a long phone call with repeated demands.

- Hand over to your supervisor

::: narration
At {{org.companyName}} nobody handles this alone.
:::
`,
};

function richCourse(): Course {
  return courseAt(
    fixtureCopy('minimal', [
      { file: 'lessons/ja/01-basics.md', write: richLesson.ja },
      { file: 'lessons/en/01-basics.md', write: richLesson.en },
    ]),
  );
}

const slide = (view: PptxView, id: string): SlideView => {
  const s = view.slides.find((x) => x.name === id);
  if (!s) throw new Error(`no slide named ${id}; the deck has ${view.slides.map((x) => x.name).join(', ')}`);
  return s;
};
// The slide's text: its body placeholder and its other shapes, not the title or the slide number.
const bodyParas = (s: SlideView) => s.shapes.filter((sh) => sh.placeholder === null || sh.placeholder === 'body').flatMap((sh) => sh.paras);

describe('the PowerPoint manuscript of the fixture course', () => {
  let course: Course;
  const built: Record<string, { path: string; bytes: Uint8Array; view: PptxView }> = {};
  beforeAll(async () => {
    course = richCourse();
    for (const lang of ['ja', 'en']) {
      const m = await buildManuscript(course, lang);
      built[lang] = { ...m, view: readPptx(m.bytes) };
    }
  });

  test('is named <course>-<lang>-manuscript.pptx, one file per language', () => {
    expect([built['ja']!.path, built['en']!.path]).toEqual(['fixture_course-ja-manuscript.pptx', 'fixture_course-en-manuscript.pptx']);
    expect(pptx.name).toBe('pptx');
  });

  test('has the slides, shapes and notes we expect', async () => {
    for (const lang of ['ja', 'en']) {
      await expect(outline(built[lang]!.view)).toMatchFileSnapshot(path.join(import.meta.dirname, `pptx.fixture-${lang}.outline.txt`));
    }
  });

  test('runs title, agenda, section, lesson slides, sources, closing, then the hidden appendices of the test and the survey', () => {
    const { slides } = built['ja']!.view;
    expect(slides.map((s) => [s.name, s.layout, s.hidden])).toEqual([
      ['_title', 'TITLE', false],
      ['_agenda', 'CONTENT', false],
      ['basics', 'SECTION', false],
      ['basics/steps', 'CONTENT', false],
      ['basics/two_views', 'CONTENT', false],
      ['basics/policy', 'CONTENT', false],
      ['basics/sources', 'CONTENT', false],
      ['_closing', 'CONTENT', false],
      ['_appendix', 'SECTION', true],
      ['_test/q_one', 'CONTENT', true],
      ['_test/q_two', 'CONTENT', true],
      ['_test/q_three', 'CONTENT', true],
      ['_survey', 'SECTION', true],
      ['_survey/knowledge', 'CONTENT', true],
      ['_survey/_other', 'CONTENT', true],
    ]);
  });

  test('puts each slide title, placeholders filled, in the title placeholder', () => {
    const titles = built['ja']!.view.slides.map((s) => s.shapes.find((sh) => sh.placeholder === 'title')?.paras.map((p) => p.text).join(''));
    expect(titles.slice(0, 8)).toEqual(['テスト講座', '目次', '基本', '対応の手順', '見分け方', '当社の方針', '出典', '困ったときの相談先']);
  });

  test('carries every slide\'s stable id as its name and as the last paragraph of its notes', () => {
    for (const lang of ['ja', 'en']) {
      for (const s of built[lang]!.view.slides) expect(s.notes.at(-1)).toBe(`[slide: ${s.name}]`);
    }
  });

  test('writes list items as real bullet and numbered paragraphs, with their levels and bold runs', () => {
    const paras = bodyParas(slide(built['ja']!.view, 'basics/steps'));
    expect(paras.map((p) => [p.bullet, p.autonumType, p.level, p.text])).toEqual([
      ['autonum', 'arabicPeriod', 0, '事実を聞き取る'],
      ['autonum', 'arabicPeriod', 0, '上司に引き継ぐ'],
      ['char', null, 1, '記録を残す'],
      ['char', null, 1, '窓口に相談する'],
      ['autonum', 'arabicPeriod', 0, '対応を終える'],
      [null, null, 0, '最後に必ず報告します。'],
    ]);
    expect(paras[1]!.runs.map((r) => [r.text, r.bold])).toEqual([
      ['上司', true],
      ['に引き継ぐ', false],
    ]);
    expect(paras[5]!.runs.map((r) => [r.text, r.bold])).toEqual([
      ['最後に', false],
      ['必ず', true],
      ['報告します。', false],
    ]);
    // The third item continues the list after the nested one: PowerPoint numbers it 3.
    expect(slide(built['ja']!.view, 'basics/steps').xml).toMatch(/<a:buAutoNum type="arabicPeriod" startAt="1"\/>/);
  });

  test('writes a Markdown table as a PowerPoint table, bold cells bold', () => {
    const s = slide(built['en']!.view, 'basics/two_views');
    const table = s.shapes.find((sh) => sh.table);
    expect(table?.table).toEqual([
      ['Look at', 'Ask'],
      ['The demand', 'Is there a fault?'],
      ['The manner', 'Is it reasonable?'],
    ]);
    expect(s.xml).toContain('<a:tbl>');
    expect(s.xml).toMatch(/<a:rPr lang="en-US" sz="\d+" b="1"[^>]*>(?:(?!<\/a:rPr>).)*<\/a:rPr><a:t>fault<\/a:t>/);
  });

  test('shades a block quote as a case box of real text', () => {
    const s = slide(built['ja']!.view, 'basics/policy');
    const cases = s.shapes.filter((sh) => sh.filled && sh.paras.some((p) => p.text));
    expect(cases.map((c) => c.paras.map((p) => p.text))).toEqual([['事例：電話で長時間の要求が続いた。']]);
    expect(bodyParas(s).filter((p) => p.bullet === 'char').map((p) => p.text)).toEqual(['上司に代わる']);
    expect(s.xml).not.toContain('<p:pic>');
  });

  test('keeps the narration complete in the notes, one paragraph per paragraph, placeholders filled', () => {
    expect(slide(built['ja']!.view, 'basics/steps').notes).toEqual(['一つめの段落です。', '二つめの段落で、当社の窓口を紹介します。', '[slide: basics/steps]']);
    expect(slide(built['en']!.view, 'basics/steps').notes).toEqual(['The first paragraph.', 'The second paragraph introduces the desk of our company.', '[slide: basics/steps]']);
    expect(slide(built['en']!.view, 'basics/policy').notes).toEqual(['At our company nobody handles this alone.', '[slide: basics/policy]']);
  });

  test('sets the language font as the Latin, East Asian and complex-script font of every run', () => {
    for (const [lang, font] of [['ja', 'Meiryo'], ['en', 'Calibri']] as const) {
      const { entries, xml } = built[lang]!.view;
      const parts = Object.keys(entries).filter((p) => /^ppt\/(slides|notesSlides|slideLayouts|slideMasters)\/[^/]+\.xml$/.test(p));
      let checked = 0;
      for (const part of parts) {
        for (const name of ['a:rPr', 'a:endParaRPr', 'a:defRPr']) {
          for (const rPr of all(parseXml(xml(part)), name)) {
            const faces = ['a:latin', 'a:ea', 'a:cs'].map((f) => first(rPr, f)?.attrs['typeface']);
            if (faces.some((f) => f?.startsWith('+'))) continue; // the master's styles refer to the theme fonts
            expect({ part, faces }).toEqual({ part, faces: [font, font, font] });
            checked++;
          }
        }
      }
      expect(checked).toBeGreaterThan(100);
      const theme = parseXml(xml('ppt/theme/theme1.xml'));
      for (const f of ['a:majorFont', 'a:minorFont']) expect(first(first(theme, f)!, 'a:ea')!.attrs['typeface']).toBe(font);
      // pptxgenjs marks its East Asian font as Simplified Chinese (charset -122); none of that is left.
      expect(parts.filter((p) => xml(p).includes('charset="-122"'))).toEqual([]);
    }
    const run = bodyParas(slide(built['ja']!.view, 'basics/steps'))[0]!.runs[0]!;
    expect(run).toMatchObject({ ea: 'Meiryo', latin: 'Meiryo', lang: 'ja-JP' });
  });

  test('is a 16:9 deck with masters in the course colours and a footer with the title and slide number', () => {
    const { slides, xml, entries } = built['ja']!.view;
    expect(first(parseXml(xml('ppt/presentation.xml')), 'p:sldSz')!.attrs).toMatchObject({ cx: '12192000', cy: '6858000' });
    const layouts = Object.keys(entries).filter((p) => /^ppt\/slideLayouts\/slideLayout\d+\.xml$/.test(p)).map((p) => parseXml(xml(p)));
    const layout = (name: string) => layouts.find((l) => first(l, 'p:cSld')!.attrs['name'] === name)!;
    const background = (l: ReturnType<typeof parseXml>) => first(first(l, 'p:bg')!, 'a:srgbClr')!.attrs['val'];
    expect([background(layout('TITLE')), background(layout('SECTION')), background(layout('CONTENT'))]).toEqual(['1F3A5F', '1F3A5F', 'FFFFFF']);
    const texts = (l: ReturnType<typeof parseXml>) => all(l, 'a:t').map((t) => t.children.join(''));
    expect(texts(layout('CONTENT'))).toContain('テスト講座');
    expect(texts(layout('SECTION'))).toContain('テスト講座');
    for (const s of slides.slice(1)) expect(s.shapes.some((sh) => sh.placeholder === 'sldNum'), s.name).toBe(true);
    expect(slides[0]!.shapes.some((sh) => sh.placeholder === 'sldNum')).toBe(false);
  });

  test('opens with the title, the study time and the organisation; closes with the consultation desk and no sources', () => {
    const { slides } = built['ja']!.view;
    const minutes = Math.max(1, Math.round(estimateStudyTime(course, 'ja').totalMinutes));
    expect(slides[0]!.shapes.flatMap((sh) => sh.paras.map((p) => p.text))).toEqual(['テスト講座', `所要時間の目安: 約${minutes}分`, '当社']);
    const closing = slide(built['ja']!.view, '_closing');
    const desk = closing.shapes.find((sh) => sh.name === 'Consultation desk')!;
    expect(desk.paras.map((p) => p.text)).toEqual(['相談窓口', '相談窓口']);
    // The sources are on each lesson's own sources slide, not repeated here.
    expect(closing.shapes.flatMap((sh) => sh.paras.map((p) => p.text))).not.toContain('出典');
  });

  test('lists the lessons on the agenda and each lesson\'s sources after its slides', () => {
    expect(bodyParas(slide(built['en']!.view, '_agenda')).map((p) => [p.bullet, p.text])).toEqual([['autonum', 'Basics (about 1 min)']]);
    expect(bodyParas(slide(built['en']!.view, 'basics/sources')).map((p) => p.text)).toEqual(['Customer Harassment Countermeasures Corporate Manual, Ministry of Health, Labour and Welfare, 2022-02']);
  });

  test('gives trainers the whole question bank on hidden slides, answers and explanations in the notes', () => {
    const q = slide(built['en']!.view, '_test/q_two');
    expect(q.hidden).toBe(true);
    expect(bodyParas(q).map((p) => [p.bullet, p.autonumType, p.text])).toEqual([
      [null, null, 'Choose all that apply.'],
      [null, null, 'Choose all answers that apply.'],
      ['autonum', 'alphaUcPeriod', 'One ✓'],
      ['autonum', 'alphaUcPeriod', 'Two ✓'],
      ['autonum', 'alphaUcPeriod', 'Three'],
      [null, null, 'Correct answer: A, B'],
    ]);
    expect(q.notes).toEqual(['Correct answer: A. One / B. Two', 'Explanation: One and two.', '[slide: _test/q_two]']);
    expect(slide(built['en']!.view, '_test/q_three').notes[0]).toBe('Correct answer: A. True');
  });

  test('writes one paragraph-properties element per paragraph, first, and unique shape ids on every slide', () => {
    for (const s of built['ja']!.view.slides) {
      for (const p of all(parseXml(s.xml), 'a:p')) {
        const kids = p.children.filter((c) => typeof c !== 'string').map((c) => (c as { name: string }).name);
        expect(kids.filter((k) => k === 'a:pPr').length, s.name).toBeLessThanOrEqual(1);
        if (kids.includes('a:pPr')) expect(kids[0], s.name).toBe('a:pPr');
      }
      const ids = all(parseXml(s.xml), 'p:cNvPr').map((n) => n.attrs['id']);
      expect(new Set(ids).size, s.name).toBe(ids.length);
    }
  });

  test('is byte-for-byte the same when built twice, with fixed document dates', async () => {
    const again = await buildManuscript(course, 'ja');
    expect(Buffer.from(again.bytes).equals(Buffer.from(built['ja']!.bytes))).toBe(true);
    expect(strFromU8(built['ja']!.view.entries['docProps/core.xml']!)).toContain('<dcterms:modified xsi:type="dcterms:W3CDTF">2020-01-01T00:00:00Z</dcterms:modified>');
  });
});

describe('overflow', () => {
  const bullets = (n: number, text: string) => Array.from({ length: n }, (_, i) => `- ${text}${i + 1}`).join('\n');
  const lesson = (lang: 'ja' | 'en', dense: string, crowded: string) => `---
id: basics
title: ${lang === 'ja' ? '基本' : 'Basics'}
order: 1
sources: [mhlw_manual]
---

## ${lang === 'ja' ? '少し多い' : 'A little much'} {#dense}

${dense}

::: narration
${lang === 'ja' ? '多めです。' : 'Quite a lot.'}
:::

## ${lang === 'ja' ? '多すぎる' : 'Far too much'} {#crowded}

${crowded}

::: narration
${lang === 'ja' ? '多すぎます。' : 'Far too much.'}
:::
`;
  let course: Course;
  let dir: string;
  beforeAll(() => {
    dir = fixtureCopy('minimal', [
      { file: 'lessons/ja/01-basics.md', write: lesson('ja', bullets(7, '短い項目'), bullets(12, '項目')) },
      { file: 'lessons/en/01-basics.md', write: lesson('en', bullets(7, 'A short item '), bullets(14, 'Item ')) },
    ]);
    course = courseAt(dir);
  });

  test('warns about a slide whose text does not fit even one size smaller, naming the slide and its heading', () => {
    for (const lang of ['ja', 'en']) {
      const warnings = pptxOverflowWarnings(course, lang);
      expect(warnings.map((w) => [w.id, w.lessonId, w.slideId])).toEqual([['basics/crowded', 'basics', 'crowded']]);
      const file = path.join(dir, 'lessons', lang, '01-basics.md');
      expect(warnings[0]!.pos).toEqual({ file, line: lineOf(file, '{#crowded}'), column: 1 });
      expect(warnings[0]!.message).toMatch(/^Slide "basics\/crowded" overflows its layout: the text needs about \d+\.\d in of height at 24 pt, the layout holds 5\.1 in\.$/);
    }
  });

  test('shrinks a slide one step (28 → 24 pt) when that makes it fit, without a warning', async () => {
    const view = readPptx((await buildManuscript(course, 'ja')).bytes);
    const sizes = (id: string) => [...new Set(all(parseXml(slide(view, id).xml), 'a:rPr').filter((r) => r.attrs['sz'] && r.attrs['b'] !== '1').map((r) => r.attrs['sz']))];
    expect(sizes('basics/dense')).toEqual(['2400']);
    expect(sizes('basics/crowded')).toEqual(['2400']);
    const rich = readPptx((await buildManuscript(richCourse(), 'ja')).bytes);
    expect([...new Set(all(parseXml(slide(rich, 'basics/steps').xml), 'a:rPr').filter((r) => r.attrs['sz'] && r.attrs['b'] !== '1').map((r) => r.attrs['sz']))]).toEqual(['2800']);
  });

  test('finds nothing to warn about in a course whose slides fit', () => {
    expect(pptxOverflowWarnings(richCourse(), 'ja')).toEqual([]);
  });
});
