/**
 * What the learner sees on the screens a reviewer found wanting at 390 and 1280 px, asserted in
 * Chromium against the built SCORM 2004 package: the finished screen (its width and what it says
 * per outcome), the sources slide (the language's separator, links out of the LMS frame), the
 * save status (moves nothing), Likert items on a phone (one row each), true-false feedback (says
 * what the statement is), and Japanese line breaks in the player's own headings.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Browser, BrowserContext, Frame, Page } from 'playwright-core';
import type { PlayerCourse, PlayerQuestion, PlayerSurveyItem } from '../../player/spec/course-data.ts';
import { drawQuestions } from '../../player/rules.ts';
import { axeViolations } from './harness/axe.ts';
import { buildPackage, projectRoot, type BuiltPackage } from './harness/package.ts';
import { cmiData, expectNoRejectedCalls, launchBrowser, newContext, openInLms, press, serveCourse } from './harness/browser.ts';
import { openCourse } from './harness/faults.ts';
import { answerFor, answerSurvey, readSlides } from './harness/learner.ts';
import type { StaticServer } from './harness/server.ts';
import { scaled } from '../support/time-scale.ts';

let browser: Browser;
const built: Record<string, { pkg: BuiltPackage; server: StaticServer }> = {};

beforeAll(async () => {
  const [ja, en, b] = await Promise.all([buildPackage('ja'), buildPackage('en'), launchBrowser()]);
  browser = b;
  for (const pkg of [ja, en]) built[pkg.course.lang] = { pkg, server: await serveCourse(pkg.dir) };
});

afterAll(async () => {
  await browser?.close();
  for (const { pkg, server } of Object.values(built)) {
    await server.close();
    pkg.cleanup();
  }
});

const ja = () => built['ja']!;


const fill = (text: string, vars: Record<string, string>) => text.replace(/\{(\w+)\}/g, (m, k: string) => vars[k] ?? m);

/** The sources a lesson cites, as content/course.yaml and the lesson's front matter give them. */
function citedSources(lang: string, lessonId: string): { title: string; publisher?: string; date?: string; url?: string }[] {
  const course = parse(readFileSync(join(projectRoot, 'content/course.yaml'), 'utf8')) as {
    sources: Record<string, { title: Record<string, string>; publisher?: Record<string, string>; date?: string; url?: string }>;
  };
  const dir = join(projectRoot, 'content/lessons', lang);
  const front = readdirSync(dir)
    .map((f) => parse(/^---\n([\s\S]*?)\n---/.exec(readFileSync(join(dir, f), 'utf8'))![1]!) as { id: string; sources: string[] })
    .find((l) => l.id === lessonId)!;
  return front.sources.map((id) => {
    const s = course.sources[id]!;
    return { title: s.title[lang]!, publisher: s.publisher?.[lang], date: s.date, url: s.url };
  });
}

/** A label of content/ui.yaml that the build renders itself (the package's data carries only the player's labels). */
function sourceLabel(key: string, lang: string): string {
  const ui = parse(readFileSync(join(projectRoot, 'content/ui.yaml'), 'utf8')) as Record<string, Record<string, string>>;
  return ui[key]![lang]!;
}

/** The same pseudo-random sequence in Node and in the page: a linear congruential generator from `seed`. */
const sequence = (seed: number) => `(() => { let s = ${seed} >>> 0; return () => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s / 4294967296; }; })()`;

/**
 * The attempt's questions known in advance: the page's `Math.random` is a seeded sequence, and
 * the player's own draw (player/rules.ts, the draw plan included) run here on the same sequence
 * gives the same ids. The first seed whose draw `fits` is used.
 */
async function drawSuch(context: BrowserContext, course: PlayerCourse, fits: (drawn: string[]) => boolean): Promise<string[]> {
  for (let seed = 1; seed < 10_000; seed++) {
    const drawn = drawQuestions(course, eval(sequence(seed)) as () => number);
    if (!fits(drawn)) continue;
    await context.addInitScript(`Math.random = ${sequence(seed)};`);
    return drawn;
  }
  throw new Error('no seed below 10,000 draws an attempt of the kind asked for');
}

/** Start, survey, every slide: the test is open. */
async function throughLessons(frame: Frame, course: PlayerCourse): Promise<void> {
  await press(frame, '#start', 'Enter');
  await frame.waitForSelector('.survey-screen');
  await answerSurvey(frame, course);
  await readSlides(frame);
}

interface Answered {
  question: PlayerQuestion;
  right: boolean;
  verdict: string;
}

/** Takes the attempt on screen by keyboard, wrongly at the given positions; returns each verdict as shown. */
async function takeAttempt(frame: Frame, course: PlayerCourse, wrongAt: number[] = []): Promise<Answered[]> {
  const keyboard = frame.page().keyboard;
  const answered: Answered[] = [];
  for (let i = 0; ; i++) {
    await frame.waitForSelector('.question-screen #check');
    const name = (await frame.getAttribute('.choices input', 'name'))!;
    const question = course.test.questions.find((q) => `q-${q.id}` === name)!;
    const right = !wrongAt.includes(i);
    const answer = answerFor(question, right);
    if (question.type === 'multiple-choice') {
      for (const id of answer) await press(frame, `.choices input[value="${id}"]`, 'Space');
    } else {
      await press(frame, '.choices input', 'Space');
      for (let n = 0; n < question.choices.findIndex((c) => c.id === answer[0]); n++) await keyboard.press('ArrowDown');
    }
    await press(frame, '#check', 'Enter');
    await frame.waitForFunction(() => document.activeElement?.id === 'next-question');
    answered.push({ question, right, verdict: (await frame.textContent('.feedback .verdict'))! });
    const last = (await frame.textContent('#next-question')) === course.ui.seeScore;
    await keyboard.press('Enter');
    if (last) return answered;
  }
}

/** To the results, from the attempt's result or else from the contents, then "exit"; returns the results screen's width. */
async function exitFromResults(frame: Frame, from: 'attempt' | 'contents'): Promise<number> {
  if (from === 'attempt') await press(frame, '#to-results', 'Enter');
  else await press(frame, '.toc-list > li:last-child .toc-item', 'Enter');
  await frame.waitForSelector('.results-screen');
  const width = await frame.$eval('.results-screen', (e) => e.getBoundingClientRect().width);
  await press(frame, '#exit', 'Enter');
  await frame.waitForSelector('.finished-screen');
  return width;
}

/** The finished screen as the learner reads it: heading, then each paragraph. */
const finishedText = (frame: Frame) => frame.$$eval('.finished-screen > *', (els) => els.map((e) => e.textContent));

/** The course frame's page again, loaded with what the LMS kept: the next launch. */
async function relaunch(context: BrowserContext, page: Page, origin: string): Promise<Frame> {
  const saved = (await cmiData(page)).cmi;
  const next = await context.newPage();
  return openInLms(next, origin, { ...saved, entry: saved.exit === 'suspend' ? 'resume' : '' });
}

describe('learner screens (built SCORM 2004 package, Chromium)', { timeout: scaled(240_000) }, () => {
  it('says on the finished screen what the next launch holds, and uses the whole width on a desktop', async () => {
    const { pkg, server } = ja();
    const course = pkg.course;
    const ui = course.ui;
    const context = await newContext(browser, 1280, 800);
    await drawSuch(context, course, () => true);

    // Every slide seen, the test not taken: a pause, resumed from the LMS.
    const page = await context.newPage();
    let frame = await openInLms(page, server.origin);
    await throughLessons(frame, course);
    const resultsWidth = await exitFromResults(frame, 'contents');
    expect(await finishedText(frame)).toEqual([ui.finishedTitle, ui.finishedIncomplete, ui.resumeFromLms, ui.finishedBody]);
    expect(await axeViolations(frame)).toEqual([]);
    // The contents are gone; the screen takes their column too, as wide as any other screen.
    expect(await frame.isHidden('#toc')).toBe(true);
    const finished = await frame.$eval('.finished-screen', (e) => e.getBoundingClientRect().width);
    expect(resultsWidth).toBeGreaterThan(600);
    expect(finished).toBe(resultsWidth);
    await expectNoRejectedCalls(page);

    // Failed, with attempts left: the next launch is for another attempt. (Each launch opens
    // where the last one left, on the results; the test is in the contents.)
    frame = await relaunch(context, page, server.origin);
    await frame.waitForSelector('.results-screen');
    await press(frame, '.toc-list > li:nth-child(3) .toc-item', 'Enter');
    await press(frame, '#start-test', 'Enter');
    await takeAttempt(frame, course, [0, 1, 2]);
    expect(await frame.textContent('.verdict-box')).toBe(ui.failed);
    await exitFromResults(frame, 'attempt');
    expect(await finishedText(frame)).toEqual([ui.finishedTitle, ui.finishedRetry, ui.resumeFromLms, ui.finishedBody]);

    // Passed: the course is done and nothing is said about resuming.
    frame = await relaunch(context, frame.page(), server.origin);
    await frame.waitForSelector('.results-screen');
    await press(frame, '.toc-list > li:nth-child(3) .toc-item', 'Enter');
    await press(frame, '#retry', 'Enter');
    await takeAttempt(frame, course);
    expect(await frame.textContent('.verdict-box')).toBe(ui.passed);
    await exitFromResults(frame, 'attempt');
    expect(await finishedText(frame)).toEqual([ui.completedTitle, ui.finishedPassed, ui.finishedBody]);
    expect(await axeViolations(frame)).toEqual([]);
    expect(await frame.textContent('.finished-screen')).not.toContain(ui.resumeFromLms);
    expect((await cmiData(frame.page())).cmi.success_status).toBe('passed');
    await context.close();
  });

  for (const lang of ['ja', 'en'] as const) {
    it(`says in true-false feedback that the learner was right and what the statement is (${lang})`, async () => {
      const { pkg, server } = built[lang]!;
      const course = pkg.course;
      const ui = course.ui;
      const context = await newContext(browser, 390, 844);
      const kind = (id: string) => {
        const q = course.test.questions.find((x) => x.id === id)!;
        return q.type === 'true-false' ? q.correct[0]! : 'choice';
      };
      // An attempt with a true statement, two false ones and a choice question, in some order.
      const drawn = await drawSuch(context, course, (ids) => ids.filter((id) => kind(id) === 'false').length >= 2 && ids.some((id) => kind(id) === 'true') && ids.some((id) => kind(id) === 'choice'));
      const trueAt = drawn.findIndex((id) => kind(id) === 'true');
      const falseAt = drawn.findIndex((id) => kind(id) === 'false');
      const wrongFalseAt = drawn.findIndex((id, i) => i > falseAt && kind(id) === 'false');
      const wrongOther = drawn.findIndex((id) => kind(id) === 'choice');

      const frame = await openInLms(await context.newPage(), server.origin);
      await throughLessons(frame, course);
      await press(frame, '#start-test', 'Enter');
      const answered = await takeAttempt(frame, course, [wrongFalseAt, wrongOther]);
      const verdictOf = (i: number) => answered[i]!.verdict;

      const expected = {
        ja: ['正解です。この記述は正しいです。', '正解です。この記述は誤りです。', '不正解です。この記述は誤りです。', '不正解です'],
        en: ['Correct: this statement is true.', 'Correct: this statement is false.', 'Incorrect: this statement is false.', 'Incorrect'],
      }[lang];
      expect([verdictOf(trueAt), verdictOf(falseAt), verdictOf(wrongFalseAt), verdictOf(wrongOther)]).toEqual(expected);
      // Both labels are in ui.yaml, so another language says it in its own words.
      expect(verdictOf(falseAt)).toBe(fill(ui.statementFalse!, { verdict: ui.correct! }));
      await context.close();
    });
  }

  for (const lang of ['ja', 'en'] as const) {
    it(`lists a lesson's sources with the language's separator and links that open outside the LMS frame (${lang})`, async () => {
      const { pkg, server } = built[lang]!;
      const course = pkg.course;
      const lesson = course.lessons[0]!;
      const sources = citedSources(lang, lesson.id);
      const separator = { ja: '、', en: ', ' }[lang];
      const context = await newContext(browser, 390, 844);
      // The web stays outside the test: a followed link gets a page from here.
      await context.route((url) => url.origin !== server.origin, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<title>outside</title>' }));
      const frame = await openInLms(await context.newPage(), server.origin);
      await press(frame, '#start', 'Enter');
      await frame.waitForSelector('.survey-screen');
      await answerSurvey(frame, course);
      await readSlides(frame, lesson.slides.length);
      expect(await frame.textContent('main h1')).toBe(lesson.slides.at(-1)!.title);

      const items = await frame.$$eval('.sources > li', (lis) =>
        lis.map((li) => {
          const a = li.querySelector('a');
          const copy = li.cloneNode(true) as HTMLElement;
          copy.querySelector('a')?.remove();
          return {
            citation: copy.textContent,
            link: a && { href: a.getAttribute('href'), target: a.target, rel: a.rel, text: a.querySelector('.source-url')?.textContent, name: a.textContent },
          };
        }),
      );
      expect(items).toEqual(
        sources.map((s) => ({
          citation: [s.title, s.publisher, s.date].filter(Boolean).join(separator),
          link: s.url ? { href: s.url, target: '_blank', rel: 'noopener noreferrer', text: s.url, name: `${s.url}${sourceLabel('opensInNewWindow', lang)}` } : null,
        })),
      );
      if (lang === 'ja') for (const item of items) expect(item.citation).not.toContain(', ');
      expect(await axeViolations(frame)).toEqual([]);

      // Followed by keyboard, a link opens a window of its own, cut off from the course; the course stays.
      const linked = sources.find((s) => s.url)!;
      const [popup] = await Promise.all([context.waitForEvent('page'), press(frame, '.sources a', 'Enter')]);
      await popup.waitForLoadState();
      expect(popup.url()).toBe(linked.url);
      expect(await popup.evaluate(() => [window.opener === null, document.referrer])).toEqual([true, '']);
      expect(await frame.textContent('main h1')).toBe(lesson.slides.at(-1)!.title);
      await context.close();
    });
  }

  it('shows the save status at the foot of the window without moving the screen, and keeps it for screen readers', async () => {
    const { pkg, server } = ja();
    const course = pkg.course;
    const where = (frame: Frame) =>
      frame.evaluate(() => {
        const top = (sel: string) => document.querySelector(sel)!.getBoundingClientRect().top + window.scrollY;
        return { header: document.querySelector('.bar')!.getBoundingClientRect().height, main: top('main'), heading: top('main h1') };
      });
    const status = (frame: Frame) =>
      frame.$eval('.save-status', (e) => {
        const r = e.getBoundingClientRect();
        return { text: e.textContent, role: e.getAttribute('role'), live: e.getAttribute('aria-live'), display: getComputedStyle(e).display, top: r.top, bottom: r.bottom, height: r.height, window: window.innerHeight };
      });

    // A good LMS: the status is there, empty and taking no room, before it ever speaks.
    const good = await newContext(browser, 390, 844);
    let frame = await openCourse('scorm2004', await good.newPage(), server.origin);
    await press(frame, '#start', 'Enter');
    await frame.waitForSelector('.survey-screen');
    const calm = await where(frame);
    const quiet = await status(frame);
    expect(quiet).toMatchObject({ text: '', role: 'status', live: 'polite', height: 0 });
    expect(quiet.display).not.toBe('none');
    await good.close();

    // An LMS that refuses every commit: four lines of warning on a phone, and the screen stays put.
    const bad = await newContext(browser, 390, 844);
    const page = await bad.newPage();
    frame = await openCourse('scorm2004', page, server.origin, null, { faults: { failCommits: 1_000_000 } });
    await frame.waitForFunction((texts) => texts.includes(document.querySelector('.save-status')?.textContent ?? ''), [course.ui.saveRetrying!, course.ui.saveFailed!]);
    await press(frame, '#start', 'Enter');
    await frame.waitForSelector('.survey-screen');
    expect(await where(frame)).toEqual(calm);
    const shown = await status(frame);
    expect([course.ui.saveRetrying, course.ui.saveFailed]).toContain(shown.text);
    expect(shown.height).toBeGreaterThan(40);
    expect(await axeViolations(frame)).toEqual([]);
    // In view at the foot of the window while the long survey scrolls under it…
    expect(Math.abs(shown.bottom - shown.window)).toBeLessThanOrEqual(1);
    // …and below the last control at the end of the page, so that nothing stays covered.
    await frame.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    const end = await frame.evaluate(() => ({
      submit: document.querySelector('#submit-survey')!.getBoundingClientRect().bottom,
      status: document.querySelector('.save-status')!.getBoundingClientRect().top,
    }));
    expect(end.submit).toBeLessThanOrEqual(end.status);
    // A control reached with Tab is scrolled clear of the bar.
    await frame.evaluate(() => window.scrollTo(0, 0));
    await frame.focus('main h1');
    for (let i = 0; i < 8; i++) await page.keyboard.press('Tab');
    const focus = await frame.evaluate(() => ({
      focused: document.activeElement!.getBoundingClientRect().bottom,
      bar: document.querySelector('.save-status')!.getBoundingClientRect().top,
    }));
    expect(focus.focused).toBeLessThanOrEqual(focus.bar);
    await bad.close();
  });

  it('lays out each Likert item on a phone as one row of real radios, the scale ends written once, "don\'t know" apart below', async () => {
    const { pkg, server } = ja();
    const course = pkg.course;
    const likert = course.survey.items.filter((i): i is Extract<PlayerSurveyItem, { type: 'likert' }> => i.type === 'likert');
    const layout = async (frame: Frame) =>
      frame.$$eval('fieldset.likert', (sets) =>
        sets.map((fs) => {
          const box = fs.getBoundingClientRect();
          const radios = Array.from(fs.querySelectorAll('.scale input[type="radio"]')).map((r) => r.getBoundingClientRect());
          const ends = fs.querySelector('.scale-ends');
          const scale = fs.querySelector('.scale')!.getBoundingClientRect();
          const dk = fs.querySelector('.dont-know input');
          const dkBox = dk?.getBoundingClientRect();
          return {
            rowTops: new Set(radios.map((r) => Math.round(r.top))).size,
            inside: [...radios, ...(dkBox ? [dkBox] : [])].every((r) => r.left >= box.left && r.right <= box.right),
            scaleHeight: scale.height,
            ends: ends && getComputedStyle(ends).display !== 'none' ? Array.from(ends.children).map((e) => e.textContent) : null,
            endsHidden: ends?.getAttribute('aria-hidden'),
            labelShown: fs.querySelector('.scale .choice-text')!.getBoundingClientRect().width > 1,
            // "Don't know": in the same radio group, its label shown, below the row or beside it.
            dontKnow: dk
              ? {
                  name: dk.getAttribute('name'),
                  value: (dk as HTMLInputElement).value,
                  labelShown: fs.querySelector('.dont-know .choice-text')!.getBoundingClientRect().width > 1,
                  below: dkBox!.top >= scale.bottom,
                  beside: dkBox!.left >= scale.right,
                }
              : null,
          };
        }),
      );
    const pointsOf = (item: (typeof likert)[number]) => course.survey.scales.find((s) => s.id === item.scale)!.points;

    for (const width of [320, 390]) {
      const context = await newContext(browser, width, 844);
      const frame = await openInLms(await context.newPage(), server.origin);
      await press(frame, '#start', 'Enter');
      await frame.waitForSelector('.survey-screen');
      const items = await layout(frame);
      expect(items).toHaveLength(likert.length);
      items.forEach((got, i) => {
        const item = likert[i]!;
        const points = pointsOf(item);
        // Yes and no fit with their labels; longer scales name only their two ends.
        const long = points.length > 2;
        expect(got).toMatchObject({ rowTops: 1, inside: true, endsHidden: 'true', labelShown: !long, ends: long ? [points[0]!.label, points.at(-1)!.label] : null });
        expect(got.scaleHeight).toBeLessThan(60);
        expect(got.dontKnow).toEqual(item.dontKnow ? { name: item.id, value: 'dk', labelShown: true, below: true, beside: false } : null);
      });
      expect(await frame.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
      // Each radio is named by its own point of the scale, for screen readers.
      for (const scale of course.survey.scales) {
        const using = likert.filter((i) => i.scale === scale.id).length;
        for (const point of scale.points) expect(await frame.getByRole('radio', { name: point.label, exact: true }).count()).toBe(using);
      }
      expect(await frame.getByRole('radio', { name: course.survey.dontKnow, exact: true }).count()).toBe(likert.filter((i) => i.dontKnow).length);
      if (width === 390) {
        // Arrow keys choose along the row; what is chosen is what is kept.
        const given = await answerSurvey(frame, course, false);
        for (const item of likert) expect(await frame.$eval(`input[name="${item.id}"]:checked`, (e) => (e as HTMLInputElement).value)).toBe(given[item.id]);
      }
      await context.close();
    }

    // Wide enough for the labels: each option shows its own, the ends are not repeated, and
    // "don't know" stands beside the scale.
    const wide = await newContext(browser, 1280, 800);
    const frame = await openInLms(await wide.newPage(), server.origin);
    await press(frame, '#start', 'Enter');
    await frame.waitForSelector('.survey-screen');
    const items = await layout(frame);
    items.forEach((got, i) => {
      expect(got).toMatchObject({ rowTops: 1, ends: null, labelShown: true });
      if (likert[i]!.dontKnow) expect(got.dontKnow).toMatchObject({ labelShown: true, beside: true });
    });
    await wide.close();
  });

  it('breaks Japanese headings, titles and buttons between words, not inside them', async () => {
    const { pkg, server } = ja();
    const course = pkg.course;
    /** Each space-separated word of an element's text that fits on a line: on how many lines it lies. */
    const linesPerWord = (frame: Frame, selector: string) =>
      frame.$$eval(selector, (els) =>
        els.flatMap((el) => {
          const node = Array.from(el.childNodes).find((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim()) as Text | undefined;
          if (!node) return [];
          const width = el.getBoundingClientRect().width;
          const words: { word: string; lines: number }[] = [];
          for (const m of node.data.matchAll(/\S+/g)) {
            const range = document.createRange();
            range.setStart(node, m.index!);
            range.setEnd(node, m.index! + m[0].length);
            const rects = Array.from(range.getClientRects()).filter((r) => r.width > 0);
            if (rects.reduce((n, r) => n + r.width, 0) > width) continue; // longer than a line: it must break
            words.push({ word: m[0], lines: new Set(rects.map((r) => Math.round(r.top))).size });
          }
          return words;
        }),
      );

    const phone = await newContext(browser, 390, 844);
    let frame = await openInLms(await phone.newPage(), server.origin);
    for (const sel of ['main h1', '.bar-title', '#start']) {
      expect(await frame.$eval(sel, (e) => [getComputedStyle(e).wordBreak, getComputedStyle(e).overflowWrap, getComputedStyle(e).lineBreak])).toEqual([
        'keep-all',
        'anywhere',
        'strict',
      ]);
    }
    // Running text keeps the ordinary rules.
    expect(await frame.$eval('.lead', (e) => getComputedStyle(e).wordBreak)).toBe('normal');
    const title = await linesPerWord(frame, '.bar-title');
    expect(title.map((w) => w.word)).toEqual(course.title.split(/\s+/).filter(Boolean));
    expect(title.filter((w) => w.lines > 1)).toEqual([]);
    await phone.close();

    // The contents' lesson titles in their narrow column on a desktop.
    const desktop = await newContext(browser, 1280, 800);
    frame = await openInLms(await desktop.newPage(), server.origin);
    const labels = await linesPerWord(frame, '.toc-label');
    expect(labels.length).toBeGreaterThan(course.lessons.length);
    expect(labels.filter((w) => w.lines > 1)).toEqual([]);
    await desktop.close();
  });
});
