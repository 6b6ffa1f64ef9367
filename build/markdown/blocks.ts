/**
 * Markdown as the blocks a slide is built from: text (paragraphs and list items, with their
 * levels and runs), tables and block quotes. The manuscripts draw these, the importer compares
 * them, and plain text is read from them. Read from the tokens, never from rendered HTML, so
 * bold stays a run property and a list item stays a paragraph.
 */
import type { Token, Tokens } from 'marked';
import { isContainer } from './containers.ts';
import { isVisualKind, readVisual, type VisualBlock } from './visual.ts';
import { isHtmlComment, lexMarkdown } from './dialect.ts';
import { decodeEntities } from './entities.ts';
import { linkTarget } from './urls.ts';
import { isWide } from './width.ts';

export interface Run {
  text: string;
  bold?: boolean;
  italic?: boolean;
  strike?: boolean;
  code?: boolean;
  /** A line break inside the paragraph comes before this run. */
  breakBefore?: boolean;
  link?: string;
  /**
   * An organisation value still at the base course's neutral default (「当社」, "our company"):
   * the PowerPoint manuscript highlights it for the customer to fill in. Never set by the
   * Markdown reader itself (build/targets/pptx/org-defaults.ts sets it).
   */
  orgDefault?: boolean;
}

export interface Para {
  runs: Run[];
  /** `bullet` and `number` are list items; `none` is an ordinary paragraph. */
  list: 'bullet' | 'number' | 'none';
  /** 0 for top-level paragraphs and list items, 1 for items of a nested list… */
  level: number;
  /** First number of the ordered list the item belongs to, and the item's own number. */
  start?: number;
  number?: number;
  /** Numbered A., B., C. instead of 1., 2., 3. (the choices of a question). */
  alpha?: boolean;
  /** A paragraph that reads like a small heading (a Markdown heading inside the slide). */
  heading?: boolean;
  /** A small, quiet label above what it names (the closing slide's "Contact"). */
  label?: boolean;
}

export type Block =
  | { kind: 'text'; paras: Para[] }
  | { kind: 'table'; header: Run[][]; rows: Run[][][]; align: ('left' | 'center' | 'right' | null)[] }
  | { kind: 'quote'; paras: Para[] }
  /** A visual block (visual.ts): steps, compare, case, stat, keypoint, checklist. */
  | { kind: 'visual'; visual: VisualBlock }
  /** A paragraph that is one image and nothing else; `src` as written (a path in the course folder). */
  | { kind: 'image'; src: string; alt: string };

/**
 * A line break inside a Markdown paragraph is a space in English and nothing between two
 * Japanese characters (where a space would show as a gap).
 */
function softBreaks(s: string): string {
  if (!s.includes('\n')) return s;
  // Split and trimmed by hand: the pattern `[ \t]*\n[ \t]*` backtracks over long runs of
  // blanks that no line break follows (seconds for a few thousand spaces).
  const pieces = s.split('\n');
  let out = '';
  for (let i = 0; i < pieces.length; i++) {
    let piece = pieces[i]!;
    if (i > 0) piece = trimBlanks(piece, 'start');
    if (i < pieces.length - 1) piece = trimBlanks(piece, 'end');
    if (i > 0) {
      const before = [...out.slice(-2)].pop() ?? '';
      const after = piece ? String.fromCodePoint(piece.codePointAt(0)!) : '';
      out += isWide(before) && isWide(after) ? '' : ' ';
    }
    out += piece;
  }
  return out;
}

/** `s` without the spaces and tabs at one end. */
function trimBlanks(s: string, end: 'start' | 'end'): string {
  const blank = (c: string | undefined) => c === ' ' || c === '\t';
  if (end === 'start') {
    let i = 0;
    while (blank(s[i])) i++;
    return s.slice(i);
  }
  let j = s.length;
  while (j > 0 && blank(s[j - 1])) j--;
  return s.slice(0, j);
}

interface Style {
  bold?: boolean;
  italic?: boolean;
  strike?: boolean;
  code?: boolean;
  link?: string;
}

export function inlineRuns(tokens: Token[] | undefined, style: Style = {}): Run[] {
  const runs: Run[] = [];
  let pendingBreak = false;
  const push = (text: string, s: Style) => {
    if (!text) return;
    const run: Run = { text, ...s };
    if (pendingBreak) {
      run.breakBefore = true;
      pendingBreak = false;
    }
    runs.push(run);
  };
  for (const t of tokens ?? []) {
    switch (t.type) {
      case 'text': {
        const tt = t as Tokens.Text;
        if (tt.tokens?.length) for (const r of inlineRuns(tt.tokens, style)) pushRun(r);
        else push(softBreaks(decodeEntities(tt.text)), style);
        break;
      }
      case 'escape':
        push((t as Tokens.Escape).text, style);
        break;
      case 'strong':
        for (const r of inlineRuns((t as Tokens.Strong).tokens, { ...style, bold: true })) pushRun(r);
        break;
      case 'em':
        for (const r of inlineRuns((t as Tokens.Em).tokens, { ...style, italic: true })) pushRun(r);
        break;
      case 'del':
        for (const r of inlineRuns((t as Tokens.Del).tokens, { ...style, strike: true })) pushRun(r);
        break;
      case 'codespan':
        push(decodeEntities((t as Tokens.Codespan).text), { ...style, code: true });
        break;
      case 'link': {
        // A target the player would not link to (urls.ts) is not a hyperlink in the deck either: the text stays.
        const l = t as Tokens.Link;
        const target = linkTarget(l.href, { literal: l.autolink });
        for (const r of inlineRuns(l.tokens, target === null ? style : { ...style, link: target })) pushRun(r);
        break;
      }
      case 'image':
        push((t as Tokens.Image).text, style);
        break;
      case 'br':
        pendingBreak = true;
        break;
      case 'html':
        // Raw HTML is text, as the player shows it (dialect.ts).
        if (!isHtmlComment((t as Tokens.HTML).text)) push(decodeEntities((t as Tokens.HTML).text), style);
        break;
      default:
        if ('tokens' in t && Array.isArray(t.tokens)) for (const r of inlineRuns(t.tokens as Token[], style)) pushRun(r);
        else if ('text' in t && typeof t.text === 'string') push(t.text, style);
    }
  }
  return mergeRuns(runs);

  function pushRun(r: Run) {
    if (pendingBreak) {
      r.breakBefore = true;
      pendingBreak = false;
    }
    runs.push(r);
  }
}

/** Neighbouring runs with the same look become one, as an editor would write them. */
function mergeRuns(runs: Run[]): Run[] {
  const out: Run[] = [];
  for (const r of runs) {
    const last = out[out.length - 1];
    if (last && !r.breakBefore && last.bold === r.bold && last.italic === r.italic && last.strike === r.strike && last.code === r.code && last.link === r.link) {
      last.text += r.text;
    } else out.push({ ...r });
  }
  return out;
}

function listParas(list: Tokens.List, level: number): Para[] {
  const paras: Para[] = [];
  const start = list.ordered ? (typeof list.start === 'number' ? list.start : 1) : undefined;
  for (const [index, item] of list.items.entries()) {
    let first = true;
    const numbered = start !== undefined ? { start, number: start + index } : {};
    for (const t of item.tokens) {
      if (t.type === 'list') {
        paras.push(...listParas(t as Tokens.List, level + 1));
        continue;
      }
      const runs = t.type === 'text' || t.type === 'paragraph' ? inlineRuns((t as Tokens.Paragraph).tokens ?? [{ type: 'text', raw: t.raw, text: (t as Tokens.Text).text }]) : blockRuns(t);
      if (!runs.length) continue;
      // The item's first paragraph carries the bullet; any further one is indented under it.
      paras.push(first ? { runs, list: list.ordered ? 'number' : 'bullet', level, ...numbered } : { runs, list: 'none', level: level + 1 });
      first = false;
    }
    if (first) paras.push({ runs: [{ text: '' }], list: list.ordered ? 'number' : 'bullet', level, ...numbered });
  }
  return paras;
}

/** Runs for a block that has no better place inside a text box (code, HTML). */
function blockRuns(t: Token): Run[] {
  if (t.type === 'code') return [{ text: (t as Tokens.Code).text, code: true }];
  if (t.type === 'html') {
    const html = (t as Tokens.HTML).text;
    return isHtmlComment(html) ? [] : [{ text: decodeEntities(html.trim()) }].filter((r) => r.text);
  }
  if ('tokens' in t && Array.isArray(t.tokens)) return inlineRuns(t.tokens as Token[]);
  return 'text' in t && typeof t.text === 'string' && t.text.trim() ? [{ text: t.text.trim() }] : [];
}

export function textParas(tokens: Token[]): Para[] {
  const paras: Para[] = [];
  for (const t of tokens) {
    switch (t.type) {
      case 'space':
      case 'hr':
      case 'def':
        break;
      case 'list':
        paras.push(...listParas(t as Tokens.List, 0));
        break;
      case 'heading':
        paras.push({ runs: inlineRuns((t as Tokens.Heading).tokens).map((r) => ({ ...r, bold: true })), list: 'none', level: 0, heading: true });
        break;
      case 'blockquote':
        paras.push(...textParas((t as Tokens.Blockquote).tokens));
        break;
      case 'container':
        // A block's content reads as ordinary content until its kind says otherwise.
        if (isContainer(t)) paras.push(...(isVisualKind(t.name) ? visualParas(readVisual(t).block) : textParas(t.tokens)));
        break;
      case 'table': {
        // Only reached inside a block quote: a table there is kept as lines of text.
        const tb = t as Tokens.Table;
        for (const row of [tb.header, ...tb.rows]) {
          paras.push({ runs: row.flatMap((c, i) => [...(i ? [{ text: ' | ' }] : []), ...inlineRuns(c.tokens)]), list: 'none', level: 0 });
        }
        break;
      }
      default: {
        const runs = blockRuns(t);
        if (runs.length) paras.push({ runs, list: 'none', level: 0 });
      }
    }
  }
  return paras;
}

/**
 * The on-screen blocks of a slide, from its Markdown (placeholders already filled). A build reads
 * each slide's blocks several times (the study time, the deck's layout, its notes, the
 * workbooks) and watch mode again on every edit, so they are kept by their Markdown; they are
 * frozen, so that no reader can change what the next one gets.
 */
export function slideBlocks(md: string): readonly Block[] {
  let blocks = blocksOf.get(md);
  if (!blocks) {
    if (blocksOf.size >= 5_000) blocksOf.clear();
    blocksOf.set(md, (blocks = deepFreeze(readBlocks(md))));
  }
  return blocks;
}

const blocksOf = new Map<string, readonly Block[]>();

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

function readBlocks(md: string): Block[] {
  const blocks: Block[] = [];
  let text: Para[] = [];
  const flush = () => {
    if (text.length) blocks.push({ kind: 'text', paras: text });
    text = [];
  };
  const walk = (tokens: Token[]) => {
    for (const t of tokens) {
      if (t.type === 'table') {
        flush();
        const tb = t as Tokens.Table;
        blocks.push({ kind: 'table', header: tb.header.map((c) => inlineRuns(c.tokens)), rows: tb.rows.map((r) => r.map((c) => inlineRuns(c.tokens))), align: tb.align });
      } else if (t.type === 'blockquote') {
        flush();
        blocks.push({ kind: 'quote', paras: textParas((t as Tokens.Blockquote).tokens) });
      } else if (isContainer(t) && isVisualKind(t.name)) {
        flush();
        blocks.push({ kind: 'visual', visual: readVisual(t).block });
      } else if (isContainer(t)) {
        walk(t.tokens);
      } else if (loneImage(t)) {
        flush();
        const img = loneImage(t)!;
        blocks.push({ kind: 'image', src: img.href, alt: img.text });
      } else {
        text.push(...textParas([t]));
      }
    }
  };
  walk(lexMarkdown(md));
  flush();
  return blocks;
}

/** The image a paragraph consists of, when it holds one image and nothing else. */
export function loneImage(t: Token): Tokens.Image | null {
  if (t.type !== 'paragraph') return null;
  const inner = ((t as Tokens.Paragraph).tokens ?? []).filter((x) => !(x.type === 'text' && !(x as Tokens.Text).text.trim()));
  return inner.length === 1 && inner[0]!.type === 'image' ? (inner[0] as Tokens.Image) : null;
}

/**
 * A visual block read as paragraphs, in reading order: what shows where formatting cannot
 * (plain text, the notes, an outline). The step's name and a speaker stay bold.
 */
export function visualParas(v: VisualBlock): Para[] {
  const para = (runs: Run[], extra: Partial<Para> = {}): Para => ({ runs, list: 'none', level: 0, ...extra });
  const joined = (a: Run[], sep: string, b: Run[]): Run[] => (b.length ? [...a, { text: sep }, ...b] : a);
  switch (v.kind) {
    case 'steps':
      return v.steps.map((s, i) => para(joined(s.title.map((r) => ({ ...r, bold: true })), ' ', s.detail), { list: 'number', start: 1, number: i + 1 }));
    case 'compare':
      return v.columns.flatMap((c) => [para(c.title.map((r) => ({ ...r, bold: true })), { heading: true }), ...c.paras]);
    case 'case':
      return [...v.setting, ...v.lines.map((l) => para([{ text: l.speaker, bold: true }, { text: isWide(l.speaker.slice(-1)) ? '：' : ': ' }, ...l.runs], { list: 'bullet' })), ...v.question];
    case 'stat': {
      const s = v.stat;
      return [para([{ text: s.label, bold: true }]), ...s.values.map((x) => para([{ text: `${x.name}: ${x.value}${s.unit}` }], { list: 'bullet' })), para([{ text: [s.population, s.year].filter(Boolean).join(' · ') }])];
    }
    case 'keypoint':
      return v.paras.map((p) => ({ ...p, runs: p.runs.map((r) => ({ ...r, bold: true })) }));
    case 'checklist':
      return v.items.map((it) => para(it.runs, { list: 'bullet' }));
  }
}
