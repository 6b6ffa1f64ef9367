/**
 * The Excel manuscripts read back with exceljs: every survey item and question is there with
 * its text and id, the drop-downs list exactly the right values, formulas sit where promised,
 * protection and printing are set up. xlsx-libreoffice.test.ts checks what the formulas compute.
 */
import path from 'node:path';
import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, test } from 'vitest';
import { textFor } from '../../build/course/localize.ts';
import { plainText } from '../../build/markdown/index.ts';
import { loadCourse } from '../../build/index.ts';
import type { Course } from '../../build/model.ts';
import { xlsx } from '../../build/targets/xlsx/index.ts';
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

describe('the Excel manuscripts of the fixture course', () => {
  let course: Course;
  const files: Record<string, Record<string, Uint8Array>> = {};
  let surveyJa: ExcelJS.Workbook;
  let testJa: ExcelJS.Workbook;
  let testEn: ExcelJS.Workbook;
  beforeAll(async () => {
    course = load(fixture());
    for (const lang of ['ja', 'en']) files[lang] = await build(course, lang);
    surveyJa = await open(files['ja']!['fixture_course-ja-awareness-survey.xlsx']!);
    testJa = await open(files['ja']!['fixture_course-ja-confirmation-test.xlsx']!);
    testEn = await open(files['en']!['fixture_course-en-confirmation-test.xlsx']!);
  });

  test('are two workbooks per language, <course>-<lang>-awareness-survey.xlsx and -confirmation-test.xlsx', () => {
    expect(Object.keys(files['ja']!)).toEqual(['fixture_course-ja-awareness-survey.xlsx', 'fixture_course-ja-confirmation-test.xlsx']);
    expect(Object.keys(files['en']!)).toEqual(['fixture_course-en-awareness-survey.xlsx', 'fixture_course-en-confirmation-test.xlsx']);
  });

  test('name their sheets in the course language', async () => {
    expect(surveyJa.worksheets.map((w) => w.name)).toEqual(['説明', '回答シート', '回答一覧', '集計', '選択肢']);
    expect(testJa.worksheets.map((w) => w.name)).toEqual(['説明', '確認テスト', '解答と解説']);
    const surveyEn = await open(files['en']!['fixture_course-en-awareness-survey.xlsx']!);
    expect(surveyEn.worksheets.map((w) => w.name)).toEqual(['Instructions', 'Survey', 'Responses', 'Summary', 'Scale']);
    expect(testEn.worksheets.map((w) => w.name)).toEqual(['Instructions', 'Test', 'Answer key']);
  });

  test('say in their properties which course, version, language and manuscript they are', () => {
    expect(surveyJa.keywords).toBe('course=fixture_course version=1.2.3 lang=ja manuscript=awareness-survey');
    expect(testEn.keywords).toBe('course=fixture_course version=1.2.3 lang=en manuscript=confirmation-test');
  });

  describe('the awareness survey', () => {
    test('open with instructions: the survey title, the course, the intro and how to use each sheet', () => {
      const ws = sheet(surveyJa, '説明');
      const texts = rowValues(ws, 1, 2, 2).concat(...Array.from({ length: ws.rowCount - 1 }, (_, i) => rowValues(ws, i + 2, 2, 2)));
      expect(texts.slice(0, 4)).toEqual(['意識調査', '講座: テスト講座', null, '率直にお答えください。']);
      const steps = texts.filter((t): t is string => typeof t === 'string' && /^\d\. /.test(t));
      expect(steps.map((s) => s.split(':')[0])).toEqual(['1. 「回答シート」', '2. 「回答一覧」', '3. 「集計」', '4. 「選択肢」']);
      expect(steps[1]).toContain('（100人分）');
    });

    test('list every item on the survey sheet with its number, theme, text, how to answer and id', () => {
      const ws = sheet(surveyJa, '回答シート');
      expect(rowValues(ws, 3, 1, 6)).toEqual(['No.', 'テーマ', '質問', '回答方法', '回答', 'ID']);
      expect(rowValues(ws, 4, 1, 6)).toEqual([1, '知識', '定義を説明できる', 'リストから選択（必須）', null, 'aw_know']);
      expect(rowValues(ws, 5, 1, 6)).toEqual([2, '—', '当社への要望', '自由記述（任意・100字以内）', null, 'fx_comment']);
      expect(ws.getCell('A6').value).toBeNull();
    });

    test('take a Likert answer from a drop-down of exactly the scale labels, and free text up to maxLength', () => {
      const ws = sheet(surveyJa, '回答シート');
      expect(ws.getCell('E4').dataValidation).toMatchObject({ type: 'list', formulae: ['SurveyScale'], showErrorMessage: true });
      expect(surveyJa.definedNames.getRanges('SurveyScale').ranges).toEqual(["'選択肢'!$B$4:$B$6"]);
      const scale = sheet(surveyJa, '選択肢');
      expect([4, 5, 6].map((r) => rowValues(scale, r, 1, 3))).toEqual([
        [1, 'そう思わない', 's1'],
        [2, 'どちらともいえない', 's2'],
        [3, 'そう思う', 's3'],
      ]);
      expect(scale.getCell('B7').value).toBeNull();
      expect(ws.getCell('E5').dataValidation).toMatchObject({ type: 'textLength', operator: 'lessThanOrEqual', formulae: [100], showErrorMessage: true });
    });

    test('collect 100 respondents on the responses sheet, one column per item, with the same drop-downs', () => {
      const ws = sheet(surveyJa, '回答一覧');
      expect(rowValues(ws, 2, 1, 3)).toEqual(['テーマ', '知識', '—']);
      expect(rowValues(ws, 3, 1, 3)).toEqual(['質問', '1. 定義を説明できる', '2. 当社への要望']);
      expect(rowValues(ws, 4, 1, 3)).toEqual(['ID', 'aw_know', 'fx_comment']);
      expect([ws.getCell('A5').value, ws.getCell('A104').value, ws.getCell('A105').value]).toEqual([1, 100, null]);
      for (const r of [5, 104]) {
        expect(ws.getCell(`B${r}`).dataValidation).toMatchObject({ type: 'list', formulae: ['SurveyScale'] });
        expect(ws.getCell(`C${r}`).dataValidation).toMatchObject({ type: 'textLength', formulae: [100] });
      }
      expect(ws.getCell('B105').dataValidation).toBeUndefined();
    });

    test('summarise by formulas in one table: each theme, then its items, with a count per scale point, answers and average', () => {
      const ws = sheet(surveyJa, '集計');
      expect(rowValues(ws, 6, 1, 5)).toEqual(['No.', 'テーマ', '質問', '回答数', '平均']);
      expect(['F', 'G', 'H'].map((c) => formulaOf(ws.getCell(`${c}6`)))).toEqual(["'選択肢'!$B$4", "'選択肢'!$B$5", "'選択肢'!$B$6"]);
      // The theme's row sums its items' rows.
      expect(rowValues(ws, 7, 1, 3)).toEqual([null, '知識', 'テーマ全体（1問）']);
      expect(formulaOf(ws.getCell('F7'))).toBe('SUM(F8:F8)');
      expect(formulaOf(ws.getCell('E7'))).toBe(`IF(D7=0,"",(F7*'選択肢'!$A$4+G7*'選択肢'!$A$5+H7*'選択肢'!$A$6)/D7)`);
      expect(ws.getCell('I7').value).toBe('knowledge');
      // An item's counts compare each answer with the label in the header, exactly.
      expect(rowValues(ws, 8, 1, 3)).toEqual([1, '知識', '定義を説明できる']);
      expect(formulaOf(ws.getCell('F8'))).toBe("SUMPRODUCT(--('回答一覧'!B$5:B$104=F$6))");
      expect(formulaOf(ws.getCell('D8'))).toBe('SUM(F8:H8)');
      expect(formulaOf(ws.getCell('E8'))).toBe(`IF(D8=0,"",(F8*'選択肢'!$A$4+G8*'選択肢'!$A$5+H8*'選択肢'!$A$6)/D8)`);
      expect(ws.getCell('I8').value).toBe('aw_know');
      // Free text: how many wrote something.
      expect(rowValues(ws, 12, 1, 3)).toEqual([2, '—', '当社への要望']);
      expect(formulaOf(ws.getCell('D12'))).toBe("SUMPRODUCT(--(LEN('回答一覧'!C$5:C$104)>0))");
    });

    test('highlight themes and items whose average is below an editable threshold, the middle of the scale', () => {
      const ws = sheet(surveyJa, '集計');
      expect(ws.getCell('E2').value).toBe(2);
      expect(ws.getCell('E2').protection).toMatchObject({ locked: false });
      expect(ws.conditionalFormattings.map((cf) => [cf.ref, cf.rules.map((r) => (r as ExcelJS.ExpressionRuleType).formulae)])).toEqual([
        ['B7:E8', [['AND(ISNUMBER($E7),$E7<$E$2)']]],
      ]);
      const style = ws.conditionalFormattings[0]!.rules[0]!.style!;
      expect(style.font?.color).toEqual({ argb: 'FFC8102E' });
    });

    test('protect the survey, responses, summary and scale sheets, leaving the answer cells unlocked', () => {
      for (const name of ['回答シート', '回答一覧', '集計', '選択肢']) expect(sheet(surveyJa, name).sheetProtection).toMatchObject({ sheet: true });
      // No password: a customer can lift the protection from the Review menu.
      expect(sheet(surveyJa, '集計').sheetProtection).not.toHaveProperty('hashValue');
      const form = sheet(surveyJa, '回答シート');
      expect(form.getCell('E4').protection).toMatchObject({ locked: false });
      expect(form.getCell('C4').protection?.locked).not.toBe(false);
      expect(sheet(surveyJa, '回答一覧').getCell('C104').protection).toMatchObject({ locked: false });
      expect(sheet(surveyJa, '集計').getCell('E8').protection?.locked).not.toBe(false);
    });
  });

  describe('the confirmation test', () => {
    test('lists every question of the bank with its choices, how to answer, and its id', () => {
      const ws = sheet(testJa, '確認テスト');
      expect(rowValues(ws, 7, 1, 6)).toEqual(['No.', '問題', '選択肢', '解答方法', '解答', 'ID']);
      expect(rowValues(ws, 8, 1, 6)).toEqual([1, '正しいものはどれですか。', 'a) これ\nb) あれ', '1つ選択（a, b）', null, 'q_one']);
      expect(rowValues(ws, 9, 1, 6)).toEqual([2, '当てはまるものをすべて選んでください。', 'a) 一\nb) 二\nc) 三', 'すべて選択（a, b, c）。カンマ区切り（例: a,c）', null, 'q_two']);
      expect(rowValues(ws, 10, 1, 6)).toEqual([3, '相談窓口に相談できる。', '正しい / 誤り', '正しい / 誤り から選択', null, 'q_three']);
      expect(ws.getCell('A11').value).toBeNull();
    });

    test('takes single-choice and true-false answers from drop-downs of the choice ids and the labels', () => {
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

    test('has an answer key with the correct answers, their text, the explanations and the lesson', () => {
      const ws = sheet(testJa, '解答と解説');
      expect(rowValues(ws, 5, 1, 9)).toEqual(['No.', '問題', '正解', '正解の内容', '解説', 'レッスン', '解答', '正誤', 'ID']);
      expect(rowValues(ws, 6, 1, 6)).toEqual([1, '正しいものはどれですか。', 'a', 'a) これ', 'これが正しいからです。', '基本']);
      expect(rowValues(ws, 7, 1, 6)).toEqual([2, '当てはまるものをすべて選んでください。', 'a,b', 'a) 一\nb) 二', '一と二です。', '']);
      expect(rowValues(ws, 8, 1, 6)).toEqual([3, '相談窓口に相談できる。', '正しい', '正しい', 'できます。', '']);
      expect([6, 7, 8].map((r) => ws.getCell(`I${r}`).value)).toEqual(['q_one', 'q_two', 'q_three']);
    });

    test('marks each answer against the key and scores the test by formula, with pass/fail at the passing score', () => {
      const ws = sheet(testJa, '確認テスト');
      const key = sheet(testJa, '解答と解説');
      expect(formulaOf(key.getCell('G6'))).toMatch(/^LOWER\(SUBSTITUTE\(.*'確認テスト'!E8/);
      expect(formulaOf(key.getCell('H6'))).toMatch(/^IF\(G6="","",IF\(G6=LOWER\(SUBSTITUTE\(C6," ",""\)\),1,0\)\)$/);
      expect(formulaOf(key.getCell('H8'))).toBe('IF(G8="","",IF(G8=TRIM(C8),1,0))');
      expect(formulaOf(key.getCell('H7'))).toContain('ISNUMBER(FIND(",c,",","&G7&","))');
      expect(formulaOf(ws.getCell('E3'))).toBe("ROUND(SUM('解答と解説'!$H$6:$H$8)/ROWS('解答と解説'!$H$6:$H$8),4)");
      expect(ws.getCell('E3').numFmt).toBe('0.0%');
      expect(ws.getCell('E4').value).toBe(0.8);
      expect(formulaOf(ws.getCell('E5'))).toBe('IF(COUNTA(E8:E10)=0,"",IF(E3>=E4,"合格","不合格"))');
      expect(formulaOf(key.getCell('C3'))).toBe('SUM(H6:H8)');
    });

    test('protects the test and the key, leaving the answers, name and date unlocked', () => {
      const ws = sheet(testJa, '確認テスト');
      expect(ws.sheetProtection).toMatchObject({ sheet: true });
      expect(sheet(testJa, '解答と解説').sheetProtection).toMatchObject({ sheet: true });
      for (const a of ['E8', 'E9', 'E10', 'C3', 'C4']) expect(ws.getCell(a).protection).toMatchObject({ locked: false });
      for (const a of ['E3', 'E4', 'E5', 'B8', 'C8']) expect(ws.getCell(a).protection?.locked).not.toBe(false);
    });
  });

  test('print on A4, one page wide, with the course title and page number, ids outside the printed area', () => {
    const expected: Record<string, [string, string, string | undefined]> = {
      回答シート: ['portrait', 'A1:E5', '3:3'],
      回答一覧: ['landscape', 'A1:C104', '2:4'],
      集計: ['landscape', 'A1:H12', '6:6'],
      選択肢: ['portrait', 'A1:B6', undefined],
    };
    for (const [name, [orientation, printArea, printTitlesRow]] of Object.entries(expected)) {
      const setup = sheet(surveyJa, name).pageSetup;
      expect({ name, ...setup }).toMatchObject({ name, paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0, orientation, printArea });
      expect(setup.printTitlesRow).toBe(printTitlesRow);
    }
    const test = sheet(testJa, '確認テスト');
    expect(test.pageSetup).toMatchObject({ paperSize: 9, fitToWidth: 1, orientation: 'landscape', printArea: 'A1:E10', printTitlesRow: '7:7' });
    expect(sheet(testJa, '解答と解説').pageSetup).toMatchObject({ paperSize: 9, fitToWidth: 1, printArea: 'A1:H8' });
    expect(test.headerFooter).toEqual({
      oddHeader: '&L&"Meiryo,Regular"&9テスト講座&R&"Meiryo,Regular"&9&A',
      oddFooter: '&C&"Meiryo,Regular"&9&P / &N ページ',
    });
    expect(sheet(testEn, 'Test').headerFooter.oddFooter).toBe('&C&"Calibri,Regular"&9Page &P of &N');
  });

  test('freeze the header rows of the survey, responses, summary, test and key', () => {
    const frozen = (ws: ExcelJS.Worksheet) => ws.views.map((v) => [v.state, (v as ExcelJS.WorksheetViewFrozen).xSplit, (v as ExcelJS.WorksheetViewFrozen).ySplit]);
    expect(frozen(sheet(surveyJa, '回答シート'))).toEqual([['frozen', 0, 3]]);
    expect(frozen(sheet(surveyJa, '回答一覧'))).toEqual([['frozen', 1, 4]]);
    expect(frozen(sheet(surveyJa, '集計'))).toEqual([['frozen', 0, 6]]);
    expect(frozen(sheet(testJa, '確認テスト'))).toEqual([['frozen', 0, 7]]);
    expect(frozen(sheet(testJa, '解答と解説'))).toEqual([['frozen', 0, 5]]);
  });

  test("write every cell in the language's font, and the header rows in the course's primary colour", () => {
    for (const [wb, font] of [
      [surveyJa, 'Meiryo'],
      [testJa, 'Meiryo'],
      [testEn, 'Calibri'],
    ] as const) {
      const fonts = new Set(writtenCells(wb).map((c) => c.font?.name));
      expect(fonts).toEqual(new Set([font]));
    }
    const header = sheet(testJa, '確認テスト').getCell('B7');
    expect(header.fill).toEqual({ type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF1F3A5F' } });
    expect(header.font?.color).toEqual({ argb: 'FFFFFFFF' });
    // Cells typed into later get the language's font too: it is the workbook's default.
    const styles = strFromU8(unzipSync(files['ja']!['fixture_course-ja-confirmation-test.xlsx']!)['xl/styles.xml']!);
    expect(styles).toMatch(/<fonts[^>]*><font><sz val="11"\/><color theme="1"\/><name val="Meiryo"\/>/);
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

describe('source text that looks like a formula', () => {
  test('stays text in the survey and the test', async () => {
    const dir = fixture([
      { file: 'survey.yaml', replace: 'text: { ja: 定義を説明できる, en: I can explain the definition }', with: 'text: { ja: "=1+1", en: "=SUM(A1:A3)" }' },
      { file: 'questions.yaml', replace: '{ id: b, text: { ja: あれ, en: That } }', with: '{ id: b, text: { ja: "=あれ", en: "=NOW()" } }' },
    ]);
    const files = await build(load(dir), 'en');
    const survey = await open(files['fixture_course-en-awareness-survey.xlsx']!);
    const test = await open(files['fixture_course-en-confirmation-test.xlsx']!);
    expect(sheet(survey, 'Survey').getCell('C4').value).toBe('=SUM(A1:A3)');
    expect(sheet(survey, 'Summary').getCell('C8').value).toBe('=SUM(A1:A3)');
    expect(sheet(test, 'Test').getCell('C8').value).toBe('a) This\nb) =NOW()');
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
    const form = survey.worksheets[1]!;
    const items = course.survey.items.map((it, i) => [form.getCell(`F${4 + i}`).value, form.getCell(`C${4 + i}`).value]);
    expect(items).toEqual(course.survey.items.map((it) => [it.id, t.text(it.text)]));
    expect(form.getCell(`F${4 + course.survey.items.length}`).value).toBeNull();
    const ws = test.worksheets[1]!;
    const questions = course.questions.map((q, i) => [ws.getCell(`F${8 + i}`).value, ws.getCell(`B${8 + i}`).value]);
    expect(questions).toHaveLength(34);
    expect(questions).toEqual(course.questions.map((q) => [q.id, plainText(t.text(q.text))]));
    const key = test.worksheets[2]!;
    expect(course.questions.map((q, i) => [key.getCell(`I${6 + i}`).value, key.getCell(`E${6 + i}`).value])).toEqual(
      course.questions.map((q) => [q.id, plainText(t.text(q.feedback))]),
    );
  });
});
