/**
 * Markdown written from content, in the course's dialect: runs as inline Markdown, paragraphs as
 * paragraphs and lists, visual blocks as their `:::` blocks (visual.ts). Text is escaped so that
 * it means exactly its characters, and what is written reads back as the same content; the
 * importer, which writes what a customer typed into a manuscript, checks that it does.
 */
import type { Para, Run } from './blocks.ts';
import type { VisualBlock } from './visual.ts';
import { isWide } from './width.ts';

/** Escapes text so Markdown reads it as exactly these characters. */
export function escapeMarkdown(text: string, opts: { table?: boolean } = {}): string {
  let s = text
    .replace(/\\/g, '\\\\')
    .replace(/([`*_~[\]<])/g, '\\$1')
    .replace(/&(?=#?[A-Za-z0-9]+;)/g, '\\&')
    .replace(/\{\{/g, '\\{{')
    .replace(/\t/g, ' ');
  if (opts.table) s = s.replace(/\|/g, '\\|');
  // Text at the start of a line that Markdown (or the lesson format) would read as structure.
  s = s
    .replace(/^(\s*)(#{1,6}(?=\s|$)|>|[-+](?=\s|$)|=+\s*$|-{2,}\s*$|:::|\|)/gm, '$1\\$2')
    .replace(/^(\s*\d+)([.)])(?=\s|$)/gm, '$1\\$2');
  return s;
}

/**
 * Text written as it is instead of escaped (the importer's `{{org.…}}` placeholders): `hide`
 * swaps it for characters escaping leaves alone, `show` swaps them back in the Markdown.
 */
export interface Verbatim {
  hide(text: string): string;
  show(markdown: string): string;
}

export interface WriteOptions {
  /** What the Markdown cannot hold is added here, worded for a warning. */
  lost?: Set<string>;
  /**
   * Move punctuation at the edges of bold or italic text outside the markers. CommonMark does
   * not close `**` between punctuation and a letter (`**（重要）**です`), which Japanese text
   * meets often; `（**重要**）です` reads the same with only the brackets unbolded.
   */
  shrink?: boolean;
  verbatim?: Verbatim;
}

export interface InlineOptions extends WriteOptions {
  /** Indentation of continuation lines (after a hard break). */
  indent: string;
  /** Inside a table cell: `|` escaped, line breaks as spaces. */
  table?: boolean;
}

const edgePunct = /^([\p{P}\p{S}]*)([\s\S]*?)([\p{P}\p{S}]*)$/u;
const asIs: Verbatim = { hide: (t) => t, show: (md) => md };

function safeUrl(url: string): boolean {
  return /^(https?:|mailto:)/i.test(url.trim());
}

/** Runs as inline Markdown: bold, italic, strike, links, line breaks. */
export function inlineMarkdown(runs: Run[], o: InlineOptions): string {
  const v = o.verbatim ?? asIs;
  let out = '';
  for (const r of runs) {
    if (r.breakBefore) out += o.table ? ' ' : `\\\n${o.indent}`;
    const m = /^(\s*)([\s\S]*?)(\s*)$/.exec(v.hide(r.text.replace(/\s*\n\s*/g, ' ')))!;
    let lead = '';
    let trail = '';
    let inner = m[2]!;
    if (o.shrink && (r.bold || r.italic || r.strike)) {
      const p = edgePunct.exec(inner)!;
      if (p[2]) [lead, inner, trail] = [p[1]!, p[2], p[3]!];
    }
    let core = escapeMarkdown(inner, { table: o.table });
    if (core) {
      if (r.strike) core = `~~${core}~~`;
      if (r.italic) core = `*${core}*`;
      if (r.bold) core = `**${core}**`;
      if (r.link) {
        if (safeUrl(r.link)) core = `[${core}](<${r.link.replace(/[<>\s]/g, encodeURIComponent)}>)`;
        else o.lost?.add(`a link to "${r.link}" (only http, https and mailto links are kept)`);
      }
    }
    out += v.show(`${m[1]}${escapeMarkdown(lead, { table: o.table })}${core}${escapeMarkdown(trail, { table: o.table })}${m[3]}`);
  }
  return out;
}

/** Paragraphs and list items (with their levels and numbers) as Markdown blocks. */
export function parasMarkdown(paras: Para[], o: WriteOptions = {}): string {
  const out: string[] = [];
  // Content indentation of the list item open at each level.
  const indents: number[] = [];
  let prev: Para | null = null;
  for (const p of paras) {
    if (p.list === 'none' && p.level === 0) {
      indents.length = 0;
      out.push((out.length ? '\n' : '') + inlineMarkdown(p.runs, { ...o, indent: '' }));
      prev = p;
      continue;
    }
    if (p.list === 'none') {
      // A paragraph under a list item: indented to the item's content, after a blank line.
      const ind = ' '.repeat(indents[p.level - 1] ?? indents[indents.length - 1] ?? 2);
      out.push(`\n${ind}${inlineMarkdown(p.runs, { ...o, indent: ind })}`);
      prev = p;
      continue;
    }
    const level = Math.min(p.level, indents.length);
    if (level < p.level) o.lost?.add('a list item indented deeper than the item above it');
    indents.length = level;
    const ind = ' '.repeat(level ? indents[level - 1]! : 0);
    const mark = p.list === 'bullet' ? '- ' : `${p.number ?? p.start ?? 1}. `;
    indents.push(ind.length + mark.length);
    // A list that follows a paragraph or a different kind of list starts after a blank line.
    const newList = !prev || (prev.list === 'none' && prev.level === 0) || (level === 0 && prev.level === 0 && prev.list !== p.list);
    if (p.alpha) o.lost?.add('lettered numbering (A., B., C.) (numbers are kept)');
    out.push(`${newList && out.length ? '\n' : ''}${ind}${mark}${inlineMarkdown(p.runs, { ...o, indent: ' '.repeat(ind.length + mark.length) })}`);
    prev = p;
  }
  return out.join('\n');
}

export interface VisualWriteOptions extends WriteOptions {
  /** Checklist items with task-list boxes (`- [ ] item`), as most checklists are written; default true. */
  boxes?: boolean;
}

/**
 * A visual block as its `:::` block, in the shapes visual.ts reads: `readVisual` of the result
 * gives the block back.
 */
export function visualMarkdown(v: VisualBlock, o: VisualWriteOptions = {}): string {
  return `::: ${v.kind}\n${visualContent(v, o)}\n:::`;
}

const icon = (name: string | null) => (name ? `:${name}: ` : '');

/** Runs without the spaces at their two ends, which no marker may enclose. */
function trimmed(runs: Run[]): Run[] {
  const out = runs.map((r) => ({ ...r })).filter((r) => r.text || r.breakBefore);
  if (out.length) out[0]!.text = out[0]!.text.replace(/^\s+/, '');
  if (out.length) out[out.length - 1]!.text = out[out.length - 1]!.text.replace(/\s+$/, '');
  return out.filter((r) => r.text);
}

/** Text the block itself draws bold (a step's name), written without bold of its own. */
function unbolded(runs: Run[]): Run[] {
  return trimmed(runs.map(({ bold: _, ...r }) => r));
}

function visualContent(v: VisualBlock, o: VisualWriteOptions): string {
  const inline = (runs: Run[], indent: string) => inlineMarkdown(trimmed(runs), { ...o, indent });
  switch (v.kind) {
    case 'steps':
      return v.steps
        .map((s, i) => {
          const mark = `${i + 1}. `;
          const indent = ' '.repeat(mark.length);
          const title = inlineMarkdown(unbolded(s.title), { ...o, indent });
          const detail = inline(s.detail, indent);
          // The bold start is the step's name; without a name the whole item would be one.
          return `${mark}${icon(s.icon)}${title ? `**${title}**${detail ? ` ${detail}` : ''}` : detail}`;
        })
        .join('\n');
    case 'compare':
      return v.columns.map((c) => [`### ${icon(c.icon)}${headingMarkdown(c.title, o)}`, parasMarkdown(c.paras, o)].filter(Boolean).join('\n')).join('\n');
    case 'case': {
      const lines = v.lines.map((l) => {
        // A Japanese name takes the full-width colon, as Japanese text writes it.
        const colon = isWide(l.speaker.slice(-1)) ? '：' : ': ';
        // Without a speaker the line is not one; written as it is, the build names the problem.
        return `- ${l.speaker ? `${inline([{ text: l.speaker }], '  ')}${colon}` : ''}${inline(l.runs, '  ')}`;
      });
      return [parasMarkdown(v.setting, o), lines.join('\n'), parasMarkdown(v.question, o)].filter(Boolean).join('\n\n');
    }
    case 'stat': {
      const s = v.stat;
      // Fields are read line by line as written, not as Markdown: one line each, unescaped.
      const line = (key: string, value: string) => `${key}: ${value.replace(/\s*\n\s*/g, ' ')}`;
      return [
        line('label', s.label),
        line('population', s.population),
        line('year', s.year),
        line('source', s.source),
        ...(s.unit ? [line('unit', s.unit)] : []),
        ...s.values.map((x) => `- ${x.name.replace(/\s*\n\s*/g, ' ')}: ${x.value}`),
      ].join('\n');
    }
    case 'keypoint':
      return `${icon(v.icon)}${parasMarkdown(v.paras, o)}`;
    case 'checklist':
      return v.items.map((it) => `- ${o.boxes === false ? '' : '[ ] '}${icon(it.icon)}${inline(it.runs, '  ')}`).join('\n');
  }
}

/** A heading's text: one line, and no `#` at its end that Markdown would drop as a closing sequence. */
function headingMarkdown(runs: Run[], o: WriteOptions): string {
  if (runs.some((r) => r.breakBefore)) o.lost?.add('line breaks in a column heading (the lines are joined)');
  const md = inlineMarkdown(
    trimmed(runs).map((r) => (r.breakBefore ? { ...r, breakBefore: undefined, text: ` ${r.text}` } : r)),
    { ...o, indent: '' },
  );
  return md.replace(/(^|\s)#(#*\s*)$/, '$1\\#$2');
}
