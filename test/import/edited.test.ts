/**
 * The committed fixture manuscripts (test/fixtures/manuscripts/, made by make-fixtures.ts),
 * edited the way customers edit, each in two serialisations: as edited programmatically in
 * PowerPoint's manner, and re-saved by LibreOffice. For each: the summary lists exactly the
 * edits, the variant's sources are what they should be, and the variant built from them shows
 * the edits.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { localize } from '../../build/course/localize.ts';
import { Diagnostics } from '../../build/diagnostics.ts';
import { loadCourse } from '../../build/index.ts';
import { formatSummary } from '../../build/import/index.ts';
import { openPackage } from '../../build/import/package.ts';
import { readWorkbook } from '../../build/import/xlsx-read.ts';
import { xlsx } from '../../build/targets/xlsx/index.ts';
import { projectRoot } from '../support/fixture.ts';
import { Pptx, editWorkbook, rowWithId, withSheetCopied } from './edit-ooxml.ts';
import { buildManuscripts, changes, courseCopy, manuscripts, problems, read, runImport, snapshot } from './support.ts';

const scratch: string[] = [];
afterAll(() => {
  for (const d of scratch) fs.rmSync(d, { recursive: true, force: true });
});

function fresh(which: 'minimal' | 'content' = 'minimal'): string {
  const dir = courseCopy(which);
  scratch.push(dir);
  return dir;
}

function variantCourse(dir: string, variant: string) {
  const { course, diagnostics } = loadCourse(dir, new Diagnostics(), { variant });
  expect(diagnostics.errors).toEqual([]);
  return course!;
}

const rules = (r: Awaited<ReturnType<typeof runImport>>) => r.diagnostics.list.map((d) => d.rule).sort();
const plain = (html: string) => html.replace(/<[^>]+>/g, '').replace(/&#39;/g, "'").replace(/&quot;/g, '"');

const both = (stem: string) => [`${stem}-edited`, `${stem}-lo`];

describe('an English deck: a word made bold and red, a slide duplicated and edited, slides reordered, notes retyped', () => {
  test.each(both('minimal-en'))('%s.pptx', async (name) => {
    const dir = fresh();
    const r = await runImport(path.join(manuscripts, `${name}.pptx`), dir, 'globex');
    expect(r.ok).toBe(true);
    expect(changes(r)).toEqual(['~ notes basics/policy', '~ slide basics/two_views', '+ slide basics/two_views_added', '↕ lesson basics']);
    expect(r.summary.find((s) => s.sign === '+')!.detail).toBe('added (slide 6), a copy of basics/two_views: "Who is affected"');
    expect(problems(r)).toEqual([
      'UntranslatedText: The slide added as basics/two_views_added (slide 6) is copied untranslated ("en") into the "ja" lesson; translate it there.',
      'FormattingNotKept: Slide 5 (basics/two_views): colour #FF0000 cannot be kept.',
      'FormattingNotKept: Slide 6 (added as basics/two_views_added): colour #FF0000 cannot be kept.',
    ]);
    expect(r.files.map((f) => f.path).sort()).toEqual(['lessons/en/01-basics.md', 'lessons/ja/01-basics.md', 'variant.yaml']);
    expect(read(dir, 'variants/globex/lessons/en/01-basics.md')).toBe(`---
id: basics
title: Basics
order: 1
sources: [mhlw_manual]
---

## The policy of {{org.companyName}} {#policy}

> Case: a long phone call with repeated demands.

::: narration
At {{org.companyName}} nobody handles this alone. Call the desk at once.
:::

## Two questions {#two_views}

- The **customer's** demand itself
- The means and manner

::: narration
Two questions decide the matter.
:::

## Who is affected {#two_views_added}

- The **customer's** demand itself
- The staff member and the other customers

::: narration
Two questions decide the matter.
:::
`);
    // The Japanese lesson takes the new order and the new slide (untranslated), nothing else.
    const ja = read(dir, 'variants/globex/lessons/ja/01-basics.md');
    expect([...ja.matchAll(/\{#(\w+)\}/g)].map((m) => m[1])).toEqual(['policy', 'two_views', 'two_views_added']);
    expect(ja).toContain('- 要求の内容\n- 手段・態様');
    expect(read(dir, 'variants/globex/variant.yaml')).toBe('# yaml-language-server: $schema=../../../build/schemas/variant.schema.json\nname: globex\n');

    const en = localize(variantCourse(dir, 'globex'), 'en');
    const slides = en.lessons[0]!.slides;
    expect(slides.map((s) => s.id)).toEqual(['policy', 'two_views', 'two_views_added', 'sources']);
    expect(slides[1]!.html).toBe('<ul>\n<li>The <strong>customer&#39;s</strong> demand itself</li>\n<li>The means and manner</li>\n</ul>');
    expect(plain(slides[0]!.narrationHtml)).toBe('At our company nobody handles this alone. Call the desk at once.');
  });
});

describe('a Japanese deck: a slide deleted, another slide\'s notes edited, a new slide typed at the end of the lesson', () => {
  test.each(both('minimal-ja'))('%s.pptx', async (name) => {
    const dir = fresh();
    const r = await runImport(path.join(manuscripts, `${name}.pptx`), dir, 'globex');
    // The new slide's text box was typed at 24 pt; the course sets its own sizes.
    expect(problems(r)).toEqual([
      'UntranslatedText: The slide added as basics/two_views_added (slide 5) is copied untranslated ("ja") into the "en" lesson; translate it there.',
      'FormattingNotKept: Slide 5 (added as basics/two_views_added): size 24 pt cannot be kept.',
    ]);
    expect(changes(r)).toEqual(['~ notes basics/two_views', '+ slide basics/two_views_added', '- slide basics/policy']);
    expect(r.summary[1]!.detail).toBe('added (slide 5): "相談の流れ"');
    expect(read(dir, 'variants/globex/variant.yaml')).toBe('# yaml-language-server: $schema=../../../build/schemas/variant.schema.json\nname: globex\nremove:\n  slides: [basics/policy]\n');
    const ja = read(dir, 'variants/globex/lessons/ja/01-basics.md');
    expect(ja).toContain('::: narration\n判断には二つの視点があります。迷ったら上司に相談します。\n:::');
    // The removed slide stays in the lesson file (variant.yaml removes it); the new one follows the slide it came after.
    expect(ja).toContain('## 相談の流れ {#two_views_added}\n\n- 上司に報告する\n- 記録を残す\n\n::: narration\n一人で抱え込まず、上司に報告して記録を残します。\n:::\n');
    const course = variantCourse(dir, 'globex');
    // The deleted slide is gone in every language, the new one is in every language.
    for (const lang of ['ja', 'en']) expect(localize(course, lang).lessons[0]!.slides.map((s) => s.id)).toEqual(['two_views', 'two_views_added', 'sources']);
  });
});

describe('the real course\'s English deck: a slide deleted, a list item and a table cell retyped, company and contact filled in, re-saved by LibreOffice', () => {
  test('real-en-lo.pptx', async () => {
    const dir = fresh('content');
    const r = await runImport(path.join(manuscripts, 'real-en-lo.pptx'), dir, 'globex');
    expect(rules(r)).toEqual(['UntranslatedText', 'UntranslatedText']);
    expect(changes(r)).toEqual(['~ slide what_is/tokyo_definition', '~ slide what_is/complaint_or_harassment', '- slide what_is/national_definition', '~ organisation.companyName', '~ organisation.consultationContact']);
    const lesson = read(dir, 'variants/globex/lessons/en/01-what-is.md');
    const base = fs.readFileSync(path.join(projectRoot, 'content/lessons/en/01-what-is.md'), 'utf8');
    // Only the two retyped lines differ from the base lesson; the rest is kept as written.
    expect(lesson).toBe(
      base
        .replace('3. That harms the working environment\n', '3. That harms the working environment of staff\n')
        .replace('- Manner: within what is socially acceptable\n', '- Manner: within what society accepts\n'),
    );
    expect(read(dir, 'variants/globex/variant.yaml')).toBe(
      '# yaml-language-server: $schema=../../../build/schemas/variant.schema.json\nname: globex\nremove:\n  slides: [what_is/national_definition]\norganisation:\n  companyName: {ja: 当社, en: ACME Corporation}\n  consultationContact: {ja: （連絡先を記入してください）, en: Extension 1234 (General Affairs)}\n',
    );
    const en = localize(variantCourse(dir, 'globex'), 'en');
    expect(en.lessons[0]!.slides.map((s) => s.id)).not.toContain('national_definition');
    expect(en.lessons[0]!.slides.find((s) => s.id === 'tokyo_definition')!.html).toContain('<li>That harms the working environment of staff</li>');
  });
});

describe('a confirmation test workbook with the answer key: a question\'s correct answer changed', () => {
  test.each(both('minimal-en-test'))('%s.xlsx', async (name) => {
    const dir = fresh();
    const r = await runImport(path.join(manuscripts, `${name}.xlsx`), dir, 'globex');
    expect(problems(r)).toEqual([]);
    expect(r.summary.map((s) => `${s.sign} ${s.what}: ${s.detail}`)).toEqual(['~ question q_one: correct answer: b (row 8)']);
    expect(read(dir, 'variants/globex/questions.yaml')).toBe(`# yaml-language-server: $schema=../../../build/schemas/questions.schema.json
questions:
  - id: q_one
    type: single-choice
    lesson: basics
    text: {ja: 正しいものはどれですか。, en: Which is right?}
    choices:
      - {id: a, text: {ja: これ, en: This}}
      - {id: b, text: {ja: あれ, en: That}, correct: true}
    feedback: {ja: これが正しいからです。, en: Because this one is right.}
`);
    const en = localize(variantCourse(dir, 'globex'), 'en');
    expect(en.test.questions.find((q) => q.id === 'q_one')!.correct).toEqual(['b']);
  });
});

describe('the survey workbook: an item added below the last one, another reworded', () => {
  test.each(both('minimal-en-survey'))('%s.xlsx', async (name) => {
    const dir = fresh();
    const r = await runImport(path.join(manuscripts, `${name}.xlsx`), dir, 'globex');
    expect(problems(r)).toEqual(['UntranslatedText: The survey item fx_comment_added exists only in "en"; "ja" gets the same text until it is translated.']);
    expect(changes(r)).toEqual(['~ survey item fx_comment', '+ survey item fx_comment_added']);
    expect(read(dir, 'variants/globex/survey.yaml')).toBe(`# yaml-language-server: $schema=../../../build/schemas/variant-survey.schema.json
items:
  - id: fx_comment
    type: text
    maxLength: 100
    text: {ja: "{{org.companyName}}への要望", en: "What you would like {{org.companyName}} to change"}
  - id: fx_comment_added
    type: likert
    scale: agreement
    theme: knowledge
    text: {ja: I know whom to call when a customer goes too far, en: I know whom to call when a customer goes too far}
`);
    const en = localize(variantCourse(dir, 'globex'), 'en');
    expect(en.survey.items.map((i) => [i.id, i.text])).toEqual([
      ['aw_know', 'I can explain the definition'],
      ['fx_comment', 'What you would like our company to change'],
      ['fx_comment_added', 'I know whom to call when a customer goes too far'],
    ]);
  });
});

describe('the survey workbook of the real course: options, a scale point, "don\'t know" and a department reworded on the options sheet', () => {
  test.each(both('real-en-survey'))('%s.xlsx', async (name) => {
    const dir = fresh('content');
    const r = await runImport(path.join(manuscripts, `${name}.xlsx`), dir, 'globex');
    expect(r.ok).toBe(true);
    expect(problems(r)).toEqual([]);
    expect(changes(r)).toEqual(['~ survey item seg_department', '~ survey scale frequency', '~ survey "don\'t know"', '~ department admin', '~ survey item seg_channel']);
    // The select-all item comes over whole, its option relabelled in English only; the scale
    // and "don't know" go into the variant's survey, the department into its variant.yaml.
    const survey = read(dir, 'variants/globex/survey.yaml');
    expect(survey).toContain('      - {id: phone, label: {ja: 電話, en: On the telephone}}\n');
    expect(survey).toContain('scales:\n  - id: frequency\n    points:\n      - {id: f1, label: {ja: まったくない, en: Never}}\n      - {id: f2, label: {ja: まれにある, en: Once or twice}}\n');
    expect(survey).toContain("dontKnow: {ja: わからない, en: Not sure}\n");
    expect(read(dir, 'variants/globex/variant.yaml')).toContain('  - {id: admin, label: {ja: 管理部門, en: Back office}}\n');
    // The variant built from them shows the new labels, in the player and in the workbook.
    const course = variantCourse(dir, 'globex');
    const en = localize(course, 'en').survey;
    const item = (id: string) => en.items.find((i) => i.id === id)!;
    expect(item('seg_channel')).toMatchObject({ options: expect.arrayContaining([{ id: 'phone', label: 'On the telephone' }]) });
    expect(item('seg_department')).toMatchObject({ text: 'The department you work in', options: expect.arrayContaining([{ id: 'admin', label: 'Back office' }]) });
    expect(en.scales.find((s) => s.id === 'frequency')!.points[1]).toEqual({ id: 'f2', label: 'Once or twice' });
    expect(en.dontKnow).toBe('Not sure');
    // Japanese keeps its own labels.
    const ja = localize(course, 'ja').survey;
    expect(ja.dontKnow).toBe('わからない');
    expect(ja.scales.find((s) => s.id === 'frequency')!.points[1]).toEqual({ id: 'f2', label: 'まれにある' });
    // Importing the variant's own workbook again finds nothing to change.
    const [again] = (await buildManuscripts(dir, { langs: ['en'], variant: 'globex' })).filter((f) => f.endsWith('awareness-survey.xlsx'));
    const second = await runImport(again!, dir, 'globex');
    expect(second.summary).toEqual([]);
  });
});

describe('formulas typed into free-text cells', () => {
  test('are imported as their text, written as YAML strings and built back as text, never as formulas', async () => {
    const dir = fresh();
    const r = await runImport(path.join(manuscripts, 'minimal-en-test-formula.xlsx'), dir, 'globex');
    expect(rules(r)).toEqual(['FormulaInCell', 'FormulaInCell']);
    const yaml = read(dir, 'variants/globex/questions.yaml');
    expect(yaml).toContain(`en: '=HYPERLINK("http://evil.example/","Click here")'`);
    expect(yaml).toContain('en: =1+1 is not a formula here');
    const course = variantCourse(dir, 'globex');
    const files = await xlsx.build(course, { lang: 'en', localized: localize(course, 'en'), assets: { templates: new Map(), players: new Map() }, logo: null });
    const tests = files.filter((f) => /confirmation-test(-trainer)?\.xlsx$/.test(f.path));
    expect(tests).toHaveLength(2);
    for (const test of tests) {
      const cells = readWorkbook(openPackage(test.contents, test.path)).flatMap((s) => [...s.rows.values()].flatMap((row) => [...row.values()]));
      const injected = cells.filter((c) => c.value.includes('HYPERLINK') || (c.formula ?? '').includes('HYPERLINK'));
      expect(injected.length, test.path).toBeGreaterThan(0);
      // Stored as a string cell (the build's plain text puts a space where Markdown saw a link).
      for (const c of injected) expect(c).toEqual({ value: expect.stringMatching(/^=HYPERLINK\(" ?http:\/\/evil\.example\/","Click here"\)$/), formula: null });
    }
  });
});

describe('edits made while the test runs', () => {
  let deck: Uint8Array;
  let testBook: Uint8Array;
  let trainerBook: Uint8Array;
  const write = (name: string, bytes: Uint8Array) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'import-edit-'));
    scratch.push(dir);
    fs.writeFileSync(path.join(dir, name), bytes);
    return path.join(dir, name);
  };

  beforeAll(async () => {
    const files = await buildManuscripts(fresh(), { langs: ['en'] });
    scratch.push(path.dirname(files[0]!));
    deck = new Uint8Array(fs.readFileSync(files.find((f) => f.endsWith('.pptx'))!));
    testBook = new Uint8Array(fs.readFileSync(files.find((f) => f.endsWith('confirmation-test.xlsx'))!));
    trainerBook = new Uint8Array(fs.readFileSync(files.find((f) => f.endsWith('confirmation-test-trainer.xlsx'))!));
  });

  test('slides the build makes: a section title becomes the lesson title, other edits and deletions are reported, not imported', async () => {
    const d = new Pptx(deck);
    d.retype('basics', 'Basics', 'The basics at work');
    d.retype('_agenda', 'Basics', 'Our basics');
    d.deleteSlide('_appendix');
    d.deleteSlide('_test/q_one');
    d.deleteSlide('basics/sources');
    const dir = fresh();
    const r = await runImport(write('deck.pptx', d.bytes()), dir, 'globex');
    expect(changes(r)).toEqual(['~ lesson basics']);
    expect(r.summary[0]!.detail).toBe('title: "The basics at work"');
    expect(problems(r)).toEqual(['GeneratedSlideEdited: Edits on a slide the build makes are not imported: slide 2 (_agenda): its content (the build makes this slide).']);
    expect(r.notes).toEqual(['Deleted slides the build makes are made again: basics/sources, _appendix, _test/q_one.']);
    expect(read(dir, 'variants/globex/lessons/en/01-basics.md')).toMatch(/^---\nid: basics\ntitle: The basics at work\norder: 1\nsources: \[mhlw_manual\]\n---\n/);
  });

  test('a slide added outside the lessons (after the closing slide) is reported and not imported', async () => {
    const d = new Pptx(deck);
    d.newSlide('_closing', 'Our own ending', ['Thank you'], 'Thanks for taking part.');
    const r = await runImport(write('deck.pptx', d.bytes()), fresh(), 'globex', { write: false });
    expect(changes(r)).toEqual([]);
    expect(problems(r)).toEqual(['SlideOutsideLessons: Slide 8 ("Our own ending") has no id and sits outside the lessons (before the first lesson or after the last); it is not imported.']);
  });

  test('a picture and underlined text on a lesson slide are reported, naming the slide', async () => {
    const d = new Pptx(deck);
    const part = d.slideOf('basics/two_views');
    const pic = '<p:pic><p:nvPicPr><p:cNvPr id="20" name="Picture 19"/><p:cNvPicPr/><p:nvPr/></p:nvPicPr><p:blipFill><a:blip r:embed="rId9"/></p:blipFill><p:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="10" cy="10"/></a:xfrm></p:spPr></p:pic>';
    d.set(part, d.get(part).replace('</p:spTree>', `${pic}</p:spTree>`));
    d.splitRun('basics/two_views', 'The means and manner', [{ text: 'The means and manner' }]);
    d.set(part, d.get(part).replace(/(<a:rPr[^>]*)( dirty="0">(?:(?!<\/a:rPr>).)*<\/a:rPr><a:t>The means and manner)/, '$1 u="sng"$2'));
    const r = await runImport(write('deck.pptx', d.bytes()), fresh(), 'globex', { write: false });
    expect(changes(r)).toEqual([]);
    expect(problems(r)).toEqual(['FormattingNotKept: Slide 4 (basics/two_views): picture, underline cannot be kept.']);
  });

  test('a sheet added to the test workbook: "No changes", a note on the sheet, and no variant created', async () => {
    const bytes = await editWorkbook(testBook, (wb) => {
      wb.addWorksheet('Our notes').getCell('A1').value = 'Ask legal about question 2';
    });
    const dir = fresh();
    const f = write('test.xlsx', bytes);
    const r = await runImport(f, dir, 'globex');
    expect(r.ok).toBe(true);
    expect(problems(r)).toEqual([]);
    expect(changes(r)).toEqual([]);
    expect(r.files).toEqual([]);
    expect(r.written).toBe(false);
    expect(fs.existsSync(path.join(dir, 'variants'))).toBe(false);
    expect(r.notes).toEqual(['The sheet "Our notes" is not one of the workbook\'s own; nothing on it is imported.']);
    expect(formatSummary(r, { file: f, variant: 'globex' })).toBe(
      [
        'test.xlsx (confirmation test workbook, en) → variant "globex":',
        '  No changes: the manuscript matches the course.',
        '  note: The sheet "Our notes" is not one of the workbook\'s own; nothing on it is imported.',
        'Nothing to write.',
      ].join('\n'),
    );
  });

  test("an unchanged workbook, the learner's or the trainer's, imported into an existing variant changes none of its files", async () => {
    const dir = courseCopy('minimal', { variants: true });
    scratch.push(dir);
    const before = snapshot(dir);
    for (const book of [testBook, trainerBook]) {
      const r = await runImport(write('test.xlsx', book), dir, 'acme');
      expect(r.ok).toBe(true);
      expect(problems(r)).toEqual([]);
      expect(changes(r)).toEqual([]);
      expect(r.files).toEqual([]);
    }
    expect(snapshot(dir)).toEqual(before);
  });

  test("the trainer's workbook: a choice reworded, an explanation rewritten, a true/false answer flipped, a question added to the key", async () => {
    const bytes = await editWorkbook(trainerBook, (wb) => {
      const key = wb.getWorksheet('Answer key')!;
      rowWithId(key, 'G', 'q_two').getCell('C').value = 'a) One\nb) Two\nc) Three or more';
      rowWithId(key, 'G', 'q_two').getCell('E').value = 'One and two, never three.';
      rowWithId(key, 'G', 'q_three').getCell('D').value = 'False';
      const added = key.getRow(rowWithId(key, 'G', 'q_three').number + 1);
      added.getCell('B').value = 'Who decides when a call ends?';
      added.getCell('C').value = 'a) You alone\nb) You and your supervisor';
      added.getCell('D').value = 'b';
      added.getCell('E').value = 'Agree on it with your supervisor.';
    });
    const dir = fresh();
    const r = await runImport(write('test.xlsx', bytes), dir, 'globex');
    expect(r.summary.map((s) => `${s.sign} ${s.what}: ${s.detail}`)).toEqual([
      '~ question q_two: choice c, explanation (row 9)',
      '~ question q_three: answer: false (row 10)',
      '+ question q_three_added: added (row 11, single-choice): "Who decides when a call ends?"',
    ]);
    expect(rules(r)).toEqual(['UntranslatedText', 'UntranslatedText', 'UntranslatedText', 'UntranslatedText']);
    const en = localize(variantCourse(dir, 'globex'), 'en');
    const q = (id: string) => en.test.questions.find((x) => x.id === id)!;
    expect(q('q_two').choices.map((c) => c.html)).toEqual(['One', 'Two', 'Three or more']);
    expect(plain(q('q_two').feedbackHtml)).toBe('One and two, never three.');
    expect(q('q_three').correct).toEqual(['false']);
    expect(q('q_three_added').correct).toEqual(['b']);
    expect(q('q_three_added').choices.map((c) => c.html)).toEqual(['You alone', 'You and your supervisor']);
  });
  test("the learner's workbook: a question and a choice reworded are imported and the answers kept; a new question is not, and the report says where to add it", async () => {
    const bytes = await editWorkbook(testBook, (wb) => {
      const test = wb.getWorksheet('Test')!;
      rowWithId(test, 'F', 'q_one').getCell('B').value = 'Which one is right?';
      rowWithId(test, 'F', 'q_two').getCell('C').value = 'a) One\nb) Two\nc) Three or more';
      // A learner's answer in the workbook is not an edit of the course.
      rowWithId(test, 'F', 'q_one').getCell('E').value = 'b';
      const added = test.getRow(rowWithId(test, 'F', 'q_three').number + 1);
      added.getCell('B').value = 'Who decides when a call ends?';
      added.getCell('C').value = 'a) You alone\nb) You and your supervisor';
    });
    const dir = fresh();
    const r = await runImport(write('test.xlsx', bytes), dir, 'globex');
    expect(r.ok).toBe(true);
    expect(r.summary.map((s) => `${s.sign} ${s.what}: ${s.detail}`)).toEqual(['~ question q_one: text (row 8)', '~ question q_two: choice c (row 9)']);
    expect(problems(r).filter((p) => !p.startsWith('UntranslatedText'))).toEqual([
      'IncompleteItem: sheet "Test", row 11: a new question needs its correct answer and explanation, which the learner\'s workbook does not hold; add it to "Answer key" in the trainer\'s workbook (…-confirmation-test-trainer.xlsx) and import that. It is not imported.',
    ]);
    const en = localize(variantCourse(dir, 'globex'), 'en');
    const q = (id: string) => en.test.questions.find((x) => x.id === id)!;
    expect(plain(q('q_one').html)).toBe('Which one is right?');
    expect(q('q_one').correct).toEqual(['a']);
    expect(plain(q('q_one').feedbackHtml)).toBe('Because this one is right.');
    expect(q('q_two').choices.map((c) => c.html)).toEqual(['One', 'Two', 'Three or more']);
    expect(q('q_two').correct).toEqual(['a', 'b']);
    expect(en.test.questions.map((x) => x.id)).toEqual(['q_one', 'q_two', 'q_three']);
  });

  test("the test copied into the trainer's workbook and a question retyped differently on both sheets: the test sheet's text wins, and the report says so", async () => {
    const bytes = await editWorkbook(await withSheetCopied(trainerBook, testBook, 'Test'), (wb) => {
      rowWithId(wb.getWorksheet('Test')!, 'F', 'q_two').getCell('B').value = 'Choose every answer that applies.';
      rowWithId(wb.getWorksheet('Answer key')!, 'G', 'q_two').getCell('B').value = 'Choose each one that is right.';
    });
    const r = await runImport(write('test.xlsx', bytes), fresh(), 'globex', { write: false });
    expect(r.summary.map((s) => `${s.sign} ${s.what}: ${s.detail}`)).toEqual(['~ question q_two: text (row 9)']);
    expect(problems(r).filter((p) => !p.startsWith('UntranslatedText'))).toEqual([
      'ConflictingEdits: Question q_two: its text differs on "Test" (row 9) and "Answer key" (row 9); the text on "Test" is imported.',
    ]);
  });
});
