/**
 * The analysis against hand-computed numbers: the Moodle cohort (edition 1.0.0) in each record
 * form, a small set of current-edition answers, and the test statistics on a worked example.
 */
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadCourse } from '../../build/index.ts';
import type { Course } from '../../build/model.ts';
import { analyse } from '../../build/report/analyse.ts';
import type { Submission } from '../../build/report/model.ts';
import { discrimination, facility, type TestAttempt } from '../../build/report/stats.ts';
import { projectRoot } from '../support/fixture.ts';
import { cohortSubmissions } from './cohort.ts';

function realCourse(): Course {
  const { course, diagnostics } = loadCourse(path.join(projectRoot, 'content'));
  if (!course) throw new Error(diagnostics.list.map((d) => d.message).join('\n'));
  return course;
}
const course = realCourse();

describe('the Moodle cohort, read against edition 1.0.0', () => {
  const report = analyse(cohortSubmissions('scorm2004'), course, { lang: 'en' });

  test('uses the retired edition, and counts the 12 learners who started (cohort13 never did)', () => {
    expect(report.edition).toEqual({ id: '1.0.0', title: 'STOP! Customer Harassment — Basic Knowledge', current: false });
    expect(report.respondents.length).toBe(12);
    expect(report.respondents.map((r) => r.code)).toEqual(['R001', 'R002', 'R003', 'R004', 'R005', 'R006', 'R007', 'R008', 'R009', 'R010', 'R011', 'R012']);
    expect(report.respondents.every((r) => r.name === null && r.email === null)).toBe(true);
    expect(report.notes.map((n) => n.code)).toEqual(['EditionUsed', 'AttemptsPolicy', 'TestAttemptsUsed']);
  });

  test('per-item counts and scores (latest attempts; cohort07 counts with attempt 2)', () => {
    // counts s1..s5 from truth.json; mean = Σ k·count / 12; score = (mean − 1)/4·100, or (5 − mean)/4·100 where low is good.
    //   aw_exp_experienced   1 3 2 3 3  mean 40/12 = 3.3333  low  → (5 − 3.3333)/4 = 41.667
    //   aw_exp_witnessed     0 2 3 2 5  mean 46/12 = 3.8333  low  → 29.167
    //   aw_know_definition   1 2 3 5 1  mean 39/12 = 3.25    high → (3.25 − 1)/4 = 56.25
    //   aw_work_support      4 2 1 2 3  mean 34/12 = 2.8333  high → 45.833
    //   aw_conf_handover     0 4 5 3 0  mean 35/12 = 2.9167  high → 47.917
    //   aw_rules_national    4 2 2 3 1  mean 31/12 = 2.5833  high → 39.583
    const expected: Record<string, [number[], number]> = {
      aw_exp_experienced: [[1, 3, 2, 3, 3], 41.667],
      aw_exp_witnessed: [[0, 2, 3, 2, 5], 29.167],
      aw_know_definition: [[1, 2, 3, 5, 1], 56.25],
      aw_work_support: [[4, 2, 1, 2, 3], 45.833],
      aw_conf_handover: [[0, 4, 5, 3, 0], 47.917],
      aw_rules_national: [[4, 2, 2, 3, 1], 39.583],
    };
    for (const [id, [counts, score]] of Object.entries(expected)) {
      const item = report.items.find((i) => i.id === id)!;
      expect(item.all.counts, id).toEqual(counts);
      expect(item.all.n, id).toBe(12);
      expect(item.all.dontKnow, id).toBeNull();
      expect(item.all.score!, id).toBeCloseTo(score, 3);
    }
    expect(report.items.length).toBe(14);
  });

  test('themes weakest first, each with the lessons that address it', () => {
    // experience: (41.667 + 29.167 + 35.417)/3 = 35.417; rules: (41.667 + 39.583)/2 = 40.625;
    // confidence: (47.917 + 50)/2 = 48.958; workplace: (58.333 + 56.25 + 56.25 + 45.833)/4 = 54.167;
    // knowledge: (56.25 + 58.333 + 58.333)/3 = 57.639.
    expect(report.themes.map((t) => [t.id, Number(t.score!.toFixed(3))])).toEqual([
      ['experience', 35.417],
      ['rules', 40.625],
      ['confidence', 48.958],
      ['workplace', 54.167],
      ['knowledge', 57.639],
    ]);
    expect(report.themes[0]!.lessons).toEqual([
      { id: 'typical_acts', title: 'Typical acts of customer harassment' },
      { id: 'impact', title: 'Impact on employees and companies' },
    ]);
    expect(report.themes.every((t) => t.dontKnowShare === null && t.n === 12)).toBe(true);
  });

  test('the Moodle groups: sales 6 and call centre 6, their theme scores', () => {
    const groups = report.groupings.find((g) => g.from === 'moodle-group')!.groups;
    expect(groups.map((g) => [g.label, g.n, g.suppressed])).toEqual([
      ['コールセンター / Call centre', 6, false],
      ['営業部 / Sales', 6, false],
    ]);
    // Call centre, rules: tokyo 2,1,2,1,2,2 → mean 10/6, national 1,2,1,1,2,1 → 8/6; scores 16.667 and 8.333 → 12.5.
    expect(groups[0]!.themes['rules']!).toBeCloseTo(12.5, 6);
    // Sales, workplace: policy 5,4,4,5,5,4 (27/6) manual 5,5,4,4,5,5 (28/6) consult 4,5,4,4,5,4 (26/6) support 4,4,5,3,5,5 (26/6):
    // scores 87.5, 91.667, 83.333, 83.333 → 86.458.
    expect(groups[1]!.themes['workplace']!).toBeCloseTo(86.458, 3);
  });

  test('groups under minGroupSize 7 are withheld, and the report says so', () => {
    const r = analyse(cohortSubmissions('scorm2004'), course, { lang: 'en', minGroupSize: 7 });
    const groups = r.groupings[0]!.groups;
    expect(groups.map((g) => [g.n, g.suppressed])).toEqual([
      [6, true],
      [6, true],
    ]);
    expect(groups[0]!.themes).toEqual({ experience: null, knowledge: null, workplace: null, confidence: null, rules: null });
    expect(Object.values(groups[0]!.items).every((d) => d === null)).toBe(true);
    expect(r.notes.find((n) => n.code === 'GroupSuppressed')!.text).toBe('2 group(s) with fewer than 7 respondents are shown without numbers, so that no one can be identified.');
    expect(r.freeText[0]!.answers.length).toBe(8);
  });

  test('latest against all attempts: cohort07 once or twice', () => {
    const all = analyse(cohortSubmissions('scorm2004'), course, { lang: 'en', attempts: 'all' });
    expect(all.respondents.length).toBe(13);
    // cohort07's attempt 1 adds an s3 to aw_exp_experienced's latest counts 1 3 2 3 3.
    expect(all.items[0]!.all.counts).toEqual([1, 3, 3, 3, 3]);
    expect(all.groupings[0]!.groups.map((g) => g.n)).toEqual([6, 7]);
    expect(all.notes.find((n) => n.code === 'AttemptsPolicy')!.text).toBe('Every attempt is counted (13): a learner who tried more than once counts more than once.');
    expect(report.notes.find((n) => n.code === 'AttemptsPolicy')!.text).toBe("Only each learner's latest attempt is counted (1 earlier attempt(s) left out).");
    expect(report.freeText.find((f) => f.id === 'fx_course_wish')!.answers).toContain('Got it now, thanks! 👍');
    expect(report.freeText.find((f) => f.id === 'fx_course_wish')!.answers).not.toContain('¿Qué hago si el cliente graba la llamada? 😟');
  });

  test('free text exactly as stored, sorted, empty answers left out', () => {
    expect(report.freeText.map((f) => [f.id, f.answers])).toEqual([
      [
        'fx_hard_situation',
        [
          'Caller shouted for 40 minutes, then said "I\'ll post it online".',
          'He called me "useless", twice; I hung up, then he called back.',
          '「お前じゃ話にならない」と言われ、1時間以上拘束された。',
          '取引先の担当者に、商談の場で大声で罵倒された。\tその後も、メールで謝罪を要求された。',
          '夜間のシフトで、同じ人から何度も電話があった。',
          '特になし',
          '電話で30分以上、同じ要求を繰り返された。 「上司を出せ」と言われ、対応に困った。',
          '😡😡 怒鳴られた',
        ],
      ],
      [
        'fx_company_request',
        [
          '\', " ,, "" ;',
          '=SUM(A1:A3) <script>alert(1)</script>',
          'A "no-call" list, please, for abusive callers.',
          'Line 1 Line 2, with a comma',
          'Share the manual, please: "対応マニュアル" & a hotline\t(24h) <b>tags</b>',
          '研修を年2回、実施してほしい。',
          '通話の録音と、自動の警告メッセージを導入してほしい。',
        ],
      ],
      ['fx_course_wish', ['=1+1 録音してよいか知りたい 🙏', 'Got it now, thanks! 👍', '打ち切るときの、具体的な言い方', '録音の告知は、どう言えばよいですか？', '＝１＋１\u3000全角']],
    ]);
    // Free text never sits beside a respondent.
    expect(report.respondentItems).not.toContain('fx_course_wish');
    expect(report.respondents.flatMap((r) => r.answers)).not.toContain('打ち切るときの、具体的な言い方');
  });

  test('free text is withheld when the whole report has fewer respondents than the limit', () => {
    const r = analyse(cohortSubmissions('scorm2004'), course, { lang: 'ja', minGroupSize: 13 });
    expect(r.freeText.every((f) => f.answers.length === 0)).toBe(true);
    expect(r.notes.find((n) => n.code === 'FreeTextWithheld')!.text).toBe('回答者が12人で13人未満のため、自由記述は表示していません。');
  });

  test('the test: 9 finishers, every answer right, grouped by lesson in course order', () => {
    const t = report.test!;
    expect([t.attempts, t.passed]).toEqual([9, 9]);
    // The 10 questions: typical_acts 2 (q_case_face_01, q_typical_acts_01), impact 2, rules 3, countermeasures 3.
    expect(t.lessons.map((l) => [l.id, l.n, l.facility, l.questions.map((q) => q.id)])).toEqual([
      ['what_is', 0, null, []],
      ['typical_acts', 18, 1, ['q_typical_acts_01', 'q_case_face_01']],
      ['impact', 18, 1, ['q_impact_01', 'q_impact_04']],
      ['rules', 27, 1, ['q_rules_02', 'q_rules_03', 'q_case_rules_01']],
      ['countermeasures', 27, 1, ['q_case_face_03', 'q_case_consult_01', 'q_case_handover_01']],
    ]);
    // No variance when everyone is right: Moodle gives no discrimination index either.
    expect(t.lessons[1]!.questions[0]).toMatchObject({ n: 9, facility: 1, discrimination: null });
  });

  test('SCORM 1.2, SCORM 2004 and the id-less default columns give the same survey results', () => {
    const r12 = analyse(cohortSubmissions('scorm12'), course, { lang: 'en' });
    const byOrder = analyse(cohortSubmissions('by-order'), course, { lang: 'en' });
    for (const other of [r12, byOrder]) {
      expect(other.items).toEqual(report.items);
      expect(other.themes).toEqual(report.themes);
      expect(other.groupings).toEqual(report.groupings);
      expect(other.freeText).toEqual(report.freeText);
      expect(other.respondents).toEqual(report.respondents.map((r) => ({ ...r, file: other.respondents[0]!.file })));
    }
    expect(r12.test).toEqual(report.test);
    // Without ids the test's answers cannot be given to questions.
    expect(byOrder.test).toBeNull();
    expect(byOrder.notes.filter((n) => n.code === 'MappedByOrder' || n.code === 'TestIdsMissing').map((n) => n.text)).toEqual([
      '12 record(s) carried no item ids: their answers were matched to the survey items by the order in which the course records them.',
      '9 record(s) carried no question ids for the test: their test answers cannot be attributed to questions and are left out of the test results.',
    ]);
  });

  test('the same attempt in two files counts once', () => {
    const both = [...cohortSubmissions('scorm12'), ...cohortSubmissions('scorm2004')];
    const r = analyse(both, course, { lang: 'en' });
    expect(r.respondents.length).toBe(12);
    expect(r.items).toEqual(report.items);
    // 13 attempts with answers in each file: 13 dropped.
    expect(r.notes.find((n) => n.code === 'InputsMerged')!.text).toBe('2 file(s) were merged; a learner\'s attempt found in more than one file was counted once (13 duplicate(s) dropped).');
    expect(r.inputs).toEqual([
      { file: 'cohort-scorm12.txt', format: 'moodle-interactions-text', submissions: 14 },
      { file: 'cohort-scorm2004.txt', format: 'moodle-backup', submissions: 14 },
    ]);
  });

  test('names only when asked for', () => {
    const r = analyse(cohortSubmissions('scorm2004'), course, { lang: 'en', withNames: true });
    expect(r.respondents.map((x) => x.email).sort()[0]).toBe('cohort01@example.invalid');
    expect(r.respondents.find((x) => x.email === 'cohort04@example.invalid')!.name).toBe("Jean-Luc O'Neil, Jr.");
  });
});

describe('answers of the current edition', () => {
  // Five respondents: aw_exp_received (frequency f1–f4, low is good), aw_work_policy (yes/no with
  // "don't know"), seg_contact (a segment) and seg_channel (select all).
  const rows: [string, string, string, string][] = [
    // received, policy, contact, channel
    ['f1', 'y', 'daily', 'counter[,]phone'],
    ['f2', 'y', 'daily', 'phone'],
    ['f4', 'n', 'daily', 'phone[,]online'],
    ['f3', 'dk', 'rarely', 'online'],
    ['f2', 'dk', 'daily', 'visits'],
  ];
  const subs: Submission[] = rows.map(([received, policy, contact, channel], i) => ({
    file: 'statements.json',
    format: 'xapi',
    learner: { key: `actor:learner${i}`, name: null, email: null, groups: [] },
    attempt: 1,
    at: null,
    score: null,
    empty: false,
    answers: [
      { id: 'survey.aw_exp_received', index: 0, response: received, result: 'neutral' },
      { id: 'survey.aw_work_policy', index: 1, response: policy, result: 'neutral' },
      { id: 'survey.seg_contact', index: 2, response: contact, result: 'neutral' },
      { id: 'survey.seg_channel', index: 3, response: channel, result: 'neutral' },
    ],
  }));
  const report = analyse(subs, course, { lang: 'en', minGroupSize: 4 });

  test('reads them against the current edition, "don\'t know" apart from the scale', () => {
    expect(report.edition.current).toBe(true);
    const item = (id: string) => report.items.find((i) => i.id === id)!.all;
    // f1 f2 f3 f4 = 1 2 1 1; mean (1 + 4 + 3 + 4)/5 = 2.4; low is good: (4 − 2.4)/3·100 = 53.333.
    expect(item('aw_exp_received')).toMatchObject({ n: 5, counts: [1, 2, 1, 1], dontKnow: null });
    expect(item('aw_exp_received').score!).toBeCloseTo(53.333, 3);
    // n, y = 1, 2, and 2 "don't know" out of 5 answers; mean over the 3 on the scale (1 + 2 + 2)/3 = 5/3 → (5/3 − 1)/1·100 = 66.667.
    expect(item('aw_work_policy')).toMatchObject({ n: 5, counts: [1, 2], dontKnow: 2 });
    expect(item('aw_work_policy').score!).toBeCloseTo(66.667, 3);
    expect(report.themes.find((t) => t.id === 'workplace')!.dontKnowShare).toBeCloseTo(2 / 5, 9);
    // Select all: counter 1, phone 3, online 2, visits 1.
    expect(item('seg_channel')).toEqual({ n: 5, counts: [1, 3, 2, 1], dontKnow: null, score: null });
    expect(report.respondents.map((r) => r.answers[report.respondentItems.indexOf('aw_work_policy')]).sort()).toEqual(["Don't know", "Don't know", 'No', 'Yes', 'Yes']);
  });

  test('a segment item splits the respondents; groups under the limit are withheld', () => {
    const contact = report.groupings.find((g) => g.id === 'seg_contact')!;
    expect(contact.from).toBe('survey-item');
    expect(contact.groups.map((g) => [g.label, g.n, g.suppressed])).toEqual([
      ['Almost every day', 4, false],
      ['A few times a week', 0, true],
      ['A few times a month', 0, true],
      ['Rarely or never', 1, true],
    ]);
    // Daily: f1 f2 f4 f2 → mean 9/4 = 2.25 → (4 − 2.25)/3·100 = 58.333.
    expect(contact.groups[0]!.items['aw_exp_received']!.score!).toBeCloseTo(58.333, 3);
    expect(report.freeText.every((f) => f.answers.length === 0)).toBe(true);
  });
});

describe('facility and discrimination (Moodle quiz statistics) on a worked example', () => {
  // Six attempts × three questions, marks q1 q2 q3:
  //   A 1 1 1 · B 1 1 0 · C 1 0 1 · D 0 1 0 · E 1 0 0 · F 0 0 0
  // q1: marks 1 1 1 0 1 0 (mean 2/3), rest of the attempt (q2 + q3) 2 1 1 1 0 0 (mean 5/6).
  //   Σ dm·dr = (1/3)(7/6) + (1/3)(1/6) + (1/3)(1/6) + (−2/3)(1/6) + (1/3)(−5/6) + (−2/3)(−5/6) = 12/18 = 2/3
  //   Σ dm² = 4·(1/9) + 2·(4/9) = 4/3;  Σ dr² = (49 + 1 + 1 + 1 + 25 + 25)/36 = 17/6
  //   r = (2/3) / √(4/3 · 17/6) = (2/3) / (√34 / 3) = 2/√34 = 0.342997
  // q3: marks 1 0 1 0 0 0 (mean 1/3), rest (q1 + q2) 2 2 1 1 1 0 (mean 7/6).
  //   Σ dm·dr = (2/3)(5/6) + (−1/3)(5/6) + (2/3)(−1/6) + (−1/3)(−1/6) + (−1/3)(−1/6) + (−1/3)(−7/6) = 12/18 = 2/3
  //   Σ dm² = 2·(4/9) + 4·(1/9) = 4/3;  Σ dr² = (25 + 25 + 1 + 1 + 1 + 49)/36 = 17/6  → r = 2/√34 as well
  const marks = [
    [1, 1, 1],
    [1, 1, 0],
    [1, 0, 1],
    [0, 1, 0],
    [1, 0, 0],
    [0, 0, 0],
  ];
  const attempts: TestAttempt[] = marks.map((m) => new Map(m.map((x, i) => [`q${i + 1}`, x])));

  test('facility is the share correct', () => {
    expect(facility('q1', attempts)).toBeCloseTo(4 / 6, 12);
    expect(facility('q3', attempts)).toBeCloseTo(2 / 6, 12);
  });

  test('discrimination is the correlation with the rest of the attempt', () => {
    expect(discrimination('q1', attempts)!).toBeCloseTo(0.342997, 6);
    expect(discrimination('q3', attempts)!).toBeCloseTo(2 / Math.sqrt(34), 12);
  });

  test('only the attempts that were given the question count, and no variance gives none', () => {
    const drawn: TestAttempt[] = [new Map([['q1', 1]]), new Map([['q1', 1]])];
    expect(discrimination('q1', drawn)).toBeNull();
    expect(discrimination('q9', attempts)).toBeNull();
    expect(facility('q9', attempts)).toBeNull();
  });
});
