/**
 * The organisation report's xAPI reader fed with what the real cmi5 player sent: the package
 * launched by the test LMS in Chromium, a keyboard learner answering the survey (a Likert point
 * on every item, "don't know", a choice, a select-all, free text with tabs, quotes and Japanese)
 * and the test, the statements read back from a real LRS, as an array and as the LRS's own page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { Statement } from '@xapi/xapi';
import type { PlayerCourse } from '../../player/spec/course-data.ts';
import { interactionActivityId, interactionOf } from '../../player/lms/cmi5-statements.ts';
import { EXTENSIONS } from '../../player/spec/cmi5.ts';
import { scalePoints } from '../../player/survey.ts';
import { readXapi, recognise } from '../../build/report/read/xapi.ts';
import { ReportInputError, type Submission } from '../../build/report/model.ts';
import { launchBrowser, newContext, press } from './harness/browser.ts';
import { launchInLms, serveCmi5, statementsWhen } from './harness/cmi5-browser.ts';
import { startLms, type Cmi5Lms, type Launch } from './harness/cmi5-lms.ts';
import { startLrs, XAPI_HEADERS, type Lrs } from './harness/cmi5-lrs.ts';
import { buildCmi5Package, type BuiltCmi5Package } from './harness/cmi5-package.ts';
import { VERB } from './harness/cmi5-rules.ts';
import { readSlides, takeTest, type GivenAnswer } from './harness/learner.ts';
import type { StaticServer } from './harness/server.ts';
import { scaled } from '../support/time-scale.ts';

const FREE_TEXT = '電話で「責任者を出せ」と\t2時間。\n"Say it again", they said; \'no\'.';

let pkg: BuiltCmi5Package;
let lrs: Lrs;
let lms: Cmi5Lms;
let server: StaticServer;
let browser: Browser;
let course: PlayerCourse;
let launch: Launch;
/** The survey as the learner answered it: item id → the response the record must hold. */
let chosen: Record<string, string>;
let test: GivenAnswer[];
/** The registration's statements as the LRS returns them, and its statements API's page as bytes. */
let statements: Statement[];
let page: Uint8Array;

const encode = (json: unknown) => new TextEncoder().encode(JSON.stringify(json));

beforeAll(async () => {
  [pkg, lrs] = await Promise.all([buildCmi5Package('ja'), startLrs()]);
  course = pkg.course;
  lms = await startLms(lrs);
  [server, browser] = await Promise.all([serveCmi5(pkg.dir), launchBrowser()]);

  launch = await lms.launch({ auUrl: `${server.origin}/pkg/index.html`, au: pkg.au });
  const context = await newContext(browser);
  const frame = await launchInLms(await context.newPage(), server.origin, launch.url);
  await frame.waitForSelector('.title-screen');
  await press(frame, '#start', 'Enter');
  await frame.waitForSelector('.survey-screen');
  chosen = {};
  const tick = async (item: string, value: string) => {
    await press(frame, `input[name="${item}"][value="${value}"]`, 'Space');
    chosen[item] = value;
  };
  for (const [i, item] of course.survey.items.entries()) {
    if (item.type === 'likert') {
      const points = scalePoints(course.survey, item).map((p) => p.id);
      if (item.id === 'aw_work_policy') await tick(item.id, 'dk');
      else await tick(item.id, points[i % points.length]!);
    }
  }
  await tick('seg_contact', 'monthly');
  await press(frame, 'input[name="seg_channel"][value="phone"]', 'Space');
  await press(frame, 'input[name="seg_channel"][value="counter"]', 'Space');
  // Recorded in the options' order, whatever order they were ticked in.
  chosen['seg_channel'] = 'counter[,]phone';
  // A tab cannot be typed into a text area by keyboard (it moves the focus): pasted, as people do.
  await frame.fill('textarea[name="fx_hard_situation"]', FREE_TEXT);
  chosen['fx_hard_situation'] = FREE_TEXT;
  await press(frame, '#submit-survey', 'Enter');
  await frame.waitForSelector('.lesson-screen');
  await readSlides(frame);
  await press(frame, '#start-test', 'Enter');
  test = await takeTest(frame, course, [1, 4]);
  const items = course.survey.items.length;
  statements = await statementsWhen(
    lrs,
    launch.registration,
    (all) => all.filter((s) => s.verb.id === VERB.answered).length === items + test.length && all.some((s) => s.verb.id === VERB.passed || s.verb.id === VERB.failed),
    'every answer and the outcome',
  );
  const res = await fetch(`${lrs.endpoint}statements?registration=${encodeURIComponent(launch.registration)}&limit=500`, { headers: XAPI_HEADERS });
  page = new Uint8Array(await res.arrayBuffer());
  await context.close();
}, scaled(240_000));

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await lms?.close();
  await lrs?.stop();
  pkg?.cleanup();
});

/** The submission the learner's choices must read back as. */
function expectedSubmission(file: string): Submission {
  // Every survey item is recorded, an optional one left blank with an empty response.
  const survey = course.survey.items.map((it) => ({ id: `survey.${it.id}`, response: chosen[it.id] ?? '', result: null }));
  const questions = test.map((q) => ({ id: `test.a1.${q.id}`, response: q.answer.join('[,]'), result: q.right ? 'correct' : 'incorrect' }));
  return {
    file,
    format: 'xapi',
    learner: { key: 'actor:https://lms.example/learner-0001', name: '山田 花子', email: null, groups: [] },
    attempt: 1,
    at: statements.map((s) => s.timestamp!).sort().at(-1)!,
    score: 80,
    answers: [...survey, ...questions].map((a, index) => ({ ...a, index })),
    empty: false,
  };
}

describe('xAPI statements of the cmi5 player, read for the organisation report', { timeout: scaled(60_000) }, () => {
  it('the learner answered everything the survey shows, the test 8 of 10', () => {
    expect(test.length).toBe(10);
    expect(test.filter((q) => q.right).length).toBe(8);
    expect(chosen['aw_work_policy']).toBe('dk');
    expect(Object.keys(chosen).length).toBe(course.survey.items.filter((i) => i.type === 'likert').length + 3);
  });

  it('read as a JSON array, the registration is one submission holding exactly what the learner chose', async () => {
    const bytes = encode(statements);
    expect(recognise(bytes)).toBe(true);
    expect(await readXapi('lrs.json', bytes)).toEqual([expectedSubmission('lrs.json')]);
  });

  it('read as the LRS\'s own page ({ statements, more }), and as several pages, the same', async () => {
    expect(recognise(page)).toBe(true);
    expect(await readXapi('page.json', page)).toEqual([expectedSubmission('page.json')]);
    const [first, second] = [statements.slice(0, 12), statements.slice(12)];
    const pages = encode([{ statements: second, more: '' }, { statements: first, more: '/xAPI/statements?more=1' }]);
    expect(await readXapi('pages.json', pages)).toEqual([expectedSubmission('pages.json')]);
  });

  it('a voided answer is left out; the answer given again after it is kept', async () => {
    const answered = statements.filter((s) => s.verb.id === VERB.answered);
    const target = answered.find((s) => (s.object as { id: string }).id.endsWith('/question/aw_know_law'))!;
    const voiding = { ...target, id: '6f1c1c57-0000-4000-8000-000000000001', verb: { id: 'http://adlnet.gov/expapi/verbs/voided' }, object: { objectType: 'StatementRef', id: target.id } };
    const [voidedOnly] = await readXapi('lrs.json', encode([...statements, voiding]));
    expect(voidedOnly!.answers.map((a) => a.id)).not.toContain('survey.aw_know_law');
    expect(voidedOnly!.answers.length).toBe(course.survey.items.length + test.length - 1);

    const later = new Date(Date.parse(statements.at(-1)!.timestamp!) + 1000).toISOString();
    const again = { ...target, id: '6f1c1c57-0000-4000-8000-000000000002', timestamp: later, result: { ...target.result, response: 's5' } };
    const [answeredAgain] = await readXapi('lrs.json', encode([voiding, ...statements, again]));
    expect(answeredAgain!.answers.find((a) => a.id === 'survey.aw_know_law')).toEqual({ id: 'survey.aw_know_law', index: course.survey.items.length + test.length - 1, response: 's5', result: null });
    expect(answeredAgain!.at).toBe(later);
  });

  it('each answered statement names its record id, so a second try of the test is attempt 2 as the SCORM record numbers it', async () => {
    const answered = statements.filter((s) => s.verb.id === VERB.answered && (s.object as { id: string }).id.includes('/confirmation-test/'));
    expect(answered.map((s) => s.context?.extensions?.[EXTENSIONS.recordId])).toEqual(test.map((q) => `test.a1.${q.id}`));
    const base = Date.parse(statements.at(-1)!.timestamp!);
    // The player's second try: the same questions' activities, the record ids of attempt 2.
    const retry = answered.map((s, k) => ({
      ...s,
      id: `6f1c1c57-0000-4000-8000-1000000000${String(k).padStart(2, '0')}`,
      timestamp: new Date(base + 1000 * (k + 1)).toISOString(),
      context: { ...s.context, extensions: { ...s.context!.extensions, [EXTENSIONS.recordId]: String(s.context!.extensions![EXTENSIONS.recordId]).replace('test.a1.', 'test.a2.') } },
    }));
    const [sub] = await readXapi('lrs.json', encode([...statements, ...retry]));
    expect(sub!.answers.filter((a) => a.id!.startsWith('test.a2.')).map((a) => a.id)).toEqual(test.map((q) => `test.a2.${q.id}`));
  });

  it('statements of older packages (no record id) still number a second try as attempt 2', async () => {
    const bare = (s: Statement) => ({ ...s, context: { ...s.context, extensions: Object.fromEntries(Object.entries(s.context?.extensions ?? {}).filter(([k]) => k !== EXTENSIONS.recordId)) } });
    const answered = statements.filter((s) => s.verb.id === VERB.answered && (s.object as { id: string }).id.includes('/confirmation-test/'));
    const base = Date.parse(statements.at(-1)!.timestamp!);
    const retry = answered.map((s, k) => ({ ...bare(s), id: `6f1c1c57-0000-4000-8000-2000000000${String(k).padStart(2, '0')}`, timestamp: new Date(base + 1000 * (k + 1)).toISOString() }));
    const [sub] = await readXapi('lrs.json', encode([...statements.map(bare), ...retry]));
    expect(sub!.answers.filter((a) => a.id!.startsWith('test.a2.')).map((a) => a.id)).toEqual(test.map((q) => `test.a2.${q.id}`));
  });

  it('the record id is recovered from the interaction activity id the player made', () => {
    const au = launch.activityId;
    expect(interactionOf(interactionActivityId(au, 'survey.aw_work_policy'))).toEqual({ kind: 'survey', id: 'aw_work_policy' });
    expect(interactionOf(interactionActivityId(au, 'test.a3.q_rules_02'))).toEqual({ kind: 'test', id: 'q_rules_02' });
    expect(interactionOf(au)).toBeNull();
  });

  it('statements of another tool are refused, saying what was expected', async () => {
    const foreign = [
      {
        actor: { mbox: 'mailto:someone@example.com' },
        verb: { id: 'http://adlnet.gov/expapi/verbs/answered' },
        object: { id: 'https://quiz.example/q/7' },
        result: { response: 'b' },
        timestamp: '2026-10-01T09:00:00.000Z',
      },
    ];
    expect(recognise(encode(foreign))).toBe(true);
    const error = await readXapi('other.json', encode(foreign)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReportInputError);
    expect((error as ReportInputError).message).toBe(
      'other.json: none of its 1 xAPI statements answers a survey item or test question of our cmi5 package (an "answered" statement whose object id ends in /test/awareness-survey/question/<item> or /test/confirmation-test/question/<question>)',
    );
    expect(recognise(encode({ name: 'not statements' }))).toBe(false);
    expect(((await readXapi('package.json', encode({ name: 'x' })).catch((e: unknown) => e)) as ReportInputError).message).toBe(
      'package.json: the JSON holds no xAPI statements (neither an array of statements nor an object with "statements")',
    );
  });
});
