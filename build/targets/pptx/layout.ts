/**
 * Where things go on a 16:9 slide (13.333 × 7.5 in, PowerPoint's default widescreen), and how
 * big the text can be. A slide's blocks (text, tables, cases, visual blocks, pictures) are
 * stacked top to bottom in the layout's body region, or set side by side where that reads
 * better (a picture or a chart beside its text, two or three figures in columns). Each block's
 * height is estimated (lines per paragraph from measure.ts × the font's line spacing, plus
 * paragraph spacing, insets and cell margins; a visual block's at the smallest size it may take,
 * visual.ts). The overflow rule: the body is set at the ladder's first size (32 pt on lesson
 * slides, 28 with visual blocks; tables and cases 4 pt smaller); if the blocks are taller than
 * the region it is set one step smaller, down to the last (24 pt); if they still do not fit, the
 * slide is reported (`overflow`) and kept at that size, never shrunk further. What room is left
 * goes to the visual blocks, and a short text sits a little above the middle, so that a slide
 * uses its space rather than its top.
 */
import { type Block, type Para, type Run, visualParas } from '../../markdown/index.ts';
import { type FontMetrics, lineCount, parasHeight, PT_PER_INCH, runPieces } from './measure.ts';
import type { Tone } from './theme.ts';
import { planVisual, type VisualAssets, type VisualPlan } from './visual.ts';

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
  // Where to get help fills the left; the closing words sit beside it.
  closing: {
    card: { x: MARGIN_X, y: 1.62, w: 6.3, h: 5.1 },
    message: { x: MARGIN_X + 6.7, y: 1.62, w: CONTENT_W - 6.7, h: 5.1 },
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

/** Preset geometries the deck draws (ECMA-376 ST_ShapeType names, as pptxgenjs takes them). */
export type Geometry = 'rect' | 'roundRect' | 'rightArrow' | 'wedgeRoundRectCallout';

/** How one paragraph of a drawn shape is set. */
export interface ParaStyle {
  size: number;
  tone?: Tone;
  bold?: boolean;
  align?: 'left' | 'center' | 'right';
  /** Hanging indent of a list paragraph in points, where the usual one (`listIndent`) is too wide. */
  indent?: number;
}

/** The text inside a drawn shape: paragraphs, a style for each, where it sits and its insets. */
export interface ShapeText {
  paras: Para[];
  styles: ParaStyle[];
  valign: 'top' | 'middle' | 'bottom';
  /** Insets in points: left, right, top, bottom. */
  inset: [number, number, number, number];
  /** False for text that must stay on its line (a figure). */
  wrap?: boolean;
}

export type Shape =
  /** `placeholder`: the text goes into the layout's body placeholder (outline view, "Reset slide"). */
  | { type: 'text'; role: 'body' | 'quote'; box: Box; paras: Para[]; size: number; tone?: 'muted'; marked?: boolean; name?: string; placeholder?: boolean }
  | { type: 'table'; box: Box; header: Run[][]; rows: Run[][][]; align: ('left' | 'center' | 'right' | null)[]; colW: number[]; size: number; name?: string }
  /** A preset shape, with or without text; `adjust` are its adjustment values (adj1, adj2…) where the preset's defaults do not do. */
  | { type: 'shape'; name: string; geom: Geometry; box: Box; fill: Tone | null; line: Tone | null; lineWidth?: number; radius?: number; adjust?: number[]; text?: ShapeText }
  /** An icon of the course's icon set as a picture, drawn in `tone`; `icon` is its name (the picture's description). */
  | { type: 'icon'; name: string; icon: string; svg: string; box: Box; tone: Tone }
  | { type: 'picture'; name: string; box: Box; data: Uint8Array; format: 'png' | 'jpeg'; alt: string }
  /** A native bar chart: one series, its numbers in the chart's own data sheet. */
  | { type: 'chart'; name: string; box: Box; categories: string[]; values: number[]; series: string; numberFormat: string; size: number; direction: 'col' | 'bar'; tone: Tone; alt: string; max?: number };

/** Font sizes tried for a slide's body, largest first, and the table and case sizes that go with each. */
export interface Ladder {
  body: number[];
  /** Tables and case boxes are set this many points smaller than the body text. */
  tableDelta: number;
  quoteDelta: number;
}

/** Lesson slides: short text is set large, so that it fills the slide rather than its top. */
export const contentLadder: Ladder = { body: [32, 28, 24], tableDelta: 4, quoteDelta: 4 };

function runsEm(runs: Run[], m: FontMetrics): number {
  // Width of the longest line of a cell, in ems, for sharing a table's width between columns.
  return Math.max(0, ...runs.map((r) => r.text).join('').split('\n').map((s) => [...s].reduce((n, ch) => n + (/[\u0000-\u024f]/.test(ch) ? 0.55 * m.latinScale : 1), 0)));
}

/**
 * Column widths: each column gets room in proportion to its longest cell, within bounds, so a
 * column of short labels stays narrow and a column of sentences gets the rest.
 */
export function columnWidths(header: Run[][], rows: Run[][][], totalW: number, m: FontMetrics, size?: number): number[] {
  const cols = header.length;
  const natural = header.map((_, c) => Math.max(runsEm(header[c] ?? [], m), ...rows.map((r) => runsEm(r[c] ?? [], m))));
  const weights = natural.map((n) => Math.min(Math.max(n, 4), 40));
  const sum = weights.reduce((a, b) => a + b, 0) || 1;
  let widths = weights.map((w) => (w / sum) * totalW);
  // A column of short labels (dates, names) whose longest cell fits on one line in a third of
  // the table keeps that line whole, with room to spare: a substitute font (LibreOffice without
  // Meiryo) draws digits wider and spaces digits from kana, and a date broken over two lines
  // pushes the table down.
  if (size !== undefined) {
    const slack = 1.4;
    const whole = natural.map((n) => (n * size * slack) / PT_PER_INCH + 2 * CELL_MARGIN.x);
    const keep = whole.map((w, c) => w <= totalW / 3 && widths[c]! < w);
    if (keep.some(Boolean) && keep.some((k) => !k)) {
      const fixed = whole.reduce((a, w, c) => a + (keep[c] ? w : 0), 0);
      const restSum = widths.reduce((a, w, c) => a + (keep[c] ? 0 : w), 0) || 1;
      widths = widths.map((w, c) => (keep[c] ? whole[c]! : (w / restSum) * (totalW - fixed)));
    }
  }
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
        const lines = lineCount(runPieces(runs).map((p) => ({ ...p, bold: bold || p.bold })), widthPt / size, m);
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

/** A block measured at one body size and width: text of a fixed height, or a visual that can grow. */
type Measured = { kind: 'fixed'; h: number; at(x: number, y: number): Shape } | { kind: 'visual'; plan: VisualPlan };

/**
 * The blocks `w` inches wide at body size `size`, in order. `b` in a shape's name is the
 * block's 1-based place among the slide's blocks (`Text 1`, `Table 2`, `Steps 3 · step 1`).
 */
function measure(blocks: readonly Block[], w: number, size: number, ladder: Ladder, m: FontMetrics, assets: VisualAssets | undefined, visualDrop = 12): Measured[] {
  const out: Measured[] = [];
  let prev: { kind: Block['kind']; size: number } | null = null;
  blocks.forEach((block, i) => {
    const b = i + 1;
    if (block.kind === 'visual' || block.kind === 'image') {
      if (assets) {
        // A visual's text may go down to `visualDrop` points below the body size, never lower.
        out.push({ kind: 'visual', plan: planVisual(block.kind === 'visual' ? block.visual : block, b, w, size - visualDrop, m, assets) });
        // A scene or a picture is captioned like a table ("All cases are fictional"), smaller than the body.
        prev = { kind: block.kind === 'image' || block.visual.kind === 'case' ? 'table' : block.kind, size: size - 8 };
        return;
      }
      // Without the course's assets (a slide the build makes up) a visual reads as its paragraphs.
      if (block.kind === 'image') return;
      block = { kind: 'text', paras: visualParas(block.visual) };
    }
    if (block.kind !== 'table' && !block.paras.length) return;
    if (block.kind === 'text') {
      // Plain text right under a table, a case or a picture is its caption ("All cases are
      // fictional"): set like what it describes, and quieter.
      const plain = block.paras.every((p) => p.list === 'none' && !p.heading);
      // A note is a caption wherever it stands: "※…" in Japanese, a wholly italic line in English.
      const note = plain && block.paras.every((p) => /^\s*※/.test(p.runs.map((r) => r.text).join('')) || p.runs.every((r) => r.italic || !r.text.trim()));
      const under = !!prev && (prev.kind === 'table' || prev.kind === 'quote');
      const caption = (under && plain) || (note && !!prev);
      const ts = under && plain ? prev!.size : caption ? size - 8 : size;
      const paras = block.paras;
      const h = (parasHeight(paras, ts, w * PT_PER_INCH - 2 * TEXT_INSET.x, m) + 2 * TEXT_INSET.y) / PT_PER_INCH;
      out.push({ kind: 'fixed', h, at: (x, y) => ({ type: 'text', role: 'body', box: { x, y, w, h }, paras, size: ts, name: `Text ${b}`, ...(caption ? { tone: 'muted' as const } : {}) }) });
      prev = { kind: 'text', size: ts };
    } else if (block.kind === 'quote') {
      const qs = size - ladder.quoteDelta;
      const paras = block.paras;
      const h = (parasHeight(paras, qs, w * PT_PER_INCH - 2 * QUOTE_INSET.x, m) + 2 * QUOTE_INSET.y) / PT_PER_INCH;
      out.push({ kind: 'fixed', h, at: (x, y) => ({ type: 'text', role: 'quote', box: { x, y, w, h }, paras, size: qs, name: `Case ${b}` }) });
      prev = { kind: 'quote', size: qs };
    } else {
      const ts = size - ladder.tableDelta;
      const colW = columnWidths(block.header, block.rows, w, m, ts);
      const h = tableHeight(block.header, block.rows, colW, ts, m);
      const t = block;
      out.push({ kind: 'fixed', h, at: (x, y) => ({ type: 'table', box: { x, y, w, h }, header: t.header, rows: t.rows, align: t.align, colW, size: ts, name: `Table ${b}` }) });
      prev = { kind: 'table', size: ts };
    }
  });
  return out;
}

/**
 * Measured blocks stacked top to bottom in `region`: text takes what it needs, the visuals
 * share the rest (each at least its minimum, at most what it can use). A slide of visuals
 * alone sits in the middle of the region; text starts at its top, or with `centre` a short
 * text a little above the middle.
 */
function stack(items: Measured[], region: Box, centre: boolean): { shapes: Shape[]; needed: number } {
  const gaps = BLOCK_GAP * Math.max(0, items.length - 1);
  const fixed = items.reduce((h, it) => h + (it.kind === 'fixed' ? it.h : 0), 0);
  const visuals = items.flatMap((it) => (it.kind === 'visual' ? [it.plan] : []));
  const needed = fixed + gaps + visuals.reduce((h, v) => h + v.min, 0);
  const room = new Map(visuals.map((v) => [v, v.min]));
  let extra = region.h - needed;
  // Two rounds: what one visual cannot use goes to the others.
  for (let round = 0; round < 2 && extra > 1e-6; round++) {
    const open = visuals.filter((v) => room.get(v)! < v.max - 1e-6);
    if (!open.length) break;
    const share = extra / open.length;
    for (const v of open) {
      const add = Math.min(share, v.max - room.get(v)!);
      room.set(v, room.get(v)! + add);
      extra -= add;
    }
  }
  const onlyVisuals = visuals.length > 0 && visuals.length === items.length;
  // Text that fills less than half the region sits a little above its middle (the optical
  // centre) rather than at the top with the rest of the slide empty below it.
  const short = centre && visuals.length === 0 && needed < region.h * 0.5;
  let y = region.y + (onlyVisuals && extra > 0 ? extra / 2 : short ? (region.h - needed) * 0.4 : 0);
  const shapes: Shape[] = [];
  items.forEach((it, i) => {
    if (i > 0) y += BLOCK_GAP;
    if (it.kind === 'fixed') {
      shapes.push(it.at(region.x, y));
      y += it.h;
    } else {
      const h = room.get(it.plan)!;
      shapes.push(...it.plan.draw({ x: region.x, y, w: region.w, h }));
      y += h;
    }
  });
  return { shapes, needed };
}

/** Space between text and a picture or chart beside it, in inches. */
const SIDE_GAP = 0.45;

/**
 * A picture or a chart with text: side by side, the text in a column of its own (on the side
 * it comes first in the source), when that fits. Anything else is stacked.
 */
function besideAt(blocks: readonly Block[], region: Box, size: number, ladder: Ladder, m: FontMetrics, assets: VisualAssets, drop: number): { shapes: Shape[]; needed: number } | null {
  const vi = blocks.findIndex((b) => b.kind === 'image' || b.kind === 'visual');
  const v = blocks[vi];
  if (!v || blocks.some((b, i) => i !== vi && (b.kind !== 'text' || !b.paras.length)) || blocks.length < 2) return null;
  const chart = v.kind === 'visual' && v.visual.kind === 'stat' && v.visual.stat.values.length > 1;
  if (v.kind !== 'image' && !chart) return null;
  const visualW = region.w * (chart ? 0.56 : 0.48);
  const textW = region.w - visualW - SIDE_GAP;
  const textFirst = vi > 0;
  const textX = textFirst ? region.x : region.x + visualW + SIDE_GAP;
  const visualX = textFirst ? region.x + textW + SIDE_GAP : region.x;
  // The blocks keep their places (and so their numbers) on the slide; only where they sit changes.
  const texts = blocks.map((b, i): Block => (i === vi ? { kind: 'text', paras: [] } : b));
  const measured = measure(texts, textW, size, ladder, m, undefined).filter((x): x is Extract<Measured, { kind: 'fixed' }> => x.kind === 'fixed');
  const plan = planVisual(v.kind === 'visual' ? v.visual : v, vi + 1, visualW, size - drop, m, assets);
  const textH = measured.reduce((h, x) => h + x.h, 0) + BLOCK_GAP * Math.max(0, measured.length - 1);
  const needed = Math.max(textH, plan.min);
  if (needed > region.h + 1e-6) return null;
  const shapes: Shape[] = [];
  const visualH = Math.min(region.h, Math.max(plan.max, textH));
  // The pair sits a little above the middle of the region, as a short text does.
  const top = region.y + (region.h - Math.max(textH, visualH)) * 0.4;
  let y = top;
  const placed = measured.map((x, i) => {
    if (i > 0) y += BLOCK_GAP;
    const s = x.at(textX, y);
    y += x.h;
    return s;
  });
  const drawn = plan.draw({ x: visualX, y: top, w: visualW, h: visualH });
  // Shapes in reading order: as the source has them.
  shapes.push(...(textFirst ? [...placed, ...drawn] : [...drawn, ...placed]));
  return { shapes, needed };
}

/**
 * Two or three figures (stat blocks) and nothing else: side by side, each in a column of the
 * region's full height, when that fits.
 */
function columnsAt(blocks: readonly Block[], region: Box, size: number, m: FontMetrics, assets: VisualAssets, drop: number): { shapes: Shape[]; needed: number } | null {
  if (blocks.length < 2 || blocks.length > 3 || !blocks.every((b) => b.kind === 'visual' && b.visual.kind === 'stat')) return null;
  const colW = (region.w - SIDE_GAP * (blocks.length - 1)) / blocks.length;
  const plans = blocks.map((b, i) => planVisual((b as Extract<Block, { kind: 'visual' }>).visual, i + 1, colW, size - drop, m, assets));
  const needed = Math.max(...plans.map((p) => p.min));
  if (needed > region.h + 1e-6) return null;
  return { shapes: plans.flatMap((p, i) => p.draw({ x: region.x + i * (colW + SIDE_GAP), y: region.y, w: colW, h: region.h })), needed };
}

/** The largest body size at which a slide with visuals is set: the visuals, not the text, fill it. */
const VISUAL_SLIDE_MAX = 28;

/** How a slide's body is laid out besides its sizes. */
export interface BodyOptions {
  /** Lets visual blocks and pictures be drawn; without them a visual is read as text and a picture left out. */
  assets?: VisualAssets;
  /** Sets a short text a little above the middle of the region instead of at its top. */
  centre?: boolean;
}

/**
 * The largest size of the ladder at which the blocks fit the region; the smallest if none does.
 * With visuals, their text is first kept at most 6 pt smaller than the body (a slide whose text
 * is large and whose diagram is small reads upside down), then allowed 12 pt smaller.
 */
export function fitBlocks(blocks: Block[], region: Box, ladder: Ladder, m: FontMetrics, { assets, centre = false }: BodyOptions = {}): Fit {
  const visual = !!assets && blocks.some((b) => b.kind === 'visual' || b.kind === 'image');
  const sizes = visual ? ladder.body.filter((s) => s <= VISUAL_SLIDE_MAX) : ladder.body;
  if (!sizes.length) sizes.push(ladder.body[ladder.body.length - 1]!);
  // Then only at the smallest body size: it leaves the visuals the most room.
  const tries = visual ? [...sizes.map((size) => ({ size, drop: 6 })), { size: sizes[sizes.length - 1]!, drop: 12 }] : sizes.map((size) => ({ size, drop: 12 }));
  let last: Fit | null = null;
  for (const { size, drop } of tries) {
    const s = (assets && (besideAt(blocks, region, size, ladder, m, assets, drop) ?? columnsAt(blocks, region, size, m, assets, drop))) || stack(measure(blocks, region.w, size, ladder, m, assets, drop), region, centre);
    last = { ...s, size, available: region.h, fits: s.needed <= region.h + 1e-6 };
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
