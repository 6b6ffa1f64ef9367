/**
 * What the learner's answers change in the learner state and what they record with the LMS.
 * Kept out of the screens so that every standard's package records the same thing and the
 * tests can check it without a browser; the app calls these and passes on what they return.
 * `shownAt` and `now` (ms since the epoch) give each record its timestamp and latency.
 */
import type { InteractionRecord, TestResult } from './lms/adapter.ts';
import * as rules from './rules.ts';
import type { PlayerCourse, PlayerSurveyItem } from './spec/course-data.ts';
import { FILL_IN_SPM } from './spec/scorm2004.ts';
import { SCORE_HISTORY, type LearnerState } from './state.ts';
import { isAnswered, itemOptions, validAnswer } from './survey.ts';

/** Required survey items without an answer; blank text is no answer. */
export function unansweredItems(course: PlayerCourse, s: LearnerState): PlayerSurveyItem[] {
  return course.survey.items.filter((it) => it.required && !isAnswered(s.survey.answers[it.id]));
}

/** How an item is recorded: its interaction type in the LMS. */
function surveyKind(it: PlayerSurveyItem): InteractionRecord['kind'] {
  if (it.type === 'likert' || it.type === 'choice') return it.type;
  // A fill-in response is kept only up to its SPM; a longer answer needs long-fill-in.
  return it.maxLength <= FILL_IN_SPM ? 'fill-in' : 'long-fill-in';
}

/**
 * Submits the survey and returns one record per item: a Likert item's point id or `dk`, a
 * choice item's option ids, a free text. Each record of a Likert or choice item lists the
 * answers the item offers (`options`), which SCORM 1.2 numbers its one-character responses by.
 * An optional item left blank is recorded too, with no response, so the LMS's report has a row
 * for every item.
 */
export function submitSurvey(course: PlayerCourse, s: LearnerState, shownAt: number, now: number): InteractionRecord[] {
  s.survey.done = true;
  return course.survey.items.map((it) => {
    const answer = validAnswer(course.survey, it, s.survey.answers[it.id]);
    const response = answer === null ? [] : typeof answer === 'string' ? [it.type === 'text' ? answer.trim() : answer] : answer;
    const options = itemOptions(course.survey, it).map((o) => o.id);
    return {
      id: `survey.${it.id}`,
      kind: surveyKind(it),
      description: it.text,
      response,
      ...(it.type === 'text' ? {} : { options }),
      result: 'neutral',
      weighting: 1,
      answeredAt: now,
      latencyMs: now - shownAt,
    };
  });
}

/** Begins the next attempt with a fresh draw of questions. */
export function startAttempt(course: PlayerCourse, s: LearnerState, random?: () => number): void {
  const t = s.test;
  t.attempt += 1;
  t.drawn = rules.drawQuestions(course, random);
  t.answers = [];
  t.index = 0;
  t.done = false;
}

/**
 * Keeps the answer to the question on screen and returns its record. The attempt is scored
 * as soon as its last answer is given, so closing the window on the feedback loses nothing.
 * Returns null, changing nothing, for any other question or one already answered (a screen
 * left over from before).
 */
export function answerQuestion(
  course: PlayerCourse,
  s: LearnerState,
  questionId: string,
  choiceIds: string[],
  shownAt: number,
  now: number,
): InteractionRecord | null {
  const t = s.test;
  const q = course.test.questions.find((x) => x.id === questionId);
  if (!q || t.drawn[t.index] !== questionId || t.answers[t.index]) return null;
  t.answers[t.index] = choiceIds;
  if (t.answers.length === t.drawn.length) {
    const score = rules.attemptScore(course, s);
    t.done = true;
    t.scores = [...t.scores, score].slice(-SCORE_HISTORY);
    t.best = t.best === null ? score : Math.max(t.best, score);
  }
  return {
    id: `test.a${t.attempt}.${q.id}`,
    kind: q.type === 'true-false' ? 'true-false' : 'choice',
    description: q.description,
    response: choiceIds,
    correct: q.correct,
    result: rules.isCorrect(q, choiceIds) ? 'correct' : 'incorrect',
    weighting: 1,
    answeredAt: now,
    latencyMs: now - shownAt,
  };
}

/** The test outcome the LMS grades: the best score and whether it passes; null before any attempt is scored. */
export function testResult(course: PlayerCourse, s: LearnerState, masteryScore: number | null): TestResult | null {
  return s.test.best === null ? null : { scorePercent: s.test.best, passed: rules.passed(course, s, masteryScore) };
}
