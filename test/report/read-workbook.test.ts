/**
 * The survey workbook the build makes, filled in as a trainer fills it in after a classroom
 * session (labels from the drop-downs, "don't know", letters for a select-all item, free text),
 * saved by exceljs and then re-saved by LibreOffice: both copies read back to the ids the LMS
 * would have recorded and the texts exactly as typed.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadCourse } from '../../build/index.ts';
import type { Course } from '../../build/model.ts';
import { readSurveyWorkbook, recognise } from '../../build/report/read/workbook.ts';
import { ReportInputError, type Submission } from '../../build/report/model.ts';
import { xlsx } from '../../build/targets/xlsx/index.ts';
import { projectRoot } from '../support/fixture.ts';
import { convertWithLibreOffice, libreOfficeTestTimeout } from '../support/libreoffice.ts';
import { targetContext } from '../support/target-context.ts';

const FREE_TEXT = 'They said "wait, please", then, later:\n「お待ちください」\tと言われ、\'困った\'';

async function surveyWorkbook(course: Course, lang: string): Promise<Uint8Array> {
  const files = await xlsx.build(course, targetContext(course, lang));
  return files.find((f) => f.path.endsWith(`-${lang}-awareness-survey.xlsx`))!.contents;
}

/**
 * The built workbook with answers typed into the responses sheet, addressed by item id (row 4
 * holds the ids) and respondent row; `options` retypes labels on the options sheet by cell.
 */
async function fillIn(bytes: Uint8Array, rows: Record<number, Record<string, string>>, options: Record<string, string> = {}): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
  const sheet = wb.getWorksheet('Responses')!;
  const column = new Map<string, number>();
  sheet.getRow(4).eachCell((cell, col) => column.set(String(cell.value), col));
  for (const [row, answers] of Object.entries(rows)) {
    for (const [item, value] of Object.entries(answers)) sheet.getCell(Number(row), column.get(item)!).value = value;
  }
  for (const [address, label] of Object.entries(options)) wb.getWorksheet('Options')!.getCell(address).value = label;
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Each submission as row key → item id → response. */
const answersByRow = (subs: Submission[]) => Object.fromEntries(subs.map((s) => [s.learner.key, Object.fromEntries(s.answers.map((a) => [a.id, a.response]))]));

describe('the survey workbook, filled in by hand', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'report-workbook-'));
  let built: Uint8Array;
  let exceljsSaved: Buffer;
  let libreOfficeSaved: Buffer;

  beforeAll(async () => {
    const { course } = loadCourse(path.join(projectRoot, 'content'));
    built = await surveyWorkbook(course!, 'en');
    exceljsSaved = await fillIn(
      built,
      {
        5: {
          aw_exp_received: 'Rarely',
          aw_exp_witnessed: 'Never',
          aw_exp_after_effects: 'Often',
          aw_know_complaint: 'Somewhat agree',
          aw_know_records: 'Neither agree nor disagree',
          aw_know_law: 'Disagree',
          // Retyped on the options sheet below: the edited label is the one the drop-down offered.
          aw_know_local: 'Fully agree',
          aw_work_policy: "Don't know",
          aw_work_manual: 'Yes',
          aw_work_desk: 'No',
          seg_contact: 'A few times a week',
          // As people type letters: out of order, upper case, a Japanese comma and spaces.
          seg_channel: 'D、 b',
          seg_department: 'Contact centre or customer service',
          fx_hard_situation: FREE_TEXT,
          fx_company_request: '=1+1',
        },
        // Row 6 is left empty: it is no respondent.
        7: { fx_course_wish: 'Commas, "quotes" and 日本語' },
      },
      // The options sheet's row 9 is the agreement scale's top point, "Agree".
      { B9: 'Fully agree' },
    );
    fs.writeFileSync(path.join(dir, 'session.xlsx'), exceljsSaved);
    const [saved] = await convertWithLibreOffice([path.join(dir, 'session.xlsx')], 'xlsx', path.join(dir, 'libreoffice'));
    libreOfficeSaved = fs.readFileSync(saved!);
  }, libreOfficeTestTimeout());

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const expected = {
    'row:session.xlsx#1': {
      'survey.aw_exp_received': 'f2',
      'survey.aw_exp_witnessed': 'f1',
      'survey.aw_exp_after_effects': 'f4',
      'survey.aw_know_complaint': 's4',
      'survey.aw_know_records': 's3',
      'survey.aw_know_law': 's1',
      'survey.aw_know_local': 's5',
      'survey.aw_work_policy': 'dk',
      'survey.aw_work_manual': 'y',
      'survey.aw_work_desk': 'n',
      'survey.seg_contact': 'weekly',
      'survey.seg_channel': 'phone[,]visits',
      'survey.seg_department': 'contact_centre',
      'survey.fx_hard_situation': FREE_TEXT,
      'survey.fx_company_request': '=1+1',
    },
    'row:session.xlsx#3': { 'survey.fx_course_wish': 'Commas, "quotes" and 日本語' },
  };

  test.each([
    ['exceljs', () => exceljsSaved],
    ['LibreOffice', () => libreOfficeSaved],
  ])('saved by %s, each filled row reads back as the ids and texts typed in', async (_by, bytes) => {
    const subs = await readSurveyWorkbook('data/session.xlsx', new Uint8Array(bytes()));
    expect(answersByRow(subs)).toEqual(expected);
    const [first, third] = subs;
    expect(first).toMatchObject({ file: 'data/session.xlsx', format: 'survey-workbook', attempt: 1, at: null, score: null, empty: false });
    expect(first!.learner).toEqual({ key: 'row:session.xlsx#1', name: null, email: null, groups: [] });
    // The index is the item's column among the items, as the record's order would be.
    expect(first!.answers.map((a) => a.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 16, 17, 18, 19, 20]);
    expect(third!.answers).toEqual([{ id: 'survey.fx_course_wish', index: 21, response: 'Commas, "quotes" and 日本語', result: null }]);
  });

  test('the workbook is recognised by its properties; the workbook as built has no respondent yet', async () => {
    expect(recognise(built)).toBe(true);
    expect(recognise(new Uint8Array(libreOfficeSaved))).toBe(true);
    expect(recognise(new TextEncoder().encode('name\tresponse\n'))).toBe(false);
    expect(await readSurveyWorkbook('survey.xlsx', built)).toEqual([]);
  });

  test('an answer that is not one of its item\'s labels names the sheet, the cell and the labels allowed', async () => {
    const bytes = await fillIn(built, { 5: { aw_exp_received: 'Never' }, 7: { aw_know_complaint: 'Often' } });
    const error = await readSurveyWorkbook('session.xlsx', new Uint8Array(bytes)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReportInputError);
    expect((error as ReportInputError).message).toBe(
      'session.xlsx: Responses!E7 holds "Often", which is not one of the answers of the item aw_know_complaint: "Disagree", "Somewhat disagree", "Neither agree nor disagree", "Somewhat agree", "Agree"',
    );
    expect((error as ReportInputError).hint).toBe('Choose the answer from the cell\'s drop-down (its labels are on the sheet "Options"), or clear the cell.');
  });

  test('a letter that a select-all item does not offer is refused with the item\'s letters', async () => {
    const bytes = await fillIn(built, { 6: { seg_channel: 'a,e' } });
    const error = await readSurveyWorkbook('session.xlsx', new Uint8Array(bytes)).catch((e: unknown) => e);
    expect((error as ReportInputError).message).toBe(
      'session.xlsx: Responses!S6 holds "a,e", and "e" is not one of the letters of the item seg_channel: a) At a counter or in a shop, b) By phone, c) Online, by email or chat, d) On visits',
    );
  });

  test('a drop-down whose list is no longer on the options sheet is refused rather than read as typed text', async () => {
    // The options sheet's ID header renamed: its rows can no longer be told apart.
    const bytes = await fillIn(built, { 5: { aw_exp_received: 'Never' } }, { D3: 'Code' });
    const error = await readSurveyWorkbook('session.xlsx', new Uint8Array(bytes)).catch((e: unknown) => e);
    expect((error as ReportInputError).message).toBe(
      'session.xlsx: the answers of the item aw_exp_received (column B of "Responses") cannot be matched to a list on the sheet "Options": its drop-down points at Scale_frequency',
    );
  });

  test('another workbook is refused as not the survey\'s', async () => {
    const { course } = loadCourse(path.join(projectRoot, 'content'));
    const files = await xlsx.build(course!, targetContext(course!, 'en'));
    const testWorkbook = files.find((f) => f.path.endsWith('-en-confirmation-test.xlsx'))!.contents;
    const error = await readSurveyWorkbook('test.xlsx', testWorkbook).catch((e: unknown) => e);
    expect((error as ReportInputError).message).toBe('test.xlsx: the file is not the awareness survey\'s workbook (its document properties do not say "manuscript=awareness-survey")');
  });
});
