/** A learner who uses only the keyboard: focus a control, press a key. */
import type { Frame } from 'playwright-core';
import type { PlayerCourse, PlayerQuestion } from '../../../player/spec/course-data.ts';
import { scalePoints } from '../../../player/survey.ts';
import { press } from './browser.ts';

/** The point the learner chooses on the i-th Likert item (an index into the item's own scale). */
export const likertChoice = (i: number, scaleSize: number) => (i * 2 + 1) % scaleSize;

export const FREE_TEXT = 'お客様から長時間の電話が続いたとき、誰に相談すればよいか分からず困りました。';

/**
 * Answers every Likert item with arrow keys in its radio group, a point of its own scale, and
 * types one free text; the optional choice items are left unanswered. Returns the answers given
 * (item id → point id or text).
 */
export async function answerSurvey(frame: Frame, course: PlayerCourse, submit = true): Promise<Record<string, string>> {
  const keyboard = frame.page().keyboard;
  const given: Record<string, string> = {};
  const likert = course.survey.items.filter((i) => i.type === 'likert');
  for (const [i, item] of likert.entries()) {
    const points = item.type === 'likert' ? scalePoints(course.survey, item) : [];
    const k = likertChoice(i, points.length);
    // Space checks the focused first radio; each ArrowRight moves to and checks the next one.
    await press(frame, `input[name="${item.id}"]`, 'Space');
    for (let n = 0; n < k; n++) await keyboard.press('ArrowRight');
    given[item.id] = points[k]!.id;
  }
  const text = course.survey.items.find((i) => i.type === 'text')!;
  await frame.focus(`textarea[name="${text.id}"]`);
  await keyboard.type(FREE_TEXT);
  given[text.id] = FREE_TEXT;
  if (submit) {
    await press(frame, '#submit-survey', 'Enter');
    await frame.waitForSelector('.lesson-screen');
  }
  return given;
}

/** Presses "next" until it is gone or leads out of the lessons; returns the slides seen (`lesson/slide n`). */
export async function readSlides(frame: Frame, stopAfter = Infinity): Promise<string[]> {
  const seen: string[] = [];
  const where = () =>
    frame.evaluate(() => `${document.querySelector('.eyebrow')?.textContent}|${document.querySelector('main h1')?.textContent}|${document.querySelector('.slide-count')?.textContent}`);
  for (;;) {
    const here = await where();
    seen.push(here);
    if (seen.length >= stopAfter || !(await frame.$('#next'))) return seen;
    await press(frame, '#next', 'Enter');
    await frame.waitForFunction((before) => {
      const now = `${document.querySelector('.eyebrow')?.textContent}|${document.querySelector('main h1')?.textContent}|${document.querySelector('.slide-count')?.textContent}`;
      return now !== before && document.activeElement === document.querySelector('main h1');
    }, here);
    if (!(await frame.$('.lesson-screen'))) return seen;
  }
}

/** Picks an answer: the correct one, or a wrong one (for multiple choice, the complement). */
export function answerFor(q: PlayerQuestion, right: boolean): string[] {
  if (right) return [...q.correct];
  const wrong = q.choices.map((c) => c.id).filter((id) => !q.correct.includes(id));
  return q.type === 'multiple-choice' ? wrong : [wrong[0]!];
}

export interface GivenAnswer {
  id: string;
  answer: string[];
  right: boolean;
}

/** Takes the test: question `wrongAt` (0-based) answered wrongly, every other rightly. */
export async function takeTest(frame: Frame, course: PlayerCourse, wrongAt: number[]): Promise<GivenAnswer[]> {
  const keyboard = frame.page().keyboard;
  const bank = new Map(course.test.questions.map((q) => [q.id, q]));
  const given: GivenAnswer[] = [];
  for (let i = 0; ; i++) {
    await frame.waitForSelector('.question-screen #check');
    const name = (await frame.getAttribute('.choices input', 'name'))!;
    const q = bank.get(name.replace(/^q-/, ''))!;
    const right = !wrongAt.includes(i);
    const answer = answerFor(q, right);
    if (q.type === 'multiple-choice') {
      for (const id of answer) await press(frame, `input[value="${id}"]`, 'Space');
    } else {
      const index = q.choices.findIndex((c) => c.id === answer[0]);
      await press(frame, '.choices input', 'Space');
      for (let n = 0; n < index; n++) await keyboard.press('ArrowDown');
    }
    await press(frame, '#check', 'Enter');
    given.push({ id: q.id, answer, right });
    // Focus moves to "next" by itself; the learner just presses Enter again.
    await frame.waitForFunction(() => document.activeElement?.id === 'next-question');
    const last = (await frame.textContent('#next-question')) === course.ui.seeScore;
    await keyboard.press('Enter');
    if (last) return given;
  }
}
