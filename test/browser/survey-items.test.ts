/**
 * Every kind of survey item answered in the real player, the way a learner answers with the
 * keyboard: a Likert item on its own scale, "don't know", a single choice, a select-all item,
 * an optional question left blank, free text. What each standard records for them (SCORM 2004
 * and 1.2 in scorm-again, cmi5 in a real LRS), and what survives leaving before submitting.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Frame } from 'playwright-core';
import type { Statement } from '@xapi/xapi';
import type { PlayerCourse } from '../../player/spec/course-data.ts';
import { buildPackage, type BuiltPackage } from './harness/package.ts';
import { cmiData, expectNoRejectedCalls, interactionsOf, launchBrowser, lmsLog, newContext, openInLms, press, serveCourse } from './harness/browser.ts';
import { answerSurvey } from './harness/learner.ts';
import { MOODLE } from './harness/moodle.ts';
import { buildPackage12, openInLms12, sentValueProblems, serveCourse12, type BuiltPackage12 } from './harness/scorm12.ts';
import { launchInLms, serveCmi5, statementsWhen } from './harness/cmi5-browser.ts';
import { startLms, type Cmi5Lms } from './harness/cmi5-lms.ts';
import { startLrs, type Lrs } from './harness/cmi5-lrs.ts';
import { buildCmi5Package, type BuiltCmi5Package } from './harness/cmi5-package.ts';
import { VERB, xapiWarnings } from './harness/cmi5-rules.ts';
import type { StaticServer } from './harness/server.ts';
import { scaled } from '../support/time-scale.ts';

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

/** The answers this learner gives beyond a point on every Likert item and one free text. */
const GIVEN = { dontKnow: 'aw_work_policy', single: ['seg_contact', 'weekly'], multiple: ['seg_channel', ['phone', 'visits']], blank: 'seg_department' } as const;

/**
 * Answers every item with the keyboard and leaves the survey unsubmitted: each Likert item a
 * point of its own scale (answerSurvey), then "don't know" on a yes/no item, one option of a
 * single choice, two options of a select-all item (ticked in reverse order), the department left
 * blank. Returns the answers as the player should hold them.
 */
async function answerEveryKind(frame: Frame, course: PlayerCourse): Promise<Record<string, string | string[]>> {
  const given: Record<string, string | string[]> = await answerSurvey(frame, course, false);
  await press(frame, `input[name="${GIVEN.dontKnow}"][value="dk"]`, 'Space');
  given[GIVEN.dontKnow] = 'dk';
  await press(frame, `input[name="${GIVEN.single[0]}"][value="${GIVEN.single[1]}"]`, 'Space');
  given[GIVEN.single[0]] = [GIVEN.single[1]];
  for (const id of [...GIVEN.multiple[1]].reverse()) await press(frame, `input[name="${GIVEN.multiple[0]}"][value="${id}"]`, 'Space');
  given[GIVEN.multiple[0]] = [...GIVEN.multiple[1]];
  return given;
}

/** What the survey screen shows as answered: the checked values of each item's inputs. */
function shownAnswers(frame: Frame): Promise<Record<string, string[]>> {
  return frame.$$eval('.survey-screen input:checked', (inputs) => {
    const out: Record<string, string[]> = {};
    for (const i of inputs as HTMLInputElement[]) (out[i.name] ??= []).push(i.value);
    return out;
  });
}

describe('SCORM 2004: every kind of survey item recorded, and restored after leaving', { timeout: scaled(120_000) }, () => {
  let pkg: BuiltPackage;
  let server: StaticServer;
  beforeAll(async () => {
    pkg = await buildPackage('ja');
    server = await serveCourse(pkg.dir);
  });
  afterAll(async () => {
    await server?.close();
    pkg?.cleanup();
  });

  it('keeps "don\'t know" and the options ticked when the learner leaves before submitting, then records each item as its type', async () => {
    const course = pkg.course;
    const context = await newContext(browser);
    const page = await context.newPage();
    let frame = await openInLms(page, server.origin);
    await press(frame, '#start', 'Enter');
    await frame.waitForSelector('.survey-screen');
    const given = await answerEveryKind(frame, course);

    // Leaving with the survey unsubmitted: the drafts reach the LMS in suspend_data, compactly.
    await frame.goto('about:blank');
    const saved = (await cmiData(page)).cmi;
    await expectNoRejectedCalls(page);
    expect(interactionsOf(saved)).toEqual([]);
    const state = JSON.parse(saved.suspend_data) as { s: { a: Record<string, string> } };
    expect(state.s.a).toMatchObject({ aw_work_policy: 'dk', seg_contact: 'weekly', seg_channel: 'phone.visits' });
    expect(state.s.a).not.toHaveProperty(GIVEN.blank);
    await context.close();

    // Back in a fresh browser, from what the LMS kept: the same answers are on the screen.
    const context2 = await newContext(browser);
    const page2 = await context2.newPage();
    frame = await openInLms(page2, server.origin, { ...saved, entry: 'resume' });
    await frame.waitForSelector('.survey-screen');
    const shown = await shownAnswers(frame);
    const expected = Object.fromEntries(
      Object.entries(given)
        .filter(([id]) => course.survey.items.find((i) => i.id === id)!.type !== 'text')
        .map(([id, v]) => [id, typeof v === 'string' ? [v] : v]),
    );
    expect(shown).toEqual(expected);

    await press(frame, '#submit-survey', 'Enter');
    await frame.waitForSelector('.lesson-screen');
    const cmi = (await cmiData(page2)).cmi;
    await expectNoRejectedCalls(page2);
    const records = new Map(interactionsOf(cmi).map((i) => [i.id, i]));
    expect(records.size).toBe(course.survey.items.length);
    // "Don't know" is a Likert response of its own; the options are ids; the blank question has none.
    expect(records.get('survey.aw_work_policy')).toMatchObject({ type: 'likert', learner_response: 'dk', result: 'neutral' });
    expect(records.get('survey.seg_contact')).toMatchObject({ type: 'choice', learner_response: 'weekly', result: 'neutral' });
    expect(records.get('survey.seg_channel')).toMatchObject({ type: 'choice', learner_response: 'phone[,]visits', result: 'neutral' });
    expect(records.get('survey.seg_department')).toMatchObject({ type: 'choice', learner_response: '' });
    expect(records.get('survey.aw_exp_received')).toMatchObject({ type: 'likert', learner_response: given['aw_exp_received'] });
    for (const r of records.values()) {
      expect(r.correct_responses).toEqual({});
      if (r.learner_response && (r.type === 'choice' || r.type === 'likert')) for (const part of r.learner_response.split('[,]')) expect(part).toMatch(MOODLE.identifier);
    }
    await context2.close();
  });

  it('drops a stored answer the item no longer offers, and asks for it again', async () => {
    const course = pkg.course;
    const context = await newContext(browser);
    const page = await context.newPage();
    // A state written by an earlier version of the course: "agreement" points on a frequency item.
    const stale = JSON.stringify({ v: 2, c: 5, cv: course.version, p: 'survey', s: { a: { aw_exp_received: 's4', seg_channel: 'phone.fax', aw_work_desk: 'y' } } });
    const frame = await openInLms(page, server.origin, { entry: 'resume', location: 'survey', suspend_data: stale });
    await frame.waitForSelector('.survey-screen');
    expect(await shownAnswers(frame)).toEqual({ aw_work_desk: ['y'] });
    await context.close();
  });
});

describe('SCORM 1.2: each answer as one character of the item\'s own answers', { timeout: scaled(120_000) }, () => {
  let pkg: BuiltPackage12;
  let server: StaticServer;
  beforeAll(async () => {
    pkg = await buildPackage12('en');
    server = await serveCourse12(pkg.dir);
  });
  afterAll(async () => {
    await server?.close();
    pkg?.cleanup();
  });

  it('sends "don\'t know" as 0, a point as its place on its scale, options as letters by their place', async () => {
    const course = pkg.course;
    const context = await newContext(browser);
    const page = await context.newPage();
    const frame = await openInLms12(page, server.origin);
    await press(frame, '#start', 'Enter');
    await frame.waitForSelector('.survey-screen');
    const given = await answerEveryKind(frame, course);
    await press(frame, '#submit-survey', 'Enter');
    await frame.waitForSelector('.lesson-screen');
    const cmi = (await cmiData(page)).cmi;
    await expectNoRejectedCalls(page);
    expect(sentValueProblems((await lmsLog(page)).calls)).toEqual([]);
    const records = new Map(interactionsOf(cmi).map((i) => [i.id, i]));
    expect(records.get('survey-aw_work_policy')).toMatchObject({ type: 'likert', student_response: '0' });
    // weekly is the second of four options; phone and visits the second and fourth.
    expect(records.get('survey-seg_contact')).toMatchObject({ type: 'choice', student_response: 'b' });
    expect(records.get('survey-seg_channel')).toMatchObject({ type: 'choice', student_response: 'b,d' });
    expect(records.get('survey-seg_department')).toMatchObject({ type: 'choice', student_response: '' });
    // A frequency point counts on its own four points, an agreement point on its five.
    const place = (id: string) => {
      const item = course.survey.items.find((i) => i.id === id)!;
      const points = item.type === 'likert' ? course.survey.scales.find((s) => s.id === item.scale)!.points : [];
      return String(points.findIndex((p) => p.id === given[id]) + 1);
    };
    for (const id of ['aw_exp_received', 'aw_know_law', 'aw_work_desk']) expect(records.get(`survey-${id}`)).toMatchObject({ type: 'likert', student_response: place(id) });
    await context.close();
  });
});

describe('cmi5: the answers in statements a report can read back', { timeout: scaled(120_000) }, () => {
  let pkg: BuiltCmi5Package;
  let lrs: Lrs;
  let lms: Cmi5Lms;
  let server: StaticServer;
  beforeAll(async () => {
    [pkg, lrs] = await Promise.all([buildCmi5Package('en'), startLrs()]);
    lms = await startLms(lrs);
    server = await serveCmi5(pkg.dir);
  });
  afterAll(async () => {
    await server?.close();
    await lms?.close();
    await lrs?.stop();
    pkg?.cleanup();
  });

  it('answers with the point or option ids, and defines each item\'s scale or options, "don\'t know" included', async () => {
    const course = pkg.course;
    const launch = await lms.launch({ auUrl: `${server.origin}/pkg/index.html`, au: pkg.au });
    const context = await newContext(browser);
    const page = await context.newPage();
    const frame = await launchInLms(page, server.origin, launch.url);
    await frame.waitForSelector('.title-screen');
    await press(frame, '#start', 'Enter');
    await frame.waitForSelector('.survey-screen');
    await answerEveryKind(frame, course);
    await press(frame, '#submit-survey', 'Enter');
    await frame.waitForSelector('.lesson-screen');
    const answered = (all: Statement[]) => all.filter((s) => s.verb.id === VERB.answered);
    const all = await statementsWhen(lrs, launch.registration, (s) => answered(s).length === course.survey.items.length, 'an answer per survey item');
    expect(xapiWarnings(all)).toEqual([]);
    const byItem = new Map(answered(all).map((s) => [(s.object as { id: string }).id.split('/').pop()!, s]));
    const definition = (id: string) => (byItem.get(id)!.object as unknown as { definition: Record<string, any> }).definition;
    const response = (id: string) => byItem.get(id)!.result!.response;

    expect(response('aw_work_policy')).toBe('dk');
    expect(definition('aw_work_policy')).toMatchObject({
      interactionType: 'likert',
      scale: [{ id: 'n', description: { en: 'No' } }, { id: 'y', description: { en: 'Yes' } }, { id: 'dk', description: { en: "Don't know" } }],
    });
    expect(response('seg_channel')).toBe('phone[,]visits');
    expect(definition('seg_channel')).toMatchObject({ interactionType: 'choice', choices: [{ id: 'counter' }, { id: 'phone', description: { en: 'By phone' } }, { id: 'online' }, { id: 'visits' }] });
    expect(definition('seg_channel').correctResponsesPattern).toBeUndefined();
    expect(response('seg_contact')).toBe('weekly');
    expect(response('seg_department')).toBe('');
    expect(definition('seg_department').choices.map((c: { id: string }) => c.id)).toEqual(['sales', 'store', 'contact_centre', 'field', 'admin', 'other']);
    // A frequency item defines its own four points.
    expect(definition('aw_exp_received').scale.map((p: { id: string }) => p.id)).toEqual(['f1', 'f2', 'f3', 'f4']);
    await context.close();
  });
});
