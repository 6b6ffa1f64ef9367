/**
 * What both Excel manuscripts share: the look (the language's font and the course colours),
 * cells written as plain values, formulas with their quoting rules, row heights that fit
 * wrapped text, and the page setup for A4 printing.
 */
import type ExcelJS from 'exceljs';
import { breakPieces, isWide, plainText } from '../../markdown/index.ts';
import type { Course, Lang } from '../../model.ts';
import { fill, type XlsxLabels } from './labels.ts';

/** The look of one language's workbooks. */
export interface Look {
  font: string;
  /** Points. */
  size: number;
  /** Points per line of wrapped text in `font` at `size`. */
  lineHeight: number;
  /** Widths of a character in Excel's column-width unit (the font's digit width). */
  widths: { latin: number; wide: number };
  colours: { primary: string; accent: string; text: string; background: string };
}

interface FontMetrics {
  /** Line height as a multiple of the font size, as Excel lays the font out. */
  line: number;
  /** Average width of Latin text (spaces included) and of an East Asian wide character, in digit widths. */
  latin: number;
  wide: number;
}

/**
 * Metrics of the fonts course.yaml is likely to name, for row heights: Excel does not grow
 * rows to fit wrapped text when it opens a file. Meiryo's tall ascent gives 18.75 pt rows at
 * 11 pt and its Latin letters are wide; Calibri is narrow. Fonts not listed get middle values.
 */
const fontMetrics: Record<string, FontMetrics> = {
  meiryo: { line: 1.71, latin: 1.0, wide: 1.85 },
  'meiryo ui': { line: 1.36, latin: 0.95, wide: 1.85 },
  'yu gothic': { line: 1.71, latin: 0.95, wide: 1.85 },
  'ms gothic': { line: 1.23, latin: 1.0, wide: 2.0 },
  'ms pgothic': { line: 1.23, latin: 0.9, wide: 2.0 },
  calibri: { line: 1.37, latin: 0.85, wide: 2.1 },
  arial: { line: 1.37, latin: 0.9, wide: 2.0 },
};
const otherFont: FontMetrics = { line: 1.5, latin: 1.0, wide: 2.0 };

export function lookFor(course: Course, lang: Lang): Look {
  const language = course.languages.find((l) => l.code === lang);
  if (!language) throw new Error(`The course has no language "${lang}".`);
  const size = 11;
  const m = fontMetrics[language.font.toLowerCase()] ?? otherFont;
  return {
    font: language.font,
    size,
    lineHeight: Math.ceil(size * m.line * 4) / 4,
    widths: { latin: m.latin, wide: m.wide },
    colours: course.theme,
  };
}

/** `#RRGGBB` → exceljs's `AARRGGBB`. */
export function argb(hex: string): string {
  return `FF${hex.replace(/^#/, '').toUpperCase()}`;
}

/** The colour mixed with white: `amount` 0 keeps it, 1 gives white. */
export function tint(hex: string, amount: number): string {
  const n = Number.parseInt(hex.replace(/^#/, ''), 16);
  const mix = (c: number) => Math.round(c + (255 - c) * amount);
  const [r, g, b] = [(n >> 16) & 255, (n >> 8) & 255, n & 255].map(mix) as [number, number, number];
  return `#${[r, g, b].map((c) => c.toString(16).padStart(2, '0')).join('').toUpperCase()}`;
}

/** Where a respondent or learner types: the usual pale yellow of input cells. */
const inputFill = '#FFF7D6';
const gridColour = '#BFBFBF';
const idColour = '#7F7F7F';

export type CellKind =
  | 'title'
  | 'subtitle'
  | 'heading'
  | 'text'
  | 'note'
  | 'header'
  | 'cell'
  | 'cellCentered'
  | 'input'
  | 'inputCentered'
  | 'formula'
  | 'group'
  | 'groupCentered'
  | 'groupFormula'
  | 'id'
  | 'idHeader';

/** The style of each kind of cell. Every kind names the font, so every written cell has it. */
export function styleOf(look: Look, kind: CellKind): Partial<ExcelJS.Style> {
  const c = look.colours;
  const font = (extra: Partial<ExcelJS.Font> = {}): Partial<ExcelJS.Font> => ({
    name: look.font,
    size: look.size,
    color: { argb: argb(c.text) },
    ...extra,
  });
  const thin = { style: 'thin' as const, color: { argb: argb(gridColour) } };
  const border: Partial<ExcelJS.Borders> = { top: thin, left: thin, bottom: thin, right: thin };
  const wrapTop: Partial<ExcelJS.Alignment> = { wrapText: true, vertical: 'top' };
  const solid = (hex: string): ExcelJS.Fill => ({ type: 'pattern', pattern: 'solid', fgColor: { argb: argb(hex) } });
  switch (kind) {
    case 'title':
      return { font: font({ size: 16, bold: true, color: { argb: argb(c.primary) } }), alignment: { vertical: 'middle' } };
    case 'subtitle':
      return { font: font({ size: 12, color: { argb: argb(c.primary) } }), alignment: { vertical: 'middle' } };
    case 'heading':
      return {
        font: font({ size: 12, bold: true, color: { argb: argb(c.primary) } }),
        alignment: { vertical: 'bottom' },
        border: { bottom: { style: 'medium', color: { argb: argb(c.primary) } } },
      };
    case 'text':
      return { font: font(), alignment: wrapTop };
    case 'note':
      return { font: font({ size: look.size - 1, color: { argb: argb(idColour) } }), alignment: wrapTop };
    case 'header':
      return {
        font: font({ bold: true, color: { argb: argb(c.background) } }),
        fill: solid(c.primary),
        alignment: { wrapText: true, vertical: 'middle', horizontal: 'center' },
        border,
      };
    case 'idHeader':
      return {
        font: font({ size: look.size - 2, color: { argb: argb(c.background) } }),
        fill: solid(tint(c.primary, 0.35)),
        alignment: { vertical: 'middle', horizontal: 'center' },
        border,
      };
    case 'cell':
      return { font: font(), alignment: wrapTop, border };
    case 'cellCentered':
      return { font: font(), alignment: { vertical: 'top', horizontal: 'center', wrapText: true }, border };
    case 'input':
      return { font: font(), alignment: wrapTop, border, fill: solid(inputFill), protection: { locked: false } };
    case 'inputCentered':
      return {
        font: font(),
        alignment: { vertical: 'top', horizontal: 'center', wrapText: true },
        border,
        fill: solid(inputFill),
        protection: { locked: false },
      };
    case 'formula':
      return { font: font({ bold: true }), alignment: { vertical: 'top', horizontal: 'center' }, border, protection: { locked: true } };
    case 'group':
      return { font: font({ bold: true }), alignment: wrapTop, border, fill: solid(tint(c.primary, 0.85)) };
    case 'groupCentered':
      return { font: font({ bold: true }), alignment: { vertical: 'top', horizontal: 'center' }, border, fill: solid(tint(c.primary, 0.85)) };
    case 'groupFormula':
      return {
        font: font({ bold: true }),
        alignment: { vertical: 'top', horizontal: 'center' },
        border,
        fill: solid(tint(c.primary, 0.85)),
        protection: { locked: true },
      };
    case 'id':
      return { font: font({ size: look.size - 2, color: { argb: argb(idColour) } }), alignment: { vertical: 'top' }, border };
  }
}

/**
 * Writes a value from the sources. A string is always stored as text: one starting with "="
 * stays text (exceljs only writes a formula for a `{ formula }` value).
 */
export function put(ws: ExcelJS.Worksheet, address: string, value: string | number | null, look: Look, kind: CellKind): ExcelJS.Cell {
  const cell = ws.getCell(address);
  cell.value = value;
  cell.style = styleOf(look, kind);
  return cell;
}

/**
 * Writes a formula. `result` is the value it has in the workbook as built (no answers yet),
 * cached so that readers which do not calculate still show the right thing. exceljs stores no
 * result of 0 or "": such cells are computed on opening (Excel recalculates the whole workbook
 * on load, see `newWorkbook`; LibreOffice computes every formula without a stored result).
 */
export function putFormula(
  ws: ExcelJS.Worksheet,
  address: string,
  formula: string,
  result: string | number,
  look: Look,
  kind: CellKind = 'formula',
): ExcelJS.Cell {
  const cell = ws.getCell(address);
  cell.value = { formula, result } as ExcelJS.CellFormulaValue;
  cell.style = styleOf(look, kind);
  return cell;
}

/**
 * Data validations for cells of one column, written as one range per run of equal ones.
 * Not `cell.dataValidation`: exceljs then merges equal neighbours itself, sorting addresses
 * as strings ("E10" before "E4"), and writes overlapping ranges that Excel repairs away.
 */
export function validateColumn(ws: ExcelJS.Worksheet, column: string, cells: { row: number; validation: ExcelJS.DataValidation }[]): void {
  const model = (ws as unknown as { dataValidations: { add(address: string, validation: ExcelJS.DataValidation): void } }).dataValidations;
  const sorted = [...cells].sort((a, b) => a.row - b.row);
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    const same = JSON.stringify(sorted[i]!.validation);
    while (j + 1 < sorted.length && sorted[j + 1]!.row === sorted[j]!.row + 1 && JSON.stringify(sorted[j + 1]!.validation) === same) j++;
    const from = sorted[i]!.row;
    const to = sorted[j]!.row;
    model.add(from === to ? `${column}${from}` : `${column}${from}:${column}${to}`, sorted[i]!.validation);
    i = j + 1;
  }
}

/** Plain text of Markdown, keeping its paragraphs apart as lines. */
export function paragraphs(md: string): string {
  return md
    .split(/\n\s*\n/)
    .map((p) => plainText(p))
    .filter((p) => p !== '')
    .join('\n');
}

/** A reference to a cell or range on another sheet, quoted whatever the sheet is called. */
export function sheetRef(sheet: string, range: string): string {
  return `'${sheet.replace(/'/g, "''")}'!${range}`;
}

/** A string literal inside a formula. */
export function formulaString(s: string): string {
  return `"${s.replace(/"/g, '""')}"`;
}

/** Column letter of a 1-based column number. */
export function col(n: number): string {
  let s = '';
  for (let c = n; c > 0; c = Math.floor((c - 1) / 26)) s = String.fromCharCode(65 + ((c - 1) % 26)) + s;
  return s;
}

/**
 * Lines `text` takes when wrapped in a column `width` units wide: words stay whole, East Asian
 * wide characters (about two digits wide each) break anywhere.
 */
export function wrappedLines(text: string, width: number, widths: Look['widths']): number {
  const charWidth = (ch: string) => (isWide(ch) ? widths.wide : widths.latin);
  // Cell padding, and a margin for fonts that set a little wider than the estimate.
  const usable = Math.max(1, width * 0.95 - 1.2);
  let lines = 0;
  for (const paragraph of text.split('\n')) {
    lines += 1;
    let used = 0;
    for (const token of breakPieces(paragraph)) {
      const w = [...token].reduce((sum, ch) => sum + charWidth(ch), 0);
      const visible = [...token.trimEnd()].reduce((sum, ch) => sum + charWidth(ch), 0);
      if (used > 0 && used + visible > usable) {
        lines += 1;
        used = 0;
      }
      // A word longer than the column breaks across lines.
      if (visible > usable) {
        lines += Math.floor(visible / usable);
        used = visible % usable;
      } else used += w;
    }
  }
  return lines;
}

/**
 * Sets row heights so wrapped text shows whole. Excel does not grow rows to fit text on
 * opening a file, so the heights are computed here from the column widths; merged cells
 * count the width of every column they span.
 */
export function fitRows(ws: ExcelJS.Worksheet, look: Look, fromRow: number, toRow: number, minLines = 1): void {
  const merges = mergedWidths(ws);
  for (let r = fromRow; r <= toRow; r++) {
    const row = ws.getRow(r);
    let lines = minLines;
    row.eachCell((cell, c) => {
      if (cell.isMerged && cell.master !== cell) return;
      const text = typeof cell.value === 'string' ? cell.value : typeof cell.result === 'string' ? cell.result : null;
      if (text === null || !cell.alignment?.wrapText) return;
      const width = merges.get(cell.address) ?? ws.getColumn(c).width ?? 9;
      const size = cell.font?.size ?? look.size;
      const scale = (size / look.size) * (cell.font?.bold ? 1.08 : 1);
      lines = Math.max(lines, Math.ceil(wrappedLines(text, width / scale, look.widths) * (size / look.size)));
    });
    row.height = Math.max(row.height ?? 0, lines * look.lineHeight + 4);
  }
}

const merges = new WeakMap<ExcelJS.Worksheet, { from: number; to: number; address: string }[]>();

/** Merges cells in one row, from column `from` to `to`, remembering the span for `fitRows`. */
export function mergeAcross(ws: ExcelJS.Worksheet, row: number, from: number, to: number): void {
  if (to <= from) return;
  ws.mergeCells(row, from, row, to);
  const list = merges.get(ws) ?? [];
  list.push({ from, to, address: `${col(from)}${row}` });
  merges.set(ws, list);
}

function mergedWidths(ws: ExcelJS.Worksheet): Map<string, number> {
  const widths = new Map<string, number>();
  for (const m of merges.get(ws) ?? []) {
    let width = 0;
    for (let c = m.from; c <= m.to; c++) width += ws.getColumn(c).width ?? 9;
    widths.set(m.address, width);
  }
  return widths;
}

export interface PrintSetup {
  orientation: 'portrait' | 'landscape';
  /** The printed range, e.g. `A1:E40`; stable-id columns stay outside it. */
  area: string;
  /** Rows repeated at the top of every page, e.g. `3:3`. */
  titleRows?: string;
}

/** A4, one page wide, header with the course title, footer with the page number. */
export function setUpPrinting(ws: ExcelJS.Worksheet, look: Look, labels: XlsxLabels, title: string, p: PrintSetup): void {
  ws.pageSetup = {
    paperSize: 9,
    orientation: p.orientation,
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    horizontalCentered: true,
    margins: { left: 0.5, right: 0.5, top: 0.75, bottom: 0.75, header: 0.3, footer: 0.3 },
    // exceljs prefixes each corner with "$"; the row "$" makes the reference absolute, as Excel and LibreOffice expect.
    printArea: p.area.replace(/([A-Z]+)(\d+)/g, '$1$$$2'),
    ...(p.titleRows ? { printTitlesRow: p.titleRows } : {}),
  };
  const font = `&"${look.font.replace(/"/g, '')},Regular"&9`;
  const hf = (s: string) => s.replace(/&/g, '&&');
  ws.headerFooter = {
    oddHeader: `&L${font}${hf(title)}&R${font}&A`,
    oddFooter: `&C${font}${hf(fill(labels.page, { page: '\u0000P', pages: '\u0000N' })).replace(/\u0000/g, '&')}`,
  };
}

/**
 * Protects a sheet without a password, so a customer can lift it from the Review menu.
 * Column widths and row heights stay adjustable.
 */
export async function protect(ws: ExcelJS.Worksheet): Promise<void> {
  await ws.protect('', { formatColumns: true, formatRows: true, selectLockedCells: true, selectUnlockedCells: true });
}

/** Frozen header: rows above `row` and columns before `column` stay in view. */
export function freeze(ws: ExcelJS.Worksheet, row: number, column = 0): void {
  ws.views = [{ state: 'frozen', xSplit: column, ySplit: row - 1, topLeftCell: `${col(column + 1)}${row}`, activeCell: `${col(column + 1)}${row}` }];
}
