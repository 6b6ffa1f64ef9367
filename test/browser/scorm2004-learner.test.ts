/**
 * The built SCORM 2004 package, taken by a keyboard-only learner inside a parent page where
 * scorm-again plays the LMS (as Moodle's player frame does). Asserts what the LMS holds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { PlayerCourse } from '../../player/spec/course-data.ts';
import { buildPackage, type BuiltPackage } from './harness/package.ts';
import { cmiData, expectNoRejectedCalls, interactionsOf, launchBrowser, lmsLog, newContext, openInLms, press, serveCourse } from './harness/browser.ts';
import { answerSurvey, FREE_TEXT, readSlides, takeTest } from './harness/learner.ts';
import { MOODLE } from './harness/moodle.ts';
import type { StaticServer } from './harness/server.ts';
import { scaled } from '../support/time-scale.ts';

let pkg: BuiltPackage;
let server: StaticServer;
let browser: Browser;
let course: PlayerCourse;

beforeAll(async () => {
  pkg = await buildPackage('ja');
  course = pkg.course;
  [server, browser] = await Promise.all([serveCourse(pkg.dir), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  pkg?.cleanup();
});

describe('SCORM 2004 package in an LMS frame', { timeout: scaled(120_000) }, () => {
  it('reports everything PRODUCT.md lists when a learner takes the whole course by keyboard', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const frame = await openInLms(page, server.origin);

    // First launch: incomplete, committed before the learner does anything.
    await frame.waitForSelector('.title-screen');
    let cmi = (await cmiData(page)).cmi;
    expect(cmi.completion_status).toBe('incomplete');
    expect((await lmsLog(page)).calls.some(([name]) => name === 'Commit')).toBe(true);

    await press(frame, '#start', 'Enter');
    await frame.waitForSelector('.survey-screen');
    const survey = await answerSurvey(frame, course);

    const slides = await readSlides(frame);
    const slideCount = course.lessons.reduce((n, l) => n + l.slides.length, 0);
    expect(slides).toHaveLength(slideCount);
    expect(new Set(slides).size).toBe(slideCount);

    await frame.waitForSelector('#start-test');
    await press(frame, '#start-test', 'Enter');
    const answers = await takeTest(frame, course, [0]);
    expect(answers).toHaveLength(course.test.questionsPerAttempt);

    const expectedScore = Math.round((answers.filter((a) => a.right).length / answers.length) * 10000) / 100;
    const passed = expectedScore >= course.test.passingScore;
    await frame.waitForSelector('#to-results');
    expect(await frame.textContent('.score')).toBe(course.ui.yourScore!.replace('{score}', String(expectedScore)));
    await press(frame, '#to-results', 'Enter');
    await press(frame, '#exit', 'Enter');
    await frame.waitForFunction(() => !document.querySelector('#exit'));

    cmi = (await cmiData(page)).cmi;
    expect(cmi.completion_status).toBe('completed');
    expect(cmi.success_status).toBe(passed ? 'passed' : 'failed');
    expect(cmi.score).toEqual({ raw: String(expectedScore), min: '0', max: '100', scaled: String(expectedScore / 100) });
    expect(cmi.progress_measure).toBe('1');
    expect(cmi.session_time).toMatch(MOODLE.timespan);
    expect(cmi.session_time).toMatch(/^PT(\d+H)?(\d+M)?(\d+(\.\d{1,2})?S)?$/);
    expect(cmi.session_time).not.toBe('PT');
    expect(cmi.exit).toBe(passed ? 'normal' : 'suspend');
    expect(cmi.location).toBe('results');
    expect(cmi.suspend_data.length).toBeLessThan(MOODLE.suspendDataMax12);

    const interactions = interactionsOf(cmi);
    expect(interactions).toHaveLength(course.survey.items.length + answers.length);
    for (const i of interactions) {
      expect(i.id).toMatch(MOODLE.identifier);
      expect(i.id).toMatch(MOODLE.idEnd);
      expect(i.timestamp).toMatch(MOODLE.time);
      expect(i.latency).toMatch(MOODLE.timespan);
      expect(i.weighting).toBe('1');
      expect(i.description.length).toBeGreaterThan(0);
      expect(i.description.length).toBeLessThanOrEqual(MOODLE.descriptionMax);
    }

    // Survey items, in order: Likert as scale ids, free text as fill-in, no correct response.
    course.survey.items.forEach((item, n) => {
      const i = interactions[n];
      expect(i.id).toBe(`survey.${item.id}`);
      expect(i.result).toBe('neutral');
      expect(i.correct_responses).toEqual({});
      expect(i.description).toBe(item.text);
      if (item.type === 'likert') {
        expect(i.type).toBe('likert');
        expect(i.learner_response).toBe(survey[item.id]);
        expect(i.learner_response).toMatch(MOODLE.identifier);
      } else if (item.type === 'choice') {
        // Optional, left blank: recorded with no response.
        expect(i.type).toBe('choice');
        expect(i.learner_response).toBe('');
      } else {
        expect(i.type).toBe(item.maxLength <= 250 ? 'fill-in' : 'long-fill-in');
        expect(i.learner_response).toBe(survey[item.id] ?? '');
      }
    });
    expect(interactions.some((i) => i.learner_response === FREE_TEXT)).toBe(true);

    // Test questions, in the order answered, with the attempt number in the id.
    const bank = new Map(course.test.questions.map((q) => [q.id, q]));
    answers.forEach((a, n) => {
      const i = interactions[course.survey.items.length + n];
      const q = bank.get(a.id)!;
      expect(i.id).toBe(`test.a1.${q.id}`);
      expect(i.type).toBe(q.type === 'true-false' ? 'true-false' : 'choice');
      expect(i.learner_response).toBe(a.answer.join('[,]'));
      expect(i.correct_responses['0'].pattern).toBe(q.correct.join('[,]'));
      expect(i.result).toBe(a.right ? 'correct' : 'incorrect');
      expect(i.description).toBe(q.description);
      if (q.type !== 'true-false') {
        for (const part of i.learner_response.split('[,]')) expect(part).toMatch(MOODLE.identifier);
      }
    });
    expect(interactions.filter((i) => i.result === 'incorrect')).toHaveLength(1);

    // Never a navigation request: Moodle 5.0 breaks on it.
    expect((await lmsLog(page)).calls.filter(([, element]) => String(element).startsWith('adl.nav'))).toEqual([]);
    expect((await lmsLog(page)).calls.filter(([name]) => name === 'Terminate')).toHaveLength(1);
    await expectNoRejectedCalls(page);
    await context.close();
  });

  it('fails, offers a retry, resumes the retry on the same question, and passes', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    let frame = await openInLms(page, server.origin);
    await press(frame, '#start', 'Enter');
    await frame.waitForSelector('.survey-screen');
    await answerSurvey(frame, course);
    await readSlides(frame);
    await press(frame, '#start-test', 'Enter');
    const wrong = Array.from({ length: course.test.questionsPerAttempt }, (_, i) => i).filter((i) => i % 3 === 0);
    const first = await takeTest(frame, course, wrong);
    const firstScore = Math.round(((first.length - wrong.length) / first.length) * 10000) / 100;
    expect(firstScore).toBeLessThan(course.test.passingScore);
    await frame.waitForSelector('#retry');
    expect(await frame.textContent('.verdict-box')).toBe(course.ui.failed);
    let cmi = (await cmiData(page)).cmi;
    expect(cmi.success_status).toBe('failed');
    expect(cmi.score.raw).toBe(String(firstScore));
    expect(cmi.completion_status).toBe('completed');

    // Retry: two questions, then the window goes away.
    await press(frame, '#retry', 'Enter');
    await frame.waitForSelector('#check');
    expect(await frame.textContent('main h1')).toBe(course.ui.questionOf!.replace('{n}', '1').replace('{total}', String(first.length)));
    const partial: string[] = [];
    for (let i = 0; i < 2; i++) {
      const name = (await frame.getAttribute('.choices input', 'name'))!;
      const q = course.test.questions.find((x) => `q-${x.id}` === name)!;
      if (q.type === 'multiple-choice') for (const id of q.correct) await press(frame, `input[value="${id}"]`, 'Space');
      else {
        await press(frame, '.choices input', 'Space');
        for (let n = 0; n < q.choices.findIndex((c) => c.id === q.correct[0]); n++) await page.keyboard.press('ArrowDown');
      }
      await press(frame, '#check', 'Enter');
      await frame.waitForFunction(() => document.activeElement?.id === 'next-question');
      await page.keyboard.press('Enter');
      await frame.waitForSelector('#check');
      partial.push(q.id);
    }
    const third = await frame.getAttribute('.choices input', 'name');
    await frame.goto('about:blank');
    const saved = (await cmiData(page)).cmi;
    expect(saved.exit).toBe('suspend');
    expect(saved.location).toBe('test');
    await expectNoRejectedCalls(page);
    await context.close();

    const context2 = await newContext(browser);
    const page2 = await context2.newPage();
    frame = await openInLms(page2, server.origin, { ...saved, entry: 'resume' });
    expect(await frame.textContent('main h1')).toBe(course.ui.questionOf!.replace('{n}', '3').replace('{total}', String(first.length)));
    expect(await frame.getAttribute('.choices input', 'name')).toBe(third);
    const rest = await takeTest(frame, course, []);
    await frame.waitForSelector('#to-results');
    expect(await frame.textContent('.verdict-box')).toBe(course.ui.passed);

    cmi = (await cmiData(page2)).cmi;
    expect(cmi.success_status).toBe('passed');
    expect(cmi.score.raw).toBe('100');
    const ids = interactionsOf(cmi).map((i) => i.id);
    expect(ids).toEqual([
      ...course.survey.items.map((i) => `survey.${i.id}`),
      ...first.map((a) => `test.a1.${a.id}`),
      ...[...partial, ...rest.map((a) => a.id)].map((id) => `test.a2.${id}`),
    ]);
    await expectNoRejectedCalls(page2);
    await context2.close();
  });
});
