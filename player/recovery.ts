/**
 * The learner state rebuilt from what the LMS holds, when the player's own copy of it
 * (suspend_data) cannot be read: random bytes, a truncated value, a format newer than this
 * player. Starting over would throw away the learner's work and make them record every answer a
 * second time. The LMS still holds the bookmark, its status, score and progress, and the
 * interaction records; SCORM 2004 lets them be read back (cmi.interactions.n.id and
 * .learner_response), SCORM 1.2 makes them write-only and leaves only their count.
 *
 * Only what the record proves comes back: the lessons open after the survey and the test after
 * every lesson, so a bookmark in a lesson means the survey was submitted, and a test answer means
 * every slide was seen. The adapters never write progress, score or status below what the LMS
 * holds, whatever is rebuilt here.
 */
import type { LaunchInfo, StoredInteraction } from './lms/adapter.ts';
import * as rules from './rules.ts';
import type { PlayerCourse } from './spec/course-data.ts';
import { bookmarkToPlace, initialState, SCORE_HISTORY, type LearnerState } from './state.ts';
import { validAnswer } from './survey.ts';

/** What was rebuilt, to tell the learner. */
export interface Recovered {
  /** The bookmark was kept. */
  place: boolean;
  /** Survey answers read back. */
  surveyAnswers: number;
  /** The survey is known to be submitted though its answers could not be read (SCORM 1.2). */
  surveyDone: boolean;
  /** Test answers read back. */
  testAnswers: number;
  /** The best score the LMS holds. */
  best: number | null;
}

/** `stored`: the interactions read back, or null where the standard cannot read them. */
export function recoverState(
  course: PlayerCourse,
  launch: LaunchInfo,
  stored: StoredInteraction[] | null,
  random: () => number = Math.random,
): { state: LearnerState; recovered: Recovered } {
  const s = initialState();
  const t = s.test;
  const items = course.survey.items;
  const perAttempt = Math.min(course.test.questionsPerAttempt, course.test.questions.length);
  const bank = new Map(course.test.questions.map((q) => [q.id, q]));
  let testAnswers = 0;

  if (stored) {
    const response = new Map(stored.map((i) => [i.id, i.response]));
    for (const item of items) {
      const r = response.get(`survey.${item.id}`)?.trim();
      if (r === undefined || r === '') continue;
      // A choice response lists its option ids with SCORM's `[,]` between them.
      const answer = validAnswer(course.survey, item, item.type === 'choice' ? r.split('[,]') : r);
      if (answer !== null) s.survey.answers[item.id] = answer;
    }
    // Submitting records every item, a blank one with no response.
    s.survey.done = items.length > 0 && items.every((it) => response.has(`survey.${it.id}`));

    const attempts = new Map<number, { id: string; answer: string[] }[]>();
    for (const i of stored) {
      const m = /^test\.a(\d+)\.(.+)$/.exec(i.id);
      if (!m || !bank.has(m[2]!)) continue;
      const n = Number(m[1]);
      attempts.set(n, [...(attempts.get(n) ?? []), { id: m[2]!, answer: i.response === '' ? [] : i.response.split('[,]') }]);
      testAnswers++;
    }
    const numbers = [...attempts.keys()].sort((a, b) => a - b);
    for (const n of numbers) {
      const answered = attempts.get(n)!.slice(0, perAttempt);
      t.attempt = n;
      t.drawn = answered.map((a) => a.id);
      t.answers = answered.map((a) => a.answer);
      t.done = answered.length === perAttempt;
      if (t.done) t.scores = [...t.scores, rules.attemptScore(course, s)].slice(-SCORE_HISTORY);
    }
    if (t.attempt > 0 && !t.done) {
      // The attempt goes on where it stopped; the questions it had not shown yet are drawn anew,
      // by the draw plan where there is one.
      t.index = t.answers.length;
      t.drawn = rules.drawQuestions(course, random, t.drawn);
    } else if (t.done) {
      t.index = t.drawn.length - 1;
    }
  } else if (items.length > 0 && launch.record.interactionCount >= items.length) {
    // The survey's records come first: nothing else can be answered before it is submitted.
    s.survey.done = true;
    const beyond = launch.record.interactionCount - items.length;
    if (beyond > 0 && perAttempt > 0) {
      // Test answers whose questions cannot be read back: the attempts they belong to are over
      // (scored or not: the LMS's score says), and the next one gets a new number, so its
      // records never repeat an id.
      t.attempt = Math.ceil(beyond / perAttempt);
      t.done = true;
    }
  }

  const scores = [...t.scores, ...(launch.record.scorePercent === null ? [] : [launch.record.scorePercent])];
  t.best = scores.length ? Math.max(...scores) : null;
  if (t.best !== null && t.attempt === 0) {
    t.attempt = 1;
    t.done = true;
  }

  const place = bookmarkToPlace(launch.bookmark, course);
  if (place && place.screen !== 'title' && place.screen !== 'survey' && place.screen !== 'results') s.survey.done = true;
  if (t.attempt > 0 || place?.screen === 'test') {
    for (const l of course.lessons) s.seen[l.id] = l.slides.length;
  } else {
    if (place?.screen === 'lesson') {
      const lesson = course.lessons.find((l) => l.id === place.lesson)!;
      s.seen[lesson.id] = lesson.slides.findIndex((x) => x.id === place.slide) + 1;
    }
    // SCORM 2004's progress_measure counts the slides seen; which ones it does not say, so the
    // count goes to the lessons in course order, the way the course leads. The test opens only
    // when the count covers every slide, so it never opens early.
    if (launch.record.progress !== null) {
      const total = rules.progressUnits(course);
      let slides = Math.round(launch.record.progress * total.all) - (s.survey.done ? total.items : 0);
      slides -= course.lessons.reduce((n, l) => n + (s.seen[l.id] ?? 0), 0);
      for (const l of course.lessons) {
        const add = Math.max(0, Math.min(slides, l.slides.length - (s.seen[l.id] ?? 0)));
        if (add) s.seen[l.id] = (s.seen[l.id] ?? 0) + add;
        slides -= add;
      }
    }
  }

  const nothing = !place && !s.survey.done && t.attempt === 0;
  s.place = place ?? (nothing ? { screen: 'title' } : rules.nextPlace(course, s));
  return {
    state: s,
    recovered: {
      place: !!place,
      surveyAnswers: stored ? Object.keys(s.survey.answers).length : 0,
      surveyDone: !stored && s.survey.done,
      testAnswers,
      best: launch.record.scorePercent,
    },
  };
}
