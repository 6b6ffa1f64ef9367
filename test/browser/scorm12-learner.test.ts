/**
 * The built SCORM 1.2 package, taken by a keyboard-only learner inside a parent page where
 * scorm-again's Scorm12API plays the LMS as `window.API`. Asserts every value the LMS holds,
 * in 1.2's vocabulary and formats, and fails on any call the LMS refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import type { PlayerCourse } from '../../player/spec/course-data.ts';
import { cmiData, expectNoRejectedCalls, interactionsOf, launchBrowser, lmsLog, press } from './harness/browser.ts';
import { answerSurvey, FREE_TEXT, readSlides, takeTest, type GivenAnswer } from './harness/learner.ts';
import { buildPackage12, openInLms12, SCORM12_RULES as R, sentValueProblems, serveCourse12, type BuiltPackage12 } from './harness/scorm12.ts';
import type { StaticServer } from './harness/server.ts';
import { scaled } from '../support/time-scale.ts';

let pkg: BuiltPackage12;
let server: StaticServer;
let browser: Browser;
let course: PlayerCourse;

beforeAll(async () => {
  pkg = await buildPackage12('ja');
  course = pkg.course;
  [server, browser] = await Promise.all([serveCourse12(pkg.dir), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  pkg?.cleanup();
});

/** The learner's clock is Tokyo's: cmi.interactions.n.time is local time of day. */
const TZ_OFFSET_S = 9 * 3600;
const newContext = (): Promise<BrowserContext> =>
  browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'ja-JP', timezoneId: 'Asia/Tokyo', serviceWorkers: 'block' });

/** Seconds since local midnight of an `HH:MM:SS` value, and of an epoch time in Tokyo. */
const secondsOfDay = (hms: string) => hms.split(':').reduce((n, part) => n * 60 + Number(part), 0);
const tokyoSecondsOfDay = (ms: number) => Math.floor(ms / 1000 + TZ_OFFSET_S) % 86400;

/** What 1.2 expects for our ids and responses, written out independently of the adapter. */
const id12 = (id: string) => id.replace(/\./g, '-');
/** A Likert point: its place on the item's own scale, 1 for the lowest (the scales have at most nine points). */
const likert12 = (itemId: string, pointId: string) => {
  const item = course.survey.items.find((i) => i.id === itemId)!;
  const points = item.type === 'likert' ? course.survey.scales.find((s) => s.id === item.scale)!.points : [];
  return String(points.findIndex((p) => p.id === pointId) + 1);
};
const choice12 = (ids: string[]) => ids.join(',');
const trueFalse12 = (ids: string[]) => (ids[0] === 'true' ? 't' : 'f');

/** Keyboard only: survey, every slide, the test with the given wrong answers, then exit. */
async function takeWholeCourse(cmi: unknown, wrongAt: number[]) {
  const context = await newContext();
  const page = await context.newPage();
  const frame = await openInLms12(page, server.origin, cmi);
  await frame.waitForSelector('.title-screen');
  const first = (await cmiData(page)).cmi;
  const firstCommitted = (await lmsLog(page)).calls.some(([name]) => name === 'LMSCommit');

  await press(frame, '#start', 'Enter');
  await frame.waitForSelector('.survey-screen');
  const survey = await answerSurvey(frame, course, false);
  // The limit of each free text is shown to the learner, and enforced by the field itself.
  const limits = await frame.$$eval('.free-text', (els) =>
    els.map((e) => ({ max: e.querySelector('textarea')!.maxLength, counter: e.querySelector('.counter')!.textContent })),
  );
  await press(frame, '#submit-survey', 'Enter');
  await frame.waitForSelector('.lesson-screen');

  const slides = await readSlides(frame);
  await frame.waitForSelector('#start-test');
  await press(frame, '#start-test', 'Enter');
  const answers = await takeTest(frame, course, wrongAt);
  await frame.waitForSelector('#to-results');
  const verdict = await frame.textContent('.verdict-box');
  await press(frame, '#to-results', 'Enter');
  await press(frame, '#exit', 'Enter');
  await frame.waitForFunction(() => !document.querySelector('#exit'));
  return { context, page, first, firstCommitted, survey, limits, slides, answers, verdict };
}

const scoreOf = (answers: GivenAnswer[]) => Math.round((answers.filter((a) => a.right).length / answers.length) * 10000) / 100;

describe('SCORM 1.2 package in an LMS frame', { timeout: scaled(60_000) }, () => {
  it('reports status, score, bookmark, time and every interaction in 1.2 terms to a keyboard learner', async () => {
    const startedAt = Date.now();
    const run = await takeWholeCourse(null, [0]);
    const endedAt = Date.now();
    const { page, first, survey, answers } = run;

    // First launch: incomplete, committed before the learner does anything.
    expect(first.core.lesson_status).toBe('incomplete');
    expect(run.firstCommitted).toBe(true);

    // Free text: the limit stands under every field; none is over 1.2's 255.
    const textItems = course.survey.items.filter((i) => i.type === 'text');
    expect(run.limits.map((l) => l.max)).toEqual(textItems.map((i) => i.maxLength));
    expect(run.limits[0]!.counter).toBe(course.ui.charCount!.replace('{count}', String(FREE_TEXT.length)).replace('{max}', String(textItems[0]!.maxLength)));

    const slideCount = course.lessons.reduce((n, l) => n + l.slides.length, 0);
    expect(new Set(run.slides).size).toBe(slideCount);
    expect(answers).toHaveLength(course.test.questionsPerAttempt);
    const score = scoreOf(answers);
    expect(score).toBeGreaterThanOrEqual(course.test.passingScore); // one wrong of ten still passes 80
    expect(run.verdict).toBe(course.ui.passed);

    const cmi = (await cmiData(page)).cmi;
    expect(cmi.core.lesson_status).toBe('passed');
    expect(cmi.core.score).toEqual({ raw: String(score), min: '0', max: '100' });
    expect(cmi.core.score.raw).toMatch(R.decimal);
    expect(cmi.core.exit).toBe(''); // finished: a normal exit, which 1.2 writes as ""
    expect(cmi.core.lesson_location).toBe('results');
    expect(cmi.core.session_time).toMatch(R.timespan);
    expect(cmi.core.session_time).not.toBe('00:00:00');
    // scorm-again re-formats what it holds (05.50 → 05.5); what the player sends always has
    // two decimals, because Moodle reads the digits after the point as hundredths.
    const sentTimes = (await lmsLog(page)).calls.filter(([name, element]) => name === 'LMSSetValue' && element === 'cmi.core.session_time');
    expect(sentTimes.length).toBeGreaterThan(1); // kept current at every commit
    for (const [, , value] of sentTimes) expect(value).toMatch(/^\d{2,4}:[0-5]\d:[0-5]\d\.\d{2}$/);
    expect(cmi.suspend_data.length).toBeGreaterThan(0);
    expect(cmi.suspend_data.length).toBeLessThanOrEqual(R.suspendDataMax);

    const interactions = interactionsOf(cmi);
    expect(interactions).toHaveLength(course.survey.items.length + answers.length);
    for (const i of interactions) {
      expect(i.id).toMatch(R.identifierStrict);
      expect(i.id).toMatch(R.identifierMoodle);
      expect(R.types).toContain(i.type);
      expect(R.results).toContain(i.result);
      expect(i.weighting).toBe('1');
      expect(i.time).toMatch(R.time);
      expect(i.time).toMatch(/^\d{2}:\d{2}:\d{2}$/);
      const t = secondsOfDay(i.time);
      const [from, to] = [tokyoSecondsOfDay(startedAt), tokyoSecondsOfDay(endedAt) + 1];
      expect(from <= to ? t >= from && t <= to : t >= from || t <= to).toBe(true);
      expect(i.latency).toMatch(R.timespan);
      expect(i.student_response.length).toBeLessThanOrEqual(R.feedbackMax);
    }

    // Survey items, in order: Likert as the scale position, free text as fill-in, no pattern.
    course.survey.items.forEach((item, n) => {
      const i = interactions[n];
      expect(i.id).toBe(`survey-${item.id}`);
      expect(i.result).toBe('neutral');
      expect(i.correct_responses).toEqual({});
      if (item.type === 'likert') {
        expect(i.type).toBe('likert');
        expect(i.student_response).toBe(likert12(item.id, survey[item.id]!));
        expect(i.student_response).toMatch(R.likert);
      } else if (item.type === 'choice') {
        // Optional, left blank.
        expect(i.type).toBe('choice');
        expect(i.student_response).toBe('');
      } else {
        expect(i.type).toBe('fill-in');
        expect(i.student_response).toBe(survey[item.id] ?? '');
      }
    });
    expect(interactions.some((i) => i.student_response === FREE_TEXT)).toBe(true);

    // Test questions, in the order answered, the attempt in the id, the wrong one "wrong".
    const bank = new Map(course.test.questions.map((q) => [q.id, q]));
    answers.forEach((a, n) => {
      const i = interactions[course.survey.items.length + n];
      const q = bank.get(a.id)!;
      expect(i.id).toBe(`test-a1-${q.id}`);
      expect(i.id).toBe(id12(`test.a1.${q.id}`));
      if (q.type === 'true-false') {
        expect(i.type).toBe('true-false');
        expect(i.student_response).toBe(trueFalse12(a.answer));
        expect(i.student_response).toMatch(R.trueFalse);
        expect(i.correct_responses['0'].pattern).toBe(trueFalse12(q.correct));
      } else {
        expect(i.type).toBe('choice');
        expect(i.student_response).toBe(choice12(a.answer));
        expect(i.student_response).toMatch(R.choice);
        expect(i.correct_responses['0'].pattern).toBe(choice12(q.correct));
        expect(i.correct_responses['0'].pattern).toMatch(R.choice);
      }
      expect(i.result).toBe(a.right ? 'correct' : 'wrong');
    });
    expect(interactions.filter((i) => i.result === 'wrong')).toHaveLength(1);

    // One LMSFinish, no navigation requests, nothing refused, every value sent 1.2 as written.
    const calls = (await lmsLog(page)).calls;
    expect(sentValueProblems(calls)).toEqual([]);
    expect(calls.filter(([name]) => name === 'LMSFinish')).toHaveLength(1);
    expect(calls.filter(([, element]) => String(element).startsWith('nav.'))).toEqual([]);
    await expectNoRejectedCalls(page);
    await run.context.close();
  });

  it("grades against the LMS's mastery_score when it sets one, over the course's passing score", async () => {
    // 90% passes the course's 80 but not the LMS's 95.
    const run = await takeWholeCourse({ student_data: { mastery_score: '95' } }, [0]);
    const score = scoreOf(run.answers);
    expect(score).toBeGreaterThanOrEqual(course.test.passingScore);
    expect(score).toBeLessThan(95);
    expect(run.verdict).toBe(course.ui.failed);
    const cmi = (await cmiData(run.page)).cmi;
    expect(cmi.student_data.mastery_score).toBe('95');
    expect(cmi.core.lesson_status).toBe('failed');
    expect(cmi.core.score.raw).toBe(String(score));
    // Not passed and retries left: the learner will come back.
    expect(cmi.core.exit).toBe('suspend');
    expect(sentValueProblems((await lmsLog(run.page)).calls)).toEqual([]);
    await expectNoRejectedCalls(run.page);
    await run.context.close();
  });
});
