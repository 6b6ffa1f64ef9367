/**
 * The organisation report as an Excel workbook: the summary (weakest themes first), themes,
 * items, group comparisons, free text, respondents, test statistics and inputs, one sheet each,
 * with frozen headers, fitted columns and print settings (A4, one page wide, the header row
 * repeated on every page).
 *
 * Formula safety: every text goes in as a string cell (a shared string), never as a formula,
 * and a text that a spreadsheet would take for a formula when retyped (`=`, `+`, `-`, `@`, a
 * tab or a carriage return first) also gets the text number format `@`, so that editing the
 * cell in Excel or LibreOffice keeps it text. Moodle's own Excel export breaks on such answers.
 */
import type ExcelJS from 'exceljs';
import { fixedDate, withDefaultFont, Workbook } from '../../targets/exceljs-workbook.ts';
import { jszipParts } from '../../targets/jszip-parts.ts';
import type { OutputFile } from '../../targets/target.ts';
import { zipAsync } from '../../targets/zip.ts';
import type { Distribution, ItemResult, Report } from '../model.ts';
import { DONT_KNOW_COLOUR, fontFor, LOOK, optionColours, shares, textOn } from './common.ts';
import { reportLabels, type ReportLabels } from './labels.ts';
import { AddedStyles, columnName, FORMULA_START, SharedStrings, splicedRowsXml, type SplicedTable, type Value } from './xlsx-rows.ts';

const SCORE_FORMAT = '0.0';
const SHARE_FORMAT = '0.0%';
const INDEX_FORMAT = '0.00';

interface Ctx {
  report: Report;
  l: ReportLabels;
  font: string;
}

export async function reportWorkbook(report: Report): Promise<Uint8Array> {
  const l = reportLabels(report.lang);
  const ctx: Ctx = { report, l, font: fontFor(report.lang) };
  const wb = new Workbook();
  wb.creator = report.course.id;
  wb.lastModifiedBy = report.course.id;
  wb.created = fixedDate;
  wb.modified = fixedDate;
  wb.title = `${l.reportTitle} — ${report.course.title}`;
  summarySheet(wb, ctx);
  themesSheet(wb, ctx);
  const spliced = [itemsSheet(wb, ctx)];
  if (report.groupings.length) spliced.push(groupsSheet(wb, ctx));
  spliced.push(freeTextSheet(wb, ctx), respondentsSheet(wb, ctx));
  if (report.test) testSheet(wb, ctx);
  inputsSheet(wb, ctx);
  return workbookBytes(wb, ctx.font, spliced);
}

// ── sheets ─────────────────────────────────────────────────────────────────────

function summarySheet(wb: ExcelJS.Workbook, { report, l, font }: Ctx): void {
  const ws = wb.addWorksheet(l.summary);
  const intro: [string, Value][] = [
    [l.course, `${report.course.title} (${report.course.version})`],
    [l.edition, `${report.edition.title}${report.edition.current ? '' : l.retiredEdition}`],
    [l.respondents, report.respondents.length],
    ...(report.test ? ([[l.testAttempts, report.test.attempts], [l.passed, report.test.passed]] as [string, Value][]) : []),
  ];
  put(ws.getCell('A1'), l.reportTitle).font = { name: font, size: 14, bold: true, color: { argb: argb(LOOK.primary) } };
  intro.forEach(([k, v], i) => {
    put(ws.getCell(`A${i + 2}`), k).font = { name: font, bold: true };
    put(ws.getCell(`B${i + 2}`), v);
  });
  const head = intro.length + 3;
  const rows = report.themes.map((t, i) => [i + 1, t.title, t.score, t.n, t.dontKnowShare, t.lessons.map((x) => x.title).join('\n')]);
  table(ws, head, [l.rank, l.theme, l.score, l.n, l.dontKnowShare, l.lessons], rows, font, [null, null, SCORE_FORMAT, null, SHARE_FORMAT, null]);
  let r = head + rows.length + 2;
  put(ws.getCell(`A${r++}`), l.notes).font = { name: font, bold: true };
  for (const n of report.notes) put(ws.getCell(`A${r++}`), n.text);
  put(ws.getCell(`A${r++}`), report.attempts === 'latest' ? l.attemptsLatest : l.attemptsAll);
  put(ws.getCell(`A${r++}`), l.minGroupSize(report.minGroupSize));
  fitColumns(ws, 70);
  // Notes run long: they may overflow to the right rather than widen the rank column.
  ws.getColumn(1).width = Math.min(ws.getColumn(1).width ?? 8, 16);
  finish(ws, head, font, report);
}

function themesSheet(wb: ExcelJS.Workbook, { report, l, font }: Ctx): void {
  const ws = wb.addWorksheet(l.themes);
  const groups = report.groupings.flatMap((g) => g.groups.map((grp) => ({ grouping: g, grp })));
  const header = [l.theme, l.goodEnd, l.score, l.n, l.dontKnowShare, ...groups.map(({ grouping, grp }) => `${grouping.title}: ${grp.label} (n=${grp.n})`)];
  const rows = report.themes.map((t) => [
    t.title,
    l.good[t.good],
    t.score,
    t.n,
    t.dontKnowShare,
    ...groups.map(({ grp }) => (grp.suppressed ? l.fewerThan(report.minGroupSize) : (grp.themes[t.id] ?? null))),
  ]);
  table(ws, 1, header, rows, font, [null, null, SCORE_FORMAT, null, SHARE_FORMAT, ...groups.map(() => SCORE_FORMAT)]);
  fitColumns(ws, 40);
  finish(ws, 1, font, report);
}

/** One row per answer option of each item (and one for "don't know"), coloured by how favourable the answer is. */
function itemsSheet(wb: ExcelJS.Workbook, { report, l, font }: Ctx): SplicedTable {
  const header = [l.theme, l.item, l.goodEnd, l.answer, l.count, l.share, l.n, l.score];
  const rows: Value[][] = [];
  const colours: (string | null)[] = [];
  const themeTitle = new Map(report.themes.map((t) => [t.id, t.title]));
  for (const item of report.items) {
    const theme = (item.theme && themeTitle.get(item.theme)) || '';
    for (const r of distributionRows(item, item.all, l)) {
      rows.push([theme, item.text, item.good ? l.good[item.good] : l.choiceItem, r.answer, r.count, r.share, item.all.n, item.all.score]);
      colours.push(r.fill);
    }
  }
  const formats = [null, null, null, null, null, SHARE_FORMAT, null, SCORE_FORMAT];
  return splicedSheet(wb, l.items, header, { rows, formats, wrap: false, fills: { colours, columns: [3, 4, 5] } }, { font, report, maxWidth: 50 });
}

/** Per grouping, group and item; a group too small shows one row that says so and no numbers. */
function groupsSheet(wb: ExcelJS.Workbook, { report, l, font }: Ctx): SplicedTable {
  const header = [l.grouping, l.group, l.n, l.item, l.answer, l.count, l.share, l.score];
  const rows: Value[][] = [];
  const colours: (string | null)[] = [];
  for (const g of report.groupings) {
    for (const grp of g.groups) {
      if (grp.suppressed) {
        rows.push([g.title, grp.label, l.fewerThan(report.minGroupSize), null, null, null, null, null]);
        colours.push(null);
        continue;
      }
      for (const item of report.items) {
        const dist = grp.items[item.id];
        if (!dist) continue;
        for (const r of distributionRows(item, dist, l)) {
          rows.push([g.title, grp.label, grp.n, item.text, r.answer, r.count, r.share, dist.score]);
          colours.push(r.fill);
        }
      }
    }
  }
  const formats = [null, null, null, null, null, null, SHARE_FORMAT, SCORE_FORMAT];
  return splicedSheet(wb, l.groups, header, { rows, formats, wrap: false, fills: { colours, columns: [4, 5, 6] } }, { font, report, maxWidth: 50 });
}

/** Answers grouped per item, sorted as the Report gives them; nothing says who wrote which. */
function freeTextSheet(wb: ExcelJS.Workbook, { report, l, font }: Ctx): SplicedTable {
  const widths = [40, 80];
  const rows = report.freeText.flatMap((f) => (f.answers.length ? f.answers.map((a) => [f.text, a]) : [[f.text, l.noAnswers]]));
  const lineHeight = LINE_HEIGHT[font] ?? 15;
  const heights = rows.map((row) => {
    const lines = Math.max(...row.map((text, c) => wrappedLines(text, widths[c]!)));
    return lines > 1 ? Math.min(409, lines * lineHeight + 2) : null;
  });
  return splicedSheet(wb, l.freeText, [l.item, l.answer], { rows, formats: [null, null], wrap: true, heights }, { font, report, widths });
}

/** A line's height in points at 11 pt, by font: Meiryo's line is taller than Calibri's. */
const LINE_HEIGHT: Record<string, number> = { Meiryo: 18, Calibri: 15 };

/** How many lines a text takes wrapped in a column `width` characters wide (about). */
function wrappedLines(text: string, width: number): number {
  return text.split('\n').reduce((n, line) => n + Math.max(1, Math.ceil(textWidth(line) / (width - 1))), 0);
}

/** One row per respondent: a code (names only when asked for), groups, and each rated item's answer. */
function respondentsSheet(wb: ExcelJS.Workbook, { report, l, font }: Ctx): SplicedTable {
  const titleOf = new Map<string, string>([...report.items, ...report.freeText].map((i) => [i.id, i.text]));
  const header = [l.code, ...(report.withNames ? [l.name, l.email] : []), l.group, l.attempt, l.file, ...report.respondentItems.map((id) => titleOf.get(id) ?? id)];
  const rows = report.respondents.map((r): Value[] => [r.code, ...(report.withNames ? [r.name, r.email] : []), r.groups.join(', '), r.attempt, r.file, ...r.answers]);
  // The header names the items: up to three lines.
  return splicedSheet(wb, l.respondentsSheet, header, { rows, formats: header.map(() => null), wrap: false }, { font, report, maxWidth: 30, sample: 200, headerHeight: 48 });
}

/**
 * A sheet whose header row, widths, filter, frozen pane and print setup exceljs writes, and
 * whose rows `workbookBytes` splices in (xlsx-rows.ts). Widths: each column as wide as its
 * longest line over the header (wrapped onto two lines) and the first `sample` rows, within 8
 * and `maxWidth`; or fixed `widths`. The header row is `headerHeight` points tall (two lines).
 */
function splicedSheet(
  wb: ExcelJS.Workbook,
  name: string,
  header: string[],
  body: Omit<SplicedTable, 'sheet' | 'columns'>,
  opts: { font: string; report: Report; maxWidth?: number; sample?: number; widths?: number[]; headerHeight?: number },
): SplicedTable {
  const ws = wb.addWorksheet(name);
  table(ws, 1, header, [], opts.font, body.formats);
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: body.rows.length + 1, column: header.length } };
  const widths =
    opts.widths ??
    header.map((h, c) => {
      let w = Math.ceil(textWidth(h) / 2);
      for (const row of body.rows.slice(0, opts.sample ?? body.rows.length)) w = Math.max(w, valueWidth(row[c] ?? null, body.formats[c] ?? null));
      return Math.min(opts.maxWidth ?? 50, Math.max(8, w + 2));
    });
  widths.forEach((w, c) => (ws.getColumn(c + 1).width = w));
  // The widths leave a long header two lines: the row is made tall enough to show both.
  ws.getRow(1).height = opts.headerHeight ?? 32;
  finish(ws, 1, opts.font, opts.report);
  return { sheet: wb.worksheets.length, columns: header.length, ...body };
}

function testSheet(wb: ExcelJS.Workbook, { report, l, font }: Ctx): void {
  const ws = wb.addWorksheet(l.test);
  const rows: Value[][] = [];
  const lessonRows: number[] = [];
  for (const lesson of report.test!.lessons) {
    lessonRows.push(rows.length + 2);
    rows.push([lesson.title, null, lesson.n, lesson.facility, null]);
    for (const q of lesson.questions) rows.push([lesson.title, q.text, q.n, q.facility, q.discrimination]);
  }
  table(ws, 1, [l.lesson, l.question, l.n, l.facility, l.discrimination], rows, font, [null, null, null, SHARE_FORMAT, INDEX_FORMAT]);
  for (const r of lessonRows) ws.getRow(r).font = { name: font, bold: true };
  fitColumns(ws, 50);
  finish(ws, 1, font, report);
}

function inputsSheet(wb: ExcelJS.Workbook, { report, l, font }: Ctx): void {
  const ws = wb.addWorksheet(l.inputs);
  const rows = report.inputs.map((i) => [i.file, l.formats[i.format], i.submissions]);
  table(ws, 1, [l.file, l.format, l.submissions], rows, font, [null, null, null]);
  fitColumns(ws, 60);
  finish(ws, 1, font, report);
}

// ── cells and tables ───────────────────────────────────────────────────────────

/** A value into a cell; a text that looks like a formula stays text even when retyped. */
function put(cell: ExcelJS.Cell, value: Value): ExcelJS.Cell {
  cell.value = value;
  if (typeof value === 'string' && FORMULA_START.test(value)) cell.numFmt = '@';
  return cell;
}

const argb = (hex: string) => `FF${hex}`;

/** A header row at `at` and the rows under it, with number formats per column. */
function table(ws: ExcelJS.Worksheet, at: number, header: string[], rows: Value[][], font: string, formats: (string | null)[], opts: { wrapHeader?: boolean } = {}): void {
  const head = ws.getRow(at);
  header.forEach((h, i) => {
    const c = put(head.getCell(i + 1), h);
    c.font = { name: font, bold: true, color: { argb: argb('FFFFFF') } };
    c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: argb(LOOK.primary) } };
    c.alignment = { vertical: 'middle', wrapText: opts.wrapHeader ?? true };
  });
  // Plain values through addRows (no per-cell work), then the few formula-like texts marked.
  if (at === ws.rowCount) ws.addRows(rows);
  else rows.forEach((r, i) => r.forEach((v, j) => put(ws.getCell(at + 1 + i, j + 1), v)));
  rows.forEach((r, i) =>
    r.forEach((v, j) => {
      if (typeof v === 'string' && FORMULA_START.test(v)) ws.getCell(at + 1 + i, j + 1).numFmt = '@';
    }),
  );
  formats.forEach((f, j) => {
    if (f) ws.getColumn(j + 1).numFmt = f;
  });
  ws.autoFilter = { from: { row: at, column: 1 }, to: { row: at + rows.length, column: header.length } };
}

interface DistributionRow {
  answer: string;
  count: number;
  share: number;
  fill: string | null;
}

function distributionRows(item: ItemResult, dist: Distribution, l: ReportLabels): DistributionRow[] {
  const s = shares(dist, item.multiple);
  const colours = optionColours(item);
  const rows: DistributionRow[] = item.options.map((o, i) => ({ answer: o.label, count: dist.counts[i] ?? 0, share: s.points[i] ?? 0, fill: colours[i]! }));
  if (dist.dontKnow !== null) rows.push({ answer: l.dontKnow, count: dist.dontKnow, share: s.dontKnow ?? 0, fill: DONT_KNOW_COLOUR });
  return rows;
}

/** Width in Excel's units: a wide (East Asian) character takes about two. */
function textWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += ch.charCodeAt(0) > 0x2e80 ? 2 : 1;
  return w;
}

/** How wide a value shows: its longest line, or the number as formatted (about). */
function valueWidth(v: Value, format: string | null): number {
  if (typeof v === 'number') return (format?.includes('%') ? 6 : 0) + String(Math.round(v * 10) / 10).length;
  if (typeof v === 'string') return Math.max(...v.split('\n').map(textWidth));
  return 0;
}

/** Each column as wide as its longest line, within 8 and `max`. */
function fitColumns(ws: ExcelJS.Worksheet, max: number): void {
  const widths: number[] = [];
  for (let r = 1; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    row.eachCell((cell, c) => {
      const v = cell.value;
      if (typeof v !== 'number' && typeof v !== 'string') return;
      let w = valueWidth(v, cell.numFmt ?? null);
      // A wrapped header can take two lines.
      if (r === 1 && cell.alignment?.wrapText) w = Math.ceil(w / 2);
      widths[c] = Math.max(widths[c] ?? 0, w);
    });
  }
  widths.forEach((w, c) => {
    ws.getColumn(c).width = Math.min(max, Math.max(8, w + 2));
  });
}

/** Frozen header, print setup, and the language's font for what the table did not style. */
function finish(ws: ExcelJS.Worksheet, headerRow: number, font: string, report: Report): void {
  ws.views = [{ state: 'frozen', xSplit: 0, ySplit: headerRow, topLeftCell: `A${headerRow + 1}`, activeCell: `A${headerRow + 1}` }];
  ws.pageSetup = {
    paperSize: 9,
    orientation: 'landscape',
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    margins: { left: 0.5, right: 0.5, top: 0.75, bottom: 0.75, header: 0.3, footer: 0.3 },
    printTitlesRow: `${headerRow}:${headerRow}`,
  };
  const f = `&"${font},Regular"&9`;
  ws.headerFooter = { oddHeader: `&L${f}${report.course.title.replace(/&/g, '&&')}&R${f}&A`, oddFooter: `&C${f}&P / &N` };
}

// ── bytes ─────────────────────────────────────────────────────────────────────

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * The parts exceljs writes, with the long tables' rows spliced in and the language's font as
 * the workbook's default (so that every unstyled cell shows Japanese in a Japanese font),
 * zipped by the build's own zip writer (JSZip's packing is slow on a large sheet).
 */
async function workbookBytes(wb: ExcelJS.Workbook, font: string, spliced: SplicedTable[]): Promise<Uint8Array> {
  const parts = await jszipParts('exceljs', (type) => wb.xlsx.writeBuffer({ zip: { type } as Partial<ExcelJS.JSZipGeneratorOptions> }));
  const text = (path: string) => {
    const data = parts.get(path);
    if (data === undefined) throw new Error(`xlsx: exceljs wrote no ${path}; build/report/targets/xlsx.ts needs updating for this version of exceljs.`);
    return typeof data === 'string' ? data : decoder.decode(data);
  };
  const styles = new AddedStyles(withDefaultFont(text('xl/styles.xml'), font, 11), font, textOn);
  const sst = text('xl/sharedStrings.xml');
  const head = /<sst\b[^>]*\bcount="(\d+)" uniqueCount="(\d+)">/.exec(sst);
  if (!head) throw new Error('xlsx: exceljs wrote sharedStrings.xml without counts; build/report/targets/xlsx.ts needs updating.');
  const strings = new SharedStrings(Number(head[2]));
  for (const table of spliced) {
    const path = `xl/worksheets/sheet${table.sheet}.xml`;
    const sheet = text(path).replace(/<dimension ref="[^"]*"\/>/, `<dimension ref="A1:${columnName(table.columns)}${table.rows.length + 1}"/>`);
    const end = sheet.lastIndexOf('</sheetData>');
    if (end < 0) throw new Error(`xlsx: ${path} has no <sheetData> to add rows to; build/report/targets/xlsx.ts needs updating.`);
    parts.set(path, Buffer.concat([encoder.encode(sheet.slice(0, end)), splicedRowsXml(table, styles, strings), encoder.encode(sheet.slice(end))]));
  }
  parts.set('xl/styles.xml', styles.xml());
  parts.set(
    'xl/sharedStrings.xml',
    sst.replace(head[0], head[0].replace(/count="\d+" uniqueCount="\d+"/, `count="${Number(head[1]) + strings.uses}" uniqueCount="${strings.next}"`)).replace('</sst>', () => `${strings.xml()}</sst>`),
  );
  const out: OutputFile[] = [];
  for (const [path, data] of parts) out.push({ path, contents: typeof data === 'string' ? encoder.encode(data) : data });
  return zipAsync(out);
}
