/**
 * Moodle shows the course in a frame of a page taller than the window, with its "Exit activity"
 * button above the frame. Moving focus to a new screen's heading must not scroll that page: the
 * player moves focus inside its frame only (seen in Moodle 4.5, where each screen change scrolled
 * the button half out of view).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Frame, Page } from 'playwright-core';
import type { PlayerCourse } from '../../player/spec/course-data.ts';
import { encodeState, initialState } from '../../player/state.ts';
import { closeCoursePackage, newContext, openCoursePackage } from './harness/browser.ts';
import { openCourse } from './harness/faults.ts';
import { answerFor } from './harness/learner.ts';
import type { BuiltPackage } from './harness/package.ts';
import type { StaticServer } from './harness/server.ts';
import { scaled } from '../support/time-scale.ts';

let pkg: BuiltPackage;
let server: StaticServer;
let browser: Browser;

beforeAll(async () => {
  ({ pkg, server, browser } = await openCoursePackage('ja'));
});

afterAll(() => closeCoursePackage({ pkg, server, browser }));

/** Focuses a control without scrolling anything, as a learner tabbing to it would not scroll the LMS page, then presses a key. */
async function pressQuietly(frame: Frame, selector: string, key: string): Promise<void> {
  await frame.$eval(selector, (e) => (e as HTMLElement).focus({ preventScroll: true }));
  await frame.page().keyboard.press(key);
}

const parentScroll = (page: Page) => page.evaluate(() => window.scrollY);

/** Waits for the next screen: a new heading with focus on it. */
async function nextScreen(frame: Frame, before: string): Promise<string> {
  await frame.waitForFunction((b) => {
    const h = document.querySelector('main h1');
    return !!h && h.textContent !== b && (document.activeElement === h || document.activeElement?.id === 'next-question');
  }, before);
  return (await frame.textContent('main h1')) ?? '';
}

describe('the course in a frame of a tall LMS page', { timeout: scaled(120_000) }, () => {
  it('moves focus on every screen change without scrolling the LMS page', async () => {
    const course: PlayerCourse = pkg.course;
    const s = initialState();
    s.survey.done = true;
    const context = await newContext(browser);
    const page = await context.newPage();
    const frame = await openCourse('scorm2004', page, server.origin, { learner_id: 'learner-0001', suspend_data: encodeState(s), entry: 'resume' }, { tall: true });
    // The learner has scrolled the LMS page so that the top of the frame is out of view.
    await page.evaluate(() => window.scrollTo(0, 900));
    const scrolled = await parentScroll(page);
    expect(scrolled).toBe(900);

    const seen: number[] = [];
    let title = (await frame.textContent('main h1')) ?? '';
    await pressQuietly(frame, '#start', 'Enter');
    title = await nextScreen(frame, title);
    seen.push(await parentScroll(page));
    for (let i = 0; i < 3; i++) {
      await pressQuietly(frame, '#next', 'Enter');
      title = await nextScreen(frame, title);
      seen.push(await parentScroll(page));
    }
    // Through the contents (beside the screen at this width) to the second lesson.
    await pressQuietly(frame, '.toc-list > li:nth-child(2) > ol > li:nth-child(2) .toc-item', 'Enter');
    title = await nextScreen(frame, title);
    seen.push(await parentScroll(page));
    expect(seen).toEqual(seen.map(() => scrolled));
    await context.close();
  });

  it('moves focus to "next question" after an answer without scrolling the LMS page', async () => {
    const course: PlayerCourse = pkg.course;
    const s = initialState();
    s.survey.done = true;
    for (const l of course.lessons) s.seen[l.id] = l.slides.length;
    s.place = { screen: 'test' };
    const context = await newContext(browser);
    const page = await context.newPage();
    const frame = await openCourse('scorm2004', page, server.origin, { learner_id: 'learner-0001', suspend_data: encodeState(s), location: 'test', entry: 'resume' }, { tall: true });
    await page.evaluate(() => window.scrollTo(0, 900));
    await pressQuietly(frame, '#start-test', 'Enter');
    await frame.waitForSelector('.question-screen');
    const seen: number[] = [await parentScroll(page)];
    for (let i = 0; i < 3; i++) {
      const name = (await frame.getAttribute('.choices input', 'name'))!;
      const q = course.test.questions.find((x) => `q-${x.id}` === name)!;
      for (const id of answerFor(q, true)) await frame.$eval(`input[value="${id}"]`, (e) => ((e as HTMLInputElement).checked = true));
      await pressQuietly(frame, '#check', 'Enter');
      await frame.waitForFunction(() => document.activeElement?.id === 'next-question');
      seen.push(await parentScroll(page));
      const title = (await frame.textContent('main h1')) ?? '';
      await page.keyboard.press('Enter');
      await nextScreen(frame, title);
      seen.push(await parentScroll(page));
    }
    expect(seen).toEqual(seen.map(() => 900));
    await context.close();
  });
});
