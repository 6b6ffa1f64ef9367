import type { PlayerCourse } from './spec/course-data.ts';
import { itemOptions, validAnswer, type SurveyAnswer } from './survey.ts';

/** Where the learner is. Its text form is the LMS bookmark. */
export type Place =
  | { screen: 'title' }
  | { screen: 'survey' }
  | { screen: 'lesson'; lesson: string; slide: string }
  | { screen: 'test' }
  | { screen: 'results' };

/** Everything the player must remember between sessions. */
export interface LearnerState {
  /** Bumped on every save, so the newer of the LMS copy and the local copy wins. */
  counter: number;
  place: Place;
  /** Per lesson id: how many slides from the start the learner has seen. */
  seen: Record<string, number>;
  survey: {
    done: boolean;
    /**
     * Item id → point id or `dk` (Likert), option ids (choice), text (free text); drafts are kept
     * before submitting.
     */
    answers: Record<string, SurveyAnswer>;
  };
  test: TestState;
  /** The learner left through "exit" with the course finished. */
  finished: boolean;
  /** The version of the course that wrote this state; '' when unknown (a state of format 1). */
  courseVersion: string;
  narration: NarrationPrefs;
}

/** How the learner likes the narration: kept in the state so that it survives a relaunch. */
export interface NarrationPrefs {
  /** Play (or read aloud) each slide's narration when the slide opens. Off unless the learner turns it on. */
  auto: boolean;
  /** Playback speed, one of `NARRATION_RATES`. */
  rate: number;
}

/** The speeds the player offers for narration; a stored speed not in this list reads as 1. */
export const NARRATION_RATES = [0.8, 1, 1.25, 1.5] as const;

export interface TestState {
  /** Number of the current (or last) attempt; 0 before the first. */
  attempt: number;
  /** Question ids drawn for the current attempt. */
  drawn: string[];
  /** Checked answers of the current attempt, in order; the choice ids of each. */
  answers: string[][];
  /** Index of the question on screen. */
  index: number;
  /** The current attempt is over and scored. */
  done: boolean;
  /** Scores (percent) of the last finished attempts, oldest first, at most `SCORE_HISTORY`. */
  scores: number[];
  best: number | null;
}

/** Past scores kept in the state; the best is kept apart, so nothing that matters is lost. */
export const SCORE_HISTORY = 5;

/** The format `encodeState` writes, its `v`. */
export const STATE_FORMAT = 2;

/**
 * How a stored state of an older format becomes the current one: `MIGRATIONS[n - 1]` turns
 * format n into n + 1. The LMS keeps a state across updates of the course, so every format
 * ever written stays readable; a format newer than this player's is not guessed at (the player
 * then rebuilds what it can from the LMS's own record, see recovery.ts).
 */
const MIGRATIONS: ((o: Record<string, unknown>) => Record<string, unknown>)[] = [
  // 1 → 2: `cv`, the version of the course that wrote the state, so that a state written by
  // another version can be told apart (and the learner told the course changed).
  (o) => ({ ...o, v: 2, cv: '' }),
];

export function initialState(): LearnerState {
  return {
    counter: 0,
    place: { screen: 'title' },
    seen: {},
    survey: { done: false, answers: {} },
    test: { attempt: 0, drawn: [], answers: [], index: 0, done: false, scores: [], best: null },
    finished: false,
    courseVersion: '',
    narration: { auto: false, rate: 1 },
  };
}

export function placeToBookmark(p: Place): string {
  return p.screen === 'lesson' ? `lesson.${p.lesson}.${p.slide}` : p.screen;
}

export function bookmarkToPlace(b: string, course: PlayerCourse): Place | null {
  if (b === 'title' || b === 'survey' || b === 'test' || b === 'results') return { screen: b };
  const m = /^lesson\.([^.]+)\.([^.]+)$/.exec(b);
  if (!m) return null;
  const lesson = course.lessons.find((l) => l.id === m[1]);
  return lesson && lesson.slides.some((s) => s.id === m[2])
    ? { screen: 'lesson', lesson: m[1]!, slide: m[2]! }
    : null;
}

/**
 * Free text as it is stored: control characters (but tab and line breaks) and lone surrogate
 * halves removed. JSON writes those as six-character escapes, which would break the bound
 * `worstCaseState` promises (at most two characters per character typed).
 */
export function cleanFreeText(text: string): string {
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '');
}

/**
 * The state as compact JSON for `cmi.suspend_data`, short keys and defaults left out:
 * `{"v":2,"c":counter,"cv":courseVersion,"p":bookmark,"r":{lessonId:seen},"s":{"d":1,"a":{itemId:answer}},
 *   "t":{"n":attempt,"q":[ids],"a":["b","a.c"],"i":index,"d":1,"h":[scores],"b":best},"f":1,
 *   "n":{"a":1,"r":rate}}`
 * A survey answer is a string: a point id or `dk`, a text, or a choice's option ids joined by
 * '.' (`"phone.online"`), as the test's answers are (ids never hold a '.').
 */
export function encodeState(s: LearnerState): string {
  const o: Record<string, unknown> = { v: STATE_FORMAT, c: s.counter };
  if (s.courseVersion) o.cv = s.courseVersion;
  o.p = placeToBookmark(s.place);
  if (Object.keys(s.seen).length) o.r = s.seen;
  const sv: Record<string, unknown> = {};
  if (s.survey.done) sv.d = 1;
  const answers = Object.entries(s.survey.answers).filter(([, v]) => v.length > 0);
  if (answers.length) sv.a = Object.fromEntries(answers.map(([k, v]) => [k, typeof v === 'string' ? cleanFreeText(v) : v.join('.')]));
  if (Object.keys(sv).length) o.s = sv;
  const t = s.test;
  if (t.attempt > 0 || t.best !== null) {
    const to: Record<string, unknown> = { n: t.attempt };
    if (t.drawn.length) to.q = t.drawn;
    if (t.answers.length) to.a = t.answers.map((a) => a.join('.'));
    if (t.index) to.i = t.index;
    if (t.done) to.d = 1;
    if (t.scores.length) to.h = t.scores;
    if (t.best !== null) to.b = t.best;
    o.t = to;
  }
  if (s.finished) o.f = 1;
  // Added without a new format number: a player that predates it ignores `n`, and one that
  // reads a state without it gets the defaults, so no migration is needed either way.
  const n: Record<string, unknown> = {};
  if (s.narration.auto) n.a = 1;
  if (s.narration.rate !== 1) n.r = s.narration.rate;
  if (Object.keys(n).length) o.n = n;
  return JSON.stringify(o);
}

/**
 * Reads a saved state back, migrated from an older format, and checked against the course:
 * anything that no longer exists (a lesson, a question after a content update) is dropped
 * rather than trusted. Returns null for text that is not a state of a format this player knows.
 */
export function decodeState(text: string, course: PlayerCourse): LearnerState | null {
  let o: unknown;
  try {
    o = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isObj(o) || typeof o.v !== 'number' || !Number.isInteger(o.v) || o.v < 1 || o.v > STATE_FORMAT) return null;
  for (let v = o.v; v < STATE_FORMAT; v++) o = MIGRATIONS[v - 1]!(o as Record<string, unknown>);
  if (!isObj(o)) return null;
  const s = initialState();
  s.counter = num(o.c) ?? 0;
  s.courseVersion = typeof o.cv === 'string' ? o.cv : '';
  s.place = (typeof o.p === 'string' && bookmarkToPlace(o.p, course)) || { screen: 'title' };
  if (isObj(o.r)) {
    for (const l of course.lessons) {
      const n = num(o.r[l.id]);
      if (n !== undefined) s.seen[l.id] = Math.min(Math.max(0, n), l.slides.length);
    }
  }
  if (isObj(o.s)) {
    s.survey.done = o.s.d === 1;
    if (isObj(o.s.a)) {
      // An answer the item no longer offers (its scale or options changed) is dropped: the
      // learner answers it again.
      for (const item of course.survey.items) {
        const v = o.s.a[item.id];
        if (typeof v !== 'string') continue;
        const answer = validAnswer(course.survey, item, item.type === 'choice' ? v.split('.') : v);
        if (answer !== null) s.survey.answers[item.id] = answer;
      }
    }
  }
  if (isObj(o.t)) {
    const t = s.test;
    t.attempt = num(o.t.n) ?? 0;
    t.scores = Array.isArray(o.t.h) ? o.t.h.filter((x): x is number => typeof x === 'number') : [];
    t.best = num(o.t.b) ?? null;
    const bank = new Map(course.test.questions.map((q) => [q.id, q]));
    const drawn = Array.isArray(o.t.q) ? o.t.q : [];
    if (drawn.length && drawn.every((id) => typeof id === 'string' && bank.has(id))) {
      t.drawn = drawn as string[];
      const answers = Array.isArray(o.t.a) ? o.t.a : [];
      t.answers = answers
        .slice(0, t.drawn.length)
        .map((a) => (typeof a === 'string' && a !== '' ? a.split('.') : []));
      t.done = o.t.d === 1 && t.answers.length === t.drawn.length;
      t.index = Math.min(num(o.t.i) ?? 0, t.drawn.length - 1, t.answers.length);
    } else if (o.t.d === 1 && t.attempt > 0) {
      // An attempt over whose questions are not known (gone after a content update, or rebuilt
      // from a SCORM 1.2 LMS, which cannot read interactions back): it counts as taken, its score
      // is in the history; the next attempt draws anew.
      t.done = true;
    } else if (o.t.d !== 1 && t.attempt > 0) {
      // The questions of an unfinished attempt are gone (content changed): that attempt
      // restarts, its number is reused.
      t.attempt -= 1;
    }
  }
  s.finished = o.f === 1;
  if (isObj(o.n)) {
    s.narration.auto = o.n.a === 1;
    const rate = num(o.n.r);
    if (rate !== undefined && (NARRATION_RATES as readonly number[]).includes(rate)) s.narration.rate = rate;
  }
  return s;
}

function isObj(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function num(x: unknown): number | undefined {
  return typeof x === 'number' && Number.isFinite(x) ? x : undefined;
}

/**
 * The largest state this course can produce: every slide seen, every survey item answered
 * with its longest answer (free text at its limit in characters JSON must escape, every option
 * of a select-all-that-apply item), the longest questions drawn with every choice ticked, a full
 * score history. Its encoded length must stay within SCORM 1.2's
 * 4,096 characters for cmi.suspend_data; the build and the tests check it.
 */
export function worstCaseState(course: PlayerCourse): LearnerState {
  const s = initialState();
  s.counter = 9_999_999;
  const longest = [...course.lessons]
    .flatMap((l) => l.slides.map((sl) => ({ screen: 'lesson' as const, lesson: l.id, slide: sl.id })))
    .sort((a, b) => placeToBookmark(b).length - placeToBookmark(a).length)[0];
  s.place = longest ?? { screen: 'results' };
  for (const l of course.lessons) s.seen[l.id] = l.slides.length;
  s.survey.done = true;
  for (const item of course.survey.items) {
    const ids = itemOptions(course.survey, item).map((o) => o.id);
    const longest = [...ids].sort((a, b) => b.length - a.length)[0] ?? '';
    s.survey.answers[item.id] = item.type === 'text' ? '"'.repeat(item.maxLength) : item.type === 'choice' ? (item.multiple ? ids : [longest]) : longest;
  }
  const byLength = [...course.test.questions].sort(
    (a, b) => b.id.length + b.choices.map((c) => c.id).join('.').length - (a.id.length + a.choices.map((c) => c.id).join('.').length),
  );
  const drawn = byLength.slice(0, Math.min(course.test.questionsPerAttempt, byLength.length));
  s.test = {
    attempt: 999,
    drawn: drawn.map((q) => q.id),
    answers: drawn.map((q) => q.choices.map((c) => c.id)),
    index: Math.max(0, drawn.length - 1),
    done: true,
    scores: Array.from({ length: SCORE_HISTORY }, () => 66.67),
    best: 66.67,
  };
  s.finished = true;
  s.courseVersion = course.version;
  s.narration = { auto: true, rate: NARRATION_RATES.reduce((a, b) => (String(b).length > String(a).length ? b : a)) };
  return s;
}
