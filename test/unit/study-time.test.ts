/**
 * The study-time estimate counts what the learner reads and answers: narration at the narration
 * rate, what is on the slide and in each question at the silent reading rate, and a few seconds
 * to choose each answer. The minimal fixture reads ja at 300 (narration) and 480 (screen)
 * characters per minute, en at 150 and 238 words per minute, and gives 5 s per answer.
 */
import fs from 'node:fs';
import { describe, expect, test } from 'vitest';
import { estimateStudyTime, textUnits } from '../../build/course/estimate.ts';
import { loadCourse, readCourse } from '../../build/index.ts';
import type { Lang } from '../../build/model.ts';
import { ffprobeSeconds, speech } from '../support/audio.ts';
import { fixtureCopy, type Edit } from '../support/fixture.ts';

function estimate(edits: Edit[] = [], lang: Lang = 'en') {
  const { course, diagnostics } = loadCourse(fixtureCopy('minimal', edits));
  expect(diagnostics.list.filter((d) => d.severity === 'error')).toEqual([]);
  return estimateStudyTime(course!, lang);
}

const enLesson = 'lessons/en/01-basics.md';
const jaLesson = 'lessons/ja/01-basics.md';

describe('the study-time estimate', () => {
  test('counts words in English and characters without spaces in Japanese', () => {
    expect(textUnits('Listen to the facts, then hand over.', 'words')).toBe(7);
    expect(textUnits('事実を 聞いてから、引き継ぐ。', 'characters')).toBe(14);
    // A list marker or a lone dash is not a word.
    expect(textUnits('- one — two', 'words')).toBe(2);
  });

  test('on-screen text lengthens a lesson at the silent reading rate, not the narration rate', () => {
    const before = estimate();
    const added = ' Record the date, the time and what was said.'; // 9 words
    const after = estimate([{ file: enLesson, replace: '- The means and manner', with: `- The means and manner${added}` }]);
    expect(after.lessons[0]!.screenUnits - before.lessons[0]!.screenUnits).toBe(9);
    expect(after.lessons[0]!.narrationUnits).toBe(before.lessons[0]!.narrationUnits);
    expect(after.lessons[0]!.minutes - before.lessons[0]!.minutes).toBeCloseTo(9 / 238, 6);
  });

  test('a table and a slide title are read like any text on the slide', () => {
    const before = estimate([], 'ja');
    const table = '\n\n| 要求 | 手段 |\n| --- | --- |\n| 妥当 | 不当 |\n';
    const after = estimate([{ file: jaLesson, replace: '- 手段・態様', with: `- 手段・態様${table}` }], 'ja');
    // 要求 手段 妥当 不当: eight characters; the cell borders are not read.
    expect(after.lessons[0]!.screenUnits - before.lessons[0]!.screenUnits).toBe(8);
    expect(after.lessons[0]!.minutes - before.lessons[0]!.minutes).toBeCloseTo(8 / 480, 6);
  });

  test('narration lengthens a lesson at the narration rate', () => {
    const before = estimate();
    const after = estimate([{ file: enLesson, replace: 'Two questions decide the matter.', with: 'Two questions decide the matter, every time, for every customer.' }]);
    expect(after.lessons[0]!.narrationUnits - before.lessons[0]!.narrationUnits).toBe(5);
    expect(after.lessons[0]!.minutes - before.lessons[0]!.minutes).toBeCloseTo(5 / 150, 6);
  });

  test('a slide with a recording counts the recording\'s length instead of its narration at the narration rate', async () => {
    const before = estimate();
    // espeak-ng reads the policy narration into an Ogg file; its length replaces its 7 words at 150 a minute.
    const take = speech('At our company nobody handles this alone.', 'en', 'ogg');
    const dir = fixtureCopy('minimal', [{ file: 'audio/en/basics/policy.ogg', write: fs.readFileSync(take) }]);
    const { course, diagnostics } = await readCourse(dir);
    expect(diagnostics.list).toEqual([]);
    const after = estimateStudyTime(course!, 'en');
    const seconds = ffprobeSeconds(take);
    expect(after.lessons[0]!.narrationUnits).toBe(before.lessons[0]!.narrationUnits - 7);
    expect(Math.abs(after.lessons[0]!.recordedSeconds - seconds)).toBeLessThan(0.1);
    expect(after.lessons[0]!.screenUnits).toBe(before.lessons[0]!.screenUnits);
    expect(after.lessons[0]!.minutes - before.lessons[0]!.minutes).toBeCloseTo(after.lessons[0]!.recordedSeconds / 60 - 7 / 150, 6);
    // The Japanese slides have no recording: their estimate is what it was.
    expect(estimateStudyTime(course!, 'ja').lessons[0]!.minutes).toBeCloseTo(estimate([], 'ja').lessons[0]!.minutes, 9);
  });

  test("organisation values are counted as the learner reads them, not as the placeholder's name", () => {
    const before = estimate();
    const after = estimate([{ file: 'course.yaml', replace: 'companyName: { ja: 当社, en: our company }', with: 'companyName: { ja: 当社, en: the Northern Regional Water Supply Corporation }' }]);
    // "our company" (2 words) becomes 6 words in a slide title and in the narration of the policy slide.
    expect(after.lessons[0]!.screenUnits - before.lessons[0]!.screenUnits).toBe(4);
    expect(after.lessons[0]!.narrationUnits - before.lessons[0]!.narrationUnits).toBe(4);
  });

  test('a longer question lengthens the test by its share of an attempt', () => {
    const before = estimate();
    // Eight more words of feedback in one of the three questions of the bank; an attempt draws two.
    const after = estimate([{ file: 'questions.yaml', replace: 'en: Because this one is right. }', with: 'en: "Because this one is right, as the lesson on the two questions showed." }' }]);
    expect(after.testMinutes - before.testMinutes).toBeCloseTo((2 * 8) / 3 / 238, 6);
  });

  test('every drawn question and survey item adds the time to choose an answer', () => {
    const five = estimate();
    const twenty = estimate([{ file: 'course.yaml', replace: 'secondsToAnswer: 5', with: 'secondsToAnswer: 20' }]);
    const items = 2; // the fixture's survey: one Likert item and one free-text item
    expect(twenty.testMinutes - five.testMinutes).toBeCloseTo((2 * 15) / 60, 6);
    expect(twenty.surveyMinutes - five.surveyMinutes).toBeCloseTo((items * 15) / 60, 6);
  });

  test('the total is the lessons, the survey and the test together', () => {
    const t = estimate([], 'ja');
    expect(t.totalMinutes).toBeCloseTo(t.lessons.reduce((n, l) => n + l.minutes, 0) + t.surveyMinutes + t.testMinutes, 9);
  });
});
