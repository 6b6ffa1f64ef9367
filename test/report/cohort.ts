/**
 * Submissions of the Moodle cohort (test/fixtures/moodle/cohort/truth.json, copied from the
 * shared fixtures), made the way each reader makes them: SCORM 2004 records (`survey.aw_…`,
 * `s1`–`s5`), SCORM 1.2 records (`survey-aw_…`, digits) and Moodle's default columns (no ids,
 * the 1.2 values by index). The packages of edition 1.0.0 recorded the 17 survey items, then
 * the test's 10 answers; every finisher answered the same 10 questions correctly.
 */
import type { RecordedAnswer, Submission } from '../../build/report/model.ts';
import { truth } from './moodle-truth.ts';

export { truth };

/** The test as the 1.2 report shows it for every finisher: question, 1.2 response. */
const testAnswers: [string, string][] = [
  ['q_rules_03', 'f'],
  ['q_impact_04', 't'],
  ['q_rules_02', 'c'],
  ['q_impact_01', 'c'],
  ['q_case_rules_01', 'a'],
  ['q_case_face_01', 'a'],
  ['q_case_handover_01', 'f'],
  ['q_typical_acts_01', 'a,b,d'],
  ['q_case_consult_01', 'b'],
  ['q_case_face_03', 'd'],
];

export type Form = 'scorm2004' | 'scorm12' | 'by-order';

export function cohortSubmissions(form: Form): Submission[] {
  const out: Submission[] = [];
  for (const l of Object.values(truth.learners)) {
    const learner = { key: `email:${l.email}`, name: `${l.firstname} ${l.lastname}`, email: l.email, groups: [l.group_name] };
    const file = `cohort-${form}.txt`;
    const format = form === 'scorm2004' ? 'moodle-backup' : 'moodle-interactions-text';
    const attempts = form === 'scorm2004' ? l.activities.scorm2004 : l.activities.scorm12;
    if (l.how === 'never-started' || !attempts.length) {
      out.push({ file, format, learner, attempt: 1, at: null, score: null, answers: [], empty: true });
      continue;
    }
    for (const a of attempts) {
      const answers: RecordedAnswer[] = truth.items.map((item) => {
        const index = a.survey_interaction_index[item]!;
        const response = a.responses[item] ?? '';
        const id = form === 'scorm2004' ? `survey.${item}` : form === 'scorm12' ? `survey-${item}` : null;
        return { id, index, response, result: 'neutral' };
      });
      if (a.interactions_total > truth.items.length) {
        testAnswers.forEach(([q, r], i) => {
          const response = form === 'scorm2004' ? (r === 't' ? 'true' : r === 'f' ? 'false' : r.replace(/,/g, '[,]')) : r;
          const id = form === 'scorm2004' ? `test.a1.${q}` : form === 'scorm12' ? `test-a1-${q}` : null;
          answers.push({ id, index: truth.items.length + i, response, result: form === 'by-order' ? null : 'correct' });
        });
      }
      const at = `2026-12-02T01:${String(50 + a.attempt).padStart(2, '0')}:00Z`;
      out.push({ file, format, learner, attempt: a.attempt, at, score: a.interactions_total > 17 ? 100 : null, answers, empty: false });
    }
  }
  return out;
}
