import type { PlayerCourse, PlayerLesson, PlayerQuestion } from './spec/course-data.ts';
import type { LearnerState, Place } from './state.ts';

/** The course's rules of progress, in one place so that the screens and the LMS agree. */

export function lessonDone(course: PlayerCourse, s: LearnerState, lessonId: string): boolean {
  const lesson = course.lessons.find((l) => l.id === lessonId);
  return !!lesson && (s.seen[lessonId] ?? 0) >= lesson.slides.length;
}

export function lessonsDone(course: PlayerCourse, s: LearnerState): number {
  return course.lessons.filter((l) => lessonDone(course, s, l.id)).length;
}

/** Lessons open once the awareness survey is answered: it measures awareness before training. */
export function lessonsOpen(s: LearnerState): boolean {
  return s.survey.done;
}

/** The test opens when every lesson has been seen to its last slide. */
export function testOpen(course: PlayerCourse, s: LearnerState): boolean {
  return lessonsDone(course, s) === course.lessons.length;
}

/**
 * Attempts used, by their numbers: the current one once it is over. An attempt whose questions
 * could not be read back (a rebuilt state) counts as used though it was never scored.
 */
export function attemptsTaken(s: LearnerState): number {
  return s.test.done ? s.test.attempt : Math.max(0, s.test.attempt - 1);
}

/** Attempts still allowed; Infinity when the course sets no limit. */
export function attemptsLeft(course: PlayerCourse, s: LearnerState): number {
  const max = course.test.maxAttempts;
  return max === 0 ? Infinity : Math.max(0, max - attemptsTaken(s));
}

/** Pass mark as a fraction: the LMS's `scaled_passing_score` when set, else the course's. */
export function passThreshold(course: PlayerCourse, masteryScore: number | null): number {
  return masteryScore ?? course.test.passingScore / 100;
}

/** Whether a score in percent reaches the pass mark: one attempt's, or the best. */
export function passes(course: PlayerCourse, score: number, masteryScore: number | null): boolean {
  // Compare in hundredths of a percent, the precision scores are kept in.
  return Math.round(score * 100) >= Math.round(passThreshold(course, masteryScore) * 10000);
}

/** The course is passed when the best attempt passes. */
export function passed(course: PlayerCourse, s: LearnerState, masteryScore: number | null): boolean {
  return s.test.best !== null && passes(course, s.test.best, masteryScore);
}

/** An attempt has been scored: the test counts as taken. */
export function testTaken(s: LearnerState): boolean {
  return s.test.best !== null;
}

/** Completed: every lesson seen and the test taken at least once (PRODUCT.md). */
export function completed(course: PlayerCourse, s: LearnerState): boolean {
  return testOpen(course, s) && testTaken(s);
}

/** Whether leaving now ends the course (`normal`) or is a pause (`suspend`). */
export function exitKind(course: PlayerCourse, s: LearnerState, masteryScore: number | null): 'suspend' | 'normal' {
  if (!completed(course, s)) return 'suspend';
  return passed(course, s, masteryScore) || attemptsLeft(course, s) === 0 ? 'normal' : 'suspend';
}

/**
 * What progress counts: a slide, a survey item and a test question each count one, roughly the
 * time each takes.
 */
export function progressUnits(course: PlayerCourse): { slides: number; items: number; questions: number; all: number } {
  const slides = course.lessons.reduce((n, l) => n + l.slides.length, 0);
  const items = course.survey.items.length;
  const questions = Math.min(course.test.questionsPerAttempt, course.test.questions.length);
  return { slides, items, questions, all: slides + items + questions };
}

/** Progress 0..1 in the units of `progressUnits`. */
export function progress(course: PlayerCourse, s: LearnerState): number {
  const { items, questions, all } = progressUnits(course);
  if (all === 0) return 1;
  const seen = course.lessons.reduce((n, l) => n + Math.min(s.seen[l.id] ?? 0, l.slides.length), 0);
  const answered = testTaken(s) ? questions : s.test.answers.length;
  return (seen + (s.survey.done ? items : 0) + answered) / all;
}

export function isCorrect(q: PlayerQuestion, answer: string[]): boolean {
  return answer.length === q.correct.length && q.correct.every((c) => answer.includes(c));
}

/** The lesson's slide to open from the contents: the first unseen one, or the first once all are seen. */
export function resumePlace(lesson: PlayerLesson, s: LearnerState): Place {
  const seen = s.seen[lesson.id] ?? 0;
  return { screen: 'lesson', lesson: lesson.id, slide: lesson.slides[seen >= lesson.slides.length ? 0 : seen]!.id };
}

/** Where "start/continue" leads: the first thing not yet done. */
export function nextPlace(course: PlayerCourse, s: LearnerState): Place {
  if (!s.survey.done) return { screen: 'survey' };
  const lesson = course.lessons.find((l) => !lessonDone(course, s, l.id));
  if (lesson) return resumePlace(lesson, s);
  return completed(course, s) ? { screen: 'results' } : { screen: 'test' };
}

/**
 * A slide's lesson, its index there, and the places before and after it across lessons. After
 * the course's last slide comes the test, or nothing (null) while a lesson is still unseen.
 */
export function slideAt(
  course: PlayerCourse,
  s: LearnerState,
  place: { lesson: string; slide: string },
): { lesson: PlayerLesson; slide: number; prev: Place | null; next: Place | null } {
  const to = (l: PlayerLesson, i: number): Place => ({ screen: 'lesson', lesson: l.id, slide: l.slides[i]!.id });
  const li = course.lessons.findIndex((l) => l.id === place.lesson);
  const lesson = course.lessons[li]!;
  const before = course.lessons[li - 1];
  const after = course.lessons[li + 1];
  const slide = lesson.slides.findIndex((x) => x.id === place.slide);
  return {
    lesson,
    slide,
    prev: slide > 0 ? to(lesson, slide - 1) : before ? to(before, before.slides.length - 1) : null,
    next: slide < lesson.slides.length - 1 ? to(lesson, slide + 1) : after ? to(after, 0) : testOpen(course, s) ? { screen: 'test' } : null,
  };
}

/** Score of the current attempt in percent, two decimals. */
export function attemptScore(course: PlayerCourse, s: LearnerState): number {
  const bank = new Map(course.test.questions.map((q) => [q.id, q]));
  const right = s.test.drawn.filter((id, i) => isCorrect(bank.get(id)!, s.test.answers[i] ?? [])).length;
  return s.test.drawn.length ? Math.round((right / s.test.drawn.length) * 10000) / 100 : 0;
}

/** `n` of `ids` at random, in random order (the first `n` steps of Fisher–Yates on a copy). */
function pick(ids: readonly string[], n: number, random: () => number): string[] {
  const out = [...ids];
  const k = Math.max(0, Math.min(n, out.length));
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(random() * (out.length - i));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out.slice(0, k);
}

/**
 * The question ids of one attempt. With a draw plan (`test.draw`) each lesson gives exactly
 * its number, so no attempt skips a lesson (the legal one above all), and the lessons come
 * mixed; questions of no lesson in the plan are not drawn. Without one, `questionsPerAttempt`
 * from the whole bank. `kept`: the questions an interrupted attempt already showed (rebuilt from
 * the LMS); they stay first, and the draw completes the attempt around them. Pure given `random`.
 */
export function drawQuestions(course: PlayerCourse, random: () => number = Math.random, kept: readonly string[] = []): string[] {
  const bank = course.test.questions.filter((q) => !kept.includes(q.id));
  const plan = course.test.draw;
  if (!plan) {
    const n = Math.min(course.test.questionsPerAttempt, course.test.questions.length) - kept.length;
    return [...kept, ...pick(bank.map((q) => q.id), n, random)];
  }
  const lessonOf = new Map(course.test.questions.map((q) => [q.id, q.lessonId]));
  const picked = Object.entries(plan).flatMap(([lesson, n]) => {
    const shown = kept.filter((id) => lessonOf.get(id) === lesson).length;
    return pick(bank.filter((q) => q.lessonId === lesson).map((q) => q.id), n - shown, random);
  });
  return [...kept, ...pick(picked, picked.length, random)];
}

/** The learner's progress as the contents and the results show it. */
export interface Overview {
  surveyDone: boolean;
  lessonsOpen: boolean;
  /**
   * The course's lessons in order, each with the slides seen (never more than it has: the state
   * is read and kept that way) and where its entry in the contents leads.
   */
  lessons: { lesson: PlayerLesson; seen: number; resume: Place }[];
  lessonsDone: number;
  testOpen: boolean;
  attemptsTaken: number;
  /** An attempt has been scored. */
  taken: boolean;
  /** An attempt has begun, finished or not. */
  attemptBegun: boolean;
  best: number | null;
  passed: boolean;
}

export function overview(course: PlayerCourse, s: LearnerState, masteryScore: number | null): Overview {
  return {
    surveyDone: s.survey.done,
    lessonsOpen: lessonsOpen(s),
    lessons: course.lessons.map((lesson) => ({ lesson, seen: s.seen[lesson.id] ?? 0, resume: resumePlace(lesson, s) })),
    lessonsDone: lessonsDone(course, s),
    testOpen: testOpen(course, s),
    attemptsTaken: attemptsTaken(s),
    taken: testTaken(s),
    attemptBegun: s.test.attempt > 0,
    best: s.test.best,
    passed: passed(course, s, masteryScore),
  };
}
