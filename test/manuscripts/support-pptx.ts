/**
 * Reads a .pptx back the way a person sees it: slides in presentation order, each with its
 * name, layout, hidden flag, shapes (text paragraphs with their bullets, levels and runs, or
 * tables) and speaker notes. Parses the package's XML itself (OOXML as pptxgenjs writes it has
 * no DTDs, comments or CDATA), so the tests depend on nothing but fflate.
 */
import { strFromU8, unzipSync } from 'fflate';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadCourse } from '../../build/index.ts';
import type { Course } from '../../build/model.ts';
import { pptx } from '../../build/targets/pptx/index.ts';
import { projectRoot } from '../support/fixture.ts';
import { convertWithLibreOffice } from '../support/libreoffice.ts';
import { targetContext } from '../support/target-context.ts';

export interface XmlNode {
  name: string;
  attrs: Record<string, string>;
  children: (XmlNode | string)[];
}

const unescape = (s: string) => s.replace(/&(lt|gt|quot|apos|amp|#x[0-9a-f]+|#\d+);/gi, (_m, e: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[e.toLowerCase()] ?? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)));

export function parseXml(xml: string): XmlNode {
  const root: XmlNode = { name: '#document', attrs: {}, children: [] };
  const stack = [root];
  const re = /<\?[\s\S]*?\?>|<(\/?)([\w:.-]+)((?:\s+[\w:.-]+\s*=\s*"[^"]*")*)\s*(\/?)>|([^<]+)/g;
  for (const m of xml.matchAll(re)) {
    const top = stack[stack.length - 1]!;
    if (m[5] !== undefined) {
      top.children.push(unescape(m[5]));
    } else if (m[2]) {
      if (m[1]) {
        if (top.name !== m[2]) throw new Error(`XML: </${m[2]}> closes <${top.name}>`);
        stack.pop();
        continue;
      }
      const attrs: Record<string, string> = {};
      for (const a of (m[3] ?? '').matchAll(/([\w:.-]+)\s*=\s*"([^"]*)"/g)) attrs[a[1]!] = unescape(a[2]!);
      const node: XmlNode = { name: m[2], attrs, children: [] };
      top.children.push(node);
      if (!m[4]) stack.push(node);
    }
  }
  if (stack.length !== 1) throw new Error(`XML: <${stack[stack.length - 1]!.name}> is never closed`);
  return root;
}

const elements = (n: XmlNode) => n.children.filter((c): c is XmlNode => typeof c !== 'string');

/** Every descendant element with this name, in document order. */
export function all(n: XmlNode, name: string): XmlNode[] {
  const out: XmlNode[] = [];
  const walk = (x: XmlNode) => {
    for (const c of elements(x)) {
      if (c.name === name) out.push(c);
      walk(c);
    }
  };
  walk(n);
  return out;
}

export function first(n: XmlNode, name: string): XmlNode | undefined {
  return all(n, name)[0];
}

export interface RunView {
  text: string;
  bold: boolean;
  /** The run's East Asian font (`<a:ea typeface>`), or null when it names none. */
  ea: string | null;
  latin: string | null;
  lang: string | null;
}

export interface ParaView {
  text: string;
  runs: RunView[];
  /** `char` for `<a:buChar>`, `autonum` for `<a:buAutoNum>`, null for a plain paragraph. */
  bullet: 'char' | 'autonum' | null;
  autonumType: string | null;
  level: number;
}

export interface ShapeView {
  name: string;
  /** The placeholder type (`title`, `sldNum`) when the shape is one. */
  placeholder: string | null;
  /** Shaded: the shape has a solid fill. */
  filled: boolean;
  paras: ParaView[];
  /** Cell texts, row by row, for a table; null otherwise. */
  table: string[][] | null;
}

export interface SlideView {
  /** 1-based position in the presentation. */
  number: number;
  part: string;
  /** `<p:cSld name>`: the slide's stable id. */
  name: string;
  hidden: boolean;
  layout: string;
  shapes: ShapeView[];
  notes: string[];
  xml: string;
}

function text(n: XmlNode): string {
  let s = '';
  const walk = (x: XmlNode) => {
    for (const c of x.children) {
      if (typeof c === 'string') {
        if (x.name === 'a:t') s += c;
      } else if (c.name === 'a:br') s += '\n';
      else walk(c);
    }
  };
  walk(n);
  return s;
}

function paraView(p: XmlNode): ParaView {
  const pPr = elements(p).find((c) => c.name === 'a:pPr');
  const runs = elements(p)
    .filter((c) => c.name === 'a:r' || c.name === 'a:br' || c.name === 'a:fld')
    .map((r): RunView => {
      if (r.name === 'a:br') return { text: '\n', bold: false, ea: null, latin: null, lang: null };
      const rPr = first(r, 'a:rPr');
      return { text: text(r), bold: rPr?.attrs['b'] === '1', ea: (rPr && first(rPr, 'a:ea')?.attrs['typeface']) ?? null, latin: (rPr && first(rPr, 'a:latin')?.attrs['typeface']) ?? null, lang: rPr?.attrs['lang'] ?? null };
    });
  const buChar = pPr && first(pPr, 'a:buChar');
  const buAuto = pPr && first(pPr, 'a:buAutoNum');
  return { text: runs.map((r) => r.text).join(''), runs, bullet: buChar ? 'char' : buAuto ? 'autonum' : null, autonumType: buAuto?.attrs['type'] ?? null, level: Number(pPr?.attrs['lvl'] ?? 0) };
}

function shapeView(n: XmlNode): ShapeView {
  const cNvPr = first(n, 'p:cNvPr')!;
  const ph = first(n, 'p:ph');
  const tbl = first(n, 'a:tbl');
  const spPr = elements(n).find((c) => c.name === 'p:spPr');
  return {
    name: cNvPr.attrs['name'] ?? '',
    placeholder: ph ? (ph.attrs['type'] ?? 'body') : null,
    filled: !!spPr && elements(spPr).some((c) => c.name === 'a:solidFill'),
    paras: tbl ? [] : all(n, 'a:p').map(paraView),
    table: tbl ? all(tbl, 'a:tr').map((tr) => all(tr, 'a:tc').map((tc) => all(tc, 'a:p').map((p) => paraView(p).text).join('\n'))) : null,
  };
}

export interface PptxView {
  entries: Record<string, Uint8Array>;
  slides: SlideView[];
  xml(part: string): string;
}

/** Target of relationship `type` (e.g. `slideLayout`) of a part, as a package path. */
function relTarget(entries: Record<string, Uint8Array>, part: string, type: string): string | null {
  const rels = entries[part.replace(/([^/]+)$/, '_rels/$1.rels')];
  if (!rels) return null;
  const rel = all(parseXml(strFromU8(rels)), 'Relationship').find((r) => r.attrs['Type']!.endsWith(`/${type}`));
  return rel ? path.posix.normalize(path.posix.join(path.posix.dirname(part), rel.attrs['Target']!)) : null;
}

export function readPptx(bytes: Uint8Array): PptxView {
  const entries = unzipSync(bytes);
  const xml = (part: string) => {
    const e = entries[part];
    if (!e) throw new Error(`no part ${part}`);
    return strFromU8(e);
  };
  const pres = parseXml(xml('ppt/presentation.xml'));
  const presRels = all(parseXml(xml('ppt/_rels/presentation.xml.rels')), 'Relationship');
  const slides = all(pres, 'p:sldId').map((sldId, i): SlideView => {
    const target = presRels.find((r) => r.attrs['Id'] === sldId.attrs['r:id'])!.attrs['Target']!;
    const part = path.posix.join('ppt', target);
    const sx = xml(part);
    const doc = parseXml(sx);
    const sld = first(doc, 'p:sld')!;
    const layoutPart = relTarget(entries, part, 'slideLayout');
    const notesPart = relTarget(entries, part, 'notesSlide');
    const notesBody = notesPart ? all(parseXml(xml(notesPart)), 'p:sp').find((sp) => first(sp, 'p:ph')?.attrs['type'] === 'body') : undefined;
    return {
      number: i + 1,
      part,
      name: first(doc, 'p:cSld')!.attrs['name'] ?? '',
      hidden: sld.attrs['show'] === '0',
      layout: layoutPart ? (first(parseXml(xml(layoutPart)), 'p:cSld')!.attrs['name'] ?? '') : '',
      shapes: elements(first(doc, 'p:spTree')!).filter((c) => c.name === 'p:sp' || c.name === 'p:graphicFrame').map(shapeView),
      notes: notesBody ? all(notesBody, 'a:p').map((p) => paraView(p).text) : [],
      xml: sx,
    };
  });
  return { entries, slides, xml };
}

/**
 * A plain-text view of a deck for golden files: per slide its number, id, layout and hidden
 * flag, the title, every other shape's paragraphs (bullets as "•", numbers as "#", levels
 * indented, bold as **…**) or table rows, and the notes.
 */
export function outline(view: PptxView): string {
  const lines: string[] = [];
  for (const s of view.slides) {
    lines.push(`--- ${s.number} ${s.name} [${s.layout}]${s.hidden ? ' hidden' : ''}`);
    for (const sh of s.shapes) {
      if (sh.placeholder === 'sldNum') continue;
      if (sh.table) {
        lines.push(`  ${sh.name}:`);
        for (const row of sh.table) lines.push(`    | ${row.join(' | ')} |`);
        continue;
      }
      lines.push(`  ${sh.name}${sh.filled ? ' (shaded)' : ''}:`);
      for (const p of sh.paras) {
        const mark = p.bullet === 'char' ? '• ' : p.bullet === 'autonum' ? `# ` : '';
        const body = p.runs.map((r) => (r.bold && r.text.trim() ? `**${r.text}**` : r.text)).join('');
        lines.push(`    ${'  '.repeat(p.level)}${mark}${body}`);
      }
    }
    if (s.notes.length) {
      lines.push('  notes:');
      for (const n of s.notes) lines.push(`    ${n}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** The course at `contentDir` (the real course by default), loaded and checked. */
export function courseAt(contentDir = path.join(projectRoot, 'content')): Course {
  const { course, diagnostics } = loadCourse(contentDir);
  if (!course) throw new Error(`the course at ${contentDir} does not load: ${diagnostics.list.map((d) => d.message).join('; ')}`);
  return course;
}

/** The manuscript of one language, built as the CLI builds it. */
export async function buildManuscript(course: Course, lang: string): Promise<{ path: string; bytes: Uint8Array }> {
  const files = await pptx.build(course, targetContext(course, lang));
  if (files.length !== 1) throw new Error(`pptx made ${files.length} files`);
  return { path: files[0]!.path, bytes: files[0]!.contents };
}

/** Converts decks to PDF with LibreOffice in one run and returns each PDF's path. */
export function convertToPdf(files: string[]): Promise<string[]> {
  return convertWithLibreOffice(files, 'pdf', fs.mkdtempSync(path.join(os.tmpdir(), 'pptx-pdf-')));
}

export function pdfPages(pdf: string): number {
  const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
  return Number(/^Pages:\s+(\d+)/m.exec(info)![1]);
}

/** The PDF's text without any whitespace, so a line broken by the layout still matches. */
export function pdfText(pdf: string, page?: number): string {
  const range = page ? ['-f', String(page), '-l', String(page)] : [];
  return execFileSync('pdftotext', [...range, pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
}
