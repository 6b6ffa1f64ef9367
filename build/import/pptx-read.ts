/**
 * Reads a PowerPoint manuscript back the way a person sees it: slides in presentation order,
 * each with the stable ids it carries (its name and the `[slide: …]` marker in its notes), its
 * title, its body as the same blocks the pptx target draws (text with bullets, numbers, levels
 * and bold/italic/strike runs, in text boxes and in the layout's body placeholder; tables;
 * shaded boxes for cases; visual blocks, from the shapes named after them) and its notes as
 * paragraphs. What the course sources cannot express (colours, sizes, fonts, underline,
 * pictures, charts…) is collected per slide as "features", so the importer can warn about
 * what it drops.
 */
import { type CaseLine, dropChars, type Para, type Run, type VisualBlock } from '../markdown/index.ts';
import type { SlideBlock } from './blocks.ts';
import { ArchiveError } from './zip.ts';
import type { OoxmlPackage } from './package.ts';
import { find, findAll, kid, kids, textOf, type XmlElement } from './xml.ts';

/** More slides than any manuscript has; a file with more is refused. */
export const MAX_SLIDES = 1000;

/**
 * Characters of text on one slide and in its notes together. The fullest slide of the real
 * course holds some 1,400; past this limit the slide is refused before its text is turned into
 * blocks, compared and written as Markdown (each of which grows with the text).
 */
export const MAX_SLIDE_TEXT = 20_000;

export interface DeckSlide {
  /** 1-based position in the presentation. */
  number: number;
  part: string;
  /** `<p:cSld name>`, when the application kept it. */
  name: string | null;
  /** The id in the notes' `[slide: …]` marker, when there is one. */
  marker: string | null;
  hidden: boolean;
  title: string;
  blocks: SlideBlock[];
  /** Speaker notes, one entry per non-empty paragraph, the marker removed. */
  notes: string[];
  /**
   * Formatting and objects on the slide, as comparable labels ("colour #FF0000", "picture",
   * "underline"…). Only features the baseline deck lacks are reported as lost.
   */
  features: Set<string>;
  /**
   * What the slide only shows and the sources alone hold (a statistic's figure and chart, a
   * picture, an icon), by shape name: what a person would call a change to it, and a digest
   * of how it looks now. A change there cannot be imported; the importer says so.
   */
  shown: Map<string, Shown>;
}

export interface Shown {
  /** A change to it, worded for a warning ("changes to a statistic's chart (…)"). */
  change: string;
  digest: string;
}

export interface ReadDeck {
  slides: DeckSlide[];
}

const markerRe = /\[slide:\s*([^\]\s]+)\s*\]/;

interface Positioned {
  y: number;
  x: number;
  order: number;
  block: SlideBlock;
}

/** Run properties that matter to the sources, and the features the sources cannot keep. */
function runStyle(rPr: XmlElement | undefined, features: Set<string>, links: Map<string, string>): Omit<Run, 'text'> {
  const style: Omit<Run, 'text'> = {};
  if (!rPr) return style;
  const on = (v: string | undefined) => v === '1' || v === 'true';
  if (on(rPr.attrs['b'])) style.bold = true;
  if (on(rPr.attrs['i'])) style.italic = true;
  const strike = rPr.attrs['strike'];
  if (strike === 'sngStrike' || strike === 'dblStrike') style.strike = true;
  const u = rPr.attrs['u'];
  if (u && u !== 'none') features.add('underline');
  if (rPr.attrs['sz']) features.add(`size ${Number(rPr.attrs['sz']) / 100} pt`);
  if (rPr.attrs['baseline'] && rPr.attrs['baseline'] !== '0') features.add('superscript or subscript');
  if (rPr.attrs['cap'] && rPr.attrs['cap'] !== 'none') features.add('capitals');
  const fill = kid(rPr, 'a:solidFill');
  // Black is what new text gets by default; LibreOffice writes it out on every run it saves.
  if (fill && colourOf(fill) !== '#000000') features.add(`colour ${colourOf(fill)}`);
  if (kid(rPr, 'a:gradFill') || kid(rPr, 'a:pattFill') || kid(rPr, 'a:blipFill')) features.add('colour (gradient or pattern)');
  if (kid(rPr, 'a:highlight')) features.add('highlight');
  if (kid(rPr, 'a:effectLst') || kid(rPr, 'a:ln')) features.add('text effects or outline');
  for (const f of ['a:latin', 'a:ea']) {
    const face = kid(rPr, f)?.attrs['typeface'];
    if (face && !face.startsWith('+')) features.add(`font ${face}`);
  }
  const link = kid(rPr, 'a:hlinkClick');
  if (link) {
    const url = links.get(link.attrs['r:id'] ?? '');
    if (url) style.link = url;
    else if (link.attrs['action']) features.add('action link');
  }
  return style;
}

function colourOf(fill: XmlElement): string {
  const c = kids(fill)[0];
  if (!c) return 'unknown';
  if (c.name === 'a:srgbClr') return `#${(c.attrs['val'] ?? '').toUpperCase()}`;
  if (c.name === 'a:schemeClr') return `scheme ${c.attrs['val'] ?? ''}`;
  if (c.name === 'a:prstClr') return c.attrs['val'] ?? 'preset';
  if (c.name === 'a:sysClr') return `#${(c.attrs['lastClr'] ?? c.attrs['val'] ?? '').toUpperCase()}`;
  return c.name;
}

/** Neighbouring runs with the same look become one (PowerPoint splits runs freely). */
export function mergeRuns(runs: Run[]): Run[] {
  const out: Run[] = [];
  for (const r of runs) {
    if (!r.text && !r.breakBefore) continue;
    const last = out[out.length - 1];
    if (last && !r.breakBefore && !!last.bold === !!r.bold && !!last.italic === !!r.italic && !!last.strike === !!r.strike && last.link === r.link) {
      last.text += r.text;
    } else out.push({ ...r });
  }
  return out;
}

/** A paragraph's list kind, as its own properties or the styles it inherits set it. */
type ListStyle = Pick<Para, 'list' | 'start' | 'alpha'>;

/** The list kind a paragraph property element sets, or null when it sets none (and inherits one). */
function listStyle(pPr: XmlElement | undefined): ListStyle | null {
  if (!pPr) return null;
  const auto = kid(pPr, 'a:buAutoNum');
  if (auto) return { list: 'number', start: Number(auto.attrs['startAt'] ?? 1) || 1, ...(/^alpha/.test(auto.attrs['type'] ?? '') ? { alpha: true } : {}) };
  if (kid(pPr, 'a:buChar') || kid(pPr, 'a:buBlip')) return { list: 'bullet' };
  if (kid(pPr, 'a:buNone')) return { list: 'none' };
  return null;
}

/** The list kind a paragraph at a level inherits when it sets none itself. */
type Inherited = (level: number) => ListStyle;
const noList: Inherited = () => ({ list: 'none' });

function readParagraph(p: XmlElement, features: Set<string>, links: Map<string, string>, inherited: Inherited = noList): Para {
  const pPr = kid(p, 'a:pPr');
  const runs: Run[] = [];
  let pendingBreak = false;
  for (const c of kids(p)) {
    if (c.name === 'a:br') {
      pendingBreak = true;
      continue;
    }
    if (c.name !== 'a:r' && c.name !== 'a:fld') continue;
    const t = kid(c, 'a:t');
    const run: Run = { text: t ? textOf(t) : '', ...runStyle(kid(c, 'a:rPr'), features, links) };
    if (pendingBreak) {
      run.breakBefore = true;
      pendingBreak = false;
    }
    runs.push(run);
  }
  if (pendingBreak) runs.push({ text: '', breakBefore: true });
  const level = Number(pPr?.attrs['lvl'] ?? 0) || 0;
  const para: Para = { runs: mergeRuns(runs), level, ...(listStyle(pPr) ?? inherited(level)) };
  if (pPr && kid(pPr, 'a:buBlip')) features.add('picture bullets');
  if (pPr?.attrs['algn'] && pPr.attrs['algn'] !== 'l') features.add(`alignment ${pPr.attrs['algn']}`);
  return para;
}

/** Numbers each numbered paragraph the way PowerPoint counts them: consecutive items at one level. */
function numberParagraphs(paras: Para[]): void {
  const counters = new Map<number, number>();
  for (const p of paras) {
    if (p.list === 'number') {
      const n = counters.get(p.level);
      p.number = n === undefined ? (p.start ?? 1) : n + 1;
      counters.set(p.level, p.number);
    } else {
      // A paragraph at a shallower level, or a plain top-level paragraph, ends the lists below it.
      for (const lvl of [...counters.keys()]) if (lvl >= p.level && !(p.list === 'none' && p.level > 0)) counters.delete(lvl);
    }
  }
}

function textBody(tx: XmlElement, features: Set<string>, links: Map<string, string>, inherited: Inherited = noList): Para[] {
  const paras = kids(tx, 'a:p').map((p) => readParagraph(p, features, links, inherited));
  // Empty paragraphs are spacing a person typed (or an empty box); they carry no content.
  const kept = paras.filter((p) => p.runs.some((r) => r.text.trim()));
  for (const p of kept) {
    // Spaces at the edges of a paragraph are invisible on the slide.
    const first = p.runs[0]!;
    first.text = first.text.replace(/^\s+/, '');
    const last = p.runs[p.runs.length - 1]!;
    last.text = last.text.replace(/\s+$/, '');
    p.runs = mergeRuns(p.runs);
  }
  numberParagraphs(kept);
  return kept;
}

function offset(el: XmlElement): { x: number; y: number } | null {
  const off = find(kid(el, 'p:spPr') ?? kid(el, 'p:xfrm') ?? kid(el, 'p:grpSpPr'), 'a:off');
  return off ? { x: Number(off.attrs['x'] ?? 0), y: Number(off.attrs['y'] ?? 0) } : null;
}

function placeholder(sp: XmlElement): XmlElement | undefined {
  return find(kid(sp, 'p:nvSpPr') ?? kid(sp, 'p:nvGraphicFramePr') ?? kid(sp, 'p:nvPicPr'), 'p:ph');
}

function placeholderType(sp: XmlElement): string | null {
  const ph = placeholder(sp);
  return ph ? (ph.attrs['type'] ?? 'body') : null;
}

/** A shape's name (`<p:cNvPr name>`), as the application shows it in its selection pane. */
function shapeName(el: XmlElement): string {
  const nv = kids(el).find((k) => k.name.startsWith('p:nv'));
  return kid(nv, 'p:cNvPr')?.attrs['name']?.trim() ?? '';
}

/**
 * Where a slide's placeholder takes what it does not set itself: the placeholder of the same
 * type (or index) on the slide's layout, then on the layout's master, then the master's text
 * styles. A paragraph typed into the body placeholder without bullet settings of its own shows
 * the bullets of those styles, and is read so.
 */
class Inheritance {
  private readonly layout: XmlElement | null;
  private readonly master: XmlElement | null;
  constructor(pkg: OoxmlPackage, slidePart: string) {
    const layoutPart = pkg.related(slidePart, 'slideLayout');
    const masterPart = layoutPart ? pkg.related(layoutPart, 'slideMaster') : null;
    this.layout = layoutPart ? pkg.xml(layoutPart) : null;
    this.master = masterPart ? pkg.xml(masterPart) : null;
  }

  /** The placeholders a slide's placeholder inherits from, nearest first. */
  private sources(sp: XmlElement): XmlElement[] {
    const ph = placeholder(sp)!;
    const type = ph.attrs['type'] ?? 'body';
    const idx = ph.attrs['idx'];
    const match = (doc: XmlElement | null) => {
      const all = doc ? findAll(doc, 'p:sp').filter((x) => placeholder(x)) : [];
      return (idx !== undefined ? all.find((x) => placeholder(x)!.attrs['idx'] === idx) : undefined) ?? all.find((x) => (placeholder(x)!.attrs['type'] ?? 'body') === type);
    };
    return [match(this.layout), match(this.master)].filter((x): x is XmlElement => !!x);
  }

  lists(sp: XmlElement): Inherited {
    const type = placeholderType(sp)!;
    const styles = [sp, ...this.sources(sp)].map((x) => kid(kid(x, 'p:txBody'), 'a:lstStyle'));
    const txStyles = kid(this.master ?? undefined, 'p:txStyles');
    styles.push(kid(txStyles, type === 'title' || type === 'ctrTitle' ? 'p:titleStyle' : type === 'body' || type === 'obj' || type === 'subTitle' ? 'p:bodyStyle' : 'p:otherStyle'));
    return (level) => {
      for (const style of styles) {
        const found = listStyle(kid(style, `a:lvl${Math.min(level, 8) + 1}pPr`));
        if (found) return found;
      }
      return { list: 'none' };
    };
  }

  /** Where a placeholder is, when the slide leaves that to its layout. */
  offset(sp: XmlElement): { x: number; y: number } | null {
    return offset(sp) ?? this.sources(sp).map(offset).find((o) => o !== null) ?? null;
  }
}

function readTable(tbl: XmlElement, features: Set<string>, links: Map<string, string>): SlideBlock {
  const rows = kids(tbl, 'a:tr').map((tr) =>
    kids(tr, 'a:tc')
      // Cells covered by a merge repeat nothing; the sources' tables have no merged cells.
      .filter((tc) => {
        if (tc.attrs['hMerge'] === '1' || tc.attrs['vMerge'] === '1') {
          features.add('merged table cells');
          return false;
        }
        return true;
      })
      .map((tc) => {
        const body = kid(tc, 'a:txBody');
        return joinParas(body ? textBody(body, features, links) : []);
      }),
  );
  const [header = [], ...body] = rows;
  return { kind: 'table', header, rows: body, align: header.map(() => null) };
}

/** Paragraphs as the runs of one line of Markdown (a table cell, a list item): joined with line breaks. */
function joinParas(paras: Para[]): Run[] {
  return mergeRuns(paras.filter((p) => p.runs.length).flatMap((p, i) => (i ? [{ ...p.runs[0]!, breakBefore: true }, ...p.runs.slice(1)] : p.runs)));
}

/** What a slide's shapes are read with. */
interface SlideReader {
  pkg: OoxmlPackage;
  part: string;
  features: Set<string>;
  links: Map<string, string>;
  inheritance: Inheritance;
}

interface Collected {
  title: string[];
  blocks: Positioned[];
  /** The shapes of visual blocks, by block (`Steps 1`), in the order met. */
  visuals: Map<string, VisualGroup>;
  /** Shapes met so far, for a stable order among shapes at the same place. */
  count: number;
}

/**
 * The shapes of a visual block are named `<Kind> <b> · <part>` by the pptx target: the block's
 * kind, its number among the slide's blocks, and which part of the block the shape is
 * (`step 2`, `column 1 body`, `line 3`, `chart`…).
 */
const visualShapeRe = /^(Steps|Compare|Case|Stat|Key point|Checklist|Image) (\d+)\s*·\s*([a-z]+)(?: (\d+))?(?: ([a-z]+))?$/;
const shapeKinds = { Steps: 'steps', Compare: 'compare', Case: 'case', Stat: 'stat', 'Key point': 'keypoint', Checklist: 'checklist', Image: 'image' } as const;
type ShapeKind = (typeof shapeKinds)[keyof typeof shapeKinds];

interface VisualPart {
  /** `step`, `arrow`, `icon`, `column`, `setting`, `line`, `question`, `figure`, `chart`, `label`, `source`, `text`, `item`, `picture`. */
  role: string;
  /** The item the part belongs to (`step 2` → 2), when it belongs to one. */
  n: number | null;
  /** `title` or `body` of a column. */
  sub: string | null;
  name: string;
  el: XmlElement;
}

interface VisualGroup {
  kind: ShapeKind;
  x: number;
  y: number;
  order: number;
  parts: VisualPart[];
}

/** Walks a shape tree (groups included) into positioned blocks, the title and the features. */
function readShapes(tree: XmlElement, r: SlideReader, out: Collected): void {
  const { features, links } = r;
  for (const el of kids(tree)) {
    const order = out.count++;
    const named = el.name === 'p:grpSp' ? null : visualShapeRe.exec(shapeName(el));
    if (named) {
      const key = `${named[1]} ${named[2]}`;
      const pos = offset(el) ?? { x: 0, y: 0 };
      const group = out.visuals.get(key) ?? { kind: shapeKinds[named[1] as keyof typeof shapeKinds], x: pos.x, y: pos.y, order, parts: [] };
      // The block sits where its top-left shape is.
      group.y = Math.min(group.y, pos.y);
      group.x = Math.min(group.x, pos.x);
      group.parts.push({ role: named[3]!, n: named[4] ? Number(named[4]) : null, sub: named[5] ?? null, name: shapeName(el), el });
      out.visuals.set(key, group);
      continue;
    }
    const pos = offset(el);
    switch (el.name) {
      case 'p:sp': {
        const ph = placeholderType(el);
        if (ph === 'sldNum' || ph === 'dt' || ph === 'ftr' || ph === 'hdr') break;
        const tx = kid(el, 'p:txBody');
        if (ph === 'title' || ph === 'ctrTitle') {
          if (tx) out.title.push(...textBody(tx, new Set(), links).map((p) => p.runs.map((x) => (x.breakBefore ? ' ' : '') + x.text).join('')));
          break;
        }
        const paras = tx ? textBody(tx, features, links, ph ? r.inheritance.lists(el) : noList) : [];
        const spPr = kid(el, 'p:spPr');
        const filled = !!spPr && !!kid(spPr, 'a:solidFill');
        if (!paras.length) {
          // An empty placeholder is the layout's offer of a place for text, not something drawn.
          if (ph) break;
          const geom = find(spPr, 'a:prstGeom')?.attrs['prst'];
          // The bar beside a case is a filled rectangle; anything else drawn is decoration the sources cannot hold.
          features.add(filled && geom === 'rect' ? 'filled rectangle' : `drawn shape${geom ? ` (${geom})` : ''}`);
          break;
        }
        if (spPr && (kid(spPr, 'a:gradFill') || kid(spPr, 'a:blipFill') || kid(spPr, 'a:pattFill'))) features.add('shape fill (gradient, picture or pattern)');
        const at = ph ? r.inheritance.offset(el) : pos;
        out.blocks.push({ y: at?.y ?? 0, x: at?.x ?? 0, order, block: { kind: filled ? 'quote' : 'text', paras } });
        break;
      }
      case 'p:graphicFrame': {
        const tbl = find(el, 'a:tbl');
        if (tbl) out.blocks.push({ y: pos?.y ?? 0, x: pos?.x ?? 0, order, block: readTable(tbl, features, links) });
        else {
          const uri = find(el, 'a:graphicData')?.attrs['uri'] ?? '';
          features.add(/chart/.test(uri) ? 'chart' : /diagram/.test(uri) ? 'SmartArt diagram' : 'embedded object');
        }
        break;
      }
      case 'p:pic':
        features.add(find(el, 'a:videoFile') || find(el, 'a:audioFile') ? 'video or audio' : 'picture');
        break;
      case 'p:grpSp':
        readShapes(el, r, out);
        break;
      case 'p:cxnSp':
        features.add('connector line');
        break;
      case 'p:contentPart':
        features.add('ink');
        break;
      case 'mc:AlternateContent':
        features.add('embedded object');
        break;
      default:
        break;
    }
  }
}


/** A callout of a case, "Speaker: words" (or "Speaker：words"), as a line; the speaker empty when no colon names one. */
function caseLine(runs: Run[]): CaseLine {
  const text = runs.map((x) => x.text).join('');
  const m = /^\s*([^:：\n]{1,30}?)\s*[:：]\s*/.exec(text);
  if (!m) return { speaker: '', runs };
  return { speaker: m[1]!.trim(), runs: dropChars(runs, m[0].length) };
}

/** The words of a change to what only the sources hold, by the part of the block it is. */
function shownChange(kind: ShapeKind, role: string): string | null {
  if (kind === 'stat') {
    if (role === 'chart') return 'changes to a statistic\'s chart (its values are edited in the "::: stat" block of the lesson file)';
    return 'changes to a statistic\'s figure, label or source (they are edited in the "::: stat" block of the lesson file)';
  }
  if (role === 'picture') return 'a replaced picture (a picture is a file in the course\'s images folder, named in the lesson file)';
  if (role === 'icon') return 'a replaced icon (an icon is named in the lesson file, as :name:)';
  return null;
}

/** How a shape that only shows the sources looks: its text, its chart's values or its picture's bytes. */
function shownDigest(part: VisualPart, r: SlideReader): string {
  const { el } = part;
  if (el.name === 'p:pic') {
    const embed = find(el, 'a:blip')?.attrs['r:embed'];
    const target = r.pkg.rels(r.part).find((x) => x.id === embed && !x.external)?.target;
    return `picture ${(target && r.pkg.digest(target)) ?? 'none'}`;
  }
  if (el.name === 'p:graphicFrame') {
    const id = find(el, 'c:chart')?.attrs['r:id'];
    const target = r.pkg.rels(r.part).find((x) => x.id === id && !x.external)?.target;
    // The values the chart shows are cached in its own part; its workbook is never opened.
    return target && r.pkg.has(target) ? `chart ${findAll(r.pkg.xml(target), 'c:v').map(textOf).join('|')}` : 'chart none';
  }
  const tx = kid(el, 'p:txBody');
  return `text ${tx ? textBody(tx, new Set(), r.links).map((p) => p.runs.map((x) => x.text).join('')).join('\n') : ''}`;
}

/**
 * A visual block rebuilt from the texts of its shapes. Icons are left out (they are pictures,
 * and come back from the sources); a statistic and a picture are only noted as being there.
 */
function visualBlock(g: VisualGroup, r: SlideReader, shown: Map<string, Shown>): SlideBlock {
  const { features, links } = r;
  for (const p of g.parts) {
    const change = shownChange(g.kind, p.role);
    if (change) shown.set(p.name, { change, digest: shownDigest(p, r) });
  }
  const paras = (p: VisualPart | undefined) => {
    const tx = p && kid(p.el, 'p:txBody');
    return tx ? textBody(tx, features, links) : [];
  };
  const items = (role: string) => g.parts.filter((p) => p.role === role && p.n !== null).sort((a, b) => a.n! - b.n!);
  const only = (role: string) => g.parts.find((p) => p.role === role);
  switch (g.kind) {
    case 'stat':
      return { kind: 'kept', what: 'stat' };
    case 'image':
      return { kind: 'kept', what: 'image' };
    case 'steps': {
      const steps = items('step');
      const visual: VisualBlock = {
        kind: 'steps',
        steps: steps.map((p) => {
          // The first paragraph is the step's name, the rest its explanation.
          const tx = kid(p.el, 'p:txBody');
          const [title, ...detail] = tx ? kids(tx, 'a:p').map((x) => readParagraph(x, features, links)) : [];
          return { icon: null, title: title?.runs ?? [], detail: joinParas(detail.filter((x) => x.runs.some((y) => y.text.trim()))) };
        }),
      };
      return { kind: 'visual', visual, origin: steps.map((p) => p.n!) };
    }
    case 'compare': {
      const numbers = [...new Set(items('column').map((p) => p.n!))];
      const part = (n: number, sub: string) => g.parts.find((p) => p.role === 'column' && p.n === n && p.sub === sub);
      const visual: VisualBlock = { kind: 'compare', columns: numbers.map((n) => ({ icon: null, title: joinParas(paras(part(n, 'title'))), paras: paras(part(n, 'body')) })) };
      return { kind: 'visual', visual, origin: numbers };
    }
    case 'case': {
      const lines = items('line');
      const visual: VisualBlock = { kind: 'case', setting: paras(only('setting')), lines: lines.map((p) => caseLine(joinParas(paras(p)))), question: paras(only('question')) };
      return { kind: 'visual', visual, origin: lines.map((p) => p.n!) };
    }
    case 'keypoint':
      return { kind: 'visual', visual: { kind: 'keypoint', icon: null, paras: paras(only('text')) } };
    case 'checklist': {
      const list = items('item');
      return { kind: 'visual', visual: { kind: 'checklist', items: list.map((p) => ({ icon: null, runs: joinParas(paras(p)) })) }, origin: list.map((p) => p.n!) };
    }
  }
}

function notesOf(pkg: OoxmlPackage, slidePart: string): { notes: string[]; marker: string | null } {
  const notesPart = pkg.related(slidePart, 'notesSlide');
  if (!notesPart) return { notes: [], marker: null };
  const doc = pkg.xml(notesPart);
  const body = findAll(doc, 'p:sp').find((sp) => placeholderType(sp) === 'body');
  if (!body) return { notes: [], marker: null };
  let marker: string | null = null;
  const notes: string[] = [];
  for (const p of findAll(body, 'a:p')) {
    let text = kids(p)
      .map((c) => (c.name === 'a:br' ? '\n' : c.name === 'a:r' || c.name === 'a:fld' ? textOf(kid(c, 'a:t') ?? { name: '', attrs: {}, children: [] }) : ''))
      .join('');
    const m = markerRe.exec(text);
    if (m) {
      marker = m[1]!;
      text = text.replace(markerRe, '');
    }
    text = text.replace(/[ \t\u00a0]+$/gm, '').trim();
    if (text) notes.push(text);
  }
  return { notes, marker };
}

/** Throws when a slide and its notes hold more text than any slide of a manuscript. */
function refuseLongText(pkg: OoxmlPackage, doc: XmlElement, part: string, number: number, name: string | null): void {
  const notesPart = pkg.related(part, 'notesSlide');
  const texts = (el: XmlElement) => findAll(el, 'a:t').map(textOf);
  const slideText = texts(doc);
  const notesText = notesPart ? texts(pkg.xml(notesPart)) : [];
  const length = [...slideText, ...notesText].reduce((n, t) => n + t.length, 0);
  if (length <= MAX_SLIDE_TEXT) return;
  const id = name ?? markerRe.exec(notesText.join(''))?.[1];
  throw new ArchiveError(
    'TextTooLong',
    `Slide ${number}${id ? ` (${id})` : ''} holds ${length.toLocaleString('en-US')} characters of text with its notes; a slide of a manuscript is refused above ${MAX_SLIDE_TEXT.toLocaleString('en-US')}.`,
  );
}

/** The slides of a presentation package, in presentation order. Throws ArchiveError / XmlError. */
export function readDeck(pkg: OoxmlPackage): ReadDeck {
  const pres = pkg.xml(pkg.mainPart);
  const rels = new Map(pkg.rels(pkg.mainPart).map((r) => [r.id, r]));
  const ids = findAll(pres, 'p:sldId');
  if (ids.length > MAX_SLIDES) throw new ArchiveError('ArchiveTooLarge', `The presentation has ${ids.length} slides; more than ${MAX_SLIDES} are refused.`);
  const slides = ids.map((sldId, i): DeckSlide => {
    const rel = rels.get(sldId.attrs['r:id'] ?? '');
    if (!rel || rel.external || !pkg.has(rel.target)) throw new ArchiveError('NotAPackage', `Slide ${i + 1} points at no slide part; the presentation is damaged.`);
    const part = rel.target;
    const doc = pkg.xml(part);
    const cSld = kid(doc, 'p:cSld');
    refuseLongText(pkg, doc, part, i + 1, cSld?.attrs['name']?.trim() || null);
    const tree = kid(cSld!, 'p:spTree');
    const links = new Map(pkg.rels(part).filter((r) => r.external && /\/hyperlink$/.test(r.type)).map((r) => [r.id, r.target]));
    const features = new Set<string>();
    const reader: SlideReader = { pkg, part, features, links, inheritance: new Inheritance(pkg, part) };
    const collected: Collected = { title: [], blocks: [], visuals: new Map(), count: 0 };
    if (tree) readShapes(tree, reader, collected);
    const shown = new Map<string, Shown>();
    for (const g of collected.visuals.values()) collected.blocks.push({ y: g.y, x: g.x, order: g.order, block: visualBlock(g, reader, shown) });
    // An effect has a preset class (entrance, exit, emphasis, motion path); a recording's timing,
    // which only plays the slide's narration, has none but "mediacall" and is not an animation.
    const timing = find(doc, 'p:timing');
    if (timing && findAll(timing, 'p:cTn').some((c) => c.attrs['presetClass'] && c.attrs['presetClass'] !== 'mediacall')) features.add('animations');
    // Top to bottom, then left to right: the order a reader takes in the blocks.
    collected.blocks.sort((a, b) => a.y - b.y || a.x - b.x || a.order - b.order);
    const { notes, marker } = notesOf(pkg, part);
    const name = cSld?.attrs['name']?.trim() || null;
    return {
      number: i + 1,
      part,
      name,
      marker,
      hidden: doc.attrs['show'] === '0' || doc.attrs['show'] === 'false',
      title: collected.title.join(' ').trim(),
      blocks: collected.blocks.map((b) => b.block),
      notes,
      features,
      shown,
    };
  });
  return { slides };
}
