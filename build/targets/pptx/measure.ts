/**
 * How much room text takes, estimated without the fonts: each character has a width in ems
 * (Japanese and other full-width characters one em, Latin letters about half), lines wrap at
 * spaces in English and between any two characters in Japanese, and a line is as tall as the
 * font's line spacing. Deliberately on the generous side, so a warning comes before PowerPoint
 * would overflow, not after.
 */
import { breakPieces, charWidth, type Para, type Run } from '../../markdown/index.ts';

/**
 * One em: East Asian wide characters, and the symbols of ambiguous width (①, ※, —, …, ■, ○,
 * →), full width in Japanese fonts and wide in Latin ones. Ambiguous letters (é, Greek,
 * Cyrillic) stay proportional, as Japanese fonts draw them.
 */
function fullWidth(ch: string): boolean {
  return charWidth(ch) === 2 || (charWidth(ch, { ambiguousAsWide: true }) === 2 && !/\p{L}/u.test(ch));
}

const narrow = new Set([...'ijl.,:;!|\'`()[]{}']);
const slim = new Set([...'ftrI1 -/"']);
const broad = new Set([...'mwMW@%']);

/** Width of one character in ems for a typical proportional sans-serif (Arial-like). */
function charEm(ch: string): number {
  if (fullWidth(ch)) return 1;
  if (ch === ' ') return 0.28;
  if (narrow.has(ch)) return 0.3;
  if (slim.has(ch)) return 0.36;
  if (broad.has(ch)) return 0.86;
  if (/[A-Z]/.test(ch)) return 0.68;
  if (/[a-z0-9]/.test(ch)) return 0.56;
  if (/[\u00c0-\u024f]/.test(ch)) return 0.6;
  return 0.6;
}

export interface FontMetrics {
  /** Latin letters relative to Arial (Calibri is narrower, Meiryo wider). */
  latinScale: number;
  /** Single line spacing as a multiple of the font size. */
  lineHeight: number;
}

/**
 * Metrics of the fonts courses name in course.yaml. An unknown font gets Arial's width and a
 * line spacing that suits either script.
 */
const known: Record<string, FontMetrics> = {
  meiryo: { latinScale: 1.08, lineHeight: 1.5 },
  'meiryo ui': { latinScale: 0.95, lineHeight: 1.34 },
  'yu gothic': { latinScale: 1.0, lineHeight: 1.45 },
  'yu gothic ui': { latinScale: 0.95, lineHeight: 1.34 },
  'ms gothic': { latinScale: 1.0, lineHeight: 1.2 },
  'ms pgothic': { latinScale: 1.0, lineHeight: 1.2 },
  'hiragino sans': { latinScale: 1.05, lineHeight: 1.5 },
  'noto sans jp': { latinScale: 1.05, lineHeight: 1.45 },
  'noto sans cjk jp': { latinScale: 1.05, lineHeight: 1.45 },
  calibri: { latinScale: 0.9, lineHeight: 1.22 },
  arial: { latinScale: 1.0, lineHeight: 1.15 },
  'segoe ui': { latinScale: 1.0, lineHeight: 1.33 },
};

export function fontMetrics(font: string): FontMetrics {
  return known[font.trim().toLowerCase()] ?? { latinScale: 1.0, lineHeight: 1.45 };
}

/** Width of a piece of text in ems of the font. */
export function textEm(text: string, metrics: FontMetrics, bold = false): number {
  let em = 0;
  for (const ch of text) {
    const w = charEm(ch);
    em += w === 1 ? 1 : w * metrics.latinScale * (bold ? 1.06 : 1);
  }
  return em;
}

export interface Piece {
  text: string;
  bold?: boolean;
}

/**
 * The number of lines some text wraps to in a column `widthEm` ems wide. Hard line breaks
 * ("\n") start a new line; a word longer than the column breaks inside.
 */
export function lineCount(pieces: Piece[], widthEm: number, metrics: FontMetrics): number {
  let lines = 1;
  let used = 0;
  for (const piece of pieces) {
    const parts = piece.text.split('\n');
    parts.forEach((part, i) => {
      if (i > 0) {
        lines++;
        used = 0;
      }
      for (const word of breakPieces(part)) {
        const w = textEm(word.trimEnd(), metrics, piece.bold);
        const withSpace = textEm(word, metrics, piece.bold);
        if (used > 0 && used + w > widthEm) {
          lines++;
          used = 0;
          if (/^\s+$/.test(word)) continue;
        }
        if (w > widthEm) {
          // A word wider than the column: it breaks wherever it must.
          const full = Math.floor(w / widthEm);
          lines += full;
          used = w - full * widthEm;
          continue;
        }
        used += withSpace;
      }
    });
  }
  return lines;
}

export const PT_PER_INCH = 72;

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

/** Runs as pieces for `lineCount`: a line break before a run starts a new line. */
export function runPieces(runs: Run[]): Piece[] {
  return runs.map((r) => ({ text: (r.breakBefore ? '\n' : '') + r.text, bold: r.bold }));
}

/** Height in points that paragraphs take in a column `widthPt` wide (no insets). */
export function parasHeight(paras: Para[], size: number, widthPt: number, m: FontMetrics): number {
  let h = 0;
  paras.forEach((p, i) => {
    const ps = paraSize(p, size);
    const indent = p.list === 'none' ? 0 : listIndent(p, ps) * (p.level + 1);
    const lines = lineCount(runPieces(p.runs), (widthPt - indent) / ps, m);
    h += lines * ps * m.lineHeight + gapBefore(paras, i, size);
  });
  return h;
}
