/**
 * Hostile and broken sources (issue 11). Each case is the fixture course with one thing wrong,
 * as people get it wrong (a tab, an unclosed quote, a key indented one space too far, a file
 * saved as Shift_JIS, a symbolic link) or as an attacker would (an alias bomb, a 20 MB lesson,
 * a line built to make a pattern backtrack, a link to /etc/passwd). Every one must fail the
 * build with one diagnostic that names the rule, the file, and the line a person has to change
 * (and the column where there is one); none may print anything from outside the course folder
 * or a raw control character into the log, and none may touch the output folder or the sources.
 * A byte-order mark and Windows line breaks are no problem at all: same diagnostics (none),
 * same files.
 *
 * Most cases run the one compile over the fixture edited in memory (nothing is written); those
 * that need a real folder (links, pipes, file names) run over a copy on disk, and a sample runs
 * the real CLI against an output folder holding a previous build.
 */
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readSources } from '../../build/assets.ts';
import { compile } from '../../build/compile.ts';
import { formatDiagnostic, type Diagnostic, type Diagnostics, type RuleId } from '../../build/diagnostics.ts';
import { buildCourse } from '../../build/index.ts';
import { SourceTree } from '../../build/sources.ts';
import { fixturesDir, projectRoot } from '../support/fixture.ts';

const minimal = readSources(path.join(fixturesDir, 'minimal'));
const encoder = new TextEncoder();
const noAssets = { templates: new Map<string, Uint8Array>(), player: () => Promise.reject(new Error('the checks embed no player')) };

const c = 'course.yaml';
const ui = 'ui.yaml';
const s = 'survey.yaml';
const q = 'questions.yaml';
const en = 'lessons/en/01-basics.md';
const ja = 'lessons/ja/01-basics.md';

/** An edit of the fixture, made in memory. */
type Edit =
  | { file: string; replace: string; with: string }
  | { file: string; write: string | Uint8Array }
  | { file: string; remove: true };

function text(file: string): string {
  const t = minimal.text(file);
  if (t === null) throw new Error(`${file} is not in the fixture`);
  return t;
}

function edited(edits: Edit[]): SourceTree {
  const files = new Map(minimal.files);
  for (const e of edits) {
    if ('remove' in e) files.delete(e.file);
    else if ('write' in e) files.set(e.file, typeof e.write === 'string' ? encoder.encode(e.write) : e.write);
    else {
      const before = new SourceTree(minimal.root, files).text(e.file) ?? '';
      if (!before.includes(e.replace)) throw new Error(`edit: "${e.replace}" is not in ${e.file}`);
      files.set(e.file, encoder.encode(before.replace(e.replace, e.with)));
    }
  }
  return new SourceTree(minimal.root, files);
}

/** Bytes: the text of `file` with `bytes` put in place of `needle`. */
function withBytes(file: string, needle: string, bytes: number[]): Uint8Array {
  const t = text(file);
  const at = t.indexOf(needle);
  if (at < 0) throw new Error(`"${needle}" is not in ${file}`);
  return new Uint8Array([...encoder.encode(t.slice(0, at)), ...bytes, ...encoder.encode(t.slice(at + needle.length))]);
}

interface Place {
  file: string;
  line: number;
  column: number;
}

/**
 * Where the caret must be: under the first character of `needle` in the file as edited (after
 * `after`, when given), at a line and column, or on a whole file (line 0).
 */
type Where = [file: string, needle: string, after?: string] | { file: string; line: number; column: number };

function placeIn(tree: SourceTree, where: Where): Place {
  if (!Array.isArray(where)) return { ...where, file: tree.abs(where.file) };
  const [file, needle, after] = where;
  const t = tree.text(file) ?? '';
  const from = after === undefined ? 0 : t.indexOf(after);
  const offset = t.indexOf(needle, from);
  if (from < 0 || offset < 0) throw new Error(`"${needle}" is not in ${file}${after ? ` after "${after}"` : ''}`);
  const lines = t.slice(0, offset).split('\n');
  return { file: tree.abs(file), line: lines.length, column: lines.at(-1)!.length + 1 };
}

const wholeFile = (file: string): Where => ({ file, line: 0, column: 0 });

interface BrokenCase {
  name: string;
  edits: Edit[];
  rule: RuleId;
  where: Where;
  message: RegExp;
  /** The case is about time: it must end inside this many milliseconds (a generous bound, not a benchmark). */
  timeout?: number;
}

const broken = (name: string, edits: Edit[], rule: RuleId, where: Where, message: RegExp, timeout?: number): BrokenCase => ({ name, edits, rule, where, message, timeout });

const billionLaughs = [
  'lol: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]',
  'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]',
  'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]',
  'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]',
  'e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]',
  'f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]',
  'g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]',
  'h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]',
  'i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]',
  'questions: *i',
  '',
].join('\n');

/** Shift_JIS for 目次 ("contents"), as an editor set to the Japanese code page saves it. */
const shiftJisMokuji = [0x96, 0xda, 0x8e, 0x9f];

/** A 20 MB lesson: the fixture's lesson, its bullet list repeated. */
function hugeLesson(): Uint8Array {
  const line = '- The demand itself, once more, so that the lesson grows\n';
  return encoder.encode(text(en).replace('- The demand itself\n', line.repeat(Math.ceil((20 * 1024 * 1024) / line.length))));
}

const cases: BrokenCase[] = [
  // ── YAML syntax ─────────────────────────────────────────────────────────────────────────
  broken('a tab as indentation', [{ file: c, replace: '  passingScore: 80', with: '\tpassingScore: 80' }], 'YamlSyntax', [c, '\tpassingScore'], /Tabs are not allowed as indentation/),
  broken('an unclosed quote in ui.yaml, at its line and not at the end of the file', [{ file: ui, replace: 'contents: { ja: 目次, en: Contents }', with: 'contents: { ja: 目次, en: "Contents }' }], 'YamlSyntax', [ui, '"Contents'], /the text that starts with " here is never closed/),
  broken('an unclosed quote in a block of ui.yaml', [{ file: ui, replace: '  en: Not connected to a learning', with: '  en: "Not connected to a learning' }], 'YamlSyntax', [ui, '"Not connected'], /never closed with a matching "/),
  broken('an unclosed single quote', [{ file: q, replace: 'en: Which is right? }', with: "en: 'Which is right? }" }], 'YamlSyntax', [q, "'Which is right"], /starts with ' here is never closed/),
  broken('a question\'s type indented one space too far, at that line', [{ file: q, replace: '    type: multiple-choice', with: '     type: multiple-choice' }], 'YamlSyntax', [q, 'type: multiple-choice'], /indented further than the keys above it, so it is read as the continuation of "q_two"/),
  broken('a question\'s key indented one space too little', [{ file: q, replace: '    type: multiple-choice', with: '   type: multiple-choice' }], 'YamlSyntax', [q, 'type: multiple-choice'], /this line is not lined up with the keys above it/),
  broken('a key without its colon', [{ file: c, replace: 'passingScore: 80', with: 'passingScore 80' }], 'YamlSyntax', [c, 'passingScore 80'], /"passingScore 80" has no colon after its key/),
  broken('a key written twice', [{ file: c, replace: 'version: 1.2.3\n', with: 'version: 1.2.3\nversion: 1.2.4\n' }], 'YamlSyntax', [c, 'version: 1.2.4'], /the key "version" appears twice in this map/),
  broken('a language written twice in one flow map', [{ file: s, replace: 'title: { ja: 意識調査, en: Awareness survey }', with: 'title: { ja: 意識調査, en: Awareness survey, en: Survey }' }], 'YamlSyntax', [s, 'en: Survey'], /the key "en" appears twice/),
  broken('a nested mapping on one line', [{ file: s, replace: 'title: { ja: 意識調査, en: Awareness survey }', with: 'title: ja: 意識調査' }], 'YamlSyntax', [s, 'ja: 意識調査'], /Nested mappings are not allowed in compact mappings/),
  broken('a second YAML document in one file', [{ file: c, replace: 'version: 1.2.3\n', with: 'version: 1.2.3\n---\nid: other\n' }], 'YamlSyntax', [c, '---'], /a line "---" starts a second document here/),
  broken('an alias bomb ("billion laughs"), bounded and reported at its line', [{ file: q, write: billionLaughs }], 'YamlAlias', [q, '*d', 'e: &e'], /stand for more than 10,000 values.*alias bomb/),
  broken('an alias inside the value it names', [{ file: s, replace: 'themes:\n', with: 'loop: &loop { again: *loop }\nthemes:\n' }], 'YamlAlias', [s, '*loop'], /contains the alias itself/),
  broken('an alias without its anchor', [{ file: s, replace: 'intro: { ja: 率直にお答えください。, en: Please answer frankly. }', with: 'intro: *missing' }], 'YamlAlias', [s, '*missing'], /names no anchor &missing/),
  broken('lists nested a hundred levels deep', [{ file: q, write: `questions: ${'['.repeat(100)}\n` }], 'YamlNesting', { file: q, line: 1, column: 'questions: '.length + 65 }, /nested more than 64 levels deep/),
  broken('maps nested on a thousand lines (their indentation is refused first)', [{ file: s, write: `${Array.from({ length: 1000 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n')} x\n` }], 'BlankRun', { file: s, line: 202, column: 1 }, /Line 202 has 201 spaces or tabs in a row/),
  broken('a list nested two thousand levels on one line', [{ file: q, write: `questions:\n  ${'- '.repeat(2000)}x\n` }], 'YamlNesting', { file: q, line: 2, column: 3 }, /nested too deeply for the YAML reader/),
  broken('a syntax error in a lesson\'s front matter, at its line in the lesson', [{ file: en, replace: 'title: Basics', with: 'title: Basics: part one' }], 'YamlSyntax', [en, 'Basics: part one'], /YAML syntax error/),
  broken('an unclosed quote in a lesson\'s front matter', [{ file: ja, replace: 'title: 基本', with: 'title: "基本' }], 'YamlSyntax', [ja, '"基本'], /never closed/),

  // ── Schema violations ───────────────────────────────────────────────────────────────────
  broken('an empty course.yaml', [{ file: c, write: '' }], 'WrongType', { file: c, line: 1, column: 1 }, /the document should be a map of keys, but it is nothing/),
  broken('course.yaml written as a list', [{ file: c, write: '- id: fixture_course\n' }], 'WrongType', { file: c, line: 1, column: 1 }, /should be a map of keys, but it is a list/),
  broken('a misspelt key', [{ file: c, replace: 'passingScore: 80', with: 'pasingScore: 80' }], 'UnknownKey', [c, 'pasingScore'], /unknown key "pasingScore".*Did you mean "passingScore"/),
  broken('a key named __proto__', [{ file: c, replace: '  passingScore: 80', with: '  passingScore: 80\n  __proto__: { passingScore: 0 }' }], 'UnknownKey', [c, '__proto__'], /unknown key "__proto__"/),
  broken('the version missing', [{ file: c, replace: 'version: 1.2.3\n', with: '' }], 'MissingKey', [c, 'id: fixture_course'], /has no "version"/),
  broken('a score written in words', [{ file: c, replace: 'passingScore: 80', with: 'passingScore: eighty' }], 'WrongType', [c, 'eighty'], /should be a whole number, but it is the text "eighty"/),
  broken('a colour that is not one', [{ file: c, replace: 'primary: "#1F3A5F"', with: 'primary: "#1F3A5"' }], 'InvalidValue', [c, '"#1F3A5"'], /"#1F3A5" at theme\.primary does not have the expected form/),
  broken('seven choices', [{ file: q, replace: '      - { id: c, text: { ja: 三, en: Three } }\n', with: ['c', 'd', 'e', 'f', 'g'].map((id) => `      - { id: ${id}, text: { ja: 三, en: Three } }\n`).join('') }], 'InvalidValue', [q, '{ id: g'], /questions\[1\]\.choices has 7 items; at most 6 are allowed/),
  broken('a Likert scale of one point', [{ file: s, replace: '      - { id: s2, label: { ja: どちらともいえない, en: Neutral } }\n      - { id: s3, label: { ja: そう思う, en: Agree } }\n', with: '' }], 'InvalidValue', [s, '- { id: s1'], /scales\[0\]\.points must NOT have fewer than 2 items/),
  broken('a correct flag written as "yes"', [{ file: q, replace: '{ id: a, text: { ja: これ, en: This }, correct: true }', with: '{ id: a, text: { ja: これ, en: This }, correct: yes }' }], 'WrongType', [q, 'yes }'], /correct should be true or false, but it is the text "yes"/),
  broken('a question without its text', [{ file: q, replace: '    text: { ja: 正しいものはどれですか。, en: Which is right? }\n', with: '' }], 'MissingKey', [q, 'id: q_one'], /questions\[0\] has no "text"/),

  // ── Ids ─────────────────────────────────────────────────────────────────────────────────
  broken('an id with a capital and a hyphen', [{ file: q, replace: 'id: q_two', with: 'id: Q-two' }], 'InvalidId', [q, 'Q-two'], /"Q-two" at questions\[1\]\.id is not a valid id/),
  broken('an id of 41 characters', [{ file: q, replace: 'id: q_two', with: `id: q_${'x'.repeat(39)}` }], 'InvalidId', [q, 'q_xxx'], /is longer than 40 characters/),
  broken('an id in Japanese', [{ file: s, replace: 'id: aw_know', with: 'id: 知識' }], 'InvalidId', [s, '知識', 'items:'], /"知識" at items\[0\]\.id is not a valid id/),
  broken('an id ending in an underscore', [{ file: q, replace: 'id: q_three', with: 'id: q_three_' }], 'InvalidId', [q, 'q_three_'], /"q_three_" at questions\[2\]\.id is not a valid id/),
  broken('a slide id with a capital', [{ file: en, replace: '{#policy}', with: '{#Policy}' }, { file: ja, replace: '{#policy}', with: '{#Policy}' }], 'InvalidId', [ja, '## {{org.companyName}}の方針'], /"Policy" is not a valid slide id/),
  broken('a lesson id with a capital', [{ file: en, replace: 'id: basics', with: 'id: Basics' }], 'InvalidId', [en, 'Basics'], /"Basics" at id is not a valid id/),

  // ── Duplicate ids, within and across files ──────────────────────────────────────────────
  broken('a second English lesson file with the id of the first', [{ file: 'lessons/en/02-again.md', write: text(en) }], 'DuplicateLessonId', ['lessons/en/02-again.md', 'basics'], /The lesson id "basics" is used twice/),
  broken('two questions with one id', [{ file: q, replace: 'id: q_two', with: 'id: q_one' }], 'DuplicateQuestionId', [q, 'q_one', 'type: single-choice'], /The question id "q_one" is used twice/),
  broken('two survey items with one id', [{ file: s, replace: 'id: fx_comment', with: 'id: aw_know' }], 'DuplicateSurveyItemId', [s, 'aw_know', 'type: likert'], /The survey item id "aw_know" is used twice/),
  broken('two slides with one id', [{ file: en, replace: '{#policy}', with: '{#two_views}' }], 'DuplicateSlideId', [en, '## The policy of'], /The slide id "two_views" is used twice/),
  broken('two choices with one id', [{ file: q, replace: '{ id: b, text: { ja: 二', with: '{ id: a, text: { ja: 二' }], 'DuplicateChoiceId', [q, 'a, text: { ja: 二'], /The choice id "a" is used twice/),
  broken('a language listed twice', [{ file: c, replace: '  - code: en', with: '  - code: ja' }], 'DuplicateLanguage', [c, 'ja', 'font: Meiryo'], /The language id "ja" is used twice/),

  // ── Translations ────────────────────────────────────────────────────────────────────────
  broken('the course title without English', [{ file: c, replace: '  en: Test course\n', with: '' }], 'MissingTranslation', [c, 'ja: テスト講座'], /title has no "en" text/),
  broken('a ui label without Japanese', [{ file: ui, replace: 'close: { ja: 閉じる, en: Close }', with: 'close: { en: Close }' }], 'MissingTranslation', [ui, '{ en: Close }'], /close has no "ja" text/),
  broken('a choice without English', [{ file: q, replace: '{ id: b, text: { ja: あれ, en: That } }', with: '{ id: b, text: { ja: あれ } }' }], 'MissingTranslation', [q, '{ ja: あれ }'], /questions\[0\]\.choices\[1\]\.text has no "en" text/),
  broken('an organisation value without Japanese', [{ file: c, replace: 'companyName: { ja: 当社, en: our company }', with: 'companyName: { en: our company }' }], 'MissingTranslation', [c, '{ en: our company }'], /organisation\.companyName has no "ja" text/),
  broken('a text in a language the course lacks', [{ file: q, replace: 'feedback: { ja: できます。, en: You can. }', with: 'feedback: { ja: できます。, en: You can., fr: Oui }' }], 'UnknownLanguage', [q, 'fr: Oui'], /has text for "fr", which is not a course language/),
  broken('a lesson folder for a language the course lacks', [{ file: 'lessons/fr/01-basics.md', write: text(en) }], 'UnknownLanguage', { file: 'lessons/fr/01-basics.md', line: 1, column: 1 }, /The folder lessons\/fr is for "fr", which is not a course language/),

  // ── Lessons and slides that differ between languages ────────────────────────────────────
  broken('the English lesson deleted', [{ file: en, remove: true }], 'LessonMissingInLanguage', [ja, 'basics'], /"basics" exists in "ja" but not in "en"/),
  broken('the English lesson in another place of the order', [{ file: en, replace: 'order: 1', with: 'order: 2' }], 'LessonMismatch', [en, '2', 'order: '], /has order 2 in "en" but 1 in "ja"/),
  broken('lessons citing different sources', [
    { file: c, replace: 'sources:\n', with: 'sources:\n  seed_002:\n    title: { ja: 調査, en: Survey }\n' },
    { file: en, replace: 'sources: [mhlw_manual]', with: 'sources: [mhlw_manual, seed_002]' },
  ], 'LessonMismatch', [en, '[mhlw_manual, seed_002]'], /cites \[mhlw_manual, seed_002\] in "en" but \[mhlw_manual\] in "ja"/),
  broken('an English slide the Japanese lesson lacks', [{ file: en, replace: '{#policy}', with: '{#policy_en}' }], 'SlideMissingInLanguage', [en, '## The policy of'], /"policy_en" of lesson "basics" exists in "en" but not in "ja"/),
  broken('two English slides swapped', [
    { file: en, replace: '{#two_views}', with: '{#tmp_swap}' },
    { file: en, replace: '{#policy}', with: '{#two_views}' },
    { file: en, replace: '{#tmp_swap}', with: '{#policy}' },
  ], 'SlideOrderMismatch', [en, '## Two questions'], /different order in "en": here "policy", in "ja" "two_views"/),

  // ── Narration ───────────────────────────────────────────────────────────────────────────
  broken('a slide without narration', [{ file: en, replace: '::: narration\nAt {{org.companyName}} nobody handles this alone.\n:::\n', with: '' }], 'MissingNarration', [en, '## The policy of'], /Slide "policy" has no narration/),
  broken('an empty narration', [{ file: ja, replace: '::: narration\n判断には二つの視点があります。\n:::', with: '::: narration\n:::' }], 'EmptyNarration', [ja, '::: narration'], /The narration of slide "two_views" is empty/),
  broken('a narration never closed', [{ file: en, replace: 'nobody handles this alone.\n:::\n', with: 'nobody handles this alone.\n' }], 'UnclosedNarration', [en, '::: narration', '## The policy of'], /never closed/),
  broken('two narrations on one slide', [{ file: en, replace: 'decide the matter.\n:::\n', with: 'decide the matter.\n:::\n\n::: narration\nOnce more.\n:::\n' }], 'DuplicateNarration', [en, '::: narration\nOnce more.'], /Slide "two_views" has a second narration block/),

  // ── Empty lessons and slides ────────────────────────────────────────────────────────────
  broken('an empty lesson file', [{ file: en, write: '' }], 'MissingFrontMatter', { file: en, line: 1, column: 1 }, /The lesson has no front matter/),
  broken('a lesson of blank lines', [{ file: en, write: '\n\n   \n' }], 'MissingFrontMatter', { file: en, line: 1, column: 1 }, /The lesson has no front matter/),
  broken('a lesson with front matter only', [{ file: en, write: '---\nid: basics\ntitle: Basics\norder: 1\nsources: [mhlw_manual]\n---\n' }], 'NoSlides', { file: en, line: 7, column: 1 }, /The lesson has no slides/),
  broken('a slide with narration only', [{ file: en, replace: '> Case: a long phone call with repeated demands.\n\n', with: '' }], 'EmptySlide', [en, '## The policy of'], /Slide "policy" has no on-screen content/),
  broken('a paragraph above the first slide', [{ file: en, replace: '---\n\n## Two questions', with: '---\n\nStray paragraph.\n\n## Two questions' }], 'TextBeforeFirstSlide', [en, 'Stray paragraph.'], /text before the first slide heading/),
  broken('a slide heading without its id', [{ file: en, replace: '## Two questions {#two_views}', with: '## Two questions' }], 'MissingSlideId', [en, '\n\n- The demand'], /"Two questions" has no id/),

  // ── Unknown sources and placeholders ────────────────────────────────────────────────────
  broken('a lesson citing a misspelt source', [{ file: en, replace: 'sources: [mhlw_manual]', with: 'sources: [mhlw_manuel]' }], 'UnknownSource', [en, 'mhlw_manuel'], /"mhlw_manuel", which course\.yaml does not define.*Did you mean "mhlw_manual"/),
  broken('a misspelt placeholder in a lesson', [{ file: ja, replace: '{{org.companyName}}では', with: '{{org.compnyName}}では' }], 'UnknownPlaceholder', [ja, 'org.compnyName'], /Did you mean "companyName"/),
  broken('an unknown placeholder in YAML', [{ file: q, replace: '{{org.consultationDesk}}.', with: '{{org.helpdesk}}.' }], 'UnknownPlaceholder', [q, 'org.helpdesk'], /names "helpdesk"/),
  broken('a Handlebars helper in a lesson', [{ file: en, replace: 'Two questions decide the matter.', with: '{{#if org.companyName}}Two{{/if}} decide the matter.' }], 'InvalidPlaceholder', [en, 'if org.companyName'], /"if" is not a supported placeholder/),

  // ── Broken questions ────────────────────────────────────────────────────────────────────
  broken('a misspelt question type', [{ file: q, replace: 'type: true-false', with: 'type: true-flase' }], 'UnknownQuestionType', [q, 'true-flase'], /Did you mean "true-false"/),
  broken('no correct choice', [{ file: q, replace: '{ id: a, text: { ja: これ, en: This }, correct: true }', with: '{ id: a, text: { ja: これ, en: This } }' }], 'MissingCorrectAnswer', [q, 'choices:'], /"q_one" has no correct choice/),
  broken('two correct choices on a single-choice question', [{ file: q, replace: '{ id: b, text: { ja: あれ, en: That } }', with: '{ id: b, text: { ja: あれ, en: That }, correct: true }' }], 'TooManyCorrectAnswers', [q, 'choices:'], /"q_one" has 2 correct choices/),
  broken('a choice question with one choice', [{ file: q, replace: '      - { id: b, text: { ja: あれ, en: That } }\n', with: '' }], 'MissingChoices', [q, 'id: q_one'], /has 1 choice\(s\)/),
  broken('a true-false question with choices', [{ file: q, replace: '    answer: true\n', with: '    answer: true\n    choices:\n      - { id: a, text: { ja: はい, en: Yes } }\n' }], 'ChoicesOnTrueFalse', [q, 'choices:', 'id: q_three'], /"q_three" has choices/),
  broken('a true-false question without its answer', [{ file: q, replace: '    answer: true\n', with: '' }], 'MissingAnswer', [q, 'id: q_three'], /"q_three" has no answer/),
  broken('an answer on a choice question', [{ file: q, replace: '    feedback: { ja: 一と二です。', with: '    answer: true\n    feedback: { ja: 一と二です。' }], 'InvalidValue', [q, 'true', 'answer: true'], /only true-false questions use/),
  broken('a question naming a lesson that does not exist', [{ file: q, replace: 'lesson: basics', with: 'lesson: basic' }], 'UnknownLesson', [q, 'basic\n'], /Did you mean "basics"/),

  // ── Impossible test settings ────────────────────────────────────────────────────────────
  broken('a passing score above 100', [{ file: c, replace: 'passingScore: 80', with: 'passingScore: 101' }], 'InvalidValue', [c, '101'], /test\.passingScore must be <= 100/),
  broken('no question per attempt', [{ file: c, replace: 'questionsPerAttempt: 2', with: 'questionsPerAttempt: 0' }], 'InvalidValue', [c, '0', 'questionsPerAttempt: '], /test\.questionsPerAttempt must be >= 1/),
  broken('more questions per attempt than the bank has', [{ file: c, replace: 'questionsPerAttempt: 2', with: 'questionsPerAttempt: 5' }], 'NotEnoughQuestions', [c, '5', 'questionsPerAttempt: '], /draws 5 questions, but the bank has only 3/),
  broken('a negative number of attempts', [{ file: c, replace: 'maxAttempts: 0', with: 'maxAttempts: -1' }], 'InvalidValue', [c, '-1'], /test\.maxAttempts must be >= 0/),
  broken('half a question per attempt', [{ file: c, replace: 'questionsPerAttempt: 2', with: 'questionsPerAttempt: 2.5' }], 'WrongType', [c, '2.5'], /should be a whole number/),

  // ── Study time ──────────────────────────────────────────────────────────────────────────
  broken('a course shorter than it promises', [{ file: c, replace: 'secondsToAnswer: 5', with: 'secondsToAnswer: 5\n  minMinutes: 22\n  maxMinutes: 28' }], 'StudyTimeOutOfRange', [c, 'timing:'], /outside 22–28/),
  broken('minMinutes above maxMinutes, reported itself', [{ file: c, replace: 'secondsToAnswer: 5', with: 'secondsToAnswer: 5\n  minMinutes: 30\n  maxMinutes: 10' }], 'InvalidStudyTimeRange', [c, '30', 'minMinutes: '], /timing\.minMinutes \(30\) is greater than timing\.maxMinutes \(10\)/),
  broken('an over-large free-text maxLength, at its line', [{ file: s, replace: 'maxLength: 100', with: 'maxLength: 100000' }], 'InvalidValue', [s, '100000'], /items\[1\]\.maxLength must be <= 1000/),
  broken('free-text items too long for SCORM 1.2, at the maxLength to lower', [{ file: s, write: `${text(s).replace('maxLength: 100', 'maxLength: 1000')}${[1, 2, 3, 4].map((n) => `  - { id: fx_more${n}, type: text, maxLength: 1000, text: { ja: 他に${n}, en: More ${n} } }\n`).join('')}` }], 'SuspendDataTooLong', [s, '1000'], /more than the 4096 SCORM 1\.2 stores/),

  // ── Files that cannot be read as sources ────────────────────────────────────────────────
  broken('a 20 MB lesson, refused before it is parsed', [{ file: en, write: hugeLesson() }], 'SourceFileTooLarge', wholeFile(en), /The file is 20\.0 MB; a source file may be at most 1\.0 MB/, 30_000),
  broken('a byte that is not UTF-8 in a lesson, at its line', [{ file: en, write: withBytes(en, 'demand', [0x64, 0xff, 0x65]) }], 'InvalidEncoding', [en, '\uFFFD'], /the byte 0xFF on line 10 is not part of a UTF-8 character/),
  broken('a YAML file saved as Shift_JIS', [{ file: ui, write: withBytes(ui, '目次', shiftJisMokuji) }], 'InvalidEncoding', [ui, '\uFFFD'], /the byte 0x96 on line 6/),
  broken('a character cut off at the end of the file', [{ file: q, write: new Uint8Array([...encoder.encode(text(q)), 0xe3, 0x81]) }], 'InvalidEncoding', { file: q, line: text(q).split('\n').length, column: 1 }, /is not part of a UTF-8 character/),
  broken('a file saved as UTF-16', [{ file: s, write: new Uint8Array([0xff, 0xfe, ...Array.from(text(s), (ch) => [ch.charCodeAt(0) & 0xff, ch.charCodeAt(0) >> 8]).flat()]) }], 'InvalidEncoding', { file: s, line: 1, column: 1 }, /saved as UTF-16/),
  broken('a NUL in a lesson', [{ file: en, replace: 'The demand itself', with: 'The demand\u0000 itself' }], 'ControlCharacter', [en, '\u0000'], /control character U\+0000 \(NUL\)/),
  broken('an escape sequence in a YAML text', [{ file: q, replace: 'en: Which is right?', with: 'en: Which is \u001b[31mright?' }], 'ControlCharacter', [q, '\u001b'], /U\+001B \(escape\)/),
  broken('a backspace in ui.yaml', [{ file: ui, replace: 'en: Close', with: 'en: Clo\bse' }], 'ControlCharacter', [ui, '\b'], /U\+0008 \(backspace\)/),
  broken('a form feed in a narration', [{ file: ja, replace: '判断には', with: '判断\fには' }], 'ControlCharacter', [ja, '\f'], /U\+000C \(form feed\)/),
  broken('a C1 control character from a wrong code page', [{ file: c, replace: 'en: Test course', with: 'en: Test\u0085course' }], 'ControlCharacter', [c, '\u0085'], /U\+0085 \(next line\)/),
  broken('a heading built to make a pattern backtrack (took 10–29 s)', [{ file: en, replace: '## Two questions {#two_views}', with: `## Two questions {#two_views}${' \t'.repeat(20_000)}x` }], 'LineTooLong', [en, '## Two questions'], /Line 8 has 40,030 characters; a source line may have at most 5,000/, 20_000),
  broken('thousands of spaces in a row on a heading', [{ file: en, replace: '## Two questions {#two_views}', with: `## Two questions {#two_views}${' '.repeat(4000)}x` }], 'BlankRun', [en, ' '.repeat(4000)], /Line 8 has 4,000 spaces or tabs in a row/, 20_000),
  broken('a question bank of 20,000 broken items, checked in bounded time', [{ file: q, write: `questions:\n${Array.from({ length: 20_000 }, (_, i) => `  - { id: Q${i}, type: x, text: 1 }\n`).join('')}` }], 'InvalidId', [q, 'Q0'], /"Q0" at questions\[0\]\.id is not a valid id/, 30_000),
  broken('40,000 unknown keys, the first ones listed', [{ file: c, write: `${text(c)}${Array.from({ length: 40_000 }, (_, i) => `k${i}: 1\n`).join('')}` }], 'UnknownKey', [c, 'k49:'], /unknown key "k49".*\(39950 more problems in this file are not listed\.\)$/, 30_000),
  broken('survey.yaml deleted', [{ file: s, remove: true }], 'MissingSourceFile', wholeFile(s), /survey\.yaml is missing from/),
  broken('a lesson file whose name ends in .MD', [{ file: 'lessons/en/02-more.MD', write: text(en) }], 'LessonFileIgnored', wholeFile('lessons/en/02-more.MD'), /a lesson file's name ends in "\.md", in lower case/),
  broken('a lesson outside the language folders', [{ file: 'lessons/01-basics.md', write: text(en) }], 'LessonFileIgnored', wholeFile('lessons/01-basics.md'), /is not in a language folder/),
];

/** Control characters other than tab and line feed: none may reach the log. */
const controlInLog = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;

function expectReported(diagnostics: Diagnostics, rule: RuleId, at: Place, message: RegExp): Diagnostic {
  const all = diagnostics.list.map((d) => `${d.rule} ${d.file}:${d.line}:${d.column} ${d.message}`).join('\n');
  const d = diagnostics.list.find((x) => x.rule === rule && message.test(x.message));
  expect(d, `no ${rule} matching ${message} among:\n${all}`).toBeDefined();
  expect({ rule: d!.rule, file: d!.file, line: d!.line, column: d!.column }).toEqual({ rule, ...at });
  return d!;
}

/** Nothing outside `root` is named or shown, and the printed log holds no raw control character. */
function expectConfined(diagnostics: Diagnostics, root: string): void {
  for (const d of diagnostics.list) {
    expect(d.file === root || d.file.startsWith(`${root}${path.sep}`), `${d.rule} names ${d.file}`).toBe(true);
    for (const r of d.related) expect(r.file.startsWith(`${root}${path.sep}`), `${d.rule} relates ${r.file}`).toBe(true);
    const printed = formatDiagnostic(d, diagnostics.sources, { cwd: root });
    expect(printed, `${d.rule} prints a control character`).not.toMatch(controlInLog);
  }
  for (const file of diagnostics.sources.keys()) expect(file.startsWith(`${root}${path.sep}`), `a code frame of ${file}`).toBe(true);
}

describe('broken sources', () => {
  test('the corpus has at least 60 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(60);
    expect(new Set(cases.map((x) => x.name)).size).toBe(cases.length);
  });

  for (const x of cases) {
    test(`rejects ${x.name}`, async () => {
    const tree = edited(x.edits);
    const result = await compile({ sources: tree, assets: noAssets, targets: [] });
    expect(result.ok).toBe(false);
    expect(result.files).toEqual([]);
    const d = expectReported(result.diagnostics, x.rule, placeIn(tree, x.where), x.message);
    expect(d.severity).toBe('error');
    expect(d.hint.length).toBeGreaterThan(20);
    expectConfined(result.diagnostics, tree.root);
    }, x.timeout ?? 60_000);
  }
});

// ── On disk: what only a real folder can hold ───────────────────────────────────────────────

const scratch: string[] = [];
afterAll(() => {
  for (const d of scratch) fs.rmSync(d, { recursive: true, force: true });
});

function tmpDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `hostile-${prefix}-`));
  scratch.push(dir);
  return dir;
}

/** A copy of the fixture course in a folder of its own, inside a scratch folder that holds nothing else. */
function courseOnDisk(): string {
  const dir = path.join(tmpDir('course'), 'content');
  for (const [rel, bytes] of minimal.files) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), bytes);
  }
  return dir;
}

/** Every entry under `dir` without following links: files by hash, links by target, others by kind. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const name of fs.readdirSync(path.join(dir, rel), { encoding: 'buffer' })) {
      const child = path.join(rel, name.toString('latin1'));
      const full = Buffer.concat([Buffer.from(path.join(dir, rel) + path.sep), name]);
      const st = fs.lstatSync(full);
      if (st.isSymbolicLink()) out[child] = `link ${fs.readlinkSync(full).toString()}`;
      else if (st.isDirectory()) walk(child);
      else if (st.isFile()) out[child] = crypto.createHash('sha256').update(fs.readFileSync(full)).digest('hex');
      else out[child] = 'special';
    }
  };
  walk('');
  return out;
}

/** A file outside every course folder, standing for /etc/passwd. */
const secret = (() => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hostile-secret-')), 'passwd');
  fs.writeFileSync(file, 'root:x:0:0:secret-line-never-printed:/root:/bin/bash\n');
  scratch.push(path.dirname(file));
  return file;
})();

interface DiskCase {
  name: string;
  /** Breaks the course in `dir`; returns the place the diagnostic must name. */
  make(dir: string): Where;
  rule: RuleId;
  message: RegExp;
  /** Rules that must not be reported as well (the consequences of the one problem). */
  not?: RuleId[];
}

const diskCases: DiskCase[] = [
  {
    name: 'a lesson that is a symbolic link to a file outside the course (never read or printed)',
    make(dir) {
      fs.symlinkSync(secret, path.join(dir, 'lessons/en/02-passwd.md'));
      return wholeFile('lessons/en/02-passwd.md');
    },
    rule: 'SymbolicLink',
    message: /^lessons\/en\/02-passwd\.md is a symbolic link; the build does not follow links, so it is not read\.$/,
  },
  {
    name: 'a symbolic link to /etc/passwd',
    make(dir) {
      fs.symlinkSync('/etc/passwd', path.join(dir, 'lessons/ja/00-passwd.md'));
      return wholeFile('lessons/ja/00-passwd.md');
    },
    rule: 'SymbolicLink',
    message: /lessons\/ja\/00-passwd\.md is a symbolic link/,
  },
  {
    name: 'the English lessons folder linked from elsewhere (reported itself, not every lesson as missing)',
    make(dir) {
      const elsewhere = path.join(tmpDir('elsewhere'), 'en');
      fs.renameSync(path.join(dir, 'lessons/en'), elsewhere);
      fs.symlinkSync(elsewhere, path.join(dir, 'lessons/en'));
      return wholeFile('lessons/en');
    },
    rule: 'SymbolicLink',
    message: /^lessons\/en is a symbolic link/,
    not: ['LessonMissingInLanguage', 'MissingSourceFile'],
  },
  {
    name: 'course.yaml linked to another file of the course',
    make(dir) {
      fs.renameSync(path.join(dir, 'course.yaml'), path.join(dir, 'course-real.yaml'));
      fs.symlinkSync('course-real.yaml', path.join(dir, 'course.yaml'));
      return wholeFile('course.yaml');
    },
    rule: 'SymbolicLink',
    message: /^course\.yaml is a symbolic link/,
    not: ['MissingSourceFile'],
  },
  {
    name: 'a link that loops back to its own folder',
    make(dir) {
      fs.symlinkSync('..', path.join(dir, 'lessons/en/loop'));
      return wholeFile('lessons/en/loop');
    },
    rule: 'SymbolicLink',
    message: /lessons\/en\/loop is a symbolic link/,
  },
  {
    name: 'a named pipe among the lessons (read, it would wait forever)',
    make(dir) {
      const r = spawnSync('mkfifo', [path.join(dir, 'lessons/en/02-pipe.md')]);
      if (r.status !== 0) throw new Error(`mkfifo failed: ${r.stderr}`);
      return wholeFile('lessons/en/02-pipe.md');
    },
    rule: 'UnreadableFile',
    message: /02-pipe\.md is not an ordinary file \(a named pipe, socket or device\)/,
  },
  {
    name: 'a file name holding an escape sequence',
    make(dir) {
      fs.writeFileSync(path.join(dir, 'lessons/en', '02-\u001b[2Jclear.md'), text(en));
      return wholeFile('lessons/en');
    },
    rule: 'InvalidFileName',
    message: /A file in lessons\/en is named "02-\\u001b\[2Jclear\.md"/,
  },
  {
    name: 'a file name that is not UTF-8',
    make(dir) {
      fs.writeFileSync(Buffer.concat([Buffer.from(path.join(dir, 'lessons/ja') + path.sep), Buffer.from([0x96, 0xda, 0x2e, 0x6d, 0x64])]), text(ja));
      return wholeFile('lessons/ja');
    },
    rule: 'InvalidFileName',
    message: /A file in lessons\/ja is named "\\x96\\xda\.md"/,
  },
  {
    name: 'a file too large to read at all (33 MB)',
    make(dir) {
      const file = path.join(dir, 'lessons/en/02-huge.md');
      fs.writeFileSync(file, '');
      fs.truncateSync(file, 33 * 1024 * 1024);
      return wholeFile('lessons/en/02-huge.md');
    },
    rule: 'SourceFileTooLarge',
    message: /lessons\/en\/02-huge\.md has 34,603,008 bytes; a source file may have at most 1,048,576, so it is not read/,
  },
];

describe('broken course folders on disk', () => {
  test.each(diskCases.map((x) => [x.name, x] as const))('rejects %s', async (_, x) => {
    const dir = courseOnDisk();
    const where = x.make(dir);
    const before = snapshot(dir);
    const tree = readSources(dir);
    const result = await compile({ sources: tree, assets: noAssets, targets: [] });
    expect(result.ok).toBe(false);
    const d = expectReported(result.diagnostics, x.rule, placeIn(tree, where), x.message);
    expect(d.hint.length).toBeGreaterThan(20);
    for (const rule of x.not ?? []) expect(result.diagnostics.list.map((y) => y.rule)).not.toContain(rule);
    expectConfined(result.diagnostics, tree.root);
    const printed = result.diagnostics.list.map((y) => formatDiagnostic(y, result.diagnostics.sources)).join('\n');
    expect(printed).not.toContain('secret-line-never-printed');
    expect(printed).not.toContain('root:x:0:0');
    expect(snapshot(dir)).toEqual(before);
  });
});

// ── What must just work ─────────────────────────────────────────────────────────────────────

const bom = [0xef, 0xbb, 0xbf];
const textFiles = [...minimal.files.keys()].filter((f) => /\.(ya?ml|md)$/.test(f));

/** The fixture with every text file rewritten by `change`. */
function rewritten(change: (bytes: Uint8Array) => Uint8Array): SourceTree {
  return new SourceTree(minimal.root, new Map([...minimal.files].map(([f, b]) => [f, textFiles.includes(f) ? change(b) : b])));
}
const withBom = (b: Uint8Array) => new Uint8Array([...bom, ...b]);
const lineBreaks = (to: string) => (b: Uint8Array) => encoder.encode(new TextDecoder().decode(b).replace(/\n/g, to));

const where = (d: Diagnostic) => ({ rule: d.rule, file: d.file, line: d.line, column: d.column, message: d.message });

describe('sources as editors save them', () => {
  const variants: [string, SourceTree][] = [
    ['a byte-order mark on every file', rewritten(withBom)],
    ['Windows line breaks (CRLF) in every file', rewritten(lineBreaks('\r\n'))],
    ['a byte-order mark and Windows line breaks', rewritten((b) => withBom(lineBreaks('\r\n')(b)))],
    ['old Mac line breaks (CR) in every file', rewritten(lineBreaks('\r'))],
  ];

  test.each(variants)('accept %s: no diagnostic, the same course', async (_, tree) => {
    const clean = await compile({ sources: minimal, assets: noAssets, targets: [] });
    const result = await compile({ sources: tree, assets: noAssets, targets: [] });
    expect(result.diagnostics.list.map(where)).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.localized).toEqual(clean.localized);
  });

  test('report a broken file with Windows line breaks at the same line and column', async () => {
    const edit = { file: q, replace: '    type: multiple-choice', with: '     type: multiple-choice' };
    const lf = await compile({ sources: edited([edit]), assets: noAssets, targets: [] });
    const crlf = await compile({ sources: new SourceTree(minimal.root, edited([edit]).files).with([{ path: q, contents: lineBreaks('\r\n')(edited([edit]).bytes(q)!) }]), assets: noAssets, targets: [] });
    expect(lf.diagnostics.list.map(where)).not.toEqual([]);
    expect(crlf.diagnostics.list.map(where)).toEqual(lf.diagnostics.list.map(where));
    // The code frame shows the line without its carriage return.
    expect(formatDiagnostic(crlf.diagnostics.list[0]!, crlf.diagnostics.sources)).not.toContain('\r');
  });

  test('accept hidden files, editor swap files and lesson names in Japanese or with spaces', async () => {
    const dir = courseOnDisk();
    fs.writeFileSync(path.join(dir, 'lessons/en/.01-basics.md.swp'), new Uint8Array([0, 1, 2, 0xff]));
    fs.writeFileSync(path.join(dir, '.DS_Store'), new Uint8Array([0, 0, 0, 1, 0xff]));
    fs.renameSync(path.join(dir, ja), path.join(dir, 'lessons/ja/01 基本.md'));
    fs.renameSync(path.join(dir, en), path.join(dir, 'lessons/en/01 the basics.md'));
    const result = await compile({ sources: readSources(dir), assets: noAssets, targets: [] });
    expect(result.diagnostics.list.map(where)).toEqual([]);
    const clean = await compile({ sources: minimal, assets: noAssets, targets: [] });
    expect(JSON.stringify([...result.localized])).toEqual(JSON.stringify([...clean.localized]));
  });

  test('build the same files from sources with a byte-order mark and Windows line breaks', async () => {
    const plain = courseOnDisk();
    const windows = courseOnDisk();
    for (const f of textFiles) fs.writeFileSync(path.join(windows, f), withBom(lineBreaks('\r\n')(minimal.bytes(f)!)));
    const a = await buildCourse({ contentDir: plain, outDir: path.join(plain, '..', 'dist'), write: false });
    const b = await buildCourse({ contentDir: windows, outDir: path.join(windows, '..', 'dist'), write: false });
    expect(b.diagnostics.list.map(where)).toEqual([]);
    expect(a.files.length).toBeGreaterThan(0);
    expect(b.files.map((f) => f.path)).toEqual(a.files.map((f) => f.path));
    for (const [i, f] of b.files.entries()) expect(Buffer.from(f.contents).equals(Buffer.from(a.files[i]!.contents)), f.path).toBe(true);
  }, 180_000);
});

// ── The real CLI: exit status, the printed diagnostic, and the output folder left as it was ──

/** `npm run build` as a person runs it, from the project folder, without colours. */
function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [path.join(projectRoot, 'scripts', 'run.mjs'), 'build/cli.ts', ...args], {
    cwd: projectRoot,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    timeout: 120_000,
  });
  return { status: r.status, stderr: r.stderr, stdout: r.stdout };
}

interface CliCase {
  name: string;
  break(dir: string): void;
  rule: RuleId;
  /** The file the title line names (relative to the course folder) and, when there is one, the line and column. */
  at: { file: string; line?: number; column?: number };
}

const cliCases: CliCase[] = [
  {
    name: 'an unclosed quote in ui.yaml',
    break: (dir) => fs.writeFileSync(path.join(dir, ui), text(ui).replace('contents: { ja: 目次, en: Contents }', 'contents: { ja: 目次, en: "Contents }')),
    rule: 'YamlSyntax',
    at: { file: ui, line: placeIn(edited([{ file: ui, replace: 'contents: { ja: 目次, en: Contents }', with: 'contents: { ja: 目次, en: "Contents }' }]), [ui, '"Contents']).line, column: 25 },
  },
  {
    name: 'a question\'s type indented one space too far',
    break: (dir) => fs.writeFileSync(path.join(dir, q), text(q).replace('    type: multiple-choice', '     type: multiple-choice')),
    rule: 'YamlSyntax',
    at: { file: q, line: 12, column: 6 },
  },
  {
    name: 'an alias bomb',
    break: (dir) => fs.writeFileSync(path.join(dir, q), billionLaughs),
    rule: 'YamlAlias',
    at: { file: q, line: 5, column: 8 },
  },
  {
    name: 'a byte that is not UTF-8 in a lesson',
    break: (dir) => fs.writeFileSync(path.join(dir, en), withBytes(en, 'demand', [0x64, 0xff, 0x65])),
    rule: 'InvalidEncoding',
    at: { file: en, line: 10, column: 8 },
  },
  {
    name: 'an escape sequence in a lesson',
    break: (dir) => fs.writeFileSync(path.join(dir, en), text(en).replace('The demand itself', 'The \u001b[2Jdemand itself')),
    rule: 'ControlCharacter',
    at: { file: en, line: 10, column: 7 },
  },
  {
    name: 'a lesson linked to /etc/passwd',
    break: (dir) => fs.symlinkSync('/etc/passwd', path.join(dir, 'lessons/en/02-passwd.md')),
    rule: 'SymbolicLink',
    at: { file: 'lessons/en/02-passwd.md' },
  },
  {
    name: 'the English lessons folder linked from elsewhere',
    break: (dir) => {
      const elsewhere = path.join(tmpDir('elsewhere'), 'en');
      fs.cpSync(path.join(dir, 'lessons/en'), elsewhere, { recursive: true });
      fs.rmSync(path.join(dir, 'lessons/en'), { recursive: true });
      fs.symlinkSync(elsewhere, path.join(dir, 'lessons/en'));
    },
    rule: 'SymbolicLink',
    at: { file: 'lessons/en' },
  },
  {
    name: 'a 20 MB lesson',
    break: (dir) => fs.writeFileSync(path.join(dir, en), hugeLesson()),
    rule: 'SourceFileTooLarge',
    at: { file: en },
  },
  {
    name: 'a heading built to make a pattern backtrack',
    break: (dir) => fs.writeFileSync(path.join(dir, en), text(en).replace('## Two questions {#two_views}', `## Two questions {#two_views}${' \t'.repeat(20_000)}x`)),
    rule: 'LineTooLong',
    at: { file: en, line: 8, column: 1 },
  },
  {
    name: 'minMinutes above maxMinutes',
    break: (dir) => fs.writeFileSync(path.join(dir, c), text(c).replace('secondsToAnswer: 5', 'secondsToAnswer: 5\n  minMinutes: 30\n  maxMinutes: 10')),
    rule: 'InvalidStudyTimeRange',
    at: { file: c, line: 32, column: 15 },
  },
];

describe('npm run build over broken sources', () => {
  let out: string;
  let before: Record<string, string>;
  beforeAll(() => {
    // The output folder holds a previous build, and a file of the user's own.
    out = path.join(tmpDir('out'), 'dist');
    const r = cli('--content', courseOnDisk(), '--out', out);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    fs.writeFileSync(path.join(out, 'notes.txt'), 'kept');
    before = snapshot(out);
  }, 180_000);

  test.each(cliCases.map((x) => [x.name, x] as const))('fails on %s with file, line and hint, and leaves the output and the sources as they were', (_, x) => {
    const dir = courseOnDisk();
    x.break(dir);
    const sources = snapshot(dir);
    const r = cli('--content', dir, '--out', out);
    expect(r.status).toBe(1);
    const place = path.relative(projectRoot, path.join(dir, x.at.file)) + (x.at.line ? `:${x.at.line}:${x.at.column}` : '');
    expect(r.stderr).toContain(`error [${x.rule}] ${place}\n`);
    expect(r.stderr).toMatch(/\nhint: \S/);
    expect(r.stderr).toMatch(/Build failed: \d+ error\(s\), \d+ warning\(s\)\. .* was left as it was\.\n$/);
    expect(r.stderr).not.toMatch(/^build failed:/m);
    expect(r.stderr).not.toMatch(controlInLog);
    expect(r.stderr).not.toContain('root:x:0:0');
    expect(r.stdout).toBe('');
    expect(snapshot(out)).toEqual(before);
    expect(fs.readdirSync(path.dirname(out))).toEqual(['dist']);
    expect(snapshot(dir)).toEqual(sources);
  }, 120_000);
});
