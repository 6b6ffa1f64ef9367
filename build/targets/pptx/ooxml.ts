/**
 * Finishing pptxgenjs's output, part by part, so the file is what PowerPoint itself would
 * write and the same sources give the same bytes:
 * - every run, paragraph end and default run property names the language's font as Latin,
 *   East Asian and complex-script font (pptxgenjs tags its East Asian font with the Simplified
 *   Chinese charset, which PowerPoint may use to substitute a Chinese font for Japanese text);
 *   the theme's fonts name it too, so text typed later by a customer gets it as well;
 * - a paragraph has one `<a:pPr>`, first (pptxgenjs repeats it before every run, which is
 *   invalid and makes PowerPoint offer to repair the file), and shape ids are unique per slide;
 * - bullets and numbers take the theme's mark colour;
 * - each slide carries its stable id as its name (`<p:cSld name="what_is/elements">`), and its
 *   notes end with a marker paragraph `[slide: what_is/elements]`; the notes are one paragraph
 *   per paragraph of narration;
 * - the body placeholder sits where the plan puts it, under the plan's name, and an empty one
 *   is removed; a speech bubble's tail points where the plan says (its adjustment values);
 * - charts are numbered from 1 in every build and their workbooks have fixed dates; a picture
 *   used several times is stored once;
 * - docProps/core.xml has fixed dates, docProps/app.xml the real fonts, titles and hidden
 *   slides, and the zip fixed entry times and order.
 */
import { createHash } from 'node:crypto';
import { unzipSync } from 'fflate';
import type { Part } from '../jszip-parts.ts';
import type { OutputFile } from '../target.ts';
import { zip } from '../zip.ts';
import type { Deck } from './deck.ts';
import { langTag, NARRATION_SHAPE } from './render.ts';
import type { Palette } from './theme.ts';

/** The date written as created and modified, so builds are reproducible. */
export const FIXED_DATE = '2020-01-01T00:00:00Z';

export function escapeXml(s: string): string {
  return s.replace(/[&<>"]/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[ch]!);
}

/** The marker line at the end of every slide's notes; issue 7 reads the id back from it. */
export function idMarker(id: string): string {
  return `[slide: ${id}]`;
}

const fontTrio = (font: string) => `<a:latin typeface="${escapeXml(font)}"/><a:ea typeface="${escapeXml(font)}"/><a:cs typeface="${escapeXml(font)}"/>`;

/** Children of a:rPr that must come after the fonts (ECMA-376 CT_TextCharacterProperties). */
const afterFonts = /<a:(sym|hlinkClick|hlinkMouseOver|rtl|extLst)\b/;

/**
 * Every run property element (`a:rPr`, `a:endParaRPr`, `a:defRPr`) names `font` as its Latin,
 * East Asian and complex-script font, and carries the language; theme references (`+mn-lt`)
 * in the master's text styles are left alone.
 */
export function setRunFonts(xml: string, font: string, lang: string): string {
  const tag = langTag(lang);
  return xml.replace(/<a:(rPr|endParaRPr|defRPr)\b([^>]*?)(\/>|>([\s\S]*?)<\/a:\1>)/g, (_m, name: string, attrs: string, _end: string, inner: string | undefined) => {
    let a = attrs.replace(/\s+lang="[^"]*"/, '').replace(/\s+altLang="[^"]*"/, '');
    if (name !== 'defRPr' || /\slang=/.test(attrs)) a = ` lang="${tag}"${tag === 'en-US' ? '' : ' altLang="en-US"'}${a}`;
    let body = inner ?? '';
    if (/<a:(latin|ea|cs) typeface="\+/.test(body)) return `<a:${name}${attrs}>${body}</a:${name}>`;
    body = body.replace(/<a:(latin|ea|cs)\b[^>]*\/>/g, '');
    const at = body.search(afterFonts);
    body = at < 0 ? body + fontTrio(font) : body.slice(0, at) + fontTrio(font) + body.slice(at);
    return `<a:${name}${a}>${body}</a:${name}>`;
  });
}

/** Keeps only a leading `<a:pPr>` in each paragraph. */
export function dropStrayParagraphProps(xml: string): string {
  return xml.replace(/<a:p>([\s\S]*?)<\/a:p>/g, (_m, inner: string) => {
    const lead = /^(<a:pPr\b[^>]*\/>|<a:pPr\b[^>]*>[\s\S]*?<\/a:pPr>)/.exec(inner);
    const head = lead ? lead[0] : '';
    const rest = inner.slice(head.length).replace(/<a:pPr\b[^>]*\/>|<a:pPr\b[^>]*>[\s\S]*?<\/a:pPr>/g, '');
    return `<a:p>${head}${rest}</a:p>`;
  });
}

/** Shape ids numbered 1, 2, 3… in document order: unique within the slide, as PowerPoint requires. */
export function renumberShapes(xml: string): string {
  let n = 0;
  return xml.replace(/<p:cNvPr id="\d+"/g, () => `<p:cNvPr id="${++n}"`);
}

/**
 * A slide's recorded narration as PowerPoint stores slide audio: pptxgenjs writes a sound as a
 * video (`a:videoFile`) and gives it no timing, so the slide show would neither know it is
 * sound nor play it. The narration's picture (named `narrationShape`) gets `a:audioFile`, and
 * the slide a timing that plays it from the start as the slide opens (a media call in the main
 * sequence, after the previous item) and keeps its icon hidden while it is not playing, as
 * PowerPoint's "Play automatically" and "Hide during show" do. `ms` is its length.
 */
export function playNarration(xml: string, narrationShape: string, ms: number): string {
  const pic = new RegExp(`<p:pic>(?:(?!</p:pic>)[\\s\\S])*?<p:cNvPr id="(\\d+)" name="${narrationShape.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"(?:(?!</p:pic>)[\\s\\S])*?</p:pic>`);
  const m = pic.exec(xml);
  if (!m) throw new Error(`pptx: the slide has no picture "${narrationShape}" to play as its narration.`);
  const spid = m[1]!;
  const fixed = m[0].replace('<a:videoFile ', '<a:audioFile ');
  xml = xml.replace(m[0], fixed);
  const target = `<p:tgtEl><p:spTgt spid="${spid}"/></p:tgtEl>`;
  const timing =
    '<p:timing><p:tnLst><p:par><p:cTn id="1" dur="indefinite" restart="never" nodeType="tmRoot"><p:childTnLst>' +
    '<p:seq concurrent="1" nextAc="seek"><p:cTn id="2" dur="indefinite" nodeType="mainSeq"><p:childTnLst>' +
    '<p:par><p:cTn id="3" fill="hold"><p:stCondLst><p:cond delay="indefinite"/><p:cond evt="onBegin" delay="0"><p:tn val="2"/></p:cond></p:stCondLst><p:childTnLst>' +
    '<p:par><p:cTn id="4" fill="hold"><p:stCondLst><p:cond delay="0"/></p:stCondLst><p:childTnLst>' +
    '<p:par><p:cTn id="5" presetID="1" presetClass="mediacall" presetSubtype="0" fill="hold" nodeType="afterEffect"><p:stCondLst><p:cond delay="0"/></p:stCondLst><p:childTnLst>' +
    `<p:cmd type="call" cmd="playFrom(0.0)"><p:cBhvr><p:cTn id="6" dur="${Math.max(1, Math.round(ms))}" fill="hold"/>${target}</p:cBhvr></p:cmd>` +
    '</p:childTnLst></p:cTn></p:par></p:childTnLst></p:cTn></p:par></p:childTnLst></p:cTn></p:par>' +
    '</p:childTnLst></p:cTn><p:prevCondLst><p:cond evt="onPrev" delay="0"><p:tgtEl><p:sldTgt/></p:tgtEl></p:cond></p:prevCondLst>' +
    '<p:nextCondLst><p:cond evt="onNext" delay="0"><p:tgtEl><p:sldTgt/></p:tgtEl></p:cond></p:nextCondLst></p:seq>' +
    `<p:audio><p:cMediaNode vol="80000" showWhenStopped="0"><p:cTn id="7" fill="hold" display="0"><p:stCondLst><p:cond delay="indefinite"/></p:stCondLst></p:cTn>${target}</p:cMediaNode></p:audio>` +
    '</p:childTnLst></p:cTn></p:par></p:tnLst></p:timing>';
  if (xml.includes('<p:timing')) throw new Error('pptx: the slide already has a timing; the narration cannot be added to it.');
  // p:sld's children in schema order: cSld, clrMapOvr, transition, timing, extLst.
  const after = ['</p:transition>', '</p:clrMapOvr>', '</p:cSld>'].find((tag) => xml.includes(tag))!;
  const at = xml.lastIndexOf(after) + after.length;
  return xml.slice(0, at) + timing + xml.slice(at);
}

/** Bullets and autonumbers in the mark colour. */
export function colourBullets(xml: string, colour: string): string {
  return xml.replace(/(<a:pPr\b[^>]*>)((?:<a:spc(?:Bef|Aft)><a:spc(?:Pts|Pct) [^>]*\/><\/a:spc(?:Bef|Aft)>)*)(<a:buSzPct)/g, (_m, open: string, spacing: string, sz: string) => `${open}${spacing}<a:buClr><a:srgbClr val="${colour}"/></a:buClr>${sz}`);
}

function notesParagraphs(paragraphs: string[], id: string, font: string, lang: string): string {
  const tag = langTag(lang);
  const langAttrs = `lang="${tag}"${tag === 'en-US' ? '' : ' altLang="en-US"'}`;
  const para = (text: string, extra = '', fill = '') => `<a:p><a:r><a:rPr ${langAttrs}${extra} dirty="0">${fill}${fontTrio(font)}</a:rPr><a:t>${escapeXml(text)}</a:t></a:r></a:p>`;
  const body = paragraphs.map((p) => para(p)).join('');
  // A quiet last paragraph: trainers can ignore it, a reader of the edited file finds the slide.
  return body + para(idMarker(id), ' sz="900"', '<a:solidFill><a:srgbClr val="808080"/></a:solidFill>');
}

/** Replaces the notes placeholder's text with one paragraph per paragraph of the notes. */
export function rewriteNotes(xml: string, paragraphs: string[], id: string, font: string, lang: string): string {
  const re = /(<p:cNvPr id="\d+" name="Notes Placeholder[^"]*"\/?>[\s\S]*?<p:txBody>)[\s\S]*?(<\/p:txBody>)/;
  if (!re.test(xml)) throw new Error('pptx: the notes slide has no notes placeholder to write the narration into.');
  return xml.replace(re, (_m, head: string, tail: string) => `${head}<a:bodyPr/><a:lstStyle/>${notesParagraphs(paragraphs, id, font, lang)}${tail}`);
}

/** The title placeholder is named "Title", as PowerPoint names it (pptxgenjs calls it "Text 1"). */
export function nameTitleShape(xml: string): string {
  return xml.replace(/<p:sp>(?:(?!<\/p:sp>)[\s\S])*?<\/p:sp>/g, (sp) => (/<p:ph\b[^>]*\btype="title"/.test(sp) ? sp.replace(/(<p:cNvPr id="\d+") name="[^"]*"/, '$1 name="Title"') : sp));
}

export function setSlideName(xml: string, name: string): string {
  return xml.replace(/<p:cSld(?: name="[^"]*")?>/, `<p:cSld name="${escapeXml(name)}">`);
}

/** The theme's heading and body fonts: the language's font for every script. */
export function setThemeFonts(xml: string, font: string, lang: string): string {
  return xml.replace(/<a:(majorFont|minorFont)>([\s\S]*?)<\/a:\1>/g, (_m, name: string, inner: string) => {
    let rest = inner.replace(/^<a:latin\b[^>]*\/>(<a:ea\b[^>]*\/>)?(<a:cs\b[^>]*\/>)?/, '');
    // Japanese text typed into a Japanese deck gets the course's font, not the theme's Yu Gothic.
    if (lang === 'ja') rest = rest.replace(/<a:font script="Jpan" typeface="[^"]*"\/>/, `<a:font script="Jpan" typeface="${escapeXml(font)}"/>`);
    return `<a:${name}>${fontTrio(font)}${rest}</a:${name}>`;
  });
}

/** pptxgenjs writes the time of the build; a date left unfixed would change every build's bytes. */
export function fixCoreDates(xml: string): string {
  let fixed = 0;
  const out = xml.replace(/(<dcterms:(created|modified) xsi:type="dcterms:W3CDTF">)[^<]*(<\/dcterms:\2>)/g, (_m, open: string, _name: string, close: string) => {
    fixed++;
    return `${open}${FIXED_DATE}${close}`;
  });
  if (fixed !== 2) throw new Error(`pptx: docProps/core.xml has ${fixed} of its two dates where the build expects them; fixCoreDates needs updating for this pptxgenjs.`);
  return out;
}

/**
 * docProps/app.xml as PowerPoint keeps it: the font actually used, the slide titles and the
 * number of hidden slides (pptxgenjs lists Arial and Calibri, "Slide 1"… and no hidden slides).
 */
export function fixAppProps(xml: string, deck: Deck): string {
  const titles = deck.slides.map((s) => `<vt:lpstr>${escapeXml(s.title)}</vt:lpstr>`).join('');
  const heading = (name: string, n: number) => `<vt:variant><vt:lpstr>${name}</vt:lpstr></vt:variant><vt:variant><vt:i4>${n}</vt:i4></vt:variant>`;
  return xml
    .replace(/<HiddenSlides>\d+<\/HiddenSlides>/, `<HiddenSlides>${deck.slides.filter((s) => s.hidden).length}</HiddenSlides>`)
    .replace(/<PresentationFormat>[^<]*<\/PresentationFormat>/, '<PresentationFormat>Widescreen</PresentationFormat>')
    .replace(
      /<HeadingPairs>[\s\S]*<\/TitlesOfParts>/,
      `<HeadingPairs><vt:vector size="6" baseType="variant">${heading('Fonts Used', 1)}${heading('Theme', 1)}${heading('Slide Titles', deck.slides.length)}</vt:vector></HeadingPairs>` +
        `<TitlesOfParts><vt:vector size="${deck.slides.length + 2}" baseType="lpstr"><vt:lpstr>${escapeXml(deck.font)}</vt:lpstr><vt:lpstr>Office Theme</vt:lpstr>${titles}</vt:vector></TitlesOfParts>`,
    );
}

const EMU_PER_INCH = 914400;
const emu = (inches: number) => Math.round(inches * EMU_PER_INCH);

/** Each `<p:sp>` of a slide, with where it starts. */
function shapesOf(xml: string): { sp: string; at: number }[] {
  return [...xml.matchAll(/<p:sp>(?:(?!<\/p:sp>)[\s\S])*?<\/p:sp>/g)].map((m) => ({ sp: m[0], at: m.index }));
}

const isBodyPlaceholder = (sp: string) => /<p:ph\b[^>]*\btype="body"/.test(sp);

/**
 * The slide's body placeholder where the plan puts it, under the plan's name (pptxgenjs gives
 * a placeholder the layout's place and a name of its own); removed when the slide has no text
 * for it, so an empty "Click to add text" box does not lie over a diagram.
 */
export function placeBodyPlaceholder(xml: string, planned: { name: string; box: { x: number; y: number; w: number; h: number } } | null): string {
  let out = xml;
  for (const { sp } of shapesOf(xml).reverse()) {
    if (!isBodyPlaceholder(sp)) continue;
    if (!planned) {
      if (!/<a:t>[^<]/.test(sp)) out = out.replace(sp, '');
      continue;
    }
    const b = planned.box;
    const placed = sp
      .replace(/(<p:cNvPr id="\d+") name="[^"]*"/, `$1 name="${escapeXml(planned.name)}"`)
      .replace(/<a:off x="-?\d+" y="-?\d+"\/><a:ext cx="\d+" cy="\d+"\/>/, `<a:off x="${emu(b.x)}" y="${emu(b.y)}"/><a:ext cx="${emu(b.w)}" cy="${emu(b.h)}"/>`);
    out = out.replace(sp, placed);
  }
  return out;
}

/** A preset shape's adjustment values (`adj1`, `adj2`…), on the shape of that name. */
export function setAdjustments(xml: string, name: string, values: number[]): string {
  const target = `name="${escapeXml(name)}"`;
  const found = shapesOf(xml).find(({ sp }) => sp.includes(target));
  if (!found) throw new Error(`pptx: no shape named "${name}" to adjust.`);
  const gd = values.map((v, i) => `<a:gd name="adj${i + 1}" fmla="val ${Math.round(v)}"/>`).join('');
  const adjusted = found.sp.replace(/<a:avLst\s*\/>|<a:avLst>[\s\S]*?<\/a:avLst>/, `<a:avLst>${gd}</a:avLst>`);
  return xml.slice(0, found.at) + adjusted + xml.slice(found.at + found.sp.length);
}

/**
 * pptxgenjs numbers charts across every deck the process makes (chart3.xml in the second
 * build), which would make two builds of one course differ: the charts, their relationships
 * and their workbooks are renumbered from 1 in the order they were made.
 */
export function renumberCharts(parts: ReadonlyMap<string, Part>): Map<string, Part> {
  const ids = [...parts.keys()].flatMap((p) => /^ppt\/charts\/chart(\d+)\.xml$/.exec(p)?.[1] ?? []).map(Number).sort((a, b) => a - b);
  const to = new Map(ids.map((id, i) => [id, i + 1]));
  if (ids.every((id, i) => id === i + 1)) return new Map(parts);
  const rename = (s: string) => s.replace(/\b(chart|Microsoft_Excel_Worksheet)(\d+)\.(xml|xlsx)\b/g, (m, stem: string, n: string, ext: string) => (to.has(Number(n)) ? `${stem}${to.get(Number(n))}.${ext}` : m));
  const out = new Map<string, Part>();
  for (const [path, data] of parts) {
    const refers = path === '[Content_Types].xml' || /^ppt\/(slides|charts)\/_rels\//.test(path);
    out.set(rename(path), refers ? rename(text(data)) : data);
  }
  return out;
}

/**
 * One copy of each picture: pptxgenjs writes an image file per use, and a deck shows the same
 * icon in the same colour on many slides. The slides' relationships point at the first copy,
 * as PowerPoint's own files do.
 */
export function shareMedia(parts: ReadonlyMap<string, Part>): Map<string, Part> {
  const kept = new Map<string, string>();
  const moved = new Map<string, string>();
  for (const [path, data] of parts) {
    if (!path.startsWith('ppt/media/') || typeof data === 'string') continue;
    const key = `${path.slice(path.lastIndexOf('.'))}:${createHash('sha256').update(data).digest('hex')}`;
    const first = kept.get(key);
    if (first) moved.set(path.slice('ppt/media/'.length), first.slice('ppt/media/'.length));
    else kept.set(key, path);
  }
  if (!moved.size) return new Map(parts);
  const out = new Map<string, Part>();
  for (const [path, data] of parts) {
    if (moved.has(path.slice('ppt/media/'.length)) && path.startsWith('ppt/media/')) continue;
    out.set(path, /^ppt\/slides\/_rels\//.test(path) ? text(data).replace(/Target="\.\.\/media\/([^"]+)"/g, (m, file: string) => (moved.has(file) ? `Target="../media/${moved.get(file)}"` : m)) : data);
  }
  return out;
}

/** A chart's workbook with fixed dates inside and fixed times on its entries. */
export function fixEmbeddedWorkbook(bytes: Uint8Array): Uint8Array {
  const entries = unzipSync(bytes);
  // JSZip wrote its folders as entries of their own; a package needs none.
  return zip(Object.entries(entries).filter(([path]) => !path.endsWith('/')).map(([path, contents]) => ({ path, contents: path === 'docProps/core.xml' ? encoder.encode(fixCoreDates(decoder.decode(contents))) : contents })));
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const text = (part: Part): string => (typeof part === 'string' ? part : decoder.decode(part));

/** The finished package: pptxgenjs's parts fixed as described above, zipped in a fixed order. */
export function finishPackage(given: ReadonlyMap<string, Part>, deck: Deck, pal: Palette): Uint8Array {
  const parts = shareMedia(renumberCharts(given));
  const out: OutputFile[] = [];
  const font = deck.font;
  // [Content_Types].xml first, as Office writes it; the rest in pptxgenjs's (fixed) order.
  const order = [...parts.keys()].sort((a, b) => Number(b === '[Content_Types].xml') - Number(a === '[Content_Types].xml'));
  for (const path of order) {
    let data = parts.get(path)!;
    const slide = /^ppt\/slides\/slide(\d+)\.xml$/.exec(path);
    const notes = /^ppt\/notesSlides\/notesSlide(\d+)\.xml$/.exec(path);
    if (slide || notes || /^ppt\/(slideLayouts|slideMasters|notesMasters)\/[^/]+\.xml$/.test(path)) {
      let xml = text(data);
      xml = dropStrayParagraphProps(xml);
      if (slide) {
        const planned = deck.slides[Number(slide[1]) - 1];
        if (!planned) throw new Error(`pptx: ${path} has no planned slide.`);
        xml = nameTitleShape(setSlideName(xml, planned.id));
        const body = planned.shapes.find((sh) => sh.type === 'text' && sh.placeholder);
        xml = placeBodyPlaceholder(xml, body ? { name: body.name ?? 'Text', box: body.box } : null);
        for (const sh of planned.shapes) if (sh.type === 'shape' && sh.adjust) xml = setAdjustments(xml, sh.name, sh.adjust);
        xml = colourBullets(xml, pal.mark);
      }
      if (!notes) xml = renumberShapes(xml);
      if (slide) {
        const narration = deck.slides[Number(slide[1]) - 1]!.narration;
        if (narration) xml = playNarration(xml, NARRATION_SHAPE, narration.seconds * 1000);
      }
      if (notes) {
        const planned = deck.slides[Number(notes[1]) - 1];
        if (!planned) throw new Error(`pptx: ${path} has no planned slide.`);
        xml = rewriteNotes(xml, planned.notes, planned.id, font, deck.lang);
      }
      data = setRunFonts(xml, font, deck.lang);
    } else if (/^ppt\/charts\/chart\d+\.xml$/.test(path)) {
      data = setRunFonts(text(data), font, deck.lang);
    } else if (/^ppt\/embeddings\/[^/]+\.xlsx$/.test(path)) {
      data = fixEmbeddedWorkbook(typeof data === 'string' ? encoder.encode(data) : data);
    } else if (path === 'ppt/theme/theme1.xml') {
      data = setThemeFonts(text(data), font, deck.lang);
    } else if (path === '[Content_Types].xml') {
      // pptxgenjs names a sound's type after its extension (audio/m4a, audio/mp3); these are the registered ones.
      data = text(data).replace(/ContentType="audio\/m4a"/g, 'ContentType="audio/mp4"').replace(/ContentType="audio\/mp3"/g, 'ContentType="audio/mpeg"');
    } else if (path === 'docProps/app.xml') {
      data = fixAppProps(text(data), deck);
    } else if (path === 'docProps/core.xml') {
      data = fixCoreDates(text(data));
    }
    out.push({ path, contents: typeof data === 'string' ? encoder.encode(data) : data });
  }
  return zip(out);
}
