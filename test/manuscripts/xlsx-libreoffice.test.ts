/**
 * The Excel manuscripts in a real spreadsheet application. LibreOffice recalculates workbooks
 * with answers filled in (the score, pass/fail at the passing score, the survey summary) and
 * prints the workbooks as built to PDF.
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
 * The workbook with values typed into cells, as someone would fill it in. The cached formula
 * results are dropped so that LibreOffice computes every formula instead of trusting them.
 */
async function fillIn(bytes: Uint8Array, sheetIndex: number, values: Record<string, string>): Promise<Buffer> {
  const wb = await open(bytes);
  const ws = wb.worksheets[sheetIndex]!;
  for (const [address, value] of Object.entries(values)) ws.getCell(address).value = value;
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
    const realLikert = real.survey.items.flatMap((it, i) => (it.type === 'likert' ? [i] : []));
    const column = (i: number) => String.fromCharCode(66 + i);
    const inputs: Record<string, Buffer> = {
      'test-all-right': await fillIn(fxEn['fixture_course-en-confirmation-test.xlsx']!, 1, { E8: 'a', E9: ' B , a ', E10: 'True' }),
      'test-two-of-three': await fillIn(fxEn['fixture_course-en-confirmation-test.xlsx']!, 1, { E8: 'a', E9: 'a', E10: 'True' }),
      'test-ja-partly': await fillIn(fxJa['fixture_course-ja-confirmation-test.xlsx']!, 1, { E9: 'b、a', E10: '誤り' }),
      'five-4-right': await fillIn(fiveQuestions['fixture_course-en-confirmation-test.xlsx']!, 1, { E8: 'a', E9: 'a,b', E10: 'True', E11: 'False', E12: 'False' }),
      'five-3-right': await fillIn(fiveQuestions['fixture_course-en-confirmation-test.xlsx']!, 1, { E8: 'b', E9: 'a,b', E10: 'True', E11: 'False', E12: 'False' }),
      'real-28-right': await fillIn(realJa['kasuhara_basics-ja-confirmation-test.xlsx']!, 1, realAnswers(28)),
      'real-27-right': await fillIn(realJa['kasuhara_basics-ja-confirmation-test.xlsx']!, 1, realAnswers(27)),
      'survey-fixture': await fillIn(fxJa['fixture_course-ja-awareness-survey.xlsx']!, 2, {
        B5: 'そう思わない',
        B6: 'そう思う',
        B7: 'そう思う',
        B8: 'どちらともいえない',
        C5: 'もっと研修を',
        C7: '相談しやすく',
      }),
      'survey-real': await fillIn(realEn['kasuhara_basics-en-awareness-survey.xlsx']!, 2, {
        // Respondent 1 strongly agrees with everything, respondent 2 disagrees, respondent 3 answers only the first item.
        ...Object.fromEntries(realLikert.map((i) => [`${column(i)}5`, 'Strongly agree'])),
        ...Object.fromEntries(realLikert.map((i) => [`${column(i)}6`, 'Disagree'])),
        B7: 'Neither agree nor disagree',
      }),
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
    }
  }, libreOfficeTestTimeout());

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const test1 = (name: string) => recalculated[name]!.worksheets[1]!;
  const key = (name: string) => recalculated[name]!.worksheets[2]!;

  test('scores 100% and passes when every answer is right, a multiple-choice answer in any order, case and spacing', () => {
    expect(['H6', 'H7', 'H8'].map((a) => shown(key('test-all-right').getCell(a)))).toEqual([1, 1, 1]);
    expect(['E3', 'E5'].map((a) => shown(test1('test-all-right').getCell(a)))).toEqual([1, 'Passed']);
    expect(shown(key('test-all-right').getCell('C3'))).toBe(3);
  });

  test('counts a multiple-choice answer with only some of the right choices as wrong', () => {
    expect(['H6', 'H7', 'H8'].map((a) => shown(key('test-two-of-three').getCell(a)))).toEqual([1, 0, 1]);
    expect(['E3', 'E5'].map((a) => shown(test1('test-two-of-three').getCell(a)))).toEqual([0.6667, 'Not passed']);
  });

  test('leaves an unanswered question unmarked and counts it as not right; reads Japanese commas', () => {
    expect(['G6', 'H6', 'G7', 'H7', 'G8', 'H8'].map((a) => shown(key('test-ja-partly').getCell(a)))).toEqual(['', '', 'b,a', 1, '誤り', 0]);
    expect(['E3', 'E5'].map((a) => shown(test1('test-ja-partly').getCell(a)))).toEqual([0.3333, '不合格']);
  });

  test('passes at exactly the passing score: 4 of 5 right is 80% and passes, 3 of 5 fails', () => {
    expect(['E3', 'E4', 'E5'].map((a) => shown(test1('five-4-right').getCell(a)))).toEqual([0.8, 0.8, 'Passed']);
    expect(['E3', 'E5'].map((a) => shown(test1('five-3-right').getCell(a)))).toEqual([0.6, 'Not passed']);
  });

  test('passes the whole bank at 28 of 34 right (82.35%) and fails it at 27 of 34 (79.41%) with the passing score at 80%', () => {
    expect(real.test.passingScore).toBe(80);
    expect(shown(key('real-28-right').getCell('C3'))).toBe(28);
    expect(['E3', 'E4', 'E5'].map((a) => shown(test1('real-28-right').getCell(a)))).toEqual([0.8235, 0.8, '合格']);
    expect(shown(key('real-27-right').getCell('C3'))).toBe(27);
    expect(['E3', 'E5'].map((a) => shown(test1('real-27-right').getCell(a)))).toEqual([0.7941, '不合格']);
  });

  test('summarises the fixture survey: counts per scale point, answers, average, and written free-text answers', () => {
    const ws = recalculated['survey-fixture']!.worksheets[3]!;
    // Item aw_know (row 8): one "そう思わない" (1), one "どちらともいえない" (2), two "そう思う" (3); its theme (row 7) the same.
    expect(['F8', 'G8', 'H8', 'D8', 'E8'].map((a) => shown(ws.getCell(a)))).toEqual([1, 1, 2, 4, 2.25]);
    expect(['F7', 'G7', 'H7', 'D7', 'E7'].map((a) => shown(ws.getCell(a)))).toEqual([1, 1, 2, 4, 2.25]);
    expect(shown(ws.getCell('D12'))).toBe(2);
  });

  test('averages a theme over the answers to all its items', () => {
    const ws = recalculated['survey-real']!.worksheets[3]!;
    // Theme "experience" (row 7), three items: item 1 has 5, 2 and 3; items 2 and 3 have 5 and 2.
    expect(['B7', 'C7', 'D7'].map((a) => shown(ws.getCell(a)))).toEqual(['Experience', 'Whole theme (3 items)', 7]);
    expect(shown(ws.getCell('E7'))).toBeCloseTo(24 / 7, 10);
    // Item 1 (row 8), then item 2.
    expect(['C8', 'D8'].map((a) => shown(ws.getCell(a)))).toEqual([real.survey.items[0]!.text['en'], 3]);
    expect(shown(ws.getCell('E8'))).toBeCloseTo(10 / 3, 10);
    expect(['F8', 'G8', 'H8', 'I8', 'J8'].map((a) => shown(ws.getCell(a)))).toEqual([0, 1, 1, 0, 1]);
    expect(shown(ws.getCell('E9'))).toBe(3.5);
  });

  test('keeps a source text that starts with "=" as text', () => {
    const wb = recalculated['formula-like']!;
    expect(wb.worksheets[1]!.getCell('C4').value).toBe('=SUM(A1:A3)');
    expect(wb.worksheets[3]!.getCell('C8').value).toBe('=SUM(A1:A3)');
  });

  describe('printed to PDF', () => {
    const squeeze = (s: string) => s.replace(/\s+/g, '');
    const workbooks = ['ja', 'en'].flatMap((lang) => [
      [lang, `kasuhara_basics-${lang}-awareness-survey.xlsx`],
      [lang, `kasuhara_basics-${lang}-confirmation-test.xlsx`],
    ]);

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

    test('leaves the id column off the printed survey and test sheets', () => {
      for (const [lang, name] of workbooks) {
        const sheetName = name!.includes('survey') ? (lang === 'ja' ? '回答シート' : 'Survey') : lang === 'ja' ? '確認テスト' : 'Test';
        const pages = pdfText[name!]!.filter((p) => p.split('\n')[0]!.trim().endsWith(` ${sheetName}`));
        expect(pages.length).toBeGreaterThan(0);
        for (const p of pages) expect(p).not.toMatch(/\b(aw|fx|q)_[a-z_]+\d*\b/);
      }
    });
  });
});
