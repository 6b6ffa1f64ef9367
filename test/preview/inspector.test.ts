/**
 * The preview LMS in Chromium: a built package played against scorm-again, with the
 * inspector listing what the course sends, the interactions, the Moodle profile, the
 * simulated commit failure, and the LMS data kept across relaunches and page reloads.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Frame, Page } from 'playwright-core';
import { buildCourse } from '../../build/index.ts';
import { distSource } from '../../build/preview/packages.ts';
import { startPreview, type PreviewServer } from '../../build/preview/server.ts';
import { launchBrowser, newContext, previewCourseFrame as courseFrame } from '../browser/harness/browser.ts';
import { fixtureCopy } from '../support/fixture.ts';
import { scaled } from '../support/time-scale.ts';

let browser: Browser;
let server: PreviewServer;
let stateDir: string;
let tmp: string;
let content: string;

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'preview-test-'));
  const dist = path.join(tmp, 'dist');
  stateDir = path.join(tmp, 'state');
  content = fixtureCopy('minimal');
  const result = await buildCourse({ contentDir: content, outDir: dist, targets: ['scorm2004'] });
  expect(result.ok).toBe(true);
  [server, browser] = await Promise.all([startPreview({ source: distSource(dist), stateDir }), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  for (const d of [tmp, content]) if (d) fs.rmSync(d, { recursive: true, force: true });
});

async function openPreview(page: Page, pkg = 'scorm2004/en'): Promise<Frame> {
  await page.goto(`${server.origin}/`);
  await page.waitForSelector(`#package option[value="${pkg}"]`, { state: 'attached' });
  if ((await page.inputValue('#package')) !== pkg) await page.selectOption('#package', pkg);
  return courseFrame(page);
}


/** The rows of the call list as [call, element, value, result, error]. */
function callRows(page: Page): Promise<string[][]> {
  return page.$$eval('#calls-body tr:not(.marker)', (rows) => rows.map((r) => [...r.querySelectorAll('td')].slice(2).map((td) => td.textContent ?? '')));
}

const interactionRows = (page: Page) =>
  page.$$eval('#interactions-body tr', (rows) => rows.map((r) => [...r.querySelectorAll('td')].slice(1).map((td) => td.textContent ?? '')));

describe('preview LMS with the data inspector', { timeout: scaled(60_000) }, () => {
  it('lists every SetValue as the learner answers the survey and moves through a slide, and fills the interactions table', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const frame = await openPreview(page);
    expect(await frame.textContent('main h1')).toBe('Test course');
    await frame.click('#start');
    await frame.waitForSelector('.survey-screen');
    await frame.click('input[name="aw_know"][value="s3"]');
    await frame.fill('textarea[name="fx_comment"]', 'More training, please');
    await frame.click('#submit-survey');
    await frame.waitForSelector('.lesson-screen');
    expect(await frame.textContent('main h1')).toBe('Two questions');
    await frame.click('#next');
    await frame.waitForFunction(() => document.querySelector('main h1')?.textContent === 'The policy of our company');

    await page.waitForFunction(() => [...document.querySelectorAll('#calls-body td')].some((td) => td.textContent === 'lesson.basics.policy'));
    const calls = await callRows(page);
    const set = (element: string) => calls.filter((c) => c[0] === 'SetValue' && c[1] === element).map((c) => [c[2], c[3]]);
    expect(calls[0]).toEqual(['Initialize', '', '', 'true', '']);
    expect(set('cmi.interactions.0.id')).toEqual([['survey.aw_know', 'true']]);
    expect(set('cmi.interactions.0.type')).toEqual([['likert', 'true']]);
    expect(set('cmi.interactions.0.learner_response')).toEqual([['s3', 'true']]);
    expect(set('cmi.interactions.1.learner_response')).toEqual([['More training, please', 'true']]);
    expect([...new Set(set('cmi.location').map((v) => v[0]))]).toEqual(['title', 'survey', 'lesson.basics.two_views', 'lesson.basics.policy']);
    expect(calls.filter((c) => c[0] === 'Commit').every((c) => c[3] === 'true')).toBe(true);
    expect(calls.filter((c) => c[4] !== '')).toEqual([]);

    await page.waitForFunction(() => document.querySelectorAll('#interactions-body tr').length === 2);
    expect(await interactionRows(page)).toEqual([
      ['survey.aw_know', 'likert', 's3', 'neutral'],
      ['survey.fx_comment', 'fill-in', 'More training, please', 'neutral'],
    ]);
    expect(await page.textContent('#moodle-status')).toMatch(/^Clean: Moodle accepts all \d+ values sent so far\.$/);
    expect(await page.$$('#moodle-problems li')).toHaveLength(0);
    const suspend = (await page.textContent('#suspend-size'))!;
    expect(suspend).toMatch(/SCORM 1\.2: \d+ \/ 4,096/);
    expect(suspend).toMatch(/SCORM 2004: \d+ \/ 64,000/);
    expect(await page.textContent('#cmi-tree')).toContain('location: lesson.basics.policy');
    await context.close();
  });

  it('shows a refused Commit with its error while commit failure is on, and the commit that gets through after', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(`${server.origin}/`);
    await page.click('#reset');
    const frame = await courseFrame(page);
    await frame.click('#start');
    await frame.waitForSelector('.survey-screen');
    await page.click('#fail-commits');
    expect(await page.getAttribute('#fail-commits', 'aria-pressed')).toBe('true');
    await frame.click('input[name="aw_know"][value="s1"]');
    await frame.click('#submit-survey');
    const refused = page.locator('#calls-body tr.rejected[data-call="Commit"]').first();
    await refused.waitFor();
    expect(await refused.locator('td').nth(5).textContent()).toBe('false');
    expect(await refused.locator('td').nth(6).textContent()).toBe('391 General Commit Failure (simulated)');
    expect(await page.textContent('#call-count')).toMatch(/\d+ calls, [1-9]\d* refused/);

    await page.click('#fail-commits');
    // The player retries on its own (after 1 s, then 2 s…): the next Commit goes through.
    await page.waitForFunction(() => {
      const commits = [...document.querySelectorAll('#calls-body tr[data-call="Commit"]')];
      return commits.length > 0 && !commits[commits.length - 1]!.classList.contains('rejected');
    }, null, { timeout: scaled(15_000) });
    await context.close();
  });

  it('keeps the LMS data across a relaunch and a reload of the page, and starts over on reset', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(`${server.origin}/`);
    await page.click('#reset');
    let frame = await courseFrame(page);
    await frame.click('#start');
    await frame.click('input[name="aw_know"][value="s2"]');
    await frame.click('#submit-survey');
    await frame.waitForSelector('.lesson-screen');
    await frame.click('#next');
    await frame.waitForFunction(() => document.querySelector('main h1')?.textContent === 'The policy of our company');

    // Closing the window mid-course: the course terminates on pagehide, the LMS keeps its data.
    await page.click('#close-window');
    expect(await page.$('#course-frame')).toBeNull();
    const last = await page.waitForSelector('#calls-body tr[data-call="Terminate"]');
    expect(await last.$eval('td:nth-child(6)', (td) => td.textContent)).toBe('true');
    const stored = () => JSON.parse(fs.readFileSync(path.join(stateDir, 'scorm2004-en.json'), 'utf8')).cmi;
    await expect.poll(() => stored().location).toBe('lesson.basics.policy');
    expect(stored().exit).toBe('suspend');

    await page.click('#relaunch');
    frame = await courseFrame(page);
    expect(await frame.textContent('main h1')).toBe('The policy of our company');

    await page.reload();
    frame = await courseFrame(page);
    expect(await frame.textContent('main h1')).toBe('The policy of our company');
    expect(await page.textContent('#attempt-info')).toMatch(/^Attempt 1 · LMS data stored/);

    await page.click('#new-attempt');
    frame = await courseFrame(page);
    expect(await frame.textContent('main h1')).toBe('Test course');
    expect(await page.textContent('#attempt-info')).toMatch(/^Attempt 2/);

    await page.click('#reset');
    frame = await courseFrame(page);
    expect(await frame.textContent('main h1')).toBe('Test course');
    expect(await page.textContent('#attempt-info')).toMatch(/^Attempt 1/);
    await context.close();
  });

  it('makes every call as slow as asked while the slow LMS is on', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await openPreview(page);
    await page.fill('#slow-ms', '120');
    await page.click('#slow');
    expect(await page.getAttribute('#slow', 'aria-pressed')).toBe('true');
    await page.click('#relaunch');
    await courseFrame(page);
    await page.waitForFunction(() => document.querySelectorAll('#calls-body tr.marker').length >= 3 && document.querySelector('#calls-body tr:last-child[data-call="Commit"]'));
    // The ms column of the calls after the last relaunch: each at least 120 ms after the one before.
    const times = await page.$$eval('#calls-body tr', (rows) => {
      const after = rows.slice(rows.map((r) => r.classList.contains('marker')).lastIndexOf(true) + 1);
      return after.map((r) => Number(r.querySelector('td:nth-child(2)')!.textContent));
    });
    expect(times.length).toBeGreaterThan(3);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(118);
    await context.close();
  });

  it('flags a value Moodle would refuse although the standard (and scorm-again) accept it', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await openPreview(page);
    const results = await page.evaluate(() => {
      const api = (window as any).API_1484_11;
      const n = api.GetValue('cmi.interactions._count');
      return [api.SetValue(`cmi.interactions.${n}.id`, 'test.a1.設問'), api.SetValue(`cmi.interactions.${n}.type`, 'choice'), api.SetValue(`cmi.interactions.${n}.learner_response`, 'これ')];
    });
    expect(results).toEqual(['true', 'true', 'true']);
    await page.waitForFunction(() => document.querySelectorAll('#moodle-problems li').length === 2);
    expect(await page.textContent('#moodle-status')).toMatch(/^2 value\(s\) Moodle would refuse/);
    const problems = await page.$$eval('#moodle-problems li', (lis) => lis.map((li) => li.textContent));
    expect(problems[0]).toMatch(/^cmi\.interactions\.\d+\.id = "test\.a1\.設問"contains "設" "問"; use only A-Z, a-z, 0-9, _ and \./);
    expect(problems[1]).toMatch(/^cmi\.interactions\.\d+\.learner_response = "これ""これ" is not a short ASCII identifier/);
    expect(await page.$$('#calls-body tr.moodle-flag')).toHaveLength(2);
    await context.close();
  });
});
