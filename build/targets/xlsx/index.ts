/**
 * Excel manuscripts: the awareness survey and the confirmation test as workbooks a customer
 * edits and uses in class, with drop-downs, automatic summaries and scoring by formula. The
 * test is two workbooks: the learner's, which gives no answer away, and the trainer's, with
 * the answer key and the scoring.
 */
import type { Target } from '../target.ts';
import { learnerWorkbook, trainerWorkbook } from './confirmation-test.ts';
import { labelsFor } from './labels.ts';
import { lookFor } from './sheet.ts';
import { surveyWorkbook } from './survey.ts';
import { workbookBytes } from './workbook.ts';

export const xlsx: Target = {
  name: 'xlsx',
  async build(course, ctx) {
    const labels = labelsFor(ctx.lang);
    const look = lookFor(course, ctx.lang);
    const files = {
      survey: `${course.id}-${ctx.lang}-awareness-survey.xlsx`,
      learner: `${course.id}-${ctx.lang}-confirmation-test.xlsx`,
      trainer: `${course.id}-${ctx.lang}-confirmation-test-trainer.xlsx`,
    };
    const survey = await surveyWorkbook(course, ctx.lang, labels, look);
    const learner = await learnerWorkbook(course, ctx.lang, labels, look);
    const trainer = await trainerWorkbook(course, ctx.lang, labels, look, files);
    return [
      { path: files.survey, contents: await workbookBytes(survey, look) },
      { path: files.learner, contents: await workbookBytes(learner, look) },
      { path: files.trainer, contents: await workbookBytes(trainer, look) },
    ];
  },
};
