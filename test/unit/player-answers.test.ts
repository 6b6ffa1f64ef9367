/**
 * The player's logic that the screens used to carry: scoring an attempt, the pass rule, what
 * each answer records with the LMS, and where the pager and "continue" lead. Pure functions
 * over the learner state, checked on a small course written out here.
 */
import { describe, expect, test } from 'vitest';
import * as answers from '../../player/answers.ts';
import * as rules from '../../player/rules.ts';
import type { PlayerCourse, PlayerQuestion } from '../../player/spec/course-data.ts';
import { initialState, type LearnerState } from '../../player/state.ts';

const question = (id: string, type: PlayerQuestion['type'], correct: string[], choices = ['a', 'b', 'c', 'd']): PlayerQuestion => ({
  id,
  type,
  html: `<p>${id}</p>`,
  description: `Question ${id}`,
  choices: choices.map((c) => ({ id: c, html: c })),
  correct,
  feedbackHtml: '',
  lessonId: null,
});

const slides = (...ids: string[]) => ids.map((id) => ({ id, kind: 'content' as const, title: id, html: '', narrationHtml: '' }));

const course: PlayerCourse = {
  format: 2,
  id: 'c',
  version: '1',
  lang: 'en',
  title: 'Course',
  description: '',
  estimatedMinutes: 10,
  ui: {},
  lessons: [
    { id: 'l1', title: 'One', slides: slides('s1', 's2') },
    { id: 'l2', title: 'Two', slides: slides('s1') },
  ],
  survey: {
    title: 'Survey',
    introHtml: '',
    scales: [
      {
        id: 'yesno',
        points: [
          { id: 's1', label: 'No' },
          { id: 's2', label: 'Yes' },
        ],
      },
    ],
    dontKnow: "Don't know",
    themes: [{ id: 'aw', title: 'Awareness' }],
    items: [
      { id: 'aw_know', type: 'likert', theme: 'aw', text: 'I know the policy.', required: true, scale: 'yesno', dontKnow: false, good: 'high' },
      { id: 'aw_desk', type: 'likert', theme: 'aw', text: 'There is a desk.', required: true, scale: 'yesno', dontKnow: true, good: 'high' },
      { id: 'seg_dept', type: 'choice', theme: null, text: 'Your department', required: false, options: [{ id: 'sales', label: 'Sales' }, { id: 'admin', label: 'Administration' }], multiple: false, segment: true },
      { id: 'seg_channel', type: 'choice', theme: null, text: 'How you deal with customers', required: false, options: [{ id: 'counter', label: 'At a counter' }, { id: 'phone', label: 'By phone' }, { id: 'online', label: 'Online' }], multiple: true, segment: true },
      { id: 'fx_short', type: 'text', theme: null, text: 'One word.', required: true, maxLength: 250 },
      { id: 'fx_long', type: 'text', theme: null, text: 'Anything else?', required: false, maxLength: 1000 },
    ],
  },
  test: {
    passingScore: 80,
    questionsPerAttempt: 3,
    maxAttempts: 0,
    questions: [
      question('q_single', 'single-choice', ['b']),
      question('q_multi', 'multiple-choice', ['a', 'c']),
      question('q_tf', 'true-false', ['true'], ['true', 'false']),
      question('q_spare', 'single-choice', ['a']),
    ],
  },
};

/** Every lesson seen and the survey done: the test is open. */
function ready(): LearnerState {
  const s = initialState();
  s.survey.done = true;
  s.seen = { l1: 2, l2: 1 };
  return s;
}

/** An attempt drawn in bank order (a "random" that never swaps). */
function attempt(s = ready()): LearnerState {
  answers.startAttempt(course, s, () => 0);
  return s;
}

/** Answers the question on screen and moves on, the way the app does it. */
function answerAll(s: LearnerState, choices: string[][]): void {
  for (const c of choices) {
    expect(answers.answerQuestion(course, s, s.test.drawn[s.test.index]!, c, 0, 0)).not.toBeNull();
    if (s.test.index < s.test.drawn.length - 1) s.test.index += 1;
  }
}

describe('scoring a draw', () => {
  test('draws a new attempt: the next number, questions from the bank, nothing answered', () => {
    const s = attempt();
    expect(s.test).toMatchObject({ attempt: 1, drawn: ['q_single', 'q_multi', 'q_tf'], answers: [], index: 0, done: false });
    answers.startAttempt(course, s, () => 0.999);
    expect(s.test.attempt).toBe(2);
    expect(s.test.drawn).toEqual(['q_spare', 'q_single', 'q_multi']);
  });

  test('counts a multiple-choice answer right only with exactly the correct choices', () => {
    const multi = course.test.questions[1]!;
    expect(rules.isCorrect(multi, ['c', 'a'])).toBe(true);
    expect(rules.isCorrect(multi, ['a'])).toBe(false);
    expect(rules.isCorrect(multi, ['a', 'c', 'd'])).toBe(false);
  });

  test('scores in percent with two decimals once the last answer is given', () => {
    const s = attempt();
    answerAll(s, [['b'], ['a']]);
    expect(s.test).toMatchObject({ done: false, scores: [], best: null });
    answerAll(s, [['true']]);
    expect(rules.attemptScore(course, s)).toBe(66.67);
    expect(s.test).toMatchObject({ done: true, scores: [66.67], best: 66.67 });
  });

  test('keeps the best score and the last five', () => {
    const s = ready();
    const results = [[['a'], ['a'], ['false']], [['b'], ['a', 'c'], ['true']], [['b'], ['a'], ['false']]];
    for (let i = 0; i < 6; i++) {
      attempt(s);
      answerAll(s, results[i % 3]!);
    }
    expect(s.test.scores).toEqual([100, 33.33, 0, 100, 33.33]);
    expect(s.test.best).toBe(100);
  });
});

describe('the pass rule', () => {
  test.each([
    [80, null, true],
    [79.99, null, false],
    [80, 0.85, false],
    [85, 0.85, true],
    [50, 0.5, true],
    [49.99, 0.5, false],
    // 0.29 × 100 is 28.999…: the rule compares in hundredths of a percent, as scores are kept.
    [29, 0.29, true],
  ])('a score of %d with the LMS passing score %s passes: %s', (score, scaledPassingScore, expected) => {
    expect(rules.passes(course, score, scaledPassingScore)).toBe(expected);
  });

  test("takes the LMS's scaled_passing_score over the course's passing score, and the course's without it", () => {
    expect(rules.passThreshold(course, null)).toBe(0.8);
    expect(rules.passThreshold(course, 0.6)).toBe(0.6);
    expect(rules.passThreshold(course, 0)).toBe(0);
  });

  test('passes the course when the best attempt passes, whatever the last', () => {
    const s = ready();
    s.test = { ...s.test, attempt: 2, done: true, scores: [100, 0], best: 100 };
    expect(rules.passed(course, s, null)).toBe(true);
    expect(rules.passed(course, s, 1)).toBe(true);
    s.test.best = 66.67;
    expect(rules.passed(course, s, null)).toBe(false);
    expect(rules.passed(course, s, 0.6)).toBe(true);
  });
});

describe('what is recorded', () => {
  test('submitting the survey records every item, blank optional ones without a response', () => {
    const s = initialState();
    // Options ticked out of order are recorded in the order the item offers them.
    s.survey.answers = { aw_know: 's2', aw_desk: 'dk', seg_channel: ['online', 'counter'], fx_short: '  Policy \n', fx_long: '   ' };
    const records = answers.submitSurvey(course, s, 1_000, 61_000);
    expect(s.survey.done).toBe(true);
    const common = { result: 'neutral', weighting: 1, answeredAt: 61_000, latencyMs: 60_000 };
    expect(records).toEqual([
      { id: 'survey.aw_know', kind: 'likert', description: 'I know the policy.', response: ['s2'], options: ['s1', 's2'], ...common },
      // "Don't know" is an answer of its own, offered after the scale.
      { id: 'survey.aw_desk', kind: 'likert', description: 'There is a desk.', response: ['dk'], options: ['s1', 's2', 'dk'], ...common },
      { id: 'survey.seg_dept', kind: 'choice', description: 'Your department', response: [], options: ['sales', 'admin'], ...common },
      { id: 'survey.seg_channel', kind: 'choice', description: 'How you deal with customers', response: ['counter', 'online'], options: ['counter', 'phone', 'online'], ...common },
      { id: 'survey.fx_short', kind: 'fill-in', description: 'One word.', response: ['Policy'], result: 'neutral', weighting: 1, answeredAt: 61_000, latencyMs: 60_000 },
      { id: 'survey.fx_long', kind: 'long-fill-in', description: 'Anything else?', response: [], result: 'neutral', weighting: 1, answeredAt: 61_000, latencyMs: 60_000 },
    ]);
  });

  test('holds back the survey while a required item is blank', () => {
    const s = initialState();
    s.survey.answers = { fx_short: ' ' };
    expect(answers.unansweredItems(course, s).map((it) => it.id)).toEqual(['aw_know', 'aw_desk', 'fx_short']);
    // "Don't know" answers a required item; choice items are optional unless they say otherwise.
    s.survey.answers = { aw_know: 's1', aw_desk: 'dk', seg_channel: [], fx_short: 'x' };
    expect(answers.unansweredItems(course, s)).toEqual([]);
  });

  test('an answer records the question under its attempt, with the correct choices and the result', () => {
    const s = attempt();
    s.test.attempt = 3;
    expect(answers.answerQuestion(course, s, 'q_single', ['c'], 5_000, 17_340)).toEqual({
      id: 'test.a3.q_single',
      kind: 'choice',
      description: 'Question q_single',
      response: ['c'],
      correct: ['b'],
      result: 'incorrect',
      weighting: 1,
      answeredAt: 17_340,
      latencyMs: 12_340,
    });
    s.test.index = 1;
    expect(answers.answerQuestion(course, s, 'q_multi', ['a', 'c'], 0, 0)).toMatchObject({ id: 'test.a3.q_multi', kind: 'choice', result: 'correct' });
    s.test.index = 2;
    expect(answers.answerQuestion(course, s, 'q_tf', ['true'], 0, 0)).toMatchObject({ id: 'test.a3.q_tf', kind: 'true-false', correct: ['true'], result: 'correct' });
    expect(s.test.answers).toEqual([['c'], ['a', 'c'], ['true']]);
  });

  test('records nothing for a question not on screen or already answered', () => {
    const s = attempt();
    expect(answers.answerQuestion(course, s, 'q_multi', ['a'], 0, 0)).toBeNull();
    expect(answers.answerQuestion(course, s, 'q_single', ['b'], 0, 0)).not.toBeNull();
    expect(answers.answerQuestion(course, s, 'q_single', ['a'], 0, 0)).toBeNull();
    expect(s.test.answers).toEqual([['b']]);
  });

  test('the test result is the best score and whether it passes, nothing before an attempt is scored', () => {
    const s = attempt();
    expect(answers.testResult(course, s, null)).toBeNull();
    answerAll(s, [['b'], ['a', 'c'], ['false']]);
    expect(answers.testResult(course, s, null)).toEqual({ scorePercent: 66.67, passed: false });
    expect(answers.testResult(course, s, 0.6)).toEqual({ scorePercent: 66.67, passed: true });
  });
});

describe('where the learner goes', () => {
  test('"continue" leads to the first thing not yet done', () => {
    const s = initialState();
    expect(rules.nextPlace(course, s)).toEqual({ screen: 'survey' });
    s.survey.done = true;
    s.seen = { l1: 1 };
    expect(rules.nextPlace(course, s)).toEqual({ screen: 'lesson', lesson: 'l1', slide: 's2' });
    s.seen = { l1: 2 };
    expect(rules.nextPlace(course, s)).toEqual({ screen: 'lesson', lesson: 'l2', slide: 's1' });
    s.seen = { l1: 2, l2: 1 };
    expect(rules.nextPlace(course, s)).toEqual({ screen: 'test' });
    answerAll(attempt(s), [['a'], ['a'], ['true']]);
    expect(rules.nextPlace(course, s)).toEqual({ screen: 'results' });
  });

  test('the pager crosses lessons and leads to the test only once every lesson is seen', () => {
    const s = initialState();
    s.survey.done = true;
    expect(rules.slideAt(course, s, { lesson: 'l1', slide: 's1' })).toMatchObject({ slide: 0, prev: null, next: { screen: 'lesson', lesson: 'l1', slide: 's2' } });
    expect(rules.slideAt(course, s, { lesson: 'l2', slide: 's1' })).toMatchObject({
      slide: 0,
      prev: { screen: 'lesson', lesson: 'l1', slide: 's2' },
      next: null,
    });
    expect(rules.slideAt(course, ready(), { lesson: 'l2', slide: 's1' }).next).toEqual({ screen: 'test' });
  });
});
