/**
 * Reads a PowerPoint manuscript back the way a person sees it: slides in presentation order,
 * each with the stable ids it carries (its name and the `[slide: …]` marker in its notes), its
 * title, its body as the same blocks the pptx target draws (text with bullets, numbers, levels
 * and bold/italic/strike runs; tables; shaded boxes for cases) and its notes as paragraphs.
 * What the course sources cannot express (colours, sizes, fonts, underline, pictures,
 * charts…) is collected per slide as "features", so the importer can warn about what it drops.
 */
import type { Block, Para, Run } from '../markdown/index.ts';
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
  blocks: Block[];
  /** Speaker notes, one entry per non-empty paragraph, the marker removed. */
  notes: string[];
  /**
   * Formatting and objects on the slide, as comparable labels ("colour #FF0000", "picture",
   * "underline"…). Only features the baseline deck lacks are reported as lost.
   */
  features: Set<string>;
}

export interface ReadDeck {
  slides: DeckSlide[];
}

const markerRe = /\[slide:\s*([^\]\s]+)\s*\]/;

interface Positioned {
  y: number;
  x: number;
  order: number;
  block: Block;
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

function readParagraph(p: XmlElement, features: Set<string>, links: Map<string, string>): Para {
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
  const para: Para = { runs: mergeRuns(runs), list: 'none', level };
  const auto = kid(pPr, 'a:buAutoNum');
  if (pPr && kid(pPr, 'a:buChar')) para.list = 'bullet';
  else if (auto) {
    para.list = 'number';
    para.start = Number(auto.attrs['startAt'] ?? 1) || 1;
    if (/^alpha/.test(auto.attrs['type'] ?? '')) para.alpha = true;
  }
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

function textBody(tx: XmlElement, features: Set<string>, links: Map<string, string>): Para[] {
  const paras = kids(tx, 'a:p').map((p) => readParagraph(p, features, links));
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

function placeholderType(sp: XmlElement): string | null {
  const ph = find(kid(sp, 'p:nvSpPr') ?? kid(sp, 'p:nvGraphicFramePr') ?? kid(sp, 'p:nvPicPr'), 'p:ph');
  return ph ? (ph.attrs['type'] ?? 'body') : null;
}

function readTable(tbl: XmlElement, features: Set<string>, links: Map<string, string>): Block {
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
        const paras = body ? textBody(body, features, links) : [];
        // A cell is one line of Markdown: its paragraphs join with line breaks.
        return mergeRuns(paras.flatMap((p, i) => (i ? [{ ...p.runs[0]!, breakBefore: true }, ...p.runs.slice(1)] : p.runs)));
      }),
  );
  const [header = [], ...body] = rows;
  return { kind: 'table', header, rows: body, align: header.map(() => null) };
}

/** Walks a shape tree (groups included) into positioned blocks, the title and the features. */
function readShapes(tree: XmlElement, features: Set<string>, links: Map<string, string>, out: { title: string[]; blocks: Positioned[] }): void {
  for (const el of kids(tree)) {
    const pos = offset(el);
    const order = out.blocks.length;
    switch (el.name) {
      case 'p:sp': {
        const ph = placeholderType(el);
        if (ph === 'sldNum' || ph === 'dt' || ph === 'ftr' || ph === 'hdr') break;
        const tx = kid(el, 'p:txBody');
        if (ph === 'title' || ph === 'ctrTitle') {
          if (tx) out.title.push(...textBody(tx, new Set(), links).map((p) => p.runs.map((r) => (r.breakBefore ? ' ' : '') + r.text).join('')));
          break;
        }
        const paras = tx ? textBody(tx, features, links) : [];
        const spPr = kid(el, 'p:spPr');
        const filled = !!spPr && !!kid(spPr, 'a:solidFill');
        if (!paras.length) {
          const geom = find(spPr, 'a:prstGeom')?.attrs['prst'];
          // The bar beside a case is a filled rectangle; anything else drawn is decoration the sources cannot hold.
          features.add(filled && geom === 'rect' ? 'filled rectangle' : `drawn shape${geom ? ` (${geom})` : ''}`);
          break;
        }
        if (spPr && (kid(spPr, 'a:gradFill') || kid(spPr, 'a:blipFill') || kid(spPr, 'a:pattFill'))) features.add('shape fill (gradient, picture or pattern)');
        out.blocks.push({ y: pos?.y ?? 0, x: pos?.x ?? 0, order, block: { kind: filled ? 'quote' : 'text', paras } });
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
        readShapes(el, features, links, out);
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
    const collected = { title: [] as string[], blocks: [] as Positioned[] };
    if (tree) readShapes(tree, features, links, collected);
    if (find(doc, 'p:timing') && findAll(doc, 'p:par').length) features.add('animations');
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
    };
  });
  return { slides };
}
