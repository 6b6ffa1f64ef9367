/**
 * Where things go on a 16:9 slide (13.333 × 7.5 in, PowerPoint's default widescreen), and how
 * big the text can be. The overflow rule: a slide's blocks (text, tables, cases) are stacked
 * top to bottom in the layout's body region; each block's height is estimated (lines per
 * paragraph from measure.ts × the font's line spacing, plus paragraph spacing, insets and cell
 * margins). The body is set at the ladder's first size (28 pt on lesson slides; tables and cases 4 pt smaller);
 * if the stack is taller than the region it is set one step smaller (24 pt); if it still does
 * not fit, the slide is reported (`overflow`) and kept at that size, never shrunk further.
 */
import type { Block, Para, Run } from '../../markdown/index.ts';
import { type FontMetrics, lineCount, PT_PER_INCH } from './measure.ts';

export const SLIDE_W = 13.333;
export const SLIDE_H = 7.5;

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

const MARGIN_X = 0.6;
const CONTENT_W = SLIDE_W - 2 * MARGIN_X;

/** Geometry of the masters; render.ts draws them, the planner fills them. */
export const geometry = {
  content: {
    title: { x: MARGIN_X, y: 0.3, w: CONTENT_W, h: 1.0 },
    titleRule: { x: MARGIN_X, y: 1.36, w: 1.1, h: 0.06 },
    body: { x: MARGIN_X, y: 1.62, w: CONTENT_W, h: 5.1 },
  },
  footer: {
    rule: { x: MARGIN_X, y: 6.93, w: CONTENT_W, h: 0 },
    text: { x: MARGIN_X, y: 6.98, w: CONTENT_W - 1.2, h: 0.38 },
    number: { x: SLIDE_W - MARGIN_X - 1.0, y: 6.98, w: 1.0, h: 0.38 },
    size: 11,
  },
  title: {
    band: { x: 0, y: 0, w: 0.28, h: SLIDE_H },
    title: { x: 0.95, y: 1.4, w: SLIDE_W - 1.9, h: 2.6 },
    rule: { x: 0.95, y: 4.15, w: 1.5, h: 0.08 },
    subtitle: { x: 0.95, y: 4.4, w: SLIDE_W - 1.9, h: 0.6 },
    organisation: { x: 0.95, y: 6.15, w: SLIDE_W - 1.9, h: 0.7 },
  },
  section: {
    label: { x: 0.95, y: 1.85, w: SLIDE_W - 1.9, h: 0.6 },
    rule: { x: 0.95, y: 2.55, w: 1.1, h: 0.07 },
    title: { x: 0.95, y: 2.75, w: SLIDE_W - 1.9, h: 1.6 },
    detail: { x: 0.95, y: 4.45, w: SLIDE_W - 1.9, h: 1.6 },
  },
  closing: {
    card: { x: MARGIN_X, y: 1.62, w: 4.0, h: 5.1 },
    sources: { x: MARGIN_X + 4.3, y: 1.62, w: CONTENT_W - 4.3, h: 5.1 },
  },
} as const;

/** Space between stacked blocks, in inches. */
const BLOCK_GAP = 0.22;
/** Text box insets, in points: left/right and top/bottom. */
export const TEXT_INSET = { x: 7.2, y: 3.6 };
/** Case boxes have more room inside their shading. */
export const QUOTE_INSET = { x: 20, y: 12 };
/** Table cell margins in inches: top/bottom and left/right. */
export const CELL_MARGIN = { y: 0.1, x: 0.14 };

/** Space before a paragraph that follows another, as a fraction of the font size. */
export const PARA_GAP = 0.45;
/** More space where a list ends or starts, so a list and a paragraph read as separate blocks. */
export const BLOCK_PARA_GAP = 0.9;
/** Labels are set this much smaller than the text they label. */
export const LABEL_SCALE = 0.65;

/** Space before paragraph `i` of `paras`, in points at `size`. */
export function gapBefore(paras: Para[], i: number, size: number): number {
  if (i === 0) return 0;
  const prev = paras[i - 1]!;
  const p = paras[i]!;
  if (p.label) return size * BLOCK_PARA_GAP;
  if (prev.label) return size * 0.15;
  const isList = (x: Para) => x.list !== 'none' || x.level > 0;
  return isList(prev) !== isList(p) || p.heading ? size * BLOCK_PARA_GAP : size * PARA_GAP;
}

/** The size a paragraph is set at, for a shape's size. */
export function paraSize(p: Para, size: number): number {
  return p.label ? Math.round(size * LABEL_SCALE) : size;
}

/** Hanging indent of a list item per level, in points: room for "•" or "10.". */
export function listIndent(para: Para, size: number): number {
  return Math.round(size * (para.list === 'number' ? 1.6 : 1.2));
}

function pieces(runs: Run[]) {
  return runs.map((r) => ({ text: (r.breakBefore ? '\n' : '') + r.text, bold: r.bold }));
}

/** Height in points that paragraphs take in a column `widthPt` wide (no insets). */
export function parasHeight(paras: Para[], size: number, widthPt: number, m: FontMetrics): number {
  let h = 0;
  paras.forEach((p, i) => {
    const ps = paraSize(p, size);
    const indent = p.list === 'none' ? 0 : listIndent(p, ps) * (p.level + 1);
    const lines = lineCount(pieces(p.runs), (widthPt - indent) / ps, m);
    h += lines * ps * m.lineHeight + gapBefore(paras, i, size);
  });
  return h;
}

export type Shape =
  | { type: 'text'; role: 'body' | 'quote'; box: Box; paras: Para[]; size: number; tone?: 'muted'; marked?: boolean; name?: string }
  | { type: 'table'; box: Box; header: Run[][]; rows: Run[][][]; align: ('left' | 'center' | 'right' | null)[]; colW: number[]; size: number };

/** Font sizes tried for a slide's body, largest first, and the table and case sizes that go with each. */
export interface Ladder {
  body: number[];
  /** Tables and case boxes are set this many points smaller than the body text. */
  tableDelta: number;
  quoteDelta: number;
}

export const contentLadder: Ladder = { body: [28, 24], tableDelta: 4, quoteDelta: 4 };

function runsEm(runs: Run[], m: FontMetrics): number {
  // Width of the longest line of a cell, in ems, for sharing a table's width between columns.
  return Math.max(0, ...runs.map((r) => r.text).join('').split('\n').map((s) => [...s].reduce((n, ch) => n + (/[\u0000-\u024f]/.test(ch) ? 0.55 * m.latinScale : 1), 0)));
}

/**
 * Column widths: each column gets room in proportion to its longest cell, within bounds, so a
 * column of short labels stays narrow and a column of sentences gets the rest.
 */
export function columnWidths(header: Run[][], rows: Run[][][], totalW: number, m: FontMetrics): number[] {
  const cols = header.length;
  const natural = header.map((_, c) => Math.max(runsEm(header[c] ?? [], m), ...rows.map((r) => runsEm(r[c] ?? [], m))));
  const weights = natural.map((n) => Math.min(Math.max(n, 4), 40));
  const sum = weights.reduce((a, b) => a + b, 0) || 1;
  let widths = weights.map((w) => (w / sum) * totalW);
  // No column narrower than a sixth of the table (or its share, for many columns).
  const min = Math.min(totalW / 6, totalW / cols);
  const short = widths.map((w) => w < min);
  if (short.some(Boolean)) {
    const fixed = short.filter(Boolean).length * min;
    const restSum = widths.filter((_, i) => !short[i]).reduce((a, b) => a + b, 0) || 1;
    widths = widths.map((w, i) => (short[i] ? min : (w / restSum) * (totalW - fixed)));
  }
  return widths.map((w) => Math.round(w * 1000) / 1000);
}

export function tableHeight(header: Run[][], rows: Run[][][], colW: number[], size: number, m: FontMetrics): number {
  const rowH = (cells: Run[][], bold: boolean) =>
    Math.max(
      ...cells.map((runs, c) => {
        const widthPt = ((colW[c] ?? 1) - 2 * CELL_MARGIN.x) * PT_PER_INCH;
        const lines = lineCount(pieces(runs).map((p) => ({ ...p, bold: bold || p.bold })), widthPt / size, m);
        return lines * size * m.lineHeight;
      }),
    ) /
      PT_PER_INCH +
    2 * CELL_MARGIN.y;
  return rowH(header, true) + rows.reduce((h, r) => h + rowH(r, false), 0);
}

export interface Fit {
  shapes: Shape[];
  size: number;
  /** Height the blocks need at the chosen size, and the height the region has, in inches. */
  needed: number;
  available: number;
  fits: boolean;
}

/** Blocks stacked top to bottom in `region` at one body size. */
function stackAt(blocks: Block[], region: Box, size: number, ladder: Ladder, m: FontMetrics): Omit<Fit, 'available' | 'fits'> {
  const shapes: Shape[] = [];
  let y = region.y;
  for (const block of blocks) {
    if (block.kind !== 'table' && !block.paras.length) continue;
    const prev = shapes[shapes.length - 1];
    if (prev) y += BLOCK_GAP;
    if (block.kind === 'text') {
      // Plain text right under a table or case is its caption ("All cases are fictional"):
      // set like what it describes, and quieter.
      const caption = prev && (prev.type === 'table' || prev.role === 'quote') && block.paras.every((p) => p.list === 'none' && !p.heading);
      const ts = caption ? prev.size : size;
      const h = (parasHeight(block.paras, ts, region.w * PT_PER_INCH - 2 * TEXT_INSET.x, m) + 2 * TEXT_INSET.y) / PT_PER_INCH;
      shapes.push({ type: 'text', role: 'body', box: { x: region.x, y, w: region.w, h }, paras: block.paras, size: ts, ...(caption ? { tone: 'muted' as const } : {}) });
      y += h;
    } else if (block.kind === 'quote') {
      const qs = size - ladder.quoteDelta;
      const h = (parasHeight(block.paras, qs, region.w * PT_PER_INCH - 2 * QUOTE_INSET.x, m) + 2 * QUOTE_INSET.y) / PT_PER_INCH;
      shapes.push({ type: 'text', role: 'quote', box: { x: region.x, y, w: region.w, h }, paras: block.paras, size: qs });
      y += h;
    } else {
      const ts = size - ladder.tableDelta;
      const colW = columnWidths(block.header, block.rows, region.w, m);
      const h = tableHeight(block.header, block.rows, colW, ts, m);
      shapes.push({ type: 'table', box: { x: region.x, y, w: region.w, h }, header: block.header, rows: block.rows, align: block.align, colW, size: ts });
      y += h;
    }
  }
  return { shapes, size, needed: y - region.y };
}

/** The largest size of the ladder at which the blocks fit the region; the smallest if none does. */
export function fitBlocks(blocks: Block[], region: Box, ladder: Ladder, m: FontMetrics): Fit {
  let last: Fit | null = null;
  for (const size of ladder.body) {
    const s = stackAt(blocks, region, size, ladder, m);
    last = { ...s, available: region.h, fits: s.needed <= region.h + 1e-6 };
    if (last.fits) return last;
  }
  return last!;
}

/** Lines a one-paragraph text takes in a box, at a size. */
export function linesIn(text: string, box: Box, size: number, m: FontMetrics, bold = false): number {
  return lineCount([{ text, bold }], (box.w * PT_PER_INCH - 2 * TEXT_INSET.x) / size, m);
}

/**
 * The size for a title: the largest that keeps it on one line, else the largest at which its
 * lines fit the box, else the smallest (and it does not fit).
 */
export function fitLine(text: string, box: Box, sizes: number[], m: FontMetrics, bold = true): { size: number; lines: number; fits: boolean } {
  const tried = sizes.map((size) => {
    const lines = linesIn(text, box, size, m, bold);
    return { size, lines, fits: lines * size * m.lineHeight + 2 * TEXT_INSET.y <= box.h * PT_PER_INCH + 1e-6 };
  });
  return tried.find((t) => t.fits && t.lines === 1) ?? tried.find((t) => t.fits) ?? tried[tried.length - 1]!;
}
