/**
 * A workbook's life from creation to bytes: properties that identify the manuscript, the
 * instructions sheet both manuscripts open with, and serialisation that gives the same bytes
 * for the same sources.
 */
import ExcelJS from 'exceljs';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import type { Course, Lang } from '../../model.ts';
import type { XlsxLabels } from './labels.ts';
import { fitRows, put, setUpPrinting, type Look } from './sheet.ts';

/** Every date in the file: creation, modification and zip entries. Real dates would change the bytes of every build. */
export const fixedDate = new Date(Date.UTC(2020, 0, 1));

export type ManuscriptKind = 'awareness-survey' | 'confirmation-test';

/**
 * A new workbook whose document properties say which course, version, language and manuscript
 * it is, so that an edited copy can be matched back to its sources.
 */
export function newWorkbook(course: Course, lang: Lang, title: string, kind: ManuscriptKind): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = course.id;
  wb.lastModifiedBy = course.id;
  wb.created = fixedDate;
  wb.modified = fixedDate;
  wb.title = title;
  wb.subject = kind;
  wb.keywords = `course=${course.id} version=${course.version} lang=${lang} manuscript=${kind}`;
  // The formulas are stored with the values they have before anyone answers; recalculate on opening.
  wb.calcProperties = { fullCalcOnLoad: true };
  return wb;
}

export interface Instructions {
  name: string;
  title: string;
  course: string;
  intro: string[];
  steps: string[];
}

/** The first sheet: what the workbook is and how to use it. Plain text, not protected. */
export function instructionsSheet(wb: ExcelJS.Workbook, look: Look, labels: XlsxLabels, ins: Instructions): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(ins.name, { views: [{ showGridLines: false }] });
  ws.columns = [{ width: 3 }, { width: 96 }];
  let r = 1;
  put(ws, `B${r++}`, ins.title, look, 'title');
  put(ws, `B${r++}`, `${labels.course}: ${ins.course}`, look, 'subtitle');
  r++;
  if (ins.intro.length) {
    for (const p of ins.intro) put(ws, `B${r++}`, p, look, 'text');
    r++;
  }
  put(ws, `B${r++}`, labels.howToUse, look, 'heading');
  ins.steps.forEach((s, i) => put(ws, `B${r++}`, `${i + 1}. ${s}`, look, 'text'));
  r++;
  put(ws, `B${r++}`, labels.protectionNote, look, 'note');
  put(ws, `B${r}`, labels.idNote, look, 'note');
  ws.getRow(1).height = 30;
  fitRows(ws, look, 2, r);
  // A little air between paragraphs.
  for (let i = 3; i <= r; i++) ws.getRow(i).height = (ws.getRow(i).height ?? look.lineHeight) + 4;
  setUpPrinting(ws, look, labels, ins.course, { orientation: 'portrait', area: `A1:B${r}` });
  return ws;
}

/**
 * The workbook as bytes. exceljs stamps zip entries with the current time and writes a
 * Calibri default font; here the entries get `fixedDate`, folder entries go, and the default
 * font (what a cell typed into later gets) becomes the language's font.
 */
export async function workbookBytes(wb: ExcelJS.Workbook, look: Look): Promise<Uint8Array> {
  const written = new Uint8Array(await wb.xlsx.writeBuffer());
  const entries = unzipSync(written);
  const out: Record<string, [Uint8Array, { mtime: Date }]> = {};
  for (const [name, data] of Object.entries(entries)) {
    if (name.endsWith('/')) continue;
    out[name] = [name === 'xl/styles.xml' ? strToU8(withDefaultFont(strFromU8(data), look)) : data, { mtime: fixedDate }];
  }
  return zipSync(out, { level: 6 });
}

function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

export function withDefaultFont(styles: string, look: Look): string {
  const font = `<font><sz val="${look.size}"/><color theme="1"/><name val="${escapeXml(look.font)}"/><family val="2"/></font>`;
  const patched = styles.replace(/(<fonts\b[^>]*>)<font>[\s\S]*?<\/font>/, `$1${font}`);
  if (patched === styles) throw new Error('xlsx: exceljs wrote styles.xml without a default font; the default-font patch needs updating.');
  return patched;
}
