/**
 * The Excel manuscripts in a real spreadsheet application. LibreOffice recalculates workbooks
 * with answers filled in (a learner's answers pasted into the trainer's scoring sheet: marks,
 * score, pass/fail at the passing score; the survey summary with each average read in its
 * direction; a responses row shown beside the survey form) and prints the workbooks as built
 * to PDF.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { textFor } from '../../build/course/localize.ts';
import { plainText } from '../../build/markdown/index.ts';
import { loadCourse } from '../../build/index.ts';
import type { Course, Question } from '../../build/model.ts';
import { xlsx } from '../../build/targets/xlsx/index.ts';
import { convertWithLibreOffice, libreOfficeTestTimeout } from '../support/libreoffice.ts';
import { fixtureCopy, projectRoot, type Edit } from '../support/fixture.ts';
import { targetContext } from '../support/target-context.ts';

/** A copy of the fixture course, with edits. */
function fixture(edits: Edit[] = []): string {
  return fixtureCopy('minimal', edits);
}

function load(contentDir: string): Course {
  const { course, diagnostics } = loadCourse(contentDir);
  expect(diagnostics.list).toEqual([]);
  return course!;
}

async function build(course: Course, lang: string): Promise<Record<string, Uint8Array>> {
  // The manuscripts embed no player: the context carries none.
  const files = await xlsx.build(course, targetContext(course, lang));
  return Object.fromEntries(files.map((f) => [f.path, f.contents]));
}

async function open(bytes: Uint8Array | string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  if (typeof bytes === 'string') await wb.xlsx.readFile(bytes);
  else await wb.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
  return wb;
}

/**
 * The workbook with values typed into cells of the sheets given by index, as someone would fill
 * it in. The cached formula results are dropped so that LibreOffice computes every formula
 * instead of trusting them.
 */
async function fillIn(bytes: Uint8Array, sheets: Record<number, Record<string, string | number>>): Promise<Buffer> {
  const wb = await open(bytes);
  for (const [index, values] of Object.entries(sheets)) {
    const ws = wb.worksheets[Number(index)]!;
    for (const [address, value] of Object.entries(values)) ws.getCell(address).value = value;
  }
  wb.eachSheet((sheet) =>
    sheet.eachRow((row) =>
      row.eachCell((cell) => {
        const v = cell.value;
        if (v && typeof v === 'object' && 'formula' in v) cell.value = { formula: v.formula } as ExcelJS.CellFormulaValue;
      }),
    ),
  );
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/**
 * What a trainer does with a learner's workbook: copy its answer column (E8 down, on the test
 * sheet) and paste it at C8 of the scoring sheet, row for row. The ids beside both columns must
 * line up for that to be right.
 */
async function pasteAnswers(learner: Buffer, trainer: Uint8Array): Promise<Record<string, string>> {
  const test = (await open(learner)).worksheets[1]!;
  const scoring = (await open(trainer)).worksheets[2]!;
  const out: Record<string, string> = {};
  for (let r = 8; typeof test.getCell(`F${r}`).value === 'string'; r++) {
    expect(scoring.getCell(`G${r}`).value).toBe(test.getCell(`F${r}`).value);
    const v = test.getCell(`E${r}`).value;
    if (typeof v === 'string') out[`C${r}`] = v;
  }
  return out;
}

/** What a cell shows: a formula's computed result (exceljs reads an empty text result as none), or the value. */
function shown(cell: ExcelJS.Cell): unknown {
  return cell.type === ExcelJS.ValueType.Formula ? (cell.result ?? '') : cell.value;
}

/** The answer a learner types: right, or wrong in a way the marking must catch. */
function answer(course: Course, lang: string, q: Question, right: boolean): string {
  const t = textFor(course, lang);
  const correct = q.choices.filter((c) => c.correct);
  const wrong = q.choices.filter((c) => !c.correct);
  if (q.type === 'true-false') return plainText(t.text((right ? correct : wrong)[0]!.text));
  if (q.type === 'single-choice') return (right ? correct : wrong)[0]!.id;
  // Typed with a Japanese comma, in reverse order, as a learner might.
  if (right) return correct.map((c) => c.id).reverse().join('、 ');
  return correct.length > 1 ? correct[0]!.id : [correct[0]!.id, wrong[0]!.id].join(',');
}

describe('the Excel manuscripts in LibreOffice', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xlsx-libreoffice-'));
  const inDir = path.join(dir, 'in');
  const outDir = path.join(dir, 'out');
  const pdfDir = path.join(dir, 'pdf');
  let real: Course;
  const recalculated: Record<string, ExcelJS.Workbook> = {};
  const pdfText: Record<string, string[]> = {};
  const pdfPages: Record<string, string[]> = {};
  const rowNumberHeight: Record<string, number> = {};

  beforeAll(async () => {
    for (const d of [inDir, outDir, pdfDir]) fs.mkdirSync(d);
    const fx = load(fixture());
    const fxEn = await build(fx, 'en');
    const fxJa = await build(fx, 'ja');
    real = load(path.join(projectRoot, 'content'));
    const realJa = await build(real, 'ja');
    const realEn = await build(real, 'en');
    // Five questions, so that four right is exactly the passing score of 80%.
    const fiveQuestions = await build(
      load(
        fixture([
          {
            file: 'questions.yaml',
            replace: '    feedback: { ja: できます。, en: You can. }',
            with: [
              '    feedback: { ja: できます。, en: You can. }',
              '  - { id: q_four, type: true-false, text: { ja: 四, en: Four }, answer: false, feedback: { ja: 四。, en: Four. } }',
              '  - { id: q_five, type: true-false, text: { ja: 五, en: Five }, answer: true, feedback: { ja: 五。, en: Five. } }',
            ].join('\n'),
          },
        ]),
      ),
      'en',
    );
    const formulaLike = await build(
      load(fixture([{ file: 'survey.yaml', replace: 'en: I can explain the definition', with: 'en: "=SUM(A1:A3)"' }])),
      'en',
    );

    const realAnswers = (rightCount: number) =>
      Object.fromEntries(real.questions.map((q, i) => [`E${8 + i}`, answer(real, 'ja', q, i < rightCount)]));
    const column = (i: number) => String.fromCharCode(66 + i);
    const realEnText = textFor(real, 'en');
    /** Each Likert item's column with a label of its own scale: `end` 0 the lowest point, -1 the highest. */
    const onScale = (row: number, end: 0 | -1) =>
      Object.fromEntries(
        real.survey.items.flatMap((it, i) => {
          if (it.type !== 'likert') return [];
          const points = real.survey.scales.find((sc) => sc.id === it.scale)!.points;
          return [[`${column(i)}${row}`, realEnText.text(points.at(end)!.label)]];
        }),
      );
    const realColumn = (id: string) => column(real.survey.items.findIndex((it) => it.id === id));
    const trainerEn = fxEn['fixture_course-en-confirmation-test-trainer.xlsx']!;
    const realLearner = realJa['kasuhara_basics-ja-confirmation-test.xlsx']!;
    const realTrainer = realJa['kasuhara_basics-ja-confirmation-test-trainer.xlsx']!;
    const lowTheme = { file: 'survey.yaml', replace: '{ id: knowledge, title: { ja: 知識, en: Knowledge } }', with: '{ id: knowledge, title: { ja: 知識, en: Knowledge }, good: low }' };
    const lowItem = {
      file: 'survey.yaml',
      replace: '  - id: fx_comment',
      with: '  - id: aw_hurt\n    type: likert\n    theme: knowledge\n    good: low\n    text: { ja: 傷ついたことがある, en: I have been hurt }\n  - id: fx_comment',
    };
    const lowJa = await build(load(fixture([lowTheme])), 'ja');
    const mixedJa = await build(load(fixture([lowItem])), 'ja');
    const agreeing = { B5: 'そう思う', B6: 'そう思う', B7: 'そう思う' };
    const inputs: Record<string, Buffer> = {
      'test-all-right': await fillIn(trainerEn, { 2: { C8: 'a', C9: ' B , a ', C10: 'True' } }),
      'test-two-of-three': await fillIn(trainerEn, { 2: { C8: 'a', C9: 'a', C10: 'True' } }),
      'test-ja-partly': await fillIn(fxJa['fixture_course-ja-confirmation-test-trainer.xlsx']!, { 2: { C9: 'b、a', C10: '誤り' } }),
      'five-4-right': await fillIn(fiveQuestions['fixture_course-en-confirmation-test-trainer.xlsx']!, { 2: { C8: 'a', C9: 'a,b', C10: 'True', C11: 'False', C12: 'False' } }),
      'five-3-right': await fillIn(fiveQuestions['fixture_course-en-confirmation-test-trainer.xlsx']!, { 2: { C8: 'b', C9: 'a,b', C10: 'True', C11: 'False', C12: 'False' } }),
      'real-34-right': await fillIn(realTrainer, { 2: await pasteAnswers(await fillIn(realLearner, { 1: realAnswers(34) }), realTrainer) }),
      'real-33-right': await fillIn(realTrainer, { 2: await pasteAnswers(await fillIn(realLearner, { 1: realAnswers(33) }), realTrainer) }),
      // The trainer corrects the key: question 1's answer becomes b, and the marking follows.
      'key-corrected': await fillIn(trainerEn, { 1: { D8: 'b' }, 2: { C8: 'b', C9: 'a,b', C10: 'True' } }),
      'survey-fixture': await fillIn(fxJa['fixture_course-ja-awareness-survey.xlsx']!, {
        2: { B5: 'そう思わない', B6: 'そう思う', B7: 'そう思う', B8: 'どちらともいえない', C5: 'もっと研修を', C7: '相談しやすく' },
      }),
      // Respondent No. 3 shown beside the form.
      'survey-linked': await fillIn(fxJa['fixture_course-ja-awareness-survey.xlsx']!, { 1: { F2: 3 }, 2: { B5: 'そう思わない', B7: 'そう思う', C7: '相談しやすく' } }),
      'survey-real': await fillIn(realEn['kasuhara_basics-en-awareness-survey.xlsx']!, {
        2: {
          // Respondent 1 answers every Likert item at the top of its scale but one, which they do
          // not know; respondent 2 at the bottom; respondent 3 answers only the first item.
          ...onScale(5, -1),
          [`${realColumn('aw_work_policy')}5`]: "Don't know",
          ...onScale(6, 0),
          B7: 'Sometimes',
          // The choice items: one option, several by their letters (typed as people type them), a department.
          [`${realColumn('seg_contact')}5`]: 'Almost every day',
          [`${realColumn('seg_channel')}5`]: 'b,c',
          [`${realColumn('seg_channel')}6`]: 'B、 d',
          [`${realColumn('seg_department')}5`]: 'Sales',
          [`${realColumn('seg_department')}7`]: 'Sales',
        },
      }),
      // The same three answers at the top of the scale, where high is good and where low is good.
      'direction-high': await fillIn(fxJa['fixture_course-ja-awareness-survey.xlsx']!, { 2: agreeing }),
      'direction-low': await fillIn(lowJa['fixture_course-ja-awareness-survey.xlsx']!, { 2: agreeing }),
      // aw_know (high is good) and aw_hurt (low is good) in one theme, both answered "そう思う" twice.
      'direction-mixed': await fillIn(mixedJa['fixture_course-ja-awareness-survey.xlsx']!, { 2: { B5: 'そう思う', B6: 'そう思う', C5: 'そう思う', C6: 'そう思う' } }),
      'formula-like': Buffer.from(formulaLike['fixture_course-en-awareness-survey.xlsx']!),
    };
    for (const [name, bytes] of Object.entries(inputs)) fs.writeFileSync(path.join(inDir, `${name}.xlsx`), bytes);
    await convertWithLibreOffice(Object.keys(inputs).map((n) => path.join(inDir, `${n}.xlsx`)), 'xlsx', outDir);
    for (const name of Object.keys(inputs)) recalculated[name] = await open(path.join(outDir, `${name}.xlsx`));

    const printed = { ...realJa, ...realEn };
    for (const [name, bytes] of Object.entries(printed)) fs.writeFileSync(path.join(inDir, name), bytes);
    await convertWithLibreOffice(Object.keys(printed).map((n) => path.join(inDir, n)), 'pdf', pdfDir);
    for (const name of Object.keys(printed)) {
      const pdf = path.join(pdfDir, name.replace(/\.xlsx$/, '.pdf'));
      pdfText[name] = execFileSync('pdftotext', ['-raw', pdf, '-'], { encoding: 'utf8' }).split('\f').slice(0, -1);
      pdfPages[name] = [...execFileSync('pdfinfo', ['-l', '999', pdf], { encoding: 'utf8' }).matchAll(/Page +\d+ size: +(.*)/g)].map((m) => m[1]!);
      const lang = /-(ja|en)-awareness-survey\.xlsx$/.exec(name)?.[1];
      if (lang) {
        // The height of the box of respondent No. 42, as printed on the responses sheet.
        const page = pdfText[name]!.findIndex((p) => /(Responses|回答一覧)$/.test(p.split('\n')[0]!.trim()) && /^42$/m.test(p)) + 1;
        const box = /<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">42<\/word>/.exec(
          execFileSync('pdftotext', ['-bbox', '-f', String(page), '-l', String(page), pdf, '-'], { encoding: 'utf8' }),
        );
        rowNumberHeight[lang] = box ? Number(box[2]) - Number(box[1]) : 0;
      }
    }
  }, libreOfficeTestTimeout());

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const scoring = (name: string) => recalculated[name]!.worksheets[2]!;

  test('scores 100% and passes when every answer is right, a multiple-choice answer in any order, case and spacing', () => {
    const ws = scoring('test-all-right');
    expect(['F8', 'F9', 'F10'].map((a) => shown(ws.getCell(a)))).toEqual([1, 1, 1]);
    expect(['E3', 'E5', 'C5'].map((a) => shown(ws.getCell(a)))).toEqual([1, 'Passed', 3]);
  });

  test('counts a multiple-choice answer with only some of the right choices as wrong', () => {
    const ws = scoring('test-two-of-three');
    expect(['F8', 'F9', 'F10'].map((a) => shown(ws.getCell(a)))).toEqual([1, 0, 1]);
    expect(['E3', 'E5'].map((a) => shown(ws.getCell(a)))).toEqual([0.6667, 'Not passed']);
  });

  test('leaves an unanswered question unmarked and counts it as not right; reads Japanese commas', () => {
    const ws = scoring('test-ja-partly');
    expect(['D8', 'F8', 'D9', 'F9', 'D10', 'F10'].map((a) => shown(ws.getCell(a)))).toEqual(['', '', 'b,a', 1, '誤り', 0]);
    expect(['E3', 'E5'].map((a) => shown(ws.getCell(a)))).toEqual([0.3333, '不合格']);
  });

  test('passes at exactly the passing score: 4 of 5 right is 80% and passes, 3 of 5 fails', () => {
    expect(['E3', 'E4', 'E5'].map((a) => shown(scoring('five-4-right').getCell(a)))).toEqual([0.8, 0.8, 'Passed']);
    expect(['E3', 'E5'].map((a) => shown(scoring('five-3-right').getCell(a)))).toEqual([0.6, 'Not passed']);
  });

  test("scores a learner's answers pasted from their workbook: the whole bank of 42 passes at 34 right (80.95%) and fails at 33 (78.57%)", () => {
    expect(real.test.passingScore).toBe(80);
    expect(real.questions).toHaveLength(42);
    expect(shown(scoring('real-34-right').getCell('C5'))).toBe(34);
    expect(['E3', 'E4', 'E5'].map((a) => shown(scoring('real-34-right').getCell(a)))).toEqual([0.8095, 0.8, '合格']);
    expect(shown(scoring('real-33-right').getCell('C5'))).toBe(33);
    expect(['E3', 'E5'].map((a) => shown(scoring('real-33-right').getCell(a)))).toEqual([0.7857, '不合格']);
  });

  test('marks against the answer key as the trainer corrected it', () => {
    const ws = scoring('key-corrected');
    expect(['E8', 'F8', 'F9', 'F10'].map((a) => shown(ws.getCell(a)))).toEqual(['b', 1, 1, 1]);
    expect(shown(ws.getCell('E5'))).toBe('Passed');
  });

  test('summarises the fixture survey: counts per scale point, answers, average, score, and written free-text answers', () => {
    const ws = recalculated['survey-fixture']!.worksheets[3]!;
    // Item aw_know (row 10): one "そう思わない" (1), one "どちらともいえない" (2), two "そう思う" (3); its theme (row 9) the same.
    expect(['I10', 'J10', 'K10', 'D10', 'E10', 'G10'].map((a) => shown(ws.getCell(a)))).toEqual([1, 1, 2, 4, 2.25, 62.5]);
    expect(['I9', 'J9', 'K9', 'D9', 'E9', 'G9'].map((a) => shown(ws.getCell(a)))).toEqual([1, 1, 2, 4, 2.25, 62.5]);
    // A score of 62.5 is neither below 50 nor at least 75.
    expect(shown(ws.getCell('H10'))).toBe('');
    expect(shown(ws.getCell('D14'))).toBe(2);
    // No respondent chosen on the form: nothing shown beside it.
    expect(['F4', 'F5'].map((a) => shown(recalculated['survey-fixture']!.worksheets[1]!.getCell(a)))).toEqual(['', '']);
  });

  test('shows the chosen row of the responses sheet beside the survey form', () => {
    const form = recalculated['survey-linked']!.worksheets[1]!;
    expect(['F2', 'F4', 'F5'].map((a) => shown(form.getCell(a)))).toEqual([3, 'そう思う', '相談しやすく']);
  });

  /** The summary's row of an item, option or theme, by the ID column after the widest scale and "don't know". */
  const rowOf = (ws: ExcelJS.Worksheet, id: string, after = 0) => {
    for (let r = after + 1; r < 200; r++) if (ws.getCell(`O${r}`).value === id) return r;
    throw new Error(`no row ${id}`);
  };

  test('averages a theme over the answers to all its items on its own scale, and reads experience (low is good) the other way round', () => {
    const ws = recalculated['survey-real']!.worksheets[3]!;
    // Experience, on the four-point frequency scale: item 1 has 4, 1 and 3; items 2 and 3 have 4 and 1.
    const theme = rowOf(ws, 'experience');
    expect(['B', 'C', 'D', 'F'].map((c) => shown(ws.getCell(`${c}${theme}`)))).toEqual(['Experience', 'Whole theme (3 items)', 7, 'Low']);
    expect(shown(ws.getCell(`E${theme}`))).toBeCloseTo(18 / 7, 10);
    const first = rowOf(ws, 'aw_exp_received');
    expect(['C', 'D'].map((c) => shown(ws.getCell(`${c}${first}`)))).toEqual([real.survey.items[0]!.text['en'], 3]);
    expect(shown(ws.getCell(`E${first}`))).toBeCloseTo(8 / 3, 10);
    expect(['I', 'J', 'K', 'L'].map((c) => shown(ws.getCell(`${c}${first}`)))).toEqual([1, 0, 1, 1]);
    expect(shown(ws.getCell(`E${rowOf(ws, 'aw_exp_witnessed')}`))).toBe(2.5);
    // Where low is good, a score counts down from the top: (4 − 18/7) / 3 is 47.6, a weakness; 2.5 scores 50, no weakness.
    expect(shown(ws.getCell(`G${theme}`))).toBeCloseTo(((4 - 18 / 7) / 3) * 100, 6);
    expect(['H' + theme, 'H' + first, 'H' + rowOf(ws, 'aw_exp_witnessed')].map((a) => shown(ws.getCell(a)))).toEqual(['Weakness', 'Weakness', '']);
    // Knowledge, on the five-point agreement scale, where high is good: 5 and 1 average 3, a score of 50.
    const knowledge = rowOf(ws, 'knowledge');
    expect(['B', 'F', 'E', 'G', 'H'].map((c) => shown(ws.getCell(`${c}${knowledge}`)))).toEqual(['Knowledge', 'High', 3, 50, '']);
  });

  test('counts "don\'t know" apart: never in the answers, the average or the score', () => {
    const ws = recalculated['survey-real']!.worksheets[3]!;
    // aw_work_policy: "Don't know" and "No"; aw_work_manual: "Yes" and "No".
    const policy = rowOf(ws, 'aw_work_policy');
    expect(['I', 'J', 'K', 'D', 'E', 'G', 'H'].map((c) => shown(ws.getCell(`${c}${policy}`)))).toEqual([1, 0, 1, 1, 1, 0, 'Weakness']);
    const manual = rowOf(ws, 'aw_work_manual');
    expect(['I', 'J', 'K', 'D', 'E', 'G'].map((c) => shown(ws.getCell(`${c}${manual}`)))).toEqual([1, 1, 0, 2, 1.5, 50]);
    const theme = rowOf(ws, 'workplace');
    // The theme's three items: "No" three times, "Yes" twice, "don't know" once, apart.
    expect(['I', 'J', 'K', 'D'].map((c) => shown(ws.getCell(`${c}${theme}`)))).toEqual([3, 2, 1, 5]);
  });

  test('counts each option of a choice item, a select-all answer by its letters however they are typed, with its share', () => {
    const ws = recalculated['survey-real']!.worksheets[3]!;
    const channel = rowOf(ws, 'seg_channel');
    expect(['D', 'F'].map((c) => shown(ws.getCell(`${c}${channel}`)))).toEqual([2, 'Yes']);
    const options = ['counter', 'phone', 'online', 'visits'].map((id) => rowOf(ws, id, channel));
    expect(options.map((r) => [shown(ws.getCell(`C${r}`)), shown(ws.getCell(`D${r}`)), shown(ws.getCell(`E${r}`))])).toEqual([
      ['a) At a counter or in a shop', 0, 0],
      ['b) By phone', 2, 1],
      ['c) Online, by email or chat', 1, 0.5],
      ['d) On visits', 1, 0.5],
    ]);
    const contact = rowOf(ws, 'seg_contact');
    expect([shown(ws.getCell(`D${contact}`)), shown(ws.getCell(`D${rowOf(ws, 'daily', contact)}`)), shown(ws.getCell(`E${rowOf(ws, 'daily', contact)}`))]).toEqual([1, 1, 1]);
    const department = rowOf(ws, 'seg_department');
    expect([shown(ws.getCell(`D${department}`)), shown(ws.getCell(`D${rowOf(ws, 'sales', department)}`)), shown(ws.getCell(`D${rowOf(ws, 'admin', department)}`))]).toEqual([2, 2, 0]);
  });

  test('flags a low-is-good theme with a high mean as a weakness, and the same answers where high is good as a strength', () => {
    const low = recalculated['direction-low']!.worksheets[3]!;
    const high = recalculated['direction-high']!.worksheets[3]!;
    expect(['E9', 'F9', 'G9', 'H9', 'H10'].map((a) => shown(low.getCell(a)))).toEqual([3, '低いほど良い', 0, '課題', '課題']);
    expect(['E9', 'F9', 'G9', 'H9', 'H10'].map((a) => shown(high.getCell(a)))).toEqual([3, '高いほど良い', 100, '強み', '強み']);
  });

  test("counts an item of the other direction reversed in its theme's row", () => {
    const ws = recalculated['direction-mixed']!.worksheets[3]!;
    // aw_know: two "そう思う" (3); aw_hurt, low is good: two "そう思う" counted as "そう思わない" (1) for the theme.
    expect(['I9', 'J9', 'K9', 'D9', 'E9', 'G9', 'H9'].map((a) => shown(ws.getCell(a)))).toEqual([2, 0, 2, 4, 2, 50, '']);
    expect(['E10', 'H10', 'E11', 'H11'].map((a) => shown(ws.getCell(a)))).toEqual([3, '強み', 3, '課題']);
  });

  test('keeps a source text that starts with "=" as text', () => {
    const wb = recalculated['formula-like']!;
    expect(wb.worksheets[1]!.getCell('C4').value).toBe('=SUM(A1:A3)');
    expect(wb.worksheets[3]!.getCell('C10').value).toBe('=SUM(A1:A3)');
  });

  describe('printed to PDF', () => {
    const squeeze = (s: string) => s.replace(/\s+/g, '');
    const workbooks = ['ja', 'en'].flatMap((lang) => [
      [lang, `kasuhara_basics-${lang}-awareness-survey.xlsx`],
      [lang, `kasuhara_basics-${lang}-confirmation-test.xlsx`],
      [lang, `kasuhara_basics-${lang}-confirmation-test-trainer.xlsx`],
    ]);
    /** The pages of one sheet: the page header ends with the sheet's name. */
    const pagesOf = (name: string, sheetName: string) => pdfText[name]!.map((p, i) => ({ p, i })).filter(({ p }) => p.split('\n')[0]!.trim().endsWith(` ${sheetName}`));

    test.each(workbooks)('%s: %s prints on A4 pages', (_, name) => {
      expect(pdfPages[name]!.length).toBeGreaterThan(1);
      for (const size of pdfPages[name]!) expect(size).toMatch(/^(595\.\d+ x 841\.\d+|841\.\d+ x 595\.\d+) pts \(A4\)$/);
    });

    test.each(workbooks)('%s: %s prints every sheet, with the first and the last item or question', async (lang, name) => {
      const wb = await open(path.join(inDir, name));
      const pages = pdfText[name]!;
      // The page header ends with the sheet's name.
      const headers = pages.map((p) => p.split('\n')[0]!.trim());
      expect(wb.worksheets.map((w) => w.name).filter((n) => !headers.some((h) => h.endsWith(` ${n}`)))).toEqual([]);
      const t = textFor(real, lang);
      const whole = squeeze(pages.join(''));
      const texts = name.includes('survey')
        ? [real.survey.items[0]!, real.survey.items[real.survey.items.length - 1]!].map((it) => t.text(it.text))
        : [real.questions[0]!, real.questions[real.questions.length - 1]!].map((q) => plainText(t.text(q.text)));
      for (const text of texts) expect(whole.includes(squeeze(text)), `the PDF lacks "${text}"`).toBe(true);
    });

    test.each(['ja', 'en'])("%s: the learner's test prints no explanation; the trainer's prints every one", (lang) => {
      const t = textFor(real, lang);
      const learner = squeeze(pdfText[`kasuhara_basics-${lang}-confirmation-test.xlsx`]!.join(''));
      const trainer = squeeze(pdfText[`kasuhara_basics-${lang}-confirmation-test-trainer.xlsx`]!.join(''));
      const explanations = real.questions.map((q) => squeeze(plainText(t.text(q.feedback))));
      expect(explanations.filter((e) => learner.includes(e))).toEqual([]);
      expect(explanations.filter((e) => !trainer.includes(e))).toEqual([]);
    });

    test.each([
      ['ja', '回答一覧', (page: number, pages: number) => `${page} / ${pages} ページ`],
      ['en', 'Responses', (page: number, pages: number) => `Page ${page} of ${pages}`],
    ] as const)('%s: the responses sheet prints on several landscape pages at a readable size, each headed by the themes and items, numbered', (lang, sheetName, footer) => {
      const name = `kasuhara_basics-${lang}-awareness-survey.xlsx`;
      const pages = pagesOf(name, sheetName);
      expect(pages.length).toBeGreaterThan(1);
      const t = textFor(real, lang);
      const first = squeeze(`1. ${t.text(real.survey.items[0]!.text)}`);
      const themes = real.survey.themes.map((th) => squeeze(t.text(th.title)));
      for (const { p, i } of pages) {
        expect(pdfPages[name]![i]).toMatch(/^841\.\d+ x 595\.\d+ pts/);
        // Page 2 and later repeat the header rows: every theme and the first item's text.
        expect(squeeze(p).includes(first), `page ${i + 1} lacks the first item's header`).toBe(true);
        expect(themes.filter((th) => !squeeze(p).includes(th))).toEqual([]);
        expect(p.split('\n').map((l) => l.trim())).toContain(footer(i + 1, pdfPages[name]!.length));
      }
      // The respondents run on from page to page: 100 in all, the last on the last page.
      expect(pages.at(-1)!.p).toMatch(/^100$/m);
      // Printed at a readable size: a row number stands at least 6 pt tall (the whole sheet on one page gave 4).
      expect(rowNumberHeight[lang]).toBeGreaterThanOrEqual(6);
    });

    test('leaves the id column off the printed survey, test, key and scoring sheets', () => {
      for (const [lang, name] of workbooks) {
        const sheetNames = name!.includes('survey')
          ? [lang === 'ja' ? '回答シート' : 'Survey']
          : name!.includes('trainer')
            ? lang === 'ja'
              ? ['解答と解説', '採点']
              : ['Answer key', 'Scoring']
            : [lang === 'ja' ? '確認テスト' : 'Test'];
        for (const sheetName of sheetNames) {
          const pages = pagesOf(name!, sheetName);
          expect(pages.length).toBeGreaterThan(0);
          for (const { p } of pages) expect(p).not.toMatch(/\b(aw|fx|q)_[a-z_]+\d*\b/);
        }
      }
    });
  });
});
