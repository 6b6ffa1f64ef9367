/**
 * The responses sheet of our own awareness-survey workbook, as trainers fill it in by hand in
 * classroom sessions (Excel or LibreOffice): one Submission per respondent row.
 *
 * The workbook is read with the importer's safe reader (build/import: zip and XML limits, no
 * formula ever evaluated). Each item column's answers are mapped to the ids the LMS would record
 * through the workbook's own options sheet, the lists the respondent's drop-downs showed: the
 * column's data validation names the list, the list's rows give each label its id. So a label a
 * customer edited still maps, and the reader needs nothing of the course.
 */
import path from 'node:path';
import { findTable, type Table } from '../../import/xlsx-diff.ts';
import { manuscriptKeywords, openPackage, type OoxmlPackage } from '../../import/package.ts';
import { cellRef, cellText, parseRef, readWorkbook, type Sheet } from '../../import/xlsx-read.ts';
import { findAll, textOf, type XmlElement } from '../../import/xml.ts';
import { ArchiveError } from '../../import/zip.ts';
import { XmlError } from '../../import/xml.ts';
import { xlsxLabels, type XlsxLabels } from '../../targets/xlsx/labels.ts';
import { ReportInputError, type RecordedAnswer, type Submission } from '../model.ts';

/** The keyword the survey workbook's properties carry (build/targets/xlsx/workbook.ts). */
const SURVEY_MANUSCRIPT = 'awareness-survey';

/** Where the responses sheet keeps things (build/targets/xlsx/survey.ts, `layout.responses`). */
const responses = { idRow: 4, firstRow: 5, noColumn: 1, firstItemColumn: 2 };

/** A survey workbook's package, or null when the bytes are something else. */
function surveyPackage(bytes: Uint8Array, file: string): OoxmlPackage | null {
  let pkg: OoxmlPackage;
  try {
    pkg = openPackage(bytes, file);
  } catch (e) {
    if (e instanceof ArchiveError || e instanceof XmlError) return null;
    throw e;
  }
  if (pkg.kind !== 'xlsx') return null;
  const props = pkg.docProps();
  return (manuscriptKeywords(props)['manuscript'] ?? props.subject) === SURVEY_MANUSCRIPT ? pkg : null;
}

/** Whether the bytes are our awareness-survey workbook (its properties say so), however the file is named. */
export function recognise(bytes: Uint8Array): boolean {
  return surveyPackage(bytes, '') !== null;
}

/** An answer a list offers: its label as the respondent saw it, and the id the LMS records. */
interface Offered {
  label: string;
  id: string;
  /** A select-all option's letter (the options sheet's value column). */
  letter: string;
}

/** How one item column is answered, as its data validation says. */
type ColumnAnswers = { kind: 'label'; offered: Offered[] } | { kind: 'letters'; offered: Offered[] } | { kind: 'text' };

/** One data validation of a sheet: the columns it covers, its type and its first formula. */
interface Validation {
  columns: Set<number>;
  type: string;
  formula: string;
}

/**
 * The data validations of a sheet, in both places a workbook keeps them: the sheet's own
 * `<dataValidations>` (exceljs, LibreOffice) and Excel 2010's extension list, where Excel moves a
 * list that points at another sheet (`x14:dataValidation` with `xm:sqref` and `xm:f`).
 */
function validations(pkg: OoxmlPackage, sheet: Sheet): Validation[] {
  const local = (el: XmlElement) => el.name.replace(/^.*[}:]/, '');
  const out: Validation[] = [];
  const walk = (el: XmlElement) => {
    for (const c of el.children) {
      if (typeof c === 'string') continue;
      if (local(c) === 'dataValidation') {
        const sqrefEl = c.children.find((x): x is XmlElement => typeof x !== 'string' && local(x) === 'sqref');
        const sqref = c.attrs['sqref'] ?? (sqrefEl ? textOf(sqrefEl) : '');
        const f1 = c.children.find((x): x is XmlElement => typeof x !== 'string' && local(x) === 'formula1');
        const formula = f1 ? textOf(f1).trim() : '';
        const columns = new Set<number>();
        for (const range of sqref.trim().split(/\s+/)) {
          const [from, to] = range.replace(/\$/g, '').split(':').map(parseRef);
          if (!from) continue;
          for (let col = from.col; col <= (to ?? from).col; col++) columns.add(col);
        }
        out.push({ columns, type: c.attrs['type'] ?? 'none', formula });
      } else walk(c);
    }
  };
  walk(pkg.xml(sheet.part));
  return out;
}

/** `選択肢!$B$5:$B$9` or `'My options'!$B$5:$B$9` → the sheet and the cells. */
function parseRange(ref: string): { sheet: string; col: number; first: number; last: number } | null {
  const m = /^(?:'((?:[^']|'')+)'|([^!'"]+))!\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?$/.exec(ref.trim());
  if (!m) return null;
  const from = parseRef(`${m[3]}${m[4]}`)!;
  const to = m[5] ? parseRef(`${m[5]}${m[6]}`)! : from;
  return { sheet: m[1] !== undefined ? m[1].replace(/''/g, "'") : m[2]!, col: from.col, first: from.row, last: to.row };
}

/** The workbook's defined names (global ones only: the lists are named for the whole workbook). */
function definedNames(pkg: OoxmlPackage): Map<string, string> {
  const names = new Map<string, string>();
  for (const d of findAll(pkg.xml(pkg.mainPart), 's:definedName')) {
    if (d.attrs['localSheetId'] === undefined && d.attrs['name']) names.set(d.attrs['name'], textOf(d).trim());
  }
  return names;
}

/**
 * Reads the responses sheet of a survey workbook: one Submission per row with any answer, each
 * answer as the SCORM 2004 record would hold it (`survey.<item>`: a point or option id, `dk`,
 * several option ids joined by `[,]`, free text exactly as typed).
 */
export async function readSurveyWorkbook(file: string, bytes: Uint8Array): Promise<Submission[]> {
  try {
    return readPackage(file, bytes);
  } catch (e) {
    if (e instanceof ArchiveError || e instanceof XmlError) {
      throw new ReportInputError(file, `the workbook cannot be read safely: ${e.message}`, 'Save it again from Excel or LibreOffice as an .xlsx workbook and read the saved copy.');
    }
    throw e;
  }
}

function readPackage(file: string, bytes: Uint8Array): Submission[] {
  const pkg = surveyPackage(bytes, file);
  if (!pkg) {
    throw new ReportInputError(
      file,
      `the file is not the awareness survey's workbook (its document properties do not say "manuscript=${SURVEY_MANUSCRIPT}")`,
      'Give the responses workbook the build made (…-awareness-survey.xlsx), filled in and saved; a copy pasted into a new workbook loses what identifies it.',
    );
  }
  const keywords = manuscriptKeywords(pkg.docProps());
  const sheets = readWorkbook(pkg);
  // The labels of the workbook's own language first; any language's, should it name none.
  const all = Object.entries(xlsxLabels);
  const ordered = [...all.filter(([l]) => l === keywords['lang']), ...all.filter(([l]) => l !== keywords['lang'])].map(([, L]) => L);
  for (const L of ordered) {
    const sheet = responsesSheet(sheets, L);
    if (sheet) return readResponses(file, pkg, sheets, sheet, L);
  }
  const expected = ordered.map((L) => `"${L.survey.sheets.responses}"`).join(' or ');
  throw new ReportInputError(
    file,
    `the workbook has no responses sheet (${expected}, with the item ids in row ${responses.idRow} under "${ordered[0]?.id ?? 'ID'}" in column A)`,
    'Fill in the responses sheet of the workbook the build made, one respondent per row, without moving its header rows.',
  );
}

/** The sheet whose row 4 starts with the ID header: the responses sheet, by name or, if renamed, by its layout. */
function responsesSheet(sheets: Sheet[], L: XlsxLabels): Sheet | null {
  const hasIds = (s: Sheet) => cellText(s, responses.idRow, responses.noColumn).trim() === L.id && cellText(s, responses.idRow - 1, responses.noColumn).trim() === L.survey.item;
  return sheets.find((s) => s.name === L.survey.sheets.responses && hasIds(s)) ?? sheets.find(hasIds) ?? null;
}

function readResponses(file: string, pkg: OoxmlPackage, sheets: Sheet[], sheet: Sheet, L: XlsxLabels): Submission[] {
  const S = L.survey;
  const options = findTable(sheets, [S.value, S.label, S.list], L.id);
  const names = definedNames(pkg);
  const checks = validations(pkg, sheet);

  const items: { id: string; col: number }[] = [];
  for (const [col, cell] of [...(sheet.rows.get(responses.idRow) ?? new Map())].sort((a, b) => a[0] - b[0])) {
    if (col >= responses.firstItemColumn && cell.value.trim()) items.push({ id: cell.value.trim(), col });
  }
  if (!items.length) {
    throw new ReportInputError(file, `the sheet "${sheet.name}" has no item ids in row ${responses.idRow}`, `Row ${responses.idRow} holds the ids of the survey's items; restore it from the workbook the build made.`);
  }

  /** The options sheet's rows `first`..`last` as answers offered (label in `labelCol`). */
  const offeredRows = (t: Table, rows: number[], labelCol: number): Offered[] =>
    rows.flatMap((row) => {
      const id = cellText(t.sheet, row, t.col(L.id)).trim();
      return id ? [{ label: cellText(t.sheet, row, labelCol).trim(), id, letter: cellText(t.sheet, row, t.col(S.value)).trim().toLowerCase() }] : [];
    });
  const answersOf = (itemId: string, col: number): ColumnAnswers => {
    const v = checks.find((c) => c.columns.has(col));
    if (v?.type === 'list' && options) {
      const range = parseRange(names.get(v.formula) ?? v.formula);
      if (range && range.sheet === options.sheet.name) {
        const rows = Array.from({ length: range.last - range.first + 1 }, (_, k) => range.first + k);
        return { kind: 'label', offered: offeredRows(options, rows, range.col) };
      }
    }
    if (v?.type === 'custom' && options) {
      const rows = options.rows.filter((r) => cellText(options.sheet, r.row, options.col(S.list)).trim() === itemId).map((r) => r.row);
      if (rows.length) return { kind: 'letters', offered: offeredRows(options, rows, options.col(S.label)) };
    }
    if (v?.type === 'list' || v?.type === 'custom') {
      // Read as free text, its labels would reach the report as if someone had typed them.
      throw new ReportInputError(
        file,
        `the answers of the item ${itemId} (column ${cellRef(col, responses.idRow).replace(/\d+$/, '')} of "${sheet.name}") cannot be matched to a list on the sheet "${S.sheets.options}": its drop-down points at ${v.formula || 'nothing'}`,
        `Keep the sheet "${S.sheets.options}" with its columns "${S.value}", "${S.label}", "${S.list}" and "${L.id}" as the build made it; edit only the labels.`,
      );
    }
    return { kind: 'text' };
  };
  const columns = items.map((it) => ({ ...it, answers: answersOf(it.id, it.col) }));

  const where = (col: number, row: number) => `${sheet.name.includes(' ') || sheet.name.includes("'") ? `'${sheet.name.replace(/'/g, "''")}'` : sheet.name}!${cellRef(col, row)}`;
  const submissions: Submission[] = [];
  const lastRow = Math.max(0, ...sheet.rows.keys());
  for (let row = responses.firstRow; row <= lastRow; row++) {
    const cells = sheet.rows.get(row);
    if (!cells) continue;
    const answers: RecordedAnswer[] = [];
    columns.forEach(({ id, col, answers: how }, index) => {
      const cell = cells.get(col);
      if (!cell) return;
      // A formula a trainer typed is kept as typed, never its result: the workbook is not calculated here.
      const typed = cell.formula !== null && cell.formula !== '(shared formula)' ? `=${cell.formula}` : cell.value;
      if (!typed.trim()) return;
      answers.push({ id: `survey.${id}`, index, response: responseOf(file, how, typed, where(col, row), id, S.sheets.options), result: null });
    });
    if (!answers.length) continue;
    const no = cellText(sheet, row, responses.noColumn).trim() || String(row - responses.firstRow + 1);
    submissions.push({
      file,
      format: 'survey-workbook',
      learner: { key: `row:${path.basename(file)}#${no}`.toLowerCase(), name: null, email: null, groups: [] },
      attempt: 1,
      at: null,
      score: null,
      answers,
      empty: false,
    });
  }
  return submissions;
}

/** Separators a person types between select-all letters: commas (also Japanese ones) and spaces. */
const letterSeparators = /[\s,\u3001\uff0c]+/;

function responseOf(file: string, how: ColumnAnswers, typed: string, where: string, itemId: string, optionsSheet: string): string {
  if (how.kind === 'text') return typed;
  const value = typed.trim();
  if (how.kind === 'label') {
    const hit = how.offered.find((o) => o.label === value);
    if (hit) return hit.id;
    throw new ReportInputError(
      file,
      `${where} holds "${value}", which is not one of the answers of the item ${itemId}: ${how.offered.map((o) => `"${o.label}"`).join(', ')}`,
      `Choose the answer from the cell's drop-down (its labels are on the sheet "${optionsSheet}"), or clear the cell.`,
    );
  }
  const letters = value.toLowerCase().split(letterSeparators).filter((x) => x !== '');
  const ids = letters.map((letter) => {
    const hit = how.offered.find((o) => o.letter === letter);
    if (hit) return hit.id;
    throw new ReportInputError(
      file,
      `${where} holds "${value}", and "${letter}" is not one of the letters of the item ${itemId}: ${how.offered.map((o) => `${o.letter}) ${o.label}`).join(', ')}`,
      'Write the letters of the options chosen, separated by commas (for example a,c), or clear the cell.',
    );
  });
  // Each option once, in the list's order, as the player records a select-all answer.
  return how.offered.filter((o) => ids.includes(o.id)).map((o) => o.id).join('[,]');
}
