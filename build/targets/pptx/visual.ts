/**
 * The visual blocks (build/markdown/visual.ts) and pictures as native PowerPoint objects: a
 * process of cards joined by arrows, comparison cards, a scene of speech bubbles, a big figure or
 * a bar chart with its data sheet, a highlighted key point, a checklist, a picture. Everything
 * stays editable: text sits in the shapes as real paragraphs, icons are pictures described by
 * their name, a chart keeps its numbers in its own workbook.
 *
 * Every shape of a block is named `<Kind> <b> · <part>` (`Steps 2 · step 3`), `b` being the
 * block's place among the slide's blocks: the importer finds the parts by these names, so they
 * are a contract (see `visualNames`).
 *
 * Each block is planned at a ladder of sizes: the slide's layout asks how tall it must be at the
 * smallest size allowed (`min`, which the overflow check counts like text) and then gives it a
 * box, in which the block takes the largest size that fits and spreads into the room it has.
 */
import type { CourseImage } from '../../model.ts';
import { breakPieces, type Para, type Run, statValueText, type VisualBlock } from '../../markdown/index.ts';
import { CHECK_BOX } from './icons.ts';
import type { Box, ParaStyle, Shape, ShapeText } from './layout.ts';
import { type FontMetrics, gapBefore, lineCount, listIndent, PT_PER_INCH, runPieces, textEm } from './measure.ts';
import type { Tone } from './theme.ts';

/** What the blocks need from the course besides their own text. */
export interface VisualAssets {
  lang: string;
  /** The icon's SVG (course.icons), or null when the course has none by that name. */
  icon(name: string): string | null;
  image(src: string): CourseImage | null;
  /** The title of a source of course.yaml in the deck's language, or null. */
  source(id: string): string | null;
}

/** How a visual block fits into a slide: the room it needs, the room it can use, its shapes in a box. */
export interface VisualPlan {
  /** Height in inches at the smallest size allowed. */
  min: number;
  /** Height beyond which more room would only be empty space. */
  max: number;
  draw(box: Box): Shape[];
}

/** The first word of every shape name, per kind of block. */
export const visualNames = {
  steps: 'Steps',
  compare: 'Compare',
  case: 'Case',
  stat: 'Stat',
  keypoint: 'Key point',
  checklist: 'Checklist',
  image: 'Image',
} as const;

/** The block a picture comes from: a paragraph that is one image. */
export interface ImageBlock {
  kind: 'image';
  src: string;
  alt: string;
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
const para = (runs: Run[], extra: Partial<Para> = {}): Para => ({ runs, list: 'none', level: 0, ...extra });
const boldRuns = (runs: Run[]): Run[] => runs.map((r) => ({ ...r, bold: true }));
const EPS = 1e-6;

/** Each paragraph of a shape's text with its style and the width (in ems of its size) it may take. */
function measured(t: ShapeText, w: number): { p: Para; st: ParaStyle; widthEm: number; pieces: { text: string; bold?: boolean }[] }[] {
  const widthPt = w * PT_PER_INCH - t.inset[0] - t.inset[1];
  return t.paras.map((p, i) => {
    const st = t.styles[i] ?? t.styles[t.styles.length - 1]!;
    const indent = p.list === 'none' ? 0 : (st.indent ?? listIndent(p, st.size)) * (p.level + 1);
    const pieces = runPieces(p.runs).map((x) => ({ ...x, bold: x.bold || st.bold }));
    return { p, st, widthEm: Math.max(1, widthPt - indent) / st.size, pieces };
  });
}

/** Height in inches of a shape's text at its styles, in a shape `w` inches wide. */
export function shapeTextHeight(t: ShapeText, w: number, m: FontMetrics): number {
  let h = 0;
  measured(t, w).forEach(({ st, widthEm, pieces }, i) => {
    h += lineCount(pieces, widthEm, m) * st.size * m.lineHeight + gapBefore(t.paras, i, st.size);
  });
  return (h + t.inset[2] + t.inset[3]) / PT_PER_INCH;
}

/** Lines each paragraph of a shape's text takes. */
function paraLines(t: ShapeText, w: number, m: FontMetrics): number[] {
  return measured(t, w).map(({ widthEm, pieces }) => lineCount(pieces, widthEm, m));
}

/** Whether every word of the text fits on a line of its own: no word is broken inside. */
function wordsFit(t: ShapeText, w: number, m: FontMetrics): boolean {
  return measured(t, w).every(({ widthEm, pieces }) => pieces.every((piece) => piece.text.split('\n').every((part) => breakPieces(part).every((word) => textEm(word.trimEnd(), m, piece.bold) <= widthEm + 1e-6))));
}

/** The width of one line of text, in inches, at a size. */
function lineWidth(text: string, size: number, m: FontMetrics, bold = false): number {
  return (textEm(text, m, bold) * size) / PT_PER_INCH;
}

/**
 * A plan from a ladder of sizes: `need(size)` is the height at a size, `layout(size, box)` the
 * shapes. The sizes allowed are those of the ladder at or above `floor` (at least the smallest).
 * In a box, the largest size that fits is taken, preferring one at which `reads(size)` (no word
 * broken, a title on one line…).
 */
function sized(sizes: number[], floor: number, need: (size: number) => number, layout: (size: number, box: Box) => Shape[], room: (size: number) => number = need, reads: (size: number) => boolean = () => true): VisualPlan {
  const allowed = sizes.filter((s) => s >= floor);
  if (!allowed.length) allowed.push(sizes[sizes.length - 1]!);
  const smallest = allowed[allowed.length - 1]!;
  return {
    min: need(smallest),
    max: room(allowed[0]!),
    draw(box) {
      const fits = (s: number) => need(s) <= box.h + EPS;
      // Reading well comes before the size the slide would like: below the floor if need be.
      const size = allowed.find((s) => fits(s) && reads(s)) ?? sizes.find((s) => s < smallest && fits(s) && reads(s)) ?? allowed.find(fits) ?? smallest;
      return layout(size, box);
    },
  };
}

function textShape(name: string, box: Box, text: ShapeText, geom: 'rect' | 'roundRect' = 'rect', fill: Tone | null = null, line: Tone | null = null, extra: Partial<Extract<Shape, { type: 'shape' }>> = {}): Shape {
  return { type: 'shape', name, geom, box, fill, line, text, ...extra };
}

/**
 * Plans a visual block (or a picture) `w` inches wide. `floor` is the smallest text size the
 * slide allows it at its body size; `b` the block's 1-based place on the slide.
 */
export function planVisual(block: VisualBlock | ImageBlock, b: number, w: number, floor: number, m: FontMetrics, assets: VisualAssets): VisualPlan {
  const name = (part: string) => `${visualNames[block.kind]} ${b} · ${part}`;
  const icon = (iconName: string | null, box: Box, tone: Tone, part: string): Shape[] => {
    const svg = iconName ? assets.icon(iconName) : null;
    return svg && iconName ? [{ type: 'icon', name: name(part), icon: iconName, svg, box, tone }] : [];
  };
  const hasIcon = (n: string | null) => !!n && !!assets.icon(n);

  switch (block.kind) {
    case 'steps': {
      // Cards in a row joined by arrows; seven or eight steps take two rows, the second led by
      // the arrow from the first row's last step.
      const steps = block.steps;
      const n = steps.length;
      const rows = n <= 6 ? 1 : 2;
      const perRow = rows === 1 ? n : Math.ceil(n / 2);
      const GAP = 0.36;
      const ROW_GAP = 0.3;
      const cardW = rows === 1 ? (w - (n - 1) * GAP) / n : (w - perRow * GAP) / perRow;
      const icons = steps.some((s) => hasIcon(s.icon));
      const iconIn = (size: number) => (icons ? clamp(size * 0.03, 0.4, 0.72) : 0);
      const text = (i: number, size: number, side = iconIn(size)): ShapeText => {
        const s = steps[i]!;
        // The number is the paragraph's own numbering, started at the step's: the title stays the title.
        const paras = [para(s.title, { list: 'number', start: i + 1, number: i + 1 })];
        // A narrow hanging indent: the card is narrow and the number one digit.
        const styles: ParaStyle[] = [{ size, tone: 'primary', bold: true, align: 'center', indent: Math.round(size * 1.05) }];
        if (s.detail.length) {
          paras.push(para(s.detail));
          styles.push({ size: size - 2, tone: 'text', align: 'center' });
        }
        return { paras, styles, valign: 'top', inset: [8, 8, icons ? side * PT_PER_INCH + 18 : 12, 12] };
      };
      const rowOf = (i: number) => (i < perRow ? 0 : 1);
      const rowNeed = (row: number, size: number) => Math.max(...steps.map((_, i) => (rowOf(i) === row ? shapeTextHeight(text(i, size), cardW, m) : 0)));
      const need = (size: number) => Math.max(rowNeed(0, size), rows === 2 ? rowNeed(1, size) : 0) * rows + (rows === 2 ? ROW_GAP : 0);
      const layout = (size: number, box: Box): Shape[] => {
        // Both rows of cards are as tall as the taller.
        const rowH = Math.max(rowNeed(0, size), rows === 2 ? rowNeed(1, size) : 0);
        // Cards grow with the room, a little: a card much taller than its text looks empty.
        const extra = Math.max(0, box.h - need(size));
        const grow = Math.min(extra / rows, 0.5);
        const total = need(size) + grow * rows;
        // The icons take part of the growth: more room, a bigger picture.
        const side = icons ? iconIn(size) + Math.min(grow * 0.6, 0.3) : 0;
        let y = box.y + Math.max(0, (box.h - total) / 2);
        const shapes: Shape[] = [];
        const arrowW = 0.22;
        const arrowH = 0.3;
        const arrow = (k: number, x: number, cardY: number, h: number): Shape => ({
          type: 'shape',
          name: name(`arrow ${k}`),
          geom: 'rightArrow',
          box: { x: x + (GAP - arrowW) / 2, y: cardY + h / 2 - arrowH / 2, w: arrowW, h: arrowH },
          fill: 'mark',
          line: null,
        });
        for (let row = 0; row < rows; row++) {
          const h = rowH + grow;
          const first = row === 0 ? 0 : perRow;
          const last = row === 0 ? perRow : n;
          const x0 = box.x + (row === 1 ? GAP : 0);
          if (row === 1) shapes.push(arrow(perRow, box.x, y, h));
          for (let i = first; i < last; i++) {
            const x = x0 + (i - first) * (cardW + GAP);
            shapes.push(textShape(name(`step ${i + 1}`), { x, y, w: cardW, h }, text(i, size, side), 'roundRect', 'tint', null, { radius: 0.12 }));
            shapes.push(...icon(steps[i]!.icon, { x: x + (cardW - side) / 2, y: y + 10 / PT_PER_INCH, w: side, h: side }, 'primary', `icon ${i + 1}`));
            if (i < last - 1) shapes.push(arrow(i + 1, x + cardW, y, h));
          }
          y += h + ROW_GAP;
        }
        return shapes;
      };
      // Reads well: no word broken, and a title on one line unless it has words to break between.
      const reads = (size: number) =>
        steps.every((s, i) => {
          const t = text(i, size);
          const lines = paraLines(t, cardW, m)[0]!;
          return wordsFit(t, cardW, m) && (lines === 1 || (lines === 2 && /\S\s+\S/.test(s.title.map((r) => r.text).join(''))));
        });
      return sized([24, 22, 20, 18, 16, 14], floor, need, layout, (size) => need(size) + 0.5 * rows, reads);
    }

    case 'compare': {
      // Cards side by side: a band with the column's title (and icon) over a body with its
      // points; the first column in the primary colour, the last in the accent (the warning).
      const cols = block.columns;
      const k = cols.length;
      const GAP = 0.3;
      const colW = (w - (k - 1) * GAP) / k;
      const tones = (i: number): { band: Tone; on: Tone; body: Tone } =>
        i === 0 ? { band: 'primary', on: 'onPrimary', body: 'tint' } : i === k - 1 ? { band: 'accent', on: 'onAccent', body: 'accentTint' } : { band: 'neutral', on: 'onNeutral', body: 'neutralTint' };
      const iconIn = (size: number) => (size * 1.3) / PT_PER_INCH;
      const band = (i: number, size: number): ShapeText => {
        const c = cols[i]!;
        const lead = hasIcon(c.icon) ? 14 + iconIn(size) * PT_PER_INCH + 10 : 14;
        return { paras: [para(boldRuns(c.title))], styles: [{ size, tone: tones(i).on, bold: true }], valign: 'middle', inset: [lead, 14, 10, 10] };
      };
      const body = (i: number, size: number): ShapeText => ({ paras: cols[i]!.paras, styles: cols[i]!.paras.map(() => ({ size: size - 2, tone: 'text' as Tone })), valign: 'top', inset: [14, 14, 12, 14] });
      const bandNeed = (size: number) => Math.max(...cols.map((_, i) => Math.max(shapeTextHeight(band(i, size), colW, m), iconIn(size) + 20 / PT_PER_INCH)));
      const bodyNeed = (size: number) => Math.max(...cols.map((_, i) => shapeTextHeight(body(i, size), colW, m)));
      const need = (size: number) => bandNeed(size) + bodyNeed(size);
      const layout = (size: number, box: Box): Shape[] => {
        const bandH = bandNeed(size);
        const total = Math.min(box.h, need(size) + 1.0);
        const y = box.y + Math.max(0, (box.h - total) / 2);
        return cols.flatMap((c, i): Shape[] => {
          const x = box.x + i * (colW + GAP);
          const t = tones(i);
          const side = iconIn(size);
          return [
            textShape(name(`column ${i + 1} title`), { x, y, w: colW, h: bandH }, band(i, size), 'rect', t.band),
            ...icon(c.icon, { x: x + 14 / PT_PER_INCH, y: y + (bandH - side) / 2, w: side, h: side }, t.on, `icon ${i + 1}`),
            textShape(name(`column ${i + 1} body`), { x, y: y + bandH, w: colW, h: total - bandH }, body(i, size), 'rect', t.body, t.band, { lineWidth: 1.25 }),
          ];
        });
      };
      const reads = (size: number) => cols.every((_, i) => wordsFit(band(i, size), colW, m) && wordsFit(body(i, size), colW, m));
      return sized([28, 24, 22, 20, 18, 16], floor, need, layout, (size) => need(size) + 1.0, reads);
    }

    case 'case': {
      // A scene: the setting, then each line as a speech bubble (one side per speaker, the
      // first speaker's in the accent tint), then the question to the learner, emphasised.
      const TAIL = 0.3;
      const GAP = 0.14;
      const maxBubble = w * 0.72;
      const speakers = [...new Set(block.lines.map((l) => l.speaker))];
      const sep = assets.lang === 'ja' ? '：' : ': ';
      const setting = (size: number): ShapeText => ({ paras: block.setting, styles: block.setting.map(() => ({ size: size - 2, tone: 'text' as Tone })), valign: 'middle', inset: [14, 14, 9, 9] });
      const line = (i: number, size: number): ShapeText => {
        const l = block.lines[i]!;
        return { paras: [para([{ text: l.speaker, bold: true }, { text: sep }, ...l.runs])], styles: [{ size, tone: 'text' }], valign: 'middle', inset: [14, 14, 9, 9] };
      };
      // A bubble as wide as its words (the preset's tail is a quarter of its width wide), within bounds.
      const bubbleW = (i: number, size: number) => {
        const t = line(i, size);
        const words = t.paras[0]!.runs.map((r) => r.text).join('');
        return clamp(lineWidth(words, size, m) * 1.08 + (t.inset[0] + t.inset[1]) / PT_PER_INCH, Math.min(3.2, maxBubble), maxBubble);
      };
      const question = (size: number): ShapeText => ({ paras: block.question.map((p) => ({ ...p, runs: boldRuns(p.runs) })), styles: block.question.map(() => ({ size, tone: 'onPrimary' as Tone, bold: true })), valign: 'middle', inset: [16, 16, 10, 10] });
      const parts = (size: number) => {
        const hs = {
          setting: block.setting.length ? shapeTextHeight(setting(size), w, m) : 0,
          lines: block.lines.map((_, i) => shapeTextHeight(line(i, size), bubbleW(i, size), m)),
          question: block.question.length ? shapeTextHeight(question(size), w, m) : 0,
        };
        const gaps = (hs.setting ? GAP : 0) + (hs.question ? GAP : 0);
        return { hs, total: hs.setting + hs.lines.reduce((a, h) => a + h + TAIL, 0) + hs.question + gaps };
      };
      const need = (size: number) => parts(size).total;
      const layout = (size: number, box: Box): Shape[] => {
        const { hs, total } = parts(size);
        // More room goes between the bubbles, up to a quarter inch each; the rest below.
        const slots = block.lines.length + 1;
        const spread = Math.min(Math.max(0, box.h - total) / slots, 0.25);
        let y = box.y;
        const shapes: Shape[] = [];
        if (hs.setting) {
          shapes.push(textShape(name('setting'), { x: box.x, y, w, h: hs.setting }, setting(size), 'roundRect', 'neutralTint', null, { radius: 0.08 }));
          y += hs.setting + GAP + spread;
        }
        block.lines.forEach((l, i) => {
          const h = hs.lines[i]!;
          const right = speakers.indexOf(l.speaker) % 2 === 1;
          const bw = bubbleW(i, size);
          const x = right ? box.x + w - bw : box.x;
          // The tail's tip, relative to the bubble's centre in 1/100,000 of its size (ECMA-376
          // wedgeRoundRectCallout adj1, adj2): below the bubble, towards the speaker's side.
          const adjust = [right ? 30000 : -30000, Math.round(((h / 2 + TAIL * 0.85) / h) * 100000)];
          shapes.push(textShape(name(`line ${i + 1}`), { x, y, w: bw, h }, line(i, size), 'rect', right ? 'tint' : 'accentTint', right ? 'rule' : 'accent', { geom: 'wedgeRoundRectCallout', adjust, lineWidth: 1 }));
          y += h + TAIL + spread;
        });
        if (hs.question) {
          y += GAP - spread;
          y = Math.max(y, Math.min(box.y + box.h - hs.question, y + spread));
          shapes.push(textShape(name('question'), { x: box.x, y, w, h: hs.question }, question(size), 'roundRect', 'primary', null, { radius: 0.08 }));
        }
        return shapes;
      };
      const reads = (size: number) => block.lines.every((_, i) => wordsFit(line(i, size), bubbleW(i, size), m));
      return sized([28, 24, 22, 20, 18, 16], floor, need, layout, (size) => need(size) + 0.25 * (block.lines.length + 1), reads);
    }

    case 'stat': {
      const s = block.stat;
      const source = [s.population, s.year, assets.source(s.source) ?? s.source].filter(Boolean).join(' · ');
      const sourceText: ShapeText = { paras: [para([{ text: source }])], styles: [{ size: 14, tone: 'muted' }], valign: 'top', inset: [7, 7, 4, 4] };
      const sourceH = shapeTextHeight(sourceText, w, m);
      const GAP = 0.14;
      if (s.values.length === 1) {
        // One value: the number large in a tinted tile, what it measures beside it.
        const v = s.values[0]!;
        const figure = statValueText(v.value, s.unit, assets.lang);
        const labelSize = (size: number) => clamp(Math.round(size * 0.3), 18, 28);
        const figureText = (size: number): ShapeText => ({
          paras: [para([{ text: figure, bold: true }]), para([{ text: v.name }])],
          styles: [
            { size, tone: 'primary', bold: true, align: 'center' },
            { size: labelSize(size) - 2, tone: 'muted', align: 'center' },
          ],
          valign: 'middle',
          inset: [16, 16, 14, 14],
          // A number is never broken over two lines; fonts differ in width, so it is given room too.
          wrap: false,
        });
        // Beside its label where the block is wide; above it in a narrow column.
        const stacked = w < 7;
        const figureW = (size: number) => (stacked ? w : clamp(lineWidth(figure, size, m, true) * 1.2 + 0.7, 2.6, w * 0.48));
        const labelW = (size: number) => (stacked ? w : w - figureW(size) - 0.4);
        const label = (size: number): ShapeText => ({ paras: [para([{ text: s.label }])], styles: [{ size: labelSize(size), tone: 'text' }], valign: stacked ? 'top' : 'middle', inset: [7, 7, 4, 4] });
        const heights = (size: number) => {
          // A size at which the number is wider than its tile does not fit at all.
          const wide = lineWidth(figure, size, m, true) * 1.1 + 0.45 > figureW(size);
          const f = wide ? 99 : shapeTextHeight(figureText(size), figureW(size), m);
          const l = shapeTextHeight(label(size), labelW(size), m);
          return { f, l, total: (stacked ? f + GAP + l : Math.max(f, l)) + GAP + sourceH };
        };
        const need = (size: number) => heights(size).total;
        const layout = (size: number, box: Box): Shape[] => {
          const hs = heights(size);
          const fw = figureW(size);
          const grow = Math.min(Math.max(0, box.h - hs.total), hs.total * 0.5);
          const y = box.y + Math.max(0, (box.h - hs.total - grow) / 2);
          if (stacked) {
            const fh = hs.f + grow;
            return [
              textShape(name('figure'), { x: box.x, y, w: fw, h: fh }, figureText(size), 'roundRect', 'tint', null, { radius: 0.12 }),
              textShape(name('label'), { x: box.x, y: y + fh + GAP, w, h: hs.l }, label(size)),
              textShape(name('source'), { x: box.x, y: y + fh + GAP + hs.l + GAP, w, h: sourceH }, sourceText),
            ];
          }
          const h = Math.max(hs.f, hs.l) + grow;
          return [
            textShape(name('figure'), { x: box.x, y, w: fw, h }, figureText(size), 'roundRect', 'tint', null, { radius: 0.12 }),
            textShape(name('label'), { x: box.x + fw + 0.4, y, w: labelW(size), h }, label(size)),
            textShape(name('source'), { x: box.x, y: y + h + GAP, w, h: sourceH }, sourceText),
          ];
        };
        return sized([96, 84, 72, 60, 48, 40], Math.min(40, floor * 2), need, layout, (size) => need(size) * 1.5);
      }
      // Several values: a bar chart whose numbers live in its data sheet, the label above it.
      const names = s.values.map((v) => v.name);
      const horizontal = s.values.length > 6 || Math.max(...names.map((x) => textEm(x, m))) > 7;
      const decimals = Math.min(2, Math.max(0, ...s.values.map((v) => (String(v.value).split('.')[1] ?? '').length)));
      const unit = s.unit.replace(/"/g, '');
      // Shares in horizontal bars are drawn on their whole scale: each bar reads as a part of 100%.
      const percent = horizontal && /^[%％]$/.test(s.unit.trim()) && s.values.every((v) => v.value >= 0 && v.value <= 100);
      const numberFormat = `#,##0${decimals ? `.${'0'.repeat(decimals)}` : ''}${unit ? `"${unit}"` : ''}`;
      const label = (size: number): ShapeText => ({ paras: [para([{ text: s.label, bold: true }])], styles: [{ size, tone: 'text', bold: true }], valign: 'bottom', inset: [7, 7, 4, 4] });
      const chartMin = horizontal ? 0.42 * s.values.length + 0.4 : 2.3;
      const need = (size: number) => shapeTextHeight(label(size), w, m) + GAP + chartMin + GAP + sourceH;
      const layout = (size: number, box: Box): Shape[] => {
        const lh = shapeTextHeight(label(size), w, m);
        const chartH = Math.max(chartMin, box.h - lh - sourceH - 2 * GAP);
        const alt = `${s.label}: ${s.values.map((v) => `${v.name} ${statValueText(v.value, s.unit, assets.lang)}`).join(', ')}`;
        return [
          textShape(name('label'), { x: box.x, y: box.y, w, h: lh }, label(size)),
          { type: 'chart', name: name('chart'), box: { x: box.x, y: box.y + lh + GAP, w, h: chartH }, categories: names, values: s.values.map((v) => v.value), series: s.label, numberFormat, size: clamp(size - 4, 14, 20), direction: horizontal ? 'bar' : 'col', tone: 'primary', alt, ...(percent ? { max: 100 } : {}) },
          textShape(name('source'), { x: box.x, y: box.y + lh + GAP + chartH + GAP, w, h: sourceH }, sourceText),
        ];
      };
      return sized([24, 22, 20, 18], floor, need, layout, () => 4.6 + sourceH);
    }

    case 'keypoint': {
      // The sentence to remember, bold on the primary colour, its icon beside it.
      const withIcon = hasIcon(block.icon);
      const iconIn = (size: number) => (withIcon ? (size * 1.6) / PT_PER_INCH : 0);
      const text = (size: number): ShapeText => {
        const lead = withIcon ? 26 + iconIn(size) * PT_PER_INCH + 18 : 28;
        return { paras: block.paras.map((p) => ({ ...p, runs: boldRuns(p.runs) })), styles: block.paras.map(() => ({ size, tone: 'onPrimary' as Tone, bold: true })), valign: 'middle', inset: [lead, 28, 20, 20] };
      };
      const need = (size: number) => Math.max(shapeTextHeight(text(size), w, m), iconIn(size) + 40 / PT_PER_INCH);
      const layout = (size: number, box: Box): Shape[] => {
        const h = Math.min(box.h, need(size) + 0.7);
        const y = box.y + (box.h - h) / 2;
        const side = iconIn(size);
        return [
          textShape(name('text'), { x: box.x, y, w, h }, text(size), 'roundRect', 'primary', null, { radius: 0.16 }),
          ...icon(block.icon, { x: box.x + 26 / PT_PER_INCH, y: y + (h - side) / 2, w: side, h: side }, 'onPrimary', 'icon'),
        ];
      };
      return sized([40, 36, 32, 28, 24, 20], floor, need, layout, (size) => need(size) + 0.7, (size) => wordsFit(text(size), w, m));
    }

    case 'checklist': {
      // One tinted row per item, a box (or the item's own icon) at its start.
      const items = block.items;
      const GAP = 0.12;
      const iconIn = (size: number) => (size * 1.35) / PT_PER_INCH;
      const text = (i: number, size: number): ShapeText => ({ paras: [para(items[i]!.runs)], styles: [{ size, tone: 'text' }], valign: 'middle', inset: [16 + iconIn(size) * PT_PER_INCH + 14, 14, 8, 8] });
      const heights = (size: number) => items.map((_, i) => Math.max(shapeTextHeight(text(i, size), w, m), iconIn(size) + 16 / PT_PER_INCH));
      const need = (size: number) => heights(size).reduce((a, h) => a + h, 0) + GAP * (items.length - 1);
      const layout = (size: number, box: Box): Shape[] => {
        const hs = heights(size);
        const spread = items.length > 1 ? Math.min(Math.max(0, box.h - need(size)) / (items.length - 1), 0.22) : 0;
        let y = box.y;
        const side = iconIn(size);
        return items.flatMap((it, i): Shape[] => {
          const h = hs[i]!;
          const at: Box = { x: box.x + 16 / PT_PER_INCH, y: y + (h - side) / 2, w: side, h: side };
          const own = hasIcon(it.icon) ? icon(it.icon, at, 'primary', `icon ${i + 1}`) : [];
          const mark: Shape[] = own.length ? own : [{ type: 'icon', name: name(`icon ${i + 1}`), icon: CHECK_BOX.name, svg: CHECK_BOX.svg, box: at, tone: 'primary' }];
          const shapes = [textShape(name(`item ${i + 1}`), { x: box.x, y, w, h }, text(i, size), 'roundRect', 'neutralTint', null, { radius: 0.08 }), ...mark];
          y += h + GAP + spread;
          return shapes;
        });
      };
      return sized([28, 24, 22, 20, 18, 16], floor, need, layout, (size) => need(size) + 0.22 * Math.max(0, items.length - 1), (size) => items.every((_, i) => wordsFit(text(i, size), w, m)));
    }

    case 'image': {
      const img = assets.image(block.src);
      if (!img) return { min: 0, max: 0, draw: () => [] };
      const aspect = img.width / Math.max(1, img.height);
      const natural = w / aspect;
      return {
        min: Math.min(natural, 1.6),
        max: natural,
        draw(box) {
          const pw = Math.min(box.w, box.h * aspect);
          const ph = pw / aspect;
          return [{ type: 'picture', name: name('picture'), box: { x: box.x + (box.w - pw) / 2, y: box.y + (box.h - ph) / 2, w: pw, h: ph }, data: img.bytes, format: img.type, alt: block.alt }];
        },
      };
    }
  }
}
