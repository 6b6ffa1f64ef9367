/**
 * Moodle's SCORM Interactions report, read from the real downloads of a real Moodle 4.5 (text,
 * Excel and ODS; default and all columns), against what each learner recorded (truth.json).
 */
import path from 'node:path';
import { zipSync } from 'fflate';
import { describe, expect, test } from 'vitest';
import type { Submission } from '../../build/report/model.ts';
import { readInteractionsOds, readInteractionsText, readInteractionsXlsx, parseMoodleDate, unescapeHtml } from '../../build/report/read/moodle-report.ts';
import { readInput } from '../../build/report/read/index.ts';
import { cohort, expectedAttempt, fixtureFile, inputError, moodleFixtures, surveyPart, truth, truthAttempts } from './moodle-truth.ts';

const reports12 = path.join(cohort, 'reports/scorm12');
const reports2004 = path.join(cohort, 'reports/scorm2004');

const readers = {
  txt: async (f: { file: string; bytes: Uint8Array }) => readInteractionsText(f.file, f.bytes),
  xlsx: (f: { file: string; bytes: Uint8Array }) => readInteractionsXlsx(f.file, f.bytes),
  ods: async (f: { file: string; bytes: Uint8Array }) => readInteractionsOds(f.file, f.bytes),
};
type Ext = keyof typeof readers;
const read = (dir: string, ext: Ext) => readers[ext](fixtureFile(dir, `.${ext}`));

/** The report's rows for the learners of truth.json, checked one by one against it. */
function expectMatchesTruth(subs: Submission[], learners: { learner: string; attempt: number }[], columns: 'default' | 'all') {
  for (const { learner, attempt } of learners) {
    const l = truth.learners[learner]!;
    const s = subs.find((x) => x.learner.key === `email:${l.email}` && x.attempt === attempt);
    expect(s, `${learner} attempt ${attempt}`).toBeDefined();
    const want = expectedAttempt('scorm12', learner, attempt);
    expect(surveyPart(s!), `${learner} attempt ${attempt}`).toEqual(want.survey.map(({ index, response }) => ({ index, response })));
    expect(s!.answers.length - want.survey.length).toBe(want.testAnswers);
    expect(s!.score).toBe(want.score);
    expect(s!.empty).toBe(false);
    const surveyIds = s!.answers.filter((a) => a.index < truth.items.length).map((a) => a.id);
    expect(surveyIds).toEqual(columns === 'all' ? want.survey.map((w) => `survey-${w.item}`) : want.survey.map(() => null));
  }
}

const everyone = truthAttempts('scorm12');
// The group3 downloads leave out the two learners whose answers start with "=" (Moodle's Excel export fails on them).
const group3 = everyone.filter((a) => a.learner !== 'cohort01' && a.learner !== 'cohort09');

describe("Moodle's Interactions report of the SCORM 1.2 activity", () => {
  test.each([
    ['txt', 'interactions-default-columns', 'default'],
    ['ods', 'interactions-default-columns', 'default'],
    ['txt', 'interactions-all-columns', 'all'],
    ['ods', 'interactions-all-columns', 'all'],
  ] as const)('reads the whole cohort from the %s download with %s', async (ext, dir, columns) => {
    const subs = await read(path.join(reports12, dir), ext);
    // 12 learners who started (one with two attempts), the one who never did, and the teacher.
    expect(subs).toHaveLength(15);
    expect(new Set(subs.map((s) => s.learner.key)).size).toBe(14);
    expect(subs.filter((s) => s.empty).map((s) => s.learner.key)).toEqual(['email:cohort13@example.invalid', 'email:teacher1@example.invalid']);
    expect(subs.filter((s) => s.learner.key === 'email:cohort07@example.invalid').map((s) => s.attempt)).toEqual([1, 2]);
    expectMatchesTruth(subs, everyone, columns);
  });

  test.each([
    ['txt', 'default'],
    ['xlsx', 'default'],
    ['ods', 'default'],
    ['txt', 'all'],
    ['xlsx', 'all'],
    ['ods', 'all'],
  ] as const)('reads the group without "=" answers from the %s download with %s columns', async (ext, columns) => {
    const subs = await read(path.join(reports12, `interactions-${columns}-columns-group3`), ext);
    expect(subs).toHaveLength(12);
    expect(subs.filter((s) => s.empty).map((s) => s.learner.key)).toEqual(['email:cohort13@example.invalid']);
    expectMatchesTruth(subs, group3, columns);
  });

  test('the three formats give the same submissions, except the date format (text and Excel/ODS alike give local time)', async () => {
    const dir = path.join(reports12, 'interactions-all-columns-group3');
    const [txt, xlsx, ods] = await Promise.all([read(dir, 'txt'), read(dir, 'xlsx'), read(dir, 'ods')]);
    const strip = (subs: Submission[]) => subs.map(({ file: _file, format: _format, ...rest }) => rest);
    expect(strip(xlsx)).toEqual(strip(txt));
    expect(strip(ods)).toEqual(strip(txt));
    expect(txt.map((s) => s.format)[0]).toBe('moodle-interactions-text');
    expect(xlsx[0]!.format).toBe('moodle-interactions-xlsx');
    expect(ods[0]!.format).toBe('moodle-interactions-ods');
  });

  test('keeps free text exactly: tabs, quotes, tags, Japanese, emoji, "=1+1", unescaped once', async () => {
    const subs = await read(path.join(reports12, 'interactions-all-columns'), 'txt');
    const answer = (email: string, id: string) => subs.find((s) => s.learner.email === email)!.answers.find((a) => a.id === id)!.response;
    expect(answer('cohort01@example.invalid', 'survey-fx_company_request')).toBe('Share the manual, please: "対応マニュアル" & a hotline\t(24h) <b>tags</b>');
    expect(answer('cohort01@example.invalid', 'survey-fx_course_wish')).toBe('=1+1 録音してよいか知りたい 🙏');
    expect(answer('cohort09@example.invalid', 'survey-fx_company_request')).toBe('=SUM(A1:A3) <script>alert(1)</script>');
    expect(answer('cohort12@example.invalid', 'survey-fx_company_request')).toBe('\', " ,, "" ;');
    expect(answer('cohort06@example.invalid', 'survey-fx_hard_situation')).toBe('取引先の担当者に、商談の場で大声で罵倒された。\tその後も、メールで謝罪を要求された。');
  });

  test('takes back from the ODS the answers Moodle wrote as formulas (a spreadsheet shows them empty)', async () => {
    const subs = await read(path.join(reports12, 'interactions-all-columns'), 'ods');
    const cohort01 = subs.find((s) => s.learner.email === 'cohort01@example.invalid')!;
    const cohort09 = subs.find((s) => s.learner.email === 'cohort09@example.invalid')!;
    expect(cohort01.answers.find((a) => a.index === 16)!.response).toBe('=1+1 録音してよいか知りたい 🙏');
    expect(cohort09.answers.find((a) => a.index === 15)!.response).toBe('=SUM(A1:A3) <script>alert(1)</script>');
  });

  test('keeps names as Moodle wrote them (not escaped), with the interaction ids, results and dates', async () => {
    const subs = await read(path.join(reports12, 'interactions-all-columns'), 'txt');
    expect(subs.map((s) => s.learner.name)).toEqual([
      '太郎 山田', 'Emily Carter', '花子 佐藤', "Jean-Luc O'Neil, Jr.", '"Kenny" Smith', '一郎 鈴木', 'María García', 'María García', '美咲 高橋', 'Anna Müller, "Anni"', '健太 伊藤', 'Chris Lee', '由美 渡辺', '次郎 中村', 'Hanako Teacher',
    ]);
    const first = subs[0]!;
    expect(first.at).toBe('2026-12-02T01:53:00');
    expect(first.answers[0]).toEqual({ id: 'survey-aw_exp_experienced', index: 0, response: '2', result: 'neutral' });
    expect(first.answers[17]).toEqual({ id: 'test-a1-q_rules_03', index: 17, response: 'f', result: 'correct' });
    expect(first.answers.filter((a) => a.result === 'correct')).toHaveLength(10);
    expect(subs[13]).toMatchObject({ attempt: 1, at: null, score: null, answers: [], empty: true });
  });
});

describe('the single-learner downloads', () => {
  const ja12 = path.join(moodleFixtures, 'single/ja12-correct');
  test.each(['txt', 'xlsx', 'ods'] as const)('read the SCORM 1.2 learner from the %s download, default and all columns alike', async (ext) => {
    const [byDefault, all] = await Promise.all([read(path.join(ja12, 'default-columns'), ext), read(path.join(ja12, 'all-columns'), ext)]);
    for (const subs of [byDefault, all]) {
      expect(subs.map((s) => [s.learner.key, s.empty, s.answers.length, s.score])).toEqual([
        ['email:teacher1@example.invalid', true, 0, null],
        ['email:learner_ja12_correct_25546@example.invalid', false, 26, 100],
      ]);
    }
    expect(all[1]!.answers.map((a) => a.response)).toEqual(byDefault[1]!.answers.map((a) => a.response));
    expect(all[1]!.answers[15]).toEqual({ id: 'survey-fx_company_request', index: 15, response: 'Please share a manual; 対応マニュアルを共有してほしい, "quotes" & <tags>', result: 'neutral' });
    expect(all[1]!.at).toBe('2026-12-02T01:30:00');
  });

  test.each([
    ['ja2004-correct', 'default-columns', 'txt'],
    ['ja2004-correct', 'all-columns', 'xlsx'],
    ['en2004-wrong-then-correct', 'all-columns', 'ods'],
    ['en2004-wrong-then-correct', 'default-columns', 'txt'],
  ] as const)('refuse the empty SCORM 2004 report (%s, %s, %s) and say how to get the answers', async (learner, columns, ext) => {
    const err = await inputError(() => read(path.join(moodleFixtures, 'single', learner, columns), ext));
    expect(err.problem).toBe(`${ext === 'txt' ? 'line 1' : ext === 'xlsx' ? 'row 1 of the sheet "Report"' : 'row 1'}: the Interactions report holds no answers at all. Moodle leaves this report empty for SCORM 2004 packages (its report reads only SCORM 1.2 interaction names), although it stores every answer.`);
    expect(err.hint).toBe('Give a backup of the activity with user data (.mbz) instead, or upload the SCORM 1.2 package to Moodle so that its Interactions report lists the answers.');
  });
});

describe('files that are not the Interactions report', () => {
  const hintInteractions = 'Download the Interactions report instead: In the SCORM activity open Reports → Interactions report, tick at least "Summary of responses" (and "Summary of question" to keep the item ids), and download it as "Text file".';

  test.each(['txt', 'xlsx', 'ods'] as const)("refuse the cohort's SCORM 2004 Interactions report (%s)", async (ext) => {
    const err = await inputError(() => read(path.join(reports2004, 'interactions-all-columns'), ext));
    expect(err.problem).toMatch(/: the Interactions report holds no answers at all\. Moodle leaves this report empty for SCORM 2004 packages/);
  });

  test.each([
    ['scorm12', 'basic-default', 'txt', 'line 1: this is the Basic report'],
    ['scorm12', 'basic-default', 'xlsx', 'row 1 of the sheet "Report": this is the Basic report'],
    ['scorm2004', 'basic-default', 'ods', 'row 1: this is the Basic report'],
    ['scorm12', 'objectives-default', 'txt', 'line 1: this is the Objectives report'],
    ['scorm2004', 'objectives-objective-score', 'txt', 'line 1: this is the Objectives report'],
    ['scorm2004', 'objectives-objective-score', 'ods', 'row 1: this is the Objectives report'],
  ] as const)('refuse the %s %s report (%s): no answers, download the Interactions report', async (version, dir, ext, start) => {
    const err = await inputError(() => read(path.join(version === 'scorm12' ? reports12 : reports2004, dir), ext));
    expect(err.problem).toBe(`${start} of Moodle's SCORM activity; it lists attempts and scores but no answers.`);
    expect(err.hint).toBe(hintInteractions);
  });

  test("refuses a quiz's Responses report, naming it", async () => {
    const quiz = ['First name / Last name\tEmail address\tStatus\tStarted\tCompleted\tDuration\tGrade/10.00\tResponse 1\tResponse 2', '"Taro Learner"\ttaro@example.invalid\tFinished\t"2 December 2026, 1:19 AM"\t"2 December 2026, 1:21 AM"\t"2 mins"\t10.00\tTrue\tFalse', ''].join('\n');
    const err = await inputError(() => readInteractionsText('quiz.txt', new TextEncoder().encode(quiz)));
    expect(err.message).toBe('quiz.txt: line 1: this is a Moodle quiz report (its columns include a grade out of a maximum and the attempt\'s state), not the SCORM activity\'s Interactions report.');
    expect(err.hint).toMatch(/^Open the SCORM activity of the course \(not the quiz\), then Reports → Interactions report\./);
  });

  test.each([
    [',', 'comma'],
    [';', 'semicolon'],
  ])('refuses the report saved with "%s" between fields, and says to download the text file again', async (delimiter, name) => {
    const { bytes } = fixtureFile(path.join(reports12, 'interactions-default-columns-group3'), '.txt');
    const rows = readInteractionsTextRows(bytes);
    const quote = (f: string) => (/[",;\n\t]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f);
    const csv = rows.map((r) => r.map(quote).join(delimiter)).join('\r\n');
    const err = await inputError(() => readInput('report.csv', new TextEncoder().encode(csv)));
    expect(err.message).toBe(`report.csv: line 1: the file is ${name}-separated; Moodle's text download is tab-separated, and a ${name} inside an answer cannot be told from a separator.`);
    expect(err.hint).toBe('Download the report from Moodle again as "Text file" and give that file as it is, without opening and saving it in a spreadsheet.');
  });

  test('refuses a row whose tab lost its quotes, naming its line', async () => {
    const { bytes } = fixtureFile(path.join(reports12, 'interactions-all-columns'), '.txt');
    // cohort06's answer holds a tab; without the quotes the row gains a field.
    const text = new TextDecoder().decode(bytes).replace('"取引先の担当者に、商談の場で大声で罵倒された。\tその後も、メールで謝罪を要求された。"', '取引先の担当者に、商談の場で大声で罵倒された。\tその後も、メールで謝罪を要求された。');
    const err = await inputError(() => readInteractionsText('edited.txt', new TextEncoder().encode(text)));
    expect(err.problem).toBe('line 7 has 116 fields where the header has 115; a field holding a tab or a line break has lost its quotes.');
  });

  test('refuses text that is no Moodle report, and a quoted field never closed', async () => {
    const other = await inputError(() => readInput('notes.txt', new TextEncoder().encode('Meeting notes\nNothing to report.\n')));
    expect(other.problem).toBe('line 1: the columns are not those of a Moodle SCORM report (name, attempt, started on, last accessed on, score, then "Question i" / "Response i" columns).');
    const cut = await inputError(() => readInteractionsText('cut.txt', new TextEncoder().encode('Name\tAttempt\n"Taro\t1\n')));
    expect(cut.problem).toBe('a quoted field opened on line 2 is never closed; the file is cut short or is not Moodle\'s text download.');
  });
});

describe('the text layer', () => {
  test('accepts a BOM and CRLF line ends, and quoted fields with tabs, newlines and doubled quotes', async () => {
    const text = '\uFEFFName\t"Email address"\tAttempt\t"Started on"\t"Last accessed on"\tScore\tSCO\t"Response 0"\t"Response 1"\r\n"A B"\ta@example.invalid\t1\t-\t"Wednesday, 2 December 2026, 1:52 PM"\t80\t80\t"x\ty"\t"line 1\nline ""2"""\r\n';
    const [s] = readInteractionsText('crlf.txt', new TextEncoder().encode(text));
    expect(s).toMatchObject({ learner: { key: 'email:a@example.invalid', name: 'A B' }, attempt: 1, at: '2026-12-02T13:52:00', score: 80 });
    expect(s!.answers.map((a) => a.response)).toEqual(['x\ty', 'line 1\nline "2"']);
  });

  test('reads a report without email by name, and with column titles in another language by their layout', async () => {
    const text = '名前\t受験\t開始日時\t最終アクセス日時\t評点\tSCO\t問題 0\t回答 0\t正解 0\t結果 0\n山田 太郎\t2\t-\t2026年 12月 2日(水曜日) 01:52\t-\t不完全\tsurvey-x\t3\t\tneutral\n';
    const [s] = readInteractionsText('ja.txt', new TextEncoder().encode(text));
    expect(s).toMatchObject({ learner: { key: 'name:山田 太郎', email: null }, attempt: 2, at: '2026-12-02T01:52:00', score: null });
    expect(s!.answers).toEqual([{ id: 'survey-x', index: 0, response: '3', result: 'neutral' }]);
  });

  test('reads an ODS saved by LibreOffice: repeated cells and rows, spaces, tabs, line breaks, several paragraphs', () => {
    const ns = 'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"';
    const str = (t: string, repeat = 1) => `<table:table-cell office:value-type="string"${repeat > 1 ? ` table:number-columns-repeated="${repeat}"` : ''}><text:p>${t}</text:p></table:table-cell>`;
    const num = (n: number) => `<table:table-cell office:value-type="float" office:value="${n}"><text:p>${n}</text:p></table:table-cell>`;
    const header = ['Name', 'Email address', 'Attempt', 'Started on', 'Last accessed on', 'Score', 'SCO', 'Response 0', 'Response 1', 'Response 2'].map((t) => str(t)).join('');
    const row = [str('A B'), str('a@example.invalid'), num(1), str('-', 2), num(90), num(90), str('a<text:s text:c="3"/>b<text:tab/>c<text:line-break/>d'), '<table:table-cell office:value-type="string"><text:p>one</text:p><text:p>two</text:p></table:table-cell>', num(4), '<table:table-cell table:number-columns-repeated="1016"/>'].join('');
    const content = `<?xml version="1.0" encoding="UTF-8"?><office:document-content ${ns}><office:body><office:spreadsheet><table:table table:name="Report"><table:table-row>${header}</table:table-row><table:table-row table:number-rows-repeated="2">${row}</table:table-row><table:table-row table:number-rows-repeated="1048573"><table:table-cell table:number-columns-repeated="1024"/></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>`;
    const ods = zipSync({ mimetype: new TextEncoder().encode('application/vnd.oasis.opendocument.spreadsheet'), 'content.xml': new TextEncoder().encode(content) });
    const subs = readInteractionsOds('saved.ods', ods);
    expect(subs).toHaveLength(2);
    expect(subs[1]!.answers).toEqual([
      { id: null, index: 0, response: 'a   b\tc\nd', result: null },
      { id: null, index: 1, response: 'one\ntwo', result: null },
      { id: null, index: 2, response: '4', result: null },
    ]);
  });

  test('dates and entities', () => {
    expect(parseMoodleDate('Wednesday, 2 December 2026, 12:05 AM')).toBe('2026-12-02T00:05:00');
    expect(parseMoodleDate('2 December 2026, 12:05 PM')).toBe('2026-12-02T12:05:00');
    expect(parseMoodleDate('-')).toBeNull();
    expect(unescapeHtml('&amp;lt; &#039;&quot;&#x1F600;')).toBe('&lt; \'"😀');
  });
});

/** The fields of Moodle's text download, to write them again with another delimiter. */
function readInteractionsTextRows(bytes: Uint8Array): string[][] {
  const text = new TextDecoder().decode(bytes);
  const rows: string[][] = [];
  for (const record of text.split('\n').filter((l) => l)) rows.push(record.split('\t').map((f) => (f.startsWith('"') && f.endsWith('"') ? f.slice(1, -1).replace(/""/g, '"') : f)));
  return rows;
}
