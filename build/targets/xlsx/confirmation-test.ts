/**
 * The confirmation test as two workbooks. The learner's holds the whole question bank with an
 * answer cell per question and nothing that gives the answers away: no key, no marking
 * formula, no hidden sheet. The trainer's holds the answer key with the explanations, and a
 * scoring sheet into which a learner's answers are pasted, to be marked, scored and passed or
 * failed by formula at the course's passing score.
 *
 * The test sheet, the key and the scoring sheet put question n on the same row, so that a
 * learner's answer column pastes straight into the scoring sheet and "row 12" means the same
 * question in both workbooks.
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

/** The header row of the test, the key and the scoring sheet alike; question n is on row header + n. */
export const questionHeaderRow = 7;
const questionRow = (i: number) => questionHeaderRow + 1 + i;

/** Columns of each sheet, by what they hold. */
const columns = {
  test: { answer: 'E', id: 'F' },
  key: { correct: 'D', id: 'G' },
  scoring: { answer: 'C', readAs: 'D', correct: 'E', mark: 'F', id: 'G', score: 'E3', passingScore: 'E4', result: 'E5', count: 'C5' },
};

/** The file names of the two workbooks, which each one's instructions name. */
export interface TestFiles {
  learner: string;
  trainer: string;
}

/**
 * An answer as the marking compares it: lower case, no spaces, and the Japanese commas an
 * IME types (，、) read as ",".
 */
function normalized(ref: string): string {
  return `LOWER(SUBSTITUTE(SUBSTITUTE(SUBSTITUTE(SUBSTITUTE(${ref}," ",""),"\u3000",""),"\uff0c",","),"\u3001",","))`;
}

interface Texts {
  title: string;
  plain: (v: Record<string, string>) => string;
  tfLabels: (q: Question) => string[];
  choicesText: (q: Question) => string;
}

function texts(course: Course, lang: Lang): Texts {
  const t = textFor(course, lang);
  const plain = (v: Record<string, string>) => plainText(t.text(v));
  const tfLabels = (q: Question) => q.choices.map((c) => plain(c.text));
  return {
    title: t.text(course.title),
    plain,
    tfLabels,
    choicesText: (q) => (q.type === 'true-false' ? tfLabels(q).join(' / ') : q.choices.map((c) => `${c.id}) ${plain(c.text)}`).join('\n')),
  };
}

/** The values a learner enters, by question, and the validation of each answer cell. */
function answerValidations(questions: Question[], column: string, L: XlsxLabels['test'], x: Texts) {
  return questions.map((q, i) => ({
    row: questionRow(i),
    validation: answerValidation(q, `${column}${questionRow(i)}`, L, howTo(q, L, x.tfLabels(q)), x.tfLabels(q)),
  }));
}

/** A right-aligned bold label before an input or result cell. */
function label(ws: ExcelJS.Worksheet, address: string, text: string, look: Look): void {
  const cell = put(ws, address, text, look, 'text');
  cell.font = { ...cell.font, bold: true };
  cell.alignment = { horizontal: 'right', vertical: 'middle' };
}

/** The learner's workbook: instructions and the test. */
export async function learnerWorkbook(course: Course, lang: Lang, labels: XlsxLabels, look: Look): Promise<ExcelJS.Workbook> {
  const t = textFor(course, lang);
  const L = labels.test;
  const x = texts(course, lang);
  const wb = newWorkbook(course, lang, `${L.title} — ${x.title}`, 'confirmation-test', 'learner');
  const questions = course.questions;

  instructionsSheet(wb, look, labels, {
    name: L.sheets.instructions,
    title: L.title,
    course: x.title,
    intro: [t.text(course.description)],
    steps: L.steps.map((s) => fill(s, { count: questions.length, passingScore: course.test.passingScore })),
  });

  const ws = wb.addWorksheet(L.sheets.test, { properties: { tabColor: { argb: argb(look.colours.primary) } } });
  const last = questionRow(questions.length - 1);
  ws.columns = [{ width: 6 }, { width: 44 }, { width: 58 }, { width: 20 }, { width: 14 }, { width: 20 }];
  put(ws, 'A1', `${L.title} — ${x.title}`, look, 'title');
  mergeAcross(ws, 1, 1, 5);
  put(ws, 'A2', L.testLead, look, 'text');
  mergeAcross(ws, 2, 1, 5);
  label(ws, 'B3', L.name, look);
  put(ws, 'C3', null, look, 'input');
  label(ws, 'B4', L.date, look);
  put(ws, 'C4', null, look, 'input');
  put(ws, 'A5', L.handIn, look, 'note');
  mergeAcross(ws, 5, 1, 5);
  const h = questionHeaderRow;
  [labels.no, L.question, L.choices, L.howTo, L.answer].forEach((text, i) => put(ws, `${col(i + 1)}${h}`, text, look, 'header'));
  put(ws, `F${h}`, labels.id, look, 'idHeader');
  questions.forEach((q, i) => {
    const r = questionRow(i);
    put(ws, `A${r}`, i + 1, look, 'cellCentered');
    put(ws, `B${r}`, paragraphs(t.text(q.text)), look, 'cell');
    put(ws, `C${r}`, x.choicesText(q), look, 'cell');
    put(ws, `D${r}`, howTo(q, L, x.tfLabels(q)), look, 'cell');
    put(ws, `E${r}`, null, look, 'inputCentered');
    put(ws, `F${r}`, q.id, look, 'id');
  });
  validateColumn(ws, columns.test.answer, answerValidations(questions, columns.test.answer, L, x));
  ws.getRow(1).height = 30;
  fitRows(ws, look, 2, last);
  freeze(ws, h + 1);
  setUpPrinting(ws, look, labels, x.title, { orientation: 'landscape', area: `A1:E${last}`, titleRows: `${h}:${h}` });
  // Nothing on the sheet is a formula; protection keeps the questions from being typed over by accident.
  await protect(ws);
  return wb;
}

/** The trainer's workbook: instructions, the answer key, and the scoring sheet. */
export async function trainerWorkbook(course: Course, lang: Lang, labels: XlsxLabels, look: Look, files: TestFiles): Promise<ExcelJS.Workbook> {
  const t = textFor(course, lang);
  const L = labels.test;
  const x = texts(course, lang);
  const wb = newWorkbook(course, lang, `${L.trainerTitle} — ${x.title}`, 'confirmation-test', 'trainer');
  const questions = course.questions;
  const first = questionRow(0);
  const last = questionRow(questions.length - 1);
  const h = questionHeaderRow;
  const correctAnswer = (q: Question) =>
    q.type === 'true-false' ? x.plain(q.choices.find((c) => c.correct)!.text) : q.choices.filter((c) => c.correct).map((c) => c.id).join(',');

  instructionsSheet(wb, look, labels, {
    name: L.sheets.instructions,
    title: L.trainerTitle,
    course: x.title,
    intro: [fill(L.trainerIntro, { learnerFile: files.learner })],
    steps: L.trainerSteps.map((s) =>
      fill(s, {
        count: questions.length,
        perAttempt: Math.min(course.test.questionsPerAttempt, questions.length),
        passingScore: course.test.passingScore,
        answers: `${columns.test.answer}${first}:${columns.test.answer}${last}`,
        paste: `${columns.scoring.answer}${first}`,
      }),
    ),
  });

  // ── Answer key: each question with its choices, correct answer and explanation ──
  const key = wb.addWorksheet(L.sheets.key, { properties: { tabColor: { argb: argb(look.colours.accent) } } });
  key.columns = [{ width: 6 }, { width: 40 }, { width: 40 }, { width: 10 }, { width: 56 }, { width: 18 }, { width: 20 }];
  put(key, 'A1', `${L.sheets.key} — ${L.title}`, look, 'title');
  mergeAcross(key, 1, 1, 6);
  put(key, 'A2', L.keyLead, look, 'text');
  mergeAcross(key, 2, 1, 6);
  [labels.no, L.question, L.choices, L.correctAnswer, L.explanation, L.lesson].forEach((text, i) => put(key, `${col(i + 1)}${h}`, text, look, 'header'));
  put(key, `${columns.key.id}${h}`, labels.id, look, 'idHeader');
  questions.forEach((q, i) => {
    const r = questionRow(i);
    put(key, `A${r}`, i + 1, look, 'cellCentered');
    put(key, `B${r}`, paragraphs(t.text(q.text)), look, 'cell');
    put(key, `C${r}`, x.choicesText(q), look, 'cell');
    put(key, `D${r}`, correctAnswer(q), look, 'cellCentered');
    put(key, `E${r}`, paragraphs(t.text(q.feedback)), look, 'cell');
    const lesson = q.lesson ? course.lessons.find((l) => l.id === q.lesson) : undefined;
    put(key, `F${r}`, lesson ? t.text(lesson.title) : '', look, 'cell');
    put(key, `${columns.key.id}${r}`, q.id, look, 'id');
  });
  key.getRow(1).height = 30;
  fitRows(key, look, 2, last);
  // Rows the test and scoring sheets use for the name, date and score stay empty here: keep them thin.
  for (let r = 3; r < h; r++) key.getRow(r).height = 6;
  freeze(key, h + 1);
  setUpPrinting(key, look, labels, x.title, { orientation: 'landscape', area: `A1:F${last}`, titleRows: `${h}:${h}` });
  // Not protected: it holds no formula, and editing the key is what the trainer may want to do.

  // ── Scoring: one learner's answers, marked against the key ──────────────────
  const sc = wb.addWorksheet(L.sheets.scoring, { properties: { tabColor: { argb: argb(look.colours.primary) } } });
  const c = columns.scoring;
  sc.columns = [{ width: 6 }, { width: 48 }, { width: 16 }, { width: 14 }, { width: 13 }, { width: 9 }, { width: 20 }];
  put(sc, 'A1', `${L.sheets.scoring} — ${L.title}`, look, 'title');
  mergeAcross(sc, 1, 1, 6);
  put(sc, 'A2', L.scoringLead, look, 'text');
  mergeAcross(sc, 2, 1, 6);
  const marks = `${c.mark}${first}:${c.mark}${last}`;
  label(sc, 'B3', L.name, look);
  put(sc, 'C3', null, look, 'input');
  label(sc, 'B4', L.date, look);
  put(sc, 'C4', null, look, 'input');
  label(sc, 'B5', L.correctCount, look);
  putFormula(sc, c.count, `SUM(${marks})`, 0, look).numFmt = `0" / ${questions.length}"`;
  label(sc, 'D3', L.score, look);
  putFormula(sc, c.score, `ROUND(SUM(${marks})/ROWS(${marks}),4)`, 0, look).numFmt = '0.0%';
  label(sc, 'D4', L.passingScore, look);
  put(sc, c.passingScore, course.test.passingScore / 100, look, 'cellCentered').numFmt = '0%';
  label(sc, 'D5', L.result, look);
  putFormula(
    sc,
    c.result,
    `IF(COUNTA(${c.answer}${first}:${c.answer}${last})=0,"",IF(${c.score}>=${c.passingScore},${formulaString(L.pass)},${formulaString(L.fail)}))`,
    '',
    look,
  );
  sc.addConditionalFormatting({
    ref: c.result,
    rules: [
      {
        type: 'expression',
        priority: 1,
        formulae: [`AND(${c.result}<>"",${c.score}>=${c.passingScore})`],
        style: { fill: { type: 'pattern', pattern: 'solid', bgColor: { argb: argb(tint(look.colours.primary, 0.8)) } } },
      },
      {
        type: 'expression',
        priority: 2,
        formulae: [`AND(${c.result}<>"",${c.score}<${c.passingScore})`],
        style: {
          fill: { type: 'pattern', pattern: 'solid', bgColor: { argb: argb(tint(look.colours.accent, 0.8)) } },
          font: { color: { argb: argb(look.colours.accent) } },
        },
      },
    ],
  });
  [labels.no, L.question, L.answer, L.readAs, L.correctAnswer, L.mark].forEach((text, i) => put(sc, `${col(i + 1)}${h}`, text, look, 'header'));
  put(sc, `${c.id}${h}`, labels.id, look, 'idHeader');
  questions.forEach((q, i) => {
    const r = questionRow(i);
    put(sc, `A${r}`, i + 1, look, 'cellCentered');
    put(sc, `B${r}`, paragraphs(t.text(q.text)), look, 'cell');
    put(sc, `${c.answer}${r}`, null, look, 'inputCentered');
    const answer = `${c.answer}${r}`;
    putFormula(sc, `${c.readAs}${r}`, q.type === 'true-false' ? `TRIM(${answer})` : normalized(answer), '', look, 'cellCentered');
    // The key's own cell: an answer corrected on the key is what the marking then expects.
    putFormula(sc, `${c.correct}${r}`, sheetRef(L.sheets.key, `${columns.key.correct}${r}`), correctAnswer(q), look, 'cellCentered');
    putFormula(sc, `${c.mark}${r}`, markFormula(q, `${c.readAs}${r}`, `${c.correct}${r}`), '', look).numFmt = '"✓";"✓";"✗"';
    put(sc, `${c.id}${r}`, q.id, look, 'id');
  });
  validateColumn(sc, c.answer, answerValidations(questions, c.answer, L, x));
  sc.addConditionalFormatting({
    ref: marks,
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
  sc.getRow(1).height = 30;
  fitRows(sc, look, 2, last);
  freeze(sc, h + 1);
  setUpPrinting(sc, look, labels, x.title, { orientation: 'landscape', area: `A1:F${last}`, titleRows: `${h}:${h}` });
  await protect(sc);

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
 * removing each allowed piece and asking whether anything is left. Every choice is listed,
 * never only the correct ones: the learner's workbook carries these too.
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
