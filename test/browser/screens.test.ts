/**
 * Every screen at phone and desktop widths: nothing wider than the screen (no sideways
 * scrolling at 320 px), focus lands on the heading, and screenshots for a human to look at
 * in .tmp/screenshots/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Frame, Page } from 'playwright-core';
import { buildPackage, projectRoot, type BuiltPackage } from './harness/package.ts';
import { launchBrowser, newContext, openInLms, press, serveCourse } from './harness/browser.ts';
import { answerFor, answerSurvey, readSlides } from './harness/learner.ts';
import type { StaticServer } from './harness/server.ts';
import { scaled } from '../support/time-scale.ts';

const shots = join(projectRoot, '.tmp/screenshots');
let pkg: BuiltPackage;
let server: StaticServer;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  pkg = await buildPackage('ja');
  [server, browser] = await Promise.all([serveCourse(pkg.dir), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  pkg?.cleanup();
});

/** Widest element sticking out of the course frame, if any. */
async function overflow(frame: Frame): Promise<string | null> {
  return frame.evaluate(() => {
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth <= width) return null;
    const culprit = Array.from(document.querySelectorAll<HTMLElement>('body *')).find((e) => e.getBoundingClientRect().right > width + 1 && !e.closest('.table-wrap'));
    return `${document.documentElement.scrollWidth} > ${width}: ${culprit?.outerHTML.slice(0, 120)}`;
  });
}

/** Screenshot of the whole course page: the harness frame grows to the content's height. */
async function shoot(page: Page, frame: Frame, name: string): Promise<void> {
  const height = await frame.evaluate(() => document.documentElement.scrollHeight);
  await page.evaluate((h) => ((document.querySelector('iframe') as HTMLIFrameElement).style.height = `${h}px`), height);
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
  await page.evaluate(() => ((document.querySelector('iframe') as HTMLIFrameElement).style.height = ''));
}

async function focusedIsHeading(frame: Frame): Promise<boolean> {
  return frame.evaluate(() => document.activeElement === document.querySelector('main h1'));
}

const sizes = [
  { name: 'phone', width: 360, height: 740 },
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'narrow', width: 320, height: 640 },
];

describe('screens', { timeout: scaled(120_000) }, () => {
  for (const size of sizes) {
    it(`fit a ${size.width} px wide screen without sideways scrolling (${size.name})`, async () => {
      const context = await newContext(browser, size.width, size.height);
      const page = await context.newPage();
      const frame = await openInLms(page, server.origin);
      const course = pkg.course;
      const check = async (screen: string) => {
        expect(await overflow(frame), screen).toBeNull();
        if (size.name !== 'narrow') await shoot(page, frame, `${size.name}-${screen}`);
      };

      await check('1-title');
      await press(frame, '#start', 'Enter');
      await frame.waitForSelector('.survey-screen');
      expect(await focusedIsHeading(frame)).toBe(true);
      await check('2-survey');
      await answerSurvey(frame, course);

      // A slide with a table, transcript open.
      const tableLesson = course.lessons.findIndex((l) => l.slides.some((s) => s.html.includes('<table')));
      const before = course.lessons.slice(0, Math.max(0, tableLesson)).reduce((n, l) => n + l.slides.length, 0);
      const tableSlide = tableLesson < 0 ? 0 : course.lessons[tableLesson]!.slides.findIndex((s) => s.html.includes('<table'));
      await readSlides(frame, before + tableSlide + 1);
      await press(frame, '.transcript-toggle', 'Enter');
      expect(await frame.getAttribute('.transcript-toggle', 'aria-expanded')).toBe('true');
      expect(await frame.isVisible('#transcript')).toBe(true);
      await check('3-slide-transcript');
      if (size.name !== 'desktop') {
        await press(frame, '.toc-toggle', 'Enter');
        expect(await frame.isVisible('#toc')).toBe(true);
        await check('4-contents');
        await frame.page().keyboard.press('Escape');
        expect(await frame.isVisible('#toc')).toBe(false);
      }

      await readSlides(frame);
      await press(frame, '#start-test', 'Enter');
      await frame.waitForSelector('#check');
      // A wrong answer, so that the screen shows both the learner's choice and the right one.
      const name = (await frame.getAttribute('.choices input', 'name'))!;
      const q = course.test.questions.find((x) => `q-${x.id}` === name)!;
      for (const id of answerFor(q, false)) await press(frame, `.choices input[value="${id}"]`, 'Space');
      await press(frame, '#check', 'Enter');
      await frame.waitForSelector('.feedback.ng');
      await check('5-question-feedback');

      // Results (reachable from the contents at any time).
      if (size.name !== 'desktop') await press(frame, '.toc-toggle', 'Enter');
      await press(frame, '.toc-list > li:last-child .toc-item', 'Enter');
      await frame.waitForSelector('.results-screen');
      await check('6-results');

      // Exit: the finished screen, the contents gone.
      await press(frame, '#exit', 'Enter');
      await frame.waitForSelector('.finished-screen');
      expect(await focusedIsHeading(frame)).toBe(true);
      await check('7-finished');
      await context.close();
    });
  }
});
