/**
 * Leaving and coming back: the built SCORM 2004 package in an LMS frame (scorm-again) is left
 * half-way, the LMS loses commits, the learner returns; nothing is lost.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { PlayerCourse } from '../../player/spec/course-data.ts';
import { buildPackage, type BuiltPackage } from './harness/package.ts';
import { cmiData, expectNoRejectedCalls, interactionsOf, launchBrowser, lmsLog, newContext, openInLms, press, serveCourse } from './harness/browser.ts';
import { answerSurvey, FREE_TEXT, readSlides, takeTest } from './harness/learner.ts';
import { MOODLE } from './harness/moodle.ts';
import type { StaticServer } from './harness/server.ts';
import { scaled } from '../support/time-scale.ts';

let pkg: BuiltPackage;
let server: StaticServer;
let browser: Browser;
let course: PlayerCourse;

beforeAll(async () => {
  pkg = await buildPackage('ja');
  course = pkg.course;
  [server, browser] = await Promise.all([serveCourse(pkg.dir), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  pkg?.cleanup();
});

describe('SCORM 2004 package: leaving, failing LMS, coming back', { timeout: scaled(120_000) }, () => {
  it('resumes on the same slide with the survey answers and progress intact after pagehide', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    let frame = await openInLms(page, server.origin);
    await press(frame, '#start', 'Enter');
    await frame.waitForSelector('.survey-screen');
    const survey = await answerSurvey(frame, course);
    // Lesson 1 to its end, then into the middle of lesson 2.
    const lesson2 = course.lessons[1]!;
    const middle = Math.floor(lesson2.slides.length / 2);
    await readSlides(frame, course.lessons[0]!.slides.length + middle + 1);
    const title = await frame.textContent('main h1');
    expect(title).toBe(lesson2.slides[middle]!.title);

    // Leaving: the course frame goes away (as when Moodle's page is left); no unload needed.
    await frame.goto('about:blank');
    const saved = (await cmiData(page)).cmi;
    await expectNoRejectedCalls(page);
    expect(saved.exit).toBe('suspend');
    expect(saved.location).toBe(`lesson.${lesson2.id}.${lesson2.slides[middle]!.id}`);
    expect(saved.location.length).toBeLessThanOrEqual(MOODLE.locationMax);
    expect(saved.session_time).toMatch(MOODLE.timespan);
    expect(Number(saved.progress_measure)).toBeGreaterThan(0);
    expect(Number(saved.progress_measure)).toBeLessThan(1);
    expect(saved.completion_status).toBe('incomplete');
    const savedCount = interactionsOf(saved).length;
    expect(savedCount).toBe(course.survey.items.length);
    await context.close();

    // A new browser (no local copy) and a new LMS session loaded with what the LMS kept.
    const context2 = await newContext(browser);
    const page2 = await context2.newPage();
    frame = await openInLms(page2, server.origin, { ...saved, entry: 'resume' });
    expect(await frame.textContent('main h1')).toBe(lesson2.slides[middle]!.title);
    expect(await frame.textContent('.eyebrow')).toBe(lesson2.title);
    expect(await frame.textContent('.slide-count')).toBe(
      course.ui.slideOf!.replace('{n}', String(middle + 1)).replace('{total}', String(lesson2.slides.length)),
    );
    // Progress in the contents: lesson 1 done, lesson 2 part-way.
    const status = await frame.$$eval('.toc-list ol .toc-status', (els) => els.map((e) => e.textContent));
    expect(status[0]).toContain(course.ui.statusDone);
    expect(status[1]).toContain(course.ui.statusInProgress);

    // The survey answers, as given.
    await press(frame, `.toc-list > li:first-child .toc-item`, 'Enter');
    await frame.waitForSelector('.survey-screen');
    for (const [id, value] of Object.entries(survey)) {
      const item = course.survey.items.find((i) => i.id === id)!;
      if (item.type === 'likert') expect(await frame.$eval(`input[name="${id}"]:checked`, (e) => (e as HTMLInputElement).value)).toBe(value);
      else expect(await frame.$eval(`textarea[name="${id}"]`, (e) => (e as HTMLTextAreaElement).value)).toBe(value);
    }
    // New interactions go after the stored ones; nothing is recorded twice.
    const after = (await cmiData(page2)).cmi;
    expect(interactionsOf(after)).toHaveLength(savedCount);
    await expectNoRejectedCalls(page2);
    await context2.close();
  });

  it('keeps trying when the LMS refuses a commit, says so, and recovers', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const frame = await openInLms(page, server.origin);
    await press(frame, '#start', 'Enter');
    await frame.waitForSelector('.survey-screen');
    await page.evaluate(() => ((window as any).lmsLog.failCommits = 2));
    await answerSurvey(frame, course);
    await frame.waitForFunction((text) => document.querySelector('.save-status')?.textContent === text, course.ui.saveRetrying);
    // Backoff 1 s, then 2 s: the third commit goes through.
    await frame.waitForFunction((text) => document.querySelector('.save-status')?.textContent === text, course.ui.saved, { timeout: scaled(10_000) });
    const cmi = (await cmiData(page)).cmi;
    expect(interactionsOf(cmi)).toHaveLength(course.survey.items.length);
    const commits = (await lmsLog(page)).calls.filter(([name]) => name === 'Commit').map((c) => c[3]);
    expect(commits.slice(-3)).toEqual(['false(simulated)', 'false(simulated)', 'true']);
    await expectNoRejectedCalls(page);
    await context.close();
  });

  it('restores the newer local copy when the LMS lost the last commits', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    let frame = await openInLms(page, server.origin);
    await press(frame, '#start', 'Enter');
    await frame.waitForSelector('.survey-screen');
    const before = (await cmiData(page)).cmi; // what the LMS holds before the survey
    // From here on every commit fails, as when the connection is gone until the tab is closed.
    await page.evaluate(() => ((window as any).lmsLog.failCommits = 1000));
    await answerSurvey(frame, course);
    await frame.waitForFunction((text) => document.querySelector('.save-status')?.textContent === text, course.ui.saveRetrying);
    await readSlides(frame, 3);
    const title = await frame.textContent('main h1');

    // Relaunch in the same browser with the LMS's older copy: the local copy is newer.
    frame = await openInLms(page, server.origin, { ...before, entry: 'resume' });
    expect(await frame.textContent('main h1')).toBe(title);
    // The survey answers that never reached this LMS are sent again.
    const cmi = (await cmiData(page)).cmi;
    const ids = interactionsOf(cmi).map((i) => i.id);
    expect(ids).toEqual(course.survey.items.map((i) => `survey.${i.id}`));
    await expectNoRejectedCalls(page);
    await context.close();
  });

  it('finds the API from a window the LMS opened, and commits when that window is hidden', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(`${server.origin}/harness/lms.html`);
    const [popup] = await Promise.all([
      context.waitForEvent('page'),
      page.evaluate((src) => (window as any).startLmsPopup(null, src), `${server.origin}/pkg/index.html`),
    ]);
    await popup.waitForSelector('.title-screen');
    expect(await popup.$('.bar .badge')).toBeNull(); // connected: no "this browser only" badge
    expect((await cmiData(page)).cmi.completion_status).toBe('incomplete');

    const commits = async () => (await lmsLog(page)).calls.filter(([name]) => name === 'Commit').length;
    const before = await commits();
    await popup.evaluate(() => {
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
      document.dispatchEvent(new Event('visibilitychange'));
    });
    expect(await commits()).toBe(before + 1);
    expect((await cmiData(page)).cmi.session_time).toMatch(MOODLE.timespan);

    await popup.close({ runBeforeUnload: false });
    const cmi = (await cmiData(page)).cmi;
    expect(cmi.exit).toBe('suspend');
    expect((await lmsLog(page)).calls.filter(([name]) => name === 'Terminate')).toHaveLength(1);
    await expectNoRejectedCalls(page);
    await context.close();
  });
});
