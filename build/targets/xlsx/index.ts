/**
 * Excel manuscripts: the awareness survey and the confirmation test as workbooks a customer
 * edits and uses in class, with drop-downs, automatic summaries and scoring by formula.
 */
import type { Target } from '../target.ts';
import { testWorkbook } from './confirmation-test.ts';
import { labelsFor } from './labels.ts';
import { lookFor } from './sheet.ts';
import { surveyWorkbook } from './survey.ts';
import { workbookBytes } from './workbook.ts';

export const xlsx: Target = {
  name: 'xlsx',
  async build(course, ctx) {
    const labels = labelsFor(ctx.lang);
    const look = lookFor(course, ctx.lang);
    const survey = await surveyWorkbook(course, ctx.lang, labels, look);
    const test = await testWorkbook(course, ctx.lang, labels, look);
    return [
      { path: `${course.id}-${ctx.lang}-awareness-survey.xlsx`, contents: await workbookBytes(survey, look) },
      { path: `${course.id}-${ctx.lang}-confirmation-test.xlsx`, contents: await workbookBytes(test, look) },
    ];
  },
};
