/**
 * The preview LMS's cmi5 launch side in Chromium: the AU gets its launch parameters, fetches
 * its token, reads LMS.LaunchData, and every request to the preview's LRS is listed; a
 * relaunch continues the registration on the same slide; a failing LRS shows as refused.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Frame, Page } from 'playwright-core';
import { loadCourse } from '../../build/index.ts';
import { distSource } from '../../build/preview/packages.ts';
import { startPreview, type PreviewServer } from '../../build/preview/server.ts';
import { cmi5 } from '../../build/targets/cmi5/index.ts';
import { launchBrowser, newContext, previewCourseFrame as courseFrame } from '../browser/harness/browser.ts';
import { fixtureCopy } from '../support/fixture.ts';
import { packageAssets, targetContext } from '../support/target-context.ts';
import { scaled } from '../support/time-scale.ts';

let browser: Browser;
let server: PreviewServer;
let stateDir: string;
let tmp: string;
let content: string;

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'preview-cmi5-'));
  const dist = path.join(tmp, 'dist');
  stateDir = path.join(tmp, 'state');
  fs.mkdirSync(dist);
  content = fixtureCopy('minimal');
  const { course } = loadCourse(content);
  const files = await cmi5.build(course!, targetContext(course!, 'en', await packageAssets([cmi5.playerEntry!])));
  for (const f of files) fs.writeFileSync(path.join(dist, f.path), f.contents);
  [server, browser] = await Promise.all([startPreview({ source: distSource(dist), stateDir }), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  for (const d of [tmp, content]) if (d) fs.rmSync(d, { recursive: true, force: true });
});


const calls = (page: Page) =>
  page.$$eval('#calls-body tr:not(.marker)', (rows) => rows.map((r) => [...r.querySelectorAll('td')].slice(2).map((td) => td.textContent ?? '')));

describe('preview LMS, cmi5', { timeout: scaled(60_000) }, () => {
  it('launches the AU against the preview LRS, lists its requests and statements, and resumes the registration', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(`${server.origin}/`);
    expect(await page.inputValue('#package')).toBe('cmi5/en');
    let frame = await courseFrame(page);
    const launchUrl = new URL(frame.url());
    expect([...launchUrl.searchParams.keys()].sort()).toEqual(['activityId', 'actor', 'endpoint', 'fetch', 'registration']);
    await frame.click('#start');
    await frame.click('input[name="aw_know"][value="s3"]');
    await frame.click('#submit-survey');
    await frame.waitForSelector('.lesson-screen');
    await frame.click('#next');
    await frame.waitForFunction(() => document.querySelector('main h1')?.textContent === 'The policy of our company');

    await page.waitForFunction(() => document.querySelectorAll('#interactions-body tr').length === 2);
    const rows = await calls(page);
    expect(rows[0]!.slice(0, 2)).toEqual(['GET activities/state', 'LMS.LaunchData']);
    expect(rows[0]![3]).toBe('200');
    expect(rows.filter((r) => r[0] === 'POST statements').map((r) => r[1])).toEqual(expect.arrayContaining(['initialized', 'answered, answered']));
    expect(rows.filter((r) => r[4] !== '')).toEqual([]);
    expect(await page.$$eval('#interactions-body tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].slice(1).map((td) => td.textContent)))).toEqual([
      ['aw_know', 'likert', 's3', 'neutral'],
      ['fx_comment', 'fill-in', '', 'neutral'],
    ]);
    expect(await page.textContent('#moodle-status')).toBe('No Moodle profile for this standard.');
    const lrs = JSON.parse(fs.readFileSync(path.join(stateDir, 'cmi5-en.lrs.json'), 'utf8'));
    expect(lrs.registration).toBe(launchUrl.searchParams.get('registration'));
    expect(lrs.statements.map((s: any) => s.verb.id.replace(/^.*\//, '')).slice(0, 2)).toEqual(['launched', 'initialized']);

    // Relaunch: the same registration, a new session; the AU resumes on the same slide.
    await page.click('#relaunch');
    frame = await courseFrame(page);
    expect(new URL(frame.url()).searchParams.get('registration')).toBe(launchUrl.searchParams.get('registration'));
    expect(await frame.textContent('main h1')).toBe('The policy of our company');

    // The LRS fails: the AU's writes are listed as refused with the status.
    await page.click('#fail-commits');
    await frame.click('#next');
    const refused = page.locator('#calls-body tr.rejected').first();
    await refused.waitFor();
    expect(await refused.locator('td').nth(6).textContent()).toBe('503 Service Unavailable (simulated)');
    await page.click('#fail-commits');

    // A new attempt is a new registration.
    await page.click('#new-attempt');
    frame = await courseFrame(page);
    expect(new URL(frame.url()).searchParams.get('registration')).not.toBe(launchUrl.searchParams.get('registration'));
    expect(await frame.textContent('main h1')).toBe('Test course');
    await context.close();
  });
});
