/**
 * Organisation values still at the base course's neutral default (「当社」, "our company",
 * 「（連絡先を記入してください）」) are what a customer must change before the deck is used, so
 * the manuscript highlights them. A value a variant gives itself is its own and is not marked.
 *
 * The text is filled with each default value between two private-use characters. Markdown reads
 * them as letters, so the text parses as the filled text does; the runs read from it are then cut
 * at them into runs marked `orgDefault` (render.ts highlights those). A value that starts a
 * sentence or a title is capitalised by `fillPlaceholders` itself, as in every target.
 */
import type { Course, Lang, Localized } from '../../model.ts';
import { type Block, isWide, type Para, plainParagraphs, type Run, slideBlocks, type VisualBlock } from '../../markdown/index.ts';
import { fillPlaceholders, organisationValues } from '../../validate/placeholders.ts';

const OPEN = '\uE000';
const CLOSE = '\uE001';
const sentinels = /[\uE000\uE001]/g;
/** The sentinels as a link target may hold them, percent-encoded. */
const encodedSentinels = /%EE%80%8[01]/gi;

/**
 * A soft line break next to a value: the Markdown reader joins two lines without a space only
 * between two wide characters, and a sentinel is not one. Where the value's own edge and the
 * other line are both wide, the lines are joined here, as they would be without the sentinel.
 */
function joinWideLines(md: string): string {
  return md
    .replace(/([^\n])\uE001( ?)\n[ \t]*([^\s])/gu, (m, edge: string, _sp: string, next: string) => (isWide(edge) && isWide(next) ? `${edge}${CLOSE}${next}` : m))
    .replace(/([^\s])( ?)\n[ \t]*\uE000([^\n])/gu, (m, prev: string, _sp: string, edge: string) => (isWide(prev) && isWide(edge) ? `${prev}${OPEN}${edge}` : m));
}

/** Runs cut at the sentinels, the runs between them marked. */
function cutRuns(runs: Run[]): Run[] {
  const out: Run[] = [];
  let inside = false;
  let pendingBreak = false;
  for (const r of runs) {
    if (r.breakBefore) pendingBreak = true;
    for (const piece of r.text.split(/([\uE000\uE001])/)) {
      if (piece === OPEN || piece === CLOSE) {
        inside = piece === OPEN;
        continue;
      }
      if (!piece) continue;
      const run: Run = { ...r, text: piece };
      delete run.breakBefore;
      if (pendingBreak) run.breakBefore = true;
      pendingBreak = false;
      if (run.link) run.link = run.link.replace(sentinels, '').replace(encodedSentinels, '');
      if (inside) run.orgDefault = true;
      out.push(run);
    }
  }
  // A line break with nothing after it is kept, as the reader made it.
  if (pendingBreak) out.push({ text: '', breakBefore: true });
  return out;
}

/** Plain text with the sentinels removed. */
function cutText(text: string): string {
  return text.replace(sentinels, '');
}

function cutParas(paras: Para[]): Para[] {
  return paras.map((p) => ({ ...p, runs: cutRuns(p.runs) }));
}

function cutVisual(v: VisualBlock): VisualBlock {
  const runs = (r: Run[]) => cutRuns(r);
  const paras = (p: Para[]) => cutParas(p);
  const plain = (s: string) => s.replace(sentinels, '');
  switch (v.kind) {
    case 'steps':
      return { ...v, steps: v.steps.map((s) => ({ ...s, title: runs(s.title), detail: runs(s.detail) })) };
    case 'compare':
      return { ...v, columns: v.columns.map((c) => ({ ...c, title: runs(c.title), paras: paras(c.paras) })) };
    case 'case':
      return { ...v, setting: paras(v.setting), lines: v.lines.map((l) => ({ speaker: plain(l.speaker), runs: runs(l.runs) })), question: paras(v.question) };
    case 'stat': {
      const s = v.stat;
      return { ...v, stat: { ...s, label: plain(s.label), population: plain(s.population), year: plain(s.year), source: plain(s.source), unit: plain(s.unit), values: s.values.map((x) => ({ ...x, name: plain(x.name) })) } };
    }
    case 'keypoint':
      return { ...v, paras: paras(v.paras) };
    case 'checklist':
      return { ...v, items: v.items.map((it) => ({ ...it, runs: runs(it.runs) })) };
  }
}

function cutBlock(b: Block): Block {
  switch (b.kind) {
    case 'text':
    case 'quote':
      return { ...b, paras: cutParas(b.paras) };
    case 'table':
      return { ...b, header: b.header.map((c) => cutRuns(c)), rows: b.rows.map((row) => row.map((c) => cutRuns(c))) };
    case 'image':
      return { ...b, src: b.src.replace(sentinels, ''), alt: b.alt.replace(sentinels, '') };
    case 'visual':
      return { ...b, visual: cutVisual(b.visual) };
  }
}

/** The course's text in one language as the manuscript shows it, default organisation values marked. */
export interface OrgText {
  /** Whether the organisation value `key` is still the base course's default in this language. */
  isDefault(key: string): boolean;
  /** A slide's Markdown as blocks. */
  blocks(md: Localized): Block[];
  /** One line of inline Markdown (a choice of a question) as runs. */
  inline(md: Localized): Run[];
  /** Plain text (a title, a source's title) as runs. */
  runs(text: Localized): Run[];
  /** An organisation value standing alone (the closing card's desk), as runs; null when there is none. */
  value(key: string): Run[] | null;
  /** Plain text, placeholders filled: nothing to highlight where it goes (the notes). */
  text(text: Localized): string;
  /** Markdown as plain paragraphs (the narration in the notes). */
  paragraphs(md: Localized): string[];
}

export function orgText(course: Course, lang: Lang): OrgText {
  const isDefault = (key: string) => course.organisationDefaults[key]?.[lang] !== undefined && course.organisationDefaults[key]![lang] === course.organisation[key]?.[lang];
  const values = organisationValues(course, lang);
  const mark = (key: string, shown: string) => (isDefault(key) && shown ? `${OPEN}${shown}${CLOSE}` : shown);
  const marked = (v: Localized) => fillPlaceholders(v[lang] ?? '', values, 'text', mark);
  const markedMd = (v: Localized) => joinWideLines(marked(v));
  const runs = (v: Localized) => cutRuns([{ text: marked(v) }]).filter((r) => r.text);
  return {
    isDefault,
    blocks: (md) => slideBlocks(markedMd(md)).map((b) => cutBlock(b)),
    inline(md) {
      const first = slideBlocks(markedMd(md))[0];
      if (first?.kind === 'text') return cutRuns(first.paras.flatMap((p, i) => (i ? [{ ...p.runs[0]!, breakBefore: true }, ...p.runs.slice(1)] : p.runs)));
      return [{ text: cutText(plainParagraphs(markedMd(md)).join(' ')) }];
    },
    runs,
    value(key) {
      const r = course.organisation[key] ? runs({ [lang]: `{{org.${key}}}` }) : [];
      return r.length ? r : null;
    },
    text: (text) => cutText(marked(text)),
    paragraphs: (md) => plainParagraphs(markedMd(md)).map((p) => cutText(p)),
  };
}
