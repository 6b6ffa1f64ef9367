/**
 * The warning against giveaway keys (build/validate/keyed-answers.ts): the keyed answer may be
 * the strictly longest option in at most a third of a language's single-choice questions. The
 * banks are written in memory over the fixture course and checked by the one compile.
 */
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { readSources } from '../../build/assets.ts';
import { compile } from '../../build/compile.ts';
import type { Diagnostic } from '../../build/diagnostics.ts';
import { fixturesDir } from '../support/fixture.ts';

const minimal = readSources(path.join(fixturesDir, 'minimal'));
const noAssets = { templates: new Map<string, Uint8Array>(), player: () => Promise.reject(new Error('the checks embed no player')) };

interface Options {
  key: { ja: string; en: string };
  other: { ja: string; en: string };
}

/** An option pair whose keyed answer is longer in both languages. */
const giveaway: Options = { key: { ja: 'すぐ上司に相談する', en: 'Tell a supervisor at once' }, other: { ja: '一人で対応する', en: 'Handle it alone' } };
/** An option pair of equal width in both languages: the key is not the longest. */
const balanced: Options = { key: { ja: '上司に相談する', en: 'Tell a supervisor' }, other: { ja: '一人で対応する', en: 'Handle it by myself' } };

/** A bank of single-choice questions q_1, q_2, … with these options, keyed a. */
function bank(options: Options[]): string {
  const text = (t: { ja: string; en: string }) => `{ ja: "${t.ja}", en: "${t.en}" }`;
  const questions = options.map(
    (o, i) =>
      `  - id: q_${i + 1}\n    type: single-choice\n    text: { ja: どうしますか。, en: What do you do? }\n    choices:\n` +
      `      - { id: a, text: ${text(o.key)}, correct: true }\n      - { id: b, text: ${text(o.other)} }\n` +
      `    feedback: { ja: 相談します。, en: You tell someone. }\n`,
  );
  return `questions:\n${questions.join('')}`;
}

async function warnings(questionsYaml: string): Promise<Diagnostic[]> {
  const sources = minimal.with([{ path: 'questions.yaml', contents: new TextEncoder().encode(questionsYaml) }]);
  const result = await compile({ sources, assets: noAssets, targets: [] });
  expect(result.diagnostics.errors).toEqual([]);
  return result.diagnostics.list.filter((d) => d.rule === 'KeyedAnswerLongest');
}

/** The line of `- id: <id>` in the bank. */
const lineOfQuestion = (yaml: string, id: string) => yaml.slice(0, yaml.indexOf(`- id: ${id}\n`)).split('\n').length;

describe('the warning against keyed answers that are the longest option', () => {
  test('accepts a bank whose key is the longest in exactly a third of the questions', async () => {
    const yaml = bank([giveaway, balanced, balanced, giveaway, balanced, balanced, giveaway, balanced, balanced]);
    expect(await warnings(yaml)).toEqual([]);
  });

  test('warns, in each language, when the key is the longest in just over a third, naming the questions and pointing at the first', async () => {
    const yaml = bank([balanced, giveaway, balanced, giveaway, balanced, balanced, giveaway, giveaway, balanced]);
    const file = minimal.abs('questions.yaml');
    const first = lineOfQuestion(yaml, 'q_2');
    const named = `q_2 (questions.yaml:${first}), q_4 (questions.yaml:${lineOfQuestion(yaml, 'q_4')}), q_7 (questions.yaml:${lineOfQuestion(yaml, 'q_7')}) and 1 more`;
    expect((await warnings(yaml)).map((d) => ({ severity: d.severity, file: d.file, line: d.line, column: d.column, message: d.message }))).toEqual(
      ['ja', 'en'].map((lang) => ({
        severity: 'warning',
        file,
        line: first,
        column: 5,
        message: `In "${lang}" the correct answer is the longest option in 4 of 9 single-choice questions, more than a third: ${named}. Learners who pick the longest option score without knowing the answer.`,
      })),
    );
  });

  test('counts only a key that is strictly the longest: an option as wide as the key is no cue', async () => {
    const tie: Options = { key: { ja: '上司に相談', en: 'Tell a boss' }, other: { ja: '一人で対応', en: 'Do it alone' } };
    expect(await warnings(bank([tie, tie, tie]))).toEqual([]);
  });

  test('measures what the learner reads: a kanji is two columns, placeholders are filled and Markdown is dropped', async () => {
    // ja: "相談窓口", four characters but eight columns, against "**ask now**" read as "ask now"
    // (seven); en: "the consultation desk" (21 columns, the placeholder itself has 24) against
    // "a colleague at my side" (22). Only the Japanese key is the longest.
    const desk: Options = { key: { ja: '{{org.consultationDesk}}', en: '{{org.consultationDesk}}' }, other: { ja: '**ask now**', en: 'a colleague at my side' } };
    const found = await warnings(bank([desk, desk, desk]));
    expect(found.map((d) => d.message.slice(0, d.message.indexOf(':')))).toEqual(['In "ja" the correct answer is the longest option in 3 of 3 single-choice questions, more than a third']);
  });
});
