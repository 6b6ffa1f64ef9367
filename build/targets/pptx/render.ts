/**
 * Draws a planned deck with pptxgenjs: three masters in the course's colours (title, section,
 * content, the last with a body placeholder), each slide's title in the master's title
 * placeholder, its first text in the body placeholder, body text as real paragraphs (bullets,
 * numbering, bold runs), tables as tables, cases as shaded text boxes, and the visual blocks as
 * preset shapes with text, icons and pictures (PNG, with their descriptions) and native charts.
 */
import pptxgenjs from 'pptxgenjs';
import { jszipParts, type Part } from '../jszip-parts.ts';
import type { Deck, Master, PlannedSlide } from './deck.ts';
import { iconPng } from './icons.ts';
import { CELL_MARGIN, geometry, QUOTE_INSET, type Shape, type ShapeText, TEXT_INSET } from './layout.ts';
import { gapBefore, listIndent, paraSize } from './measure.ts';
import { linkTarget, type Para, type Run } from '../../markdown/index.ts';
import type { Palette } from './theme.ts';

// pptxgenjs's typings describe a CommonJS default export; under Node's ESM the default import is
// the class itself. These aliases give the typings' names either way.
type PptxClass = typeof pptxgenjs.default;
const PptxGenJS: PptxClass = (pptxgenjs as unknown as { default?: PptxClass }).default ?? (pptxgenjs as unknown as PptxClass);
type Pptx = InstanceType<PptxClass>;
type Slide = ReturnType<Pptx['addSlide']>;
type TextProps = import('pptxgenjs').default.TextProps;
type TextPropsOptions = NonNullable<TextProps['options']>;
type TableCell = import('pptxgenjs').default.TableCell;
type TableCellProps = import('pptxgenjs').default.TableCellProps;
type TableRow = import('pptxgenjs').default.TableRow;
type BorderProps = import('pptxgenjs').default.BorderProps;
type HAlign = import('pptxgenjs').default.HAlign;
type SlideMasterProps = import('pptxgenjs').default.SlideMasterProps;
type SlideNumberProps = import('pptxgenjs').default.SlideNumberProps;
type OutputType = NonNullable<import('pptxgenjs').default.WriteProps['outputType']>;
type ChartOptions = import('pptxgenjs').default.IChartOpts;

/** BCP 47 tag PowerPoint expects on runs (spell checking, font fallback). */
export function langTag(lang: string): string {
  return ({ ja: 'ja-JP', en: 'en-US', zh: 'zh-CN', ko: 'ko-KR', de: 'de-DE', fr: 'fr-FR', es: 'es-ES', pt: 'pt-BR', vi: 'vi-VN' } as Record<string, string>)[lang] ?? lang;
}

interface Style {
  font: string;
  lang: string;
  color: string;
  /** Colour of headings inside the text. */
  headingColor: string;
  /** Colour of small labels (the closing card's "Contact"). */
  labelColor: string;
}

/**
 * An organisation value still at its neutral default ("our company") is highlighted for the
 * customer to fill in: PowerPoint's own yellow highlighter, black text on it whatever the
 * slide's colours (white on yellow cannot be read).
 */
export const ORG_DEFAULT_HIGHLIGHT = 'FFFF00';

function markOrgDefault(o: TextPropsOptions): void {
  o.highlight = ORG_DEFAULT_HIGHLIGHT;
  o.color = '000000';
}

function runOptions(r: Run, size: number, s: Style): TextPropsOptions {
  const o: TextPropsOptions = { fontFace: s.font, fontSize: size, color: s.color, lang: s.lang };
  if (r.orgDefault) markOrgDefault(o);
  if (r.bold) o.bold = true;
  if (r.italic && !/^(ja|zh|ko)/.test(s.lang)) o.italic = true; // slanted kana and kanji read badly; Japanese emphasis is bold
  if (r.strike) o.strike = 'sngStrike';
  // The last gate before the file: only http, https and mailto become hyperlinks, whatever made the run.
  const url = r.link ? linkTarget(r.link, { literal: true }) : null;
  if (url) o.hyperlink = { url };
  if (r.breakBefore) o.softBreakBefore = true;
  return o;
}

function bulletOf(p: Para, size: number, hanging?: number): TextPropsOptions['bullet'] {
  if (p.list === 'none') return false;
  const indent = hanging ?? listIndent(p, size);
  if (p.list === 'number') return { type: 'number', style: p.alpha ? 'alphaUcPeriod' : 'arabicPeriod', numberStartAt: p.start ?? 1, indent };
  return { characterCode: p.level === 0 ? '2022' : '2013', indent };
}

/** Paragraphs as pptxgenjs text runs: the first run of a paragraph carries its paragraph options. */
export function textRuns(paras: Para[], size: number, s: Style): TextProps[] {
  const out: TextProps[] = [];
  paras.forEach((p, pi) => {
    const runs = p.runs.length ? p.runs : [{ text: '' }];
    const ps = paraSize(p, size);
    const look = p.label ? { ...s, color: s.labelColor } : p.heading ? { ...s, color: s.headingColor } : s;
    runs.forEach((r, ri) => {
      const o = runOptions(p.heading || p.label ? { ...r, bold: true } : r, ps, look);
      if (ri === 0) {
        o.bullet = bulletOf(p, ps);
        if (p.level > 0) o.indentLevel = p.level;
        const gap = Math.round(gapBefore(paras, pi, size));
        if (gap > 0) o.paraSpaceBefore = gap;
      }
      if (ri === runs.length - 1 && pi < paras.length - 1) o.breakLine = true;
      out.push({ text: r.text, options: o });
    });
  });
  return out;
}

const border = (color: string): BorderProps => ({ type: 'solid', pt: 0.75, color });

/** A drawn shape's paragraphs, each at its own size, colour, weight and alignment. */
export function styledRuns(t: ShapeText, s: Style, pal: Palette): TextProps[] {
  const out: TextProps[] = [];
  t.paras.forEach((p, pi) => {
    const st = t.styles[pi] ?? t.styles[t.styles.length - 1]!;
    const runs = p.runs.length ? p.runs : [{ text: '' }];
    const look = { ...s, color: pal[st.tone ?? 'text'] };
    runs.forEach((r, ri) => {
      const o = runOptions(st.bold ? { ...r, bold: true } : r, st.size, look);
      if (ri === 0) {
        o.bullet = bulletOf(p, st.size, st.indent);
        if (p.level > 0) o.indentLevel = p.level;
        if (st.align) o.align = st.align;
        const gap = Math.round(gapBefore(t.paras, pi, st.size));
        if (gap > 0) o.paraSpaceBefore = gap;
      }
      if (ri === runs.length - 1 && pi < t.paras.length - 1) o.breakLine = true;
      out.push({ text: r.text, options: o });
    });
  });
  return out;
}

const base64 = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');

function drawShape(pptx: Pptx, slide: Slide, shape: Shape, pal: Palette, font: string, lang: string, name: string): void {
  const style: Style = { font, lang, color: pal.text, headingColor: pal.primary, labelColor: pal.muted };
  const at = { x: shape.box.x, y: shape.box.y, w: shape.box.w, h: shape.box.h };
  switch (shape.type) {
    case 'table': {
      const cell = (runs: Run[], opts: TableCellProps): TableCell => ({ text: textRuns([{ runs, list: 'none', level: 0 }], shape.size, { ...style, color: opts.color ?? pal.text }) as TableCell[], options: opts });
      const b = border(pal.rule);
      const align = (c: number) => (shape.align[c] ?? 'left') as HAlign;
      const rows: TableRow[] = [
        shape.header.map((runs, c) => cell(runs.map((r) => ({ ...r, bold: true })), { fill: { color: pal.primary }, color: pal.onPrimary, bold: true, align: align(c), border: [b, b, b, b] })),
        ...shape.rows.map((row, ri) => row.map((runs, c) => cell(runs, { fill: { color: ri % 2 ? pal.tint : pal.background }, color: pal.text, align: align(c), border: [b, b, b, b] }))),
      ];
      slide.addTable(rows, {
        x: shape.box.x,
        y: shape.box.y,
        w: shape.box.w,
        colW: shape.colW,
        fontFace: font,
        fontSize: shape.size,
        valign: 'middle',
        margin: [CELL_MARGIN.y, CELL_MARGIN.x, CELL_MARGIN.y, CELL_MARGIN.x],
        autoPage: false,
        objectName: name,
      });
      return;
    }
    case 'shape': {
      const look = {
        ...at,
        objectName: name,
        fill: shape.fill ? { color: pal[shape.fill] } : undefined,
        line: shape.line ? { color: pal[shape.line], width: shape.lineWidth ?? 1 } : { type: 'none' as const },
        ...(shape.radius ? { rectRadius: shape.radius } : {}),
      };
      if (!shape.text) {
        slide.addShape(shape.geom as Parameters<Slide['addShape']>[0], look);
        return;
      }
      const t = shape.text;
      slide.addText(styledRuns(t, style, pal), {
        ...look,
        shape: shape.geom as TextPropsOptions['shape'],
        valign: t.valign,
        // pptxgenjs reads text margins as [left, right, bottom, top], in points.
        margin: [t.inset[0], t.inset[1], t.inset[3], t.inset[2]],
        fontFace: font,
        fontSize: t.styles[0]?.size ?? 18,
        color: pal[t.styles[0]?.tone ?? 'text'],
        lang,
        fit: 'shrink',
        ...(t.wrap === false ? { wrap: false } : {}),
      });
      return;
    }
    case 'icon':
      slide.addImage({ data: `image/png;base64,${base64(iconPng(shape.icon, shape.svg, pal[shape.tone]))}`, ...at, altText: shape.icon, objectName: name });
      return;
    case 'picture':
      slide.addImage({ data: `image/${shape.format};base64,${base64(shape.data)}`, ...at, altText: shape.alt, objectName: name });
      return;
    case 'chart': {
      const opts: ChartOptions = {
        ...at,
        objectName: name,
        altText: shape.alt,
        barDir: shape.direction,
        barGapWidthPct: 55,
        chartColors: [pal[shape.tone]],
        showValue: true,
        dataLabelFormatCode: shape.numberFormat,
        dataLabelPosition: 'outEnd',
        dataLabelFontFace: font,
        dataLabelFontSize: shape.size,
        dataLabelFontBold: true,
        dataLabelColor: pal.text,
        catAxisLabelFontFace: font,
        catAxisLabelFontSize: shape.size - 2,
        catAxisLabelColor: pal.text,
        catAxisLineShow: true,
        catAxisLineColor: pal.rule,
        catAxisMajorTickMark: 'none',
        valAxisHidden: true,
        valAxisMinVal: 0,
        ...(shape.max !== undefined ? { valAxisMaxVal: shape.max } : {}),
        valAxisLabelFormatCode: shape.numberFormat,
        valGridLine: { style: 'none' },
        showLegend: false,
        showTitle: false,
        // Horizontal bars read top to bottom in the order written, as the list has them.
        ...(shape.direction === 'bar' ? { catAxisOrientation: 'maxMin' as ChartOptions['catAxisOrientation'] } : {}),
      };
      slide.addChart(pptx.ChartType.bar, [{ name: shape.series, labels: shape.categories, values: shape.values }], opts);
      return;
    }
    case 'text':
      break;
  }
  const quote = shape.role === 'quote';
  const inset = quote ? QUOTE_INSET : TEXT_INSET;
  const runs = textRuns(shape.paras, shape.size, style);
  if (shape.placeholder) {
    // The layout's body placeholder: outline view shows the text and "Reset slide" keeps it.
    // Its place on this slide and its name are set afterwards (ooxml.ts): pptxgenjs gives a
    // placeholder the layout's.
    slide.addText(runs, { placeholder: 'body', objectName: name, fit: 'shrink', lang });
    return;
  }
  slide.addText(runs, {
    x: shape.box.x,
    y: shape.box.y,
    w: shape.box.w,
    h: shape.box.h,
    // Body text hangs from the top; a case sits in the middle of its shading.
    valign: quote && shape.marked !== false ? 'middle' : 'top',
    // pptxgenjs reads text margins as [left, right, bottom, top], in points.
    margin: [inset.x, inset.x, inset.y, inset.y],
    fontFace: font,
    fontSize: shape.size,
    color: pal.text,
    lang,
    objectName: name,
    // "Shrink text on overflow", as PowerPoint's own body placeholders do: text a customer adds
    // later shrinks inside its box instead of running into the next one.
    fit: 'shrink',
    ...(quote ? { fill: { color: pal.tint }, line: { color: pal.rule, width: 1 } } : {}),
  });
  if (quote && shape.marked !== false) {
    // A bar in the mark colour down the left edge sets a case apart from the slide's own text.
    slide.addShape('rect', { x: shape.box.x, y: shape.box.y, w: 0.09, h: shape.box.h, fill: { color: pal.mark }, line: { type: 'none' }, objectName: `${name} marker` });
  }
}

function defineMasters(pptx: Pptx, deck: Deck, pal: Palette): void {
  const font = deck.font;
  const g = geometry;
  const footer = (color: string, lineColor: string | null): SlideMasterProps['objects'] => [
    ...(lineColor ? [{ line: { ...g.footer.rule, line: { color: lineColor, width: 0.75 } } }] : []),
    { text: { text: deck.footer, options: { ...g.footer.text, fontFace: font, fontSize: g.footer.size, color, valign: 'middle', margin: 0 } } },
  ];
  const slideNumber = (color: string): SlideNumberProps => ({ ...g.footer.number, fontFace: font, fontSize: g.footer.size, color, align: 'right', valign: 'middle', margin: 0 }) as SlideNumberProps;
  const titlePlaceholder = (box: { x: number; y: number; w: number; h: number }, size: number, color: string, valign: 'top' | 'bottom') => ({
    placeholder: { options: { name: 'title', type: 'title' as const, ...box, fontFace: font, fontSize: size, bold: true, color, valign, align: 'left' as const, margin: [TEXT_INSET.x, TEXT_INSET.x, TEXT_INSET.y, TEXT_INSET.y] as [number, number, number, number] }, text: '' },
  });

  pptx.defineSlideMaster({
    title: 'TITLE',
    background: { color: pal.primary },
    objects: [
      { rect: { ...g.title.band, fill: { color: pal.accent }, line: { type: 'none' } } },
      { rect: { ...g.title.rule, fill: { color: pal.accent }, line: { type: 'none' } } },
      titlePlaceholder(g.title.title, 40, pal.onPrimary, 'bottom'),
    ],
  });
  pptx.defineSlideMaster({
    title: 'SECTION',
    background: { color: pal.primary },
    objects: [{ rect: { ...g.section.rule, fill: { color: pal.accent }, line: { type: 'none' } } }, titlePlaceholder(g.section.title, 36, pal.onPrimary, 'top'), ...(footer(pal.onPrimaryMuted, null) ?? [])],
    slideNumber: slideNumber(pal.onPrimaryMuted),
  });
  pptx.defineSlideMaster({
    title: 'CONTENT',
    background: { color: pal.background },
    objects: [
      { rect: { ...g.content.titleRule, fill: { color: pal.mark }, line: { type: 'none' } } },
      titlePlaceholder(g.content.title, 28, pal.primary, 'bottom'),
      // The body placeholder the lesson slides' text goes into (PowerPoint's "Title and Content").
      {
        placeholder: {
          options: { name: 'body', type: 'body' as const, ...g.content.body, fontFace: font, fontSize: 28, color: pal.text, valign: 'top' as const, align: 'left' as const, margin: [TEXT_INSET.x, TEXT_INSET.x, TEXT_INSET.y, TEXT_INSET.y] as [number, number, number, number] },
          text: '',
        },
      },
      ...(footer(pal.muted, pal.rule) ?? []),
    ],
    slideNumber: slideNumber(pal.muted),
  });
}

/** A shape's name: its own, or (for shapes planned without one) its kind and place. */
export function shapeName(shape: Shape, i: number): string {
  if (shape.name) return shape.name;
  return `${shape.type === 'table' ? 'Table' : shape.type === 'text' && shape.role === 'quote' ? 'Case' : 'Text'} ${i + 1}`;
}

const masterTitleColor = (m: Master, pal: Palette) => (m === 'CONTENT' ? pal.primary : pal.onPrimary);

/** The name of the picture that carries a slide's recorded narration. */
export const NARRATION_SHAPE = 'Narration';

function drawSlide(pptx: Pptx, planned: PlannedSlide, deck: Deck, pal: Palette): void {
  const lang = langTag(deck.lang);
  const slide = pptx.addSlide({ masterName: planned.master });
  const titleRuns = (planned.titleRuns ?? [{ text: planned.title }]).map((r) => {
    const options: TextPropsOptions = { fontFace: deck.font, fontSize: planned.titleSize, bold: true, color: masterTitleColor(planned.master, pal), lang };
    if (r.orgDefault) markOrgDefault(options);
    return { text: r.text, options };
  });
  slide.addText(titleRuns, { placeholder: 'title', objectName: 'Title' });
  const onDark = planned.master !== 'CONTENT';
  planned.shapes.forEach((shape, i) => {
    const muted = shape.type === 'text' && shape.tone === 'muted';
    const colours: Palette = { ...pal, text: onDark ? (muted ? pal.onPrimaryMuted : pal.onPrimary) : muted ? pal.muted : pal.text };
    drawShape(pptx, slide, shape, colours, deck.font, lang, shapeName(shape, i));
  });
  if (planned.narration) {
    // Bottom right, where PowerPoint puts a recording's speaker icon; hidden during the show
    // (ooxml.ts gives it the timing that plays it and hides it).
    const a = planned.narration;
    slide.addMedia({ type: 'audio', data: `${a.type};base64,${base64(a.bytes)}`, extn: a.ext, x: 12.63, y: 6.8, w: 0.4, h: 0.4, objectName: NARRATION_SHAPE });
  }
  if (planned.hidden) slide.hidden = true;
  // The notes are rewritten paragraph by paragraph afterwards (ooxml.ts); this keeps the text
  // in place should that step ever be skipped.
  slide.addNotes(planned.notes.join('\n\n'));
}

/**
 * The deck's parts as pptxgenjs writes them, before the post-processing in ooxml.ts, which
 * zips them: pptxgenjs's own zip would only be unpacked again.
 */
export async function renderDeck(deck: Deck, pal: Palette, meta: { author: string; company: string; subject: string }): Promise<Map<string, Part>> {
  const pptx = new PptxGenJS();
  pptx.layout = 'LAYOUT_WIDE';
  pptx.title = deck.title;
  pptx.subject = meta.subject;
  pptx.company = meta.company;
  pptx.author = meta.author;
  pptx.theme = { headFontFace: deck.font, bodyFontFace: deck.font };
  defineMasters(pptx, deck, pal);
  for (const s of deck.slides) drawSlide(pptx, s, deck, pal);
  return jszipParts('pptxgenjs', (outputType) => pptx.write({ outputType: outputType as OutputType }));
}
