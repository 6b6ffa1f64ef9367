/**
 * What a customer changed in an Excel manuscript: the rows of the edited workbook matched by
 * their ID column to the rows of the same workbook as the build makes it, cell by cell.
 * Tables are found by their header labels, so inserted columns or rows do not confuse it.
 */
import type { Course, Lang, LikertItem } from '../model.ts';
import { labelsFor, type XlsxLabels } from '../targets/xlsx/labels.ts';
import { DONT_KNOW } from '../../player/spec/course-data.ts';
import type { ImportReport } from './report.ts';
import { cellText, type Sheet } from './xlsx-read.ts';
import { idPattern as idRe } from '../../player/spec/identifiers.ts';

export interface QuestionChange {
  id: string;
  row: number;
  text: string | null;
  /** Choice id → new text, for choices whose text changed. */
  choices: Map<string, string>;
  addedChoices: { id: string; text: string }[];
  removedChoices: string[];
  /** The correct choice ids (true-false: the answer). */
  correct: string[] | boolean | null;
  feedback: string | null;
}

export interface AddedQuestion {
  id: string;
  row: number;
  type: 'single-choice' | 'multiple-choice' | 'true-false';
  text: string;
  choices: { id: string; text: string }[];
  correct: string[] | boolean;
  feedback: string;
}

export interface ItemChange {
  id: string;
  row: number;
  text: string | null;
  theme: string | null;
}

export interface AddedItem {
  id: string;
  row: number;
  type: 'likert' | 'text';
  theme: string | null;
  text: string;
  required: boolean;
  maxLength: number | null;
  /** A new Likert item's scale (its theme's), and whether it offers "don't know". */
  scale: string | null;
  dontKnow: boolean;
}

/**
 * A label changed on the options sheet: a point of a scale, "don't know", a department, or an
 * option of a choice item.
 */
export interface OptionLabelChange {
  kind: 'scale' | 'dontKnow' | 'departments' | 'item';
  /** The scale's or the item's id; `departments` for a department. */
  list: string;
  /** The point's, department's or option's id; `dk` for "don't know". */
  id: string;
  row: number;
  label: string;
}

export interface WorkbookChanges {
  lang: Lang;
  questions: QuestionChange[];
  addedQuestions: AddedQuestion[];
  removedQuestions: string[];
  items: ItemChange[];
  addedItems: AddedItem[];
  removedItems: string[];
  optionLabels: OptionLabelChange[];
}

export interface Table {
  sheet: Sheet;
  header: number;
  col: (label: string) => number;
  /** Data rows below the header, in order, with their id cell. */
  rows: { row: number; id: string }[];
}

/** The table on any sheet whose header row holds every label in `labels` (ID column included). */
export function findTable(sheets: Sheet[], labels: string[], idLabel: string): Table | null {
  for (const sheet of sheets) {
    for (const [r, cells] of [...sheet.rows].sort((a, b) => a[0] - b[0])) {
      const values = [...cells].map(([c, cell]) => [c, cell.value.trim()] as const);
      if (![...labels, idLabel].every((l) => values.some(([, v]) => v === l))) continue;
      const cols = new Map<string, number>();
      for (const [c, v] of values.sort((a, b) => a[0] - b[0])) if (!cols.has(v)) cols.set(v, c);
      const idCol = cols.get(idLabel)!;
      const rows = [...sheet.rows.keys()]
        .filter((x) => x > r)
        .sort((a, b) => a - b)
        .map((row) => ({ row, id: cellText(sheet, row, idCol).trim() }));
      return { sheet, header: r, col: (label) => cols.get(label) ?? -1, rows };
    }
  }
  return null;
}

/**
 * Sheets a person added (notes, a copy, a chart's data) hold nothing the import reads: say so,
 * since the summary cannot show that they were left out. A sheet holding one of the tables
 * the import reads counts as the workbook's own, whatever it was renamed to.
 */
function noteOtherSheets(base: Sheet[], edited: Sheet[], read: (Table | null)[], report: ImportReport): void {
  const own = new Set(base.map((s) => s.name));
  const other = edited.filter((s) => !own.has(s.name) && !read.some((t) => t?.sheet === s) && s.rows.size > 0).map((s) => `"${s.name}"`);
  if (other.length === 1) report.note(`The sheet ${other[0]} is not one of the workbook's own; nothing on it is imported.`);
  else if (other.length) report.note(`The sheets ${other.join(', ')} are not the workbook's own; nothing on them is imported.`);
}

/** The text of a cell for the sources: a formula is kept as its own text and never calculated. */
function textCell(t: Table, row: number, label: string, report: ImportReport | null, where: string): string {
  const col = t.col(label);
  if (col < 0) return '';
  const cell = t.sheet.rows.get(row)?.get(col);
  if (!cell) return '';
  if (cell.formula !== null) {
    report?.report('FormulaInCell', `${where}: the cell in column "${label}" holds the formula =${cell.formula}; its text is imported as plain text, not its result.`);
    return `=${cell.formula}`.trim();
  }
  if (/^\s*=/.test(cell.value)) report?.report('FormulaInCell', `${where}: the text in column "${label}" starts with "=" like a formula; it is imported as plain text.`);
  return cell.value.replace(/\r\n?/g, '\n').trim();
}

function newId(prev: string | null, first: string, taken: Set<string>): string {
  const stem = prev ? `${prev.slice(0, 33)}_added` : first;
  let id = stem;
  for (let n = 2; taken.has(id); n++) id = `${stem}_${n}`;
  taken.add(id);
  return id;
}

/** The customer's own id for a new row when it is valid and free, else one made from the row above. */
function claimId(rawId: string, prev: string | null, first: string, taken: Set<string>): string {
  if (rawId && idRe.test(rawId) && !taken.has(rawId)) {
    taken.add(rawId);
    return rawId;
  }
  return newId(prev, first, taken);
}

/** "a) text" lines → choice id → text; lines without an id continue the choice above. */
export function parseChoices(cell: string): { id: string; text: string }[] {
  const out: { id: string; text: string }[] = [];
  for (const line of cell.split('\n')) {
    const m = /^\s*([a-z0-9_]{1,40})\s*[)）]\s*(.*)$/.exec(line);
    if (m) out.push({ id: m[1]!, text: m[2]!.trim() });
    else if (out.length && line.trim()) out[out.length - 1]!.text += ` ${line.trim()}`;
  }
  return out;
}

function parseCorrect(cell: string): string[] {
  return cell
    .toLowerCase()
    .split(/[\s,，、;]+/)
    .map((s) => s.replace(/[)）.]$/, ''))
    .filter(Boolean)
    .sort();
}

/**
 * The confirmation test is two workbooks, and `base` holds both as built: the learner's (its
 * test table has the questions and choices) and the trainer's (its answer key has the
 * questions, choices, correct answers and explanations, so it is the test table and the key in
 * one). `edited` is either one, or a workbook from before the split that held both sheets.
 * The learner's workbook has no key: its questions and choices are imported, and the answers
 * stay as they are.
 */
export function diffTestWorkbook(course: Course, lang: Lang, base: Sheet[], edited: Sheet[], report: ImportReport): WorkbookChanges {
  const labels = labelsFor(lang);
  const L = labels.test;
  const changes: WorkbookChanges = { lang, questions: [], addedQuestions: [], removedQuestions: [], items: [], addedItems: [], removedItems: [], optionLabels: [] };
  const testLabels = [L.question, L.choices];
  const keyLabels = [L.correctAnswer, L.explanation];
  // The test table proper when there is one beside the key (the learner's sheet, or a copy of
  // it in the trainer's workbook); else the key, which has the questions and choices too.
  const testTable = (sheets: Sheet[], key: Table | null) =>
    findTable(sheets.filter((sh) => sh !== key?.sheet), testLabels, labels.id) ?? findTable(sheets, testLabels, labels.id);
  const bk = findTable(base, keyLabels, labels.id)!;
  const bt = testTable(base, bk)!;
  const ek = findTable(edited, keyLabels, labels.id);
  const et = testTable(edited, ek);
  if (!et) {
    report.report(
      'NotAManuscript',
      `The workbook has no table of questions (a header row with "${L.question}", "${L.choices}" and "${labels.id}": "${L.sheets.test}" in the learner's workbook, "${L.sheets.key}" in the trainer's); it cannot be matched to the question bank.`,
    );
    return changes;
  }
  noteOtherSheets(base, edited, [et, ek], report);
  const where = (t: Table, row: number) => `sheet "${t.sheet.name}", row ${row}`;
  const baseRow = (t: Table, id: string) => t.rows.find((r) => r.id === id);
  const tfLabels = (id: string) => course.questions.find((q) => q.id === id)?.choices;

  const known = new Set(course.questions.map((q) => q.id));
  const seen = new Set<string>();
  const taken = new Set(known);
  let prev: string | null = null;
  for (const { row, id: rawId } of et.rows) {
    const question = textCell(et, row, L.question, report, where(et, row));
    const choicesCell = textCell(et, row, L.choices, report, where(et, row));
    if (!rawId && !question) continue;
    const id = rawId && known.has(rawId) && !seen.has(rawId) ? rawId : null;
    if (id) {
      seen.add(id);
      prev = id;
      const q = course.questions.find((x) => x.id === id)!;
      const b = baseRow(bt, id)!;
      const kb = baseRow(bk, id);
      const kr = ek ? ek.rows.find((r) => r.id === id) : undefined;
      const change: QuestionChange = { id, row, text: null, choices: new Map(), addedChoices: [], removedChoices: [], correct: null, feedback: null };
      // The question's text is on both sheets: a change on either counts.
      const baseText = textCell(bt, b.row, L.question, null, '');
      const keyText = kr && ek ? textCell(ek, kr.row, L.question, report, where(ek, kr.row)) : baseText;
      if (question !== baseText && keyText !== baseText && question !== keyText) {
        report.report('ConflictingEdits', `Question ${id}: its text differs on "${et.sheet.name}" (row ${row}) and "${ek!.sheet.name}" (row ${kr!.row}); the text on "${et.sheet.name}" is imported.`);
      }
      const newText = question !== baseText ? question : keyText;
      if (newText !== baseText && newText) change.text = newText;
      if (q.type !== 'true-false') {
        const was = parseChoices(textCell(bt, b.row, L.choices, null, ''));
        const now = parseChoices(choicesCell);
        if (now.length === 0 && choicesCell) {
          report.report('IncompleteItem', `${where(et, row)}: the choices of question ${id} are not written as "a) text" lines; they are kept as they were.`);
        } else {
          for (const c of now) {
            const w = was.find((x) => x.id === c.id);
            if (!w) change.addedChoices.push(c);
            else if (w.text !== c.text) change.choices.set(c.id, c.text);
          }
          for (const w of was) if (!now.some((c) => c.id === w.id)) change.removedChoices.push(w.id);
        }
      }
      if (kr && ek && kb) {
        const correctNow = textCell(ek, kr.row, L.correctAnswer, report, where(ek, kr.row));
        const correctWas = textCell(bk, kb.row, L.correctAnswer, null, '');
        if (correctNow.replace(/\s/g, '').toLowerCase() !== correctWas.replace(/\s/g, '').toLowerCase()) {
          if (q.type === 'true-false') {
            const tf = tfLabels(id)!;
            const match = tf.find((c) => correctNow.trim().toLowerCase() === textForChoice(c.text[lang] ?? '').toLowerCase());
            if (match) change.correct = match.id === 'true';
            else report.report('AnswerNotUnderstood', `${where(ek, kr.row)}: "${correctNow}" is not one of ${tf.map((c) => `"${textForChoice(c.text[lang] ?? '')}"`).join(' or ')}; the answer of ${id} is kept.`);
          } else {
            const ids = parseCorrect(correctNow);
            const valid = new Set([...q.choices.map((c) => c.id), ...change.addedChoices.map((c) => c.id)].filter((c) => !change.removedChoices.includes(c)));
            if (ids.length && ids.every((x) => valid.has(x))) change.correct = ids;
            else report.report('AnswerNotUnderstood', `${where(ek, kr.row)}: "${correctNow}" does not name choices of ${id} (${[...valid].join(', ')}); its answer is kept.`);
          }
        }
        const fbNow = textCell(ek, kr.row, L.explanation, report, where(ek, kr.row));
        const fbWas = textCell(bk, kb.row, L.explanation, null, '');
        if (fbNow !== fbWas && fbNow) change.feedback = fbNow;
      }
      if (change.text !== null || change.choices.size || change.addedChoices.length || change.removedChoices.length || change.correct !== null || change.feedback !== null) changes.questions.push(change);
      continue;
    }
    // A row the bank does not have: an added question.
    if (rawId && !idRe.test(rawId)) report.report('UnknownRowId', `${where(et, row)}: "${rawId}" is not a valid id; the row is imported as a new question with an id of its own.`);
    else if (rawId && seen.has(rawId)) report.report('UnknownRowId', `${where(et, row)}: the id ${rawId} appears a second time; the row is imported as a new question.`);
    const addedId = claimId(rawId, prev, 'q_added', taken);
    prev = addedId;
    const kr = ek?.rows.find((r) => (rawId && r.id === rawId) || (!r.id && textCell(ek, r.row, L.question, null, '') === question));
    const choices = parseChoices(choicesCell);
    const correctCell = kr && ek ? textCell(ek, kr.row, L.correctAnswer, report, where(ek, kr.row)) : '';
    const feedback = kr && ek ? textCell(ek, kr.row, L.explanation, report, where(ek, kr.row)) : '';
    const tf = course.questions.find((q) => q.type === 'true-false')?.choices.map((c) => ({ id: c.id, label: textForChoice(c.text[lang] ?? '') }));
    const tfMatch = tf?.find((c) => c.label.toLowerCase() === correctCell.trim().toLowerCase());
    if (!ek) {
      report.report(
        'IncompleteItem',
        `${where(et, row)}: a new question needs its correct answer and explanation, which the learner's workbook does not hold; add it to "${L.sheets.key}" in the trainer's workbook (…-confirmation-test-trainer.xlsx) and import that. It is not imported.`,
      );
      continue;
    }
    const problems: string[] = [];
    if (!question) problems.push('no question text');
    if (!kr) problems.push(`no row in "${ek.sheet.name}" with its id or its question text`);
    if (!feedback) problems.push('no explanation');
    let added: AddedQuestion;
    if (choices.length === 0 && tfMatch) {
      added = { id: addedId, row, type: 'true-false', text: question, choices: [], correct: tfMatch.id === 'true', feedback };
    } else {
      const ids = parseCorrect(correctCell);
      if (choices.length < 2) problems.push('fewer than two choices written as "a) text" lines');
      else if (!ids.length || !ids.every((x) => choices.some((c) => c.id === x))) problems.push(`a correct answer ("${correctCell}") that does not name its choices`);
      added = { id: addedId, row, type: ids.length > 1 ? 'multiple-choice' : 'single-choice', text: question, choices, correct: ids, feedback };
    }
    if (problems.length) {
      report.report('IncompleteItem', `${where(et, row)}: the new question has ${problems.join(', ')}; it is not imported.`);
      continue;
    }
    changes.addedQuestions.push(added);
  }
  for (const q of course.questions) if (!seen.has(q.id)) changes.removedQuestions.push(q.id);
  return changes;
}

/** True/false labels are plain text in the workbook. */
function textForChoice(s: string): string {
  return s.replace(/\*\*|__|[*_`]/g, '').trim();
}

export function diffSurveyWorkbook(course: Course, lang: Lang, base: Sheet[], edited: Sheet[], report: ImportReport, org: Record<string, string>): WorkbookChanges {
  const labels = labelsFor(lang);
  const L = labels.survey;
  const changes: WorkbookChanges = { lang, questions: [], addedQuestions: [], removedQuestions: [], items: [], addedItems: [], removedItems: [], optionLabels: [] };
  const formLabels = [labels.theme, L.item, L.howTo];
  const bf = findTable(base, formLabels, labels.id)!;
  const ef = findTable(edited, formLabels, labels.id);
  if (!ef) {
    report.report('NotAManuscript', `The workbook has no "${L.sheets.survey}" table (a header row with "${labels.theme}", "${L.item}", "${L.howTo}" and "${labels.id}"); it cannot be matched to the survey.`);
    return changes;
  }
  const optionLabels = [L.value, L.label, L.list];
  const bo = findTable(base, optionLabels, labels.id);
  const eo = findTable(edited, optionLabels, labels.id);
  noteOtherSheets(base, edited, [ef, eo], report);
  const where = (row: number) => `sheet "${ef.sheet.name}", row ${row}`;
  const fill = (s: string) => s.replace(/\{\{\s*org\.(\w+)\s*\}\}/g, (m, k: string) => org[k] ?? m);
  const themeByTitle = new Map(course.survey.themes.map((t) => [fill(t.title[lang] ?? '').trim(), t.id]));
  const known = new Set(course.survey.items.map((i) => i.id));
  const seen = new Set<string>();
  const taken = new Set(known);
  /** A how-to text with one `{token}`, as a pattern that captures the token's value. */
  const howToPattern = (label: string) => new RegExp(`^${escapeRe(label).replace(/\\\{\w+\\\}/, '(.+)')}$`);
  let prev: string | null = null;
  for (const { row, id: rawId } of ef.rows) {
    const text = textCell(ef, row, L.item, report, where(row));
    const themeCell = textCell(ef, row, labels.theme, report, where(row));
    if (!rawId && !text) continue;
    const id = rawId && known.has(rawId) && !seen.has(rawId) ? rawId : null;
    const theme = themeByTitle.get(themeCell) ?? null;
    if (id) {
      seen.add(id);
      prev = id;
      const b = bf.rows.find((r) => r.id === id)!;
      const baseText = textCell(bf, b.row, L.item, null, '');
      const baseTheme = textCell(bf, b.row, labels.theme, null, '');
      const change: ItemChange = { id, row, text: text && text !== baseText ? text : null, theme: null };
      if (themeCell !== baseTheme) {
        const item = course.survey.items.find((i) => i.id === id)!;
        if (theme && theme !== item.theme) change.theme = theme;
        else if (!theme) report.report('UnknownRowId', `${where(row)}: the theme "${themeCell}" is not one of the survey's themes (${[...themeByTitle.keys()].join(', ')}); the theme of ${id} is kept.`);
      }
      if (change.text !== null || change.theme !== null) changes.items.push(change);
      continue;
    }
    if (rawId && !idRe.test(rawId)) report.report('UnknownRowId', `${where(row)}: "${rawId}" is not a valid id; the row is imported as a new item with an id of its own.`);
    const newItemId = claimId(rawId, prev, 'added_item', taken);
    prev = newItemId;
    if (!text) {
      report.report('IncompleteItem', `${where(row)}: the new item has no text; it is not imported.`);
      continue;
    }
    const howTo = textCell(ef, row, L.howTo, report, where(row));
    const freeText = howToPattern(L.textHowTo).exec(howTo);
    const freeRequired = howToPattern(L.textHowToRequired).exec(howTo);
    const withDontKnow = howToPattern(L.likertDontKnowHowTo).test(howTo);
    const likert = howTo === L.likertHowTo || withDontKnow;
    const choice = !likert && ([L.choiceHowTo, L.choiceHowToRequired].includes(howTo) || [L.multipleHowTo, L.multipleHowToRequired].some((l) => howToPattern(l).test(howTo.split('\n')[0]!)));
    if (choice) {
      report.report('IncompleteItem', `${where(row)}: the new item is a choice item, whose options the workbook cannot add; add it to the variant's survey.yaml instead. It is not imported.`);
      continue;
    }
    // The kind of item: as its "how to answer" says, else Likert when it names a theme.
    const type: AddedItem['type'] = freeText || freeRequired ? 'text' : likert || theme ? 'likert' : 'text';
    if (type === 'likert' && !theme) {
      report.report('IncompleteItem', `${where(row)}: the new rating item names no theme of the survey (${[...themeByTitle.keys()].join(', ')}); it is not imported.`);
      continue;
    }
    let scale: string | null = null;
    let dontKnow = false;
    if (type === 'likert') {
      // A new rating item answers on the scale of its theme's items, which the workbook's row
      // cannot name otherwise; "don't know" as its how-to says, or as its theme's items offer it.
      const siblings = course.survey.items.filter((i): i is LikertItem => i.type === 'likert' && i.theme === theme);
      const scales = [...new Set(siblings.map((i) => i.scale))];
      scale = scales.length === 1 ? scales[0]! : course.survey.scales.length === 1 ? course.survey.scales[0]!.id : null;
      if (!scale) {
        report.report('IncompleteItem', `${where(row)}: the new rating item's theme has items on ${scales.length ? `several scales (${scales.join(', ')})` : 'no scale'}, so its scale cannot be told; add it to the variant's survey.yaml instead. It is not imported.`);
        continue;
      }
      dontKnow = withDontKnow || (howTo === '' && siblings.length > 0 && siblings.every((i) => i.dontKnow));
    }
    const max = Number((freeText ?? freeRequired)?.[1] ?? 0) || null;
    changes.addedItems.push({ id: newItemId, row, type, theme, text, required: !!freeRequired, maxLength: type === 'text' ? max : null, scale, dontKnow });
  }
  for (const i of course.survey.items) if (!seen.has(i.id)) changes.removedItems.push(i.id);
  if (bo && eo) changes.optionLabels = diffOptionLabels(course, bo, eo, L, report);
  else if (bo && !eo) report.note(`The workbook has no "${L.sheets.options}" table; the labels of the answers are kept as they are.`);
  return changes;
}

/**
 * The labels edited on the options sheet, matched to the workbook as built by their list and
 * id. Rows cannot add or remove answers (those are the course's ids): such rows are noted.
 */
function diffOptionLabels(course: Course, base: Table, edited: Table, L: XlsxLabels['survey'], report: ImportReport): OptionLabelChange[] {
  const out: OptionLabelChange[] = [];
  const listCol = (t: Table) => t.col(L.list);
  const key = (t: Table, row: number, id: string) => `${cellText(t.sheet, row, listCol(t)).trim()}|${id}`;
  const baseRows = new Map(base.rows.filter((r) => r.id).map((r) => [key(base, r.row, r.id), r.row]));
  const seen = new Set<string>();
  const where = (row: number) => `sheet "${edited.sheet.name}", row ${row}`;
  const scaleIds = new Set(course.survey.scales.map((s) => s.id));
  for (const { row, id } of edited.rows) {
    if (!id) continue;
    const k = key(edited, row, id);
    const was = baseRows.get(k);
    if (was === undefined || seen.has(k)) {
      report.report('UnknownRowId', `${where(row)}: the answer "${k.replace('|', ' / ')}" is not one of the lists of the survey; the options sheet can change wording only, so the row is not imported.`);
      continue;
    }
    seen.add(k);
    const label = textCell(edited, row, L.label, report, where(row));
    const before = textCell(base, was, L.label, null, '');
    if (!label || label === before) continue;
    const list = k.slice(0, k.indexOf('|'));
    const kind: OptionLabelChange['kind'] = id === DONT_KNOW && scaleIds.has(list) ? 'dontKnow' : scaleIds.has(list) ? 'scale' : list === 'departments' ? 'departments' : 'item';
    out.push({ kind, list, id, row, label });
  }
  const gone = [...baseRows.keys()].filter((k) => !seen.has(k));
  if (gone.length) report.note(`Rows deleted from the options sheet are kept in the course: ${gone.map((k) => k.replace('|', ' / ')).join(', ')}.`);
  return out;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
