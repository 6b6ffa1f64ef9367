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
 * - docProps/core.xml has fixed dates, docProps/app.xml the real fonts, titles and hidden
 *   slides, and the zip fixed entry times and order.
 */
import type { Part } from '../jszip-parts.ts';
import type { OutputFile } from '../target.ts';
import { zip } from '../zip.ts';
import type { Deck } from './deck.ts';
import { langTag } from './render.ts';
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

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const text = (part: Part): string => (typeof part === 'string' ? part : decoder.decode(part));

/** The finished package: pptxgenjs's parts fixed as described above, zipped in a fixed order. */
export function finishPackage(parts: ReadonlyMap<string, Part>, deck: Deck, pal: Palette): Uint8Array {
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
      if (!notes) xml = renumberShapes(xml);
      if (slide) {
        const planned = deck.slides[Number(slide[1]) - 1];
        if (!planned) throw new Error(`pptx: ${path} has no planned slide.`);
        xml = nameTitleShape(setSlideName(xml, planned.id));
        xml = colourBullets(xml, pal.mark);
      }
      if (notes) {
        const planned = deck.slides[Number(notes[1]) - 1];
        if (!planned) throw new Error(`pptx: ${path} has no planned slide.`);
        xml = rewriteNotes(xml, planned.notes, planned.id, font, deck.lang);
      }
      data = setRunFonts(xml, font, deck.lang);
    } else if (path === 'ppt/theme/theme1.xml') {
      data = setThemeFonts(text(data), font, deck.lang);
    } else if (path === 'docProps/app.xml') {
      data = fixAppProps(text(data), deck);
    } else if (path === 'docProps/core.xml') {
      data = fixCoreDates(text(data));
    }
    out.push({ path, contents: typeof data === 'string' ? encoder.encode(data) : data });
  }
  return zip(out);
}
