/**
 * Slide content and notes back to the Markdown of a lesson file. Parts the customer did not
 * change are taken from the original source as written (so its placeholders, italics and
 * spacing survive); changed parts are written from what the slide shows, escaped so they mean
 * exactly that text, with `{{org.…}}` placeholders put back where the slide shows their values.
 * A changed visual block is written whole in the dialect (build/markdown/write.ts), with the
 * icons of its source block; a statistic or a picture is written as its source has it. Every
 * result is checked by parsing it again the way the build does; what cannot be written
 * faithfully is reported.
 */
import { escapeMarkdown as escapeText, inlineMarkdown, isContainer, isVisualKind, lexMarkdown, loneImage, parasMarkdown, plainParagraphs, readVisual, type Run, slideBlocks, type Verbatim, type VisualBlock, visualMarkdown, type WriteOptions } from '../markdown/index.ts';
import { fillPlaceholders } from '../validate/placeholders.ts';
import { type KeptWhat, mapUnitRuns, sameUnits, type Unit, unitKey, unitsOf } from './blocks.ts';
import { keySource } from '../../player/spec/identifiers.ts';
import type { Token, Tokens } from 'marked';

export { escapeText };

/** Organisation values as the slide shows them, to be put back as placeholders. */
export type OrgValues = Record<string, string>;

// Private-use characters stand for placeholders while the text is escaped.
const TOKEN_BASE = 0xe000;

/**
 * The organisation values a piece of source used, written back as their placeholders: the
 * slide shows "ACME Corporation" where the source says `{{org.companyName}}`.
 */
function placeholders(org: OrgValues, used: Set<string>): Verbatim {
  const keys = [...used].filter((k) => (org[k] ?? '').trim().length > 0).sort((a, b) => org[b]!.length - org[a]!.length);
  return {
    hide: (text) => keys.reduce((s, k, i) => s.split(org[k]!).join(String.fromCharCode(TOKEN_BASE + i)), text),
    show: (md) =>
      md.replace(/[\ue000-\ue0ff]/g, (ch) => {
        const k = keys[ch.charCodeAt(0) - TOKEN_BASE];
        return k ? `{{org.${k}}}` : ch;
      }),
  };
}

/** How to write the units of one slide, and where the blocks that need their source are. */
interface UnitWriter extends WriteOptions {
  lost: Set<string>;
  /** The source block a visual or kept unit comes from, when the slide's source has one. */
  sources: Map<Unit, SourceBlock>;
}

interface SourceBlock {
  raw: string;
  visual: VisualBlock | null;
}

function tableMarkdown(u: Extract<Unit, { kind: 'table' }>, w: UnitWriter): string {
  const width = Math.max(u.header.length, ...u.rows.map((r) => r.length));
  const cell = (runs: Run[] | undefined) => {
    if (runs?.some((r) => r.breakBefore)) w.lost.add('line breaks inside a table cell (the lines are joined)');
    return inlineMarkdown(runs ?? [], { ...w, indent: '', table: true }) || ' ';
  };
  const row = (cells: Run[][]) => `| ${Array.from({ length: width }, (_, i) => cell(cells[i])).join(' | ')} |`;
  return [row(u.header), `|${' --- |'.repeat(width)}`, ...u.rows.map(row)].join('\n');
}

const keptLost: Record<KeptWhat, string> = {
  stat: 'a statistic (a figure or chart is written in the lesson file as a "::: stat" block)',
  image: 'a picture (a picture is a file in the course\'s images folder, shown with ![description](images/file) in the lesson file)',
};

/**
 * A visual block with the icons of the block it came from: an icon is a picture on the slide,
 * so the slide's text does not hold it. An item takes the icon of the item it was drawn from.
 */
function withIcons(v: VisualBlock, from: VisualBlock | null, origin?: number[]): VisualBlock {
  if (!from || from.kind !== v.kind) return v;
  const at = (j: number) => (origin?.[j] ?? j + 1) - 1;
  if (v.kind === 'steps' && from.kind === 'steps') return { ...v, steps: v.steps.map((s, j) => ({ ...s, icon: from.steps[at(j)]?.icon ?? null })) };
  if (v.kind === 'compare' && from.kind === 'compare') return { ...v, columns: v.columns.map((c, j) => ({ ...c, icon: from.columns[at(j)]?.icon ?? null })) };
  if (v.kind === 'checklist' && from.kind === 'checklist') return { ...v, items: v.items.map((it, j) => ({ ...it, icon: from.items[at(j)]?.icon ?? null })) };
  if (v.kind === 'keypoint' && from.kind === 'keypoint') return { ...v, icon: from.icon };
  return v;
}

/** A visual unit as its block, with the icons of the source block it came from. */
function visualBlockMarkdown(u: Extract<Unit, { kind: 'visual' }>, src: SourceBlock | undefined, w: WriteOptions): string {
  // A checklist keeps the way its source wrote the items: with task-list boxes or without.
  const boxes = src ? /^[ \t]*[-*+][ \t]+\[[ xX]\]/m.test(src.raw) : true;
  return visualMarkdown(withIcons(u.visual, src?.visual ?? null, u.origin), { ...w, boxes });
}

/**
 * The units as a lesson file can hold them. A visual block the customer changed out of its
 * shape (one step left, a line of a case without its speaker, a column emptied) would not be
 * read by the build: a line keeps the speaker it had, and any other such block is kept as the
 * source has it (or left out, on a slide that has no source for it), and the customer is told.
 */
function writableUnits(units: Unit[], sources: Map<Unit, SourceBlock>, org: OrgValues, lost: Set<string>): Unit[] {
  return units.flatMap((u): Unit[] => {
    if (u.kind !== 'visual') return [u];
    const src = sources.get(u);
    let unit = u;
    const v = u.visual;
    if (v.kind === 'case' && v.lines.some((l) => !l.speaker)) {
      const from = src?.visual?.kind === 'case' ? src.visual.lines : [];
      const lines = v.lines.map((l, j) => {
        const was = from[(u.origin?.[j] ?? j + 1) - 1]?.speaker;
        if (l.speaker || !was) return l;
        lost.add(`a line of the case lost its speaker ("Speaker: words"); it is kept as said by "${was}"`);
        return { ...l, speaker: was };
      });
      unit = { ...u, visual: { ...v, lines } };
      sources.set(unit, src!);
    }
    const problem = readVisual(lexMarkdown(visualBlockMarkdown(unit, src, {}))[0] as Parameters<typeof readVisual>[0]).problems[0]?.message.replace(/\.$/, '');
    if (!problem) return [unit];
    if (!src) {
      lost.add(`a ${v.kind} block that does not keep its shape (${problem}); it is left out`);
      return [];
    }
    lost.add(`the changes to its ${v.kind} block, which would not keep its shape (${problem}); the block is kept as it was`);
    const kept = renderUnits(src.raw, org);
    for (const k of kept) sources.set(k, src);
    return kept;
  });
}

/** Units as Markdown, written from scratch. */
function unitsMarkdown(units: Unit[], w: UnitWriter): string {
  const out: string[] = [];
  let paras: Extract<Unit, { kind: 'para' }>['para'][] = [];
  const flush = () => {
    if (paras.length) out.push(parasMarkdown(paras, w));
    paras = [];
  };
  for (const u of units) {
    if (u.kind === 'para') {
      paras.push(u.para);
      continue;
    }
    flush();
    if (u.kind === 'table') out.push(tableMarkdown(u, w));
    else if (u.kind === 'quote') out.push(parasMarkdown(u.paras, w).split('\n').map((l) => (l ? `> ${l}` : '>')).join('\n'));
    else if (u.kind === 'visual') out.push(visualBlockMarkdown(u, w.sources.get(u), w));
    else {
      const src = w.sources.get(u);
      if (src) out.push(src.raw);
      else w.lost.add(keptLost[u.what]);
    }
  }
  flush();
  return out.join('\n\n');
}

/** Placeholder keys a piece of source text uses. */
export function placeholdersIn(md: string): Set<string> {
  return new Set([...md.matchAll(new RegExp(String.raw`\{\{\s*org\.(${keySource})\s*\}\}`, 'g'))].map((m) => m[1]!));
}

/** The units a piece of source Markdown shows, placeholders filled as the build fills them. */
export function renderUnits(md: string, org: OrgValues): Unit[] {
  return unitsOf(slideBlocks(fillPlaceholders(md, org, 'text')));
}

interface SourceToken {
  raw: string;
  units: Unit[];
}

function sourceTokens(md: string, org: OrgValues): SourceToken[] {
  return lexMarkdown(md)
    .filter((t) => t.type !== 'space')
    .map((t) => ({ raw: t.raw.replace(/\n+$/, ''), units: renderUnits(t.raw, org) }))
    .filter((t) => t.units.length > 0);
}

/** The source's visual blocks, statistics and pictures, each kind in the order the slide shows them. */
function sourceBlocks(md: string): Map<string, SourceBlock[]> {
  const out = new Map<string, SourceBlock[]>();
  const add = (key: string, b: SourceBlock) => out.set(key, [...(out.get(key) ?? []), b]);
  const walk = (tokens: Token[]) => {
    for (const t of tokens) {
      if (isContainer(t) && isVisualKind(t.name)) {
        const visual = readVisual(t).block;
        add(visual.kind === 'stat' ? 'kept stat' : `visual ${visual.kind}`, { raw: t.raw.slice(0, t.extent).replace(/\n+$/, ''), visual });
      } else if (isContainer(t)) walk(t.tokens);
      else if (loneImage(t)) add('kept image', { raw: (t as Tokens.Paragraph).raw.replace(/\n+$/, ''), visual: null });
    }
  };
  walk(lexMarkdown(md));
  return out;
}

/**
 * The source block each visual or kept unit was drawn from: the first steps block of the slide
 * from the source's first steps block, and so on.
 */
function matchSources(units: Unit[], md: string): Map<Unit, SourceBlock> {
  const blocks = sourceBlocks(md);
  const seen = new Map<string, number>();
  const out = new Map<Unit, SourceBlock>();
  for (const u of units) {
    const key = u.kind === 'visual' ? `visual ${u.visual.kind}` : u.kind === 'kept' ? `kept ${u.what}` : null;
    if (!key) continue;
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    const b = blocks.get(key)?.[n];
    if (b) out.set(u, b);
  }
  return out;
}

export interface BodyResult {
  markdown: string;
  /** What the slide shows that the Markdown cannot (already worded for a warning). */
  lost: string[];
}

/**
 * The body of a slide as Markdown: source blocks whose content is unchanged are kept as
 * written, the rest is written from the slide. `original` is the slide's source Markdown
 * (empty for an added slide). A changed visual block is written whole, with the icons of the
 * source's block; statistics and pictures are written as the source has them.
 */
export function bodyMarkdown(slide: Unit[], original: string, org: OrgValues, extraUsed: Set<string> = new Set()): BodyResult {
  const verbatim = placeholders(org, new Set([...placeholdersIn(original), ...extraUsed]));
  const tokens = sourceTokens(original, org);
  const sources = matchSources(slide, original);
  const refused = new Set<string>();
  const units = writableUnits(slide, sources, org, refused);
  const attempt = (reuse: boolean, shrink: boolean) => {
    const w: UnitWriter = { lost: new Set<string>(refused), shrink, verbatim, sources };
    const taken = new Set<number>();
    const segments: string[] = [];
    let pending: Unit[] = [];
    const flush = () => {
      if (pending.length) segments.push(unitsMarkdown(pending, w));
      pending = [];
    };
    for (let i = 0; i < units.length; ) {
      const keyAt = (k: number) => unitKey(units[k]!);
      const hit = reuse ? tokens.findIndex((t, ti) => !taken.has(ti) && i + t.units.length <= units.length && t.units.every((u, k) => unitKey(u) === keyAt(i + k))) : -1;
      if (hit >= 0) {
        flush();
        taken.add(hit);
        segments.push(tokens[hit]!.raw);
        i += tokens[hit]!.units.length;
      } else {
        pending.push(units[i]!);
        i++;
      }
    }
    flush();
    const markdown = segments.join('\n\n');
    const back = renderUnits(markdown, org);
    return { markdown, lost: w.lost, ok: shrink ? sameUnitsLoose(back, units) : sameUnits(back, units) };
  };
  // Kept source blocks first; when kept and rewritten parts read differently together (two
  // lists run into one, say), everything rewritten; punctuation moved out of bold last.
  const tries = [attempt(true, false), attempt(false, false), attempt(true, true), attempt(false, true)];
  const good = tries.find((t) => t.ok);
  if (good) return { markdown: good.markdown, lost: [...good.lost] };
  const last = tries[1]!;
  last.lost.add('some of its formatting (bold, italic or lists could not be written exactly; the text is kept)');
  return { markdown: last.markdown, lost: [...last.lost] };
}

/** Equal but for the bold, italic or strike of punctuation at the edges of formatted text. */
function sameUnitsLoose(a: Unit[], b: Unit[]): boolean {
  const loose = (units: Unit[]) => units.map((u) => mapUnitRuns(u, (runs) => [{ text: flat(runs) }]));
  return sameUnits(loose(a), loose(b));
}

/** Runs as characters with their look, punctuation counted as plain. */
function flat(runs: Run[]): string {
  return runs
    .map((r) => {
      const look = `${r.bold ? 'b' : ''}${r.italic ? 'i' : ''}${r.strike ? 's' : ''}${r.link ? `l${r.link}` : ''}`;
      const chars = [...r.text].map((ch) => (/[\p{P}\p{S}\s]/u.test(ch) ? ch : `${ch}${look}|`)).join('');
      return `${r.breakBefore ? '\n' : ''}${chars}`;
    })
    .join('');
}

/** The narration as the notes show it: one plain paragraph per paragraph of the source. */
export function narrationParagraphs(md: string, org: OrgValues): string[] {
  return plainParagraphs(fillPlaceholders(md, org, 'text'));
}

/**
 * Notes back to narration Markdown: source paragraphs whose text the notes still hold are
 * kept as written; new or changed ones are written from the notes ("• " lines as list items).
 */
export function narrationMarkdown(notes: string[], original: string, org: OrgValues): string {
  const verbatim = placeholders(org, placeholdersIn(original));
  const tokens = lexMarkdown(original)
    .filter((t) => t.type !== 'space')
    .map((t) => ({ raw: t.raw.replace(/\n+$/, ''), paras: narrationParagraphs(t.raw, org) }))
    .filter((t) => t.paras.length);
  const taken = new Set<number>();
  const out: string[] = [];
  let list: string[] = [];
  const flushList = () => {
    if (list.length) out.push(list.join('\n'));
    list = [];
  };
  for (let i = 0; i < notes.length; ) {
    const hit = tokens.findIndex((t, ti) => !taken.has(ti) && t.paras.every((p, k) => notes[i + k] === p));
    if (hit >= 0) {
      flushList();
      taken.add(hit);
      out.push(tokens[hit]!.raw);
      i += tokens[hit]!.paras.length;
      continue;
    }
    const line = notes[i]!;
    const bullet = /^(\s*)•\s+([\s\S]*)$/.exec(line);
    const numbered = /^(\s*)(\d+)\.\s+([\s\S]*)$/.exec(line);
    const inline = (s: string, indent: string) => verbatim.show(escapeText(verbatim.hide(s))).replace(/\n/g, `\\\n${indent}`);
    if (bullet) list.push(`${bullet[1]}- ${inline(bullet[2]!, `${bullet[1]}  `)}`);
    else if (numbered) list.push(`${numbered[1]}${numbered[2]}. ${inline(numbered[3]!, `${numbered[1]}${' '.repeat(numbered[2]!.length + 2)}`)}`);
    else {
      flushList();
      out.push(inline(line, ''));
    }
    i++;
  }
  flushList();
  return out.join('\n\n');
}

/** A slide title for `## Title {#id}`: one line, its own text. */
export function titleMarkdown(title: string, org: OrgValues, used: Set<string>): string {
  const v = placeholders(org, used);
  // The heading is plain text to the build (not Markdown): only placeholders need escaping.
  return v.show(v.hide(title.replace(/\s*\n\s*/g, ' ')).replace(/\{\{/g, '\\{{').trim());
}

