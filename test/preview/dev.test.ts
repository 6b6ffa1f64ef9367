/**
 * Watch mode in Chromium: a saved lesson shows in the page on the same slide; a broken
 * source puts an overlay with its file, line and hint over the last good build; fixing it
 * clears the overlay. Works on copies of the fixture course and of the player.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Frame, Page } from 'playwright-core';
import { startDev, type DevServer } from '../../build/dev.ts';
import { launchBrowser, newContext, previewCourseFrame as courseFrame } from '../browser/harness/browser.ts';
import { fixtureCopy, lineOf, projectRoot } from '../support/fixture.ts';
import { scaled } from '../support/time-scale.ts';

let browser: Browser;
let dev: DevServer;
let content: string;
let player: string;
let lesson: string;
let original: string;
let stateDir: string;

beforeAll(async () => {
  content = fixtureCopy('minimal');
  player = fs.mkdtempSync(path.join(os.tmpdir(), 'dev-player-'));
  fs.cpSync(path.join(projectRoot, 'player'), player, { recursive: true });
  lesson = path.join(content, 'lessons/en/01-basics.md');
  original = fs.readFileSync(lesson, 'utf8');
  stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dev-state-'));
  [dev, browser] = await Promise.all([startDev({ contentDir: content, playerDir: player, stateDir }), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await dev?.close();
  for (const d of [content, player, stateDir]) if (d) fs.rmSync(d, { recursive: true, force: true });
});


/** Waits for the page to record a relaunch after the `before`th. */
async function nextLaunch(page: Page, before: number): Promise<void> {
  await page.waitForFunction((n) => (window as any).previewTrace.launches.length > n, before, { timeout: scaled(10_000) });
}

const launches = (page: Page): Promise<number> => page.evaluate(() => (window as any).previewTrace.launches.length);

describe('npm run dev', { timeout: scaled(60_000) }, () => {
  it('shows a saved lesson edit on the same slide, shows a broken edit as an overlay, and clears it when fixed', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(`${dev.origin}/`);
    await page.waitForSelector('#package option[value="scorm2004/en"]', { state: 'attached' });
    await page.selectOption('#package', 'scorm2004/en');
    let frame = await courseFrame(page);
    expect(await page.isVisible('.dev-badge')).toBe(true);
    await frame.click('#start');
    await frame.click('input[name="aw_know"][value="s2"]');
    await frame.click('#submit-survey');
    await frame.waitForSelector('.lesson-screen');
    await frame.click('#next');
    await frame.waitForFunction(() => document.querySelector('main h1')?.textContent === 'The policy of our company');

    // A saved edit: the page relaunches on the same slide with the new text. How fast is the
    // bench's to measure (bench/watch.ts), not a test's.
    for (let i = 1; i <= 3; i++) {
      const n = await launches(page);
      fs.writeFileSync(lesson, original.replace('> Case: a long phone call with repeated demands.', `> Case ${i}: a call that would not end.`));
      await nextLaunch(page, n);
      frame = await courseFrame(page);
      expect(await frame.textContent('main h1')).toBe('The policy of our company');
      expect((await frame.textContent('blockquote'))?.trim()).toBe(`Case ${i}: a call that would not end.`);
    }

    // A broken edit: the overlay names the file, line and hint; the course keeps the last good build.
    fs.writeFileSync(lesson, original.replace('::: narration\nAt {{org.companyName}} nobody handles this alone.\n:::\n', ''));
    await page.waitForSelector('#overlay:not([hidden])');
    const line = lineOf(lesson, '## The policy of');
    const where = await page.textContent('#overlay .where');
    expect(where).toBe(`error [MissingNarration] ${lesson}:${line}:1`);
    expect(await page.textContent('#overlay pre')).toContain(`${line} | ## The policy of {{org.companyName}} {#policy}`);
    expect(await page.textContent('#overlay .hint')).toBe('hint: Add a `::: narration` … `:::` block with the text read aloud for this slide.');
    expect((await (await courseFrame(page)).textContent('blockquote'))?.trim()).toBe('Case 3: a call that would not end.');

    // Fixed: the overlay goes, the course comes back with the fix.
    const n = await launches(page);
    fs.writeFileSync(lesson, original);
    await nextLaunch(page, n);
    expect(await page.isHidden('#overlay')).toBe(true);
    frame = await courseFrame(page);
    expect(await frame.textContent('main h1')).toBe('The policy of our company');
    expect((await frame.textContent('blockquote'))?.trim()).toBe('Case: a long phone call with repeated demands.');
    await context.close();
  });

  it('rebundles only the player for a player change, and shows a compile error at its place', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(`${dev.origin}/`);
    await courseFrame(page);
    const parsed = dev.builder.cache.parsed;
    const file = path.join(player, 'screens', 'title.ts');
    const source = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, source.replace("h('h1', null, course.title),", "h('h1', null, course.title +),"));
    await page.waitForSelector('#overlay:not([hidden])');
    expect(await page.textContent('#overlay .where')).toBe(`error [PlayerBuildFailed] ${file}:${lineOf(file, 'course.title +')}:${"    h('h1', null, course.title +".length + 1}`);
    expect(await page.textContent('#overlay .hint')).toContain('the player is bundled with esbuild');

    const n = await launches(page);
    fs.writeFileSync(file, source.replace("h('h1', null, course.title),", "h('h1', null, `${course.title} (dev)`),"));
    await nextLaunch(page, n);
    expect(await page.isHidden('#overlay')).toBe(true);
    expect(await (await courseFrame(page)).textContent('main h1')).toMatch(/ \(dev\)$/);
    // No source file was parsed again for a player change.
    expect(dev.builder.cache.parsed).toBe(parsed);
    fs.writeFileSync(file, source);
    await context.close();
  });
});
