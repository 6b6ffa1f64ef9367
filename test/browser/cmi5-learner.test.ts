/**
 * The built cmi5 package, launched by a test LMS (harness/cmi5-lms.ts) in a frame and taken by a
 * keyboard-only learner, with a real LRS (xapi-statements, in memory, on 127.0.0.1) behind the
 * LMS's endpoint. Everything is asserted on the statements read back from the LRS.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Frame, Page } from 'playwright-core';
import type { Statement } from '@xapi/xapi';
import type { PlayerCourse } from '../../player/spec/course-data.ts';
import { itemOptions } from '../../player/survey.ts';
import { launchBrowser, newContext, press } from './harness/browser.ts';
import { endsWithTerminated, launchInLms, queuedStatements, serveCmi5, statementsWhen, verbsOf } from './harness/cmi5-browser.ts';
import { LEARNER, SESSION_ID, startLms, type Cmi5Lms, type Launch, type LaunchOptions } from './harness/cmi5-lms.ts';
import { startLrs, type Lrs } from './harness/cmi5-lrs.ts';
import { buildCmi5Package, type BuiltCmi5Package } from './harness/cmi5-package.ts';
import { CMI5, cmi5RegistrationProblems, cmi5SessionProblems, isDefined, MASTERY_SCORE, seconds, VERB, xapiWarnings } from './harness/cmi5-rules.ts';
import { answerSurvey, FREE_TEXT, readSlides, takeTest, type GivenAnswer } from './harness/learner.ts';
import type { StaticServer } from './harness/server.ts';
import { scaled } from '../support/time-scale.ts';
import { EXTENSIONS } from '../../player/spec/cmi5.ts';

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

const auUrl = () => `${server.origin}/pkg/index.html`;
const launchWith = (o: Partial<LaunchOptions> = {}) => lms.launch({ auUrl: auUrl(), au: pkg.au, ...o });

interface Walk {
  page: Page;
  frame: Frame;
  survey: Record<string, string>;
  answers: GivenAnswer[];
  console: string[];
  requests: string[];
}

/** Launch, survey, every slide, the test with question `wrongAt` answered wrongly, results. */
async function walkCourse(launch: Launch, wrongAt: number[]): Promise<Walk> {
  const context = await newContext(browser);
  const page = await context.newPage();
  const consoleLines: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => consoleLines.push(m.text()));
  page.on('request', (r) => requests.push(`${r.method()} ${r.url()}`));
  const frame = await launchInLms(page, server.origin, launch.url);
  await frame.waitForSelector('.title-screen');
  await press(frame, '#start', 'Enter');
  await frame.waitForSelector('.survey-screen');
  const survey = await answerSurvey(frame, course);
  await readSlides(frame);
  await frame.waitForSelector('#start-test');
  await press(frame, '#start-test', 'Enter');
  const answers = await takeTest(frame, course, wrongAt);
  await frame.waitForSelector('#to-results');
  await press(frame, '#to-results', 'Enter');
  await frame.waitForSelector('#exit');
  return { page, frame, survey, answers, console: consoleLines, requests };
}

const expectation = (launch: Launch) => ({
  sessionId: launch.sessionId,
  registration: launch.registration,
  activityId: launch.activityId,
  publisherId: pkg.au.id,
  launchMode: launch.launchData.launchMode,
  masteryScore: launch.launchData.masteryScore,
});

const byVerb = (all: Statement[], verb: string) => all.filter((s) => s.verb.id === verb);

describe('cmi5 package launched by an LMS, statements read back from a real LRS', { timeout: scaled(90_000) }, () => {
  it('records initialized, one answer per survey item and question, passed, completed and terminated, in that order', async () => {
    const launch = await launchWith();
    expect(launch.launchData.masteryScore).toBe(0.8);
    const walk = await walkCourse(launch, [0]);
    expect(await walk.frame.textContent('.results')).toContain(course.ui.passed!);
    await press(walk.frame, '#exit', 'Enter');
    const all = await statementsWhen(lrs, launch.registration, endsWithTerminated(launch.sessionId), 'terminated');

    // Every statement is valid xAPI and follows the cmi5 rules for an AU.
    expect(xapiWarnings(all)).toEqual([]);
    expect(all[0]!.id).toBe(launch.launched.id); // the LMS's own, before the launch
    const au = all.slice(1);
    expect(cmi5SessionProblems(au, expectation(launch))).toEqual([]);
    expect(cmi5RegistrationProblems(all)).toEqual([]);

    const items = course.survey.items.length;
    const questions = walk.answers.length;
    expect(questions).toBe(course.test.questionsPerAttempt);
    expect(verbsOf(au)).toEqual(['initialized', ...Array(items + questions).fill('answered'), 'passed', 'completed', 'terminated']);
    expect(new Set(all.map((s) => s.id)).size).toBe(all.length);
    for (const s of au) expect(s.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);

    // The outcome: 9 of 10 against the course's masteryScore 0.8.
    const [passed] = byVerb(au, VERB.passed);
    expect(passed!.result!.score).toEqual({ scaled: 0.9, raw: 90, min: 0, max: 100 });
    expect(passed!.result!.success).toBe(true);
    expect(passed!.context!.extensions![MASTERY_SCORE]).toBe(0.8);
    expect(passed!.context!.contextActivities!.category!.map((c) => c.id).sort()).toEqual([CMI5, 'https://w3id.org/xapi/cmi5/context/categories/moveon']);
    const [completed] = byVerb(au, VERB.completed);
    expect(completed!.result).toEqual({ completion: true, duration: expect.any(String) });
    const [terminated] = byVerb(au, VERB.terminated);
    expect(Object.keys(terminated!.result!)).toEqual(['duration']);
    expect(terminated!.context!.contextActivities!.category!.map((c) => c.id)).toEqual([CMI5]);
    // Durations are session time from initialized: they grow, and the whole walk took seconds.
    const d = [passed, completed, terminated].map((s) => seconds(s!.result!.duration));
    expect(d[0]).toBeGreaterThan(1);
    expect(d[1]).toBeGreaterThanOrEqual(d[0]!);
    expect(d[2]).toBeGreaterThanOrEqual(d[1]!);
    const wall = (Date.parse(terminated!.timestamp!) - Date.parse(au[0]!.timestamp!)) / 1000;
    expect(Math.abs(d[2]! - wall)).toBeLessThan(1);

    // Every statement carries the LMS's context template: session id and publisher id.
    for (const s of au) {
      expect(s.context!.extensions![SESSION_ID]).toBe(launch.sessionId);
      expect(s.context!.contextActivities!.grouping).toEqual([{ objectType: 'Activity', id: pkg.au.id }]);
      expect(s.actor).toEqual(LEARNER);
    }

    // Survey answers: likert with the scale, free text as fill-in; no correct response, no success.
    const answered = byVerb(au, VERB.answered);
    course.survey.items.forEach((item, n) => {
      const s = answered[n]!;
      const object = s.object as { id: string; definition: Record<string, any> };
      expect(isDefined(s)).toBe(false);
      expect(s.context!.contextActivities!.parent).toEqual([{ objectType: 'Activity', id: launch.activityId }]);
      expect(object.id).toBe(`${launch.activityId}/test/awareness-survey/question/${item.id}`);
      expect(object.definition.description).toEqual({ ja: item.text });
      expect(object.definition.correctResponsesPattern).toBeUndefined();
      expect(s.result!.success).toBeUndefined();
      expect(seconds(s.result!.duration)).toBeGreaterThanOrEqual(0);
      if (item.type === 'likert') {
        // The item's own scale, "don't know" after it where the item offers it.
        expect(object.definition.interactionType).toBe('likert');
        expect(object.definition.scale).toEqual(itemOptions(course.survey, item).map((x) => ({ id: x.id, description: { ja: x.label } })));
        expect(s.result!.response).toBe(walk.survey[item.id]);
      } else if (item.type === 'choice') {
        // An optional choice item left blank: its options, no response.
        expect(object.definition.interactionType).toBe('choice');
        expect(object.definition.choices).toEqual(item.options.map((x) => ({ id: x.id, description: { ja: x.label } })));
        expect(s.result!.response).toBe('');
      } else {
        expect(object.definition.interactionType).toBe(item.maxLength <= 250 ? 'fill-in' : 'long-fill-in');
        expect(s.result!.response).toBe(walk.survey[item.id] ?? '');
      }
    });
    expect(answered.some((s) => s.result!.response === FREE_TEXT)).toBe(true);

    // Test answers, in the order given: the question's choices, the correct pattern, success.
    const bank = new Map(course.test.questions.map((q) => [q.id, q]));
    walk.answers.forEach((a, n) => {
      const s = answered[items + n]!;
      const q = bank.get(a.id)!;
      const object = s.object as { id: string; definition: Record<string, any> };
      expect(object.id).toBe(`${launch.activityId}/test/confirmation-test/question/${q.id}`);
      expect(object.definition.interactionType).toBe(q.type === 'true-false' ? 'true-false' : 'choice');
      expect(object.definition.correctResponsesPattern).toEqual([q.correct.join('[,]')]);
      expect(object.definition.description).toEqual({ ja: q.description });
      if (q.type !== 'true-false') expect(object.definition.choices.map((c: { id: string }) => c.id)).toEqual(q.choices.map((c) => c.id));
      expect(s.result!.response).toBe(a.answer.join('[,]'));
      expect(s.result!.success).toBe(a.right);
    });
    expect(answered.filter((s) => s.result!.success === false)).toHaveLength(1);

    // One token fetch (a POST, §8.2) and one read of LMS.LaunchData. The test LRS has no State
    // API: the learner state is read and written once each, refused, said once in the console;
    // the local copy carries it from there.
    const fetchUrl = new URL(launch.url).searchParams.get('fetch')!;
    expect(walk.requests.filter((r) => r.includes(fetchUrl))).toEqual([`POST ${fetchUrl}`]);
    const stateRequests = (stateId: string) => walk.requests.filter((r) => new URL(r.split(' ')[1]!).searchParams.get('stateId') === stateId).map((r) => r.split(' ')[0]);
    expect(stateRequests('LMS.LaunchData')).toEqual(['GET']);
    expect(stateRequests('https://courses.example/xapi/state/learner-state')).toEqual(['GET', 'PUT']);
    expect(walk.console.filter((l) => l.includes('does not keep the learner state'))).toHaveLength(1);
    // Nothing left waiting, and no request to anywhere but the package and the LMS.
    expect(await queuedStatements(walk.frame)).toEqual([]);
    expect(walk.requests.map((r) => r.split(' ')[1]!).filter((u) => !u.startsWith(server.origin) && !u.startsWith(lms.origin) && !u.startsWith('data:'))).toEqual([]);
    await walk.page.context().close();
  });

  it('takes the masteryScore of the launch data over the course’s, sends failed at the end of the session, then returns to the LMS', async () => {
    const returnURL = `${server.origin}/harness/cmi5-lms.html?returned`;
    const launch = await launchWith({ masteryScore: 0.95, returnURL });
    const walk = await walkCourse(launch, [0]);
    // 90 % passes the course's 80 % but not the LMS's 95 %.
    expect(await walk.frame.textContent('.results')).toContain(course.ui.failed!);
    // Before the session ends: no failed yet, so a retry in this session could still pass.
    const before = await statementsWhen(lrs, launch.registration, (all) => all.some((s) => s.verb.id === VERB.completed), 'completed');
    expect(byVerb(before, VERB.failed)).toEqual([]);
    await press(walk.frame, '#exit', 'Enter');
    const all = await statementsWhen(lrs, launch.registration, endsWithTerminated(launch.sessionId), 'terminated');
    const au = all.slice(1);
    expect(xapiWarnings(all)).toEqual([]);
    expect(cmi5SessionProblems(au, expectation(launch))).toEqual([]);
    expect(verbsOf(au).slice(-3)).toEqual(['completed', 'failed', 'terminated']);
    expect(byVerb(au, VERB.passed)).toEqual([]);
    const [failed] = byVerb(au, VERB.failed);
    expect(failed!.result).toMatchObject({ score: { scaled: 0.9, raw: 90, min: 0, max: 100 }, success: false });
    expect(failed!.context!.extensions![MASTERY_SCORE]).toBe(0.95);
    // §10: the launch data's returnURL takes the learner back once the session is over.
    await walk.frame.waitForURL(returnURL);
    await walk.page.context().close();
  });

  it('sends only initialized and terminated in Browse mode, whatever the learner does', async () => {
    const launch = await launchWith({ launchMode: 'Browse' });
    const context = await newContext(browser);
    const page = await context.newPage();
    const frame = await launchInLms(page, server.origin, launch.url);
    await press(frame, '#start', 'Enter');
    await frame.waitForSelector('.survey-screen');
    await answerSurvey(frame, course);
    await readSlides(frame, 3);
    await frame.goto('about:blank'); // leaving: pagehide ends the session
    const all = await statementsWhen(lrs, launch.registration, endsWithTerminated(launch.sessionId), 'terminated');
    expect(verbsOf(all)).toEqual(['launched', 'initialized', 'terminated']);
    expect(xapiWarnings(all)).toEqual([]);
    expect(cmi5SessionProblems(all.slice(1), expectation(launch))).toEqual([]);
    await context.close();
  });

  it('builds the same statements as the @xapi/cmi5 library does for the same launch', async () => {
    // The player's statements, from a walk with every answer right.
    const launch = await launchWith();
    const walk = await walkCourse(launch, []);
    await press(walk.frame, '#exit', 'Enter');
    const ours = (await statementsWhen(lrs, launch.registration, endsWithTerminated(launch.sessionId))).slice(1);
    await walk.page.context().close();

    // The reference: @xapi/cmi5's own browser build, driven in a page against the same LMS and
    // LRS, sending the same events (the first question the learner answered, right).
    const q = course.test.questions.find((x) => x.id === walk.answers[0]!.id)!;
    const ref = await launchWith();
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(`${server.origin}/harness/cmi5-lms.html`);
    await page.addScriptTag({ type: 'module', content: "import Cmi5 from '/vendor/cmi5.esm.js'; window.Cmi5 = Cmi5;" });
    await page.waitForFunction(() => 'Cmi5' in window);
    const params = Object.fromEntries(new URL(ref.url).searchParams);
    await page.evaluate(
      async ([p, question]) => {
        const Cmi5 = (window as any).Cmi5;
        const cmi5 = new Cmi5({ ...p, actor: JSON.parse(p.actor!) });
        await cmi5.initialize();
        const period = { start: new Date(Date.now() - 3000), end: new Date() };
        if (question.type === 'true-false') {
          const answer = question.correct[0] === 'true';
          await cmi5.interactionTrueFalse('confirmation-test', question.id, answer, answer, undefined, undefined, true, period);
        } else {
          const choices = question.choices.map((id) => ({ id }));
          await cmi5.interactionChoice('confirmation-test', question.id, question.correct, question.correct, choices, undefined, undefined, true, period);
        }
        await cmi5.pass(0.9);
        await cmi5.complete();
        await cmi5.terminate();
      },
      [params, { id: q.id, type: q.type, correct: q.correct, choices: q.choices.map((c) => c.id) }] as const,
    );
    await context.close();
    const lib = (await lrs.statements(ref.registration)).slice(1);
    expect(verbsOf(lib)).toEqual(['initialized', 'answered', 'passed', 'completed', 'terminated']);

    const shape = (s: Statement, activityId: string) => ({
      verb: s.verb,
      object: { ...(s.object as object), id: (s.object as { id: string }).id.replace(activityId, '<au>'), definition: undefined },
      category: (s.context?.contextActivities?.category ?? []).map((c) => c.id).sort(),
      grouping: s.context?.contextActivities?.grouping,
      extensions: Object.keys(s.context?.extensions ?? {}).sort(),
      registration: typeof s.context?.registration,
      result: Object.keys(s.result ?? {}).sort(),
    });
    for (const verb of [VERB.initialized, VERB.passed, VERB.completed, VERB.terminated]) {
      const [a, b] = [lib.find((s) => s.verb.id === verb)!, ours.find((s) => s.verb.id === verb)!];
      expect(shape(b, launch.activityId), verb).toEqual(shape(a, ref.activityId));
    }
    // An answer: the same activity id scheme, definition and response; the player also names
    // the AU as parent, the texts (name, description, choice labels), the attempt's duration,
    // and the answer's record id (which test attempt it belongs to) in an extension of its own.
    const libAnswer = lib.find((s) => s.verb.id === VERB.answered)!;
    const ourAnswer = byVerb(ours, VERB.answered).find((s) => (s.object as { id: string }).id.endsWith(`/confirmation-test/question/${q.id}`))!;
    expect(ourAnswer.context?.extensions?.[EXTENSIONS.recordId]).toBe(`test.a1.${q.id}`);
    const withoutRecordId = { ...ourAnswer, context: { ...ourAnswer.context, extensions: Object.fromEntries(Object.entries(ourAnswer.context?.extensions ?? {}).filter(([k]) => k !== EXTENSIONS.recordId)) } };
    expect(shape(withoutRecordId, launch.activityId)).toEqual(shape(libAnswer, ref.activityId));
    const def = (s: Statement) => {
      const d = { ...(s.object as unknown as { definition: Record<string, unknown> }).definition };
      delete d.name;
      delete d.description;
      if (d.choices) d.choices = (d.choices as { id: string }[]).map((c) => c.id);
      return d;
    };
    expect(def(ourAnswer)).toEqual(def(libAnswer));
    expect(ourAnswer.result!.response).toBe(libAnswer.result!.response);
    expect(ourAnswer.result!.success).toBe(libAnswer.result!.success);
  });
});
