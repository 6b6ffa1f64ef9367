/**
 * Leaving and coming back with the SCORM 1.2 package (scorm-again's Scorm12API as `window.API`):
 * left half-way through the lessons or the test, the LMS loses commits, the learner returns
 * with what the LMS kept; and the largest learner state there can be fits and resumes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { PlayerCourse } from '../../player/spec/course-data.ts';
import { decodeState, encodeState, worstCaseState } from '../../player/state.ts';
import { cmiData, expectNoRejectedCalls, interactionsOf, launchBrowser, lmsLog, newContext, press } from './harness/browser.ts';
import { answerFor, answerSurvey, readSlides, takeTest } from './harness/learner.ts';
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

/** Nothing refused or logged as an error by scorm-again, and every value sent 1.2 as written. */
async function expectAllAccepted(page: Page): Promise<void> {
  await expectNoRejectedCalls(page);
  expect(sentValueProblems((await lmsLog(page)).calls)).toEqual([]);
}

/** What the LMS gives back on the next launch: the same record, entry "resume". */
const relaunch = (cmi: Record<string, any>) => ({ ...cmi, core: { ...cmi.core, entry: 'resume' } });

describe('SCORM 1.2 package: leaving, failing LMS, coming back', { timeout: scaled(60_000) }, () => {
  it('resumes on the same slide with the survey answers intact after the frame goes away', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    let frame = await openInLms12(page, server.origin);
    await press(frame, '#start', 'Enter');
    await frame.waitForSelector('.survey-screen');
    const survey = await answerSurvey(frame, course);
    const lesson2 = course.lessons[1]!;
    const middle = Math.floor(lesson2.slides.length / 2);
    await readSlides(frame, course.lessons[0]!.slides.length + middle + 1);
    expect(await frame.textContent('main h1')).toBe(lesson2.slides[middle]!.title);

    // Leaving: the course frame goes away (pagehide ends the session: LMSFinish).
    await frame.goto('about:blank');
    const saved = (await cmiData(page)).cmi;
    await expectAllAccepted(page);
    expect((await lmsLog(page)).calls.filter(([name]) => name === 'LMSFinish')).toHaveLength(1);
    expect(saved.core.exit).toBe('suspend');
    expect(saved.core.lesson_status).toBe('incomplete');
    expect(saved.core.lesson_location).toBe(`lesson.${lesson2.id}.${lesson2.slides[middle]!.id}`);
    expect(saved.core.lesson_location.length).toBeLessThanOrEqual(R.lessonLocationMax);
    expect(saved.core.session_time).toMatch(R.timespan);
    expect(saved.core.score.raw).toBe(''); // no test taken, no score
    expect(saved.suspend_data.length).toBeLessThanOrEqual(R.suspendDataMax);
    expect(interactionsOf(saved)).toHaveLength(course.survey.items.length);

    // A new browser (no local copy) and a new LMS session with what the LMS kept.
    const context2 = await newContext(browser);
    const page2 = await context2.newPage();
    frame = await openInLms12(page2, server.origin, relaunch(saved));
    expect(await frame.textContent('main h1')).toBe(lesson2.slides[middle]!.title);
    expect(await frame.textContent('.eyebrow')).toBe(lesson2.title);
    await press(frame, `.toc-list > li:first-child .toc-item`, 'Enter');
    await frame.waitForSelector('.survey-screen');
    for (const [id, value] of Object.entries(survey)) {
      const item = course.survey.items.find((i) => i.id === id)!;
      if (item.type === 'likert') expect(await frame.$eval(`input[name="${id}"]:checked`, (e) => (e as HTMLInputElement).value)).toBe(value);
      else expect(await frame.$eval(`textarea[name="${id}"]`, (e) => (e as HTMLTextAreaElement).value)).toBe(value);
    }
    // Nothing is recorded twice; the status stays incomplete.
    const after = (await cmiData(page2)).cmi;
    expect(interactionsOf(after)).toHaveLength(course.survey.items.length);
    expect(after.core.lesson_status).toBe('incomplete');
    await expectAllAccepted(page2);
    await context.close();
    await context2.close();
  });

  it('resumes a test left after two answers on the third question, and appends the rest', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    let frame = await openInLms12(page, server.origin);
    await press(frame, '#start', 'Enter');
    await frame.waitForSelector('.survey-screen');
    await answerSurvey(frame, course);
    await readSlides(frame);
    await press(frame, '#start-test', 'Enter');
    const bank = new Map(course.test.questions.map((q) => [q.id, q]));
    const partial: { id: string; answer: string[] }[] = [];
    for (let i = 0; i < 2; i++) {
      await frame.waitForSelector('#check');
      const q = bank.get((await frame.getAttribute('.choices input', 'name'))!.replace(/^q-/, ''))!;
      const answer = answerFor(q, true);
      if (q.type === 'multiple-choice') for (const id of answer) await press(frame, `input[value="${id}"]`, 'Space');
      else {
        await press(frame, '.choices input', 'Space');
        for (let n = 0; n < q.choices.findIndex((c) => c.id === answer[0]); n++) await page.keyboard.press('ArrowDown');
      }
      await press(frame, '#check', 'Enter');
      await frame.waitForFunction(() => document.activeElement?.id === 'next-question');
      await page.keyboard.press('Enter');
      partial.push({ id: q.id, answer });
    }
    await frame.waitForSelector('#check');
    const third = await frame.getAttribute('.choices input', 'name');
    await frame.goto('about:blank');
    const saved = (await cmiData(page)).cmi;
    expect(saved.core.exit).toBe('suspend');
    expect(saved.core.lesson_location).toBe('test');
    expect(saved.core.lesson_status).toBe('incomplete');
    await expectAllAccepted(page);
    await context.close();

    const context2 = await newContext(browser);
    const page2 = await context2.newPage();
    frame = await openInLms12(page2, server.origin, relaunch(saved));
    expect(await frame.textContent('main h1')).toBe(course.ui.questionOf!.replace('{n}', '3').replace('{total}', String(course.test.questionsPerAttempt)));
    expect(await frame.getAttribute('.choices input', 'name')).toBe(third);
    const rest = await takeTest(frame, course, []);
    await frame.waitForSelector('#to-results');
    const cmi = (await cmiData(page2)).cmi;
    expect(cmi.core.lesson_status).toBe('passed');
    expect(cmi.core.score.raw).toBe('100');
    const recorded = interactionsOf(cmi);
    expect(recorded.map((i) => i.id)).toEqual([
      ...course.survey.items.map((i) => `survey-${i.id}`),
      ...[...partial, ...rest].map((a) => `test-a1-${a.id}`),
    ]);
    // The two answers given before leaving are in the LMS as they were given.
    partial.forEach((a, n) => {
      const q = bank.get(a.id)!;
      const i = recorded[course.survey.items.length + n];
      expect(i.student_response).toBe(q.type === 'true-false' ? (a.answer[0] === 'true' ? 't' : 'f') : a.answer.join(','));
      expect(i.result).toBe('correct');
    });
    await expectAllAccepted(page2);
    await context2.close();
  });

  it('keeps trying when the LMS refuses LMSCommit, says so, and recovers', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const frame = await openInLms12(page, server.origin);
    await press(frame, '#start', 'Enter');
    await frame.waitForSelector('.survey-screen');
    await page.evaluate(() => ((window as any).lmsLog.failCommits = 2));
    await answerSurvey(frame, course);
    await frame.waitForFunction((text) => document.querySelector('.save-status')?.textContent === text, course.ui.saveRetrying);
    // Backoff 1 s, then 2 s: the third commit goes through.
    await frame.waitForFunction((text) => document.querySelector('.save-status')?.textContent === text, course.ui.saved, { timeout: scaled(10_000) });
    const commits = (await lmsLog(page)).calls.filter(([name]) => name === 'LMSCommit').map((c) => c[3]);
    expect(commits.slice(-3)).toEqual(['false(simulated)', 'false(simulated)', 'true']);
    expect(interactionsOf((await cmiData(page)).cmi)).toHaveLength(course.survey.items.length);
    await expectAllAccepted(page);
    await context.close();
  });

  it('fits the largest learner state the course allows in 4,096 characters and resumes from it', async () => {
    const worst = encodeState(worstCaseState(course));
    expect(worst.length).toBeLessThanOrEqual(R.suspendDataMax);
    expect(decodeState(worst, course)).toEqual(worstCaseState(course));

    const context = await newContext(browser);
    const page = await context.newPage();
    const frame = await openInLms12(page, server.origin, {
      core: { entry: 'resume', lesson_status: 'incomplete', lesson_location: 'results' },
      suspend_data: worst,
    });
    // Back on the slide the state names, with every free text at its limit kept.
    const place = worstCaseState(course).place;
    if (place.screen !== 'lesson') throw new Error('the worst case sits on a lesson slide');
    const lesson = course.lessons.find((l) => l.id === place.lesson)!;
    expect(await frame.textContent('main h1')).toBe(lesson.slides.find((s) => s.id === place.slide)!.title);
    await frame.goto('about:blank');
    const cmi = (await cmiData(page)).cmi;
    // Saved again (the counter grows by one digit at most): still within 1.2's limit.
    expect(cmi.suspend_data.length).toBeLessThanOrEqual(R.suspendDataMax);
    expect(decodeState(cmi.suspend_data, course)!.survey.answers).toEqual(worstCaseState(course).survey.answers);
    // The state's best score (66.67) is restated on launch, graded against the course's 80.
    expect(cmi.core.score.raw).toBe('66.67');
    expect(cmi.core.lesson_status).toBe('failed');
    await expectAllAccepted(page);
    await context.close();
  });
});
