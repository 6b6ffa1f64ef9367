/**
 * Edits a built manuscript the way customers' applications do, part by part, so the fixtures
 * exercise the importer with what PowerPoint writes: a run split where formatting changes,
 * slides deleted with their parts, a slide duplicated (name and notes marker copied along),
 * slides reordered in the slide list, notes retyped. Also: packages that must be refused.
 */
import { posix } from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import ExcelJS from 'exceljs';

export class Pptx {
  readonly parts: Record<string, Uint8Array>;
  constructor(bytes: Uint8Array) {
    this.parts = unzipSync(bytes);
  }
  get(part: string): string {
    const p = this.parts[part];
    if (!p) throw new Error(`no part ${part}`);
    return strFromU8(p);
  }
  set(part: string, xml: string): void {
    this.parts[part] = strToU8(xml);
  }
  bytes(): Uint8Array {
    return zipSync(Object.fromEntries(Object.entries(this.parts).map(([k, v]) => [k, [v, { level: 6, mtime: new Date(2020, 0, 1) }]])));
  }

  /** Slide parts in presentation order. */
  slideParts(): string[] {
    const rels = this.get('ppt/_rels/presentation.xml.rels');
    return [...this.get('ppt/presentation.xml').matchAll(/<p:sldId [^>]*r:id="(rId\d+)"/g)].map((m) => `ppt/${new RegExp(`Id="${m[1]}"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="${m[1]}"`).exec(rels)!.slice(1).find(Boolean)}`);
  }

  /** The slide part carrying a stable id, found by its notes marker. */
  slideOf(id: string): string {
    const part = this.slideParts().find((p) => this.get(this.notesOf(p)).includes(`[slide: ${id}]`));
    if (!part) throw new Error(`no slide ${id}`);
    return part;
  }

  notesOf(slidePart: string): string {
    const rels = this.get(slidePart.replace(/slides\/(slide\d+\.xml)$/, 'slides/_rels/$1.rels'));
    return `ppt/notesSlides/${/notesSlides\/(notesSlide\d+\.xml)/.exec(rels)![1]}`;
  }

  /**
   * Retypes part of a run as PowerPoint does when some words get other formatting: the run
   * becomes several runs, each with a copy of the original run properties plus its own.
   */
  splitRun(id: string, whole: string, pieces: { text: string; bold?: boolean; colour?: string; italic?: boolean }[]): void {
    const part = this.slideOf(id);
    const xml = this.get(part);
    const re = new RegExp(`<a:r><a:rPr([^>]*)>((?:(?!</a:rPr>).)*)</a:rPr><a:t>${escapeRe(escapeXml(whole))}</a:t></a:r>`);
    const m = re.exec(xml);
    if (!m) throw new Error(`no run "${whole}" on ${id}`);
    const runs = pieces.map((p) => {
      let attrs = m[1]!.replace(/ b="[01]"/, '');
      if (p.bold) attrs += ' b="1"';
      if (p.italic) attrs += ' i="1"';
      let inner = m[2]!;
      if (p.colour) inner = inner.replace(/<a:solidFill>[\s\S]*?<\/a:solidFill>/, `<a:solidFill><a:srgbClr val="${p.colour}"/></a:solidFill>`);
      return `<a:r><a:rPr${attrs.replace(' dirty="0"', '')} dirty="0">${inner}</a:rPr><a:t>${escapeXml(p.text)}</a:t></a:r>`;
    });
    this.set(part, xml.replace(m[0], runs.join('')));
  }

  /** Replaces the text of the run holding `from` (PowerPoint keeps the run's properties). */
  retype(id: string, from: string, to: string, where: 'slide' | 'notes' = 'slide'): void {
    const slide = this.slideOf(id);
    const part = where === 'slide' ? slide : this.notesOf(slide);
    const xml = this.get(part);
    const needle = `<a:t>${escapeXml(from)}</a:t>`;
    if (!xml.includes(needle)) throw new Error(`no text "${from}" in ${part}`);
    this.set(part, xml.replace(needle, `<a:t>${escapeXml(to)}</a:t>`));
  }

  /** Deletes a slide and its parts, as PowerPoint does. */
  deleteSlide(id: string): void {
    const part = this.slideOf(id);
    const notes = this.notesOf(part);
    const file = part.replace(/^ppt\//, '');
    let rels = this.get('ppt/_rels/presentation.xml.rels');
    const rid = new RegExp(`Id="(rId\\d+)"[^>]*Target="${escapeRe(file)}"`).exec(rels)![1]!;
    rels = rels.replace(new RegExp(`<Relationship Id="${rid}"[^>]*/>`), '');
    this.set('ppt/_rels/presentation.xml.rels', rels);
    this.set('ppt/presentation.xml', this.get('ppt/presentation.xml').replace(new RegExp(`<p:sldId id="\\d+" r:id="${rid}"/>`), ''));
    for (const p of [part, notes]) {
      delete this.parts[p];
      delete this.parts[p.replace(/\/([^/]+)$/, '/_rels/$1.rels')];
      this.set('[Content_Types].xml', this.get('[Content_Types].xml').replace(new RegExp(`<Override PartName="/${escapeRe(p)}"[^>]*/>`), ''));
    }
  }

  /** Duplicates a slide right after it, with its notes: the copy carries the same name and marker. */
  duplicateSlide(id: string): string {
    const part = this.slideOf(id);
    const notes = this.notesOf(part);
    const highest = (re: RegExp) => Math.max(...Object.keys(this.parts).map((p) => Number(re.exec(p)?.[1] ?? 0)));
    const n = highest(/^ppt\/slides\/slide(\d+)\.xml$/) + 1;
    const nn = highest(/^ppt\/notesSlides\/notesSlide(\d+)\.xml$/) + 1;
    const copy = `ppt/slides/slide${n}.xml`;
    const copyNotes = `ppt/notesSlides/notesSlide${nn}.xml`;
    this.set(copy, this.get(part));
    this.set(copyNotes, this.get(notes));
    this.set(`ppt/slides/_rels/slide${n}.xml.rels`, this.get(part.replace(/slides\/(slide\d+\.xml)$/, 'slides/_rels/$1.rels')).replace(/notesSlide\d+\.xml/, `notesSlide${nn}.xml`));
    this.set(`ppt/notesSlides/_rels/notesSlide${nn}.xml.rels`, this.get(notes.replace(/notesSlides\/(notesSlide\d+\.xml)$/, 'notesSlides/_rels/$1.rels')).replace(/slides\/slide\d+\.xml/, `slides/slide${n}.xml`));
    const ct = this.get('[Content_Types].xml').replace(
      '</Types>',
      `<Override PartName="/${copy}" ContentType="application/vnd.openxmlformats-officedocument.presentationml.slide+xml"/><Override PartName="/${copyNotes}" ContentType="application/vnd.openxmlformats-officedocument.presentationml.notesSlide+xml"/></Types>`,
    );
    this.set('[Content_Types].xml', ct);
    let rels = this.get('ppt/_rels/presentation.xml.rels');
    const rid = `rId${Math.max(...[...rels.matchAll(/Id="rId(\d+)"/g)].map((m) => Number(m[1]))) + 1}`;
    rels = rels.replace('</Relationships>', `<Relationship Id="${rid}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/slide" Target="slides/slide${n}.xml"/></Relationships>`);
    this.set('ppt/_rels/presentation.xml.rels', rels);
    const pres = this.get('ppt/presentation.xml');
    const origRid = new RegExp(`Id="(rId\\d+)"[^>]*Target="${escapeRe(part.replace(/^ppt\//, ''))}"`).exec(rels)![1]!;
    const sid = Math.max(...[...pres.matchAll(/<p:sldId id="(\d+)"/g)].map((m) => Number(m[1]))) + 1;
    this.set('ppt/presentation.xml', pres.replace(new RegExp(`(<p:sldId id="\\d+" r:id="${origRid}"/>)`), `$1<p:sldId id="${sid}" r:id="${rid}"/>`));
    return copy;
  }

  /**
   * A new slide typed by the customer after the slide `after`, as PowerPoint's "New Slide" makes
   * it: the layout of the slide before, a title, one text box with bullets, notes without any
   * marker, and no name.
   */
  newSlide(after: string, title: string, bullets: string[], notes: string): void {
    const copy = this.duplicateSlide(after);
    const notesPart = this.notesOf(copy);
    const xml = this.get(copy).replace(/<p:cSld name="[^"]*">/, '<p:cSld>');
    const titleRun = /<p:sp>(?:(?!<\/p:sp>)[\s\S])*?type="title"[\s\S]*?<\/p:sp>/.exec(xml)![0];
    // Typing over a title replaces all of it, also when it is several runs (a highlighted company name).
    let typed = 0;
    const newTitle = titleRun.replace(/<a:t>[^<]*<\/a:t>/g, () => (typed++ ? '<a:t></a:t>' : `<a:t>${escapeXml(title)}</a:t>`));
    const box =
      `<p:sp><p:nvSpPr><p:cNvPr id="9" name="TextBox 8"/><p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr><p:spPr><a:xfrm><a:off x="548640" y="1600200"/><a:ext cx="9000000" cy="2000000"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/></p:spPr>` +
      `<p:txBody><a:bodyPr wrap="square" rtlCol="0"><a:spAutoFit/></a:bodyPr><a:lstStyle/>${bullets
        .map((b) => `<a:p><a:pPr marL="342900" indent="-342900"><a:buFont typeface="Arial" panose="020B0604020202020204" pitchFamily="34" charset="0"/><a:buChar char="&#8226;"/></a:pPr><a:r><a:rPr lang="ja-JP" altLang="en-US" sz="2400" dirty="0"/><a:t>${escapeXml(b)}</a:t></a:r></a:p>`)
        .join('')}</p:txBody></p:sp>`;
    const tree = /(<p:spTree>[\s\S]*?<\/p:grpSpPr>)[\s\S]*(<\/p:spTree>)/.exec(xml)!;
    this.set(copy, xml.replace(tree[0], `${tree[1]}${newTitle}${box}${tree[2]}`));
    const nx = this.get(notesPart);
    this.set(notesPart, nx.replace(/(<p:txBody>(?:(?!<\/p:txBody>)[\s\S])*?\[slide: [^\]]*\][\s\S]*?)<\/p:txBody>/, (m) => m.replace(/<a:p>[\s\S]*<\/a:p>/, `<a:p><a:r><a:rPr lang="ja-JP" altLang="en-US" dirty="0"/><a:t>${escapeXml(notes)}</a:t></a:r></a:p>`)));
  }

  /** Edits the text of a run on a given slide part (for a duplicated slide, whose id is shared). */
  retypeIn(part: string, from: string, to: string): void {
    const xml = this.get(part);
    const needle = `<a:t>${escapeXml(from)}</a:t>`;
    if (!xml.includes(needle)) throw new Error(`no text "${from}" in ${part}`);
    this.set(part, xml.replace(needle, `<a:t>${escapeXml(to)}</a:t>`));
  }

  /**
   * The shape named `shape` on the slide `id` (as the pptx target names the shapes of a visual
   * block, `Steps 1 · step 2`): its part and where its element starts and ends there.
   */
  shapeOf(id: string, shape: string): { part: string; start: number; end: number } {
    const part = this.slideOf(id);
    const xml = this.get(part);
    const at = xml.indexOf(` name="${escapeXml(shape)}"`);
    if (at < 0) throw new Error(`no shape "${shape}" on ${id}`);
    const start = Math.max(...['<p:sp>', '<p:pic>', '<p:graphicFrame>', '<p:sp ', '<p:pic ', '<p:graphicFrame '].map((t) => xml.lastIndexOf(t, at)));
    const tag = /^<([\w:]+)/.exec(xml.slice(start))![1]!;
    const end = xml.indexOf(`</${tag}>`, at) + tag.length + 3;
    return { part, start, end };
  }

  /** Retypes text inside one shape, as a person does who clicks into it and types. */
  retypeShape(id: string, shape: string, from: string, to: string): void {
    const { part, start, end } = this.shapeOf(id, shape);
    const xml = this.get(part);
    const el = xml.slice(start, end);
    const needle = `<a:t>${escapeXml(from)}</a:t>`;
    if (!el.includes(needle)) throw new Error(`no text "${from}" in the shape "${shape}" on ${id}`);
    this.set(part, xml.slice(0, start) + el.replace(needle, `<a:t>${escapeXml(to)}</a:t>`) + xml.slice(end));
  }

  /** Deletes one shape from a slide (its parts, a picture's or chart's, stay, as PowerPoint leaves them until it saves). */
  deleteShape(id: string, shape: string): void {
    const { part, start, end } = this.shapeOf(id, shape);
    const xml = this.get(part);
    this.set(part, xml.slice(0, start) + xml.slice(end));
  }

  /** The part a shape's picture or chart is in (the target of its r:embed or r:id). */
  partOf(id: string, shape: string): string {
    const { part, start, end } = this.shapeOf(id, shape);
    const el = this.get(part).slice(start, end);
    const rid = /r:(?:embed|id)="([^"]+)"/.exec(el)?.[1];
    if (!rid) throw new Error(`the shape "${shape}" on ${id} names no part`);
    const rels = this.get(part.replace(/slides\/(slide\d+\.xml)$/, 'slides/_rels/$1.rels'));
    const target = new RegExp(`Id="${rid}"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="${rid}"`).exec(rels)!.slice(1).find(Boolean)!;
    return target.startsWith('/') ? target.slice(1) : posix.normalize(posix.join(posix.dirname(part), target));
  }

  /**
   * A paragraph typed at the end of the slide's body placeholder, with no formatting of its own
   * but its outline level (Tab in PowerPoint): it looks as the layout and master style it.
   */
  typeIntoBody(id: string, text: string, level = 0): void {
    const part = this.slideOf(id);
    const xml = this.get(part);
    const body = [...xml.matchAll(/<p:sp>(?:(?!<\/p:sp>)[\s\S])*?<p:ph[^>]*type="body"[\s\S]*?<\/p:sp>/g)][0];
    if (!body) throw new Error(`no body placeholder on ${id}`);
    const el = body[0];
    const at = el.lastIndexOf('</p:txBody>');
    const typed = `<a:p>${level ? `<a:pPr lvl="${level}"/>` : ''}<a:r><a:rPr lang="en-US" dirty="0"/><a:t>${escapeXml(text)}</a:t></a:r></a:p>`;
    this.set(part, xml.replace(el, el.slice(0, at) + typed + el.slice(at)));
  }

  /** Moves the slide `id` to just before the slide `before`. */
  moveBefore(id: string, before: string): void {
    const rels = this.get('ppt/_rels/presentation.xml.rels');
    const ridOf = (slideId: string) => new RegExp(`Id="(rId\\d+)"[^>]*Target="${escapeRe(this.slideOf(slideId).replace(/^ppt\//, ''))}"`).exec(rels)![1]!;
    const a = ridOf(id);
    const b = ridOf(before);
    let pres = this.get('ppt/presentation.xml');
    const el = new RegExp(`<p:sldId id="\\d+" r:id="${a}"/>`).exec(pres)![0];
    pres = pres.replace(el, '');
    pres = pres.replace(new RegExp(`(<p:sldId id="\\d+" r:id="${b}"/>)`), `${el}$1`);
    this.set('ppt/presentation.xml', pres);
  }

  /**
   * Records narration on a slide the way PowerPoint's "Record Slide Show" stores it: the sound
   * as a media part, its content type, a speaker-icon picture whose non-visual properties link
   * the sound twice (a:audioFile r:link to an …/audio relationship, p14:media r:embed to a
   * …/2007/relationships/media one), and a timing node that plays it when the slide opens.
   */
  recordNarration(id: string, sound: Uint8Array, ext: string, contentType: string): string {
    const part = this.slideOf(id);
    const relsPart = part.replace(/slides\/(slide\d+\.xml)$/, 'slides/_rels/$1.rels');
    let n = 1;
    while (this.parts[`ppt/media/media${n}.${ext}`] || this.parts[`ppt/media/media${n}.png`]) n++;
    const media = `media${n}.${ext}`;
    const icon = `media${n}.png`;
    this.parts[`ppt/media/${media}`] = sound;
    this.parts[`ppt/media/${icon}`] = ONE_PIXEL_PNG;
    let types = this.get('[Content_Types].xml');
    for (const [e, t] of [[ext, contentType], ['png', 'image/png']] as const) {
      if (!new RegExp(`<Default Extension="${e}"`, 'i').test(types)) types = types.replace('<Default ', `<Default Extension="${e}" ContentType="${t}"/><Default `);
    }
    this.set('[Content_Types].xml', types);
    const rels = this.get(relsPart);
    const rid = (k: number) => `rIdRec${n}${k}`;
    this.set(
      relsPart,
      rels.replace(
        '</Relationships>',
        `<Relationship Id="${rid(1)}" Type="http://schemas.microsoft.com/office/2007/relationships/media" Target="../media/${media}"/>` +
          `<Relationship Id="${rid(2)}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/audio" Target="../media/${media}"/>` +
          `<Relationship Id="${rid(3)}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="../media/${icon}"/></Relationships>`,
      ),
    );
    let xml = this.get(part);
    const ids = [...xml.matchAll(/<p:cNvPr id="(\d+)"/g)].map((m) => Number(m[1]));
    const spid = Math.max(1, ...ids) + 1;
    const pic =
      `<p:pic><p:nvPicPr><p:cNvPr id="${spid}" name="Audio Recording ${n}"><a:hlinkClick r:id="" action="ppaction://media"/></p:cNvPr><p:cNvPicPr><a:picLocks noChangeAspect="1"/></p:cNvPicPr>` +
      `<p:nvPr><a:audioFile r:link="${rid(2)}"/><p:extLst><p:ext uri="{DAA4B4D4-6D71-4841-9C94-3DE7FCFB9230}"><p14:media xmlns:p14="http://schemas.microsoft.com/office/powerpoint/2010/main" r:embed="${rid(1)}"/></p:ext></p:extLst></p:nvPr></p:nvPicPr>` +
      `<p:blipFill><a:blip r:embed="${rid(3)}"/><a:stretch><a:fillRect/></a:stretch></p:blipFill>` +
      `<p:spPr><a:xfrm><a:off x="11277600" y="6096000"/><a:ext cx="487680" cy="487680"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr></p:pic>`;
    xml = xml.replace('</p:spTree>', `${pic}</p:spTree>`);
    const timing =
      `<p:timing><p:tnLst><p:par><p:cTn id="1" dur="indefinite" restart="never" nodeType="tmRoot"><p:childTnLst>` +
      `<p:audio><p:cMediaNode vol="80000" showWhenStopped="0"><p:cTn id="2" fill="hold" display="0"><p:stCondLst><p:cond delay="indefinite"/></p:stCondLst></p:cTn>` +
      `<p:tgtEl><p:spTgt spid="${spid}"/></p:tgtEl></p:cMediaNode></p:audio></p:childTnLst></p:cTn></p:par></p:tnLst></p:timing>`;
    // p:sld's children in schema order: cSld, clrMapOvr, transition, timing, extLst.
    const after = ['</p:transition>', '</p:clrMapOvr>', '</p:cSld>'].find((tag) => xml.includes(tag))!;
    const at = xml.lastIndexOf(after) + after.length;
    if (!xml.includes('<p:timing')) xml = xml.slice(0, at) + timing + xml.slice(at);
    this.set(part, xml);
    return `ppt/media/${media}`;
  }
}

export function escapeXml(s: string): string {
  return s.replace(/[&<>"]/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[ch]!).replace(/'/g, '&apos;');
}

export function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A zip written byte by byte, for packages no zip library would write: entry names that climb
 * out of the folder, sizes that lie, a bomb, a symbolic link. Entries are deflated (or stored)
 * as given; `unixMode` marks an entry as made on Unix with that file mode (0o120777: a link).
 */
export function rawZip(entries: { name: string; data: Uint8Array; method?: 0 | 8; declaredSize?: number; deflated?: Uint8Array; unixMode?: number }[]): Uint8Array {
  const chunks: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  const enc = new TextEncoder();
  for (const e of entries) {
    const name = enc.encode(e.name);
    const method = e.method ?? 0;
    const body = method === 8 ? e.deflated! : e.data;
    const crc = crc32(e.data);
    const size = e.declaredSize ?? e.data.length;
    const local = new DataView(new ArrayBuffer(30));
    local.setUint32(0, 0x04034b50, true);
    local.setUint16(4, 20, true);
    local.setUint16(8, method, true);
    local.setUint32(14, crc, true);
    local.setUint32(18, body.length, true);
    local.setUint32(22, size, true);
    local.setUint16(26, name.length, true);
    chunks.push(new Uint8Array(local.buffer), name, body);
    const cd = new DataView(new ArrayBuffer(46));
    cd.setUint32(0, 0x02014b50, true);
    // Version made by: the high byte is the host system, 3 = Unix (whose mode the attributes hold).
    cd.setUint16(4, e.unixMode === undefined ? 20 : (3 << 8) | 20, true);
    cd.setUint16(6, 20, true);
    cd.setUint16(10, method, true);
    cd.setUint32(16, crc, true);
    cd.setUint32(20, body.length, true);
    cd.setUint32(24, size, true);
    cd.setUint16(28, name.length, true);
    if (e.unixMode !== undefined) cd.setUint32(38, (e.unixMode << 16) >>> 0, true);
    cd.setUint32(42, offset, true);
    central.push(new Uint8Array(cd.buffer), name);
    offset += 30 + name.length + body.length;
  }
  const cdSize = central.reduce((n, c) => n + c.length, 0);
  const end = new DataView(new ArrayBuffer(22));
  end.setUint32(0, 0x06054b50, true);
  end.setUint16(8, entries.length, true);
  end.setUint16(10, entries.length, true);
  end.setUint32(12, cdSize, true);
  end.setUint32(16, offset, true);
  const all = [...chunks, ...central, new Uint8Array(end.buffer)];
  const out = new Uint8Array(all.reduce((n, c) => n + c.length, 0));
  let p = 0;
  for (const c of all) {
    out.set(c, p);
    p += c.length;
  }
  return out;
}

function crc32(data: Uint8Array): number {
  let c = -1;
  for (let i = 0; i < data.length; i++) {
    c ^= data[i]!;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  }
  return (c ^ -1) >>> 0;
}

/** An Excel manuscript edited through exceljs, as a customer's spreadsheet program would save it. */
export async function editWorkbook(bytes: Uint8Array, edit: (wb: ExcelJS.Workbook) => void): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
  edit(wb);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/** The row of a sheet whose column `col` holds `id`. */
export function rowWithId(ws: ExcelJS.Worksheet, col: string, id: string): ExcelJS.Row {
  let found: ExcelJS.Row | undefined;
  ws.eachRow((row) => {
    if (row.getCell(col).value === id) found = row;
  });
  if (!found) throw new Error(`no row ${id} on ${ws.name}`);
  return found;
}

/**
 * The workbook `bytes` with a sheet of the workbook `from` copied in, values only, as someone
 * copies a sheet from one workbook into another (the learner's test into the trainer's).
 */
export async function withSheetCopied(bytes: Uint8Array, from: Uint8Array, sheetName: string): Promise<Uint8Array> {
  const source = new ExcelJS.Workbook();
  await source.xlsx.load(Buffer.from(from) as unknown as ExcelJS.Buffer);
  const ws = source.getWorksheet(sheetName);
  if (!ws) throw new Error(`no sheet ${sheetName}`);
  return editWorkbook(bytes, (wb) => {
    const copy = wb.addWorksheet(sheetName);
    ws.eachRow((row, r) => row.eachCell((cell, c) => void (copy.getCell(r, c).value = cell.value)));
  });
}

/** A 1×1 transparent PNG: the speaker icon's stand-in. */
const ONE_PIXEL_PNG = Uint8Array.from(atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=='), (c) => c.charCodeAt(0));
