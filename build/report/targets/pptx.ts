/**
 * The organisation report as a PowerPoint deck a trainer presents and edits: a title slide;
 * the three weakest themes with the lessons that address them; per theme a native 100%
 * stacked bar chart of its items' answers (then once more per grouping, each shown group's
 * bar under the item's bar for all); the free-text answers per item (a few slides at most);
 * the test by lesson (a native bar chart) and per question (a table); and how the report was
 * made. Everything is a native, editable object: charts keep their numbers in their own
 * embedded workbook, where category labels are strings (a label like `=1+1` stays text).
 */
import pptxgenjs from 'pptxgenjs';
import { jszipParts, type Part } from '../../targets/jszip-parts.ts';
import { fixCoreDates, fixEmbeddedWorkbook, renumberCharts, setRunFonts } from '../../targets/pptx/ooxml.ts';
import type { OutputFile } from '../../targets/target.ts';
import { zip } from '../../targets/zip.ts';
import type { Report } from '../model.ts';
import { barLabel, clip, DONT_KNOW_COLOUR, fontFor, formatIndex, formatPercent, formatScore, LOOK, scaleCaption, type StackedChart, themeCharts, type ThemeCharts } from './common.ts';
import { reportLabels, type ReportLabels } from './labels.ts';

// pptxgenjs's typings describe a CommonJS default export; under Node's ESM the default import is the class itself.
type PptxClass = typeof pptxgenjs.default;
const PptxGenJS: PptxClass = (pptxgenjs as unknown as { default?: PptxClass }).default ?? (pptxgenjs as unknown as PptxClass);
type Pptx = InstanceType<PptxClass>;
type Slide = ReturnType<Pptx['addSlide']>;
type TextProps = import('pptxgenjs').default.TextProps;
type TableRow = import('pptxgenjs').default.TableRow;
type ChartOptions = import('pptxgenjs').default.IChartOpts;
type OutputType = NonNullable<import('pptxgenjs').default.WriteProps['outputType']>;

/** 16:9, in inches. */
const W = 13.333;
const H = 7.5;
const MARGIN = 0.6;

/** Free-text slides per item at most: the rest are in the workbook. */
export const FREE_TEXT_SLIDES_PER_ITEM = 3;
/** Lines of 14 pt answers that fit under a slide's title. */
const FREE_TEXT_LINES = 15;
/** Question rows per table slide. */
const TABLE_ROWS = 12;

interface Ctx {
  report: Report;
  l: ReportLabels;
  font: string;
  pptx: Pptx;
}

export async function reportDeck(report: Report): Promise<Uint8Array> {
  const l = reportLabels(report.lang);
  const font = fontFor(report.lang);
  const pptx = new PptxGenJS();
  pptx.layout = 'LAYOUT_WIDE';
  pptx.author = report.course.id;
  pptx.company = '';
  pptx.title = `${l.reportTitle} — ${report.course.title}`;
  pptx.theme = { headFontFace: font, bodyFontFace: font };
  const ctx: Ctx = { report, l, font, pptx };
  titleSlide(ctx);
  summarySlide(ctx);
  for (const theme of report.themes) for (const tc of themeCharts(report, theme)) if (tc.charts.length) themeSlide(ctx, tc);
  for (const f of report.freeText) freeTextSlides(ctx, f);
  if (report.test) testSlides(ctx);
  notesSlide(ctx);
  const parts = await jszipParts('pptxgenjs', (outputType) => pptx.write({ outputType: outputType as OutputType }));
  return finish(parts, font, report.lang);
}

// ── slides ─────────────────────────────────────────────────────────────────────

function titleSlide({ report, l, font, pptx }: Ctx): void {
  const s = pptx.addSlide();
  s.background = { color: LOOK.primary };
  s.addShape('rect', { x: MARGIN, y: 2.55, w: 1.2, h: 0.08, fill: { color: LOOK.accent }, line: { color: LOOK.accent } });
  s.addText(l.reportTitle, { x: MARGIN, y: 1.2, w: W - 2 * MARGIN, h: 1.3, fontFace: font, fontSize: 34, bold: true, color: 'FFFFFF', valign: 'bottom', fit: 'shrink' });
  s.addText(report.course.title, { x: MARGIN, y: 2.8, w: W - 2 * MARGIN, h: 0.7, fontFace: font, fontSize: 22, color: 'FFFFFF' });
  const facts = [
    `${l.edition}: ${report.edition.title}${report.edition.current ? '' : l.retiredEdition}`,
    `${l.respondents}: ${report.respondents.length}`,
    ...(report.test ? [`${l.testAttempts}: ${report.test.attempts}`] : []),
  ];
  s.addText(facts.join('\n'), { x: MARGIN, y: 4.2, w: W - 2 * MARGIN, h: 1.4, fontFace: font, fontSize: 16, color: 'D6DDE6', valign: 'top' });
}

function slideWithTitle({ l, font, pptx, report }: Ctx, title: string, subtitle?: string): Slide {
  const s = pptx.addSlide();
  s.addText(title, { x: MARGIN, y: 0.3, w: W - 2 * MARGIN, h: 0.75, fontFace: font, fontSize: 26, bold: true, color: LOOK.primary, valign: 'bottom', fit: 'shrink' });
  s.addShape('rect', { x: MARGIN, y: 1.1, w: 0.9, h: 0.05, fill: { color: LOOK.accent }, line: { color: LOOK.accent } });
  if (subtitle) s.addText(subtitle, { x: MARGIN, y: 1.2, w: W - 2 * MARGIN, h: 0.4, fontFace: font, fontSize: 14, color: LOOK.muted });
  s.addText(`${report.course.title} — ${l.reportTitle}`, { x: MARGIN, y: H - 0.45, w: W - 2 * MARGIN - 1, h: 0.3, fontFace: font, fontSize: 9, color: LOOK.muted });
  s.slideNumber = { x: W - MARGIN - 0.6, y: H - 0.45, w: 0.6, h: 0.3, fontFace: font, fontSize: 9, color: LOOK.muted, align: 'right' };
  return s;
}

/** The three weakest themes side by side: score, respondents, "don't know" and the lessons that address each. */
function summarySlide(ctx: Ctx): void {
  const { report, l, font } = ctx;
  const s = slideWithTitle(ctx, l.weakestThemes, `${l.respondents}: ${report.respondents.length}`);
  const weakest = report.themes.slice(0, 3);
  const gap = 0.3;
  const w = (W - 2 * MARGIN - gap * 2) / 3;
  weakest.forEach((t, i) => {
    const x = MARGIN + i * (w + gap);
    const y = 1.8;
    s.addShape('rect', { x, y, w, h: 4.9, fill: { color: LOOK.tint }, line: { color: LOOK.rule, width: 1 } });
    s.addShape('rect', { x, y, w: 0.08, h: 4.9, fill: { color: LOOK.accent }, line: { color: LOOK.accent } });
    s.addText(`${i + 1}. ${t.title}`, { x: x + 0.25, y: y + 0.15, w: w - 0.4, h: 0.7, fontFace: font, fontSize: 20, bold: true, color: LOOK.primary, fit: 'shrink' });
    const facts: TextProps[] = [
      { text: l.scoreOutOf(formatScore(t.score)), options: { fontSize: 30, bold: true, color: LOOK.text, breakLine: true } },
      { text: `${l.n}: ${t.n}`, options: { fontSize: 13, color: LOOK.muted, breakLine: true } },
      ...(t.dontKnowShare !== null ? [{ text: `${l.dontKnowShare}: ${formatPercent(t.dontKnowShare)}`, options: { fontSize: 13, color: LOOK.muted, breakLine: true } }] : []),
    ];
    s.addText(facts, { x: x + 0.25, y: y + 0.9, w: w - 0.4, h: 1.5, fontFace: font, valign: 'top' });
    const lessons: TextProps[] = [
      { text: l.addressedIn, options: { fontSize: 13, bold: true, color: LOOK.primary, breakLine: true } },
      ...t.lessons.map((x): TextProps => ({ text: x.title, options: { fontSize: 14, color: LOOK.text, bullet: true, breakLine: true } })),
    ];
    s.addText(lessons, { x: x + 0.25, y: y + 2.5, w: w - 0.4, h: 2.25, fontFace: font, valign: 'top', fit: 'shrink' });
  });
}

/** Inches of chart per bar, and what a chart needs besides its bars (legend, axis). */
const PER_BAR = 0.36;
const CHART_EXTRA = 0.95;

function themeSlide(ctx: Ctx, tc: ThemeCharts): void {
  const { l, font, pptx, report } = ctx;
  const t = tc.theme;
  const title = `${l.distributionOf(t.title)}${tc.grouping ? ` — ${tc.grouping.title}` : ''}`;
  const s = slideWithTitle(ctx, title, `${l.score}: ${formatScore(t.score)} · ${l.n}: ${t.n} · ${l.good[t.good]}`);
  const top = 1.7;
  const bottom = tc.suppressed.length ? H - 0.95 : H - 0.6;
  const wanted = tc.charts.map((c) => c.bars.length * PER_BAR + CHART_EXTRA + 0.3);
  // Few bars grow to fill the slide, up to half as thick again; many shrink to fit.
  const scale = Math.min(1.5, (bottom - top) / wanted.reduce((a, b) => a + b, 0));
  let y = top;
  tc.charts.forEach((chart, i) => {
    const h = wanted[i]! * scale;
    s.addText(scaleCaption(chart, l), { x: MARGIN, y, w: W - 2 * MARGIN, h: 0.3, fontFace: font, fontSize: 11, color: LOOK.muted });
    addStackedChart(pptx, s, chart, { x: MARGIN, y: y + 0.3, w: W - 2 * MARGIN, h: h - 0.3 }, font, l, tc.grouping !== null, `${title}: ${scaleCaption(chart, l)}`);
    y += h;
  });
  if (tc.suppressed.length) {
    s.addText(l.suppressedGroups(tc.suppressed.join(', '), report.minGroupSize), { x: MARGIN, y: H - 0.9, w: W - 2 * MARGIN, h: 0.35, fontFace: font, fontSize: 12, italic: true, color: LOOK.text });
  }
}

function addStackedChart(pptx: Pptx, s: Slide, chart: StackedChart, box: { x: number; y: number; w: number; h: number }, font: string, l: ReportLabels, grouped: boolean, alt: string): void {
  const labels = chart.bars.map((b) => barLabel(b, l, grouped));
  const series = chart.options.map((name, i) => ({ name, labels, values: chart.bars.map((b) => b.dist.counts[i] ?? 0) }));
  if (chart.dontKnow) series.push({ name: l.dontKnow, labels, values: chart.bars.map((b) => b.dist.dontKnow ?? 0) });
  const opts: ChartOptions = {
    ...box,
    altText: alt,
    barDir: 'bar',
    barGrouping: 'percentStacked',
    barGapWidthPct: 45,
    chartColors: [...chart.colours, ...(chart.dontKnow ? [DONT_KNOW_COLOUR] : [])],
    catAxisOrientation: 'maxMin' as ChartOptions['catAxisOrientation'],
    catAxisLabelFontFace: font,
    catAxisLabelFontSize: 11,
    catAxisLabelColor: LOOK.text,
    valAxisLabelFormatCode: '0%',
    valAxisLabelFontFace: font,
    valAxisLabelFontSize: 10,
    valAxisLabelColor: LOOK.muted,
    valGridLine: { color: 'D9D9D9', size: 0.5 },
    showLegend: true,
    legendPos: 'b',
    legendFontFace: font,
    legendFontSize: 11,
    legendColor: LOOK.text,
    showValue: false,
  };
  s.addChart(pptx.ChartType.bar, series, opts);
}

/** One bullet per answer, as written: its line breaks stay line breaks within the bullet. */
function answerRuns(answer: string): TextProps[] {
  const lines = answer.split(/\r\n|\r|\n/);
  return lines.map((line, i) => ({
    text: line,
    // Every run carries the bullet: pptxgenjs takes a paragraph's properties from any of its runs.
    options: { bullet: { indent: 18 }, ...(i > 0 ? { softBreakBefore: true } : {}), ...(i === lines.length - 1 ? { breakLine: true } : {}) },
  }));
}

/** Lines an answer takes at 14 pt across the slide: about 90 columns, a wide character two. */
function answerLines(answer: string): number {
  return answer.split(/\r\n|\r|\n/).reduce((n, line) => n + Math.max(1, Math.ceil(clipWidth(line) / 90)), 0);
}

function clipWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += ch.charCodeAt(0) > 0x2e80 ? 2 : 1;
  return w;
}

/** Pages of answers, each within `FREE_TEXT_LINES`; an answer never split across slides. */
export function freeTextPages(answers: string[]): string[][] {
  const pages: string[][] = [];
  let page: string[] = [];
  let used = 0;
  for (const a of answers) {
    const n = Math.min(FREE_TEXT_LINES, answerLines(a));
    if (page.length && used + n > FREE_TEXT_LINES) {
      pages.push(page);
      page = [];
      used = 0;
    }
    page.push(a);
    used += n;
  }
  if (page.length) pages.push(page);
  return pages;
}

function freeTextSlides(ctx: Ctx, f: Report['freeText'][number]): void {
  const { l, font } = ctx;
  const pages = freeTextPages(f.answers);
  const shown = pages.slice(0, FREE_TEXT_SLIDES_PER_ITEM);
  const left = f.answers.length - shown.reduce((n, p) => n + p.length, 0);
  if (!shown.length) shown.push([]);
  shown.forEach((page, i) => {
    const s = slideWithTitle(ctx, `${l.freeText}: ${f.text}`, `${l.answerCount(f.answers.length)} · ${i + 1} / ${shown.length}`);
    const runs = page.length ? page.flatMap(answerRuns) : [{ text: l.noAnswers, options: { italic: true } }];
    s.addText(runs, { x: MARGIN, y: 1.75, w: W - 2 * MARGIN, h: left > 0 && i === shown.length - 1 ? 4.6 : 5.0, fontFace: font, fontSize: 14, color: LOOK.text, valign: 'top', paraSpaceAfter: 4, fit: 'shrink' });
    if (left > 0 && i === shown.length - 1) s.addText(l.moreInWorkbook(left), { x: MARGIN, y: 6.4, w: W - 2 * MARGIN, h: 0.4, fontFace: font, fontSize: 13, italic: true, color: LOOK.primary });
  });
}

function testSlides(ctx: Ctx): void {
  const { report, l, font, pptx } = ctx;
  const test = report.test!;
  const s = slideWithTitle(ctx, `${l.test}: ${l.shareCorrectByLesson}`, `${l.testAttempts}: ${test.attempts} · ${l.passed}: ${test.passed}`);
  // A lesson none of whose questions was drawn has no share to show: a bar of 0% would say
  // that nobody answered correctly.
  const lessons = test.lessons.filter((x) => x.n > 0);
  const undrawn = test.lessons.filter((x) => x.n === 0);
  if (undrawn.length) s.addText(l.notDrawn(undrawn.map((x) => x.title).join('、')), { x: MARGIN, y: 6.6, w: W - 2 * MARGIN, h: 0.3, fontFace: font, fontSize: 11, italic: true, color: LOOK.text });
  s.addChart(
    pptx.ChartType.bar,
    [{ name: l.shareCorrect, labels: lessons.map((x) => clip(x.title, 40)), values: lessons.map((x) => x.facility ?? 0) }],
    {
      x: MARGIN,
      y: 1.75,
      w: W - 2 * MARGIN,
      h: undrawn.length ? 4.8 : 5.1,
      altText: `${l.shareCorrectByLesson}: ${lessons.map((x) => `${x.title} ${formatPercent(x.facility)}`).join(', ')}`,
      barDir: 'bar',
      barGapWidthPct: 50,
      chartColors: [LOOK.primary],
      catAxisOrientation: 'maxMin' as ChartOptions['catAxisOrientation'],
      catAxisLabelFontFace: font,
      catAxisLabelFontSize: 12,
      catAxisLabelColor: LOOK.text,
      valAxisMinVal: 0,
      valAxisMaxVal: 1,
      valAxisLabelFormatCode: '0%',
      valAxisLabelFontFace: font,
      valAxisLabelFontSize: 10,
      valGridLine: { color: 'D9D9D9', size: 0.5 },
      showValue: true,
      dataLabelFormatCode: '0%',
      dataLabelPosition: 'outEnd',
      dataLabelFontFace: font,
      dataLabelFontSize: 12,
      dataLabelFontBold: true,
      dataLabelColor: LOOK.text,
      showLegend: false,
    },
  );
  const rows = lessons.flatMap((x) => x.questions.map((q) => ({ lesson: x.title, q })));
  const header: TableRow = [l.lesson, l.question, l.n, l.facility, l.discrimination].map((text) => ({ text, options: { bold: true, color: 'FFFFFF', fill: { color: LOOK.primary } } }));
  const pages = Math.max(1, Math.ceil(rows.length / TABLE_ROWS));
  for (let p = 0; p < pages; p++) {
    const t = slideWithTitle(ctx, `${l.test}: ${l.questionsTable}`, pages > 1 ? `${p + 1} / ${pages}` : undefined);
    const body: TableRow[] = rows.slice(p * TABLE_ROWS, (p + 1) * TABLE_ROWS).map(({ lesson, q }, i) =>
      [clip(lesson, 34), q.text, String(q.n), formatPercent(q.facility), formatIndex(q.discrimination)].map((text, c) => ({
        text,
        options: { align: c >= 2 ? ('right' as const) : ('left' as const), ...(i % 2 ? { fill: { color: LOOK.tint } } : {}) },
      })),
    );
    t.addTable([header, ...body], { x: MARGIN, y: 1.75, w: W - 2 * MARGIN, colW: [3.6, 4.6, 1.1, 1.4, 1.43], fontFace: font, fontSize: 12, color: LOOK.text, border: { type: 'solid', pt: 0.5, color: LOOK.rule }, rowH: 0.36 });
  }
}

function notesSlide(ctx: Ctx): void {
  const { report, l, font } = ctx;
  const s = slideWithTitle(ctx, l.howMade);
  const left: TextProps[] = [
    { text: l.inputs, options: { bold: true, color: LOOK.primary, breakLine: true } },
    ...report.inputs.map((i): TextProps => ({ text: `${i.file} — ${l.formats[i.format]} (${i.submissions})`, options: { bullet: true, breakLine: true } })),
    { text: `${l.edition}: ${report.edition.title}${report.edition.current ? '' : l.retiredEdition}`, options: { bullet: true, breakLine: true } },
    { text: report.attempts === 'latest' ? l.attemptsLatest : l.attemptsAll, options: { bullet: true, breakLine: true } },
    { text: l.minGroupSize(report.minGroupSize), options: { bullet: true, breakLine: true } },
    ...(report.notes.length ? [{ text: l.notes, options: { bold: true, color: LOOK.primary, breakLine: true } } as TextProps] : []),
    ...report.notes.map((n): TextProps => ({ text: n.text, options: { bullet: true, breakLine: true } })),
  ];
  const right = l.readingGuide.map((p): TextProps => ({ text: p, options: { bullet: true, breakLine: true } }));
  const half = (W - 2 * MARGIN - 0.4) / 2;
  s.addText(left, { x: MARGIN, y: 1.5, w: half, h: 5.3, fontFace: font, fontSize: 13, color: LOOK.text, valign: 'top', paraSpaceAfter: 4, fit: 'shrink' });
  s.addText(right, { x: MARGIN + half + 0.4, y: 1.5, w: half, h: 5.3, fontFace: font, fontSize: 13, color: LOOK.text, valign: 'top', paraSpaceAfter: 4, fit: 'shrink' });
}

// ── bytes ─────────────────────────────────────────────────────────────────────

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const text = (p: Part) => (typeof p === 'string' ? p : decoder.decode(p));

/**
 * pptxgenjs's parts, finished as the manuscript's are (build/targets/pptx/ooxml.ts): charts
 * numbered from 1, the language's font as Latin, East Asian and complex-script font on every
 * run (so Japanese is not set in a Chinese fallback), fixed dates, zipped in a fixed order.
 */
function finish(given: Map<string, Part>, font: string, lang: string): Uint8Array {
  const parts = renumberCharts(given);
  const order = [...parts.keys()].sort((a, b) => Number(b === '[Content_Types].xml') - Number(a === '[Content_Types].xml'));
  const out: OutputFile[] = [];
  for (const path of order) {
    let data = parts.get(path)!;
    if (/^ppt\/(slides|charts|slideLayouts|slideMasters)\/[^/]+\.xml$/.test(path)) data = setRunFonts(text(data), font, lang);
    else if (/^ppt\/embeddings\/[^/]+\.xlsx$/.test(path)) data = fixEmbeddedWorkbook(typeof data === 'string' ? encoder.encode(data) : data);
    else if (path === 'docProps/core.xml') data = fixCoreDates(text(data));
    out.push({ path, contents: typeof data === 'string' ? encoder.encode(data) : data });
  }
  return zip(out);
}
