/**
 * exceljs's Workbook, as the manuscripts and the organisation report write it.
 *
 * Loaded alone: exceljs's own entry also loads its streaming reader and unzip code, a quarter
 * of a second of every build that only writes. Through require, as the package is CommonJS.
 *
 * One change to how it writes: exceljs registers each cell's style in the stylesheet by
 * rendering the style's font, fill and border as XML and looking that up, for every cell, unless
 * cells share one style object. The manuscripts' cells each get a style object of their own (a
 * cell's font or alignment is often changed after), so the lookup is made here by the style's
 * content first: the same ids in the same order as exceljs gives them, without the rendering
 * (about a third of a second of every build, in the workbooks' thread).
 */
import { createRequire } from 'node:module';
import type ExcelJS from 'exceljs';
import { escapeXml } from './pptx/ooxml.ts';

const require = createRequire(import.meta.url);

export const Workbook = require('exceljs/lib/doc/workbook.js') as typeof ExcelJS.Workbook;

/**
 * Created and modified, in docProps/core.xml. Real dates would change the bytes of every build;
 * exceljs writes them with toISOString, in UTC, so the time zone does not show.
 */
export const fixedDate = new Date(Date.UTC(2020, 0, 1));

/**
 * The stylesheet exceljs wrote, with the language's font as the workbook's default: every
 * unstyled cell then shows Japanese in a Japanese font (exceljs always writes Calibri).
 */
export function withDefaultFont(styles: string, font: string, size: number): string {
  const xml = `<font><sz val="${size}"/><color theme="1"/><name val="${escapeXml(font)}"/><family val="2"/></font>`;
  const patched = styles.replace(/(<fonts\b[^>]*>)<font>[\s\S]*?<\/font>/, (_, open: string) => `${open}${xml}`);
  if (patched === styles) throw new Error('xlsx: exceljs wrote styles.xml without a default font; the default-font patch needs updating.');
  return patched;
}

type AddStyleModel = (this: object, model: unknown, cellType?: unknown) => number;
const HOOKED = Symbol.for('kasuhara-course.exceljs-style-ids');
const StylesXform = require('exceljs/lib/xlsx/xform/style/styles-xform.js') as { prototype: { addStyleModel: AddStyleModel; [HOOKED]?: true } };

if (!StylesXform.prototype[HOOKED]) {
  const register = StylesXform.prototype.addStyleModel;
  /** Per stylesheet being written: a style's content and cell type → its id. */
  const ids = new WeakMap<object, Map<string, number>>();
  StylesXform.prototype.addStyleModel = function (model, cellType) {
    if (!model) return register.call(this, model, cellType);
    let known = ids.get(this);
    if (!known) ids.set(this, (known = new Map()));
    const key = `${String(cellType)}\u0000${JSON.stringify(model)}`;
    let id = known.get(key);
    if (id === undefined) known.set(key, (id = register.call(this, model, cellType)));
    return id;
  };
  StylesXform.prototype[HOOKED] = true;
}
