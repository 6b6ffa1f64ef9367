/**
 * The package makes no request outside itself, in an LMS frame or opened directly; without an
 * LMS it says so and keeps the learner's state in this browser.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Request } from 'playwright-core';
import type { BuiltPackage } from './harness/package.ts';
import { closeCoursePackage, newContext, openCoursePackage, openInLms, press } from './harness/browser.ts';
import { answerSurvey, readSlides } from './harness/learner.ts';
import type { StaticServer } from './harness/server.ts';
import { scaled } from '../support/time-scale.ts';

let pkg: BuiltPackage;
let server: StaticServer;
let browser: Browser;

beforeAll(async () => {
  ({ pkg, server, browser } = await openCoursePackage('ja'));
});

afterAll(() => closeCoursePackage({ pkg, server, browser }));

describe('the package on its own', { timeout: scaled(120_000) }, () => {
  it('requests nothing outside the package, and every request it makes succeeds', async () => {
    const context = await newContext(browser, 360, 740);
    const requests: Request[] = [];
    const failed: string[] = [];
    context.on('request', (r) => requests.push(r));
    context.on('requestfailed', (r) => failed.push(`${r.url()} ${r.failure()?.errorText}`));
    const page = await context.newPage();
    const frame = await openInLms(page, server.origin);
    await press(frame, '#start', 'Enter');
    await frame.waitForSelector('.survey-screen');
    await answerSurvey(frame, pkg.course);
    await readSlides(frame, 4);
    await press(frame, '.transcript-toggle', 'Enter');
    await press(frame, '.toc-toggle', 'Enter');
    // And opened directly, without an LMS.
    const direct = await context.newPage();
    await direct.goto(`${server.origin}/pkg/index.html`);
    await direct.waitForSelector('main h1');
    await direct.waitForTimeout(300);

    const fromCourse = requests.filter((r) => r.frame() === frame || r.frame().page() === direct).map((r) => r.url());
    expect(fromCourse.length).toBeGreaterThan(0);
    for (const url of fromCourse) expect(url.startsWith(`${server.origin}/pkg/`), url).toBe(true);
    for (const r of requests) expect(r.url().startsWith(`${server.origin}/`), r.url()).toBe(true);
    expect(failed).toEqual([]);
    expect(server.log.filter((l) => l.status !== 200)).toEqual([]);
    // Only files that are in the zip.
    for (const url of fromCourse) expect(pkg.entries).toContain(new URL(url).pathname.replace('/pkg/', ''));
    await context.close();
  });

  it('without an LMS, says progress stays in this browser and keeps it across a reload', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${server.origin}/pkg/index.html`);
    await page.waitForSelector('.title-screen');
    expect(await page.textContent('.title-screen .notice')).toBe(pkg.course.ui.standaloneNotice);
    expect(await page.textContent('.bar .badge')).toBe(pkg.course.ui.standaloneBadge);

    await press(page.mainFrame(), '#start', 'Enter');
    await page.waitForSelector('.survey-screen');
    const survey = await answerSurvey(page.mainFrame(), pkg.course);
    await readSlides(page.mainFrame(), 3);
    const title = await page.textContent('main h1');

    await page.reload();
    await page.waitForSelector('main h1');
    expect(await page.textContent('main h1')).toBe(title);
    expect(await page.textContent('.bar .badge')).toBe(pkg.course.ui.standaloneBadge);
    await press(page.mainFrame(), '.toc-list > li:first-child .toc-item', 'Enter');
    await page.waitForSelector('.survey-screen');
    const first = pkg.course.survey.items[0]!;
    expect(await page.$eval(`input[name="${first.id}"]:checked`, (e) => (e as HTMLInputElement).value)).toBe(survey[first.id]);
    const keys = await page.evaluate(() => Object.keys(localStorage));
    // One copy per course, language and package URL, whoever the learner: the next launch from
    // an LMS finds it and sends what it holds.
    expect(keys).toEqual([`scorm-player:${pkg.course.id}:${pkg.course.lang}@/pkg/index.html`]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('keeps survey answers typed before submitting across a reload', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(`${server.origin}/pkg/index.html`);
    await press(page.mainFrame(), '#start', 'Enter');
    await page.waitForSelector('.survey-screen');
    const given = await answerSurvey(page.mainFrame(), pkg.course, false);
    await page.waitForTimeout(700); // free text is saved once typing pauses
    await page.reload();
    await page.waitForSelector('.survey-screen');
    for (const [id, value] of Object.entries(given)) {
      const sel = `[name="${id}"]`;
      const v = await page.$eval(`input${sel}:checked, textarea${sel}`, (e) => (e as HTMLInputElement).value);
      expect(v).toBe(value);
    }
    await context.close();
  });

  it('lists the unanswered required survey items, moves focus to the list, and submits nothing', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(`${server.origin}/pkg/index.html`);
    await press(page.mainFrame(), '#start', 'Enter');
    await page.waitForSelector('.survey-screen');
    const first = pkg.course.survey.items[0]!;
    await press(page.mainFrame(), `input[name="${first.id}"]`, 'Space');
    await press(page.mainFrame(), '#submit-survey', 'Enter');
    await page.waitForSelector('.error-summary:not([hidden])');
    expect(await page.evaluate(() => document.activeElement?.className)).toBe('error-summary');
    const required = pkg.course.survey.items.filter((i) => i.required && i.id !== first.id);
    expect(await page.$$eval('.error-summary li', (els) => els.map((e) => e.textContent))).toEqual(required.map((i) => i.text));
    expect(await page.$$eval('.field-error:not([hidden])', (els) => els.length)).toBe(required.length);
    // The first link takes the learner to the first missing item.
    await press(page.mainFrame(), '.error-summary a', 'Enter');
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).name)).toBe(required[0]!.id);
    expect(await page.$('.lesson-screen')).toBeNull();
    await context.close();
  });
});
