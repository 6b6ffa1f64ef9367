/**
 * The awareness survey as a workbook: instructions, a form one respondent fills in (or that is
 * printed and handed out), a sheet that collects many respondents one per row, a summary
 * computed by formulas from that sheet, and the answer options every drop-down and the summary
 * share. The form shows any row of the responses sheet beside its own answers, so a typed-in
 * row can be checked against its paper form.
 *
 * Each item answers in its own way: a Likert item from its own scale (and "don't know" where it
 * offers it, counted apart and never averaged), a choice item from its options (select all
 * that apply: the options' letters separated by commas), a free-text item in words. Every label
 * of an option is written once, on the options sheet; the drop-downs and the summary's headers
 * point at it, and the importer reads edited labels back from there.
 */
import type ExcelJS from 'exceljs';
import { goodDirection, textFor } from '../../course/localize.ts';
import type { ChoiceItem, Course, GoodDirection, Lang, LikertItem, SurveyItem, SurveyOption, SurveyScale } from '../../model.ts';
import { DONT_KNOW } from '../../../player/spec/course-data.ts';
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
  styleOf,
  sheetRef,
  validateColumn,
  type Look,
} from './sheet.ts';
import { instructionsSheet, newWorkbook } from './workbook.ts';

export { goodDirection };

/** Rows prepared on the responses sheet, one per respondent. */
export const respondentRows = 100;

/**
 * Column widths of the responses sheet, in Excel's units (digits of the default font): narrow
 * enough that 20-odd items print one landscape page wide at a readable size.
 */
const responseWidths = { likert: 10, choice: 10, text: 18 };

/** Where things are, for the formulas that point from one sheet to another. */
const layout = {
  /** `respondent`: the cell taking a row number of the responses sheet, above the column that shows that row. */
  survey: { header: 3, respondent: { col: 'F', row: 2 } },
  responses: { header: 2, firstRow: 5 },
  /** The thresholds' rows: their values sit in column E. */
  summary: { weakRow: 2, strongRow: 3, firstTable: 7 },
  options: { header: 3 },
};

/** The summary's default thresholds, on its 0–100 score (the good end is 100). */
const thresholds = { weak: 50, strong: 75 };

/**
 * Excel's own "Good" and "Bad" cell styles: green and red whatever the course's colours are,
 * so a strength never shows in the colour a variant's theme gives to something else.
 */
const assessmentStyle = {
  strength: { fill: '#C6EFCE', font: '#006100' },
  weakness: { fill: '#FFC7CE', font: '#9C0006' },
};

/** The code of a choice item's k-th option (0-based): a, b, c…, then 0-9, as SCORM 1.2 sends it. */
export function optionLetter(k: number): string {
  return 'abcdefghijklmnopqrstuvwxyz0123456789'[k] ?? String(k + 1);
}

/** A list of answers on the options sheet: its rows, and the defined name its labels go by. */
interface OptionList {
  /** What the list column says: the scale's id, `departments`, or the choice item's id. */
  list: string;
  name: string;
  /** First and last row of the list's labels (for a scale, its points without "don't know"). */
  first: number;
  last: number;
  /** The row of "don't know" after a scale's points, when an item of the scale offers it. */
  dontKnowRow: number | null;
  /** The name of the list with "don't know", when there is that row. */
  withDontKnow: string | null;
}

export async function surveyWorkbook(course: Course, lang: Lang, labels: XlsxLabels, look: Look): Promise<ExcelJS.Workbook> {
  const t = textFor(course, lang);
  const L = labels.survey;
  const survey = course.survey;
  const title = t.text(course.title);
  const surveyTitle = t.text(survey.title);
  const wb = newWorkbook(course, lang, `${surveyTitle} — ${title}`, 'awareness-survey');
  const aboutYou = course.ui['aboutYou'] ? t.text(course.ui['aboutYou']) : L.segment;
  const dontKnowLabel = survey.dontKnow ? t.text(survey.dontKnow) : '';
  /** The theme column of an item: its theme, "About you" for a segment question, or a dash. */
  const themeTitle = (item: SurveyItem) => {
    if (item.type === 'choice' && item.segment) return aboutYou;
    const th = item.theme === null ? undefined : survey.themes.find((x) => x.id === item.theme);
    return th ? t.text(th.title) : L.noTheme;
  };
  const scaleOf = (item: LikertItem) => survey.scales.find((s) => s.id === item.scale)!;
  const likertItems = survey.items.filter((i): i is LikertItem => i.type === 'likert');
  const choiceItems = survey.items.filter((i): i is ChoiceItem => i.type === 'choice');

  // ── The options sheet's lists, laid out first: every drop-down and the summary point there ──
  const O = layout.options;
  const optionRows: { group?: string; value?: string | number; label?: string; list?: string; id?: string }[] = [];
  const lists = new Map<string, OptionList>();
  const addList = (key: string, list: string, name: string, group: string, options: SurveyOption[], value: (k: number) => string | number, dontKnow: boolean) => {
    optionRows.push({ group });
    const first = O.header + 1 + optionRows.length;
    options.forEach((o, k) => optionRows.push({ value: value(k), label: t.text(o.label), list, id: o.id }));
    const last = first + options.length - 1;
    let dontKnowRow: number | null = null;
    if (dontKnow) {
      optionRows.push({ value: '', label: dontKnowLabel, list, id: DONT_KNOW });
      dontKnowRow = last + 1;
    }
    lists.set(key, { list, name, first, last, dontKnowRow, withDontKnow: dontKnow ? `${name}_dk` : null });
  };
  const usedScales = survey.scales.filter((sc) => likertItems.some((i) => i.scale === sc.id));
  for (const sc of usedScales) {
    const labelsOf = sc.points.map((p) => t.text(p.label));
    const group = fill(L.scaleGroup, { first: labelsOf[0]!, last: labelsOf[labelsOf.length - 1]!, count: sc.points.length });
    const offersDontKnow = !!survey.dontKnow && likertItems.some((i) => i.scale === sc.id && i.dontKnow);
    addList(`scale:${sc.id}`, sc.id, `Scale_${sc.id}`, group, sc.points, (k) => k + 1, offersDontKnow);
  }
  if (choiceItems.some((i) => i.optionsFrom === 'departments')) {
    addList('departments', 'departments', 'Departments', L.departments, course.departments, optionLetter, false);
  }
  for (const item of choiceItems) {
    if (item.optionsFrom) continue;
    const n = survey.items.indexOf(item) + 1;
    addList(`item:${item.id}`, item.id, `Options_${item.id}`, fill(L.itemOptions, { n, text: t.text(item.text) }), item.options, optionLetter, false);
  }
  const listOf = (item: LikertItem | ChoiceItem): OptionList =>
    item.type === 'likert' ? lists.get(`scale:${item.scale}`)! : item.optionsFrom ? lists.get('departments')! : lists.get(`item:${item.id}`)!;
  const optionsSheet = L.sheets.options;
  const labelRef = (row: number) => sheetRef(optionsSheet, `$B$${row}`);
  const valueRef = (row: number) => sheetRef(optionsSheet, `$A$${row}`);

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

  /** What the "how to answer" column says; a select-all item lists its options with their letters. */
  const howTo = (item: SurveyItem): string => {
    if (item.type === 'likert') return item.dontKnow && survey.dontKnow ? fill(L.likertDontKnowHowTo, { dontKnow: dontKnowLabel }) : L.likertHowTo;
    if (item.type === 'text') return fill(item.required ? L.textHowToRequired : L.textHowTo, { max: item.maxLength });
    if (!item.multiple) return item.required ? L.choiceHowToRequired : L.choiceHowTo;
    const letters = item.options.map((_, k) => optionLetter(k));
    const head = fill(item.required ? L.multipleHowToRequired : L.multipleHowTo, { example: `${letters[0]},${letters[Math.min(2, letters.length - 1)]}` });
    return [head, ...item.options.map((o, k) => `${letters[k]}) ${t.text(o.label)}`)].join('\n');
  };

  /** The validation of an answer cell; `cell` is the first cell of the range it is given to. */
  const answerValidation = (item: SurveyItem, cell: string): ExcelJS.DataValidation => {
    const common = { allowBlank: true, showInputMessage: true, showErrorMessage: true, errorStyle: 'stop' } as const;
    if (item.type === 'text') {
      return {
        ...common,
        type: 'textLength',
        operator: 'lessThanOrEqual',
        formulae: [item.maxLength],
        promptTitle: L.textPromptTitle,
        prompt: fill(L.textPrompt, { max: item.maxLength }),
        error: fill(L.textError, { max: item.maxLength }),
      };
    }
    const list = listOf(item);
    if (item.type === 'likert' || !item.multiple) {
      const name = item.type === 'likert' && item.dontKnow && list.withDontKnow ? list.withDontKnow : list.name;
      return { ...common, type: 'list', formulae: [name], promptTitle: L.likertPromptTitle, prompt: item.type === 'likert' ? L.likertPrompt : L.choicePrompt, error: L.likertError };
    }
    // Letters, commas and spaces only: each allowed piece removed, nothing may be left.
    const pieces = [...item.options.map((_, k) => optionLetter(k)), ',', ' ', '\u3000', '\uff0c', '\u3001'];
    const formula = `LEN(${pieces.reduce((inner, p) => `SUBSTITUTE(${inner},"${p}","")`, `LOWER(${cell})`)})=0`;
    const prompt = fill(L.multiplePrompt, { letters: item.options.map((_, k) => optionLetter(k)).join(', ') });
    return { ...common, type: 'custom', formulae: [formula], promptTitle: L.multiplePromptTitle, prompt, error: L.multipleError };
  };

  // ── Survey: the form one respondent fills in ─────────────────────────────────
  const form = wb.addWorksheet(L.sheets.survey, { properties: { tabColor: { argb: argb(look.colours.primary) } } });
  form.columns = [{ width: 6 }, { width: 14 }, { width: 52 }, { width: 22 }, { width: 34 }, { width: 24 }, { width: 20 }];
  put(form, 'A1', surveyTitle, look, 'title');
  mergeAcross(form, 1, 1, 5);
  put(form, 'A2', L.surveyLead, look, 'text');
  mergeAcross(form, 2, 1, 5);
  const formHeader = layout.survey.header;
  [labels.no, labels.theme, L.item, L.howTo, L.answer].forEach((h, i) => put(form, `${col(i + 1)}${formHeader}`, h, look, 'header'));
  survey.items.forEach((item, i) => {
    const r = formHeader + 1 + i;
    put(form, `A${r}`, i + 1, look, 'cellCentered');
    put(form, `B${r}`, themeTitle(item), look, 'cell');
    put(form, `C${r}`, t.text(item.text), look, 'cell');
    put(form, `D${r}`, howTo(item), look, 'cell');
    put(form, `E${r}`, null, look, 'input');
  });
  const formLast = formHeader + survey.items.length;
  validateColumn(
    form,
    'E',
    survey.items.map((item, i) => ({ row: formHeader + 1 + i, validation: answerValidation(item, `E${formHeader + 1 + i}`) })),
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
  resp.columns = [{ width: 7 }, ...survey.items.map((it) => ({ width: responseWidths[it.type] }))];
  put(resp, 'A1', `${L.sheets.responses} — ${surveyTitle}: ${L.responsesLead}`, look, 'subtitle');
  mergeAcross(resp, 1, 1, 1 + Math.min(survey.items.length, 8));
  put(resp, `A${respHeader}`, labels.theme, look, 'header');
  put(resp, `A${respHeader + 1}`, L.item, look, 'header');
  put(resp, `A${respHeader + 2}`, labels.id, look, 'idHeader');
  // The empty answer cells share one style object, which exceljs then registers once rather
  // than once per cell (it knows a style object it has seen): 100 rows × every item, in each
  // language. Nothing changes these cells' style after this.
  const inputStyle = styleOf(look, 'input');
  survey.items.forEach((item, i) => {
    const c = itemCol(i);
    put(resp, `${c}${respHeader}`, themeTitle(item), look, 'header');
    // The item's text heads every printed page: smaller than the other headers, so it does not crowd out the answers.
    const text = put(resp, `${c}${respHeader + 1}`, `${i + 1}. ${t.text(item.text)}`, look, 'header');
    text.font = { ...text.font, bold: false, size: look.size - 2 };
    text.alignment = { wrapText: true, vertical: 'top', horizontal: 'left' };
    // Shrunk to the column rather than cut off: an id is longer than a column of answers is wide.
    put(resp, `${c}${respHeader + 2}`, item.id, look, 'idHeader').alignment = { horizontal: 'center', vertical: 'middle', shrinkToFit: true };
    // One validation for the column: a formula in it is relative to the column's first cell.
    const validation = answerValidation(item, `${c}${firstRow}`);
    const rows = Array.from({ length: respondentRows }, (_, k) => firstRow + k);
    for (const r of rows) resp.getCell(`${c}${r}`).style = inputStyle;
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

  // ── Summary: scores, distributions and counts by formula ─────────────────────
  const sum = wb.addWorksheet(L.sheets.summary, { properties: { tabColor: { argb: argb(look.colours.accent) } } });
  /** The distribution's first column, after No., theme, item, answers, average, direction, score and assessment. */
  const distFirst = 9;
  const distCol = (k: number) => col(distFirst + k);
  const maxPoints = Math.max(0, ...usedScales.map((sc) => sc.points.length));
  const anyDontKnow = [...lists.values()].some((l) => l.dontKnowRow !== null);
  const idCol = col(distFirst + maxPoints + (anyDontKnow ? 1 : 0));
  const lastTitleCol = distFirst - 1 + Math.max(maxPoints, 1);
  sum.columns = [
    { width: 6 },
    { width: 14 },
    { width: 44 },
    { width: 9 },
    { width: 9 },
    { width: 11 },
    { width: 9 },
    { width: 11 },
    ...Array.from({ length: maxPoints + (anyDontKnow ? 1 : 0) }, () => ({ width: 12 })),
    { width: 20 },
  ];
  put(sum, 'A1', `${L.summaryTitle} — ${surveyTitle}`, look, 'title');
  mergeAcross(sum, 1, 1, lastTitleCol);
  const { weakRow, strongRow } = layout.summary;
  const threshold = (row: number, labelText: string, value: number) => {
    put(sum, `B${row}`, labelText, look, 'text').alignment = { horizontal: 'right', vertical: 'middle', wrapText: true };
    mergeAcross(sum, row, 2, 4);
    const input = put(sum, `E${row}`, value, look, 'inputCentered');
    input.numFmt = '0';
    input.alignment = { horizontal: 'center', vertical: 'middle' };
  };
  threshold(weakRow, L.weakThreshold, thresholds.weak);
  threshold(strongRow, L.strongThreshold, thresholds.strong);
  validateColumn(
    sum,
    'E',
    [weakRow, strongRow].map((row) => ({
      row,
      validation: { type: 'decimal', operator: 'between', formulae: [0, 100], allowBlank: false, showErrorMessage: true, error: fill(L.thresholdError, { min: 0, max: 100 }) },
    })),
  );
  put(sum, 'A4', anyDontKnow ? `${L.scoreNote} ${fill(L.dontKnowNote, { dontKnow: dontKnowLabel })}` : L.scoreNote, look, 'note');
  mergeAcross(sum, 4, 1, lastTitleCol);

  const blocks = usedScales.map((sc) => {
    const items = likertItems.map((item) => ({ item, n: survey.items.indexOf(item) + 1, index: survey.items.indexOf(item), good: goodDirection(item, survey.themes) })).filter((x) => x.item.scale === sc.id);
    const themes = survey.themes.map((th) => ({ th, items: items.filter((x) => x.item.theme === th.id) })).filter((x) => x.items.length > 0);
    return { sc, list: lists.get(`scale:${sc.id}`)!, themes };
  });
  const mixed = blocks.some((b) => b.themes.some(({ th, items }) => items.some((x) => x.good !== th.good)));
  put(sum, 'A5', mixed ? `${L.highlightNote} ${L.reversedNote}` : L.highlightNote, look, 'note');
  mergeAcross(sum, 5, 1, lastTitleCol);

  const assessed: { from: number; to: number }[] = [];
  let r = layout.summary.firstTable;
  for (const { sc, list, themes } of blocks) {
    r = likertTable(r, sc, list, themes);
  }

  /**
   * One scale's table: a heading, a header row naming its points (and "don't know"), then each
   * theme's row followed by its items. Returns the row after it.
   */
  function likertTable(start: number, sc: SurveyScale, list: OptionList, themes: { th: Course['survey']['themes'][number]; items: { item: LikertItem; n: number; index: number; good: GoodDirection }[] }[]): number {
    const n = sc.points.length;
    const lastDist = distCol(n - 1);
    const dkCol = list.dontKnowRow !== null ? distCol(n) : null;
    const points = (k: number) => valueRef(list.first + k);
    const pointsRange = sheetRef(optionsSheet, `$A$${list.first}:$A$${list.last}`);
    const [lo, hi] = [`MIN(${pointsRange})`, `MAX(${pointsRange})`];
    put(sum, `A${start}`, fill(L.scaleTable, { first: t.text(sc.points[0]!.label), last: t.text(sc.points[n - 1]!.label), count: n }), look, 'heading');
    mergeAcross(sum, start, 1, lastTitleCol);
    const header = start + 1;
    [labels.no, labels.theme, L.item, L.answers, L.average, L.good, L.score, L.assessment].forEach((h, i) => put(sum, `${col(i + 1)}${header}`, h, look, 'header'));
    sc.points.forEach((p, k) => putFormula(sum, `${distCol(k)}${header}`, labelRef(list.first + k), t.text(p.label), look, 'header'));
    if (dkCol) putFormula(sum, `${dkCol}${header}`, labelRef(list.dontKnowRow!), dontKnowLabel, look, 'header');
    put(sum, `${idCol}${header}`, labels.id, look, 'idHeader');
    /** Answers, average, direction, score and assessment of a row whose distribution is already in place. */
    const totals = (row: number, good: GoodDirection, group: boolean) => {
      putFormula(sum, `D${row}`, `SUM(${distCol(0)}${row}:${lastDist}${row})`, 0, look, group ? 'groupCentered' : 'cellCentered').numFmt = '0';
      const sumOfPoints = sc.points.map((_, k) => `${distCol(k)}${row}*${points(k)}`).join('+');
      putFormula(sum, `E${row}`, `IF(D${row}=0,"",(${sumOfPoints})/D${row})`, '', look, group ? 'groupFormula' : 'formula').numFmt = '0.00';
      put(sum, `F${row}`, good === 'high' ? L.goodHigh : L.goodLow, look, group ? 'groupCentered' : 'cellCentered');
      // The average on 0–100, 100 at the good end: one pair of thresholds fits every scale.
      const fromGoodEnd = good === 'high' ? `E${row}-${lo}` : `${hi}-E${row}`;
      putFormula(sum, `G${row}`, `IF(ISNUMBER(E${row}),(${fromGoodEnd})/(${hi}-${lo})*100,"")`, '', look, group ? 'groupFormula' : 'formula').numFmt = '0';
      putFormula(
        sum,
        `H${row}`,
        `IF(ISNUMBER(G${row}),IF(G${row}<$E$${weakRow},${formulaString(L.weakness)},IF(G${row}>=$E$${strongRow},${formulaString(L.strength)},"")),"")`,
        '',
        look,
        group ? 'groupFormula' : 'formula',
      );
    };
    let row = header + 1;
    for (const { th, items } of themes) {
      const themeRow = row;
      const firstItem = themeRow + 1;
      put(sum, `A${themeRow}`, null, look, 'group');
      put(sum, `B${themeRow}`, t.text(th.title), look, 'group');
      put(sum, `C${themeRow}`, fill(L.themeTotal, { count: items.length }), look, 'group');
      sc.points.forEach((_, k) => {
        // An item whose good direction is the theme's other one counts reversed ("agree" as
        // "disagree"), so the theme's average reads in the theme's direction.
        const cells = items.map((x, j) => `${distCol(x.good === th.good ? k : n - 1 - k)}${firstItem + j}`);
        const contiguous = items.every((x) => x.good === th.good);
        const formula = contiguous ? `SUM(${cells[0]}:${cells[cells.length - 1]})` : `SUM(${cells.join(',')})`;
        putFormula(sum, `${distCol(k)}${themeRow}`, formula, 0, look, 'groupCentered').numFmt = '0';
      });
      if (dkCol) putFormula(sum, `${dkCol}${themeRow}`, `SUM(${dkCol}${firstItem}:${dkCol}${firstItem + items.length - 1})`, 0, look, 'groupCentered').numFmt = '0';
      totals(themeRow, th.good, true);
      put(sum, `${idCol}${themeRow}`, th.id, look, 'id');
      items.forEach(({ item, n: number, index, good }, j) => {
        const ir = firstItem + j;
        put(sum, `A${ir}`, number, look, 'cellCentered');
        put(sum, `B${ir}`, themeTitle(item), look, 'cell');
        put(sum, `C${ir}`, t.text(item.text), look, 'cell');
        sc.points.forEach((_, k) => {
          // An exact comparison, not COUNTIF: a label may hold characters COUNTIF reads as wildcards.
          putFormula(sum, `${distCol(k)}${ir}`, `SUMPRODUCT(--(${answersOf(index)}=${distCol(k)}$${header}))`, 0, look, 'cellCentered').numFmt = '0';
        });
        if (dkCol) {
          const kind = item.dontKnow ? 'cellCentered' : 'cell';
          if (item.dontKnow) putFormula(sum, `${dkCol}${ir}`, `SUMPRODUCT(--(${answersOf(index)}=${dkCol}$${header}))`, 0, look, kind).numFmt = '0';
          else put(sum, `${dkCol}${ir}`, null, look, kind);
        }
        totals(ir, good, false);
        put(sum, `${idCol}${ir}`, item.id, look, 'id');
      });
      row = firstItem + items.length;
    }
    assessed.push({ from: header + 1, to: row - 1 });
    return row + 1;
  }

  // Choice items: how many chose each option, and the share of those who answered the item.
  let sumLast = r - 2;
  if (choiceItems.length) {
    const heading = r;
    put(sum, `A${heading}`, L.choiceTable, look, 'heading');
    mergeAcross(sum, heading, 1, lastTitleCol);
    const header = heading + 1;
    [labels.no, labels.theme, L.item, L.answers, L.share, L.segmentColumn].forEach((h, i) => put(sum, `${col(i + 1)}${header}`, h, look, 'header'));
    put(sum, `${idCol}${header}`, labels.id, look, 'idHeader');
    let row = header + 1;
    for (const item of choiceItems) {
      const index = survey.items.indexOf(item);
      const list = listOf(item);
      const answers = answersOf(index);
      const itemRow = row;
      put(sum, `A${itemRow}`, index + 1, look, 'groupCentered');
      put(sum, `B${itemRow}`, themeTitle(item), look, 'group');
      put(sum, `C${itemRow}`, t.text(item.text), look, 'group');
      // Respondents who answered the item: the base of every share below.
      putFormula(sum, `D${itemRow}`, `SUMPRODUCT(--(LEN(TRIM(${answers}))>0))`, 0, look, 'groupCentered').numFmt = '0';
      put(sum, `E${itemRow}`, item.multiple ? L.multipleShare : null, look, 'group');
      put(sum, `F${itemRow}`, item.segment ? L.segmentYes : null, look, 'groupCentered');
      put(sum, `${idCol}${itemRow}`, item.id, look, 'id');
      // A select-all answer is letters and commas: each letter is found between commas, after
      // the spaces and Japanese commas a person may type are made plain ones.
      const normalised = `","&SUBSTITUTE(SUBSTITUTE(SUBSTITUTE(SUBSTITUTE(LOWER(${answers})," ",""),"\u3000",""),"\u3001",","),"\uff0c",",")&","`;
      item.options.forEach((o, k) => {
        const or = itemRow + 1 + k;
        put(sum, `A${or}`, null, look, 'cell');
        put(sum, `B${or}`, null, look, 'cell');
        // A select-all item's options show their letters, as its answers are written.
        const label = item.multiple ? `${formulaString(`${optionLetter(k)}) `)}&${labelRef(list.first + k)}` : labelRef(list.first + k);
        putFormula(sum, `C${or}`, label, item.multiple ? `${optionLetter(k)}) ${t.text(o.label)}` : t.text(o.label), look, 'cell');
        const count = item.multiple ? `SUMPRODUCT(--ISNUMBER(FIND(",${optionLetter(k)},",${normalised})))` : `SUMPRODUCT(--(${answers}=C${or}))`;
        putFormula(sum, `D${or}`, count, 0, look, 'cellCentered').numFmt = '0';
        putFormula(sum, `E${or}`, `IF($D$${itemRow}=0,"",D${or}/$D$${itemRow})`, '', look, 'formula').numFmt = '0%';
        put(sum, `F${or}`, null, look, 'cell');
        put(sum, `${idCol}${or}`, o.id, look, 'id');
      });
      row = itemRow + 1 + item.options.length;
    }
    sumLast = row - 1;
    r = row + 1;
  }
  // Strengths green and weaknesses red, as the assessment column says: the colours follow
  // each row's own direction because that column does.
  for (const { from, to } of assessed) {
    if (to < from) continue;
    const rule = (priority: number, text: string, style: { fill: string; font: string }): ExcelJS.ConditionalFormattingRule => ({
      type: 'expression',
      priority,
      formulae: [`$H${from}=${formulaString(text)}`],
      style: {
        fill: { type: 'pattern', pattern: 'solid', bgColor: { argb: argb(style.fill) } },
        font: { color: { argb: argb(style.font) }, bold: true },
      },
    });
    sum.addConditionalFormatting({ ref: `B${from}:H${to}`, rules: [rule(1, L.weakness, assessmentStyle.weakness), rule(2, L.strength, assessmentStyle.strength)] });
  }

  const textItems = survey.items.map((item, i) => ({ item, n: i + 1, index: i })).filter((x) => x.item.type === 'text');
  if (textItems.length) {
    const heading = r;
    put(sum, `A${heading}`, L.freeText, look, 'heading');
    mergeAcross(sum, heading, 1, 3);
    [labels.no, labels.theme, L.item, L.written].forEach((h, i) => put(sum, `${col(i + 1)}${heading + 1}`, h, look, 'header'));
    mergeAcross(sum, heading + 1, 4, 5);
    put(sum, `${idCol}${heading + 1}`, labels.id, look, 'idHeader');
    textItems.forEach(({ item, n: number, index }, j) => {
      const tr = heading + 2 + j;
      put(sum, `A${tr}`, number, look, 'cellCentered');
      put(sum, `B${tr}`, themeTitle(item), look, 'cell');
      put(sum, `C${tr}`, t.text(item.text), look, 'cell');
      putFormula(sum, `D${tr}`, `SUMPRODUCT(--(LEN(${answersOf(index)})>0))`, 0, look, 'cellCentered').numFmt = '0';
      mergeAcross(sum, tr, 4, 5);
      put(sum, `${idCol}${tr}`, item.id, look, 'id');
    });
    sumLast = heading + 1 + textItems.length;
  }
  sum.getRow(1).height = 30;
  fitRows(sum, look, 2, sumLast);
  // The title and the thresholds stay in view; each table below has its own header, so no row
  // repeats on every printed page.
  freeze(sum, layout.summary.strongRow + 1);
  setUpPrinting(sum, look, labels, title, { orientation: 'landscape', area: `A1:${col(distFirst + Math.max(maxPoints, 1) - 1 + (anyDontKnow ? 1 : 0))}${sumLast}` });
  await protect(sum);

  // ── Options: the answers of every drop-down, their points and letters ────────
  const sc = wb.addWorksheet(optionsSheet);
  sc.columns = [{ width: 10 }, { width: 34 }, { width: 18 }, { width: 14 }];
  // Title and lead within the printed columns (the list and ID columns are for the importer).
  put(sc, 'A1', L.optionsTitle, look, 'title');
  mergeAcross(sc, 1, 1, 2);
  put(sc, 'A2', L.optionsLead, look, 'text');
  mergeAcross(sc, 2, 1, 2);
  put(sc, `A${O.header}`, L.value, look, 'header');
  put(sc, `B${O.header}`, L.label, look, 'header');
  put(sc, `C${O.header}`, L.list, look, 'idHeader');
  put(sc, `D${O.header}`, labels.id, look, 'idHeader');
  optionRows.forEach((o, k) => {
    const row = O.header + 1 + k;
    if (o.group !== undefined) {
      put(sc, `A${row}`, o.group, look, 'group');
      mergeAcross(sc, row, 1, 2);
      put(sc, `C${row}`, null, look, 'group');
      put(sc, `D${row}`, null, look, 'group');
      return;
    }
    put(sc, `A${row}`, o.value === '' ? null : o.value!, look, 'cellCentered');
    // The labels are what a customer edits here: unlocked, like an answer cell.
    put(sc, `B${row}`, o.label!, look, 'input');
    put(sc, `C${row}`, o.list!, look, 'id');
    put(sc, `D${row}`, o.id!, look, 'id');
  });
  for (const list of lists.values()) {
    wb.definedNames.add(sheetRef(optionsSheet, `$B$${list.first}:$B$${list.last}`), list.name);
    if (list.withDontKnow) wb.definedNames.add(sheetRef(optionsSheet, `$B$${list.first}:$B$${list.dontKnowRow}`), list.withDontKnow);
  }
  const optionsLast = O.header + optionRows.length;
  sc.getRow(1).height = 30;
  fitRows(sc, look, 2, optionsLast);
  freeze(sc, O.header + 1);
  setUpPrinting(sc, look, labels, title, { orientation: 'portrait', area: `A1:B${optionsLast}`, titleRows: `${O.header}:${O.header}` });
  await protect(sc);

  return wb;
}
