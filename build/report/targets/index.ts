/**
 * The organisation report's three files, all made from one Report: a workbook with every
 * number, a deck to present, a page to read or print. Pure: the CLI decides where they land.
 */
import type { Report } from '../model.ts';
import { reportPage } from './html.ts';
import { reportDeck } from './pptx.ts';
import { reportWorkbook } from './xlsx.ts';

export { reportDeck, reportPage, reportWorkbook };

export async function reportFiles(report: Report, baseName: string): Promise<{ path: string; bytes: Uint8Array }[]> {
  const [xlsx, pptx] = await Promise.all([reportWorkbook(report), reportDeck(report)]);
  return [
    { path: `${baseName}.xlsx`, bytes: xlsx },
    { path: `${baseName}.pptx`, bytes: pptx },
    { path: `${baseName}.html`, bytes: reportPage(report) },
  ];
}
