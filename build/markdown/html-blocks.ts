/**
 * The player's HTML of the visual blocks (visual.ts). Semantic HTML that reads in order without
 * CSS (a list of steps, sections with headings, a list of lines, a figure with its caption);
 * player/blocks.css draws it. Icons and the bar chart are inline SVG made by the build, sized
 * and coloured by CSS classes: the package's Content-Security-Policy allows no inline style, so
 * nothing here carries a style attribute, and geometry is written as SVG attributes.
 *
 * Everything a source says is text here: runs and fields are escaped, links are the targets
 * `linkTarget` allowed, and the only markup that is not escaped text is the build's own (the
 * icon set's SVG, the chart).
 */
import type { Para, Run } from './blocks.ts';
import { decodeEntities } from './entities.ts';
import type { HtmlContext } from './html-context.ts';
import { linkTarget } from './urls.ts';
import { type CaseLine, type CompareColumn, type Stat, statValueText, type Step, type VisualBlock } from './visual.ts';
import { isWide } from './width.ts';

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const esc = (s: string) => s.replace(/[&<>"']/g, (c) => escapes[c]!);

/** A field of a stat block as written (not Markdown, but its character references read as Markdown reads them). */
const field = (s: string) => esc(decodeEntities(s));

function runsHtml(runs: Run[]): string {
  return runs
    .map((r) => {
      let h = esc(r.text);
      if (r.code) h = `<code>${h}</code>`;
      if (r.bold) h = `<strong>${h}</strong>`;
      if (r.italic) h = `<em>${h}</em>`;
      if (r.strike) h = `<del>${h}</del>`;
      // `link` is already a target the link policy allows (blocks.ts reads it through linkTarget).
      if (r.link) h = `<a href="${esc(r.link)}">${h}</a>`;
      return (r.breakBefore ? '<br>' : '') + h;
    })
    .join('');
}

/**
 * Paragraphs as HTML: list items become `<ul>` / `<ol>` again, nested by level, and an item's
 * further paragraphs stay inside the item.
 */
export function parasHtml(paras: Para[]): string {
  let html = '';
  const open: { tag: 'ul' | 'ol'; level: number; item: boolean }[] = [];
  const closeTop = () => {
    const top = open.pop()!;
    html += `${top.item ? '</li>' : ''}</${top.tag}>`;
  };
  const closeAbove = (level: number) => {
    while (open.length && open[open.length - 1]!.level > level) closeTop();
  };
  for (const p of paras) {
    const text = runsHtml(p.runs);
    if (p.list === 'none') {
      // An item's second paragraph has the level below the item's.
      closeAbove(p.level - 1);
      const inItem = open.length > 0 && open[open.length - 1]!.item;
      if (!inItem) closeAbove(-1);
      html += p.heading ? `<p class="vb-subhead">${text}</p>` : `<p>${text}</p>`;
      continue;
    }
    const tag = p.list === 'number' ? 'ol' : 'ul';
    closeAbove(p.level);
    let top = open[open.length - 1];
    if (top && top.level === p.level && top.tag !== tag) {
      closeTop();
      top = open[open.length - 1];
    }
    if (!top || top.level < p.level) {
      if (top && !top.item) {
        html += '<li>';
        top.item = true;
      }
      const start = tag === 'ol' && p.number !== undefined && p.number !== 1 ? ` start="${p.number}"` : '';
      html += `<${tag}${start}>`;
      top = { tag, level: p.level, item: false };
      open.push(top);
    } else if (top.item) html += '</li>';
    html += `<li>${text}`;
    top.item = true;
  }
  closeAbove(-1);
  return html;
}

/** An icon of the course's icon set, hidden from assistive technology (the text beside it says it). */
function iconHtml(name: string | null, ctx: HtmlContext | null, cls = 'vb-icon'): string {
  const svg = name && ctx ? ctx.icon(name) : null;
  if (!svg) return '';
  return `<span class="${cls}">${svg.replace(/^<svg\b/, '<svg aria-hidden="true" focusable="false"')}</span>`;
}

/** The build's own marks, drawn in the text's colour: not icons of the set, so a lesson need not name them. */
const marks = {
  check: '<svg class="vb-mark" viewBox="0 0 24 24" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" stroke-width="3" stroke-linecap="round" stroke-linejoin="round"><path d="M5 12.5l4.5 4.5L19 7.5"/></svg>',
  external: '<svg class="vb-external" viewBox="0 0 24 24" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"><path d="M15 3h6v6M10 14 21 3M18 13v6a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2V8a2 2 0 0 1 2-2h6"/></svg>',
};

export function visualHtml(v: VisualBlock, ctx: HtmlContext | null): string {
  switch (v.kind) {
    case 'steps':
      return stepsHtml(v.steps, ctx);
    case 'compare':
      return compareHtml(v.columns, ctx);
    case 'case':
      return caseHtml(v.setting, v.lines, v.question);
    case 'stat':
      return statHtml(v.stat, ctx);
    case 'keypoint':
      return `<div class="vb-keypoint${v.icon && ctx?.icon(v.icon) ? '' : ' vb-no-icon'}" role="note">${iconHtml(v.icon, ctx)}<div class="vb-keypoint-text">${parasHtml(v.paras)}</div></div>\n`;
    case 'checklist': {
      // When some items have an icon, the others keep its place empty, so that the texts align.
      const icons = v.items.map((it) => iconHtml(it.icon, ctx));
      const blank = icons.some(Boolean) ? '<span class="vb-icon"></span>' : '';
      return `<ul class="vb-checklist">${v.items.map((it, i) => `<li><span class="vb-box">${marks.check}</span>${icons[i] || blank}<span class="vb-check-text">${runsHtml(it.runs)}</span></li>`).join('')}</ul>\n`;
    }
  }
}

/**
 * A process: the numbered list keeps the order for every reader; the number and the icon are
 * drawn in a circle (hidden from screen readers, which announce the list's own numbering).
 * More than six steps do not fit one row beside each other, so they get two rows (vb-steps-long).
 */
function stepsHtml(steps: Step[], ctx: HtmlContext | null): string {
  const items = steps.map((s, i) => {
    const icon = iconHtml(s.icon, ctx);
    const mark = `<span class="vb-step-mark${icon ? '' : ' vb-no-icon'}" aria-hidden="true"><span class="vb-step-no">${i + 1}</span>${icon}</span>`;
    const detail = s.detail.length ? ` <span class="vb-step-detail">${runsHtml(s.detail)}</span>` : '';
    return `<li class="vb-step">${mark}<span class="vb-step-text"><strong class="vb-step-title">${runsHtml(s.title)}</strong>${detail}</span></li>`;
  });
  return `<ol class="vb-steps${steps.length > 6 ? ' vb-steps-long' : ''}">${items.join('')}</ol>\n`;
}

/**
 * The tone of a compare column comes from the icon its author chose, so that colour only repeats
 * what the icon already says (WCAG 1.4.1): an icon that says yes (check, thumbs-up) marks what is
 * acceptable (green), one that warns (an alert triangle) a grey zone (amber), one that says no
 * (x, ban, thumbs-down) what is not acceptable (the course's red). Any other icon, or none, is
 * neutral (the course's blue): columns that are merely different ("before / after") are not
 * judged. So "legitimate complaint" with :circle-check: and "harassment" with :circle-x: are a
 * green and a red card.
 */
export function compareTone(icon: string | null): 'ok' | 'caution' | 'ng' | 'neutral' {
  if (!icon) return 'neutral';
  if (/(?:^|-)(?:x|ban|thumbs-down|frown|angry|skull)(?:-|$)/.test(icon)) return 'ng';
  if (/(?:^|-)alert(?:-|$)/.test(icon)) return 'caution';
  if (/(?:^|-)(?:check|check-big|thumbs-up|smile)(?:-|$)/.test(icon)) return 'ok';
  return 'neutral';
}

function compareHtml(columns: CompareColumn[], ctx: HtmlContext | null): string {
  const cols = columns.map((c) => {
    const tone = compareTone(c.icon && ctx?.icon(c.icon) ? c.icon : null);
    return `<section class="vb-column vb-tone-${tone}"><h3 class="vb-column-title">${iconHtml(c.icon, ctx)}<span>${runsHtml(c.title)}</span></h3><div class="vb-column-body">${parasHtml(c.paras)}</div></section>`;
  });
  return `<div class="vb-compare vb-compare-${columns.length}">${cols.join('')}</div>\n`;
}

/**
 * A scene: the setting, then the lines as speech bubbles, then the question to the learner.
 * Each speaker keeps one side (the first to speak on the left, the next on the right, and so
 * on), so a reader follows who says what without reading every name.
 */
function caseHtml(setting: Para[], lines: CaseLine[], question: Para[]): string {
  const speakers: string[] = [];
  const bubbles = lines.map((l) => {
    if (!speakers.includes(l.speaker)) speakers.push(l.speaker);
    const who = speakers.indexOf(l.speaker);
    const colon = isWide(l.speaker.slice(-1)) ? '：' : ': ';
    const initial = Array.from(l.speaker)[0] ?? '';
    return `<li class="vb-line vb-side-${who % 2 ? 'b' : 'a'}"><span class="vb-avatar" aria-hidden="true">${esc(initial.toUpperCase())}</span><div class="vb-bubble"><span class="vb-speaker">${esc(l.speaker)}<span class="visually-hidden">${colon}</span></span><p>${runsHtml(l.runs)}</p></div></li>`;
  });
  const q = question.length ? `<div class="vb-case-question"><span class="vb-question-mark" aria-hidden="true">?</span><div>${parasHtml(question)}</div></div>` : '';
  return `<div class="vb-case"><div class="vb-case-setting">${parasHtml(setting)}</div>${bubbles.length ? `<ol class="vb-case-lines">${bubbles.join('')}</ol>` : ''}${q}</div>\n`;
}

/**
 * A figure with what it measures (the caption), the number or the bars, and where it comes
 * from, always visible: who was asked, the year, and the source, linked out of the LMS's frame
 * (a new window: followed inside the frame, the link would replace the course).
 */
function statHtml(s: Stat, ctx: HtmlContext | null): string {
  const lang = ctx?.lang ?? 'en';
  const caption = `<figcaption class="vb-stat-label">${field(s.label)}</figcaption>`;
  let body: string;
  if (s.values.length === 1) {
    const x = s.values[0]!;
    body = `<p class="vb-stat-figure"><span class="vb-stat-number">${esc(statValueText(x.value, '', lang))}${s.unit ? `<span class="vb-stat-unit">${field(s.unit)}</span>` : ''}</span> <span class="vb-stat-name">${field(x.name)}</span></p>`;
  } else body = barChart(s, lang);
  return `<figure class="vb-stat vb-stat-${s.values.length === 1 ? 'single' : 'chart'}">${caption}${body}${sourceHtml(s, ctx)}</figure>\n`;
}

function sourceHtml(s: Stat, ctx: HtmlContext | null): string {
  const src = ctx?.source(s.source) ?? null;
  const title = esc(src?.title ?? s.source);
  const href = src?.url ? linkTarget(src.url, { literal: true }) : null;
  const hint = ctx?.ui?.('opensInNewWindow');
  // A source is a web page: only http and https are linked (not mailto, which linkTarget allows).
  const cite =
    href !== null && /^https?:/i.test(href)
      ? `<a href="${esc(href)}" target="_blank" rel="noopener noreferrer">${title}${marks.external}${hint ? `<span class="visually-hidden">${esc(hint)}</span>` : ''}</a>`
      : title;
  const parts = [field(s.population), field(s.year), `<cite>${cite}</cite>`].filter((p) => p);
  return `<p class="vb-source">${parts.map((p) => `<span>${p}</span>`).join('<span class="vb-sep" aria-hidden="true"> · </span>')}</p>`;
}

/** Width of some text in em, roughly: a wide character is 1em, any other about 0.6em. */
function textEm(s: string): number {
  let w = 0;
  for (const ch of s) w += isWide(ch) ? 1 : 0.6;
  return w;
}

/**
 * The narrowest the chart is drawn, in em of its text: a 320 px screen less the page's and the
 * figure's margins (about 245 px). A value label goes after its bar when it fits there at this
 * width, else inside the bar.
 */
const narrowestChartEm = 15;

/**
 * Horizontal bars, one row each: the name as text (it wraps, and reads as the list it is), then
 * the bar, an SVG with the value at the bar's end. Screen readers read the list, the value
 * written out after each name; the drawn bar and its label are hidden from them. The SVG has no
 * viewBox: its height is in em and the bar's width in percent, so its label keeps the page's
 * size at any width while the bar stretches. A share (unit %, all values 0–100) is drawn on a
 * scale of 100 with the track of the whole behind each bar; other values on a scale of the
 * largest.
 */
function barChart(s: Stat, lang: string): string {
  const unit = decodeEntities(s.unit);
  const share = /^[%％]$/.test(unit.trim()) && s.values.every((x) => x.value >= 0 && x.value <= 100);
  const max = share ? 100 : Math.max(...s.values.map((x) => x.value), 0);
  const rows = s.values.map((x) => {
    const name = decodeEntities(x.name);
    const pct = max > 0 ? Math.round(Math.max(0, Math.min(1, x.value / max)) * 10000) / 100 : 0;
    const label = statValueText(x.value, unit, lang);
    const w = textEm(label) * 1.05;
    const after = ((100 - pct) / 100) * narrowestChartEm >= w + 0.5 || (pct / 100) * narrowestChartEm < w + 0.8;
    const value = after
      ? `<text class="vb-chart-value" x="${pct}%" dx="0.4em" y="1.07em">${esc(label)}</text>`
      : `<text class="vb-chart-value vb-inside" x="${pct}%" dx="-0.4em" y="1.07em" text-anchor="end">${esc(label)}</text>`;
    const rect = (cls: string, width: string) => `<rect class="${cls}" width="${width}" height="100%" rx="4"/>`;
    const svg = `<svg class="vb-chart-bar-row" width="100%" height="1.5em" aria-hidden="true" focusable="false">${share ? rect('vb-chart-track', '100%') : ''}${rect('vb-chart-bar', `${pct}%`)}${value}</svg>`;
    return `<li><span class="vb-chart-name">${esc(name)}</span><span class="visually-hidden">${isWide(name.slice(-1)) ? '：' : ': '}${esc(label)}</span>${svg}</li>`;
  });
  return `<ul class="vb-chart">${rows.join('')}</ul>`;
}
