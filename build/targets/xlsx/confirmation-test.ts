/**
 * The confirmation test as a workbook: the whole question bank on one sheet with an answer
 * cell per question, and an answer key that marks each answer by formula; the test sheet
 * shows the score and pass/fail against the course's passing score.
 */
import type ExcelJS from 'exceljs';
import { textFor } from '../../course/localize.ts';
import { plainText } from '../../markdown/index.ts';
import type { Course, Lang, Question } from '../../model.ts';
import { fill, type XlsxLabels } from './labels.ts';
import {
  argb,
  col,
  fitRows,
  formulaString,
  freeze,
  mergeAcross,
  paragraphs,
  protect,
  put,
  putFormula,
  setUpPrinting,
  sheetRef,
  tint,
  validateColumn,
  type Look,
} from './sheet.ts';
import { instructionsSheet, newWorkbook } from './workbook.ts';

/** Longest formula Excel accepts in a data validation. */
const validationFormulaMax = 255;

const layout = {
  test: { header: 7, score: 'E3', passingScore: 'E4', result: 'E5' },
  key: { header: 5, count: 'C3' },
};

/**
 * An answer as the marking compares it: lower case, no spaces, and the Japanese commas an
 * IME types (，、) read as ",".
 */
function normalized(ref: string): string {
  return `LOWER(SUBSTITUTE(SUBSTITUTE(SUBSTITUTE(SUBSTITUTE(${ref}," ",""),"\u3000",""),"\uff0c",","),"\u3001",","))`;
}

export async function testWorkbook(course: Course, lang: Lang, labels: XlsxLabels, look: Look): Promise<ExcelJS.Workbook> {
  const t = textFor(course, lang);
  const L = labels.test;
  const title = t.text(course.title);
  const wb = newWorkbook(course, lang, `${L.title} — ${title}`, 'confirmation-test');
  const questions = course.questions;
  const plain = (v: Record<string, string>) => plainText(t.text(v));
  const tfLabels = (q: Question) => q.choices.map((c) => plain(c.text));
  const correctAnswer = (q: Question) =>
    q.type === 'true-false' ? plain(q.choices.find((c) => c.correct)!.text) : q.choices.filter((c) => c.correct).map((c) => c.id).join(',');

  instructionsSheet(wb, look, labels, {
    name: L.sheets.instructions,
    title: L.title,
    course: title,
    intro: [t.text(course.description)],
    steps: L.steps.map((s) =>
      fill(s, { count: questions.length, perAttempt: Math.min(course.test.questionsPerAttempt, questions.length), passingScore: course.test.passingScore }),
    ),
  });

  // ── Test: every question of the bank, with an answer cell ────────────────────
  const ws = wb.addWorksheet(L.sheets.test, { properties: { tabColor: { argb: argb(look.colours.primary) } } });
  const key = wb.addWorksheet(L.sheets.key, { properties: { tabColor: { argb: argb(look.colours.accent) } } });
  const testRow = (i: number) => layout.test.header + 1 + i;
  const keyRow = (i: number) => layout.key.header + 1 + i;
  const testLast = testRow(questions.length - 1);
  const keyLast = keyRow(questions.length - 1);
  const marks = sheetRef(L.sheets.key, `$H$${keyRow(0)}:$H$${keyLast}`);

  ws.columns = [{ width: 6 }, { width: 40 }, { width: 58 }, { width: 18 }, { width: 13 }, { width: 20 }];
  put(ws, 'A1', `${L.title} — ${title}`, look, 'title');
  mergeAcross(ws, 1, 1, 5);
  put(ws, 'A2', L.testLead, look, 'text');
  mergeAcross(ws, 2, 1, 5);
  const label = (address: string, text: string) => {
    const cell = put(ws, address, text, look, 'text');
    cell.font = { ...cell.font, bold: true };
    cell.alignment = { horizontal: 'right', vertical: 'middle' };
  };
  label('B3', L.name);
  put(ws, 'C3', null, look, 'input');
  label('B4', L.date);
  put(ws, 'C4', null, look, 'input');
  label('D3', L.score);
  putFormula(ws, layout.test.score, `ROUND(SUM(${marks})/ROWS(${marks}),4)`, 0, look).numFmt = '0.0%';
  label('D4', L.passingScore);
  put(ws, layout.test.passingScore, course.test.passingScore / 100, look, 'cellCentered').numFmt = '0%';
  label('D5', L.result);
  putFormula(
    ws,
    layout.test.result,
    `IF(COUNTA(E${testRow(0)}:E${testLast})=0,"",IF(${layout.test.score}>=${layout.test.passingScore},${formulaString(L.pass)},${formulaString(L.fail)}))`,
    '',
    look,
  );
  ws.addConditionalFormatting({
    ref: layout.test.result,
    rules: [
      {
        type: 'expression',
        priority: 1,
        formulae: [`AND(${layout.test.result}<>"",${layout.test.score}>=${layout.test.passingScore})`],
        style: { fill: { type: 'pattern', pattern: 'solid', bgColor: { argb: argb(tint(look.colours.primary, 0.8)) } } },
      },
      {
        type: 'expression',
        priority: 2,
        formulae: [`AND(${layout.test.result}<>"",${layout.test.score}<${layout.test.passingScore})`],
        style: {
          fill: { type: 'pattern', pattern: 'solid', bgColor: { argb: argb(tint(look.colours.accent, 0.8)) } },
          font: { color: { argb: argb(look.colours.accent) } },
        },
      },
    ],
  });
  const h = layout.test.header;
  [labels.no, L.question, L.choices, L.howTo, L.answer].forEach((text, i) => put(ws, `${col(i + 1)}${h}`, text, look, 'header'));
  put(ws, `F${h}`, labels.id, look, 'idHeader');

  questions.forEach((q, i) => {
    const r = testRow(i);
    put(ws, `A${r}`, i + 1, look, 'cellCentered');
    put(ws, `B${r}`, paragraphs(t.text(q.text)), look, 'cell');
    const choices = q.type === 'true-false' ? tfLabels(q).join(' / ') : q.choices.map((c) => `${c.id}) ${plain(c.text)}`).join('\n');
    put(ws, `C${r}`, choices, look, 'cell');
    put(ws, `D${r}`, howTo(q, L, tfLabels(q)), look, 'cell');
    put(ws, `E${r}`, null, look, 'inputCentered');
    put(ws, `F${r}`, q.id, look, 'id');
  });
  validateColumn(
    ws,
    'E',
    questions.map((q, i) => ({ row: testRow(i), validation: answerValidation(q, `E${testRow(i)}`, L, howTo(q, L, tfLabels(q)), tfLabels(q)) })),
  );
  ws.getRow(1).height = 30;
  fitRows(ws, look, 2, testLast);
  freeze(ws, h + 1);
  setUpPrinting(ws, look, labels, title, { orientation: 'landscape', area: `A1:E${testLast}`, titleRows: `${h}:${h}` });
  await protect(ws);

  // ── Answer key: correct answers, explanations, and each answer marked ────────
  key.columns = [{ width: 6 }, { width: 36 }, { width: 10 }, { width: 32 }, { width: 50 }, { width: 16 }, { width: 10 }, { width: 8 }, { width: 20 }];
  put(key, 'A1', `${L.sheets.key} — ${L.title}`, look, 'title');
  mergeAcross(key, 1, 1, 8);
  put(key, 'A2', L.keyLead, look, 'text');
  mergeAcross(key, 2, 1, 8);
  const countLabel = put(key, 'B3', L.correctCount, look, 'text');
  countLabel.font = { ...countLabel.font, bold: true };
  countLabel.alignment = { horizontal: 'right', vertical: 'middle' };
  putFormula(key, layout.key.count, `SUM(H${keyRow(0)}:H${keyLast})`, 0, look).numFmt = `0" / ${questions.length}"`;
  const kh = layout.key.header;
  [labels.no, L.question, L.correctAnswer, L.correctText, L.explanation, L.lesson, L.given, L.mark].forEach((text, i) =>
    put(key, `${col(i + 1)}${kh}`, text, look, 'header'),
  );
  put(key, `I${kh}`, labels.id, look, 'idHeader');
  questions.forEach((q, i) => {
    const r = keyRow(i);
    const answerCell = sheetRef(L.sheets.test, `E${testRow(i)}`);
    put(key, `A${r}`, i + 1, look, 'cellCentered');
    put(key, `B${r}`, paragraphs(t.text(q.text)), look, 'cell');
    put(key, `C${r}`, correctAnswer(q), look, 'cellCentered');
    const correctText =
      q.type === 'true-false' ? correctAnswer(q) : q.choices.filter((c) => c.correct).map((c) => `${c.id}) ${plain(c.text)}`).join('\n');
    put(key, `D${r}`, correctText, look, 'cell');
    put(key, `E${r}`, paragraphs(t.text(q.feedback)), look, 'cell');
    const lesson = q.lesson ? course.lessons.find((l) => l.id === q.lesson) : undefined;
    put(key, `F${r}`, lesson ? t.text(lesson.title) : '', look, 'cell');
    putFormula(key, `G${r}`, q.type === 'true-false' ? `TRIM(${answerCell})` : normalized(answerCell), '', look, 'cellCentered');
    putFormula(key, `H${r}`, markFormula(q, `G${r}`, `C${r}`), '', look).numFmt = '"✓";"✓";"✗"';
    put(key, `I${r}`, q.id, look, 'id');
  });
  key.addConditionalFormatting({
    ref: `H${keyRow(0)}:H${keyLast}`,
    rules: [
      {
        type: 'cellIs',
        operator: 'equal',
        priority: 1,
        formulae: [0],
        style: { font: { color: { argb: argb(look.colours.accent) } }, fill: { type: 'pattern', pattern: 'solid', bgColor: { argb: argb(tint(look.colours.accent, 0.8)) } } },
      },
    ],
  });
  key.getRow(1).height = 30;
  fitRows(key, look, 2, keyLast);
  freeze(key, kh + 1);
  setUpPrinting(key, look, labels, title, { orientation: 'landscape', area: `A1:H${keyLast}`, titleRows: `${kh}:${kh}` });
  await protect(key);

  return wb;
}

function howTo(q: Question, L: XlsxLabels['test'], tf: string[]): string {
  const ids = q.choices.map((c) => c.id);
  if (q.type === 'true-false') return fill(L.trueFalseHowTo, { labels: tf.join(' / ') });
  if (q.type === 'single-choice') return fill(L.singleHowTo, { ids: ids.join(', ') });
  return fill(L.multipleHowTo, { ids: ids.join(', '), example: `${ids[0]},${ids[ids.length - 1]}` });
}

/**
 * Single-choice and true-false answers come from a drop-down. A multiple-choice answer is
 * typed ("a,c"): the validation accepts only the choice ids, commas and spaces, checked by
 * removing each allowed piece and asking whether anything is left.
 */
function answerValidation(q: Question, cell: string, L: XlsxLabels['test'], prompt: string, tf: string[]): ExcelJS.DataValidation {
  const common = {
    allowBlank: true,
    showInputMessage: true,
    promptTitle: L.answerPromptTitle,
    prompt,
    showErrorMessage: true,
    errorStyle: 'stop',
    error: L.answerError,
  } as const;
  if (q.type !== 'multiple-choice') {
    const values = q.type === 'true-false' ? tf : q.choices.map((c) => c.id);
    const bad = values.find((v) => v.includes(',') || v.includes('"'));
    if (bad !== undefined) {
      throw new Error(
        `xlsx: the answer "${bad}" of question ${q.id} contains a comma or a double quote, which an Excel drop-down list cannot hold; change the true/false label in ui.yaml.`,
      );
    }
    return { type: 'list', formulae: [`"${values.join(',')}"`], ...common };
  }
  const pieces = [...q.choices.map((c) => c.id)].sort((a, b) => b.length - a.length);
  pieces.push(',', ' ', '\u3000', '\uff0c', '\u3001');
  const formula = `LEN(${pieces.reduce((inner, p) => `SUBSTITUTE(${inner},"${p}","")`, `LOWER(${cell})`)})=0`;
  if (formula.length <= validationFormulaMax) return { type: 'custom', formulae: [formula], ...common };
  // Ids too long to list within Excel's limit: keep the prompt, and let the marking judge.
  return { type: 'textLength', operator: 'lessThanOrEqual', formulae: [255], ...common };
}

/**
 * 1 when the answer is right, 0 when wrong, empty when not answered. A multiple-choice
 * answer is right when it holds exactly the key's ids in any order: each choice is in both
 * or in neither, and it is as long as the key (no repeats, nothing else).
 */
function markFormula(q: Question, given: string, keyCell: string): string {
  if (q.type === 'true-false') return `IF(${given}="","",IF(${given}=TRIM(${keyCell}),1,0))`;
  const expected = `LOWER(SUBSTITUTE(${keyCell}," ",""))`;
  if (q.type === 'single-choice') return `IF(${given}="","",IF(${given}=${expected},1,0))`;
  const has = (id: string, s: string) => `ISNUMBER(FIND(",${id},",","&${s}&","))`;
  const same = q.choices.map((c) => `${has(c.id, given)}=${has(c.id, expected)}`);
  return `IF(${given}="","",IF(AND(LEN(${given})=LEN(${expected}),${same.join(',')}),1,0))`;
}
