/**
 * The awareness survey as a workbook: instructions, a form one respondent fills in, a sheet
 * that collects many respondents, a summary computed by formulas, and the answer scale the
 * drop-downs and the averages share.
 */
import type ExcelJS from 'exceljs';
import { textFor } from '../../course/localize.ts';
import type { Course, Lang, SurveyItem } from '../../model.ts';
import { fill, type XlsxLabels } from './labels.ts';
import {
  argb,
  col,
  fitRows,
  freeze,
  mergeAcross,
  paragraphs,
  protect,
  put,
  putFormula,
  setUpPrinting,
  sheetRef,
  tint,
  validateColumn,
  type Look,
} from './sheet.ts';
import { instructionsSheet, newWorkbook } from './workbook.ts';

/** Rows prepared on the responses sheet, one per respondent. */
export const respondentRows = 100;

/** The name the answer scale's labels go by in drop-downs and formulas. */
export const scaleName = 'SurveyScale';

/** Where things are, for the formulas that point from one sheet to another. */
const layout = {
  survey: { header: 3 },
  responses: { header: 2, firstRow: 5 },
  summary: { header: 6 },
  scale: { header: 3 },
};

export async function surveyWorkbook(course: Course, lang: Lang, labels: XlsxLabels, look: Look): Promise<ExcelJS.Workbook> {
  const t = textFor(course, lang);
  const L = labels.survey;
  const survey = course.survey;
  const title = t.text(course.title);
  const surveyTitle = t.text(survey.title);
  const wb = newWorkbook(course, lang, `${surveyTitle} — ${title}`, 'awareness-survey');
  const themeTitle = (id: string | null) => {
    const th = id === null ? undefined : survey.themes.find((x) => x.id === id);
    return th ? t.text(th.title) : L.noTheme;
  };
  const scale = survey.scale.map((p) => ({ id: p.id, label: t.text(p.label) }));
  const scaleFirst = layout.scale.header + 1;
  const scaleLast = layout.scale.header + scale.length;
  /** Points of the k-th scale point (0-based) and its label, as references into the scale sheet. */
  const pointsRef = (k: number) => sheetRef(L.sheets.scale, `$A$${scaleFirst + k}`);
  const labelRef = (k: number) => sheetRef(L.sheets.scale, `$B$${scaleFirst + k}`);

  // ── Instructions ─────────────────────────────────────────────────────────────
  instructionsSheet(wb, look, labels, {
    name: L.sheets.instructions,
    title: surveyTitle,
    course: title,
    intro: paragraphs(t.text(survey.intro)).split('\n'),
    steps: L.steps.map((s) => fill(s, { rows: respondentRows })),
  });

  // ── Survey: the form one respondent fills in ─────────────────────────────────
  const form = wb.addWorksheet(L.sheets.survey, { properties: { tabColor: { argb: argb(look.colours.primary) } } });
  form.columns = [{ width: 6 }, { width: 14 }, { width: 52 }, { width: 18 }, { width: 34 }, { width: 20 }];
  put(form, 'A1', surveyTitle, look, 'title');
  mergeAcross(form, 1, 1, 5);
  put(form, 'A2', L.surveyLead, look, 'text');
  mergeAcross(form, 2, 1, 5);
  const formHeader = layout.survey.header;
  [labels.no, labels.theme, L.item, L.howTo, L.answer].forEach((h, i) => put(form, `${col(i + 1)}${formHeader}`, h, look, 'header'));
  put(form, `F${formHeader}`, labels.id, look, 'idHeader');
  survey.items.forEach((item, i) => {
    const r = formHeader + 1 + i;
    put(form, `A${r}`, i + 1, look, 'cellCentered');
    put(form, `B${r}`, themeTitle(item.theme), look, 'cell');
    put(form, `C${r}`, t.text(item.text), look, 'cell');
    put(form, `D${r}`, howTo(item, L), look, 'cell');
    put(form, `E${r}`, null, look, 'input');
    put(form, `F${r}`, item.id, look, 'id');
  });
  const formLast = formHeader + survey.items.length;
  validateColumn(
    form,
    'E',
    survey.items.map((item, i) => ({ row: formHeader + 1 + i, validation: answerValidation(item, L) })),
  );
  form.getRow(1).height = 30;
  fitRows(form, look, 2, formLast);
  survey.items.forEach((item, i) => {
    // Room to write in: four lines for a free-text answer.
    if (item.type === 'text') form.getRow(formHeader + 1 + i).height = Math.max(form.getRow(formHeader + 1 + i).height ?? 0, 4 * look.lineHeight + 4);
  });
  freeze(form, formHeader + 1);
  setUpPrinting(form, look, labels, title, { orientation: 'portrait', area: `A1:E${formLast}`, titleRows: `${formHeader}:${formHeader}` });
  await protect(form);

  // ── Responses: one row per respondent, one column per item ──────────────────
  const resp = wb.addWorksheet(L.sheets.responses);
  const { header: respHeader, firstRow } = layout.responses;
  const lastRow = firstRow + respondentRows - 1;
  const itemCol = (i: number) => col(2 + i);
  resp.columns = [{ width: 11 }, ...survey.items.map((it) => ({ width: it.type === 'likert' ? 20 : 32 }))];
  put(resp, 'A1', `${L.sheets.responses} — ${surveyTitle}: ${L.responsesLead}`, look, 'subtitle');
  mergeAcross(resp, 1, 1, 1 + Math.min(survey.items.length, 6));
  put(resp, `A${respHeader}`, labels.theme, look, 'header');
  put(resp, `A${respHeader + 1}`, L.item, look, 'header');
  put(resp, `A${respHeader + 2}`, labels.id, look, 'idHeader');
  survey.items.forEach((item, i) => {
    const c = itemCol(i);
    put(resp, `${c}${respHeader}`, themeTitle(item.theme), look, 'header');
    put(resp, `${c}${respHeader + 1}`, `${i + 1}. ${t.text(item.text)}`, look, 'header').alignment = {
      wrapText: true,
      vertical: 'top',
      horizontal: 'left',
    };
    put(resp, `${c}${respHeader + 2}`, item.id, look, 'idHeader');
    const validation = answerValidation(item, L);
    const rows = Array.from({ length: respondentRows }, (_, k) => firstRow + k);
    for (const r of rows) put(resp, `${c}${r}`, null, look, 'input');
    validateColumn(resp, c, rows.map((row) => ({ row, validation })));
  });
  for (let r = firstRow; r <= lastRow; r++) put(resp, `A${r}`, r - firstRow + 1, look, 'cellCentered');
  fitRows(resp, look, 1, respHeader + 2);
  freeze(resp, firstRow, 1);
  setUpPrinting(resp, look, labels, title, {
    orientation: 'landscape',
    area: `A1:${itemCol(survey.items.length - 1)}${lastRow}`,
    titleRows: `${respHeader}:${respHeader + 2}`,
  });
  await protect(resp);
  const answersOf = (i: number) => sheetRef(L.sheets.responses, `${itemCol(i)}$${firstRow}:${itemCol(i)}$${lastRow}`);

  // ── Summary: averages and distributions by formula ───────────────────────────
  const sum = wb.addWorksheet(L.sheets.summary, { properties: { tabColor: { argb: argb(look.colours.accent) } } });
  const distCol = (k: number) => col(6 + k);
  const lastDist = distCol(scale.length - 1);
  const idCol = col(6 + scale.length);
  sum.columns = [{ width: 6 }, { width: 14 }, { width: 44 }, { width: 9 }, { width: 9 }, ...scale.map(() => ({ width: 12 })), { width: 20 }];
  put(sum, 'A1', `${L.summaryTitle} — ${surveyTitle}`, look, 'title');
  mergeAcross(sum, 1, 1, 5 + scale.length);
  put(sum, 'B2', L.threshold, look, 'text').alignment = { horizontal: 'right', vertical: 'middle', wrapText: true };
  mergeAcross(sum, 2, 2, 4);
  const threshold = put(sum, 'E2', (scale.length + 1) / 2, look, 'inputCentered');
  threshold.numFmt = '0.0';
  validateColumn(sum, 'E', [
    {
      row: 2,
      validation: {
        type: 'decimal',
        operator: 'between',
        formulae: [1, scale.length],
        allowBlank: false,
        showErrorMessage: true,
        error: fill(L.thresholdError, { min: 1, max: scale.length }),
      },
    },
  ]);
  put(
    sum,
    'A3',
    fill(L.scaleNote, { min: 1, minLabel: scale[0]!.label, max: scale.length, maxLabel: scale[scale.length - 1]!.label }),
    look,
    'note',
  );
  mergeAcross(sum, 3, 1, 5 + scale.length);
  put(sum, 'A4', L.highlightNote, look, 'note');
  mergeAcross(sum, 4, 1, 5 + scale.length);

  // One table: each theme's row, then its items, so that one header row heads every printed page.
  const likert = survey.items.map((item, i) => ({ item, n: i + 1, index: i })).filter((x) => x.item.type === 'likert');
  const themes = survey.themes
    .map((th) => ({ th, items: likert.filter((x) => x.item.theme === th.id) }))
    .filter((x) => x.items.length > 0);
  const header = layout.summary.header;
  [labels.no, labels.theme, L.item, L.answers, L.average].forEach((h, i) => put(sum, `${col(i + 1)}${header}`, h, look, 'header'));
  scale.forEach((p, k) => putFormula(sum, `${distCol(k)}${header}`, labelRef(k), p.label, look, 'header'));
  put(sum, `${idCol}${header}`, labels.id, look, 'idHeader');
  /** Answers and average of a row whose distribution is already in place. */
  const totals = (r: number, kind: 'cellCentered' | 'group') => {
    putFormula(sum, `D${r}`, `SUM(${distCol(0)}${r}:${lastDist}${r})`, 0, look, kind === 'group' ? 'groupCentered' : kind).numFmt = '0';
    const points = scale.map((_, k) => `${distCol(k)}${r}*${pointsRef(k)}`).join('+');
    putFormula(sum, `E${r}`, `IF(D${r}=0,"",(${points})/D${r})`, '', look, kind === 'group' ? 'groupFormula' : 'formula').numFmt = '0.00';
  };
  let r = header + 1;
  for (const { th, items } of themes) {
    const themeRow = r;
    const first = themeRow + 1;
    const last = themeRow + items.length;
    put(sum, `A${themeRow}`, null, look, 'group');
    put(sum, `B${themeRow}`, t.text(th.title), look, 'group');
    put(sum, `C${themeRow}`, fill(L.themeTotal, { count: items.length }), look, 'group');
    scale.forEach((_, k) => {
      putFormula(sum, `${distCol(k)}${themeRow}`, `SUM(${distCol(k)}${first}:${distCol(k)}${last})`, 0, look, 'groupCentered').numFmt = '0';
    });
    totals(themeRow, 'group');
    put(sum, `${idCol}${themeRow}`, th.id, look, 'id');
    items.forEach(({ item, n, index }, j) => {
      const ir = first + j;
      put(sum, `A${ir}`, n, look, 'cellCentered');
      put(sum, `B${ir}`, themeTitle(item.theme), look, 'cell');
      put(sum, `C${ir}`, t.text(item.text), look, 'cell');
      scale.forEach((_, k) => {
        // An exact comparison, not COUNTIF: a label may hold characters COUNTIF reads as wildcards.
        putFormula(sum, `${distCol(k)}${ir}`, `SUMPRODUCT(--(${answersOf(index)}=${distCol(k)}$${header}))`, 0, look, 'cellCentered').numFmt = '0';
      });
      totals(ir, 'cellCentered');
      put(sum, `${idCol}${ir}`, item.id, look, 'id');
    });
    r = last + 1;
  }
  const tableLast = r - 1;
  // Weak themes and items: average below the threshold in E2.
  if (tableLast > header) {
    sum.addConditionalFormatting({
      ref: `B${header + 1}:E${tableLast}`,
      rules: [
        {
          type: 'expression',
          priority: 1,
          formulae: [`AND(ISNUMBER($E${header + 1}),$E${header + 1}<$E$2)`],
          style: {
            fill: { type: 'pattern', pattern: 'solid', bgColor: { argb: argb(tint(look.colours.accent, 0.8)) } },
            font: { color: { argb: argb(look.colours.accent) }, bold: true },
          },
        },
      ],
    });
  }

  const textItems = survey.items.map((item, i) => ({ item, n: i + 1, index: i })).filter((x) => x.item.type === 'text');
  let sumLast = tableLast;
  if (textItems.length) {
    const heading = tableLast + 2;
    put(sum, `A${heading}`, L.freeText, look, 'heading');
    mergeAcross(sum, heading, 1, 3);
    [labels.no, labels.theme, L.item, L.written].forEach((h, i) => put(sum, `${col(i + 1)}${heading + 1}`, h, look, 'header'));
    mergeAcross(sum, heading + 1, 4, 5);
    put(sum, `${idCol}${heading + 1}`, labels.id, look, 'idHeader');
    textItems.forEach(({ item, n, index }, j) => {
      const tr = heading + 2 + j;
      put(sum, `A${tr}`, n, look, 'cellCentered');
      put(sum, `B${tr}`, themeTitle(item.theme), look, 'cell');
      put(sum, `C${tr}`, t.text(item.text), look, 'cell');
      putFormula(sum, `D${tr}`, `SUMPRODUCT(--(LEN(${answersOf(index)})>0))`, 0, look, 'cellCentered').numFmt = '0';
      mergeAcross(sum, tr, 4, 5);
      put(sum, `${idCol}${tr}`, item.id, look, 'id');
    });
    sumLast = heading + 1 + textItems.length;
  }
  sum.getRow(1).height = 30;
  fitRows(sum, look, 2, sumLast);
  freeze(sum, header + 1);
  setUpPrinting(sum, look, labels, title, { orientation: 'landscape', area: `A1:${lastDist}${sumLast}`, titleRows: `${header}:${header}` });
  await protect(sum);

  // ── Scale: the options of every drop-down, and their points ──────────────────
  const sc = wb.addWorksheet(L.sheets.scale);
  sc.columns = [{ width: 10 }, { width: 34 }, { width: 12 }];
  put(sc, 'A1', L.scaleTitle, look, 'title');
  mergeAcross(sc, 1, 1, 3);
  put(sc, 'A2', L.scaleLead, look, 'text');
  mergeAcross(sc, 2, 1, 3);
  put(sc, `A${layout.scale.header}`, L.value, look, 'header');
  put(sc, `B${layout.scale.header}`, L.label, look, 'header');
  put(sc, `C${layout.scale.header}`, labels.id, look, 'idHeader');
  scale.forEach((p, k) => {
    put(sc, `A${scaleFirst + k}`, k + 1, look, 'cellCentered');
    put(sc, `B${scaleFirst + k}`, p.label, look, 'cell');
    put(sc, `C${scaleFirst + k}`, p.id, look, 'id');
  });
  wb.definedNames.add(sheetRef(L.sheets.scale, `$B$${scaleFirst}:$B$${scaleLast}`), scaleName);
  sc.getRow(1).height = 30;
  fitRows(sc, look, 2, scaleLast);
  setUpPrinting(sc, look, labels, title, { orientation: 'portrait', area: `A1:B${scaleLast}` });
  await protect(sc);

  return wb;
}

function howTo(item: SurveyItem, L: XlsxLabels['survey']): string {
  if (item.type === 'likert') return L.likertHowTo;
  return fill(item.required ? L.textHowToRequired : L.textHowTo, { max: item.maxLength });
}

/** A Likert answer is one of the scale's labels; a free-text answer is at most `maxLength` characters. */
function answerValidation(item: SurveyItem, L: XlsxLabels['survey']): ExcelJS.DataValidation {
  if (item.type === 'likert') {
    return {
      type: 'list',
      formulae: [scaleName],
      allowBlank: true,
      showInputMessage: true,
      promptTitle: L.likertPromptTitle,
      prompt: L.likertPrompt,
      showErrorMessage: true,
      errorStyle: 'stop',
      error: L.likertError,
    };
  }
  return {
    type: 'textLength',
    operator: 'lessThanOrEqual',
    formulae: [item.maxLength],
    allowBlank: true,
    showInputMessage: true,
    promptTitle: L.textPromptTitle,
    prompt: fill(L.textPrompt, { max: item.maxLength }),
    showErrorMessage: true,
    errorStyle: 'stop',
    error: fill(L.textError, { max: item.maxLength }),
  };
}
