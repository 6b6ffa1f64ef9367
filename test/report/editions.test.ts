/**
 * The editions a report reads answers against, and which one a set of answers belongs to.
 */
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadCourse } from '../../build/index.ts';
import type { Course } from '../../build/model.ts';
import { alignByOrder, courseEditions, detectEdition, parseAnswerId } from '../../build/report/editions.ts';
import { ReportInputError, type Submission } from '../../build/report/model.ts';
import { projectRoot } from '../support/fixture.ts';
import { cohortSubmissions } from './cohort.ts';

function realCourse(): Course {
  const { course, diagnostics } = loadCourse(path.join(projectRoot, 'content'));
  if (!course) throw new Error(diagnostics.list.map((d) => d.message).join('\n'));
  return course;
}
const course = realCourse();
const editions = courseEditions(course);

function submission(file: string, answers: [string | null, string][]): Submission {
  return {
    file,
    format: 'moodle-interactions-text',
    learner: { key: `user:${file}`, name: null, email: null, groups: [] },
    attempt: 1,
    at: null,
    score: null,
    empty: false,
    answers: answers.map(([id, response], index) => ({ id, index, response, result: null })),
  };
}

function thrown(f: () => unknown): ReportInputError {
  try {
    f();
  } catch (e) {
    if (e instanceof ReportInputError) return e;
    throw e;
  }
  throw new Error('expected a ReportInputError');
}

describe('the editions of the course', () => {
  test('the current one from the sources, then 1.0.0 from content/editions', () => {
    expect(editions.map((e) => [e.id, e.current, e.file && path.relative(projectRoot, e.file)])).toEqual([
      ['2.0.0', true, null],
      ['1.0.0', false, 'content/editions/1.0.0.yaml'],
    ]);
    const v1 = editions[1]!;
    expect(v1.survey.items.length).toBe(17);
    expect(v1.survey.items.filter((i) => i.type === 'likert').length).toBe(14);
    expect(v1.survey.themes.map((t) => t.id)).toEqual(['experience', 'knowledge', 'workplace', 'confidence', 'rules']);
    expect(v1.questions.length).toBe(34);
    expect(v1.questions.find((q) => q.id === 'q_typical_acts_01')!.correct).toEqual(['a', 'b', 'd']);
    expect(v1.questions.find((q) => q.id === 'q_rules_03')!.correct).toEqual(['false']);
    expect(v1.test).toEqual({ passingScore: 80, questionsPerAttempt: 10 });
    // Placeholders filled with the course's organisation values, as the learner read them.
    expect(v1.survey.items.find((i) => i.id === 'fx_company_request')!.text['ja']).toContain('当社に取り組んでほしいこと');
  });

  test('every theme of the current survey names lessons of the course', () => {
    const ids = course.lessons.map((l) => l.id);
    expect(course.survey.themes.every((t) => t.lessons.length > 0 && t.lessons.every((l) => ids.includes(l)))).toBe(true);
  });
});

describe('recorded ids', () => {
  test('the forms of SCORM 2004, SCORM 1.2 and xAPI', () => {
    expect(parseAnswerId('survey.aw_work_policy')).toEqual({ kind: 'survey', item: 'aw_work_policy' });
    expect(parseAnswerId('survey-aw_work_policy')).toEqual({ kind: 'survey', item: 'aw_work_policy' });
    expect(parseAnswerId('test.a2.q_rules_02')).toEqual({ kind: 'test', attempt: 2, question: 'q_rules_02' });
    expect(parseAnswerId('test-a1-q_rules_02')).toEqual({ kind: 'test', attempt: 1, question: 'q_rules_02' });
    expect(parseAnswerId('https://lms.example/au/1/test/awareness-survey/question/aw_conf_end')).toEqual({ kind: 'survey', item: 'aw_conf_end' });
    expect(parseAnswerId('https://lms.example/au/1/test/confirmation-test/question/q_rules_02')).toEqual({ kind: 'test', attempt: 1, question: 'q_rules_02' });
    expect(parseAnswerId('Q1')).toBeNull();
  });
});

describe('which edition the answers belong to', () => {
  test('the cohort in each form is edition 1.0.0', () => {
    for (const form of ['scorm2004', 'scorm12', 'by-order'] as const) expect(detectEdition(editions, cohortSubmissions(form)).id, form).toBe('1.0.0');
  });

  test('ids both editions have decide by the values: yes/no is the current edition, a 5-point answer 1.0.0', () => {
    expect(detectEdition(editions, [submission('a.txt', [['survey.aw_work_policy', 'y']])]).id).toBe('2.0.0');
    expect(detectEdition(editions, [submission('b.txt', [['survey.aw_work_policy', 's4']])]).id).toBe('1.0.0');
  });

  test('answers of another course: the file and a few unknown ids', () => {
    const foreign = submission('other-course.txt', [
      ['survey-sq_01', '3'],
      ['survey-sq_02', '4'],
      ['survey-sq_03', '1'],
      ['survey-sq_04', '2'],
      ['test-a1-quiz_01', 'b'],
    ]);
    const e = thrown(() => detectEdition(editions, [foreign]));
    expect(e.file).toBe('other-course.txt');
    expect(e.problem).toBe('Its answers carry ids that no edition of this course knows ("survey-sq_01", "survey-sq_02", "survey-sq_03", and 2 more): answers of another course?');
    expect(e.hint).toContain('content/editions/');
  });

  test('files of different editions in one run: which file is which', () => {
    const old = cohortSubmissions('scorm12');
    const current = submission('current.txt', [
      ['survey-aw_exp_received', '2'],
      ['survey-seg_contact', 'a'],
    ]);
    const e = thrown(() => detectEdition(editions, [...old, current]));
    expect(e.problem).toBe('The inputs come from different editions of the course, which one report cannot combine: cohort-scorm12.txt: edition 1.0.0; current.txt: edition 2.0.0.');
    expect(e.hint).toBe('Make one report per edition: run the report once with the files of each edition.');
  });
});

describe('answers without ids, by recording order', () => {
  const v1 = editions[1]!;
  const likert = ['2', '3', '3', '4', '4', '4', '5', '5', '4', '4', '3', '4', '3', '4'];

  test('a record that keeps an empty free-text item in its place maps by index', () => {
    const answers = [...likert, '', 'Text two', '', 'f', 't'].map((response, index) => ({ index, response }));
    const a = alignByOrder(v1, answers)!;
    expect(a.survey.get('aw_rules_national')).toBe('4');
    expect(a.survey.get('fx_company_request')).toBe('Text two');
    expect(a.survey.has('fx_hard_situation')).toBe(false);
    expect(a.test).toEqual(['f', 't']);
    expect(a.shifted).toBe(false);
  });

  test('values that do not fit a Likert item are not this edition', () => {
    const answers = ['s9', ...likert.slice(1)].map((response, index) => ({ index, response }));
    expect(alignByOrder(v1, answers)).toBeNull();
  });
});
