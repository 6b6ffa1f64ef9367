/**
 * `npm run report` from end to end, on the real downloads and backups of a real Moodle
 * (test/fixtures/moodle/, recorded with edition 1.0.0 of the course): every input format gives
 * the same numbers, the ones worked out by hand from truth.json in analyse.test.ts; inputs merge;
 * the command writes three files, or nothing when a file is refused.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadCourse } from '../../build/index.ts';
import type { Course } from '../../build/model.ts';
import { makeReport, ReportInputErrors } from '../../build/report/index.ts';
import type { Report } from '../../build/report/model.ts';
import { projectRoot } from '../support/fixture.ts';
import { scaled } from '../support/time-scale.ts';
import ExcelJS from 'exceljs';
import { xlsx } from '../../build/targets/xlsx/index.ts';
import { targetContext } from '../support/target-context.ts';

const moodle = path.join(projectRoot, 'test', 'fixtures', 'moodle', 'cohort');
const reports12 = path.join(moodle, 'reports', 'scorm12');
const backups = path.join(moodle, 'backup');

function courseOf(): Course {
  const { course, diagnostics } = loadCourse(path.join(projectRoot, 'content'));
  if (!course) throw new Error(diagnostics.list.map((d) => d.message).join('\n'));
  return course;
}
const course = courseOf();

/** The one file of a kind in a fixture folder (Moodle names them with the activity and a time). */
function fixture(folder: string, ext: string): string {
  const dir = path.join(reports12, folder);
  const found = fs.readdirSync(dir).filter((f) => f.endsWith(ext));
  if (found.length !== 1) throw new Error(`expected one ${ext} in ${dir}, found ${found.length}`);
  return path.join(dir, found[0]!);
}
const backup = (kind: 'activity-17' | 'activity-18' | 'course-10') => path.join(backups, fs.readdirSync(backups).find((f) => f.includes(kind))!);

async function reportOn(files: string[], opts: Partial<Parameters<typeof makeReport>[2]> = {}): Promise<Report> {
  const inputs = files.map((file) => ({ file, bytes: new Uint8Array(fs.readFileSync(file)) }));
  return (await makeReport(course, inputs, { lang: 'en', ...opts })).report;
}

// Worked out by hand from truth.json (the arithmetic is in analyse.test.ts): each learner's
// latest attempt, 12 respondents; cohort13 never started and the teacher is not a learner.
const themesByHand = [
  ['experience', 35.417],
  ['rules', 40.625],
  ['confidence', 48.958],
  ['workplace', 54.167],
  ['knowledge', 57.639],
];
const themes = (r: Report) => r.themes.map((t) => [t.id, Number(t.score!.toFixed(3))]);

describe('every input format of the whole cohort gives the numbers worked out by hand', () => {
  const inputs: [string, () => string, { byOrder: boolean; test: boolean }][] = [
    ['SCORM 1.2 Interactions report, text, all columns', () => fixture('interactions-all-columns', '.txt'), { byOrder: false, test: true }],
    ['SCORM 1.2 Interactions report, ODS, all columns', () => fixture('interactions-all-columns', '.ods'), { byOrder: false, test: true }],
    ['SCORM 1.2 Interactions report, text, default columns', () => fixture('interactions-default-columns', '.txt'), { byOrder: true, test: false }],
    ['SCORM 1.2 Interactions report, ODS, default columns', () => fixture('interactions-default-columns', '.ods'), { byOrder: true, test: false }],
    ['the SCORM 1.2 activity backup', () => backup('activity-17'), { byOrder: false, test: true }],
    ['the SCORM 2004 activity backup', () => backup('activity-18'), { byOrder: false, test: true }],
  ];
  test.each(inputs)('%s', async (_, file, expected) => {
    const report = await reportOn([file()]);
    expect(report.edition.id).toBe('1.0.0');
    expect(report.respondents.length).toBe(12);
    expect(themes(report)).toEqual(themesByHand);
    // Free text arrives exactly as typed, whatever the format did to it on the way.
    const wish = report.freeText.find((f) => f.id === 'fx_course_wish')!;
    expect(wish.answers).toContain('=1+1 録音してよいか知りたい 🙏');
    const request = report.freeText.find((f) => f.id === 'fx_company_request')!;
    expect(request.answers).toContain('Share the manual, please: "対応マニュアル" & a hotline\t(24h) <b>tags</b>');
    expect(report.notes.some((n) => n.code === 'MappedByOrder')).toBe(expected.byOrder);
    expect(report.test !== null).toBe(expected.test);
    if (!expected.test) expect(report.notes.some((n) => n.code === 'TestIdsMissing')).toBe(true);
  }, scaled(60_000));

  test('the test results of the SCORM 1.2 activity agree between its text report and its backup', async () => {
    // The SCORM 2004 activity is another activity: its attempts drew other questions.
    const [text, backup12, backup2004] = (await Promise.all([[fixture('interactions-all-columns', '.txt')], [backup('activity-17')], [backup('activity-18')]].map((f) => reportOn(f)))) as [Report, Report, Report];
    const perQuestion = (r: Report) => r.test!.lessons.flatMap((l) => l.questions.map((q) => [q.id, q.n, q.facility, q.discrimination]));
    expect(perQuestion(backup12)).toEqual(perQuestion(text));
    // truth.json: nine learners took the test (cohort01, the seven "api-finish" ones and cohort07's
    // latest attempt); three left after the survey and cohort13 never started. All passed.
    for (const r of [text, backup12, backup2004]) expect([r.test!.attempts, r.test!.passed]).toEqual([9, 9]);
  }, scaled(60_000));

  test('Excel, ODS and text of the same download agree (the group without "=" answers, where Moodle writes an Excel file)', async () => {
    const [txt, xlsx, ods] = (await Promise.all(['.txt', '.xlsx', '.ods'].map((ext) => reportOn([fixture('interactions-all-columns-group3', ext)])))) as [Report, Report, Report];
    expect(xlsx.respondents.length).toBe(txt.respondents.length);
    expect(themes(xlsx)).toEqual(themes(txt));
    expect(themes(ods)).toEqual(themes(txt));
    expect(xlsx.items.map((i) => i.all)).toEqual(txt.items.map((i) => i.all));
    expect(xlsx.freeText).toEqual(txt.freeText);
  }, scaled(60_000));
});

describe('merging inputs', () => {
  test('the course backup gives the groups; with the text report, each learner and attempt counts once and keeps the group', async () => {
    const merged = await reportOn([fixture('interactions-all-columns', '.txt'), backup('course-10')]);
    expect(merged.respondents.length).toBe(12);
    expect(themes(merged)).toEqual(themesByHand);
    const groups = merged.groupings.find((g) => g.from === 'moodle-group')!.groups;
    expect(groups.map((g) => [g.label, g.n, g.suppressed])).toEqual([
      ['コールセンター / Call centre', 6, false],
      ['営業部 / Sales', 6, false],
    ]);
    expect(merged.inputs.map((i) => i.format)).toEqual(['moodle-interactions-text', 'moodle-backup']);
  }, scaled(60_000));

  test('--attempts all keeps cohort07\'s first attempt as a respondent of its own', async () => {
    const all = await reportOn([backup('activity-17')], { attempts: 'all' });
    expect(all.respondents.length).toBe(13);
  }, scaled(60_000));

  test('a breakdown smaller than the limit is withheld', async () => {
    const strict = await reportOn([backup('course-10')], { minGroupSize: 7 });
    const groups = strict.groupings.find((g) => g.from === 'moodle-group')!.groups;
    expect(groups.every((g) => g.suppressed && Object.values(g.themes).every((v) => v === null))).toBe(true);
  }, scaled(60_000));

  test('a foreign file among good ones: every refused file is named, and no report is made', async () => {
    const foreign = path.join(os.tmpdir(), `foreign-${process.pid}.csv`);
    fs.writeFileSync(foreign, 'Name,Email address,Attempt\n"A, B",a@example.invalid,1\n');
    try {
      await expect(reportOn([fixture('interactions-all-columns', '.txt'), foreign, fixture('basic-default', '.txt')])).rejects.toSatisfy((e) => {
        const problems = (e as ReportInputErrors).problems;
        return problems.length === 2 && problems[0]!.file === foreign && problems[1]!.file.endsWith('tab_separated.txt');
      });
    } finally {
      fs.rmSync(foreign, { force: true });
    }
  }, scaled(60_000));
});

describe('the survey workbook of a classroom session (current edition)', () => {
  test('seven respondents typed in by hand: distributions with "don\'t know" apart, the department breakdown, free text', async () => {
    const files = await xlsx.build(course, targetContext(course, 'en'));
    const built = files.find((f) => f.path.endsWith('-en-awareness-survey.xlsx'))!.contents;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(built) as unknown as ExcelJS.Buffer);
    const sheet = wb.getWorksheet('Responses')!;
    const column = new Map<string, number>();
    sheet.getRow(4).eachCell((cell, col) => column.set(String(cell.value), col));
    // Rows 5–11: five of Sales, two of Administration.
    const received = ['Never', 'Rarely', 'Rarely', 'Sometimes', 'Often', 'Often', 'Never'];
    const policy = ['Yes', 'No', "Don't know", "Don't know", 'Yes', 'Yes', 'No'];
    const department = ['Sales', 'Sales', 'Sales', 'Sales', 'Sales', 'Administration', 'Administration'];
    received.forEach((_, k) => {
      const row = sheet.getRow(5 + k);
      row.getCell(column.get('aw_exp_received')!).value = received[k];
      row.getCell(column.get('aw_work_policy')!).value = policy[k];
      row.getCell(column.get('seg_department')!).value = department[k];
    });
    sheet.getRow(5).getCell(column.get('fx_company_request')!).value = '=1+1, "please"';
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer());

    const { report } = await makeReport(course, [{ file: 'classroom.xlsx', bytes }], { lang: 'en' });
    expect(report.edition).toMatchObject({ id: course.version, current: true });
    expect(report.respondents.length).toBe(7);
    const item = (id: string) => report.items.find((i) => i.id === id)!.all;
    // Never, Rarely, Sometimes, Often: 2, 2, 1, 2. Mean on 1–4 = (2·1 + 2·2 + 3 + 2·4)/7 = 17/7;
    // lower is better, so the score is (4 − 17/7)/3·100 = 52.381.
    expect(item('aw_exp_received')).toMatchObject({ n: 7, counts: [2, 2, 1, 2], dontKnow: null });
    expect(item('aw_exp_received').score).toBeCloseTo(52.381, 3);
    // No, Yes: 2, 3; "don't know" 2, left out of the score: (2·1 + 3·2)/5 = 1.6 → 60.
    expect(item('aw_work_policy')).toMatchObject({ n: 7, counts: [2, 3], dontKnow: 2 });
    expect(item('aw_work_policy').score).toBeCloseTo(60, 6);
    const departments = report.groupings.find((g) => g.id === 'seg_department')!.groups;
    expect(departments.filter((g) => g.n > 0).map((g) => [g.label, g.n, g.suppressed])).toEqual([
      ['Sales', 5, false],
      ['Administration', 2, true],
    ]);
    expect(departments.find((g) => g.label === 'Sales')!.items['aw_exp_received']!.counts).toEqual([1, 2, 1, 1]);
    expect(report.freeText.find((f) => f.id === 'fx_company_request')!.answers).toEqual(['=1+1, "please"']);
  }, scaled(120_000));
});

describe('npm run report', () => {
  const run = (args: string[]) => spawnSync(process.execPath, [path.join(projectRoot, 'scripts', 'run.mjs'), 'build/report-cli.ts', ...args], { cwd: projectRoot, encoding: 'utf8', timeout: scaled(180_000) });

  test('writes the workbook, the deck and the page in the report\'s language', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'report-cli-'));
    try {
      const r = run([fixture('interactions-all-columns', '.txt'), backup('course-10'), '--out', out, '--lang', 'ja']);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(fs.readdirSync(out).sort()).toEqual(['kasuhara_basics-report-ja.html', 'kasuhara_basics-report-ja.pptx', 'kasuhara_basics-report-ja.xlsx']);
      expect(r.stdout).toMatch(/12 respondent\(s\) from 2 file\(s\), survey edition 1\.0\.0/);
      const html = fs.readFileSync(path.join(out, 'kasuhara_basics-report-ja.html'), 'utf8');
      expect(html).toMatch(/<html[^>]* lang="ja"/);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  }, scaled(240_000));

  test('a refused file exits 1, names it with what to do, and leaves the output folder as it was', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'report-cli-'));
    fs.writeFileSync(path.join(out, 'earlier.txt'), 'kept');
    try {
      const empty2004 = fs.readdirSync(path.join(moodle, 'reports', 'scorm2004', 'interactions-all-columns')).find((f) => f.endsWith('.txt'))!;
      const file = path.join(moodle, 'reports', 'scorm2004', 'interactions-all-columns', empty2004);
      const r = run([file, '--out', out]);
      expect(r.status).toBe(1);
      expect(r.stderr).toContain(file);
      expect(r.stderr).toMatch(/SCORM 2004/);
      expect(r.stderr).toMatch(/Nothing was written\./);
      expect(fs.readdirSync(out)).toEqual(['earlier.txt']);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  }, scaled(240_000));
});
