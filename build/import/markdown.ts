/**
 * Slide content and notes back to the Markdown of a lesson file. Parts the customer did not
 * change are taken from the original source as written (so its placeholders, italics and
 * spacing survive); changed parts are written from what the slide shows, escaped so they mean
 * exactly that text, with `{{org.…}}` placeholders put back where the slide shows their values.
 * Every result is checked by parsing it again the way the build does; what cannot be written
 * faithfully is reported.
 */
import { lexMarkdown, type Para, plainParagraphs, type Run, slideBlocks } from '../markdown/index.ts';
import { fillPlaceholders } from '../validate/placeholders.ts';
import { sameUnits, type Unit, unitKey, unitsOf } from './blocks.ts';
import { keySource } from '../../player/spec/identifiers.ts';

/** Organisation values as the slide shows them, to be put back as placeholders. */
export type OrgValues = Record<string, string>;

// Private-use characters stand for placeholders while the text is escaped.
const TOKEN_BASE = 0xe000;

function protectPlaceholders(text: string, org: OrgValues, used: Set<string>): { text: string; keys: string[] } {
  const keys = [...used].filter((k) => (org[k] ?? '').trim().length > 0).sort((a, b) => org[b]!.length - org[a]!.length);
  let out = text;
  keys.forEach((k, i) => {
    out = out.split(org[k]!).join(String.fromCharCode(TOKEN_BASE + i));
  });
  return { text: out, keys };
}

function restoreTokens(md: string, keys: string[]): string {
  return md.replace(/[\ue000-\ue0ff]/g, (ch) => {
    const k = keys[ch.charCodeAt(0) - TOKEN_BASE];
    return k ? `{{org.${k}}}` : ch;
  });
}

/** Escapes text so Markdown reads it as exactly these characters. */
export function escapeText(text: string, opts: { table?: boolean } = {}): string {
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

interface InlineCtx {
  org: OrgValues;
  used: Set<string>;
  /** Indentation of continuation lines (after a hard break). */
  indent: string;
  table?: boolean;
  /**
   * Move punctuation at the edges of bold or italic text outside the markers. CommonMark does
   * not close `**` between punctuation and a letter (`**（重要）**です`), which Japanese text
   * meets often; `（**重要**）です` reads the same with only the brackets unbolded.
   */
  shrink?: boolean;
}

const edgePunct = /^([\p{P}\p{S}]*)([\s\S]*?)([\p{P}\p{S}]*)$/u;

function safeUrl(url: string): boolean {
  return /^(https?:|mailto:)/i.test(url.trim());
}

/** Runs as inline Markdown: bold, italic, strike, links, line breaks. */
export function inlineMarkdown(runs: Run[], ctx: InlineCtx, lost: Set<string>): string {
  let out = '';
  for (const r of runs) {
    if (r.breakBefore) out += ctx.table ? ' ' : `\\\n${ctx.indent}`;
    const prot = protectPlaceholders(r.text.replace(/\s*\n\s*/g, ' '), ctx.org, ctx.used);
    const m = /^(\s*)([\s\S]*?)(\s*)$/.exec(prot.text)!;
    let lead = '';
    let trail = '';
    let inner = m[2]!;
    if (ctx.shrink && (r.bold || r.italic || r.strike)) {
      const p = edgePunct.exec(inner)!;
      if (p[2]) [lead, inner, trail] = [p[1]!, p[2], p[3]!];
    }
    let core = escapeText(inner, { table: ctx.table });
    if (core) {
      if (r.strike) core = `~~${core}~~`;
      if (r.italic) core = `*${core}*`;
      if (r.bold) core = `**${core}**`;
      if (r.link) {
        if (safeUrl(r.link)) core = `[${core}](<${r.link.replace(/[<>\s]/g, encodeURIComponent)}>)`;
        else lost.add(`a link to "${r.link}" (only http, https and mailto links are kept)`);
      }
    }
    out += restoreTokens(`${m[1]}${escapeText(lead, { table: ctx.table })}${core}${escapeText(trail, { table: ctx.table })}${m[3]}`, prot.keys);
  }
  return out;
}

function marker(p: Para, n: number): string {
  return p.list === 'bullet' ? '- ' : `${n}. `;
}

/** Paragraph units (text of one box, or of a case) as Markdown blocks. */
function parasMarkdown(paras: Para[], org: OrgValues, used: Set<string>, lost: Set<string>, shrink = false): string {
  const out: string[] = [];
  // Content indentation of the list item open at each level.
  const indents: number[] = [];
  let prev: Para | null = null;
  for (const p of paras) {
    if (p.list === 'none' && p.level === 0) {
      indents.length = 0;
      out.push((out.length ? '\n' : '') + inlineMarkdown(p.runs, { org, used, indent: '', shrink }, lost));
      prev = p;
      continue;
    }
    if (p.list === 'none') {
      // A paragraph under a list item: indented to the item's content, after a blank line.
      const ind = ' '.repeat(indents[p.level - 1] ?? indents[indents.length - 1] ?? 2);
      out.push(`\n${ind}${inlineMarkdown(p.runs, { org, used, indent: ind, shrink }, lost)}`);
      prev = p;
      continue;
    }
    const level = Math.min(p.level, indents.length);
    if (level < p.level) lost.add('a list item indented deeper than the item above it');
    indents.length = level;
    const ind = ' '.repeat(level ? indents[level - 1]! : 0);
    const mark = marker(p, p.number ?? p.start ?? 1);
    indents.push(ind.length + mark.length);
    // A list that follows a paragraph or a different kind of list starts after a blank line.
    const newList = !prev || (prev.list === 'none' && prev.level === 0) || (level === 0 && prev.level === 0 && prev.list !== p.list);
    if (p.alpha) lost.add('lettered numbering (A., B., C.) (numbers are kept)');
    out.push(`${newList && out.length ? '\n' : ''}${ind}${mark}${inlineMarkdown(p.runs, { org, used, indent: ' '.repeat(ind.length + mark.length), shrink }, lost)}`);
    prev = p;
  }
  return out.join('\n');
}

function tableMarkdown(u: Extract<Unit, { kind: 'table' }>, org: OrgValues, used: Set<string>, lost: Set<string>, shrink = false): string {
  const width = Math.max(u.header.length, ...u.rows.map((r) => r.length));
  const cell = (runs: Run[] | undefined) => {
    if (runs?.some((r) => r.breakBefore)) lost.add('line breaks inside a table cell (the lines are joined)');
    return inlineMarkdown(runs ?? [], { org, used, indent: '', table: true, shrink }, lost) || ' ';
  };
  const row = (cells: Run[][]) => `| ${Array.from({ length: width }, (_, i) => cell(cells[i])).join(' | ')} |`;
  return [row(u.header), `|${' --- |'.repeat(width)}`, ...u.rows.map(row)].join('\n');
}

/** Units as Markdown, written from scratch. */
export function unitsMarkdown(units: Unit[], org: OrgValues, used: Set<string>, lost: Set<string>, shrink = false): string {
  const out: string[] = [];
  let paras: Para[] = [];
  const flush = () => {
    if (paras.length) out.push(parasMarkdown(paras, org, used, lost, shrink));
    paras = [];
  };
  for (const u of units) {
    if (u.kind === 'para') {
      paras.push(u.para);
      continue;
    }
    flush();
    if (u.kind === 'table') out.push(tableMarkdown(u, org, used, lost, shrink));
    else out.push(parasMarkdown(u.paras, org, used, lost, shrink).split('\n').map((l) => (l ? `> ${l}` : '>')).join('\n'));
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

export interface BodyResult {
  markdown: string;
  /** What the slide shows that the Markdown cannot (already worded for a warning). */
  lost: string[];
}

/**
 * The body of a slide as Markdown: source blocks whose content is unchanged are kept as
 * written, the rest is written from the slide. `original` is the slide's source Markdown
 * (empty for an added slide).
 */
export function bodyMarkdown(units: Unit[], original: string, org: OrgValues, extraUsed: Set<string> = new Set()): BodyResult {
  const used = new Set([...placeholdersIn(original), ...extraUsed]);
  const tokens = sourceTokens(original, org);
  const attempt = (reuse: boolean, shrink: boolean) => {
    const lost = new Set<string>();
    const taken = new Set<number>();
    const segments: string[] = [];
    let pending: Unit[] = [];
    const flush = () => {
      if (pending.length) segments.push(unitsMarkdown(pending, org, used, lost, shrink));
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
    return { markdown, lost, ok: shrink ? sameUnitsLoose(back, units) : sameUnits(back, units) };
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
  const key = (units: Unit[]) =>
    JSON.stringify(
      units.map((u) =>
        u.kind === 'para'
          ? { ...u, para: { ...u.para, runs: flat(u.para.runs) } }
          : u.kind === 'quote'
            ? { ...u, paras: u.paras.map((p) => ({ ...p, runs: flat(p.runs) })) }
            : { ...u, header: u.header.map(flat), rows: u.rows.map((r) => r.map(flat)) },
      ),
    );
  return key(a) === key(b);
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
  const used = placeholdersIn(original);
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
    const inline = (s: string, indent: string) => {
      const prot = protectPlaceholders(s, org, used);
      return restoreTokens(escapeText(prot.text), prot.keys).replace(/\n/g, `\\\n${indent}`);
    };
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
  const prot = protectPlaceholders(title.replace(/\s*\n\s*/g, ' '), org, used);
  // The heading is plain text to the build (not Markdown): only placeholders need escaping.
  return restoreTokens(prot.text.replace(/\{\{/g, '\\{{').trim(), prot.keys);
}

