/**
 * The visual blocks as a learner sees them. The blocks fixture (one slide per block kind, in
 * Japanese and English) is built as a SCORM 2004 package and opened in Chromium at phone
 * (320, 390 px) and desktop (1280 px) widths, and every visual slide is drawn as what it is:
 * nothing sticks out of the page, the steps run across a wide screen and down a phone, the
 * compare cards stand side by side on a wide screen, the bars of a chart have the lengths of
 * their values, the picture keeps its proportions; Japanese lines break between phrases; the
 * page's Content-Security-Policy blocks nothing; and axe-core finds no WCAG 2.2 A/AA violation.
 *
 * BLOCKS_SCREENSHOTS=<folder> also saves each slide at 390 and 1280 px there, to look at.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { unzipSync } from 'fflate';
import type { Browser, Frame } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCourse } from '../../build/index.ts';
import type { PlayerCourse } from '../../player/spec/course-data.ts';
import { fixturesDir } from '../support/fixture.ts';
import { scaled } from '../support/time-scale.ts';
import { axeViolations } from './harness/axe.ts';
import { launchBrowser, newContext, openInLms, press, serveCourse } from './harness/browser.ts';
import { answerSurvey, readSlides } from './harness/learner.ts';
import { embeddedCourse } from './harness/package.ts';
import type { StaticServer } from './harness/server.ts';

const WCAG_22_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** The fixture's visual slides (lessons/<lang>/02-visual.md), in order. */
const visualSlides = ['steps', 'compare', 'case', 'stat_one', 'stat_chart', 'keypoint', 'checklist', 'picture'] as const;
type SlideId = (typeof visualSlides)[number];

const widths = [
  { width: 320, height: 640 },
  { width: 390, height: 844 },
  { width: 1280, height: 800 },
];
const langs = ['ja', 'en'] as const;

interface Served {
  course: PlayerCourse;
  server: StaticServer;
}

let tmp: string;
let browser: Browser;
const served = new Map<string, Served>();
const screenshots = process.env['BLOCKS_SCREENSHOTS'] || null;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'blocks-test-'));
  const outDir = join(tmp, 'dist');
  const result = await buildCourse({ contentDir: join(fixturesDir, 'blocks'), outDir, langs: [...langs], targets: ['scorm2004'] });
  if (!result.ok || !result.course) throw new Error(`the blocks fixture did not build:\n${JSON.stringify(result.diagnostics, null, 1).slice(0, 4000)}`);
  browser = await launchBrowser();
  for (const lang of langs) {
    const dir = join(tmp, lang);
    for (const [name, bytes] of Object.entries(unzipSync(readFileSync(join(outDir, `${result.course.id}-${lang}-scorm2004.zip`))))) {
      if (name.endsWith('/')) continue;
      mkdirSync(dirname(join(dir, name)), { recursive: true });
      writeFileSync(join(dir, name), bytes);
    }
    served.set(lang, { course: embeddedCourse(readFileSync(join(dir, 'index.html'), 'utf8')), server: await serveCourse(dir) });
  }
  if (screenshots) mkdirSync(screenshots, { recursive: true });
}, scaled(180_000));

afterAll(async () => {
  await browser?.close();
  for (const s of served.values()) await s.server.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});


type Box = { left: number; right: number; top: number; bottom: number; width: number; height: number };

/** Boxes of the elements `selector` finds in the slide, in document order. */
function boxes(frame: Frame, selector: string): Promise<Box[]> {
  return frame.$$eval(`.slide-body ${selector}`, (els) =>
    els.map((e) => {
      const r = e.getBoundingClientRect();
      return { left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width, height: r.height };
    }),
  );
}

/** How far the page, or any drawn element of the slide, reaches past the window's right edge (0: nothing does). */
function overflow(frame: Frame): Promise<number> {
  return frame.evaluate(() => {
    const page = document.documentElement.scrollWidth - document.documentElement.clientWidth;
    let worst = 0;
    for (const el of Array.from(document.querySelectorAll('.slide-body *'))) {
      if (el.closest('.visually-hidden')) continue;
      worst = Math.max(worst, el.getBoundingClientRect().right - document.documentElement.clientWidth);
    }
    return Math.max(0, page, Math.ceil(worst));
  });
}

/**
 * Text nodes of the slide between two phrase breaks that the browser split over two lines,
 * though the phrase is narrower than its line: a word broken in the middle (基/礎知識).
 */
function brokenPhrases(frame: Frame, selector: string): Promise<string[]> {
  return frame.evaluate((sel) => {
    const broken: string[] = [];
    for (const root of Array.from(document.querySelectorAll(sel))) {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const text = n.textContent ?? '';
        if (!text.trim() || /\s/.test(text.trim())) continue;
        const range = document.createRange();
        range.selectNodeContents(n);
        const lines = new Set(Array.from(range.getClientRects()).map((r) => Math.round(r.top)));
        const width = range.getBoundingClientRect().width;
        const line = (n.parentElement!.closest('p, li, figcaption, span.vb-step-detail') ?? root).getBoundingClientRect().width;
        if (lines.size > 1 && width < line) broken.push(text);
      }
    }
    return broken;
  }, selector);
}

/** Goes from the survey's end to the first visual slide: the slides before it, one by one. */
async function toFirstVisualSlide(frame: Frame, course: PlayerCourse): Promise<void> {
  const lesson = course.lessons.findIndex((l) => l.id === 'visual');
  const before = course.lessons.slice(0, lesson).reduce((n, l) => n + l.slides.length, 0);
  await readSlides(frame, before + 1);
  expect(await frame.textContent('main h1')).toBe(course.lessons[lesson]!.slides[0]!.title);
}

/** What each slide must look like at this width; the slide is on screen. */
async function checkLayout(frame: Frame, id: SlideId, width: number, lang: string): Promise<void> {
  const wide = width >= 1280;
  switch (id) {
    case 'steps': {
      const marks = await boxes(frame, '.vb-step-mark');
      expect(marks).toHaveLength(6);
      const sameRow = marks.every((m) => Math.abs(m.top - marks[0]!.top) < 1);
      const sameColumn = marks.every((m) => Math.abs(m.left - marks[0]!.left) < 1);
      if (wide) {
        expect(sameRow, 'steps in one row at 1280 px').toBe(true);
        for (let i = 1; i < marks.length; i++) expect(marks[i]!.left).toBeGreaterThan(marks[i - 1]!.right);
      } else {
        expect(sameColumn, `steps in one column at ${width} px`).toBe(true);
        for (let i = 1; i < marks.length; i++) expect(marks[i]!.top).toBeGreaterThan(marks[i - 1]!.bottom);
      }
      // The circle is drawn (a filled disc), its icon inside it.
      const icons = await boxes(frame, '.vb-step-mark svg');
      expect(icons).toHaveLength(6);
      icons.forEach((icon, i) => {
        expect(icon.width).toBeGreaterThan(16);
        expect(icon.left).toBeGreaterThanOrEqual(marks[i]!.left);
        expect(icon.right).toBeLessThanOrEqual(marks[i]!.right);
      });
      break;
    }
    case 'compare': {
      const cols = await boxes(frame, '.vb-column');
      expect(cols).toHaveLength(2);
      if (wide) {
        expect(Math.abs(cols[0]!.top - cols[1]!.top)).toBeLessThan(1);
        expect(cols[1]!.left).toBeGreaterThan(cols[0]!.right);
      } else {
        expect(cols[1]!.top).toBeGreaterThan(cols[0]!.bottom);
      }
      // Legitimate (a check icon) and harassment (an x icon) are told apart, not only by colour.
      const tones = await frame.$$eval('.slide-body .vb-column', (els) => els.map((e) => ({ cls: e.className, edge: getComputedStyle(e).borderTopColor })));
      expect(tones.map((t) => t.cls)).toEqual(['vb-column vb-tone-ok', 'vb-column vb-tone-ng']);
      expect(tones[0]!.edge).not.toBe(tones[1]!.edge);
      break;
    }
    case 'case': {
      const bubbles = await boxes(frame, '.vb-bubble');
      const faces = await boxes(frame, '.vb-avatar');
      expect(bubbles).toHaveLength(2);
      // The first speaker talks from the left, the second from the right, one after the other.
      expect(faces[0]!.right).toBeLessThanOrEqual(bubbles[0]!.left);
      expect(faces[1]!.left).toBeGreaterThanOrEqual(bubbles[1]!.right);
      expect(faces[1]!.left).toBeGreaterThan(faces[0]!.right);
      expect(bubbles[1]!.top).toBeGreaterThan(bubbles[0]!.bottom);
      const question = await frame.$eval('.slide-body .vb-case-question', (e) => getComputedStyle(e).fontWeight);
      expect(Number(question)).toBeGreaterThanOrEqual(700);
      break;
    }
    case 'stat_one': {
      const size = await frame.$eval('.slide-body .vb-stat-number', (e) => parseFloat(getComputedStyle(e).fontSize) / parseFloat(getComputedStyle(document.body).fontSize));
      expect(size).toBeGreaterThanOrEqual(2.5);
      expect(await frame.textContent('.slide-body .vb-stat-number')).toBe('27.9%');
      expect(await frame.isVisible('.slide-body .vb-source a')).toBe(true);
      break;
    }
    case 'stat_chart': {
      const [track, bar19, , bar27] = await boxes(frame, '.vb-chart rect');
      // A share is drawn on a scale of 100: 19.5 % and 27.9 % of the track.
      expect(bar19!.width / track!.width).toBeCloseTo(0.195, 2);
      expect(bar27!.width / track!.width).toBeCloseTo(0.279, 2);
      // Each value is written at the end of its bar, inside the bar's row.
      const rows = await boxes(frame, '.vb-chart svg');
      const labels = await boxes(frame, '.vb-chart text');
      expect(labels).toHaveLength(2);
      labels.forEach((l, i) => {
        expect(l.left).toBeGreaterThanOrEqual([bar19, bar27][i]!.right);
        expect(l.right).toBeLessThanOrEqual(rows[i]!.right);
        const middle = (l.top + l.bottom) / 2;
        expect(middle).toBeGreaterThan(rows[i]!.top + rows[i]!.height / 4);
        expect(middle).toBeLessThan(rows[i]!.bottom - rows[i]!.height / 4);
      });
      expect(await frame.$$eval('.vb-chart text', (els) => els.map((e) => e.textContent))).toEqual(['19.5%', '27.9%']);
      expect(await frame.$$eval('.vb-chart-name', (els) => els.map((e) => e.textContent))).toEqual(lang === 'ja' ? ['2020年度', '2023年度'] : ['FY2020', 'FY2023']);
      expect(await frame.isVisible('.slide-body .vb-source')).toBe(true);
      break;
    }
    case 'keypoint': {
      const [icon] = await boxes(frame, '.vb-keypoint .vb-icon');
      expect(icon!.width).toBeGreaterThan(30);
      break;
    }
    case 'checklist': {
      const rows = await boxes(frame, '.vb-checklist > li');
      const ticks = await boxes(frame, '.vb-box');
      expect(ticks).toHaveLength(3);
      ticks.forEach((t, i) => {
        expect(t.width).toBeGreaterThan(16);
        expect(t.top).toBeGreaterThanOrEqual(rows[i]!.top);
      });
      break;
    }
    case 'picture': {
      await frame.$eval('.slide-body img', (img) => img.scrollIntoView());
      await frame.waitForFunction(() => (document.querySelector('.slide-body img') as HTMLImageElement).complete);
      const img = await frame.$eval('.slide-body img', (e) => {
        const i = e as HTMLImageElement;
        return { natural: i.naturalWidth, width: i.getBoundingClientRect().width, height: i.getBoundingClientRect().height, body: i.closest('.slide-body')!.getBoundingClientRect().width };
      });
      expect(img.natural).toBe(320);
      expect(img.width).toBeLessThanOrEqual(img.body);
      expect(img.width / img.height).toBeCloseTo(320 / 180, 1);
      break;
    }
  }
}

describe('the visual blocks in the player', { timeout: scaled(240_000) }, () => {
  for (const lang of langs) {
    for (const { width, height } of widths) {
      it(`draws every block well in ${lang} at ${width} px, with no axe violation`, async () => {
        const { course, server } = served.get(lang)!;
        const context = await newContext(browser, width, height);
        const page = await context.newPage();
        const blocked: string[] = [];
        page.on('console', (m) => {
          if (/Content.Security.Policy/i.test(m.text())) blocked.push(m.text());
        });
        const frame = await openInLms(page, server.origin);
        await press(frame, '#start', 'Enter');
        await frame.waitForSelector('.survey-screen');
        await answerSurvey(frame, course);
        await toFirstVisualSlide(frame, course);

        const slides = course.lessons.find((l) => l.id === 'visual')!.slides;
        for (const [i, id] of visualSlides.entries()) {
          if (i > 0) await readSlides(frame, 2);
          expect(await frame.textContent('main h1')).toBe(slides.find((s) => s.id === id)!.title);
          await checkLayout(frame, id, width, lang);
          expect(await overflow(frame), `${id} sticks out at ${width} px`).toBe(0);
          if (lang === 'ja') expect(await brokenPhrases(frame, '.slide-body'), `${id}: words broken at ${width} px`).toEqual([]);
          const found = await axeViolations(frame);
          for (const f of found) console.log(`axe ${lang} ${width} px, ${id}: ${f}`);
          expect.soft(found, `${id} in ${lang} at ${width} px`).toEqual([]);
          if (screenshots && width !== 320) await frame.locator('article.lesson-screen').screenshot({ path: join(screenshots, `${lang}-${width}-${id}.png`) });
        }
        expect(blocked).toEqual([]);
        await context.close();
      });
    }
  }
});
