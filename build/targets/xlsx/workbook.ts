/**
 * A workbook's life from creation to bytes: properties that identify the manuscript, the
 * instructions sheet both manuscripts open with, and serialisation that gives the same bytes
 * for the same sources.
 */
import type ExcelJS from 'exceljs';
import type { Course, Lang } from '../../model.ts';
import { fixedDate, withDefaultFont, Workbook } from '../exceljs-workbook.ts';
import { jszipParts } from '../jszip-parts.ts';
import type { OutputFile } from '../target.ts';
import { zip } from '../zip.ts';
import type { XlsxLabels } from './labels.ts';
import { fitRows, put, setUpPrinting, type Look } from './sheet.ts';

export type ManuscriptKind = 'awareness-survey' | 'confirmation-test';

/** Whom a workbook of a manuscript is for, when the manuscript is more than one workbook. */
export type WorkbookPart = 'learner' | 'trainer';

/**
 * A new workbook whose document properties say which course, version, language and manuscript
 * it is, so that an edited copy can be matched back to its sources. The confirmation test is
 * two workbooks of one manuscript; `part` says which.
 */
export function newWorkbook(course: Course, lang: Lang, title: string, kind: ManuscriptKind, part?: WorkbookPart): ExcelJS.Workbook {
  const wb = new Workbook();
  wb.creator = course.id;
  wb.lastModifiedBy = course.id;
  wb.created = fixedDate;
  wb.modified = fixedDate;
  wb.title = title;
  wb.subject = kind;
  wb.keywords = `course=${course.id} version=${course.version} lang=${lang} manuscript=${kind}${part ? ` part=${part}` : ''}`;
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

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * The workbook as bytes. exceljs's parts are taken before its JSZip packs them (it would stamp
 * the current time on every entry, and the build would only unpack them again); its Calibri
 * default font (what a cell typed into later gets) becomes the language's font, and the parts
 * are zipped once, in exceljs's order, with fixed times.
 */
export async function workbookBytes(wb: ExcelJS.Workbook, look: Look): Promise<Uint8Array> {
  // exceljs hands `zip` to JSZip's generateAsync whole; its typings name only the compression options.
  const parts = await jszipParts('exceljs', (type) => wb.xlsx.writeBuffer({ zip: { type } as Partial<ExcelJS.JSZipGeneratorOptions> }));
  const out: OutputFile[] = [];
  for (const [path, data] of parts) {
    const patched = path === 'xl/styles.xml' ? withDefaultFont(typeof data === 'string' ? data : decoder.decode(data), look.font, look.size) : data;
    out.push({ path, contents: typeof patched === 'string' ? encoder.encode(patched) : patched });
  }
  return zip(out);
}

