/**
 * The report workbook's long tables (items, groups, free text, respondents), written as sheet
 * XML here rather than through exceljs. exceljs builds a cell model and a style object for every
 * cell, about half a second per 1,000 styled rows, and a large company's report has tens of
 * thousands of rows; so exceljs writes each of these sheets with its header row, widths and
 * print setup, and the rows are spliced in afterwards, with their styles added to the
 * workbook's stylesheet and their texts to its shared strings.
 *
 * Every text is a shared string, never a formula; a text a spreadsheet would take for a formula
 * when retyped gets the text number format `@` as well.
 */

export type Value = string | number | null;

/** What a spreadsheet would read as the start of a formula (OWASP's CSV-injection list). */
export const FORMULA_START = /^[=+\-@\t\r]/;

/** A sheet's rows from row 2 on, below the header row exceljs wrote. */
export interface SplicedTable {
  /** 1-based position of the sheet: exceljs writes it as `xl/worksheets/sheet<n>.xml`. */
  sheet: number;
  rows: Value[][];
  columns: number;
  /** Per column (0-based), the number format of its numbers; null for General. */
  formats: (string | null)[];
  /** Texts wrap and sit at the top of the cell. */
  wrap: boolean;
  /** Per row, the colour of its coloured cells (null: none), and the columns (0-based) that take it. */
  fills?: { colours: (string | null)[]; columns: number[] };
  /**
   * Per row, its height in points, or null for the default: neither Excel nor LibreOffice fits
   * a row to its wrapped text when it opens a file, so a row of long answers says how tall it is.
   */
  heights?: (number | null)[];
}

interface CellStyle {
  format: string | null;
  fill: string | null;
  wrap: boolean;
}

/** Number formats every spreadsheet knows by id (ECMA-376 part 1, 18.8.30). */
const BUILT_IN_FORMATS: Record<string, number> = { General: 0, '0': 1, '0.00': 2, '0%': 9, '0.00%': 10, '@': 49 };

/** Black or white, whichever reads on the fill. */
export type TextOn = (fill: string) => string;

/**
 * Cell styles added to the stylesheet exceljs wrote: number formats, fonts (the language's font
 * in the colour that reads on a fill), solid fills and the cell formats that combine them.
 */
export class AddedStyles {
  private readonly formats = new Map<string, number>();
  private readonly newFormats: string[] = [];
  private nextFormat = 164;
  private readonly fonts = new Map<string, number>();
  private readonly newFonts: string[] = [];
  private readonly fills = new Map<string, number>();
  private readonly newFills: string[] = [];
  private readonly xfs = new Map<string, number>();
  private readonly newXfs: string[] = [];
  private readonly counts: { fonts: number; fills: number; xfs: number };

  constructor(
    private readonly stylesXml: string,
    private readonly font: string,
    private readonly textOn: TextOn,
  ) {
    for (const m of stylesXml.matchAll(/<numFmt numFmtId="(\d+)" formatCode="([^"]*)"\/>/g)) {
      const id = Number(m[1]);
      this.formats.set(unescapeAttr(m[2]!), id);
      this.nextFormat = Math.max(this.nextFormat, id + 1);
    }
    const count = (tag: string) => {
      const m = new RegExp(`<${tag} count="(\\d+)"`).exec(stylesXml);
      if (!m) throw new Error(`xlsx: exceljs wrote styles.xml without <${tag}>; build/report/targets/xlsx-rows.ts needs updating for this version of exceljs.`);
      return Number(m[1]);
    };
    this.counts = { fonts: count('fonts'), fills: count('fills'), xfs: count('cellXfs') };
  }

  /** The index in `<cellXfs>` of a cell in this style; 0 (the default) for a plain one. */
  id(style: CellStyle): number {
    if (style.format === null && style.fill === null && !style.wrap) return 0;
    const key = `${style.format}\u0000${style.fill}\u0000${style.wrap}`;
    let id = this.xfs.get(key);
    if (id === undefined) {
      const format = style.format === null ? 0 : this.formatId(style.format);
      const font = style.fill === null ? 0 : this.fontId(this.textOn(style.fill));
      const fill = style.fill === null ? 0 : this.fillId(style.fill);
      const applies = `${format ? ' applyNumberFormat="1"' : ''}${font ? ' applyFont="1"' : ''}${fill ? ' applyFill="1"' : ''}${style.wrap ? ' applyAlignment="1"' : ''}`;
      const inner = style.wrap ? '<alignment vertical="top" wrapText="1"/>' : '';
      this.newXfs.push(`<xf numFmtId="${format}" fontId="${font}" fillId="${fill}" borderId="0" xfId="0"${applies}${inner ? `>${inner}</xf>` : '/>'}`);
      id = this.counts.xfs + this.newXfs.length - 1;
      this.xfs.set(key, id);
    }
    return id;
  }

  private formatId(code: string): number {
    const known = BUILT_IN_FORMATS[code] ?? this.formats.get(code);
    if (known !== undefined) return known;
    const id = this.nextFormat++;
    this.formats.set(code, id);
    this.newFormats.push(`<numFmt numFmtId="${id}" formatCode="${xmlText(code)}"/>`);
    return id;
  }

  private fontId(colour: string): number {
    let id = this.fonts.get(colour);
    if (id === undefined) {
      this.newFonts.push(`<font><sz val="11"/><color rgb="FF${colour}"/><name val="${xmlText(this.font)}"/><family val="2"/></font>`);
      id = this.counts.fonts + this.newFonts.length - 1;
      this.fonts.set(colour, id);
    }
    return id;
  }

  private fillId(colour: string): number {
    let id = this.fills.get(colour);
    if (id === undefined) {
      this.newFills.push(`<fill><patternFill patternType="solid"><fgColor rgb="FF${colour}"/><bgColor indexed="64"/></patternFill></fill>`);
      id = this.counts.fills + this.newFills.length - 1;
      this.fills.set(colour, id);
    }
    return id;
  }

  /** The stylesheet with the added styles. */
  xml(): string {
    let xml = this.stylesXml;
    const append = (tag: string, total: number, added: string[]) => {
      if (!added.length) return;
      xml = xml.replace(new RegExp(`<${tag} count="\\d+"`), `<${tag} count="${total}"`).replace(`</${tag}>`, () => `${added.join('')}</${tag}>`);
    };
    if (this.newFormats.length) {
      const existing = /<numFmts count="(\d+)"/.exec(xml);
      if (existing) append('numFmts', Number(existing[1]) + this.newFormats.length, this.newFormats);
      // numFmts comes first in a stylesheet (CT_Stylesheet's sequence).
      else xml = xml.replace(/(<styleSheet\b[^>]*>)/, (open) => `${open}<numFmts count="${this.newFormats.length}">${this.newFormats.join('')}</numFmts>`);
    }
    append('fonts', this.counts.fonts + this.newFonts.length, this.newFonts);
    append('fills', this.counts.fills + this.newFills.length, this.newFills);
    append('cellXfs', this.counts.xfs + this.newXfs.length, this.newXfs);
    return xml;
  }
}

const unescapeAttr = (s: string) => s.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** Texts added to the workbook's shared strings after those exceljs wrote, each once. */
export class SharedStrings {
  private readonly index = new Map<string, number>();
  private readonly added: string[] = [];
  uses = 0;
  constructor(public next: number) {}
  of(s: string): number {
    this.uses++;
    let i = this.index.get(s);
    if (i === undefined) {
      i = this.next++;
      this.index.set(s, i);
      this.added.push(`<si><t xml:space="preserve">${xmlText(s)}</t></si>`);
    }
    return i;
  }
  xml(): string {
    return this.added.join('');
  }
}

/**
 * The rows' XML, as bytes. Everything a row holds here is ASCII (references, numbers, style
 * and shared-string indexes: the texts themselves are in the shared strings), so it is written
 * byte by byte, and each distinct text's cell is worked out once: a 10,000-row sheet repeats a
 * scale's few labels.
 */
export function splicedRowsXml(table: SplicedTable, styles: AddedStyles, strings: SharedStrings): Uint8Array {
  const out = new AsciiWriter(table.rows.length * table.columns * 24);
  const refs = Array.from({ length: table.columns }, (_, c) => ascii(`<c r="${columnName(c + 1)}`));
  /** Per fill (and none), each column's style for a number, a text and a formula-like text. */
  const rowStyles = new Map<string | null, { number: number[]; text: number[]; formula: number[] }>();
  const stylesFor = (fill: string | null) => {
    let s = rowStyles.get(fill);
    if (!s) {
      const filled = (c: number) => (fill !== null && table.fills!.columns.includes(c) ? fill : null);
      const columns = Array.from({ length: table.columns }, (_, c) => c);
      s = {
        number: columns.map((c) => styles.id({ format: table.formats[c] ?? null, fill: filled(c), wrap: table.wrap })),
        text: columns.map((c) => styles.id({ format: null, fill: filled(c), wrap: table.wrap })),
        formula: columns.map((c) => styles.id({ format: '@', fill: filled(c), wrap: table.wrap })),
      };
      rowStyles.set(fill, s);
    }
    return s;
  };
  /** Each distinct text once: its shared string's index, and whether it looks like a formula. */
  const texts = new Map<string, { index: number; formula: boolean }>();
  for (let i = 0; i < table.rows.length; i++) {
    const row = table.rows[i]!;
    const r = i + 2;
    const style = stylesFor(table.fills?.colours[i] ?? null);
    out.bytes(ROW_OPEN);
    out.int(r);
    const height = table.heights?.[i];
    if (height) {
      out.bytes(HEIGHT);
      out.int(Math.ceil(height));
      out.bytes(CUSTOM_HEIGHT);
    }
    out.bytes(TAG_END);
    for (let c = 0; c < row.length; c++) {
      const v = row[c];
      if (v === null || v === undefined || v === '') continue;
      let s: number;
      let index = -1;
      if (typeof v === 'number') {
        if (!Number.isFinite(v)) continue;
        s = style.number[c]!;
      } else {
        let known = texts.get(v);
        if (known === undefined) texts.set(v, (known = { index: strings.of(v), formula: FORMULA_START.test(v) }));
        else strings.uses++;
        s = known.formula ? style.formula[c]! : style.text[c]!;
        index = known.index;
      }
      out.bytes(refs[c]!);
      out.int(r);
      if (s) {
        out.bytes(STYLE);
        out.int(s);
      }
      if (index < 0) {
        out.bytes(NUMBER_OPEN);
        out.text(String(v));
      } else {
        out.bytes(STRING_OPEN);
        out.int(index);
      }
      out.bytes(CELL_CLOSE);
    }
    out.bytes(ROW_CLOSE);
  }
  return out.done();
}

function ascii(s: string): Uint8Array {
  const b = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i);
  return b;
}
const ROW_OPEN = ascii('<row r="');
const TAG_END = ascii('">');
const ROW_CLOSE = ascii('</row>');
const STYLE = ascii('" s="');
const HEIGHT = ascii('" ht="');
const CUSTOM_HEIGHT = ascii('" customHeight="1');
const NUMBER_OPEN = ascii('"><v>');
const STRING_OPEN = ascii('" t="s"><v>');
const CELL_CLOSE = ascii('</v></c>');

/** A growing buffer of ASCII bytes; small copies byte by byte, which beats `set` at this size. */
class AsciiWriter {
  private buf: Uint8Array;
  private at = 0;
  private readonly digits = new Uint8Array(16);
  constructor(size: number) {
    this.buf = new Uint8Array(Math.max(1024, size));
  }
  private room(n: number): void {
    if (this.at + n <= this.buf.length) return;
    const bigger = new Uint8Array(Math.max(this.buf.length * 2, this.at + n));
    bigger.set(this.buf.subarray(0, this.at));
    this.buf = bigger;
  }
  bytes(b: Uint8Array): void {
    this.room(b.length);
    for (let j = 0; j < b.length; j++) this.buf[this.at++] = b[j]!;
  }
  /** A non-negative whole number. */
  int(n: number): void {
    let k = 0;
    do {
      this.digits[k++] = 48 + (n % 10);
      n = Math.floor(n / 10);
    } while (n > 0);
    this.room(k);
    while (k > 0) this.buf[this.at++] = this.digits[--k]!;
  }
  /** An ASCII string (a number as JavaScript writes it). */
  text(s: string): void {
    this.room(s.length);
    for (let j = 0; j < s.length; j++) this.buf[this.at++] = s.charCodeAt(j);
  }
  done(): Uint8Array {
    return this.buf.subarray(0, this.at);
  }
}

export function columnName(n: number): string {
  let s = '';
  for (let c = n; c > 0; c = Math.floor((c - 1) / 26)) s = String.fromCharCode(65 + ((c - 1) % 26)) + s;
  return s;
}

const NEEDS_ESCAPE = /[&<>"\r\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|_x[0-9A-Fa-f]{4}_/;

/**
 * Text for a cell's XML: markup characters escaped, a carriage return kept (an XML reader
 * would turn a literal one into a line feed), characters XML 1.0 cannot hold written as
 * OOXML's `_xHHHH_` escapes, and a literal `_xHHHH_` in the text escaped so it stays literal.
 */
export function xmlText(s: string): string {
  if (!NEEDS_ESCAPE.test(s)) return s;
  return s
    .replace(/_x[0-9A-Fa-f]{4}_/g, (m) => `_x005F${m}`)
    .replace(/[&<>"\r]/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\r': '&#13;' })[ch]!)
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, (ch) => `_x${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`);
}
