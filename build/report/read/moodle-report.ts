/**
 * Moodle's SCORM Interactions report (Reports → Interactions report → Download), as text,
 * Excel or ODS, with the default columns (responses only) or more. Each format is first read
 * into the same table of strings as Moodle wrote them, then one function turns that table into
 * submissions, so the three formats cannot drift apart.
 *
 * What Moodle does to the data (measured on Moodle 4.5, see test/fixtures/moodle/README.md):
 * every value except the learner's name is HTML-escaped; one row per user × attempt, with
 * "Not attempted" rows for enrolled users who never started; for each interaction index i the
 * ticked ones of `Question i`, `Response i`, `Right answer i`, `Result i`.
 */
import type { InputFormat, Learner, RecordedAnswer, Submission } from '../model.ts';
import { ReportInputError } from '../model.ts';
import { ArchiveError, SafeZip } from '../../import/zip.ts';
import { XmlError, find, kids, parseXml, type XmlElement } from '../../import/xml.ts';
import { parseDelimited, TextTableError } from './text-table.ts';

/** A report as its file holds it: every cell a string, still HTML-escaped as Moodle wrote it. */
export interface ReportTable {
  header: string[];
  /** Where the header is, e.g. "line 1" or "row 1". */
  headerWhere: string;
  rows: { cells: string[]; where: string }[];
}

type Role = 'question' | 'response' | 'rightAnswer' | 'result';

/**
 * The column titles of Moodle's English language pack (mod/scorm/report/interactions/lang/en:
 * questionx, responsex, rightanswerx, resultx; mod/scorm/lang/en: attempt, started, last,
 * score). Other languages are recognised by the layout instead: see `interactionGroups`.
 */
const englishRoles: Record<string, Role> = { 'Question #': 'question', 'Response #': 'response', 'Right answer #': 'rightAnswer', 'Result #': 'result' };
const englishBase = { attempt: 'Attempt', started: 'Started on', last: 'Last accessed on', score: 'Score' } as const;
/** Moodle writes its columns in this order whatever the language. */
const roleOrder: Role[] = ['question', 'response', 'rightAnswer', 'result'];

const DOWNLOAD_HINT = 'In the SCORM activity open Reports → Interactions report, tick at least "Summary of responses" (and "Summary of question" to keep the item ids), and download it as "Text file".';

interface InteractionGroup {
  index: number;
  columns: Partial<Record<Role, number>>;
}

interface Layout {
  name: number;
  email: number | null;
  attempt: number;
  last: number;
  score: number;
  scos: number[];
  groups: InteractionGroup[];
}

type HeaderKind =
  | { kind: 'interactions'; groupStart: number; groups: InteractionGroup[] }
  | { kind: 'basic' }
  | { kind: 'objectives' }
  | { kind: 'quiz' };

/** A header cell with one number in it: its title with the number replaced by "#", and the number. */
function numbered(title: string): { template: string; index: number } | null {
  const m = /^(\D*?)\s*(\d+)\s*(\D*)$/.exec(title.trim());
  if (!m) return null;
  return { template: `${m[1]!.trim()} #${m[3] ? ` ${m[3].trim()}` : ''}`.trim(), index: Number(m[2]) };
}

/**
 * The interaction columns: from some column to the end, runs of the same k titles carrying the
 * index 0, 1, 2… Found by that layout rather than by the titles, so a report downloaded from a
 * Moodle in another language is read too; the earliest start wins, so a SCO titled "Lesson 1"
 * before the groups is not taken for one.
 */
function interactionGroups(header: string[]): { start: number; templates: string[]; count: number } | null {
  for (let start = 1; start < header.length; start++) {
    const first = numbered(header[start]!);
    if (!first || first.index !== 0) continue;
    const templates: string[] = [];
    let p = start;
    while (p < header.length) {
      const n = numbered(header[p]!);
      if (!n || n.index !== 0) break;
      templates.push(n.template);
      p++;
    }
    const k = templates.length;
    if ((header.length - start) % k !== 0) continue;
    let ok = true;
    for (let q = start; q < header.length && ok; q++) {
      const n = numbered(header[q]!);
      ok = n !== null && n.index === Math.floor((q - start) / k) && n.template === templates[(q - start) % k];
    }
    if (ok) return { start, templates, count: (header.length - start) / k };
  }
  return null;
}

/** What kind of Moodle report a header belongs to, or null when it is none of them. */
function headerKind(header: string[], file: string, where: string): HeaderKind | null {
  const titles = header.map((h) => h.trim());
  // The quiz's Responses report: "Grade/10.00", a state and a completion time, responses from 1.
  if (titles.some((t) => /^Grade\s*\/\s*[\d.,]+$/i.test(t)) || (titles.some((t) => /^(State|Status)$/i.test(t)) && titles.some((t) => /^Completed( on)?$/i.test(t)))) {
    return { kind: 'quiz' };
  }
  const found = interactionGroups(titles);
  if (found) {
    const { start, templates, count } = found;
    let roles: Role[];
    if (templates.every((t) => t in englishRoles)) roles = templates.map((t) => englishRoles[t]!);
    else if (templates.length === 4) roles = roleOrder;
    else if (templates.length === 1) roles = ['response'];
    else {
      throw new ReportInputError(file, `${where}: the interaction columns (${templates.map((t) => `"${t.replace('#', '0')}"`).join(', ')}) are in a language whose titles this reader does not know, so it cannot tell which is the response.`, 'Download the report again with all four column groups ticked (question, response, right answer, result) or with responses only.');
    }
    if (!roles.includes('response')) {
      throw new ReportInputError(file, `${where}: the Interactions report has no "Response" columns, so it holds no answers.`, DOWNLOAD_HINT);
    }
    const groups: InteractionGroup[] = [];
    for (let g = 0; g < count; g++) {
      const columns: Partial<Record<Role, number>> = {};
      roles.forEach((role, r) => (columns[role] = start + g * roles.length + r));
      groups.push({ index: g, columns });
    }
    return { kind: 'interactions', groupStart: start, groups };
  }
  const score = titles.indexOf(englishBase.score);
  if (titles.includes(englishBase.attempt) && titles.includes(englishBase.last) && score >= 0) {
    // The Basic report ends with the score; the Objectives report adds a column per SCO and objective.
    return score === titles.length - 1 ? { kind: 'basic' } : { kind: 'objectives' };
  }
  return null;
}

const isWhole = (s: string) => /^\d+$/.test(s.trim());
const isNumber = (s: string) => /^-?\d+(?:\.\d+)?$/.test(s.trim());

/** Where name, email, attempt, dates and score are: by Moodle's English titles, else by what the rows hold. */
function baseLayout(table: ReportTable, groupStart: number, file: string): Omit<Layout, 'groups'> {
  const titles = table.header.map((h) => h.trim());
  let attempt = titles.indexOf(englishBase.attempt);
  if (attempt < 1 || attempt >= groupStart) {
    // Attempt, started, last accessed and score follow the name and identity fields; the attempt
    // is the first column holding only whole numbers and "-" (Not attempted).
    attempt = -1;
    for (let c = 1; c + 3 < groupStart && attempt < 0; c++) {
      const values = table.rows.map((r) => (r.cells[c] ?? '').trim());
      if (values.length > 0 && values.every((v) => isWhole(v) || v === '-') && values.some(isWhole)) attempt = c;
    }
    if (attempt < 0) {
      throw new ReportInputError(file, `${table.headerWhere}: no attempt column (a column of attempt numbers before "Started on", "Last accessed on" and "Score") was found.`, DOWNLOAD_HINT);
    }
  }
  let email: number | null = null;
  const emailTitle = titles.indexOf('Email address');
  if (emailTitle > 0 && emailTitle < attempt) email = emailTitle;
  else {
    for (let c = 1; c < attempt && email === null; c++) {
      const values = table.rows.map((r) => (r.cells[c] ?? '').trim()).filter((v) => v !== '');
      if (values.length > 0 && values.every((v) => /^[^\s@]+@[^\s@]+$/.test(v))) email = c;
    }
  }
  const scos: number[] = [];
  for (let c = attempt + 4; c < groupStart; c++) scos.push(c);
  return { name: 0, email, attempt, last: attempt + 2, score: attempt + 3, scos };
}

/** HTML entities as PHP's htmlspecialchars writes them (and numeric references), decoded once. */
export function unescapeHtml(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(?:(quot|amp|lt|gt|apos)|#(\d+)|#x([0-9a-fA-F]+));/g, (m, named: string | undefined, dec: string | undefined, hex: string | undefined) => {
    if (named) return { quot: '"', amp: '&', lt: '<', gt: '>', apos: "'" }[named]!;
    const cp = dec !== undefined ? Number(dec) : parseInt(hex!, 16);
    return cp > 0 && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff) ? String.fromCodePoint(cp) : m;
  });
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#039;');
}

const months = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const pad = (n: number) => String(n).padStart(2, '0');

/**
 * A date as Moodle prints it, to ISO 8601 in the site's local time (no offset: the report does
 * not say which zone): "Wednesday, 2 December 2026, 1:52 AM" (text), "2 December 2026, 1:52 AM"
 * (Excel, ODS), "2026年 12月 2日(水曜日) 01:52" (Japanese), or an ISO date already. Null for "-"
 * and anything else.
 */
export function parseMoodleDate(s: string): string | null {
  const t = s.trim();
  const iso = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?/.exec(t);
  if (iso) return `${iso[1]}-${iso[2]}-${iso[3]}T${iso[4]}:${iso[5]}:${iso[6] ?? '00'}`;
  const en = /^(?:[A-Za-z]+,\s*)?(\d{1,2})\s+([A-Za-z]+)\s+(\d{4}),?\s+(\d{1,2}):(\d{2})\s*([AaPp][Mm])?$/.exec(t);
  if (en) {
    const month = months.indexOf(en[2]!.toLowerCase());
    if (month < 0) return null;
    let hour = Number(en[4]);
    if (en[6]) hour = (hour % 12) + (en[6].toLowerCase() === 'pm' ? 12 : 0);
    return `${en[3]}-${pad(month + 1)}-${pad(Number(en[1]))}T${pad(hour)}:${en[5]}:00`;
  }
  const ja = /^(\d{4})年\s*(\d{1,2})月\s*(\d{1,2})日\s*(?:\([^)]*\))?\s*(\d{1,2}):(\d{2})$/.exec(t);
  if (ja) return `${ja[1]}-${pad(Number(ja[2]))}-${pad(Number(ja[3]))}T${pad(Number(ja[4]))}:${ja[5]}:00`;
  return null;
}

function learnerOf(name: string, email: string | null): Learner {
  // Moodle does not escape names in its downloads, so a name is taken as it stands.
  const key = email ? `email:${email.toLowerCase()}` : `name:${name.trim().toLowerCase()}`;
  return { key, name: name.trim() || null, email, groups: [] };
}

/** Turns a report table, whatever file it came from, into one submission per row. */
export function submissionsFromTable(file: string, format: InputFormat, table: ReportTable, onUnknown: () => never = () => unknownReport(file, table.headerWhere)): Submission[] {
  const kind = headerKind(table.header, file, table.headerWhere);
  if (!kind) return onUnknown();
  if (kind.kind === 'quiz') {
    throw new ReportInputError(file, `${table.headerWhere}: this is a Moodle quiz report (its columns include a grade out of a maximum and the attempt's state), not the SCORM activity's Interactions report.`, `Open the SCORM activity of the course (not the quiz), then Reports → Interactions report. ${DOWNLOAD_HINT}`);
  }
  if (kind.kind === 'basic' || kind.kind === 'objectives') {
    const title = kind.kind === 'basic' ? 'Basic report' : 'Objectives report';
    throw new ReportInputError(file, `${table.headerWhere}: this is the ${title} of Moodle's SCORM activity; it lists attempts and scores but no answers.`, `Download the Interactions report instead: ${DOWNLOAD_HINT}`);
  }
  const layout: Layout = { ...baseLayout(table, kind.groupStart, file), groups: kind.groups };
  const groupColumns = layout.groups.flatMap((g) => Object.values(g.columns));
  if (!table.rows.some((r) => groupColumns.some((c) => (r.cells[c] ?? '').trim() !== ''))) {
    throw new ReportInputError(
      file,
      `${table.headerWhere}: the Interactions report holds no answers at all. Moodle leaves this report empty for SCORM 2004 packages (its report reads only SCORM 1.2 interaction names), although it stores every answer.`,
      'Give a backup of the activity with user data (.mbz) instead, or upload the SCORM 1.2 package to Moodle so that its Interactions report lists the answers.',
    );
  }
  const submissions: Submission[] = [];
  const trimmed = (raw: string) => unescapeHtml(raw.trim()) || null;
  const idOf = layout.groups.map(() => sameAsAbove(trimmed));
  const resultOf = layout.groups.map(() => sameAsAbove(trimmed));
  for (const row of table.rows) {
    if (row.cells.length > table.header.length && row.cells.slice(table.header.length).some((c) => c !== '')) {
      throw new ReportInputError(file, `${row.where} has ${row.cells.length} fields where the header has ${table.header.length}; a field holding a tab or a line break has lost its quotes.`, 'Download the report from Moodle again and give the file as it was downloaded, without opening and saving it in another program.');
    }
    const cell = (c: number) => row.cells[c] ?? '';
    const email = layout.email === null ? null : unescapeHtml(cell(layout.email).trim()) || null;
    const learner = learnerOf(cell(layout.name), email);
    const attemptText = cell(layout.attempt).trim();
    if (!isWhole(attemptText)) {
      // "Not attempted": an enrolled user without any attempt.
      submissions.push({ file, format, learner, attempt: 1, at: null, score: null, answers: [], empty: true });
      continue;
    }
    const answers: RecordedAnswer[] = [];
    for (let i = 0; i < layout.groups.length; i++) {
      const g = layout.groups[i]!;
      const response = unescapeHtml(cell(g.columns.response!));
      // An interaction without a response is an optional item left empty (Moodle stores no
      // element for it); the default columns cannot tell it from an absent interaction, so
      // every format leaves it out and the formats agree.
      if (response === '') continue;
      const id = g.columns.question === undefined ? null : idOf[i]!(cell(g.columns.question));
      const result = g.columns.result === undefined ? null : resultOf[i]!(cell(g.columns.result));
      answers.push({ id, index: g.index, response, result });
    }
    submissions.push({ file, format, learner, attempt: Number(attemptText), at: parseMoodleDate(cell(layout.last)), score: scoreOf(layout, cell), answers, empty: answers.length === 0 });
  }
  return submissions;
}

/**
 * `read`, remembering its last input: a column repeats the row above's id and result in nearly
 * every row, so the rows share one string, which the analysis then hashes once, not per row.
 */
function sameAsAbove<T>(read: (raw: string) => T): (raw: string) => T {
  let lastRaw: string | undefined;
  let last: T;
  return (raw) => {
    if (raw !== lastRaw) {
      lastRaw = raw;
      last = read(raw);
    }
    return last;
  };
}

/**
 * The attempt's raw score. With one SCO its column holds the raw score the package reported,
 * or a status ("Incomplete") when it reported none; the "Score" column would show 0 for that
 * attempt, which the learner never scored. With several SCOs only "Score" sums them up.
 */
function scoreOf(layout: Layout, cell: (c: number) => string): number | null {
  if (layout.scos.length === 1) {
    const v = cell(layout.scos[0]!).trim();
    return isNumber(v) ? Number(v) : null;
  }
  const v = cell(layout.score).trim();
  return isNumber(v) ? Number(v) : null;
}

function unknownReport(file: string, where: string): never {
  throw new ReportInputError(file, `${where}: the columns are not those of a Moodle SCORM report (name, attempt, started on, last accessed on, score, then "Question i" / "Response i" columns).`, `Give Moodle's Interactions report of the SCORM activity: ${DOWNLOAD_HINT}`);
}

// ── Text ──────────────────────────────────────────────────────────────────────

function decodeUtf8(file: string, bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ReportInputError(file, 'the file is not UTF-8 text, which Moodle\'s text download always is.', DOWNLOAD_HINT);
  }
}

function textTable(file: string, text: string, delimiter: string): ReportTable | null {
  let records;
  try {
    records = parseDelimited(text, delimiter);
  } catch (err) {
    if (err instanceof TextTableError) throw new ReportInputError(file, err.message, 'Download the report from Moodle again; a text file cut short or edited by hand cannot be read reliably.');
    throw err;
  }
  const [head, ...rest] = records;
  if (!head) return null;
  return { header: head.fields, headerWhere: `line ${head.line}`, rows: rest.map((r) => ({ cells: r.fields, where: `line ${r.line}` })) };
}

/**
 * The report opened and saved by a spreadsheet, or exported elsewhere: the same header with
 * another delimiter. Only the header is looked at, since the rest may not even split cleanly.
 */
function refuseOtherDelimiter(file: string, text: string): void {
  const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  for (const [delimiter, name] of [[',', 'comma'], [';', 'semicolon']] as const) {
    let header: string[];
    try {
      header = parseDelimited(firstLine, delimiter)[0]?.fields ?? [];
    } catch {
      continue;
    }
    if (header.length > 1 && headerKind(header, file, 'line 1')) {
      throw new ReportInputError(file, `line 1: the file is ${name}-separated; Moodle's text download is tab-separated, and a ${name} inside an answer cannot be told from a separator.`, 'Download the report from Moodle again as "Text file" and give that file as it is, without opening and saving it in a spreadsheet.');
    }
  }
}

/** Moodle's "Text file" download: UTF-8, tab-separated. */
export function readInteractionsText(file: string, bytes: Uint8Array): Submission[] {
  const text = decodeUtf8(file, bytes);
  let table: ReportTable | null;
  try {
    table = textTable(file, text, '\t');
  } catch (err) {
    refuseOtherDelimiter(file, text);
    throw err;
  }
  if (!table) throw new ReportInputError(file, 'the file is empty.', DOWNLOAD_HINT);
  const headerWhere = table.headerWhere;
  return submissionsFromTable(file, 'moodle-interactions-text', table, () => {
    refuseOtherDelimiter(file, text);
    return unknownReport(file, headerWhere);
  });
}

// ── ODS ───────────────────────────────────────────────────────────────────────

const ODS_MIME = 'application/vnd.oasis.opendocument.spreadsheet';
const office = (local: string) => `{urn:oasis:names:tc:opendocument:xmlns:office:1.0}${local}`;
const tableNs = (local: string) => `{urn:oasis:names:tc:opendocument:xmlns:table:1.0}${local}`;
const textNs = (local: string) => `{urn:oasis:names:tc:opendocument:xmlns:text:1.0}${local}`;

/** Rows and columns a repeat attribute may produce; LibreOffice pads sheets with a million empty rows. */
const ODS_MAX_REPEAT = 100_000;

export function openZip(file: string, bytes: Uint8Array, what: string): SafeZip {
  try {
    return new SafeZip(bytes);
  } catch (err) {
    if (err instanceof ArchiveError) throw new ReportInputError(file, `the ${what} cannot be opened safely: ${err.message}`, 'Download the file from Moodle again.');
    throw err;
  }
}

export function isOds(zip: SafeZip): boolean {
  const m = zip.has('mimetype') ? zip.read('mimetype') : null;
  return m !== null && new TextDecoder().decode(m).trim() === ODS_MIME;
}

/** The text of a paragraph: spans flattened, `text:s` as spaces, `text:tab` and `text:line-break` as characters. */
function paragraphText(el: XmlElement): string {
  let out = '';
  for (const c of el.children) {
    if (typeof c === 'string') out += c;
    else if (c.name === textNs('s')) out += ' '.repeat(Math.max(1, Number(c.attrs[textNs('c')] ?? '1') || 1));
    else if (c.name === textNs('tab')) out += '\t';
    else if (c.name === textNs('line-break')) out += '\n';
    else out += paragraphText(c);
  }
  return out;
}

function odsCellText(cell: XmlElement): string {
  const type = cell.attrs[office('value-type')];
  const formula = cell.attrs[tableNs('formula')];
  if (formula !== undefined && type === undefined) {
    // Moodle writes an answer that starts with "=" as a formula ("of:=…") without a value, so a
    // spreadsheet shows nothing; the answer itself is the formula's text, already unescaped by
    // the XML attribute, and is escaped again here so that it takes the same path as every cell.
    return escapeHtml(formula.replace(/^of:/, ''));
  }
  if (type === 'float' || type === 'percentage' || type === 'currency') return cell.attrs[office('value')] ?? '';
  return kids(cell, textNs('p')).map(paragraphText).join('\n');
}

/** Moodle's ODS download: the first sheet of content.xml. */
export function readInteractionsOds(file: string, bytes: Uint8Array): Submission[] {
  const zip = openZip(file, bytes, 'ODS file');
  if (!isOds(zip)) throw new ReportInputError(file, 'the file is a zip archive but not an ODS spreadsheet (its "mimetype" entry is missing or different).', DOWNLOAD_HINT);
  let root: XmlElement;
  try {
    const content = zip.read('content.xml');
    if (!content) throw new ReportInputError(file, 'the ODS file has no content.xml; it is damaged.', 'Download the file from Moodle again.');
    root = parseXml(new TextDecoder().decode(content), `${file}: content.xml`);
  } catch (err) {
    if (err instanceof ArchiveError || err instanceof XmlError) throw new ReportInputError(file, `the ODS file cannot be read: ${err.message}`, 'Download the file from Moodle again.');
    throw err;
  }
  const sheet = find(root, tableNs('table'));
  if (!sheet) throw new ReportInputError(file, 'the ODS file holds no sheet.', DOWNLOAD_HINT);
  const rows: { cells: string[]; where: string }[] = [];
  let rowNumber = 0;
  for (const row of rowsOf(sheet)) {
    const cells: string[] = [];
    for (const cell of row.children) {
      if (typeof cell === 'string' || (cell.name !== tableNs('table-cell') && cell.name !== tableNs('covered-table-cell'))) continue;
      const text = odsCellText(cell);
      const repeat = Math.min(ODS_MAX_REPEAT, Number(cell.attrs[tableNs('number-columns-repeated')] ?? '1') || 1);
      // Trailing empty cells repeated to the sheet's edge add nothing.
      for (let k = 0; k < repeat && (text !== '' || k < 1024); k++) cells.push(text);
    }
    while (cells.length > 0 && cells[cells.length - 1] === '') cells.pop();
    const repeat = Math.min(ODS_MAX_REPEAT, Number(row.attrs[tableNs('number-rows-repeated')] ?? '1') || 1);
    for (let k = 0; k < repeat; k++) {
      rowNumber++;
      if (cells.length === 0) continue;
      rows.push({ cells: [...cells], where: `row ${rowNumber}` });
      if (rows.length > ODS_MAX_REPEAT) throw new ReportInputError(file, `the ODS sheet has more than ${ODS_MAX_REPEAT} rows.`, 'Download the report for fewer learners (a group at a time).');
    }
  }
  const [head, ...rest] = rows;
  if (!head) throw new ReportInputError(file, 'the ODS sheet is empty.', DOWNLOAD_HINT);
  return submissionsFromTable(file, 'moodle-interactions-ods', { header: head.cells, headerWhere: head.where, rows: rest });
}

/** Rows of a sheet in order, also those inside header-row and row-group elements. */
function* rowsOf(el: XmlElement): Generator<XmlElement> {
  for (const c of el.children) {
    if (typeof c === 'string') continue;
    if (c.name === tableNs('table-row')) yield c;
    else if (c.name === tableNs('table-header-rows') || c.name === tableNs('table-rows') || c.name === tableNs('table-row-group')) yield* rowsOf(c);
  }
}

// ── Excel ─────────────────────────────────────────────────────────────────────

function excelCellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) {
    // exceljs gives a date cell as the UTC instant of its serial number: its UTC fields are the wall-clock time shown.
    const d = value;
    return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  }
  if (typeof value === 'object') {
    const v = value as { richText?: { text: string }[]; formula?: string; sharedFormula?: string; text?: string; error?: string };
    if (v.richText) return v.richText.map((r) => r.text).join('');
    // As in the ODS, an answer starting with "=" would be a formula; its text is the answer.
    if (typeof v.formula === 'string') return escapeHtml(`=${v.formula}`);
    if (typeof v.text === 'string') return v.text;
  }
  return '';
}

/** Moodle's Excel download: its first worksheet. */
export async function readInteractionsXlsx(file: string, bytes: Uint8Array): Promise<Submission[]> {
  // exceljs unpacks the file itself; the safe reader checks the archive first (names, sizes, bombs).
  const zip = openZip(file, bytes, 'Excel file');
  if (!zip.has('xl/workbook.xml')) throw new ReportInputError(file, 'the file is a zip archive but not an Excel workbook (it has no xl/workbook.xml).', DOWNLOAD_HINT);
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ArrayBuffer);
  } catch (err) {
    throw new ReportInputError(file, `the Excel file cannot be read (${(err as Error).message}).`, 'Download the file from Moodle again.');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new ReportInputError(file, 'the Excel file holds no worksheet.', DOWNLOAD_HINT);
  const rows: { cells: string[]; where: string }[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, r) => {
    const cells: string[] = [];
    const width = row.cellCount;
    for (let c = 1; c <= width; c++) cells.push(excelCellText(row.getCell(c).value));
    while (cells.length > 0 && cells[cells.length - 1] === '') cells.pop();
    if (cells.length > 0) rows.push({ cells, where: `row ${r} of the sheet "${sheet.name}"` });
  });
  const [head, ...rest] = rows;
  if (!head) throw new ReportInputError(file, 'the Excel sheet is empty.', DOWNLOAD_HINT);
  return submissionsFromTable(file, 'moodle-interactions-xlsx', { header: head.cells, headerWhere: head.where, rows: rest });
}
