/**
 * Slide content as comparable units. Both sides of a comparison go through here: the slide
 * read from the customer's file and the same slide as the build draws it (or as Markdown
 * would draw it), so that what is compared is what a person sees: paragraphs with their list
 * kind, level and number, runs with bold/italic/strike/link; tables cell by cell; cases as
 * boxes. Font sizes, positions and how text is split across boxes or runs do not count.
 */
import { type Block, type Para, type Run, runsText } from '../markdown/index.ts';
import { mergeRuns } from './pptx-read.ts';

export type Unit =
  | { kind: 'para'; para: Para }
  | { kind: 'table'; header: Run[][]; rows: Run[][][] }
  | { kind: 'quote'; paras: Para[] };

function cleanRuns(runs: Run[]): Run[] {
  const out = mergeRuns(runs.map((r) => ({ text: r.text.replace(/\u00a0/g, ' '), ...(r.bold ? { bold: true } : {}), ...(r.italic ? { italic: true } : {}), ...(r.strike ? { strike: true } : {}), ...(r.link ? { link: r.link } : {}), ...(r.breakBefore ? { breakBefore: true } : {}) })));
  // Whitespace-only runs carry no visible formatting: count them as plain.
  for (const r of out) if (!r.text.trim()) delete r.bold, delete r.italic, delete r.strike;
  const merged = mergeRuns(out);
  if (merged.length) {
    merged[0]!.text = merged[0]!.text.replace(/^\s+/, '');
    merged[merged.length - 1]!.text = merged[merged.length - 1]!.text.replace(/\s+$/, '');
  }
  return mergeRuns(merged);
}

function cleanPara(p: Para): Para | null {
  const runs = cleanRuns(p.runs);
  if (!runs.some((r) => r.text.trim())) return null;
  const out: Para = { runs, list: p.list, level: p.level };
  if (p.list === 'number') out.number = p.number ?? p.start ?? 1;
  return out;
}

/** The units of some blocks: each text paragraph on its own, each table and case whole. */
export function unitsOf(blocks: Block[]): Unit[] {
  const units: Unit[] = [];
  for (const b of blocks) {
    if (b.kind === 'table') {
      const strip = (cells: Run[][], bold: boolean) => cells.map((c) => cleanRuns(bold ? c.map((r) => ({ ...r, bold: false })) : c));
      // Header cells are always drawn bold; their bold is the table's, not the text's.
      units.push({ kind: 'table', header: strip(b.header, true), rows: b.rows.map((r) => strip(r, false)) });
    } else if (b.kind === 'quote') {
      const paras = b.paras.map(cleanPara).filter((p): p is Para => p !== null);
      if (paras.length) units.push({ kind: 'quote', paras });
    } else {
      for (const p of b.paras) {
        const c = cleanPara(p);
        if (c) units.push({ kind: 'para', para: c });
      }
    }
  }
  return units;
}

export function unitKey(u: Unit): string {
  return JSON.stringify(u);
}

export function sameUnits(a: Unit[], b: Unit[]): boolean {
  return a.length === b.length && a.every((u, i) => unitKey(u) === unitKey(b[i]!));
}

/** A short, readable form of a unit, for the summary. */
export function unitText(u: Unit): string {
  if (u.kind === 'para') return runsText(u.para.runs);
  if (u.kind === 'quote') return u.paras.map((p) => runsText(p.runs)).join(' ');
  return [u.header, ...u.rows].map((r) => r.map(runsText).join(' | ')).join(' / ');
}
