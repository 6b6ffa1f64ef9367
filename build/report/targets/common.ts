/**
 * What the three outputs share, so that the workbook, the deck and the page show the same
 * charts in the same colours with the same numbers: the look, the colour of each answer by how
 * favourable it is, the layout arithmetic of a stacked bar (shares of a bar's length), and how
 * a theme's items are split into charts.
 */
import { contrast, mix } from '../../targets/pptx/theme.ts';
import type { GoodDirection } from '../../model.ts';
import type { Distribution, ItemResult, Report, ThemeResult } from '../model.ts';
import type { ReportLabels } from './labels.ts';

/**
 * The course's own colours and fonts (content/course.yaml). The Report does not carry the
 * course's theme, and the report is made for this course, so they are fixed here.
 */
export const LOOK = {
  primary: '1F3A5F',
  accent: 'C8102E',
  text: '1A1A1A',
  background: 'FFFFFF',
  muted: '5F5F5F',
  rule: 'BCC4CF',
  tint: 'EEF1F5',
};

export function fontFor(lang: string): string {
  return lang === 'ja' ? 'Meiryo' : 'Calibri';
}

/**
 * Answer colours from unfavourable (0) to favourable (1): red, through a light grey, to green.
 * Both ends are dark and the middle light, so the order also reads in grey.
 */
const RAMP: [number, string][] = [
  [0, 'B2182B'],
  [0.25, 'EF8A62'],
  [0.5, 'DDDDDD'],
  [0.75, '7FBF7B'],
  [1, '1B7837'],
];
/** "Don't know": a dark grey of its own, apart from the scale's neutral middle. */
export const DONT_KNOW_COLOUR = '6E6E6E';

function ramp(f: number): string {
  for (let i = 1; i < RAMP.length; i++) {
    const [x1, c1] = RAMP[i]!;
    const [x0, c0] = RAMP[i - 1]!;
    if (f <= x1) return mix(c1, c0, (f - x0) / (x1 - x0));
  }
  return RAMP[RAMP.length - 1]![1];
}

/**
 * The colour of each answer option of an item, in the options' order: by favourability for a
 * Likert item (the favourable end green whichever way the scale runs, so a "lower is better"
 * item reads right), shades of the course's blue for a choice item that has no good end.
 */
export function optionColours(item: Pick<ItemResult, 'options' | 'good' | 'kind'>): string[] {
  const k = item.options.length;
  if (item.kind !== 'likert' || !item.good) return item.options.map((_, i) => mix(LOOK.primary, 'FFFFFF', 1 - (i / Math.max(1, k)) * 0.75));
  return item.options.map((_, i) => ramp(favourability(i, k, item.good!)));
}

/** 0 for the unfavourable end of a scale of `k` points, 1 for the favourable end. */
export function favourability(i: number, k: number, good: GoodDirection): number {
  const up = k > 1 ? i / (k - 1) : 1;
  return good === 'high' ? up : 1 - up;
}

/** Black or white, whichever reads better on `fill`. */
export function textOn(fill: string): string {
  return contrast('1A1A1A', fill) >= contrast('FFFFFF', fill) ? '1A1A1A' : 'FFFFFF';
}

/**
 * Shares of a distribution, 0–1, for laying out bars and printing percentages: each point over
 * the respondents who chose a point ("don't know" apart: over everyone who answered). For a
 * select-all item each option over the respondents, so they may add up to more than 1.
 */
export function shares(d: Distribution, multiple: boolean): { points: number[]; dontKnow: number | null } {
  const chosePoint = d.n - (d.dontKnow ?? 0);
  const over = multiple ? d.n : chosePoint;
  return {
    points: d.counts.map((c) => (over > 0 ? c / over : 0)),
    dontKnow: d.dontKnow === null ? null : d.n > 0 ? d.dontKnow / d.n : 0,
  };
}

export function formatScore(score: number | null, none = '—'): string {
  return score === null ? none : score.toFixed(1);
}

export function formatPercent(share: number | null, none = '—'): string {
  return share === null ? none : `${Math.round(share * 100)}%`;
}

export function formatIndex(x: number | null, none = '—'): string {
  return x === null ? none : x.toFixed(2);
}

/** One bar of a stacked chart: an item for all respondents or for one group. */
export interface Bar {
  item: ItemResult;
  /** The group's label, or null for all respondents. */
  group: string | null;
  dist: Distribution;
}

/**
 * A stacked chart of items that share one scale and one good end: one legend fits all its bars.
 * A theme whose items mix scales (agreement and yes/no) or directions gets one chart for each.
 */
export interface StackedChart {
  options: string[];
  colours: string[];
  good: GoodDirection | null;
  /** Some item offers "don't know": it is the last segment. */
  dontKnow: boolean;
  bars: Bar[];
}

export interface ThemeCharts {
  theme: ThemeResult;
  /** The grouping the bars are split by, or null for all respondents only. */
  grouping: Report['groupings'][number] | null;
  charts: StackedChart[];
  /** Groups left out because they are too small. */
  suppressed: string[];
}

/**
 * A theme's charts: for all respondents, then once per grouping with each shown group's bar
 * under the item's bar for all (so groups are compared item by item).
 */
export function themeCharts(report: Report, theme: ThemeResult): ThemeCharts[] {
  const items = theme.items.map((id) => report.items.find((i) => i.id === id)).filter((i): i is ItemResult => !!i && i.kind === 'likert');
  const build = (grouping: Report['groupings'][number] | null): ThemeCharts => {
    const shown = grouping ? grouping.groups.filter((g) => !g.suppressed) : [];
    const charts: StackedChart[] = [];
    for (const item of items) {
      const key = `${item.good}|${item.options.map((o) => o.label).join('|')}`;
      let chart = charts.find((c) => `${c.good}|${c.options.join('|')}` === key);
      if (!chart) {
        chart = { options: item.options.map((o) => o.label), colours: optionColours(item), good: item.good, dontKnow: false, bars: [] };
        charts.push(chart);
      }
      chart.dontKnow ||= item.all.dontKnow !== null;
      chart.bars.push({ item, group: null, dist: item.all });
      for (const g of shown) {
        const dist = g.items[item.id];
        if (dist) chart.bars.push({ item, group: g.label, dist });
      }
    }
    return { theme, grouping, charts, suppressed: grouping ? grouping.groups.filter((g) => g.suppressed).map((g) => g.label) : [] };
  };
  return [build(null), ...report.groupings.map(build)];
}

/** A label cut to about `max` columns (a wide character counts two), with an ellipsis. */
export function clip(s: string, max: number): string {
  let width = 0;
  let out = '';
  for (const ch of s.replace(/\s+/g, ' ')) {
    width += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
    if (width > max) return `${out.trimEnd()}…`;
    out += ch;
  }
  return out;
}

/** What a chart's scale runs from and to, and which end is good. */
export function scaleCaption(chart: StackedChart, l: ReportLabels): string {
  const range = l.scaleFromTo(chart.options[0]!, chart.options[chart.options.length - 1]!);
  return chart.good ? `${range} (${l.good[chart.good]})` : range;
}

/** A bar's category label: the item (clipped), and the group when the chart compares groups. */
export function barLabel(bar: StackedChart['bars'][number], l: ReportLabels, grouped: boolean, max = 44): string {
  if (!grouped) return clip(bar.item.text, max);
  const who = bar.group ?? l.allRespondents;
  return `${clip(bar.item.text, max - 4 - who.length)} [${who}]`;
}

