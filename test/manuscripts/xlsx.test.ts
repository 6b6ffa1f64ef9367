/**
 * The Excel manuscripts read back with exceljs: every survey item and question is there with
 * its text and id, the drop-downs list exactly the right values, formulas sit where promised,
 * protection and printing are set up, and the learner's test workbook holds nothing that gives
 * the answers away. xlsx-libreoffice.test.ts checks what the formulas compute and how the
 * workbooks print.
 */
import path from 'node:path';
import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, test } from 'vitest';
import { textFor } from '../../build/course/localize.ts';
import { plainText } from '../../build/markdown/index.ts';
import { loadCourse } from '../../build/index.ts';
import { Diagnostics } from '../../build/diagnostics.ts';
import type { Course } from '../../build/model.ts';
import { xlsx } from '../../build/targets/xlsx/index.ts';
import { goodDirection } from '../../build/targets/xlsx/survey.ts';
import { fixtureCopy, lineOf, projectRoot, type Edit } from '../support/fixture.ts';
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

async function open(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
  return wb;
}

/** A worksheet as exceljs loads it: protection and conditional formats are there, though its types do not say so. */
type LoadedSheet = ExcelJS.Worksheet & {
  sheetProtection: (Partial<ExcelJS.WorksheetProtection> & { sheet?: boolean }) | null;
  conditionalFormattings: ExcelJS.ConditionalFormattingOptions[];
};

function sheet(wb: ExcelJS.Workbook, name: string): LoadedSheet {
  const ws = wb.getWorksheet(name);
  if (!ws) throw new Error(`no sheet "${name}"; the workbook has ${wb.worksheets.map((w) => w.name).join(', ')}`);
  return ws as LoadedSheet;
}

/** Text values of a row from column `from` to `to`. */
function rowValues(ws: ExcelJS.Worksheet, r: number, from: number, to: number): unknown[] {
  const out: unknown[] = [];
  for (let c = from; c <= to; c++) out.push(ws.getCell(r, c).value);
  return out;
}

function formulaOf(cell: ExcelJS.Cell): string {
  if (cell.type === ExcelJS.ValueType.Formula) return cell.formula;
  throw new Error(`${cell.address} holds ${JSON.stringify(cell.value)}, not a formula`);
}

/** Every cell with a value, on every sheet. */
function writtenCells(wb: ExcelJS.Workbook): ExcelJS.Cell[] {
  const cells: ExcelJS.Cell[] = [];
  wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((cell) => void cells.push(cell))));
  return cells;
}

/** Every part of a workbook as text, by name. */
function parts(bytes: Uint8Array): Record<string, string> {
  return Object.fromEntries(Object.entries(unzipSync(bytes)).map(([name, data]) => [name, strFromU8(data)]));
}

/** The fixture's answers and explanations changed everywhere they can be. */
const otherAnswers: Edit[] = [
  { file: 'questions.yaml', replace: '{ id: a, text: { ja: これ, en: This }, correct: true }', with: '{ id: a, text: { ja: これ, en: This } }' },
  { file: 'questions.yaml', replace: '{ id: b, text: { ja: あれ, en: That } }', with: '{ id: b, text: { ja: あれ, en: That }, correct: true }' },
  { file: 'questions.yaml', replace: '{ id: b, text: { ja: 二, en: Two }, correct: true }', with: '{ id: b, text: { ja: 二, en: Two } }' },
  { file: 'questions.yaml', replace: '{ id: c, text: { ja: 三, en: Three } }', with: '{ id: c, text: { ja: 三, en: Three }, correct: true }' },
  { file: 'questions.yaml', replace: 'answer: true', with: 'answer: false' },
  { file: 'questions.yaml', replace: 'feedback: { ja: これが正しいからです。, en: Because this one is right. }', with: 'feedback: { ja: あれです。, en: That one. }' },
];

describe('the Excel manuscripts of the fixture course', () => {
  let course: Course;
  const files: Record<string, Record<string, Uint8Array>> = {};
  let surveyJa: ExcelJS.Workbook;
  let testJa: ExcelJS.Workbook;
  let testEn: ExcelJS.Workbook;
  let trainerJa: ExcelJS.Workbook;
  let trainerEn: ExcelJS.Workbook;
  beforeAll(async () => {
    course = load(fixture());
    for (const lang of ['ja', 'en']) files[lang] = await build(course, lang);
    surveyJa = await open(files['ja']!['fixture_course-ja-awareness-survey.xlsx']!);
    testJa = await open(files['ja']!['fixture_course-ja-confirmation-test.xlsx']!);
    testEn = await open(files['en']!['fixture_course-en-confirmation-test.xlsx']!);
    trainerJa = await open(files['ja']!['fixture_course-ja-confirmation-test-trainer.xlsx']!);
    trainerEn = await open(files['en']!['fixture_course-en-confirmation-test-trainer.xlsx']!);
  });

  test("are three workbooks per language: the survey, the learner's test and the trainer's answer key and scoring", () => {
    for (const lang of ['ja', 'en']) {
      expect(Object.keys(files[lang]!)).toEqual([
        `fixture_course-${lang}-awareness-survey.xlsx`,
        `fixture_course-${lang}-confirmation-test.xlsx`,
        `fixture_course-${lang}-confirmation-test-trainer.xlsx`,
      ]);
    }
  });

  test('name their sheets in the course language', async () => {
    expect(surveyJa.worksheets.map((w) => w.name)).toEqual(['説明', '回答シート', '回答一覧', '集計', '選択肢']);
    expect(testJa.worksheets.map((w) => w.name)).toEqual(['説明', '確認テスト']);
    expect(trainerJa.worksheets.map((w) => w.name)).toEqual(['説明', '解答と解説', '採点']);
    const surveyEn = await open(files['en']!['fixture_course-en-awareness-survey.xlsx']!);
    expect(surveyEn.worksheets.map((w) => w.name)).toEqual(['Instructions', 'Survey', 'Responses', 'Summary', 'Options']);
    expect(testEn.worksheets.map((w) => w.name)).toEqual(['Instructions', 'Test']);
    expect(trainerEn.worksheets.map((w) => w.name)).toEqual(['Instructions', 'Answer key', 'Scoring']);
  });

  test('say in their properties which course, version, language, manuscript and part they are', () => {
    expect(surveyJa.keywords).toBe('course=fixture_course version=1.2.3 lang=ja manuscript=awareness-survey');
    expect(testEn.keywords).toBe('course=fixture_course version=1.2.3 lang=en manuscript=confirmation-test part=learner');
    expect(trainerEn.keywords).toBe('course=fixture_course version=1.2.3 lang=en manuscript=confirmation-test part=trainer');
    expect(trainerEn.title).toBe("Confirmation test: trainer's workbook (answer key and scoring) — Test course");
  });

  describe('the awareness survey', () => {
    const instructionTexts = (wb: ExcelJS.Workbook) => {
      const ws = wb.worksheets[0]!;
      return Array.from({ length: ws.rowCount }, (_, i) => ws.getCell(i + 1, 2).value);
    };

    test('open with instructions: the survey title, the course, the intro, the two ways of collecting answers, then the sheets', () => {
      const texts = instructionTexts(surveyJa);
      expect(texts.slice(0, 4)).toEqual(['意識調査', '講座: テスト講座', null, '率直にお答えください。']);
      const steps = texts.filter((t): t is string => typeof t === 'string' && /^\d\. /.test(t));
      expect(steps.map((s) => s.split(':')[0])).toEqual(['1. 回答の集め方は2通りです。どちらの場合も、回答は「回答一覧」に1人1行で記録し（100人分）、「集計」はそこから計算します。', '2. 紙で集める', '3. ファイルで集める', '4. 答え方', '5. 「集計」', '6. 「選択肢」']);
      // Select-all answers are letters; "don't know" never counts in an average.
      expect(steps[3]).toMatch(/記号（a、b、c…）をカンマで区切って入力します（例: a,c）。「わからない」は回答数・平均・スコアには含めず/);
      // Paper: print the form, hand it out, type each form into one row; the form's row number checks a row.
      expect(steps[1]).toMatch(/「回答シート」を人数分印刷して配り、回収した用紙の回答を「回答一覧」の1行に1人ずつ入力します。.*「回答一覧のNo.」/);
      expect(steps[2]).toContain('［形式を選択して貼り付け］→［行列を入れ替える］');
    });

    test('state the two flows in English too', async () => {
      const texts = instructionTexts(await open(files['en']!['fixture_course-en-awareness-survey.xlsx']!));
      const steps = texts.filter((t): t is string => typeof t === 'string' && /^\d\. /.test(t));
      expect(steps[0]).toBe('1. There are two ways to collect answers. Either way, the "Responses" sheet records one respondent per row (100 rows), and the "Summary" computes from there.');
      expect(steps[1]).toMatch(/^2\. On paper: print the "Survey" sheet, hand out one copy per person, and type each returned form into one row of "Responses"\./);
      expect(steps[2]).toMatch(/^3\. As files: /);
    });

    test('list every item on the survey sheet with its number, theme, text, how to answer and id', () => {
      const ws = sheet(surveyJa, '回答シート');
      expect(rowValues(ws, 3, 1, 7)).toEqual(['No.', 'テーマ', '質問', '回答方法', '回答', '回答一覧の記録', 'ID']);
      expect(rowValues(ws, 4, 1, 5)).toEqual([1, '知識', '定義を説明できる', 'リストから選択（必須）', null]);
      expect(ws.getCell('G4').value).toBe('aw_know');
      expect(rowValues(ws, 5, 1, 5)).toEqual([2, '—', '当社への要望', '自由記述（任意・100字以内）', null]);
      expect(ws.getCell('G5').value).toBe('fx_comment');
      expect(ws.getCell('A6').value).toBeNull();
    });

    test('show any row of the responses sheet beside the form: a row number in F2, each answer pulled by INDEX', () => {
      const ws = sheet(surveyJa, '回答シート');
      expect(ws.getCell('F1').value).toBe('回答一覧のNo.（照合用）');
      expect(ws.getCell('F2').value).toBeNull();
      expect(ws.getCell('F2').protection).toMatchObject({ locked: false });
      expect(ws.getCell('F2').dataValidation).toMatchObject({ type: 'whole', operator: 'between', formulae: [1, 100], showErrorMessage: true });
      expect(formulaOf(ws.getCell('F4'))).toBe(`IF($F$2="","",IFERROR(INDEX('回答一覧'!B$5:B$104,$F$2)&"",""))`);
      expect(formulaOf(ws.getCell('F5'))).toBe(`IF($F$2="","",IFERROR(INDEX('回答一覧'!C$5:C$104,$F$2)&"",""))`);
      expect(ws.getCell('F4').protection?.locked).not.toBe(false);
      // The blank form prints without it.
      expect(ws.pageSetup.printArea).toBe('A1:E5');
    });

    test('take a Likert answer from a drop-down of exactly its scale\'s labels, and free text up to maxLength', () => {
      const ws = sheet(surveyJa, '回答シート');
      expect(ws.getCell('E4').dataValidation).toMatchObject({ type: 'list', formulae: ['Scale_agreement'], showErrorMessage: true });
      expect(surveyJa.definedNames.getRanges('Scale_agreement').ranges).toEqual(["'選択肢'!$B$5:$B$7"]);
      const options = sheet(surveyJa, '選択肢');
      expect(rowValues(options, 3, 1, 4)).toEqual(['点数・記号', '選択肢', 'リスト', 'ID']);
      expect(options.getCell('A4').value).toBe('尺度: 「そう思わない」〜「そう思う」（3段階）');
      expect([5, 6, 7].map((r) => rowValues(options, r, 1, 4))).toEqual([
        [1, 'そう思わない', 'agreement', 's1'],
        [2, 'どちらともいえない', 'agreement', 's2'],
        [3, 'そう思う', 'agreement', 's3'],
      ]);
      expect(options.getCell('B8').value).toBeNull();
      expect(ws.getCell('E5').dataValidation).toMatchObject({ type: 'textLength', operator: 'lessThanOrEqual', formulae: [100], showErrorMessage: true });
    });

    test('collect 100 respondents on the responses sheet, one column per item, with the same drop-downs', () => {
      const ws = sheet(surveyJa, '回答一覧');
      expect(rowValues(ws, 2, 1, 3)).toEqual(['テーマ', '知識', '—']);
      expect(rowValues(ws, 3, 1, 3)).toEqual(['質問', '1. 定義を説明できる', '2. 当社への要望']);
      expect(rowValues(ws, 4, 1, 3)).toEqual(['ID', 'aw_know', 'fx_comment']);
      expect([ws.getCell('A5').value, ws.getCell('A104').value, ws.getCell('A105').value]).toEqual([1, 100, null]);
      for (const r of [5, 104]) {
        expect(ws.getCell(`B${r}`).dataValidation).toMatchObject({ type: 'list', formulae: ['Scale_agreement'] });
        expect(ws.getCell(`C${r}`).dataValidation).toMatchObject({ type: 'textLength', formulae: [100] });
      }
      expect(ws.getCell('B105').dataValidation).toBeUndefined();
    });

    test('print the responses landscape, one page wide and as many long as it takes, the header rows on every page', () => {
      const ws = sheet(surveyJa, '回答一覧');
      expect(ws.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printArea: 'A1:C104', printTitlesRow: '2:4' });
      // Columns narrow enough to read: a scale label wraps onto two lines, free text onto several.
      expect([1, 2, 3].map((c) => ws.getColumn(c).width)).toEqual([7, 10, 18]);
      // The item texts head every page in a smaller font; ids shrink to their column instead of being cut.
      expect(ws.getCell('B3').font?.size).toBe(9);
      expect(ws.getCell('B3').font?.bold).toBeFalsy();
      expect(ws.getCell('A3').font).toMatchObject({ size: 11, bold: true });
      expect(ws.getCell('B4').alignment).toMatchObject({ shrinkToFit: true });
      expect(ws.headerFooter.oddFooter).toBe('&C&"Meiryo,Regular"&9&P / &N ページ');
    });

    test('summarise by formulas in a table per scale: each theme, then its items, with answers, average, direction, score, assessment and a count per point', () => {
      const ws = sheet(surveyJa, '集計');
      const min = "MIN('選択肢'!$A$5:$A$7)";
      const max = "MAX('選択肢'!$A$5:$A$7)";
      expect(ws.getCell('A7').value).toBe('尺度「そう思わない」〜「そう思う」（3段階）の質問');
      expect(rowValues(ws, 8, 1, 8)).toEqual(['No.', 'テーマ', '質問', '回答数', '平均', '良い方向', 'スコア', '評価']);
      expect(['I', 'J', 'K'].map((c) => formulaOf(ws.getCell(`${c}8`)))).toEqual(["'選択肢'!$B$5", "'選択肢'!$B$6", "'選択肢'!$B$7"]);
      expect(ws.getCell('L8').value).toBe('ID');
      // The theme's row sums its items' rows.
      expect(rowValues(ws, 9, 1, 3)).toEqual([null, '知識', 'テーマ全体（1問）']);
      expect(formulaOf(ws.getCell('I9'))).toBe('SUM(I10:I10)');
      expect(formulaOf(ws.getCell('E9'))).toBe(`IF(D9=0,"",(I9*'選択肢'!$A$5+J9*'選択肢'!$A$6+K9*'選択肢'!$A$7)/D9)`);
      expect(ws.getCell('L9').value).toBe('knowledge');
      // An item's counts compare each answer with the label in the header, exactly.
      expect(rowValues(ws, 10, 1, 3)).toEqual([1, '知識', '定義を説明できる']);
      expect(formulaOf(ws.getCell('I10'))).toBe("SUMPRODUCT(--('回答一覧'!B$5:B$104=I$8))");
      expect(formulaOf(ws.getCell('D10'))).toBe('SUM(I10:K10)');
      expect(formulaOf(ws.getCell('E10'))).toBe(`IF(D10=0,"",(I10*'選択肢'!$A$5+J10*'選択肢'!$A$6+K10*'選択肢'!$A$7)/D10)`);
      // The score: the average on 0–100, 100 at the good end of the scale.
      expect(formulaOf(ws.getCell('G10'))).toBe(`IF(ISNUMBER(E10),(E10-${min})/(${max}-${min})*100,"")`);
      expect(ws.getCell('L10').value).toBe('aw_know');
      // No choice items here, and nothing counts "don't know": no such column or table.
      expect(ws.getCell('M8').value).toBeNull();
      // Free text: how many wrote something.
      expect(ws.getCell('A12').value).toBe('自由記述');
      expect(rowValues(ws, 14, 1, 3)).toEqual([2, '—', '当社への要望']);
      expect(formulaOf(ws.getCell('D14'))).toBe("SUMPRODUCT(--(LEN('回答一覧'!C$5:C$104)>0))");
    });

    test('judge each score against two thresholds, a weakness below E2 and a strength from E3, red and green', () => {
      const ws = sheet(surveyJa, '集計');
      // On the score, whatever the scale: weak below the middle, strong from three quarters; both editable.
      expect([ws.getCell('E2').value, ws.getCell('E3').value]).toEqual([50, 75]);
      expect(ws.getCell('B2').value).toBe('課題（赤）: スコアがこの値未満');
      expect(ws.getCell('B3').value).toBe('強み（緑）: スコアがこの値以上');
      for (const a of ['E2', 'E3']) {
        expect(ws.getCell(a).protection).toMatchObject({ locked: false });
        expect(ws.getCell(a).dataValidation).toMatchObject({ type: 'decimal', operator: 'between', formulae: [0, 100] });
      }
      expect([ws.getCell('F9').value, ws.getCell('F10').value]).toEqual(['高いほど良い', '高いほど良い']);
      expect(formulaOf(ws.getCell('H10'))).toBe('IF(ISNUMBER(G10),IF(G10<$E$2,"課題",IF(G10>=$E$3,"強み","")),"")');
      expect(ws.conditionalFormattings.map((cf) => [cf.ref, cf.rules.map((r) => (r as ExcelJS.ExpressionRuleType).formulae)])).toEqual([
        ['B9:H10', [['$H9="課題"'], ['$H9="強み"']]],
      ]);
      const [weakness, strength] = ws.conditionalFormattings[0]!.rules.map((r) => r.style!);
      expect([weakness!.fill, weakness!.font?.color]).toEqual([{ type: 'pattern', pattern: 'solid', bgColor: { argb: 'FFFFC7CE' } }, { argb: 'FF9C0006' }]);
      expect([strength!.fill, strength!.font?.color]).toEqual([{ type: 'pattern', pattern: 'solid', bgColor: { argb: 'FFC6EFCE' } }, { argb: 'FF006100' }]);
    });

    test('protect the survey, responses, summary and options sheets, leaving the answer cells and the option labels unlocked', () => {
      for (const name of ['回答シート', '回答一覧', '集計', '選択肢']) expect(sheet(surveyJa, name).sheetProtection).toMatchObject({ sheet: true });
      // No password: a customer can lift the protection from the Review menu.
      expect(sheet(surveyJa, '集計').sheetProtection).not.toHaveProperty('hashValue');
      const form = sheet(surveyJa, '回答シート');
      expect(form.getCell('E4').protection).toMatchObject({ locked: false });
      expect(form.getCell('C4').protection?.locked).not.toBe(false);
      expect(sheet(surveyJa, '回答一覧').getCell('C104').protection).toMatchObject({ locked: false });
      expect(sheet(surveyJa, '集計').getCell('E10').protection?.locked).not.toBe(false);
      // A label is what a customer rewords; its list and id stay as they are.
      const options = sheet(surveyJa, '選択肢');
      expect(options.getCell('B5').protection).toMatchObject({ locked: false });
      for (const a of ['A5', 'C5', 'D5']) expect(options.getCell(a).protection?.locked).not.toBe(false);
    });
  });

  describe("the learner's confirmation test", () => {
    test('lists every question of the bank with its choices, how to answer, and its id', () => {
      const ws = sheet(testJa, '確認テスト');
      expect(rowValues(ws, 7, 1, 6)).toEqual(['No.', '問題', '選択肢', '解答方法', '解答', 'ID']);
      expect(rowValues(ws, 8, 1, 6)).toEqual([1, '正しいものはどれですか。', 'a) これ\nb) あれ', '1つ選択（a, b）', null, 'q_one']);
      expect(rowValues(ws, 9, 1, 6)).toEqual([2, '当てはまるものをすべて選んでください。', 'a) 一\nb) 二\nc) 三', 'すべて選択（a, b, c）。カンマ区切り（例: a,c）', null, 'q_two']);
      expect(rowValues(ws, 10, 1, 6)).toEqual([3, '相談窓口に相談できる。', '正しい / 誤り', '正しい / 誤り から選択', null, 'q_three']);
      expect(ws.getCell('A11').value).toBeNull();
    });

    test('asks for the name and date, and says to hand the workbook in, with the passing score in the instructions', () => {
      const ws = sheet(testEn, 'Test');
      expect([ws.getCell('B3').value, ws.getCell('B4').value, ws.getCell('A5').value]).toEqual(['Name', 'Date', 'When you have finished, save the workbook and hand it in to your trainer.']);
      const ins = testEn.worksheets[0]!;
      const steps = Array.from({ length: ins.rowCount }, (_, i) => ins.getCell(i + 1, 2).value).filter((t): t is string => typeof t === 'string' && /^\d\. /.test(t));
      expect(steps[0]).toBe('1. "Test": 3 questions. Enter your name and the date at the top, and your answers in the "Answer" column.');
      expect(steps[2]).toBe('3. When you have finished, save the workbook and hand it in to your trainer, who scores it. The passing score is 80%.');
    });

    test('takes single-choice and true-false answers from drop-downs of all the choice ids and both labels', () => {
      const ws = sheet(testJa, '確認テスト');
      expect(ws.getCell('E8').dataValidation).toMatchObject({ type: 'list', formulae: ['"a,b"'], showErrorMessage: true });
      expect(ws.getCell('E10').dataValidation).toMatchObject({ type: 'list', formulae: ['"正しい,誤り"'] });
      expect(sheet(testEn, 'Test').getCell('E10').dataValidation).toMatchObject({ type: 'list', formulae: ['"True,False"'] });
    });

    test('takes a multiple-choice answer typed as ids and commas, checked by a custom formula', () => {
      const dv = sheet(testJa, '確認テスト').getCell('E9').dataValidation;
      expect(dv).toMatchObject({ type: 'custom', prompt: 'すべて選択（a, b, c）。カンマ区切り（例: a,c）' });
      expect(dv.formulae).toEqual([
        'LEN(SUBSTITUTE(SUBSTITUTE(SUBSTITUTE(SUBSTITUTE(SUBSTITUTE(SUBSTITUTE(SUBSTITUTE(SUBSTITUTE(LOWER(E9),"a",""),"b",""),"c",""),",","")," ",""),"\u3000",""),"\uff0c",""),"\u3001",""))=0',
      ]);
    });

    test('gives no answer away: no formula, hidden sheet, comment, named range or explanation anywhere in the file', () => {
      for (const lang of ['ja', 'en']) {
        const all = parts(files[lang]!['fixture_course-' + lang + '-confirmation-test.xlsx']!);
        expect(Object.keys(all).filter((p) => /comments|threadedComment|vbaProject|externalLink|customXml/i.test(p))).toEqual([]);
        const sheets = Object.entries(all).filter(([p]) => p.startsWith('xl/worksheets/'));
        expect(sheets.length).toBe(2);
        for (const [p, xml] of sheets) expect({ p, formulas: xml.match(/<f[ >]/g) ?? [] }).toEqual({ p, formulas: [] });
        expect(all['xl/workbook.xml']).not.toMatch(/state="(hidden|veryHidden)"/);
        // Only the print settings are named.
        const names = [...all['xl/workbook.xml']!.matchAll(/<definedName name="([^"]+)"/g)].map((m) => m[1]);
        expect(names.every((n) => n === '_xlnm.Print_Area' || n === '_xlnm.Print_Titles'), names.join(', ')).toBe(true);
        const whole = Object.values(all).join('\n');
        for (const q of course.questions) expect(whole).not.toContain(q.feedback[lang]!);
      }
    });

    test('is byte-for-byte the same whatever the correct answers and the explanations are', async () => {
      const other = load(fixture(otherAnswers));
      expect(other.questions.map((q) => q.choices.filter((c) => c.correct).map((c) => c.id))).toEqual([['b'], ['a', 'c'], ['false']]);
      for (const lang of ['ja', 'en']) {
        const again = await build(other, lang);
        const learner = `fixture_course-${lang}-confirmation-test.xlsx`;
        expect(Buffer.from(again[learner]!).equals(Buffer.from(files[lang]![learner]!))).toBe(true);
        // The trainer's workbook is where they differ.
        const trainer = `fixture_course-${lang}-confirmation-test-trainer.xlsx`;
        expect(Buffer.from(again[trainer]!).equals(Buffer.from(files[lang]![trainer]!))).toBe(false);
      }
    });

    test('protects the test, leaving the answers, name and date unlocked', () => {
      const ws = sheet(testJa, '確認テスト');
      expect(ws.sheetProtection).toMatchObject({ sheet: true });
      for (const a of ['E8', 'E9', 'E10', 'C3', 'C4']) expect(ws.getCell(a).protection).toMatchObject({ locked: false });
      for (const a of ['B8', 'C8', 'F8']) expect(ws.getCell(a).protection?.locked).not.toBe(false);
    });
  });

  describe("the trainer's workbook", () => {
    test("says it is the trainer's and names the learner's workbook, then how to score", () => {
      const ws = trainerEn.worksheets[0]!;
      const texts = Array.from({ length: ws.rowCount }, (_, i) => ws.getCell(i + 1, 2).value).filter((t): t is string => typeof t === 'string');
      expect(texts[0]).toBe("Confirmation test: trainer's workbook (answer key and scoring)");
      expect(texts[2]).toBe(
        'This workbook is for trainers: it holds the correct answers and explanations, so do not hand it to learners. Learners get "fixture_course-en-confirmation-test.xlsx", which holds no answers.',
      );
      expect(texts.find((t) => t.startsWith('2. '))).toMatch(/^2\. "Scoring": copy the "Answer" column of the "Test" sheet in a learner's completed workbook \(E8:E10\) and paste it into cell C8 of the "Scoring" sheet;.*passing score 80%/);
    });

    test('has an answer key with every question, its choices, the correct answer, the explanation and the lesson, on the rows of the test', () => {
      const ws = sheet(trainerJa, '解答と解説');
      expect(rowValues(ws, 7, 1, 7)).toEqual(['No.', '問題', '選択肢', '正解', '解説', 'レッスン', 'ID']);
      expect(rowValues(ws, 8, 1, 7)).toEqual([1, '正しいものはどれですか。', 'a) これ\nb) あれ', 'a', 'これが正しいからです。', '基本', 'q_one']);
      expect(rowValues(ws, 9, 1, 7)).toEqual([2, '当てはまるものをすべて選んでください。', 'a) 一\nb) 二\nc) 三', 'a,b', '一と二です。', '', 'q_two']);
      expect(rowValues(ws, 10, 1, 7)).toEqual([3, '相談窓口に相談できる。', '正しい / 誤り', '正しい', 'できます。', '', 'q_three']);
      expect(ws.getCell('A11').value).toBeNull();
      // The trainer edits it: no formula to protect.
      expect(ws.sheetProtection ?? null).toBeNull();
    });

    test("marks a learner's pasted answers against the key and scores them by formula, with pass/fail at the passing score", () => {
      const ws = sheet(trainerJa, '採点');
      expect(rowValues(ws, 7, 1, 7)).toEqual(['No.', '問題', '解答', '読み取り', '正解', '正誤', 'ID']);
      expect(rowValues(ws, 8, 1, 3)).toEqual([1, '正しいものはどれですか。', null]);
      expect([8, 9, 10].map((r) => ws.getCell(`G${r}`).value)).toEqual(['q_one', 'q_two', 'q_three']);
      // The answer column takes the same drop-downs as the learner's, so a paste fits.
      expect(ws.getCell('C8').dataValidation).toMatchObject({ type: 'list', formulae: ['"a,b"'] });
      expect(ws.getCell('C9').dataValidation.formulae![0]).toContain('LOWER(C9)');
      expect(formulaOf(ws.getCell('D8'))).toMatch(/^LOWER\(SUBSTITUTE\(.*C8/);
      expect(formulaOf(ws.getCell('D10'))).toBe('TRIM(C10)');
      // The correct answer is the key's cell, so an edit of the key changes the marking.
      expect(formulaOf(ws.getCell('E8'))).toBe("'解答と解説'!D8");
      expect(ws.getCell('E8').result).toBe('a');
      expect(formulaOf(ws.getCell('F8'))).toMatch(/^IF\(D8="","",IF\(D8=LOWER\(SUBSTITUTE\(E8," ",""\)\),1,0\)\)$/);
      expect(formulaOf(ws.getCell('F10'))).toBe('IF(D10="","",IF(D10=TRIM(E10),1,0))');
      expect(formulaOf(ws.getCell('F9'))).toContain('ISNUMBER(FIND(",c,",","&D9&","))');
      expect(formulaOf(ws.getCell('E3'))).toBe('ROUND(SUM(F8:F10)/ROWS(F8:F10),4)');
      expect(ws.getCell('E3').numFmt).toBe('0.0%');
      expect(ws.getCell('E4').value).toBe(0.8);
      expect(formulaOf(ws.getCell('E5'))).toBe('IF(COUNTA(C8:C10)=0,"",IF(E3>=E4,"合格","不合格"))');
      expect(formulaOf(ws.getCell('C5'))).toBe('SUM(F8:F10)');
      expect(ws.getCell('C5').numFmt).toBe('0" / 3"');
    });

    test('protects the scoring sheet, leaving the answers, name and date unlocked', () => {
      const ws = sheet(trainerJa, '採点');
      expect(ws.sheetProtection).toMatchObject({ sheet: true });
      for (const a of ['C8', 'C9', 'C10', 'C3', 'C4']) expect(ws.getCell(a).protection).toMatchObject({ locked: false });
      for (const a of ['E3', 'E4', 'E5', 'D8', 'E8', 'F8']) expect(ws.getCell(a).protection?.locked).not.toBe(false);
    });
  });

  test('print on A4, one page wide, with the course title and page number, ids outside the printed area', () => {
    const expected: [ExcelJS.Workbook, string, string, string, string | undefined][] = [
      [surveyJa, '回答シート', 'portrait', 'A1:E5', '3:3'],
      [surveyJa, '回答一覧', 'landscape', 'A1:C104', '2:4'],
      [surveyJa, '集計', 'landscape', 'A1:K14', undefined],
      [surveyJa, '選択肢', 'portrait', 'A1:B7', '3:3'],
      [testJa, '確認テスト', 'landscape', 'A1:E10', '7:7'],
      [trainerJa, '解答と解説', 'landscape', 'A1:F10', '7:7'],
      [trainerJa, '採点', 'landscape', 'A1:F10', '7:7'],
    ];
    for (const [wb, name, orientation, printArea, printTitlesRow] of expected) {
      const setup = sheet(wb, name).pageSetup;
      expect({ name, ...setup }).toMatchObject({ name, paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0, orientation, printArea });
      expect(setup.printTitlesRow).toBe(printTitlesRow);
    }
    const test = sheet(testJa, '確認テスト');
    expect(test.headerFooter).toEqual({
      oddHeader: '&L&"Meiryo,Regular"&9テスト講座&R&"Meiryo,Regular"&9&A',
      oddFooter: '&C&"Meiryo,Regular"&9&P / &N ページ',
    });
    expect(sheet(testEn, 'Test').headerFooter.oddFooter).toBe('&C&"Calibri,Regular"&9Page &P of &N');
  });

  test('freeze the header rows of the survey, responses, summary, test, key and scoring sheet', () => {
    const frozen = (ws: ExcelJS.Worksheet) => ws.views.map((v) => [v.state, (v as ExcelJS.WorksheetViewFrozen).xSplit, (v as ExcelJS.WorksheetViewFrozen).ySplit]);
    expect(frozen(sheet(surveyJa, '回答シート'))).toEqual([['frozen', 0, 3]]);
    expect(frozen(sheet(surveyJa, '回答一覧'))).toEqual([['frozen', 1, 4]]);
    expect(frozen(sheet(surveyJa, '集計'))).toEqual([['frozen', 0, 3]]);
    expect(frozen(sheet(surveyJa, '選択肢'))).toEqual([['frozen', 0, 3]]);
    expect(frozen(sheet(testJa, '確認テスト'))).toEqual([['frozen', 0, 7]]);
    expect(frozen(sheet(trainerJa, '解答と解説'))).toEqual([['frozen', 0, 7]]);
    expect(frozen(sheet(trainerJa, '採点'))).toEqual([['frozen', 0, 7]]);
  });

  test("write every cell in the language's font, and the header rows in the course's primary colour", () => {
    for (const [wb, font] of [
      [surveyJa, 'Meiryo'],
      [testJa, 'Meiryo'],
      [trainerJa, 'Meiryo'],
      [testEn, 'Calibri'],
      [trainerEn, 'Calibri'],
    ] as const) {
      const fonts = new Set(writtenCells(wb).map((c) => c.font?.name));
      expect(fonts).toEqual(new Set([font]));
    }
    const header = sheet(testJa, '確認テスト').getCell('B7');
    expect(header.fill).toEqual({ type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF1F3A5F' } });
    expect(header.font?.color).toEqual({ argb: 'FFFFFFFF' });
    // Cells typed into later get the language's font too: it is the workbook's default.
    for (const name of ['fixture_course-ja-confirmation-test.xlsx', 'fixture_course-ja-confirmation-test-trainer.xlsx']) {
      const styles = strFromU8(unzipSync(files['ja']![name]!)['xl/styles.xml']!);
      expect(styles).toMatch(/<fonts[^>]*><font><sz val="11"\/><color theme="1"\/><name val="Meiryo"\/>/);
    }
  });

  test('write each validation once: no cell is under two (Excel would repair the file)', () => {
    for (const lang of ['ja', 'en']) {
      for (const [name, bytes] of Object.entries(files[lang]!)) {
        const entries = unzipSync(bytes);
        for (const sheetXml of Object.keys(entries).filter((e) => e.startsWith('xl/worksheets/sheet'))) {
          const seen = new Map<string, number>();
          const xml = strFromU8(entries[sheetXml]!);
          for (const [, sqref] of xml.matchAll(/<dataValidation [^>]*sqref="([^"]+)"/g)) {
            for (const ref of sqref!.split(' ')) {
              const [from, to = from] = ref.split(':') as [string, string?];
              const [c1, r1] = [from.replace(/\d+/, ''), Number(from.replace(/\D+/, ''))];
              const [c2, r2] = [to!.replace(/\d+/, ''), Number(to!.replace(/\D+/, ''))];
              for (let c = c1.charCodeAt(0); c <= c2.charCodeAt(0); c++)
                for (let r = r1; r <= r2; r++) seen.set(`${String.fromCharCode(c)}${r}`, (seen.get(`${String.fromCharCode(c)}${r}`) ?? 0) + 1);
            }
          }
          expect({ name, sheetXml, twice: [...seen].filter(([, n]) => n > 1).map(([a]) => a) }).toEqual({ name, sheetXml, twice: [] });
        }
      }
    }
  });

  test('are byte-for-byte the same when built twice', async () => {
    const again = await build(load(fixture()), 'ja');
    for (const [name, bytes] of Object.entries(files['ja']!)) expect(Buffer.from(again[name]!).equals(Buffer.from(bytes))).toBe(true);
  });
});

describe('the direction that is good, in survey.yaml', () => {
  const lowTheme: Edit = { file: 'survey.yaml', replace: '{ id: knowledge, title: { ja: 知識, en: Knowledge } }', with: '{ id: knowledge, title: { ja: 知識, en: Knowledge }, good: low }' };
  /** A second Likert item in the knowledge theme whose own direction is low. */
  const lowItem: Edit = {
    file: 'survey.yaml',
    replace: '  - id: fx_comment',
    with: '  - id: aw_hurt\n    type: likert\n    theme: knowledge\n    good: low\n    text: { ja: 傷ついたことがある, en: I have been hurt }\n  - id: fx_comment',
  };

  test('is high unless a theme or an item says low', () => {
    const plain = load(fixture());
    expect(plain.survey.themes.map((t) => [t.id, t.good])).toEqual([['knowledge', 'high']]);
    const low = load(fixture([lowTheme, lowItem]));
    expect(low.survey.themes.map((t) => [t.id, t.good])).toEqual([['knowledge', 'low']]);
    expect(low.survey.items.filter((i) => i.type === 'likert').map((i) => [i.id, i.type === 'likert' ? (i.good ?? null) : null])).toEqual([
      ['aw_know', null],
      ['aw_hurt', 'low'],
    ]);
    expect(goodDirection(low.survey.items[0]!, low.survey.themes)).toBe('low');
  });

  test('is set for the real course: a high average on an experience item is a concern', () => {
    const real = load(path.join(projectRoot, 'content'));
    expect(real.survey.themes.map((t) => [t.id, t.good])).toEqual([
      ['experience', 'low'],
      ['knowledge', 'high'],
      ['workplace', 'high'],
      ['consulting', 'high'],
      ['confidence', 'high'],
      ['own_conduct', 'high'],
    ]);
  });

  test('is refused on a free-text item, at its line, and refused when it is neither high nor low', () => {
    for (const [edit, rule, message] of [
      [{ file: 'survey.yaml', replace: '    maxLength: 100', with: '    maxLength: 100\n    good: low' }, 'InvalidValue', /^The free-text survey item "fx_comment" has "good"/],
      [{ file: 'survey.yaml', replace: '{ id: knowledge, title: { ja: 知識, en: Knowledge } }', with: '{ id: knowledge, title: { ja: 知識, en: Knowledge }, good: up }' }, 'InvalidValue', /^Unknown value "up" at .*Expected one of: high, low\./],
    ] as const) {
      const dir = fixture([edit]);
      const { diagnostics } = loadCourse(dir, new Diagnostics());
      const found = diagnostics.list.map((d) => ({ rule: d.rule, file: path.basename(d.file), line: d.line, message: d.message }));
      const line = lineOf(path.join(dir, 'survey.yaml'), edit.with.includes('good: low') ? 'good: low' : 'good: up');
      expect(found).toEqual([{ rule, file: 'survey.yaml', line, message: expect.stringMatching(message) }]);
    }
  });

  test('reads a low-is-good theme the other way round: its score is 100 at the low end', async () => {
    const course = load(fixture([lowTheme]));
    const ws = sheet(await open((await build(course, 'en'))['fixture_course-en-awareness-survey.xlsx']!), 'Summary');
    expect([ws.getCell('F9').value, ws.getCell('F10').value]).toEqual(['Low', 'Low']);
    const [min, max] = ["MIN('Options'!$A$5:$A$7)", "MAX('Options'!$A$5:$A$7)"];
    expect(formulaOf(ws.getCell('G9'))).toBe(`IF(ISNUMBER(E9),(${max}-E9)/(${max}-${min})*100,"")`);
    // The same thresholds judge every score, whatever its direction.
    expect(formulaOf(ws.getCell('H9'))).toBe('IF(ISNUMBER(G9),IF(G9<$E$2,"Weakness",IF(G9>=$E$3,"Strength","")),"")');
    expect(ws.getCell('A4').value).toMatch(/^The score is the average on a scale of 0 to 100: 100 when every answer is at the good end/);
    expect(ws.getCell('A5').value).toBe(
      'For items where high is good, a high average is good; for items where low is good (such as experience of harassment), a low average is good. "Assessment" and the colours read each item\'s score, which follows its direction.',
    );
  });

  test("counts an item of the other direction reversed in its theme's row, and says so", async () => {
    const course = load(fixture([lowItem]));
    const ws = sheet(await open((await build(course, 'en'))['fixture_course-en-awareness-survey.xlsx']!), 'Summary');
    expect(rowValues(ws, 9, 2, 3)).toEqual(['Knowledge', 'Whole theme (2 items)']);
    expect([ws.getCell('C11').value, ws.getCell('F10').value, ws.getCell('F11').value]).toEqual(['I have been hurt', 'High', 'Low']);
    // "Disagree" on the theme's row counts aw_know's "Disagree" and aw_hurt's "Agree".
    expect(['I9', 'J9', 'K9'].map((a) => formulaOf(ws.getCell(a)))).toEqual(['SUM(I10,K11)', 'SUM(J10,J11)', 'SUM(K10,I11)']);
    expect(formulaOf(ws.getCell('G11'))).toMatch(/^IF\(ISNUMBER\(E11\),\(MAX/);
    expect(ws.getCell('A5').value).toMatch(/Items whose direction differs from their theme's are counted the other way round in the theme's row\.$/);
  });
});

describe('source text that looks like a formula', () => {
  test('stays text in the survey and in both test workbooks', async () => {
    const dir = fixture([
      { file: 'survey.yaml', replace: 'text: { ja: 定義を説明できる, en: I can explain the definition }', with: 'text: { ja: "=1+1", en: "=SUM(A1:A3)" }' },
      { file: 'questions.yaml', replace: '{ id: b, text: { ja: あれ, en: That } }', with: '{ id: b, text: { ja: "=あれ", en: "=NOW()" } }' },
    ]);
    const files = await build(load(dir), 'en');
    const survey = await open(files['fixture_course-en-awareness-survey.xlsx']!);
    const test = await open(files['fixture_course-en-confirmation-test.xlsx']!);
    const trainer = await open(files['fixture_course-en-confirmation-test-trainer.xlsx']!);
    expect(sheet(survey, 'Survey').getCell('C4').value).toBe('=SUM(A1:A3)');
    expect(sheet(survey, 'Summary').getCell('C10').value).toBe('=SUM(A1:A3)');
    expect(sheet(test, 'Test').getCell('C8').value).toBe('a) This\nb) =NOW()');
    expect(sheet(trainer, 'Answer key').getCell('C8').value).toBe('a) This\nb) =NOW()');
    // Stored as shared strings, never as <f> elements.
    const xml = strFromU8(unzipSync(files['fixture_course-en-awareness-survey.xlsx']!)['xl/worksheets/sheet2.xml']!);
    expect(xml).not.toContain('<f>SUM(A1:A3)');
    expect(xml).toMatch(/<c r="C4" s="\d+" t="s">/);
  });
});

describe('a course language without Excel labels', () => {
  test('is an error that says where to add them', async () => {
    const course = load(fixture());
    const fr = { ...course, languages: [...course.languages, { ...course.languages[1]!, code: 'fr', name: 'Français' }] };
    await expect(build(fr, 'fr')).rejects.toThrow(
      'The Excel manuscripts have no labels for the language "fr" (they have ja, en). Add an entry "fr" to xlsxLabels in build/targets/xlsx/labels.ts',
    );
  });
});

describe('the Excel manuscripts of the real course', () => {
  let course: Course;
  beforeAll(() => {
    course = load(path.join(projectRoot, 'content'));
  });

  test.each(['ja', 'en'])('hold every survey item and every question of the bank in %s, in order, with their ids', async (lang) => {
    const t = textFor(course, lang);
    const files = await build(course, lang);
    const survey = await open(files[`kasuhara_basics-${lang}-awareness-survey.xlsx`]!);
    const test = await open(files[`kasuhara_basics-${lang}-confirmation-test.xlsx`]!);
    const trainer = await open(files[`kasuhara_basics-${lang}-confirmation-test-trainer.xlsx`]!);
    const form = survey.worksheets[1]!;
    const items = course.survey.items.map((it, i) => [form.getCell(`G${4 + i}`).value, form.getCell(`C${4 + i}`).value]);
    expect(items).toEqual(course.survey.items.map((it) => [it.id, t.text(it.text)]));
    expect(form.getCell(`G${4 + course.survey.items.length}`).value).toBeNull();
    const ws = test.worksheets[1]!;
    const questions = course.questions.map((q, i) => [ws.getCell(`F${8 + i}`).value, ws.getCell(`B${8 + i}`).value]);
    expect(questions).toHaveLength(42);
    expect(questions).toEqual(course.questions.map((q) => [q.id, plainText(t.text(q.text))]));
    const key = trainer.worksheets[1]!;
    expect(course.questions.map((q, i) => [key.getCell(`G${8 + i}`).value, key.getCell(`E${8 + i}`).value])).toEqual(
      course.questions.map((q) => [q.id, plainText(t.text(q.feedback))]),
    );
    const scoring = trainer.worksheets[2]!;
    expect(course.questions.map((q, i) => scoring.getCell(`G${8 + i}`).value)).toEqual(course.questions.map((q) => q.id));
  });

  test('read the experience items as low-is-good in the summary, every other theme as high-is-good, and one item the other way', async () => {
    const files = await build(course, 'en');
    const ws = sheet(await open(files['kasuhara_basics-en-awareness-survey.xlsx']!), 'Summary');
    const rows = Array.from({ length: 60 }, (_, i) => 7 + i).filter((r) => ['High', 'Low'].includes(String(ws.getCell(`F${r}`).value)) && typeof ws.getCell(`A${r}`).value === 'number');
    // The ID column comes after the widest scale (five points) and "don't know".
    const byItem = Object.fromEntries(rows.map((r) => [String(ws.getCell(`O${r}`).value), ws.getCell(`F${r}`).value]));
    const likert = course.survey.items.filter((i) => i.type === 'likert');
    expect(Object.keys(byItem).sort()).toEqual(likert.map((i) => i.id).sort());
    for (const item of likert) expect([item.id, byItem[item.id]]).toEqual([item.id, item.theme === 'experience' || item.id === 'aw_cons_fear' ? 'Low' : 'High']);
  });

  test('give each item its own answers: a drop-down of its scale ("don\'t know" where offered), of a choice item\'s options, letters for select-all', async () => {
    const files = await build(course, 'en');
    const wb = await open(files['kasuhara_basics-en-awareness-survey.xlsx']!);
    const form = sheet(wb, 'Survey');
    const options = sheet(wb, 'Options');
    const rowOf = (id: string) => 4 + course.survey.items.findIndex((i) => i.id === id);
    /** The labels a defined name lists, read from the options sheet. */
    const listed = (name: string) => {
      const [range] = wb.definedNames.getRanges(name).ranges;
      const [, from, to] = /!\$B\$(\d+):\$B\$(\d+)$/.exec(range!)!;
      return Array.from({ length: Number(to) - Number(from) + 1 }, (_, k) => options.getCell(`B${Number(from) + k}`).value);
    };
    const validation = (id: string) => form.getCell(`E${rowOf(id)}`).dataValidation;
    expect(validation('aw_exp_received')).toMatchObject({ type: 'list', formulae: ['Scale_frequency'] });
    expect(listed('Scale_frequency')).toEqual(['Never', 'Rarely', 'Sometimes', 'Often']);
    expect(validation('aw_know_law')).toMatchObject({ type: 'list', formulae: ['Scale_agreement'] });
    expect(listed('Scale_agreement')).toEqual(['Disagree', 'Somewhat disagree', 'Neither agree nor disagree', 'Somewhat agree', 'Agree']);
    // "Don't know" follows the points, and only the items that offer it list it.
    expect(validation('aw_work_policy')).toMatchObject({ type: 'list', formulae: ['Scale_yesno_dk'] });
    expect(listed('Scale_yesno_dk')).toEqual(['No', 'Yes', "Don't know"]);
    expect(listed('Scale_yesno')).toEqual(['No', 'Yes']);
    expect(form.getCell(`D${rowOf('aw_work_policy')}`).value).toBe('Choose from the list (required); "Don\'t know" if you do not know');
    // A single choice: a drop-down of its options; the department question lists the departments.
    expect(validation('seg_contact')).toMatchObject({ type: 'list', formulae: ['Options_seg_contact'] });
    expect(listed('Options_seg_contact')).toEqual(['Almost every day', 'A few times a week', 'A few times a month', 'Rarely or never']);
    expect(validation('seg_department')).toMatchObject({ type: 'list', formulae: ['Departments'] });
    expect(listed('Departments')).toEqual(course.departments.map((d) => d.label['en']));
    expect(form.getCell(`D${rowOf('seg_contact')}`).value).toBe('Choose one from the list (optional)');
    // Select all that apply: the options' letters, separated by commas, nothing else.
    const channel = rowOf('seg_channel');
    expect(form.getCell(`D${channel}`).value).toBe(
      'Select all that apply (optional): the letters, separated by commas (e.g. a,c)\na) At a counter or in a shop\nb) By phone\nc) Online, by email or chat\nd) On visits',
    );
    expect(validation('seg_channel')).toMatchObject({
      type: 'custom',
      formulae: [`LEN(SUBSTITUTE(SUBSTITUTE(SUBSTITUTE(SUBSTITUTE(SUBSTITUTE(SUBSTITUTE(SUBSTITUTE(SUBSTITUTE(SUBSTITUTE(LOWER(E${channel}),"a",""),"b",""),"c",""),"d",""),",","")," ",""),"\u3000",""),"\uff0c",""),"\u3001",""))=0`],
    });
    // The segment questions are marked "About you" in place of a theme.
    for (const id of ['seg_contact', 'seg_channel', 'seg_department']) expect(form.getCell(`B${rowOf(id)}`).value).toBe('About you');
    // The responses sheet checks each column the same way, from its first cell down.
    const resp = sheet(wb, 'Responses');
    const colOf = (id: string) => String.fromCharCode(66 + course.survey.items.findIndex((i) => i.id === id));
    expect(resp.getCell(`${colOf('aw_work_policy')}104`).dataValidation).toMatchObject({ type: 'list', formulae: ['Scale_yesno_dk'] });
    expect(resp.getCell(`${colOf('seg_channel')}50`).dataValidation).toMatchObject({ type: 'custom' });
    expect((resp.getCell(`${colOf('seg_channel')}50`).dataValidation.formulae![0] as string)).toContain(`LOWER(${colOf('seg_channel')}5)`);
  });

  test('count "don\'t know" apart from the scale, and each option of a choice item with its share; segment questions marked', async () => {
    const files = await build(course, 'en');
    const ws = sheet(await open(files['kasuhara_basics-en-awareness-survey.xlsx']!), 'Summary');
    const find = (pred: (r: number) => boolean) => Array.from({ length: 120 }, (_, i) => i + 1).find(pred)!;
    const yesno = find((r) => ws.getCell(`A${r}`).value === 'Items on the scale "No" to "Yes" (2 points)');
    const header = yesno + 1;
    expect(rowValues(ws, header, 9, 11).map((v) => (v as ExcelJS.CellFormulaValue)?.result ?? v)).toEqual(['No', 'Yes', "Don't know"]);
    // One ID column for every table, after the widest scale (five points) and "don't know".
    expect(ws.getCell(`O${header}`).value).toBe('ID');
    const policy = find((r) => ws.getCell(`O${r}`).value === 'aw_work_policy');
    // The answers and the average count the points only.
    expect(formulaOf(ws.getCell(`D${policy}`))).toBe(`SUM(I${policy}:J${policy})`);
    expect(formulaOf(ws.getCell(`K${policy}`))).toMatch(new RegExp(`^SUMPRODUCT\\(--\\('Responses'!\\w+\\$5:\\w+\\$104=K\\$${header}\\)\\)$`));
    const choice = find((r) => ws.getCell(`A${r}`).value === 'Choice items');
    expect(rowValues(ws, choice + 1, 1, 6)).toEqual(['No.', 'Theme', 'Item', 'Answers', 'Share', 'Breakdown']);
    const channel = find((r) => ws.getCell(`O${r}`).value === 'seg_channel');
    expect(rowValues(ws, channel, 2, 6)).toEqual(['About you', 'How you mainly deal with customers or clients (select all that apply)', expect.anything(), 'Multiple answers', 'Yes']);
    expect(formulaOf(ws.getCell(`C${channel + 2}`))).toBe(`"b) "&'Options'!$B$${find((r) => sheet(ws.workbook, 'Options').getCell(`D${r}`).value === 'phone')}`);
    expect(formulaOf(ws.getCell(`D${channel + 2}`))).toMatch(/^SUMPRODUCT\(--ISNUMBER\(FIND\(",b,",/);
    expect(formulaOf(ws.getCell(`E${channel + 2}`))).toBe(`IF($D$${channel}=0,"",D${channel + 2}/$D$${channel})`);
    expect(ws.getCell(`O${channel + 2}`).value).toBe('phone');
  });
});
