/**
 * The awareness survey as a workbook: instructions, a form one respondent fills in (or that is
 * printed and handed out), a sheet that collects many respondents one per row, a summary
 * computed by formulas from that sheet, and the answer scale the drop-downs and the averages
 * share. The form shows any row of the responses sheet beside its own answers, so a typed-in
 * row can be checked against its paper form.
 */
import type ExcelJS from 'exceljs';
import { textFor } from '../../course/localize.ts';
import type { Course, GoodDirection, Lang, SurveyItem } from '../../model.ts';
import { fill, type XlsxLabels } from './labels.ts';
import {
  argb,
  col,
  fitRows,
  formulaString,
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

/** Column widths of the responses sheet, in Excel's units (digits of the default font). */
const responseWidths = { likert: 11, text: 24 };

/** The name the answer scale's labels go by in drop-downs and formulas. */
export const scaleName = 'SurveyScale';

/** Where things are, for the formulas that point from one sheet to another. */
const layout = {
  /** `respondent`: the cell taking a row number of the responses sheet, above the column that shows that row. */
  survey: { header: 3, respondent: { col: 'F', row: 2 } },
  responses: { header: 2, firstRow: 5 },
  /** The thresholds' rows: their values sit in column E, beside the averages they judge. */
  summary: { header: 6, weakRow: 2, strongRow: 3 },
  scale: { header: 3 },
};

/**
 * Excel's own "Good" and "Bad" cell styles: green and red whatever the course's colours are,
 * so a strength never shows in the colour a variant's theme gives to something else.
 */
const assessmentStyle = {
  strength: { fill: '#C6EFCE', font: '#006100' },
  weakness: { fill: '#FFC7CE', font: '#9C0006' },
};

/** The direction that is good for an item: its own, else its theme's, else high. */
export function goodDirection(item: SurveyItem, themes: Course['survey']['themes']): GoodDirection {
  if (item.type === 'likert' && item.good) return item.good;
  return themes.find((t) => t.id === item.theme)?.good ?? 'high';
}

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

  const { header: respHeader, firstRow } = layout.responses;
  const lastRow = firstRow + respondentRows - 1;
  const itemCol = (i: number) => col(2 + i);
  /** The answers of all respondents to the i-th item, on the responses sheet. */
  const answersOf = (i: number) => sheetRef(L.sheets.responses, `${itemCol(i)}$${firstRow}:${itemCol(i)}$${lastRow}`);

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
  form.columns = [{ width: 6 }, { width: 14 }, { width: 52 }, { width: 18 }, { width: 34 }, { width: 24 }, { width: 20 }];
  put(form, 'A1', surveyTitle, look, 'title');
  mergeAcross(form, 1, 1, 5);
  put(form, 'A2', L.surveyLead, look, 'text');
  mergeAcross(form, 2, 1, 5);
  const formHeader = layout.survey.header;
  [labels.no, labels.theme, L.item, L.howTo, L.answer].forEach((h, i) => put(form, `${col(i + 1)}${formHeader}`, h, look, 'header'));
  survey.items.forEach((item, i) => {
    const r = formHeader + 1 + i;
    put(form, `A${r}`, i + 1, look, 'cellCentered');
    put(form, `B${r}`, themeTitle(item.theme), look, 'cell');
    put(form, `C${r}`, t.text(item.text), look, 'cell');
    put(form, `D${r}`, howTo(item, L), look, 'cell');
    put(form, `E${r}`, null, look, 'input');
  });
  const formLast = formHeader + survey.items.length;
  validateColumn(
    form,
    'E',
    survey.items.map((item, i) => ({ row: formHeader + 1 + i, validation: answerValidation(item, L) })),
  );
  // Beside the form, outside its printed area: any row of the responses sheet, to check a
  // typed-in paper form against the paper, or a pasted file against the respondent's copy.
  const respondent = layout.survey.respondent;
  put(form, `${respondent.col}${respondent.row - 1}`, L.respondentNo, look, 'note').alignment = { wrapText: true, vertical: 'bottom' };
  put(form, `${respondent.col}${respondent.row}`, null, look, 'inputCentered');
  validateColumn(form, respondent.col, [
    {
      row: respondent.row,
      validation: {
        type: 'whole',
        operator: 'between',
        formulae: [1, respondentRows],
        allowBlank: true,
        showInputMessage: true,
        promptTitle: L.respondentNo,
        prompt: fill(L.respondentPrompt, { rows: respondentRows }),
        showErrorMessage: true,
        errorStyle: 'stop',
        error: fill(L.respondentError, { rows: respondentRows }),
      },
    },
  ]);
  put(form, `${respondent.col}${formHeader}`, L.recorded, look, 'header');
  put(form, `G${formHeader}`, labels.id, look, 'idHeader');
  const sel = `$${respondent.col}$${respondent.row}`;
  survey.items.forEach((item, i) => {
    const r = formHeader + 1 + i;
    // `&""` shows an empty answer as empty, not as INDEX's 0; a pasted non-number shows nothing.
    putFormula(form, `${respondent.col}${r}`, `IF(${sel}="","",IFERROR(INDEX(${answersOf(i)},${sel})&"",""))`, '', look, 'cell');
    put(form, `G${r}`, item.id, look, 'id');
  });
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
  // Narrow enough that every item fits across one landscape page at a readable size: a scale
  // label wraps onto two lines, a free-text answer onto several.
  resp.columns = [{ width: 7 }, ...survey.items.map((it) => ({ width: it.type === 'likert' ? responseWidths.likert : responseWidths.text }))];
  put(resp, 'A1', `${L.sheets.responses} — ${surveyTitle}: ${L.responsesLead}`, look, 'subtitle');
  mergeAcross(resp, 1, 1, 1 + Math.min(survey.items.length, 8));
  put(resp, `A${respHeader}`, labels.theme, look, 'header');
  put(resp, `A${respHeader + 1}`, L.item, look, 'header');
  put(resp, `A${respHeader + 2}`, labels.id, look, 'idHeader');
  survey.items.forEach((item, i) => {
    const c = itemCol(i);
    put(resp, `${c}${respHeader}`, themeTitle(item.theme), look, 'header');
    // The item's text heads every printed page: smaller than the other headers, so it does not crowd out the answers.
    const text = put(resp, `${c}${respHeader + 1}`, `${i + 1}. ${t.text(item.text)}`, look, 'header');
    text.font = { ...text.font, bold: false, size: look.size - 2 };
    text.alignment = { wrapText: true, vertical: 'top', horizontal: 'left' };
    // Shrunk to the column rather than cut off: an id is longer than a column of answers is wide.
    put(resp, `${c}${respHeader + 2}`, item.id, look, 'idHeader').alignment = { horizontal: 'center', vertical: 'middle', shrinkToFit: true };
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

  // ── Summary: averages and distributions by formula ───────────────────────────
  const sum = wb.addWorksheet(L.sheets.summary, { properties: { tabColor: { argb: argb(look.colours.accent) } } });
  /** The distribution's first column, after No., theme, item, answers, average, direction and assessment. */
  const distFirst = 8;
  const distCol = (k: number) => col(distFirst + k);
  const lastDist = distCol(scale.length - 1);
  const idCol = col(distFirst + scale.length);
  const n = scale.length;
  const lastTitleCol = distFirst - 1 + n;
  sum.columns = [
    { width: 6 },
    { width: 14 },
    { width: 44 },
    { width: 9 },
    { width: 9 },
    { width: 13 },
    { width: 11 },
    ...scale.map(() => ({ width: 12 })),
    { width: 20 },
  ];
  put(sum, 'A1', `${L.summaryTitle} — ${surveyTitle}`, look, 'title');
  mergeAcross(sum, 1, 1, lastTitleCol);
  const likert = survey.items.map((item, i) => ({ item, n: i + 1, index: i, good: goodDirection(item, survey.themes) })).filter((x) => x.item.type === 'likert');
  const anyLow = likert.some((x) => x.good === 'low');
  const { weakRow, strongRow } = layout.summary;
  const weakDefault = (n + 1) / 2;
  const strongDefault = weakDefault + (n - 1) / 4;
  /** The lowest and the highest points added: where low is good, an average a is read as this minus a. */
  const pointsRange = sheetRef(L.sheets.scale, `$A$${scaleFirst}:$A$${scaleLast}`);
  const mirror = `(MIN(${pointsRange})+MAX(${pointsRange}))`;
  const threshold = (row: number, labelText: string, value: number, mirrorLabel: string) => {
    put(sum, `B${row}`, labelText, look, 'text').alignment = { horizontal: 'right', vertical: 'middle', wrapText: true };
    mergeAcross(sum, row, 2, 4);
    const input = put(sum, `E${row}`, value, look, 'inputCentered');
    input.numFmt = '0.0';
    input.alignment = { horizontal: 'center', vertical: 'middle' };
    if (anyLow) {
      // The same threshold read the other way round, worked out from the cell so it follows an edit.
      const cached = fill(mirrorLabel, { value: (n + 1 - value).toFixed(1) });
      putFormula(sum, `F${row}`, `SUBSTITUTE(${formulaString(mirrorLabel)},"{value}",TEXT(${mirror}-E${row},"0.0"))`, cached, look, 'text').alignment = {
        vertical: 'middle',
      };
      mergeAcross(sum, row, 6, lastTitleCol);
    }
  };
  threshold(weakRow, L.weakThreshold, weakDefault, L.weakMirror);
  threshold(strongRow, L.strongThreshold, strongDefault, L.strongMirror);
  validateColumn(
    sum,
    'E',
    [weakRow, strongRow].map((row) => ({
      row,
      validation: {
        type: 'decimal',
        operator: 'between',
        formulae: [1, n],
        allowBlank: false,
        showErrorMessage: true,
        error: fill(L.thresholdError, { min: 1, max: n }),
      },
    })),
  );
  put(sum, 'A4', fill(L.scaleNote, { min: 1, minLabel: scale[0]!.label, max: n, maxLabel: scale[n - 1]!.label }), look, 'note');
  mergeAcross(sum, 4, 1, lastTitleCol);

  // One table: each theme's row, then its items, so that one header row heads every printed page.
  const themes = survey.themes
    .map((th) => ({ th, items: likert.filter((x) => x.item.theme === th.id) }))
    .filter((x) => x.items.length > 0);
  const mixed = themes.some(({ th, items }) => items.some((x) => x.good !== th.good));
  put(sum, 'A5', mixed ? `${L.highlightNote} ${L.reversedNote}` : L.highlightNote, look, 'note');
  mergeAcross(sum, 5, 1, lastTitleCol);
  const header = layout.summary.header;
  [labels.no, labels.theme, L.item, L.answers, L.average, L.good, L.assessment].forEach((h, i) => put(sum, `${col(i + 1)}${header}`, h, look, 'header'));
  scale.forEach((p, k) => putFormula(sum, `${distCol(k)}${header}`, labelRef(k), p.label, look, 'header'));
  put(sum, `${idCol}${header}`, labels.id, look, 'idHeader');
  /** Answers, average, direction and assessment of a row whose distribution is already in place. */
  const totals = (r: number, good: GoodDirection, kind: 'cellCentered' | 'group') => {
    const group = kind === 'group';
    putFormula(sum, `D${r}`, `SUM(${distCol(0)}${r}:${lastDist}${r})`, 0, look, group ? 'groupCentered' : kind).numFmt = '0';
    const points = scale.map((_, k) => `${distCol(k)}${r}*${pointsRef(k)}`).join('+');
    putFormula(sum, `E${r}`, `IF(D${r}=0,"",(${points})/D${r})`, '', look, group ? 'groupFormula' : 'formula').numFmt = '0.00';
    put(sum, `F${r}`, good === 'high' ? L.goodHigh : L.goodLow, look, group ? 'groupCentered' : 'cellCentered');
    const [w, st] = [`$E$${weakRow}`, `$E$${strongRow}`];
    const test =
      good === 'high'
        ? { weak: `E${r}<${w}`, strong: `E${r}>=${st}` }
        : { weak: `E${r}>${mirror}-${w}`, strong: `E${r}<=${mirror}-${st}` };
    putFormula(
      sum,
      `G${r}`,
      `IF(ISNUMBER(E${r}),IF(${test.weak},${formulaString(L.weakness)},IF(${test.strong},${formulaString(L.strength)},"")),"")`,
      '',
      look,
      group ? 'groupFormula' : 'formula',
    );
  };
  let r = header + 1;
  for (const { th, items } of themes) {
    const themeRow = r;
    const firstItem = themeRow + 1;
    put(sum, `A${themeRow}`, null, look, 'group');
    put(sum, `B${themeRow}`, t.text(th.title), look, 'group');
    put(sum, `C${themeRow}`, fill(L.themeTotal, { count: items.length }), look, 'group');
    scale.forEach((_, k) => {
      // An item whose good direction is the theme's other one counts reversed ("strongly agree" as
      // "strongly disagree"), so the theme's average reads in the theme's direction.
      const cells = items.map((x, j) => `${distCol(x.good === th.good ? k : n - 1 - k)}${firstItem + j}`);
      const contiguous = items.every((x) => x.good === th.good);
      const formula = contiguous ? `SUM(${cells[0]}:${cells[cells.length - 1]})` : `SUM(${cells.join(',')})`;
      putFormula(sum, `${distCol(k)}${themeRow}`, formula, 0, look, 'groupCentered').numFmt = '0';
    });
    totals(themeRow, th.good, 'group');
    put(sum, `${idCol}${themeRow}`, th.id, look, 'id');
    items.forEach(({ item, n: number, index, good }, j) => {
      const ir = firstItem + j;
      put(sum, `A${ir}`, number, look, 'cellCentered');
      put(sum, `B${ir}`, themeTitle(item.theme), look, 'cell');
      put(sum, `C${ir}`, t.text(item.text), look, 'cell');
      scale.forEach((_, k) => {
        // An exact comparison, not COUNTIF: a label may hold characters COUNTIF reads as wildcards.
        putFormula(sum, `${distCol(k)}${ir}`, `SUMPRODUCT(--(${answersOf(index)}=${distCol(k)}$${header}))`, 0, look, 'cellCentered').numFmt = '0';
      });
      totals(ir, good, 'cellCentered');
      put(sum, `${idCol}${ir}`, item.id, look, 'id');
    });
    r = firstItem + items.length;
  }
  const tableLast = r - 1;
  // Strengths green and weaknesses red, as the assessment column says: the colours follow
  // each row's own direction because that column does.
  if (tableLast > header) {
    const rule = (priority: number, text: string, style: { fill: string; font: string }): ExcelJS.ConditionalFormattingRule => ({
      type: 'expression',
      priority,
      formulae: [`$G${header + 1}=${formulaString(text)}`],
      style: {
        fill: { type: 'pattern', pattern: 'solid', bgColor: { argb: argb(style.fill) } },
        font: { color: { argb: argb(style.font) }, bold: true },
      },
    });
    sum.addConditionalFormatting({
      ref: `B${header + 1}:G${tableLast}`,
      rules: [rule(1, L.weakness, assessmentStyle.weakness), rule(2, L.strength, assessmentStyle.strength)],
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
    textItems.forEach(({ item, n: number, index }, j) => {
      const tr = heading + 2 + j;
      put(sum, `A${tr}`, number, look, 'cellCentered');
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
