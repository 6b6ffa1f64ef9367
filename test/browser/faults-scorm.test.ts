/**
 * A learner never loses an answer, whatever the LMS does. The built SCORM 2004 and 1.2 packages
 * against an LMS that fails the ways LMSs fail in the field (harness/lms-faults.js): no API,
 * Initialize refused, commits refused for a while or for good, one value refused, every call
 * slow, the window closed or reloaded mid-way, unreadable suspend_data, the relaunch of a
 * finished attempt. Each test checks what the LMS's server holds at the end (the data model as
 * the last good commit left it) against the answers the learner gave, and what the learner was
 * told. Moodle blocks `unload` in its player frame, so it is blocked here too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Frame, Page } from 'playwright-core';
import type { PlayerCourse } from '../../player/spec/course-data.ts';
import * as rules from '../../player/rules.ts';
import { decodeState, encodeState, initialState } from '../../player/state.ts';
import { launchBrowser, newContext, press, serveCourse } from './harness/browser.ts';
import {
  committedRecord,
  duplicateIds,
  faultLog,
  lmsRecord,
  lostAnswers,
  mostCallsInOneTask,
  nextLaunchData,
  openCourse,
  saveStatus,
  setFaults,
  type GivenAnswers,
  type LmsRecord,
  type Standard,
} from './harness/faults.ts';
import { answerFor, answerSurvey, readSlides } from './harness/learner.ts';
import { buildPackage, type BuiltPackage } from './harness/package.ts';
import { buildPackage12, serveCourse12 } from './harness/scorm12.ts';
import type { StaticServer } from './harness/server.ts';
import { scaled } from '../support/time-scale.ts';

const STANDARDS: Standard[] = ['scorm2004', 'scorm12'];
const LEARNER = { id: 'learner-0001', name: 'Yamada, Hanako' };

let browser: Browser;
const packages = new Map<Standard, { pkg: BuiltPackage; server: StaticServer }>();

beforeAll(async () => {
  browser = await launchBrowser();
  const [p04, p12] = await Promise.all([buildPackage('ja'), buildPackage12('ja')]);
  packages.set('scorm2004', { pkg: p04, server: await serveCourse(p04.dir) });
  packages.set('scorm12', { pkg: p12, server: await serveCourse12(p12.dir) });
});

afterAll(async () => {
  await browser?.close();
  for (const { pkg, server } of packages.values()) {
    await server.close();
    pkg.cleanup();
  }
});

/** A learner's browser inside an LMS that blocks `unload`, as Moodle 4.5 does in its frame. */
async function learnerBrowser(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await newContext(browser);
  await context.addInitScript(() => {
    const add = EventTarget.prototype.addEventListener;
    EventTarget.prototype.addEventListener = function (this: EventTarget, type: string, ...rest: unknown[]) {
      if (type === 'unload') return;
      return (add as (...a: unknown[]) => void).call(this, type, ...rest);
    } as typeof add;
  });
  return { context, page: await context.newPage() };
}

/** The learner a real LMS names, in the standard's data model, with `more` on top. */
function lmsData(std: Standard, more: Record<string, any> = {}): Record<string, any> {
  return std === 'scorm2004'
    ? { learner_id: LEARNER.id, learner_name: LEARNER.name, ...more }
    : { ...more, core: { student_id: LEARNER.id, student_name: LEARNER.name, ...(more.core ?? {}) } };
}

/** What the LMS holds for a learner who submitted the survey and saw every slide: the test is next. */
function atTheTest(std: Standard, course: PlayerCourse): Record<string, any> {
  const s = initialState();
  s.counter = 40;
  s.survey.done = true;
  for (const l of course.lessons) s.seen[l.id] = l.slides.length;
  s.place = { screen: 'test' };
  (s as { courseVersion?: string }).courseVersion = course.version;
  const state = encodeState(s);
  return std === 'scorm2004'
    ? lmsData(std, { entry: 'resume', location: 'test', suspend_data: state, completion_status: 'incomplete', progress_measure: String(rules.progress(course, s)) })
    : lmsData(std, { suspend_data: state, core: { entry: 'resume', lesson_location: 'test', lesson_status: 'incomplete' } });
}

const heading = (frame: Frame) => frame.evaluate(() => document.querySelector('main h1')?.textContent ?? '');
const questionHeading = (course: PlayerCourse, n: number) =>
  course.ui.questionOf!.replace('{n}', String(n)).replace('{total}', String(course.test.questionsPerAttempt));
const statusIs = (frame: Frame, text: string) => frame.waitForFunction((t) => document.querySelector('.save-status')?.textContent === t, text);

/** Answers the question on screen by keyboard (rightly unless told), and checks it; returns what was given. */
async function answerOne(frame: Frame, course: PlayerCourse, right = true): Promise<{ id: string; answer: string[] }> {
  await frame.waitForSelector('.question-screen #check');
  const name = (await frame.getAttribute('.choices input', 'name'))!;
  const q = course.test.questions.find((x) => `q-${x.id}` === name)!;
  const answer = answerFor(q, right);
  if (q.type === 'multiple-choice') {
    for (const id of answer) await press(frame, `input[value="${id}"]`, 'Space');
  } else {
    await press(frame, '.choices input', 'Space');
    for (let n = 0; n < q.choices.findIndex((c) => c.id === answer[0]); n++) await frame.page().keyboard.press('ArrowDown');
  }
  await press(frame, '#check', 'Enter');
  await frame.waitForFunction(() => document.activeElement?.id === 'next-question');
  return { id: q.id, answer };
}

/** From a question's feedback to the next screen. */
async function nextQuestion(frame: Frame): Promise<void> {
  const before = await heading(frame);
  await press(frame, '#next-question', 'Enter');
  await frame.waitForFunction((b) => document.querySelector('main h1')?.textContent !== b, before);
}

/** Answers `n` questions of attempt `attempt` (all of them when n is Infinity), moving on after each. */
async function answerQuestions(frame: Frame, course: PlayerCourse, n: number, attempt = 1): Promise<GivenAnswers['test']> {
  const given: GivenAnswers['test'] = [];
  for (let i = 0; i < n; i++) {
    const last = (await frame.$('.question-screen')) && (await heading(frame)) === questionHeading(course, course.test.questionsPerAttempt);
    given.push({ attempt, ...(await answerOne(frame, course)) });
    await nextQuestion(frame);
    if (last) break;
  }
  return given;
}

/** The LMS's server holds every answer given, each once. */
async function expectAllKept(std: Standard, page: Page, course: PlayerCourse, given: GivenAnswers): Promise<LmsRecord> {
  await expect.poll(async () => lostAnswers(std, course, await committedRecord(std, page), given), { timeout: scaled(20_000) }).toEqual([]);
  const record = (await committedRecord(std, page))!;
  expect(duplicateIds(record)).toEqual([]);
  return record;
}

/** The window goes away: the frame navigates elsewhere (pagehide, no unload). */
const closeWindow = (frame: Frame) => frame.goto('about:blank', { timeout: scaled(120_000) });

describe.each(STANDARDS)('%s package against a failing LMS', (std) => {
  const pkg = () => packages.get(std)!.pkg;
  const origin = () => packages.get(std)!.server.origin;

  it('without an API, keeps the answers in this browser and sends them at the next launch from the LMS', { timeout: scaled(120_000) }, async () => {
    const course = pkg().course;
    const { context, page } = await learnerBrowser();
    let frame = await openCourse(std, page, origin(), null, { noApi: true });
    expect(await frame.textContent('.title-screen .notice')).toBe(course.ui.standaloneNotice);
    await press(frame, '#start', 'Enter');
    await frame.waitForSelector('.survey-screen');
    const given: GivenAnswers = { survey: await answerSurvey(frame, course), test: [] };
    await readSlides(frame, 3);
    const leftAt = await heading(frame);

    frame = await openCourse(std, page, origin(), lmsData(std));
    expect(await heading(frame)).toBe(leftAt);
    const record = await expectAllKept(std, page, course, given);
    expect(decodeState(record.suspendData, course)?.survey.answers).toEqual(given.survey);
    await context.close();
  });

  it('when Initialize fails, says so, keeps the answers here and sends them at the next good launch', { timeout: scaled(120_000) }, async () => {
    const course = pkg().course;
    const { context, page } = await learnerBrowser();
    let frame = await openCourse(std, page, origin(), lmsData(std), { faults: { failInitialize: true } });
    expect(await frame.textContent('.title-screen .notice')).toBe(course.ui.lmsUnavailable);
    await press(frame, '#start', 'Enter');
    await frame.waitForSelector('.survey-screen');
    const given: GivenAnswers = { survey: await answerSurvey(frame, course), test: [] };
    await readSlides(frame, 3);
    // Said plainly, on every screen, not only on the title.
    expect(await saveStatus(frame)).toBe(course.ui.saveFailed);
    const leftAt = await heading(frame);
    expect(await committedRecord(std, page)).toBeNull();

    frame = await openCourse(std, page, origin(), lmsData(std));
    expect(await heading(frame)).toBe(leftAt);
    const record = await expectAllKept(std, page, course, given);
    expect(decodeState(record.suspendData, course)?.survey.done).toBe(true);
    await context.close();
  });

  it('keeps saying it has not saved while commits fail, and sends everything once they work again', { timeout: scaled(120_000) }, async () => {
    const course = pkg().course;
    const { context, page } = await learnerBrowser();
    const frame = await openCourse(std, page, origin(), atTheTest(std, course));
    await press(frame, '#start-test', 'Enter');
    const given: GivenAnswers = { survey: null, test: await answerQuestions(frame, course, 2) };

    await setFaults(page, { failCommits: 1_000_000 });
    given.test.push({ attempt: 1, ...(await answerOne(frame, course)) });
    await statusIs(frame, course.ui.saveRetrying!);
    await nextQuestion(frame);
    given.test.push({ attempt: 1, ...(await answerOne(frame, course)) });
    expect(await saveStatus(frame)).toBe(course.ui.saveRetrying);
    expect(lostAnswers(std, course, await committedRecord(std, page), given)).toEqual(given.test.slice(2).map((a) => `test.a1.${a.id}`));

    await setFaults(page, { failCommits: 0 });
    await statusIs(frame, course.ui.saved!);
    await expectAllKept(std, page, course, given);
    await nextQuestion(frame);
    given.test.push(...(await answerQuestions(frame, course, Infinity)));
    await frame.waitForSelector('#to-results');
    const record = await expectAllKept(std, page, course, given);
    expect(record.score).toBe('100');
    expect(std === 'scorm2004' ? [record.status, record.success] : [record.status]).toEqual(std === 'scorm2004' ? ['completed', 'passed'] : ['passed']);
    await context.close();
  });

  it('offline, tells the learner the answers are not saved until the window closes; another device has what was saved before', { timeout: scaled(120_000) }, async () => {
    const course = pkg().course;
    const a = await learnerBrowser();
    let frame = await openCourse(std, a.page, origin(), atTheTest(std, course));
    await press(frame, '#start-test', 'Enter');
    const given: GivenAnswers = { survey: null, test: await answerQuestions(frame, course, 2) };
    await expectAllKept(std, a.page, course, given);

    await setFaults(a.page, { offline: true });
    const offline: GivenAnswers['test'] = [];
    for (let i = 0; i < 3; i++) {
      offline.push({ attempt: 1, ...(await answerOne(frame, course)) });
      await statusIs(frame, course.ui.saveRetrying!);
      await nextQuestion(frame);
      expect(await saveStatus(frame)).toBe(course.ui.saveRetrying);
    }
    await closeWindow(frame);
    // Nothing can bring these to another device: they never left the first one.
    const saved = await committedRecord(std, a.page);
    expect(lostAnswers(std, course, saved, { survey: null, test: [...given.test, ...offline] })).toEqual(offline.map((x) => `test.a1.${x.id}`));
    const data = await nextLaunchData(std, a.page);
    await a.context.close();

    const b = await learnerBrowser();
    frame = await openCourse(std, b.page, origin(), data);
    expect(await heading(frame)).toBe(questionHeading(course, 3));
    given.test.push(...(await answerQuestions(frame, course, Infinity)));
    await frame.waitForSelector('#to-results');
    await expectAllKept(std, b.page, course, given);
    await b.context.close();
  });

  it('reports a value the LMS refuses as not saved, and keeps saying so after later commits succeed', { timeout: scaled(120_000) }, async () => {
    const course = pkg().course;
    const { context, page } = await learnerBrowser();
    const text = course.survey.items.findIndex((i) => i.type === 'text');
    const element = std === 'scorm2004' ? `^cmi\\.interactions\\.${text}\\.learner_response$` : `^cmi\\.interactions\\.${text}\\.student_response$`;
    const frame = await openCourse(std, page, origin(), lmsData(std), { faults: { reject: { element, code: std === 'scorm2004' ? '406' : '405' } } });
    await press(frame, '#start', 'Enter');
    await frame.waitForSelector('.survey-screen');
    const given: GivenAnswers = { survey: await answerSurvey(frame, course), test: [] };
    await statusIs(frame, course.ui.saveRefused!);
    await readSlides(frame, 3);
    expect(await saveStatus(frame)).toBe(course.ui.saveRefused);
    // Everything else arrived; the refused answer is still in the learner's state.
    const record = await committedRecord(std, page);
    expect(lostAnswers(std, course, record, given)).toEqual([`survey.${course.survey.items[text]!.id}: "" ≠ ${JSON.stringify(given.survey![course.survey.items[text]!.id])}`]);
    expect(decodeState(record!.suspendData, course)?.survey.answers).toEqual(given.survey);
    await context.close();
  });

  it('with every call slow, never makes two LMS calls in one task, writes nothing while the learner picks answers, and keeps the bookmark on close', { timeout: scaled(300_000) }, async () => {
    const course = pkg().course;
    const { context, page } = await learnerBrowser();
    const frame = await openCourse(std, page, origin(), lmsData(std), { faults: { delayMs: 100 } });
    await press(frame, '#start', 'Enter');
    await frame.waitForSelector('.survey-screen');
    await expect.poll(async () => (await committedRecord(std, page))?.location, { timeout: scaled(60_000) }).toBe('survey');
    const callsBefore = (await faultLog(page)).calls.length;
    const survey = await answerSurvey(frame, course, false);
    // Choosing and typing are drafts: kept in this browser, sent when the survey is submitted
    // or the page is hidden, never call by call.
    expect((await faultLog(page)).calls.slice(callsBefore)).toEqual([]);
    await press(frame, '#submit-survey', 'Enter');
    await frame.waitForSelector('.lesson-screen');
    const first = course.lessons[0]!;
    expect(await heading(frame)).toBe(first.slides[0]!.title);
    const closing = Date.now();
    await closeWindow(frame);

    const log = await faultLog(page);
    expect(log.longTasks.length).toBeGreaterThan(0); // the browser reports long tasks at all
    expect(mostCallsInOneTask(log, 0, closing)).toBe(1);
    const record = await expectAllKept(std, page, course, { survey, test: [] });
    expect(record.location).toBe(`lesson.${first.id}.${first.slides[0]!.id}`);
    await context.close();
  });

  it('keeps an answer given right before the window is closed, and drafts when the page is only hidden', { timeout: scaled(120_000) }, async () => {
    const course = pkg().course;
    // Closed right after an answer: pagehide, no unload.
    let { context, page } = await learnerBrowser();
    let frame = await openCourse(std, page, origin(), atTheTest(std, course));
    await press(frame, '#start-test', 'Enter');
    const given: GivenAnswers = { survey: null, test: [{ attempt: 1, ...(await answerOne(frame, course)) }] };
    await closeWindow(frame);
    await expectAllKept(std, page, course, given);
    await context.close();

    // Hidden (a phone locks, the tab goes to the background) and never shown again: the LMS has
    // the survey drafts at once, without waiting for a pagehide that may never come.
    ({ context, page } = await learnerBrowser());
    frame = await openCourse(std, page, origin(), lmsData(std));
    await press(frame, '#start', 'Enter');
    await frame.waitForSelector('.survey-screen');
    const drafts = await answerSurvey(frame, course, false);
    await frame.evaluate(() => {
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
      document.dispatchEvent(new Event('visibilitychange'));
    });
    const data = await nextLaunchData(std, page);
    expect(decodeState((await committedRecord(std, page))!.suspendData, course)?.survey.answers).toEqual(drafts);
    await context.close();

    ({ context, page } = await learnerBrowser());
    frame = await openCourse(std, page, origin(), data);
    expect(await frame.$('.survey-screen')).not.toBeNull();
    for (const [id, value] of Object.entries(drafts)) {
      const item = course.survey.items.find((i) => i.id === id)!;
      if (item.type === 'likert') expect(await frame.$eval(`input[name="${id}"]:checked`, (e) => (e as HTMLInputElement).value)).toBe(value);
      else expect(await frame.$eval(`textarea[name="${id}"]`, (e) => (e as HTMLTextAreaElement).value)).toBe(value);
    }
    await context.close();
  });

  it('after a reload mid-question (the LMS session already ended), continues on that question and sends the rest at the next launch', { timeout: scaled(120_000) }, async () => {
    const course = pkg().course;
    const { context, page } = await learnerBrowser();
    let frame = await openCourse(std, page, origin(), atTheTest(std, course));
    await press(frame, '#start-test', 'Enter');
    const given: GivenAnswers = { survey: null, test: await answerQuestions(frame, course, 2) };
    await Promise.all([frame.waitForNavigation(), frame.evaluate(() => location.reload())]);
    await frame.waitForFunction((h) => document.querySelector('main h1')?.textContent === h, questionHeading(course, 3));
    // The LMS ended the session at pagehide: nothing can reach it until the next launch, and
    // the learner is told.
    expect(await saveStatus(frame)).toBe(course.ui.saveFailed);
    given.test.push(...(await answerQuestions(frame, course, Infinity)));
    await frame.waitForSelector('#to-results');

    frame = await openCourse(std, page, origin(), await nextLaunchData(std, page));
    const record = await expectAllKept(std, page, course, given);
    expect(record.score).toBe('100');
    expect(record.status).toBe(std === 'scorm2004' ? 'completed' : 'passed');
    await context.close();
  });

  describe('unreadable suspend_data on another device, then the relaunch of the finished attempt', () => {
    let stored: Record<string, any>;
    let before: LmsRecord;
    let survey: Record<string, string>;
    let partial: GivenAnswers['test'];
    let finished: Record<string, any> | null = null;

    it('leaves the course three answers into the test', { timeout: scaled(180_000) }, async () => {
      const course = pkg().course;
      const { context, page } = await learnerBrowser();
      const frame = await openCourse(std, page, origin(), lmsData(std));
      await press(frame, '#start', 'Enter');
      await frame.waitForSelector('.survey-screen');
      survey = await answerSurvey(frame, course);
      await readSlides(frame);
      await press(frame, '#start-test', 'Enter');
      partial = await answerQuestions(frame, course, 3);
      await closeWindow(frame);
      stored = (await nextLaunchData(std, page))!;
      before = (await committedRecord(std, page))!;
      expect(lostAnswers(std, course, before, { survey, test: partial })).toEqual([]);
      expect(before.location).toBe('test');
      await context.close();
    });

    const corruptions: [string, (s: string) => string][] = [
      ['random bytes', () => '\u0007\u00ff\u0000%9a\ufffd'],
      ['truncated', (s) => s.slice(0, Math.floor(s.length / 2))],
      ['written by a newer player', (s) => JSON.stringify({ ...JSON.parse(s), v: 99 })],
    ];
    it.each(corruptions)('recovers from %s what the LMS holds, lowers nothing, records nothing twice and says what it recovered', { timeout: scaled(180_000) }, async (_kind, corrupt) => {
      const course = pkg().course;
      const { context, page } = await learnerBrowser();
      const corrupted = corrupt(stored.suspend_data);
      const frame = await openCourse(std, page, origin(), { ...stored, suspend_data: corrupted });
      // The bookmark still holds: back in the test, not on the title.
      await frame.waitForSelector('.recovery-notice');
      const items = await frame.$$eval('.recovery-notice li', (els) => els.map((e) => e.textContent));
      const ui = course.ui;
      if (std === 'scorm2004') {
        // 2004 reads the stored interactions back: the survey answers and the attempt so far.
        expect(await heading(frame)).toBe(questionHeading(course, 4));
        expect(items).toEqual([
          ui.recoveredPlace,
          ui.recoveredSurvey!.replace('{count}', String(Object.keys(survey).length)),
          ui.recoveredTest!.replace('{count}', '3'),
        ]);
      } else {
        // 1.2 cannot read interactions back: the survey is known to be done, the attempt begun
        // cannot be continued, so the next one starts (its records get new ids).
        expect(await heading(frame)).toBe(ui.testTitle);
        expect(items).toEqual([ui.recoveredPlace, ui.recoveredSurveyDone]);
      }
      // The launch writes a readable state back.
      await expect.poll(async () => decodeState((await committedRecord(std, page))?.suspendData ?? corrupted, course) !== null).toBe(true);
      const after = (await committedRecord(std, page))!;
      expect(after.location).toBe('test');
      expect(after.status).toBe(before.status);
      if (std === 'scorm2004') expect(after.progress).toBeGreaterThanOrEqual(before.progress!);
      expect(after.interactions).toEqual(before.interactions);
      if (std === 'scorm2004') expect(decodeState(after.suspendData, course)?.survey.answers).toEqual(survey);

      // Going on to the end records each answer once.
      const given: GivenAnswers = { survey, test: [...partial] };
      if (std === 'scorm12') {
        await press(frame, '#start-test', 'Enter');
        given.test.push(...(await answerQuestions(frame, course, Infinity, 2)));
      } else {
        given.test.push(...(await answerQuestions(frame, course, Infinity)));
      }
      await frame.waitForSelector('#to-results');
      const record = await expectAllKept(std, page, course, given);
      expect(record.score).toBe('100');
      await context.close();
    });

    it('reads a state of the previous format (1) through its migration, losing nothing', { timeout: scaled(180_000) }, async () => {
      const course = pkg().course;
      const { context, page } = await learnerBrowser();
      const old = JSON.parse(stored.suspend_data) as Record<string, unknown>;
      delete old.cv;
      old.v = 1;
      const frame = await openCourse(std, page, origin(), { ...stored, suspend_data: JSON.stringify(old) });
      expect(await heading(frame)).toBe(questionHeading(course, 4));
      expect(await frame.$('.recovery-notice')).toBeNull();
      const given: GivenAnswers = { survey, test: [...partial, ...(await answerQuestions(frame, course, Infinity))] };
      await frame.waitForSelector('#to-results');
      await expectAllKept(std, page, course, given);
      await press(frame, '#to-results', 'Enter');
      await press(frame, '#exit', 'Enter');
      await frame.waitForFunction(() => !document.querySelector('#exit'));
      await expect.poll(async () => (await committedRecord(std, page))?.exit).toBe(std === 'scorm2004' ? 'normal' : '');
      finished = await nextLaunchData(std, page);
      await context.close();
    });

    it('relaunches the finished attempt without downgrading anything or reopening it as suspended', { timeout: scaled(120_000) }, async () => {
      const course = pkg().course;
      const done = lmsRecord(std, finished!);
      expect(std === 'scorm2004' ? [done.status, done.success, done.progress] : [done.status]).toEqual(std === 'scorm2004' ? ['completed', 'passed', 1] : ['passed']);
      const { context, page } = await learnerBrowser();
      const frame = await openCourse(std, page, origin(), finished);
      await expect.poll(async () => (await committedRecord(std, page)) !== null).toBe(true);
      // RTE 4.2.8: "suspend" keeps the attempt open for a later resume. A finished attempt is
      // not left that way, even for a moment: a crash now must not reopen it.
      const relaunched = (await committedRecord(std, page))!;
      expect(relaunched.exit).toBe(std === 'scorm2004' ? 'normal' : '');
      await press(frame, '.toc-list > li:nth-child(2) .toc-item', 'Enter');
      await frame.waitForSelector('.lesson-screen');
      await closeWindow(frame);
      const after = (await committedRecord(std, page))!;
      expect({ ...after, location: '', suspendData: '' }).toEqual({ ...done, location: '', suspendData: '' });
      expect(decodeState(after.suspendData, course)?.test).toEqual(decodeState(done.suspendData, course)?.test);
      await context.close();
    });
  });
});
