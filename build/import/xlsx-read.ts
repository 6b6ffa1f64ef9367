/**
 * Reads an Excel workbook's cells as text: sheets by name in workbook order, each cell's
 * value (shared strings, inline strings, numbers, booleans) and, separately, its formula.
 * A formula is never evaluated; the importer only ever sees its text.
 */
import { ArchiveError } from './zip.ts';
import type { OoxmlPackage } from './package.ts';
import { findAll, kid, kids, textOf, type XmlElement } from './xml.ts';

export interface Cell {
  /** The value as text, as the cell shows it (a formula's cached result). */
  value: string;
  /** The formula's text (without "="), when the cell holds one. */
  formula: string | null;
}

export interface Sheet {
  name: string;
  /** The sheet's part in the package, for what this reader leaves out (data validations). */
  part: string;
  /** Cells by row (1-based) and column (1-based). */
  rows: Map<number, Map<number, Cell>>;
}

/** Limits a manuscript workbook stays far below. */
export const MAX_SHEETS = 50;
export const MAX_CELLS = 200_000;
/** Characters in one cell: Excel's own limit, which no cell it saves exceeds. */
export const MAX_CELL_TEXT = 32_767;

/** Excel escapes control characters in strings as `_xHHHH_`. */
function unescapeExcel(s: string): string {
  return s.replace(/_x([0-9A-Fa-f]{4})_/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))).replace(/\r\n?/g, '\n');
}

/** Text of a string item: plain `<t>` or rich-text runs, never the phonetic guide (`<rPh>`). */
function stringItem(si: XmlElement): string {
  const t = kid(si, 's:t');
  if (t) return unescapeExcel(textOf(t));
  return unescapeExcel(kids(si, 's:r').map((r) => textOf(kid(r, 's:t') ?? { name: '', attrs: {}, children: [] })).join(''));
}

/** 2, 12 → "B12". */
export function cellRef(col: number, row: number): string {
  let name = '';
  for (let c = col; c > 0; c = Math.floor((c - 1) / 26)) name = String.fromCharCode(65 + ((c - 1) % 26)) + name;
  return `${name}${row}`;
}

/** "B12" → { col: 2, row: 12 }. */
export function parseRef(ref: string): { col: number; row: number } | null {
  const m = /^([A-Z]{1,3})(\d{1,7})$/.exec(ref);
  if (!m) return null;
  let col = 0;
  for (const ch of m[1]!) col = col * 26 + (ch.charCodeAt(0) - 64);
  return { col, row: Number(m[2]) };
}

export function readWorkbook(pkg: OoxmlPackage): Sheet[] {
  const wb = pkg.xml(pkg.mainPart);
  const rels = new Map(pkg.rels(pkg.mainPart).map((r) => [r.id, r]));
  const sharedPart = pkg.related(pkg.mainPart, 'sharedStrings');
  const shared = sharedPart ? kids(pkg.xml(sharedPart), 's:si').map(stringItem) : [];
  const sheetEls = findAll(wb, 's:sheet');
  if (sheetEls.length > MAX_SHEETS) throw new ArchiveError('ArchiveTooLarge', `The workbook has ${sheetEls.length} sheets; more than ${MAX_SHEETS} are refused.`);
  let cells = 0;
  return sheetEls.flatMap((s): Sheet[] => {
    const rel = rels.get(s.attrs['r:id'] ?? '');
    if (!rel || rel.external || !pkg.has(rel.target) || !/\/worksheet$/.test(rel.type)) return [];
    const doc = pkg.xml(rel.target);
    const rows = new Map<number, Map<number, Cell>>();
    let rowNo = 0;
    for (const row of findAll(doc, 's:row')) {
      rowNo = Number(row.attrs['r'] ?? rowNo + 1);
      let colNo = 0;
      for (const c of kids(row, 's:c')) {
        const ref = c.attrs['r'] ? parseRef(c.attrs['r']) : null;
        colNo = ref ? ref.col : colNo + 1;
        const r = ref ? ref.row : rowNo;
        const f = kid(c, 's:f');
        const v = kid(c, 's:v');
        const type = c.attrs['t'] ?? 'n';
        let value = '';
        if (type === 's') value = shared[Number(v ? textOf(v) : -1)] ?? '';
        else if (type === 'inlineStr') value = kid(c, 's:is') ? stringItem(kid(c, 's:is')!) : '';
        else if (type === 'b') value = v && textOf(v) === '1' ? 'TRUE' : 'FALSE';
        else value = v ? unescapeExcel(textOf(v)) : '';
        const formula = f ? textOf(f) || (f.attrs['t'] === 'shared' ? '(shared formula)' : '') : null;
        if (!value && formula === null) continue;
        const length = Math.max(value.length, formula?.length ?? 0);
        if (length > MAX_CELL_TEXT) {
          throw new ArchiveError('TextTooLong', `Sheet "${s.attrs['name'] ?? ''}", cell ${cellRef(colNo, r)} holds ${length.toLocaleString('en-US')} characters; a cell is refused above ${MAX_CELL_TEXT.toLocaleString('en-US')} (Excel's own limit).`);
        }
        if (++cells > MAX_CELLS) throw new ArchiveError('ArchiveTooLarge', `The workbook has more than ${MAX_CELLS} filled cells; it is refused.`);
        if (!rows.has(r)) rows.set(r, new Map());
        rows.get(r)!.set(colNo, { value, formula });
      }
    }
    return [{ name: s.attrs['name'] ?? '', part: rel.target, rows }];
  });
}

export function cellText(sheet: Sheet, row: number, col: number): string {
  return sheet.rows.get(row)?.get(col)?.value ?? '';
}
