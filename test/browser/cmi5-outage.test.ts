/**
 * The cmi5 package across three sessions of one registration, with the LRS unreachable twice:
 * resume comes from the browser's copy (the test LRS has no State API), statements wait in
 * localStorage while the LRS is down and reach it afterwards, in order, each exactly once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Frame, Page } from 'playwright-core';
import type { Statement } from '@xapi/xapi';
import type { PlayerCourse } from '../../player/spec/course-data.ts';
import { launchBrowser, newContext, press } from './harness/browser.ts';
import { endsWithTerminated, launchInLms, queuedStatements, serveCmi5, statementsWhen, verbsOf } from './harness/cmi5-browser.ts';
import { startLms, type Cmi5Lms, type Launch } from './harness/cmi5-lms.ts';
import { startLrs, type Lrs } from './harness/cmi5-lrs.ts';
import { buildCmi5Package, type BuiltCmi5Package } from './harness/cmi5-package.ts';
import { cmi5RegistrationProblems, cmi5SessionProblems, sessionOf, VERB, xapiWarnings } from './harness/cmi5-rules.ts';
import { answerFor, answerSurvey, readSlides, takeTest } from './harness/learner.ts';
import type { StaticServer } from './harness/server.ts';
import { scaled } from '../support/time-scale.ts';

let pkg: BuiltCmi5Package;
let lrs: Lrs;
let lms: Cmi5Lms;
let server: StaticServer;
let browser: Browser;
let course: PlayerCourse;

beforeAll(async () => {
  [pkg, lrs] = await Promise.all([buildCmi5Package('ja'), startLrs()]);
  course = pkg.course;
  lms = await startLms(lrs);
  [server, browser] = await Promise.all([serveCmi5(pkg.dir), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await lms?.close();
  await lrs?.stop();
  pkg?.cleanup();
});

const heading = (frame: Frame) => frame.textContent('main h1');

/** Answers the question on screen rightly, by keyboard, and moves on; returns its id. */
async function answerOne(frame: Frame): Promise<string> {
  await frame.waitForSelector('.question-screen #check');
  const name = (await frame.getAttribute('.choices input', 'name'))!;
  const q = course.test.questions.find((x) => `q-${x.id}` === name)!;
  const answer = answerFor(q, true);
  if (q.type === 'multiple-choice') {
    for (const id of answer) await press(frame, `input[value="${id}"]`, 'Space');
  } else {
    await press(frame, '.choices input', 'Space');
    for (let n = 0; n < q.choices.findIndex((c) => c.id === answer[0]); n++) await frame.page().keyboard.press('ArrowDown');
  }
  await press(frame, '#check', 'Enter');
  await frame.waitForFunction(() => document.activeElement?.id === 'next-question');
  const before = await heading(frame);
  await frame.page().keyboard.press('Enter');
  await frame.waitForFunction((b) => document.querySelector('main h1')?.textContent !== b, before);
  return q.id;
}

/** The queue as the package's origin holds it, read from the LMS page (same origin as /pkg/). */
const queueOnOrigin = (page: Page) =>
  page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('cmi5-outbox:')).flatMap((k) => JSON.parse(localStorage.getItem(k)!) as Statement[]));

describe('cmi5: resume and an unreachable LRS', { timeout: scaled(90_000) }, () => {
  it('resumes from the browser’s copy, queues statements while the LRS is down and delivers them once, in order', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const warnings: string[] = [];
    page.on('console', (m) => warnings.push(m.text()));
    const launches: Launch[] = [];
    const launch = async () => {
      const l = await lms.launch({ auUrl: `${server.origin}/pkg/index.html`, au: pkg.au, registration: launches[0]?.registration });
      launches.push(l);
      return launchInLms(page, server.origin, l.url);
    };

    // Session 1: the survey and five slides, then the window goes away.
    let frame = await launch();
    await press(frame, '#start', 'Enter');
    await frame.waitForSelector('.survey-screen');
    await answerSurvey(frame, course);
    await readSlides(frame, 5);
    const leftAt = await heading(frame);
    await frame.goto('about:blank');
    await statementsWhen(lrs, launches[0]!.registration, endsWithTerminated(launches[0]!.sessionId), 'session 1 terminated');

    // Session 2: back on the same slide, from the local copy; the State API's absence said once.
    frame = await launch();
    expect(await heading(frame)).toBe(leftAt);
    // Said once per session, when the first save's PUT of the state document is refused.
    await expect.poll(() => warnings.filter((l) => l.includes('does not keep the learner state')).length).toBe(2);
    await readSlides(frame);
    await press(frame, '#start-test', 'Enter');
    const answered = [await answerOne(frame), await answerOne(frame)];

    // The LRS goes away (once it has everything so far): two answers wait in localStorage, the
    // learner is told it is retrying.
    const queueEmpty = () => frame.waitForFunction(() => !Object.keys(localStorage).some((k) => k.startsWith('cmi5-outbox:')));
    await queueEmpty();
    lms.setReachable(false);
    const saveStatus = () => frame.textContent('.save-status');
    answered.push(await answerOne(frame));
    await frame.waitForFunction((text) => document.querySelector('.save-status')?.textContent === text, course.ui.saveRetrying!);
    // Said until something is saved again: a new screen and another answer do not clear it.
    answered.push(await answerOne(frame));
    expect(await saveStatus()).toBe(course.ui.saveRetrying);
    const waiting = await queuedStatements(frame);
    expect(verbsOf(waiting)).toEqual(['answered', 'answered']);
    expect(waiting.map((s) => (s.object as { id: string }).id.split('/').pop())).toEqual(answered.slice(2));
    await frame.waitForFunction((text) => document.querySelector('.save-status')?.textContent === text, course.ui.saveRetrying!);

    // Back: the next answer's save sends the queue first, then itself, and the learner is told.
    lms.setReachable(true);
    answered.push(await answerOne(frame));
    await queueEmpty();
    await frame.waitForFunction((text) => document.querySelector('.save-status')?.textContent === text, course.ui.saved!);
    const s2 = launches[1]!;
    const delivered = (await lrs.statements(s2.registration)).filter((s) => sessionOf(s) === s2.sessionId);
    expect(delivered.filter((s) => s.verb.id === VERB.answered).map((s) => (s.object as { id: string }).id.split('/').pop())).toEqual(answered);

    // Down again, two more answers, and the window closes: terminated waits with them.
    lms.setReachable(false);
    answered.push(await answerOne(frame), await answerOne(frame));
    await frame.waitForFunction((text) => document.querySelector('.save-status')?.textContent === text, course.ui.saveRetrying!);
    await frame.goto('about:blank');
    expect(verbsOf(await queueOnOrigin(page))).toEqual(['answered', 'answered', 'terminated']);
    lms.setReachable(true);

    // Session 3: the queue of session 2 goes first, then this session; the test goes on at question 8.
    frame = await launch();
    expect(await heading(frame)).toBe(course.ui.questionOf!.replace('{n}', String(answered.length + 1)).replace('{total}', String(course.test.questionsPerAttempt)));
    const rest = await takeTest(frame, course, []);
    expect(rest).toHaveLength(course.test.questionsPerAttempt - answered.length);
    await frame.waitForSelector('#to-results');
    await press(frame, '#to-results', 'Enter');
    await press(frame, '#exit', 'Enter');
    const [l1, l2, l3] = launches as [Launch, Launch, Launch];
    const all = await statementsWhen(lrs, l1.registration, endsWithTerminated(l3.sessionId), 'session 3 terminated');

    // Every statement valid, each once; each session follows the cmi5 rules on its own.
    expect(xapiWarnings(all)).toEqual([]);
    expect(cmi5RegistrationProblems(all)).toEqual([]);
    const sessionStatements = (l: Launch) => all.filter((s) => sessionOf(s) === l.sessionId && s.verb.id !== VERB.launched);
    for (const l of launches) {
      const expectation = { sessionId: l.sessionId, registration: l.registration, activityId: l.activityId, publisherId: pkg.au.id, launchMode: 'Normal' as const, masteryScore: 0.8 };
      expect(cmi5SessionProblems(sessionStatements(l), expectation)).toEqual([]);
    }
    const n = course.test.questionsPerAttempt;
    expect(verbsOf(sessionStatements(l1))).toEqual(['initialized', ...Array(course.survey.items.length).fill('answered'), 'terminated']);
    expect(verbsOf(sessionStatements(l2))).toEqual(['initialized', ...Array(answered.length).fill('answered'), 'terminated']);
    expect(verbsOf(sessionStatements(l3))).toEqual(['initialized', ...Array(n - answered.length).fill('answered'), 'passed', 'completed', 'terminated']);
    const questionIds = all
      .filter((s) => s.verb.id === VERB.answered && (s.object as { id: string }).id.includes('/confirmation-test/'))
      .map((s) => (s.object as { id: string }).id.split('/').pop());
    expect(questionIds).toEqual([...answered, ...rest.map((a) => a.id)]);
    expect(new Set(questionIds).size).toBe(n);

    // Stored order: all of session 2, delivered late, before anything the AU sent in session 3.
    const stored = all.filter((s) => s.verb.id !== VERB.launched).map((s) => sessionOf(s));
    expect(stored.lastIndexOf(l2.sessionId)).toBeLessThan(stored.indexOf(l3.sessionId));
    expect(all.filter((s) => s.verb.id === VERB.launched)).toHaveLength(3);
    await context.close();
  });

  it('after a reload of an ended session, keeps the learner’s place and answers for the next launch', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const launchOnce = async (registration?: string) => {
      const l = await lms.launch({ auUrl: `${server.origin}/pkg/index.html`, au: pkg.au, registration });
      return { l, frame: await launchInLms(page, server.origin, l.url) };
    };
    const first = await launchOnce();
    let frame = first.frame;
    await press(frame, '#start', 'Enter');
    await frame.waitForSelector('.survey-screen');
    // Reload: pagehide ended the session; the page comes back on the same launch URL.
    await frame.evaluate(() => location.reload());
    await frame.waitForSelector('.survey-screen');
    await statementsWhen(lrs, first.l.registration, endsWithTerminated(first.l.sessionId), 'terminated on reload');
    // The learner answers the survey and reads on; nothing can be recorded, and the page says so.
    await answerSurvey(frame, course);
    await frame.waitForFunction((text) => document.querySelector('.save-status')?.textContent === text, course.ui.saveFailed!);
    await readSlides(frame, 2);
    const leftAt = await heading(frame);
    await frame.goto('about:blank');
    const fetchPath = new URL(new URL(first.l.url).searchParams.get('fetch')!).pathname;
    expect(lms.log.filter((e) => e.path === fetchPath).map((e) => e.status)).toEqual([200]); // the one-time URL, used once
    expect(verbsOf(await lrs.statements(first.l.registration))).toEqual(['launched', 'initialized', 'terminated']);

    // The next launch resumes there and sends the survey answers in its own session.
    const second = await launchOnce(first.l.registration);
    frame = second.frame;
    expect(await heading(frame)).toBe(leftAt);
    await frame.goto('about:blank');
    const all = await statementsWhen(lrs, first.l.registration, endsWithTerminated(second.l.sessionId), 'session 2 terminated');
    const session2 = all.filter((s) => sessionOf(s) === second.l.sessionId && s.verb.id !== VERB.launched);
    expect(verbsOf(session2)).toEqual(['initialized', ...Array(course.survey.items.length).fill('answered'), 'terminated']);
    const expectation = { sessionId: second.l.sessionId, registration: second.l.registration, activityId: second.l.activityId, publisherId: pkg.au.id, launchMode: 'Normal' as const, masteryScore: 0.8 };
    expect(cmi5SessionProblems(session2, expectation)).toEqual([]);
    expect(xapiWarnings(all)).toEqual([]);
    await context.close();
  });
});
