/**
 * Slide content as comparable units. Both sides of a comparison go through here: the slide
 * read from the customer's file and the same slide as the build draws it (or as Markdown
 * would draw it), so that what is compared is what a person sees: paragraphs with their list
 * kind, level and number, runs with bold/italic/strike/link; tables cell by cell; cases as
 * boxes; visual blocks whole, as their kind and texts. Font sizes, positions and how text is
 * split across boxes or runs do not count.
 */
import { type Block, type Para, type Run, runsText, type VisualBlock, visualParas } from '../markdown/index.ts';
import { mergeRuns } from './pptx-read.ts';

/**
 * A block of a slide as the importer reads it: a block of the sources; a visual block read from
 * its shapes, with the number each item has in the shapes' names (`origin`, so an item keeps its
 * icon when another is deleted); or a block only the sources can say, which the slide merely
 * shows (a statistic's figure and chart, a picture).
 */
export type SlideBlock = Block | { kind: 'visual'; visual: VisualBlock; origin?: number[] } | { kind: 'kept'; what: KeptWhat };

export type KeptWhat = 'stat' | 'image';

export type Unit =
  | { kind: 'para'; para: Para }
  | { kind: 'table'; header: Run[][]; rows: Run[][][] }
  | { kind: 'quote'; paras: Para[] }
  /**
   * A visual block as its kind and texts. Icons are null: an icon is a picture on the slide,
   * which cannot be edited as text, so it comes back from the sources. `origin` does not count.
   */
  | { kind: 'visual'; visual: VisualBlock; origin?: number[] }
  /** A statistic or a picture: compared as being there, written back as the sources have it. */
  | { kind: 'kept'; what: KeptWhat };

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

/**
 * Runs the block draws bold itself (a step's name, a column's heading; the paragraphs of a key
 * point and of a case's question): their own bold does not count, on the slide or in the source.
 */
function unboldRuns(runs: Run[]): Run[] {
  return cleanRuns(runs.map(({ bold: _, ...r }) => r));
}

const hasText = (runs: Run[]) => runs.some((r) => r.text.trim());

function cleanPara(p: Para): Para | null {
  const runs = cleanRuns(p.runs);
  if (!hasText(runs)) return null;
  const out: Para = { runs, list: p.list, level: p.level };
  if (p.list === 'number') out.number = p.number ?? p.start ?? 1;
  return out;
}

function cleanParas(paras: Para[]): Para[] {
  return paras.map(cleanPara).filter((p): p is Para => p !== null);
}

/** Paragraphs the block sets bold as a whole (a key point, a case's question). */
function unboldParas(paras: Para[]): Para[] {
  return cleanParas(paras.map((p) => ({ ...p, runs: p.runs.map(({ bold: _, ...r }) => r) })));
}

/**
 * A visual block as a unit: texts cleaned like any other, icons left out, and items whose text
 * was deleted dropped (a person empties a step's box to remove the step).
 */
function visualUnit(v: VisualBlock, origin: number[] | undefined): Unit {
  const numbers = (n: number) => origin ?? Array.from({ length: n }, (_, i) => i + 1);
  const kept = <T>(items: T[], keep: (x: T) => boolean) => {
    const at = numbers(items.length);
    const pairs = items.map((x, i) => [x, at[i] ?? i + 1] as const).filter(([x]) => keep(x));
    return { items: pairs.map(([x]) => x), origin: pairs.map(([, n]) => n) };
  };
  switch (v.kind) {
    case 'stat':
      return { kind: 'kept', what: 'stat' };
    case 'steps': {
      const k = kept(
        v.steps.map((s) => ({ icon: null, title: unboldRuns(s.title), detail: cleanRuns(s.detail) })),
        (s) => hasText(s.title) || hasText(s.detail),
      );
      return { kind: 'visual', visual: { kind: 'steps', steps: k.items }, origin: k.origin };
    }
    case 'compare': {
      const k = kept(
        v.columns.map((c) => ({ icon: null, title: unboldRuns(c.title), paras: cleanParas(c.paras) })),
        (c) => hasText(c.title) || c.paras.length > 0,
      );
      return { kind: 'visual', visual: { kind: 'compare', columns: k.items }, origin: k.origin };
    }
    case 'case': {
      const k = kept(
        v.lines.map((l) => ({ speaker: l.speaker.replace(/\s+/g, ' ').trim(), runs: cleanRuns(l.runs) })),
        (l) => !!l.speaker || hasText(l.runs),
      );
      return { kind: 'visual', visual: { kind: 'case', setting: cleanParas(v.setting), lines: k.items, question: unboldParas(v.question) }, origin: k.origin };
    }
    case 'keypoint':
      return { kind: 'visual', visual: { kind: 'keypoint', icon: null, paras: unboldParas(v.paras) } };
    case 'checklist': {
      const k = kept(
        v.items.map((it) => ({ icon: null, runs: cleanRuns(it.runs) })),
        (it) => hasText(it.runs),
      );
      return { kind: 'visual', visual: { kind: 'checklist', items: k.items }, origin: k.origin };
    }
  }
}

/** The units of some blocks: each text paragraph on its own, each table, case and visual block whole. */
export function unitsOf(blocks: readonly SlideBlock[]): Unit[] {
  const units: Unit[] = [];
  for (const b of blocks) {
    if (b.kind === 'kept') units.push({ kind: 'kept', what: b.what });
    else if (b.kind === 'image') units.push({ kind: 'kept', what: 'image' });
    else if (b.kind === 'visual') units.push(visualUnit(b.visual, 'origin' in b ? b.origin : undefined));
    else if (b.kind === 'table') {
      const strip = (cells: Run[][], bold: boolean) => cells.map((c) => cleanRuns(bold ? c.map((r) => ({ ...r, bold: false })) : c));
      // Header cells are always drawn bold; their bold is the table's, not the text's.
      units.push({ kind: 'table', header: strip(b.header, true), rows: b.rows.map((r) => strip(r, false)) });
    } else if (b.kind === 'quote') {
      const paras = cleanParas(b.paras);
      if (paras.length) units.push({ kind: 'quote', paras });
    } else {
      for (const p of cleanParas(b.paras)) units.push({ kind: 'para', para: p });
    }
  }
  return units;
}

export function unitKey(u: Unit): string {
  // Where a visual block's items came from does not change what it shows.
  return JSON.stringify(u.kind === 'visual' ? { kind: u.kind, visual: u.visual } : u);
}

export function sameUnits(a: Unit[], b: Unit[]): boolean {
  return a.length === b.length && a.every((u, i) => unitKey(u) === unitKey(b[i]!));
}

/** The unit with every list of runs in it passed through `f`. */
export function mapUnitRuns(u: Unit, f: (runs: Run[]) => Run[]): Unit {
  const paras = (ps: Para[]) => ps.map((p) => ({ ...p, runs: f(p.runs) }));
  switch (u.kind) {
    case 'para':
      return { ...u, para: { ...u.para, runs: f(u.para.runs) } };
    case 'quote':
      return { ...u, paras: paras(u.paras) };
    case 'table':
      return { ...u, header: u.header.map(f), rows: u.rows.map((r) => r.map(f)) };
    case 'kept':
      return u;
    case 'visual': {
      const v = u.visual;
      const mapped: VisualBlock =
        v.kind === 'steps'
          ? { ...v, steps: v.steps.map((s) => ({ ...s, title: f(s.title), detail: f(s.detail) })) }
          : v.kind === 'compare'
            ? { ...v, columns: v.columns.map((c) => ({ ...c, title: f(c.title), paras: paras(c.paras) })) }
            : v.kind === 'case'
              ? { ...v, setting: paras(v.setting), lines: v.lines.map((l) => ({ ...l, runs: f(l.runs) })), question: paras(v.question) }
              : v.kind === 'keypoint'
                ? { ...v, paras: paras(v.paras) }
                : v.kind === 'checklist'
                  ? { ...v, items: v.items.map((it) => ({ ...it, runs: f(it.runs) })) }
                  : v;
      return { ...u, visual: mapped };
    }
  }
}

/** What a person calls a block only the sources can say. */
export const keptName: Record<KeptWhat, string> = { stat: 'a statistic', image: 'a picture' };

/** A short, readable form of a unit, for the summary. */
export function unitText(u: Unit): string {
  if (u.kind === 'para') return runsText(u.para.runs);
  if (u.kind === 'quote') return u.paras.map((p) => runsText(p.runs)).join(' ');
  if (u.kind === 'visual') return visualParas(u.visual).map((p) => runsText(p.runs)).join(' ');
  if (u.kind === 'kept') return `(${keptName[u.what]})`;
  return [u.header, ...u.rows].map((r) => r.map(runsText).join(' | ')).join(' / ');
}
