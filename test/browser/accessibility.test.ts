/**
 * Accessibility stays at zero: axe-core finds no WCAG 2.2 A/AA violation on any screen of the
 * real course's SCORM 2004 package, at phone (320, 390 px) and desktop (1280 px) widths, as a
 * keyboard learner walks through it. axe runs inside the course frame, under the package's own
 * Content-Security-Policy, loaded from node_modules (no network).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Result } from 'axe-core';
import type { Browser, Frame } from 'playwright-core';
import { runAxe } from './harness/axe.ts';
import type { BuiltPackage } from './harness/package.ts';
import { closeCoursePackage, newContext, openCoursePackage, openInLms, press } from './harness/browser.ts';
import { answerFor, answerSurvey, readSlides, takeTest } from './harness/learner.ts';
import type { StaticServer } from './harness/server.ts';
import { scaled } from '../support/time-scale.ts';


let pkg: BuiltPackage;
let server: StaticServer;
let browser: Browser;

beforeAll(async () => {
  ({ pkg, server, browser } = await openCoursePackage('ja'));
});

afterAll(() => closeCoursePackage({ pkg, server, browser }));

/** A violation as a person fixing it needs it: the rule, how bad, and where. */
interface Finding {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

const findings = (violations: Result[]): Finding[] =>
  violations.map((v) => ({ id: v.id, impact: v.impact ?? 'unknown', help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));

/** axe on the course frame; it must have looked at the course, not at the LMS page around it. */
async function axe(frame: Frame): Promise<Finding[]> {
  const results = await runAxe(frame);
  expect(results.url).toBe(`${server.origin}/pkg/index.html`);
  return findings(results.violations);
}

const widths = [
  { width: 320, height: 640 },
  { width: 390, height: 844 },
  { width: 1280, height: 800 },
];

describe('accessibility of every screen (axe-core, WCAG 2.2 AA)', { timeout: scaled(180_000) }, () => {
  for (const { width, height } of widths) {
    it(`finds no violation on any screen at ${width} px`, async () => {
      const context = await newContext(browser, width, height);
      const page = await context.newPage();
      const frame = await openInLms(page, server.origin);
      const course = pkg.course;
      const seen: string[] = [];
      const check = async (screen: string) => {
        seen.push(screen);
        const found = await axe(frame);
        for (const f of found) console.log(`axe ${width} px, ${screen}: ${f.id} (${f.impact}) ${f.help}\n  ${f.targets.join('\n  ')}`);
        expect.soft(found, `${screen} at ${width} px`).toEqual([]);
      };
      const sideColumn = await frame.isHidden('.toc-toggle');

      await check('title');
      await press(frame, '#start', 'Enter');
      await frame.waitForSelector('.survey-screen');
      await check('survey');
      await answerSurvey(frame, course);

      // The slide with a table (the richest), transcript closed, then open.
      const tableLesson = course.lessons.findIndex((l) => l.slides.some((s) => s.html.includes('<table')));
      const before = course.lessons.slice(0, Math.max(0, tableLesson)).reduce((n, l) => n + l.slides.length, 0);
      const tableSlide = tableLesson < 0 ? 0 : course.lessons[tableLesson]!.slides.findIndex((s) => s.html.includes('<table'));
      await readSlides(frame, before + tableSlide + 1);
      expect(await frame.getAttribute('.transcript-toggle', 'aria-expanded')).toBe('false');
      await check('lesson slide');
      await press(frame, '.transcript-toggle', 'Enter');
      expect(await frame.isVisible('#transcript')).toBe(true);
      await check('lesson slide, transcript open');

      // Contents: a side column on wide screens (checked with the slide), a panel on phones.
      expect(sideColumn).toBe(width >= 960);
      if (!sideColumn) {
        await press(frame, '.toc-toggle', 'Enter');
        expect(await frame.isVisible('#toc')).toBe(true);
        await check('table of contents');
        await frame.page().keyboard.press('Escape');
        expect(await frame.isVisible('#toc')).toBe(false);
      }

      await readSlides(frame);
      await press(frame, '#start-test', 'Enter');
      await frame.waitForSelector('.question-screen #check');
      await check('test question');
      // A wrong answer: the feedback shows the learner's choice and the right one.
      const name = (await frame.getAttribute('.choices input', 'name'))!;
      const q = course.test.questions.find((x) => `q-${x.id}` === name)!;
      for (const id of answerFor(q, false)) await press(frame, `.choices input[value="${id}"]`, 'Space');
      await press(frame, '#check', 'Enter');
      await frame.waitForSelector('.feedback.ng');
      await check('test question with feedback');

      await frame.waitForFunction(() => document.activeElement?.id === 'next-question');
      await frame.page().keyboard.press('Enter');
      await takeTest(frame, course, []);
      await frame.waitForSelector('#to-results');
      await check('test result');
      await press(frame, '#to-results', 'Enter');
      await frame.waitForSelector('.results-screen');
      await check('results');

      expect(seen).toHaveLength(sideColumn ? 8 : 9);
      await context.close();
    });
  }
});
