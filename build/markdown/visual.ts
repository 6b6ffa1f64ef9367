/**
 * Visual blocks: what kind of content a part of a slide holds, so that every target can draw it
 * as what it is (a process, a comparison, a scene, a figure) rather than as bullets. Each is a
 * container block (`::: steps` … `:::`) whose content is ordinary Markdown in a fixed shape;
 * this module reads that shape into data and says, with offsets, where it is not kept. The
 * player's HTML, the deck and the importer all start from the `VisualBlock` read here.
 *
 * The shapes (content/README.md documents them with examples):
 * - `steps`: one numbered list, 2–8 items; an item is `**Title** detail` (the bold start is the
 *   step's name, the rest its explanation) and may start with an icon;
 * - `compare`: 2 or 3 columns, each a `### Heading` (may start with an icon) and its content;
 * - `case`: the setting as paragraphs; then a bulleted list of lines, each `Speaker: words`
 *   (or `Speaker：words`); then, optionally, paragraphs with the question to the learner;
 * - `stat`: lines `label:`, `population:`, `year:`, `source:` (a source id of course.yaml) and
 *   optionally `unit:`, then a bulleted list of `name: number` values; one value is drawn as a
 *   big figure, several as a bar chart;
 * - `keypoint`: the sentence to remember, as paragraphs; may start with an icon;
 * - `checklist`: one bulleted list (task-list boxes `[ ]` allowed), items may start with an icon.
 *
 * An icon is written `:name:` at the very start of the text it marks, `name` being an icon of the
 * course's icon set (lucide, build/icons.ts); elsewhere `:name:` is ordinary text.
 */
import type { Token, Tokens } from 'marked';
import { inlineRuns, type Para, type Run, textParas } from './blocks.ts';
import type { ContainerToken } from './containers.ts';

/** Names of the visual blocks, as written after `:::`. */
export const visualKinds = ['steps', 'compare', 'case', 'stat', 'keypoint', 'checklist'] as const;
export type VisualKind = (typeof visualKinds)[number];

export function isVisualKind(name: string): name is VisualKind {
  return (visualKinds as readonly string[]).includes(name);
}

/** Limits of the shapes: beyond them no target can draw the block well. */
export const visualLimits = {
  steps: { min: 2, max: 8 },
  compare: { min: 2, max: 3 },
  caseLines: { max: 6 },
  statValues: { min: 1, max: 8 },
  checklist: { min: 1, max: 8 },
} as const;

export interface Step {
  icon: string | null;
  /** The step's name: the bold start of the item (the whole item when nothing is bold). */
  title: Run[];
  /** The rest of the item; empty when the item is only a name. */
  detail: Run[];
}

export interface CompareColumn {
  icon: string | null;
  title: Run[];
  paras: Para[];
}

export interface CaseLine {
  speaker: string;
  runs: Run[];
}

export interface StatValue {
  name: string;
  value: number;
}

export interface Stat {
  /** What is measured, e.g. "Companies that received consultations about customer harassment". */
  label: string;
  /** Who was asked, and how many: "全国の企業 7,780社". */
  population: string;
  year: string;
  /** A source id of course.yaml; targets show the source's title next to the figure. */
  source: string;
  /** Written after each number ("%", "件"); empty for none. */
  unit: string;
  values: StatValue[];
}

export type VisualBlock =
  | { kind: 'steps'; steps: Step[] }
  | { kind: 'compare'; columns: CompareColumn[] }
  | { kind: 'case'; setting: Para[]; lines: CaseLine[]; question: Para[] }
  | { kind: 'stat'; stat: Stat }
  | { kind: 'keypoint'; icon: string | null; paras: Para[] }
  | { kind: 'checklist'; items: { icon: string | null; runs: Run[] }[] };

/** Something in a block that does not keep its shape; `offset` is in the block's `raw`. */
export interface VisualProblem {
  offset: number;
  message: string;
}

export interface IconUse {
  name: string;
  /** Offset of `:name:` in the block's `raw`, when it could be placed. */
  offset: number;
}

export interface ReadVisual {
  block: VisualBlock;
  problems: VisualProblem[];
  icons: IconUse[];
}

const iconRe = /^:([a-z][a-z0-9]*(?:-[a-z0-9]+)*):[ \t\u3000]*/;

/** The icon written at the start of some runs, and the runs without it. */
export function leadingIcon(runs: Run[]): { icon: string | null; runs: Run[] } {
  const first = runs[0];
  const m = first && !first.code ? iconRe.exec(first.text) : null;
  if (!m) return { icon: null, runs };
  const rest = first!.text.slice(m[0].length);
  return { icon: m[1]!, runs: rest ? [{ ...first!, text: rest }, ...runs.slice(1)] : runs.slice(1).map((r, i) => (i === 0 ? { ...r, breakBefore: undefined } : r)) };
}

/** The runs with the first `n` characters of their text removed. */
export function dropChars(runs: Run[], n: number): Run[] {
  const out: Run[] = [];
  let left = n;
  for (const r of runs) {
    if (left >= r.text.length) {
      left -= r.text.length;
      continue;
    }
    out.push(left ? { ...r, text: r.text.slice(left) } : r);
    left = 0;
  }
  return out;
}

function trimStartRuns(runs: Run[], chars: RegExp): Run[] {
  const text = runs.map((r) => r.text).join('');
  const m = chars.exec(text);
  return m ? dropChars(runs, m[0].length) : runs;
}

/** Paragraph tokens' runs, or a text token's. */
function itemRuns(item: Tokens.ListItem): Run[] {
  const t = item.tokens.find((x) => x.type === 'text' || x.type === 'paragraph') as Tokens.Text | undefined;
  if (!t) return [];
  return inlineRuns(t.tokens ?? [{ type: 'text', raw: t.raw, text: t.text }]);
}

/** Offsets of each token's raw inside the block's content. */
function offsets(tokens: Token[], base: number): number[] {
  let at = base;
  return tokens.map((t) => {
    const o = at;
    at += t.raw.length;
    return o;
  });
}

function significant(tokens: Token[]): { token: Token; offset: number }[] {
  const at = offsets(tokens, 0);
  return tokens.map((token, i) => ({ token, offset: at[i]! })).filter((x) => x.token.type !== 'space');
}

/** Offset of the icon's `:name:` in `raw` at or after `from`, best effort. */
function placeIcon(raw: string, name: string, from: number): number {
  const at = raw.indexOf(`:${name}:`, from);
  return at < 0 ? from : at;
}

/** Reads a visual block from its container token. */
export function readVisual(t: ContainerToken): ReadVisual {
  const problems: VisualProblem[] = [];
  const icons: IconUse[] = [];
  const base = t.textOffset;
  const parts = significant(t.tokens).map((p) => ({ ...p, offset: p.offset + base }));
  const problem = (offset: number, message: string) => problems.push({ offset, message });
  const useIcon = (icon: string | null, from: number) => {
    if (icon) icons.push({ name: icon, offset: placeIcon(t.raw, icon, from) });
  };
  const kind = t.name as VisualKind;
  const lists = parts.filter((p) => p.token.type === 'list');

  switch (kind) {
    case 'steps': {
      const list = lists[0]?.token as Tokens.List | undefined;
      if (!list || !list.ordered || lists.length > 1 || parts.length !== 1) {
        problem(parts.find((p) => p.token.type !== 'list' || !(p.token as Tokens.List).ordered)?.offset ?? base, 'A steps block holds one numbered list (1. 2. 3.) and nothing else.');
      }
      const steps: Step[] = [];
      let from = lists[0]?.offset ?? base;
      for (const item of list?.items ?? []) {
        const { icon, runs } = leadingIcon(itemRuns(item));
        useIcon(icon, from);
        from += item.raw.length;
        const boldEnd = runs.findIndex((r) => !r.bold);
        const title = boldEnd === 0 ? runs : boldEnd < 0 ? runs : runs.slice(0, boldEnd);
        const detail = boldEnd <= 0 ? [] : trimStartRuns(runs.slice(boldEnd), /^[\s:：—–-]+/);
        // The name is drawn bold by every target: its bold is the block's, not the text's.
        steps.push({ icon, title: (boldEnd === 0 ? runs : title).map(({ bold: _, ...r }) => r), detail });
      }
      if (list && (steps.length < visualLimits.steps.min || steps.length > visualLimits.steps.max)) {
        problem(lists[0]!.offset, `A steps block has ${visualLimits.steps.min} to ${visualLimits.steps.max} steps; this one has ${steps.length}.`);
      }
      return { block: { kind, steps }, problems, icons };
    }
    case 'compare': {
      const columns: CompareColumn[] = [];
      let current: { col: CompareColumn; tokens: Token[] } | null = null;
      const close = () => {
        if (current) current.col.paras = textParas(current.tokens);
      };
      for (const p of parts) {
        const h = p.token as Tokens.Heading;
        if (p.token.type === 'heading' && h.depth === 3) {
          close();
          const { icon, runs } = leadingIcon(inlineRuns(h.tokens));
          useIcon(icon, p.offset);
          current = { col: { icon, title: runs, paras: [] }, tokens: [] };
          columns.push(current.col);
        } else if (current) current.tokens.push(p.token);
        else problem(p.offset, 'A compare block starts with a column heading (### Heading); this text comes before the first one.');
      }
      close();
      if (columns.length < visualLimits.compare.min || columns.length > visualLimits.compare.max) {
        problem(parts[0]?.offset ?? base, `A compare block has ${visualLimits.compare.min} or ${visualLimits.compare.max} columns, each starting with ### Heading; this one has ${columns.length}.`);
      }
      for (const [i, c] of columns.entries()) if (!c.paras.length) problem(parts.find((p) => p.token.type === 'heading' && columns.indexOf(c) === i)?.offset ?? base, `Column ${i + 1} of the compare block has a heading but no content.`);
      return { block: { kind, columns }, problems, icons };
    }
    case 'case': {
      const setting: Token[] = [];
      const question: Token[] = [];
      const lines: CaseLine[] = [];
      let seenList = false;
      for (const p of parts) {
        if (p.token.type === 'list' && !seenList) {
          seenList = true;
          const list = p.token as Tokens.List;
          let from = p.offset;
          for (const item of list.items) {
            const runs = itemRuns(item);
            const text = runs.map((r) => r.text).join('');
            const m = /^\s*([^:：\n]{1,30}?)\s*[:：]\s*/.exec(text);
            if (!m || !text.slice(m[0].length).trim()) problem(from, 'Each line of a case is "Speaker: what they say" (a colon after the speaker\'s name).');
            else lines.push({ speaker: m[1]!.trim(), runs: dropChars(runs, m[0].length) });
            from += item.raw.length;
          }
          if (list.items.length > visualLimits.caseLines.max) problem(p.offset, `A case has at most ${visualLimits.caseLines.max} lines of dialogue; this one has ${list.items.length}.`);
        } else if (p.token.type === 'list' || (seenList ? false : p.token.type === 'table')) {
          problem(p.offset, 'A case has the setting, one list of lines (Speaker: words) and the question; this is a second list or a table.');
        } else (seenList ? question : setting).push(p.token);
      }
      const block: VisualBlock = { kind, setting: textParas(setting), lines, question: textParas(question) };
      if (!block.setting.length) problem(parts[0]?.offset ?? base, 'A case starts with its setting: a paragraph saying where it happens and who is involved.');
      return { block, problems, icons };
    }
    case 'stat': {
      const { stat, problems: p } = readStat(t);
      return { block: { kind, stat }, problems: p, icons };
    }
    case 'keypoint': {
      const paras = textParas(parts.map((p) => p.token));
      let icon: string | null = null;
      if (paras[0]) {
        const lead = leadingIcon(paras[0].runs);
        icon = lead.icon;
        paras[0] = { ...paras[0], runs: lead.runs };
        useIcon(icon, parts[0]!.offset);
      }
      if (!paras.length) problem(base, 'A keypoint block holds the one sentence to remember.');
      if (parts.some((p) => p.token.type === 'table' || p.token.type === 'list')) problem(parts.find((p) => p.token.type === 'table' || p.token.type === 'list')!.offset, 'A keypoint is one or two sentences, not a list or a table: use a checklist or steps for those.');
      return { block: { kind, icon, paras }, problems, icons };
    }
    case 'checklist': {
      const list = lists[0]?.token as Tokens.List | undefined;
      if (!list || list.ordered || lists.length > 1 || parts.length !== 1) {
        problem(parts.find((p) => p.token.type !== 'list' || (p.token as Tokens.List).ordered)?.offset ?? base, 'A checklist holds one bulleted list (- item) and nothing else.');
      }
      const items: { icon: string | null; runs: Run[] }[] = [];
      let from = lists[0]?.offset ?? base;
      for (const item of list?.items ?? []) {
        const lead = leadingIcon(trimStartRuns(itemRuns(item), /^\[[ xX]\][ \t]*/));
        useIcon(lead.icon, from);
        from += item.raw.length;
        items.push(lead);
      }
      if (list && items.length > visualLimits.checklist.max) problem(lists[0]!.offset, `A checklist has at most ${visualLimits.checklist.max} items; this one has ${items.length}.`);
      return { block: { kind, items }, problems, icons };
    }
  }
}

const statKeys = ['label', 'population', 'year', 'source', 'unit'] as const;
const requiredStatKeys = ['label', 'population', 'year', 'source'] as const;

/**
 * A stat block is read line by line from the text as written, not from Markdown tokens: its
 * lines are fields and values, and each problem is placed at its own line.
 */
function readStat(t: ContainerToken): { stat: Stat; problems: VisualProblem[] } {
  const problems: VisualProblem[] = [];
  const stat: Stat = { label: '', population: '', year: '', source: '', unit: '', values: [] };
  const seen = new Set<string>();
  let offset = t.textOffset;
  for (const line of t.text.split('\n')) {
    const at = offset;
    offset += line.length + 1;
    const text = line.trim();
    if (!text) continue;
    const value = /^[-*+][ \t]+(.+?)\s*[:：]\s*(.*)$/.exec(text);
    if (value) {
      const num = value[2]!.replace(/[,，\s]/g, '').replace(/[%％]$/, '');
      const n = Number(num);
      if (!num || !Number.isFinite(n) || /^[+-]?$/.test(num)) {
        problems.push({ offset: at, message: `"${value[2]}" is not a number: write the value as digits (27.9), with the unit on the unit: line.` });
      } else stat.values.push({ name: value[1]!.trim(), value: n });
      continue;
    }
    const field = /^([A-Za-z]+)\s*[:：]\s*(.*)$/.exec(text);
    const key = field?.[1]!.toLowerCase();
    if (!field || !(statKeys as readonly string[]).includes(key!)) {
      problems.push({ offset: at, message: `A stat block holds the lines ${statKeys.map((k) => `${k}:`).join(', ')} and a list of values (- name: number); this line is neither.` });
      continue;
    }
    if (seen.has(key!)) problems.push({ offset: at, message: `The stat block says ${key}: twice.` });
    seen.add(key!);
    stat[key as (typeof statKeys)[number]] = field[2]!.trim();
  }
  for (const k of requiredStatKeys) {
    if (!stat[k]) problems.push({ offset: t.textOffset, message: `The stat block has no ${k}: line; a figure is shown with what it measures (label), who was asked (population), the year and its source.` });
  }
  if (stat.values.length < visualLimits.statValues.min || stat.values.length > visualLimits.statValues.max) {
    problems.push({ offset: t.textOffset, message: `A stat block has ${visualLimits.statValues.min} to ${visualLimits.statValues.max} values (- name: number); this one has ${stat.values.length}.` });
  }
  return { stat, problems };
}

/** A value as the course shows it: the number as written in the course's language, then the unit. */
export function statValueText(value: number, unit: string, lang: string): string {
  return `${value.toLocaleString(lang === 'ja' ? 'ja-JP' : 'en-US', { maximumFractionDigits: 2 })}${unit}`;
}
