/**
 * The catalog of diagnostics (build/diagnostics.ts), rule by rule. Each rule is triggered
 * through the entry point that reports it — the one compile over in-memory sources, the
 * importer on a manuscript edited in memory, watch mode on a broken player or template — and
 * the diagnostic must name the rule, the file, the line and the column, and carry the
 * catalog's severity and hint. A rule added to the catalog without a case here fails the suite.
 *
 * Places are written as the text the caret must sit under (the column of its first
 * character), or as line 0, column 0 where the place is a whole file: a missing file, a
 * manuscript (a binary file has no lines; the message names the slide or cell).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { deflateSync, strToU8, zipSync } from 'fflate';
import { afterAll, describe, expect, test } from 'vitest';
import { readSources } from '../../build/assets.ts';
import { compile, loadCourse } from '../../build/compile.ts';
import { startDev } from '../../build/dev.ts';
import { catalog, Diagnostics, type RuleId, type Severity } from '../../build/diagnostics.ts';
import { importManuscript } from '../../build/import/index.ts';
import { moodleProfileDiagnostics } from '../../build/moodle-profile.ts';
import { SourceTree } from '../../build/sources.ts';
import { Pptx, rawZip, editWorkbook, rowWithId, withSheetCopied } from '../import/edit-ooxml.ts';
import { buildManuscripts, courseCopy } from '../import/support.ts';
import { toneWav } from '../support/audio.ts';
import { fixturesDir, projectRoot, type Edit } from '../support/fixture.ts';
import { speechBytes, type Encoding } from '../support/audio.ts';

/** Where a diagnostic points. */
interface Place {
  file: string;
  line: number;
  column: number;
}

/** What every entry point reports: a diagnostic, or watch mode's overlay problem. */
interface Reported extends Place {
  rule: string;
  severity: Severity;
  message: string;
  hint: string;
}

interface Case {
  /** How the rule is triggered (the test's name). */
  by: string;
  /** Runs the entry point: everything it reported, and the place the rule must name. */
  run(): Promise<{ reported: Reported[]; at: Place }>;
  /** Tells the diagnostic apart from others of the same rule. */
  message: RegExp;
}

const scratch: string[] = [];
afterAll(() => {
  for (const d of scratch) fs.rmSync(d, { recursive: true, force: true });
});

function tmpDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `catalog-${prefix}-`));
  scratch.push(dir);
  return dir;
}

/** Runs `make` at the first call only: cases that share a fixture share one run of it. */
function once<T>(make: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | undefined;
  return () => (p ??= make());
}

// ── The sources: compile over the fixture course, edited in memory ─────────────────────────

const minimal = readSources(path.join(fixturesDir, 'minimal'));
const encoder = new TextEncoder();

/** The fixture course with `edits` made in memory; nothing is written. */
function edited(edits: Edit[]): SourceTree {
  const files = new Map(minimal.files);
  for (const e of edits) {
    if ('remove' in e) files.delete(e.file);
    else if ('write' in e) files.set(e.file, typeof e.write === 'string' ? encoder.encode(e.write) : e.write);
    else {
      const text = new SourceTree(minimal.root, files).text(e.file) ?? '';
      if (!text.includes(e.replace)) throw new Error(`edit: "${e.replace}" is not in ${e.file}`);
      files.set(e.file, encoder.encode(text.replace(e.replace, e.with)));
    }
  }
  return new SourceTree(minimal.root, files);
}

/** A place in a source: under `needle` (after `after`, when given), a whole file, or a line and column. */
type Where = [file: string, needle: string, after?: string] | { file: string; line: number; column: number };

function placeIn(tree: SourceTree, where: Where): Place {
  if (!Array.isArray(where)) return { ...where, file: tree.abs(where.file) };
  const [file, needle, after] = where;
  const text = tree.text(file) ?? '';
  const from = after === undefined ? 0 : text.indexOf(after);
  const offset = text.indexOf(needle, from);
  if (from < 0 || offset < 0) throw new Error(`"${needle}" is not in ${file}${after ? ` after "${after}"` : ''}`);
  const lines = text.slice(0, offset).split('\n');
  return { file: tree.abs(file), line: lines.length, column: lines.at(-1)!.length + 1 };
}

const wholeFile = (file: string): Where => ({ file, line: 0, column: 0 });

/** Manuscripts and checks need neither templates nor a player. */
const noAssets = { templates: new Map<string, Uint8Array>(), player: () => Promise.reject(new Error('the checks embed no player')) };

/** A case for `compile` (no targets: the checks only) over the fixture course with `edits`. */
function sources(by: string, edits: Edit[], where: Where, message: RegExp, opts: { variant?: string } = {}): Case {
  return {
    by,
    message,
    async run() {
      const tree = edited(edits);
      const result = await compile({ sources: tree, assets: noAssets, targets: [], variant: opts.variant });
      return { reported: result.diagnostics.list, at: placeIn(tree, where) };
    },
  };
}

/**
 * A case for `compile` over the fixture course with recordings made on the spot (espeak-ng and
 * ffmpeg, test/support/audio.ts): `edits` runs when the case does, not when the file loads.
 */
function recorded(by: string, edits: () => Edit[], where: Where, message: RegExp, opts: { variant?: string } = {}): Case {
  return {
    by,
    message,
    async run() {
      const tree = edited(edits());
      const result = await compile({ sources: tree, assets: noAssets, targets: [], variant: opts.variant });
      return { reported: result.diagnostics.list, at: placeIn(tree, where) };
    },
  };
}

/** The fixture's English policy narration, spoken. */
const enPolicyTake = (as: Encoding, opts: { bitrate?: string; sampleRate?: number } = {}) => speechBytes('At our company nobody handles this alone.', 'en', as, opts);

/** A case for `compile` over the fixture course with `file` made of `bytes` (text that is not UTF-8). */
function bytesIn(by: string, file: string, bytes: Uint8Array, where: Where, message: RegExp): Case {
  return {
    by,
    message,
    async run() {
      const tree = minimal.with([{ path: file, contents: bytes }]);
      const result = await compile({ sources: tree, assets: noAssets, targets: [] });
      return { reported: result.diagnostics.list, at: placeIn(tree, where) };
    },
  };
}

/** A case for `compile` over a copy of the fixture course on disk, changed by `make`: what only a real folder holds. */
function onDisk(by: string, make: (dir: string) => Where, message: RegExp): Case {
  return {
    by,
    message,
    async run() {
      const dir = tmpDir('disk');
      fs.cpSync(path.join(fixturesDir, 'minimal'), dir, { recursive: true });
      const where = make(dir);
      const tree = readSources(dir);
      const result = await compile({ sources: tree, assets: noAssets, targets: [] });
      return { reported: result.diagnostics.list, at: placeIn(tree, where) };
    },
  };
}

const q = 'questions.yaml';
const s = 'survey.yaml';
const c = 'course.yaml';
const en = 'lessons/en/01-basics.md';
const ja = 'lessons/ja/01-basics.md';
const acme = 'variants/acme/variant.yaml';
/** The header of a PNG picture of 640 × 480 pixels, followed by `padding` bytes. */
function pngBytes(padding = 64): Uint8Array {
  const bytes = new Uint8Array(24 + padding);
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 2, 128, 0, 0, 1, 224]);
  return bytes;
}
const enCase = '> Case: a long phone call with repeated demands.';
const enPolicy = '::: narration\nAt {{org.companyName}} nobody handles this alone.\n:::\n';
/** A second scale for the survey's `scales`. */
const yesno = '  - id: yesno\n    points:\n      - { id: n, label: { ja: いいえ, en: "No" } }\n      - { id: y, label: { ja: はい, en: "Yes" } }\n';
/** The survey with five free-text items of 1,000 characters (the most the schema allows). */
const longAnswers = `${minimal.text(s)!.replace('maxLength: 100', 'maxLength: 1000')}${[1, 2, 3, 4].map((n) => `  - { id: fx_more${n}, type: text, maxLength: 1000, text: { ja: 他に${n}, en: More ${n} } }\n`).join('')}`;

// ── Import: manuscripts built once from a copy of the fixture course, edited in memory ──────

const importContent = once(async () => {
  const dir = courseCopy('minimal');
  scratch.push(dir);
  return dir;
});

const manuscripts = once(async () => {
  const files = await buildManuscripts(await importContent(), { langs: ['en'] });
  scratch.push(path.dirname(files[0]!));
  const bytes = (suffix: string) => new Uint8Array(fs.readFileSync(files.find((f) => f.endsWith(suffix))!));
  return { deck: bytes('.pptx'), testBook: bytes('confirmation-test.xlsx'), trainerBook: bytes('confirmation-test-trainer.xlsx') };
});

/** Imports `contents` as the manuscript `name` into the variant "globex", writing nothing. */
async function imported(name: string, contents: Uint8Array | string): Promise<{ reported: Reported[]; at: Place }> {
  const file = path.join(tmpDir('manuscript'), name);
  fs.writeFileSync(file, contents);
  const r = await importManuscript({ contentDir: await importContent(), file, variant: 'globex', write: false });
  return { reported: r.diagnostics.list, at: { file, line: 0, column: 0 } };
}

async function deckWith(edit: (d: Pptx) => void): Promise<Uint8Array> {
  const d = new Pptx((await manuscripts()).deck);
  edit(d);
  return d.bytes();
}

function importing(by: string, name: string, make: () => Promise<Uint8Array | string> | Uint8Array | string, message: RegExp): Case {
  return { by, message, run: async () => imported(name, await make()) };
}

/** A case that picks its diagnostic from a run shared with other cases. */
function from(by: string, run: () => Promise<{ reported: Reported[]; at: Place }>, message: RegExp): Case {
  return { by, run, message };
}

const contentTypes = '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>';

/**
 * One deck with the edits customers make that are reported but not refused: made from an
 * older version, a notes marker copied onto another slide, a slide carrying an id the course
 * lacks, a slide after the closing slide, a title and a text deleted, a generated slide edited,
 * a colour, a slide added in one language, notes deleted.
 */
const editedDeck = once(async () =>
  imported(
    'deck.pptx',
    await deckWith((d) => {
      d.set('docProps/core.xml', d.get('docProps/core.xml').replace(/fixture_course 1\.2\.3/g, 'fixture_course 1.2.0'));
      const policyNotes = d.notesOf(d.slideOf('basics/policy'));
      const twoViews = d.slideOf('basics/two_views');
      const twoViewsNotes = d.notesOf(twoViews);
      d.retype('basics/two_views', 'Two questions', '');
      d.splitRun('basics/two_views', 'The means and manner', [{ text: 'The means and manner', colour: 'FF0000' }]);
      d.retype('basics/policy', 'Case: a long phone call with repeated demands.', '');
      d.retype('_agenda', 'Basics', 'Our basics');
      const copy = d.duplicateSlide('basics/policy');
      d.set(copy, d.get(copy).replace(/<p:cSld name="[^"]*">/, '<p:cSld name="basics/gone">'));
      const copyNotes = d.notesOf(copy);
      d.set(copyNotes, d.get(copyNotes).replace('[slide: basics/policy]', '[slide: basics/gone]'));
      d.newSlide('_closing', 'Our own ending', ['Thank you'], 'Thanks for taking part.');
      // Markers last (`slideOf` finds a slide by its marker): two_views' notes end with
      // policy's marker, and policy's notes are deleted, marker and all.
      d.set(policyNotes, d.get(policyNotes).replace(/<a:p>(?:(?!<\/a:p>)[\s\S])*\[slide: basics\/policy\][\s\S]*?<\/a:p>/, '').replace(/<a:t>[^<]*<\/a:t>/g, '<a:t></a:t>'));
      d.set(twoViewsNotes, d.get(twoViewsNotes).replace('[slide: basics/two_views]', '[slide: basics/policy]'));
    }),
  ),
);

/**
 * One confirmation-test workbook with the edits reported but not refused: the trainer's, with
 * the learner's test sheet copied in, holding a formula, a question text changed differently
 * on both sheets, an answer that names no choice, and a half-filled new row with an id that
 * is not one.
 */
const editedTestBook = once(async () =>
  imported(
    'test.xlsx',
    await editWorkbook(await withSheetCopied((await manuscripts()).trainerBook, (await manuscripts()).testBook, 'Test'), (wb) => {
      const test = wb.getWorksheet('Test')!;
      const key = wb.getWorksheet('Answer key')!;
      rowWithId(key, 'G', 'q_three').getCell('E').value = { formula: '"You "&"can."', result: 'You can.' };
      rowWithId(test, 'F', 'q_two').getCell('B').value = 'Choose every answer that applies.';
      rowWithId(key, 'G', 'q_two').getCell('B').value = 'Choose each one that is right.';
      rowWithId(key, 'G', 'q_one').getCell('D').value = 'z';
      const added = test.getRow(rowWithId(test, 'F', 'q_three').number + 1);
      added.getCell('B').value = 'Who decides when a call ends?';
      added.getCell('F').value = 'Q-9';
    }),
  ),
);

// ── Watch mode: a copy of the player and of the templates, rebuilt by hand ──────────────────

/**
 * Watch mode on the fixture course with a copy of the player and of the templates from which
 * the SCORM 1.2 manifest is missing: the player broken (it does not bundle), then fixed (the
 * package cannot be made: the template is missing), then the template written with a
 * Handlebars syntax error.
 */
const watchMode = once(async () => {
  const content = tmpDir('content');
  fs.cpSync(path.join(fixturesDir, 'minimal'), content, { recursive: true });
  const player = tmpDir('player');
  fs.cpSync(path.join(projectRoot, 'player'), player, { recursive: true });
  // Watch mode tells a template by the folder it is in: the copy keeps the name templates/.
  const templates = path.join(tmpDir('assets'), 'templates');
  fs.cpSync(path.join(projectRoot, 'templates'), templates, { recursive: true });
  const manifest = path.join(templates, 'scorm12', 'imsmanifest.xml.hbs');
  fs.rmSync(manifest);
  const dev = await startDev({ contentDir: content, playerDir: player, templatesDir: templates, stateDir: tmpDir('state'), watch: false });
  try {
    dev.builder.active.add('scorm12/en');
    const entry = path.join(player, 'entries', 'scorm12.ts');
    const source = fs.readFileSync(entry, 'utf8');
    const broken = `${source.replace(/\n*$/, '\n')}const broken = ;\n`;
    fs.writeFileSync(entry, broken);
    const player1 = await dev.rebuild(new Set(['player']), [entry]);
    fs.writeFileSync(entry, source);
    const player2 = await dev.rebuild(new Set(['player']), [entry]);
    const template = '<?xml version="1.0" encoding="UTF-8"?>\n<manifest identifier="{{manifestId}}">\n  <title>{{title}</title>\n</manifest>\n';
    fs.writeFileSync(manifest, template);
    const templated = await dev.rebuild(new Set(['templates']), [manifest]);
    return {
      playerFailed: { reported: player1.problems, at: { file: entry, line: broken.split('\n').length - 1, column: 'const broken = '.length + 1 } },
      // A target that throws has no place in the sources: the message says what failed.
      packageFailed: { reported: player2.problems, at: { file: '', line: 0, column: 0 } },
      templateFailed: { reported: templated.problems, at: { file: manifest, line: 3, column: 1 } },
    };
  } finally {
    await dev.close();
  }
});

// ── The cases, one per rule ─────────────────────────────────────────────────────────────────

const cases = {
  MissingSourceFile: sources('survey.yaml deleted', [{ file: s, remove: true }], wholeFile(s), /^survey\.yaml is missing from /),
  YamlSyntax: sources('a nested mapping in a compact one', [{ file: s, replace: 'title: { ja: 意識調査, en: Awareness survey }', with: 'title: ja: 意識調査' }], [s, 'ja: 意識調査'], /YAML syntax error: Nested mappings/),
  UnknownKey: sources('a misspelt key in course.yaml', [{ file: c, replace: 'version: 1.2.3', with: 'version: 1.2.3\nversoin_note: x' }], [c, 'versoin_note'], /unknown key "versoin_note"/),
  MissingKey: sources('the survey without its intro', [{ file: s, replace: 'intro: { ja: 率直にお答えください。, en: Please answer frankly. }\n', with: '' }], [s, 'title:'], /has no "intro"/),
  WrongType: sources('a score written in words', [{ file: c, replace: 'passingScore: 80', with: 'passingScore: eighty' }], [c, 'eighty'], /test\.passingScore should be a whole number, but it is the text "eighty"/),
  InvalidValue: sources('an answer on a choice question', [{ file: q, replace: '    feedback: { ja: 一と二です。', with: '    answer: true\n    feedback: { ja: 一と二です。' }], [q, 'true', 'answer: true'], /"q_two" has "answer", which only true-false questions use/),
  UnknownQuestionType: sources('a misspelt question type', [{ file: q, replace: 'type: true-false', with: 'type: true-flase' }], [q, 'true-flase'], /Unknown question type "true-flase".*Did you mean "true-false"/),
  InvalidId: sources('an id with a capital and a hyphen', [{ file: q, replace: 'id: q_two', with: 'id: Q-two' }], [q, 'Q-two'], /"Q-two" at questions\[1\]\.id is not a valid id/),
  DuplicateLessonId: sources('a second English lesson file with the id of the first', [{ file: 'lessons/en/02-again.md', write: minimal.text(en)! }], ['lessons/en/02-again.md', 'basics'], /The lesson id "basics" is used twice/),
  DuplicateSlideId: sources('two slides with one id', [{ file: en, replace: '{#policy}', with: '{#two_views}' }], [en, '## The policy of'], /The slide id "two_views" is used twice/),
  DuplicateQuestionId: sources('two questions with one id', [{ file: q, replace: 'id: q_two', with: 'id: q_one' }], [q, 'q_one', 'type: single-choice'], /The question id "q_one" is used twice/),
  DuplicateChoiceId: sources('two choices with one id', [{ file: q, replace: '{ id: b, text: { ja: 二', with: '{ id: a, text: { ja: 二' }], [q, 'a, text: { ja: 二'], /The choice id "a" is used twice/),
  DuplicateSurveyItemId: sources('two survey items with one id', [{ file: s, replace: 'id: fx_comment', with: 'id: aw_know' }], [s, 'aw_know', 'type: likert'], /The survey item id "aw_know" is used twice/),
  DuplicateThemeId: sources('two themes with one id', [{ file: s, replace: 'themes:\n', with: 'themes:\n  - { id: knowledge, title: { ja: 知識二, en: Knowledge two } }\n' }], [s, 'knowledge', 'title: { ja: 知識二'], /The theme id "knowledge" is used twice/),
  DuplicateScaleId: sources('two scale points with one id', [{ file: s, replace: '{ id: s2,', with: '{ id: s1,' }], [s, 's1, label: { ja: どちら'], /The scale point id "s1" is used twice/),
  DuplicateOptionId: sources('two departments with one id', [{ file: c, replace: 'sources:\n', with: `departments:\n  - { id: sales, label: { ja: 営業, en: Sales } }\n  - { id: sales, label: { ja: 店舗, en: Shop } }\nsources:\n` }], [c, 'sales', 'ja: 営業'], /The department id "sales" is used twice/),
  ReservedPointId: sources('a scale point named dk', [{ file: s, replace: '{ id: s2,', with: '{ id: dk,' }], [s, 'dk,'], /The scale "agreement" has a point with the id "dk", which is the answer "don't know"/),
  MissingScale: sources('a second scale, and a Likert item that names none', [{ file: s, replace: 'themes:\n', with: `${yesno}themes:\n` }], [s, 'id: aw_know'], /The Likert item "aw_know" names no scale, and the survey has 2: agreement, yesno/),
  UnknownScale: sources('a Likert item naming a misspelt scale', [{ file: s, replace: '    theme: knowledge\n', with: '    theme: knowledge\n    scale: agreemnt\n' }], [s, 'agreemnt'], /names the scale "agreemnt", which is not defined.*Did you mean "agreement"/),
  UnknownOptionList: sources('a choice item taking its options from a misspelt list', [{ file: s, replace: 'items:\n', with: 'items:\n  - { id: seg_dept, type: choice, optionsFrom: departmens, text: { ja: 部門, en: Department } }\n' }], [s, 'departmens'], /takes its options from "departmens", which is not a list of the course.*Did you mean "departments"/),
  TooFewOptions: sources('a choice item with one option', [{ file: s, replace: 'items:\n', with: 'items:\n  - id: seg_dept\n    type: choice\n    text: { ja: 部門, en: Department }\n    options:\n      - { id: sales, label: { ja: 営業, en: Sales } }\n' }], [s, 'options:'], /The choice item "seg_dept" has 1 option\(s\)/),
  TooManyOptions: sources(
    'a department list of 37 for a choice item',
    [
      { file: c, replace: 'sources:\n', with: `departments:\n${Array.from({ length: 37 }, (_, i) => `  - { id: d${i + 1}, label: { ja: 部${i + 1}, en: D${i + 1} } }\n`).join('')}sources:\n` },
      { file: s, replace: 'items:\n', with: 'items:\n  - { id: seg_dept, type: choice, optionsFrom: departments, text: { ja: 部門, en: Department } }\n' },
    ],
    [s, 'departments', 'optionsFrom: '],
    /The survey item "seg_dept" offers 37 answers \(from "departments"\); SCORM 1\.2 sends an answer as one character/,
  ),
  DuplicateLanguage: sources('a language listed twice', [{ file: c, replace: '  - code: en', with: '  - code: ja' }], [c, 'ja', 'font: Meiryo'], /The language id "ja" is used twice/),
  MissingCorrectAnswer: sources('a single-choice question without a correct choice', [{ file: q, replace: '{ id: a, text: { ja: これ, en: This }, correct: true }', with: '{ id: a, text: { ja: これ, en: This } }' }], [q, 'choices:'], /"q_one" has no correct choice/),
  TooManyCorrectAnswers: sources('a single-choice question with two correct choices', [{ file: q, replace: '{ id: b, text: { ja: あれ, en: That } }', with: '{ id: b, text: { ja: あれ, en: That }, correct: true }' }], [q, 'choices:'], /"q_one" has 2 correct choices/),
  AllChoicesCorrect: sources('a multiple-choice question whose every choice is correct', [{ file: q, replace: '{ id: c, text: { ja: 三, en: Three } }', with: '{ id: c, text: { ja: 三, en: Three }, correct: true }' }], [q, 'choices:', 'id: q_two'], /Every choice of "q_two" is correct/),
  ChoicesOnTrueFalse: sources('a true-false question with choices', [{ file: q, replace: '    answer: true\n', with: '    answer: true\n    choices:\n      - { id: a, text: { ja: はい, en: Yes } }\n' }], [q, 'choices:', 'id: q_three'], /The true-false question "q_three" has choices/),
  MissingAnswer: sources('a true-false question without its answer', [{ file: q, replace: '    answer: true\n', with: '' }], [q, 'id: q_three'], /The true-false question "q_three" has no answer/),
  MissingChoices: sources('a choice question with one choice', [{ file: q, replace: '      - { id: b, text: { ja: あれ, en: That } }\n', with: '' }], [q, 'id: q_one'], /The question "q_one" has 1 choice\(s\)/),
  MissingTranslation: sources('a feedback without its English text', [{ file: q, replace: 'feedback: { ja: できます。, en: You can. }', with: 'feedback: { ja: できます。 }' }], [q, '{ ja: できます。 }'], /questions\[2\]\.feedback has no "en" text/),
  UnknownLanguage: sources('a text in a language the course lacks', [{ file: q, replace: 'feedback: { ja: できます。, en: You can. }', with: 'feedback: { ja: できます。, en: You can., fr: Oui }' }], [q, 'fr: Oui'], /questions\[2\]\.feedback has text for "fr", which is not a course language/),
  LessonMissingInLanguage: sources('the English lesson deleted', [{ file: en, remove: true }], [ja, 'basics'], /"basics" exists in "ja" but not in "en"/),
  LessonMismatch: sources('the English lesson in another place of the order', [{ file: en, replace: 'order: 1', with: 'order: 2' }], [en, '2', 'order: '], /The lesson "basics" has order 2 in "en" but 1 in "ja"/),
  SlideMissingInLanguage: sources('an English slide the Japanese lesson lacks', [{ file: en, replace: '{#policy}', with: '{#policy_en}' }], [en, '## The policy of'], /"policy_en" of lesson "basics" exists in "en" but not in "ja"/),
  SlideOrderMismatch: sources('two English slides swapped', [
    { file: en, replace: '{#two_views}', with: '{#tmp_swap}' },
    { file: en, replace: '{#policy}', with: '{#two_views}' },
    { file: en, replace: '{#tmp_swap}', with: '{#policy}' },
  ], [en, '## Two questions'], /different order in "en": here "policy", in "ja" "two_views"/),
  MissingFrontMatter: sources('a lesson without front matter', [{ file: en, write: '## Two questions {#two_views}\n\n- x\n\n::: narration\nx\n:::\n' }], [en, '## Two questions'], /The lesson has no front matter/),
  TextBeforeFirstSlide: sources('a paragraph above the first slide', [{ file: en, replace: '---\n\n## Two questions', with: '---\n\nStray paragraph.\n\n## Two questions' }], [en, 'Stray paragraph.'], /text before the first slide heading/),
  // The caret goes where the id is missing: right after the heading's text.
  MissingSlideId: sources('a slide heading without its id', [{ file: ja, replace: '## 二つの視点 {#two_views}', with: '## 二つの視点' }], [ja, '\n\n- 要求の内容'], /"二つの視点" has no id/),
  // The line after the front matter, where the first slide would start.
  NoSlides: sources('a lesson with front matter only', [{ file: en, write: '---\nid: basics\ntitle: Basics\norder: 1\nsources: [mhlw_manual]\n---\n\n' }], { file: en, line: 7, column: 1 }, /The lesson has no slides/),
  MissingNarration: sources('a slide without narration', [{ file: en, replace: enPolicy, with: '' }], [en, '## The policy of'], /Slide "policy" has no narration/),
  EmptyNarration: sources('an empty narration block', [{ file: en, replace: enPolicy, with: '::: narration\n:::\n' }], [en, '::: narration', '## The policy of'], /The narration of slide "policy" is empty/),
  DuplicateNarration: sources('two narration blocks on one slide', [{ file: en, replace: enPolicy, with: `${enPolicy}\n::: narration\nAnd once more.\n:::\n` }], [en, '::: narration\nAnd once more.'], /Slide "policy" has a second narration block/),
  UnclosedNarration: sources('a narration never closed', [{ file: en, replace: 'nobody handles this alone.\n:::\n', with: 'nobody handles this alone.\n' }], [en, '::: narration', '## The policy of'], /The narration of slide "policy" is never closed/),
  EmptySlide: sources('a slide with narration only', [{ file: en, replace: '> Case: a long phone call with repeated demands.\n\n', with: '' }], [en, '## The policy of'], /Slide "policy" has no on-screen content/),
  BlockShape: sources('a steps block holding a bulleted list', [{ file: en, replace: '- The demand itself\n- The means and manner\n', with: '::: steps\n- The demand itself\n- The means and manner\n:::\n' }], [en, '- The demand itself'], /A steps block holds one numbered list/),
  UnknownIcon: sources('a key point with a misspelt icon', [{ file: en, replace: enCase, with: '::: keypoint\n:shield-chek: Nobody handles this alone.\n:::' }], [en, ':shield-chek:'], /no icon ":shield-chek:".*Did you mean "shield-check"/),
  ImageWithoutAlt: sources('a picture without a description', [{ file: en, replace: enCase, with: '![](images/desk.png)' }, { file: 'images/desk.png', write: pngBytes() }], [en, '![](images/desk.png)'], /The picture "images\/desk\.png" has no description/),
  ImageNotFound: sources('a picture whose file is missing', [{ file: en, replace: enCase, with: '![A service counter](images/counter.png)' }], [en, '![A service counter]'], /There is no file images\/counter\.png/),
  ImageFormat: sources('a picture that is not PNG or JPEG', [{ file: en, replace: enCase, with: '![A service counter](images/counter.png)' }, { file: 'images/counter.png', write: 'GIF89a, not a PNG' }], [en, '![A service counter]'], /images\/counter\.png is not a PNG or JPEG file/),
  ImageTooLarge: sources('a picture of 400 KB', [{ file: en, replace: enCase, with: '![A service counter](images/counter.png)' }, { file: 'images/counter.png', write: pngBytes(400 * 1024) }], [en, '![A service counter]'], /images\/counter\.png is 400 KB, more than the 300 KB/),
  AudioWithoutSlide: recorded('a recording named after a misspelt slide', () => [{ file: 'audio/en/basics/polcy.m4a', write: enPolicyTake('m4a') }], wholeFile('audio/en/basics/polcy.m4a'), /is for the slide "polcy", which the lesson "basics" does not have.*Did you mean "policy"/),
  AudioFormat: recorded('a WAV recording named .m4a', () => [{ file: 'audio/en/basics/policy.m4a', write: enPolicyTake('wav') }], wholeFile('audio/en/basics/policy.m4a'), /audio\/en\/basics\/policy\.m4a is not M4A, MP3 or Ogg audio/),
  DuplicateAudio: recorded('one slide recorded as M4A and as MP3', () => [{ file: 'audio/en/basics/policy.m4a', write: enPolicyTake('m4a') }, { file: 'audio/en/basics/policy.mp3', write: enPolicyTake('mp3') }], wholeFile('audio/en/basics/policy.mp3'), /The slide "basics\/policy" has two recordings in "en": audio\/en\/basics\/policy\.m4a and audio\/en\/basics\/policy\.mp3/),
  AudioUnreadable: recorded('an Ogg recording cut off after its first pages', () => [{ file: 'audio/en/basics/policy.ogg', write: enPolicyTake('ogg').subarray(0, 3000) }], wholeFile('audio/en/basics/policy.ogg'), /audio\/en\/basics\/policy\.ogg cannot be read for its length/),
  AudioBitRateHigh: recorded('an MP3 recording at 160 kbit/s', () => [{ file: 'audio/en/basics/policy.mp3', write: enPolicyTake('mp3', { bitrate: '160k', sampleRate: 44100 }) }], wholeFile('audio/en/basics/policy.mp3'), /audio\/en\/basics\/policy\.mp3 has 160 kbit\/s, more than the 128 kbit\/s a voice needs/),
  AudioNarrationChanged: recorded('a base recording of a slide the variant rewrites', () => [{ file: 'audio/en/basics/policy.m4a', write: enPolicyTake('m4a') }], wholeFile('audio/en/basics/policy.m4a'), /The variant "acme" changes what the slide "basics\/policy" says in "en", so audio\/en\/basics\/policy\.m4a, recorded for the base course, is not used/, { variant: 'acme' }),
  UnknownPlaceholder: sources('a misspelt organisation key', [{ file: ja, replace: '{{org.companyName}}では', with: '{{org.compnyName}}では' }], [ja, 'org.compnyName'], /"\{\{org\.compnyName\}\}" names "compnyName".*Did you mean "companyName"/),
  InvalidPlaceholder: sources('a Handlebars helper in a lesson', [{ file: en, replace: 'Two questions decide the matter.', with: '{{#if org.companyName}}Two questions{{/if}} decide the matter.' }], [en, 'if org.companyName'], /"if" is not a supported placeholder/),
  UnescapedPlaceholder: sources('a placeholder in three braces', [{ file: en, replace: 'At {{org.companyName}} nobody', with: 'At {{{org.companyName}}} nobody' }], [en, '{{{org.companyName}}}'], /"\{\{\{org\.companyName\}\}\}" would put the value into the page as HTML; write "\{\{org\.companyName\}\}"/),
  UnknownSource: sources('a lesson citing a misspelt source', [{ file: en, replace: 'sources: [mhlw_manual]', with: 'sources: [mhlw_manuel]' }], [en, 'mhlw_manuel'], /"mhlw_manuel", which course\.yaml does not define.*Did you mean "mhlw_manual"/),
  UnknownLesson: sources('a question naming a misspelt lesson', [{ file: q, replace: 'lesson: basics', with: 'lesson: basic' }], [q, 'basic\n'], /"basic", which does not exist.*Did you mean "basics"/),
  UnknownTheme: sources('a survey item naming a misspelt theme', [{ file: s, replace: 'theme: knowledge', with: 'theme: knowlege' }], [s, 'knowlege'], /"knowlege", which is not defined.*Did you mean "knowledge"/),
  UnknownThemeLesson: sources('a survey theme naming a misspelt lesson', [{ file: s, replace: '{ id: knowledge, title: { ja: 知識, en: Knowledge } }', with: '{ id: knowledge, title: { ja: 知識, en: Knowledge }, lessons: [basic] }' }], [s, 'basic]'], /The theme "knowledge" names the lesson "basic", which the course does not have.*Did you mean "basics"/),
  NotEnoughQuestions: sources('an attempt drawing more questions than the bank has', [{ file: c, replace: 'questionsPerAttempt: 2', with: 'questionsPerAttempt: 5' }], [c, '5', 'questionsPerAttempt: '], /draws 5 questions, but the bank has only 3/),
  DrawPlanMismatch: sources('a draw plan of 1 question for attempts of 2', [{ file: c, replace: 'questionsPerAttempt: 2', with: 'questionsPerAttempt: 2\n  draw: { basics: 1 }' }], [c, '2', 'questionsPerAttempt: '], /test\.draw adds up to 1 questions per attempt, but test\.questionsPerAttempt is 2/),
  UnknownUiLabel: sources('ui.yaml without the label "close"', [{ file: 'ui.yaml', replace: 'close: { ja: 閉じる, en: Close }\n', with: '' }], { file: 'ui.yaml', line: 1, column: 1 }, /ui\.yaml lacks 1 label\(s\).*close/),
  // The longest free-text item is the first to shorten: the diagnostic points at it.
  SuspendDataTooLong: sources('five free-text items of 1,000 characters', [{ file: s, write: longAnswers }], [s, '1000'], /learner state can reach \d+ characters, more than the 4096 SCORM 1\.2 stores/),
  KeyedAnswerLongest: sources('the only single-choice question keying its longest option', [{ file: q, replace: '{ id: a, text: { ja: これ, en: This }, correct: true }', with: '{ id: a, text: { ja: これです, en: This one }, correct: true }' }], [q, 'id: q_one'], /^In "ja" the correct answer is the longest option in 1 of 1 single-choice questions, more than a third: q_one \(questions\.yaml:3\)\./),
  Scorm12ChoiceId: sources('a choice id of two letters', [{ file: q, replace: '{ id: b, text: { ja: あれ', with: '{ id: bb, text: { ja: あれ' }], [q, 'id: q_one'], /"q_one" has choice id "bb"; SCORM 1\.2 sends a choice as one character/),
  MoodleProfileValue: {
    // No source reaches this check: the validator's ids (player/spec/identifiers.ts) and the
    // schema's six choices at most are stricter than Moodle. It is the second line of defence,
    // so the model is changed after validation, and the check reported as compile reports it.
    by: 'a choice id no source can hold, set on the validated model',
    message: /The choice id "ア" would be sent as cmi\.interactions\.n\.learner_response, and Moodle refuses it/,
    async run() {
      const { course } = loadCourse(minimal);
      course!.questions[0]!.choices[1]!.id = 'ア';
      const diagnostics = new Diagnostics();
      for (const p of moodleProfileDiagnostics(course!)) diagnostics.report(p.rule, p.pos, p.message);
      return { reported: diagnostics.list, at: placeIn(minimal, [q, 'id: q_one']) };
    },
  },
  MoodleProfileTextCut: sources('a survey item of 300 characters', [{ file: s, replace: 'ja: 定義を説明できる', with: `ja: ${'とても長い設問文です。'.repeat(30)}` }], [s, 'id: aw_know'], /\[ja\] The survey item "aw_know" has 330 characters; cmi\.interactions\.n\.description holds 250/),
  ManuscriptOverflow: sources('a slide too full for its PowerPoint slide', [{ file: en, replace: '- The means and manner\n', with: `- The means and manner\n${'- One more point that has to be said on this slide, at some length\n'.repeat(20)}` }], [en, '## Two questions'], /\[en\] The PowerPoint slide "basics\/two_views"/),
  UnknownVariant: sources('a variant with no folder', [], wholeFile('variants/acmee'), /There is no variant "acmee".*Did you mean "acme"/, { variant: 'acmee' }),
  NothingToRemove: sources('a variant removing a question the course lacks', [{ file: acme, replace: 'questions: [q_two]', with: 'questions: [q_twoo]' }], [acme, 'q_twoo'], /removes the question "q_twoo", which the course does not have.*Did you mean "q_two"/, { variant: 'acme' }),
  MissingLogo: sources('a variant naming a logo it lacks', [{ file: acme, replace: 'logo: logo.png', with: 'logo: other.png' }], [acme, 'other.png'], /The logo "other\.png" is not in /, { variant: 'acme' }),
  InvalidStudyTimeRange: sources('minMinutes above maxMinutes', [{ file: c, replace: 'secondsToAnswer: 5', with: 'secondsToAnswer: 5\n  minMinutes: 30\n  maxMinutes: 10' }], [c, '30', 'minMinutes: '], /timing\.minMinutes \(30\) is greater than timing\.maxMinutes \(10\)/),
  SymbolicLink: onDisk('a lesson linked to /etc/passwd', (dir) => {
    fs.symlinkSync('/etc/passwd', path.join(dir, 'lessons/en/02-passwd.md'));
    return wholeFile('lessons/en/02-passwd.md');
  }, /^lessons\/en\/02-passwd\.md is a symbolic link; the build does not follow links/),
  UnreadableFile: onDisk('a named pipe among the lessons', (dir) => {
    fs.rmSync(path.join(dir, ja));
    const made = spawnSync('mkfifo', [path.join(dir, ja)]);
    if (made.status !== 0) throw new Error(`mkfifo: ${made.stderr}`);
    return wholeFile(ja);
  }, /01-basics\.md is not an ordinary file \(a named pipe, socket or device\)/),
  InvalidFileName: onDisk('a file name holding an escape sequence', (dir) => {
    fs.writeFileSync(path.join(dir, 'lessons/en/02-\u001b[2J.md'), minimal.text(en)!);
    return wholeFile('lessons/en');
  }, /A file in lessons\/en is named "02-\\u001b\[2J\.md"/),
  LessonFileIgnored: sources('a lesson file named .MD', [{ file: 'lessons/en/02-more.MD', write: minimal.text(en)! }], wholeFile('lessons/en/02-more.MD'), /a lesson file's name ends in "\.md", in lower case/),
  SourceFileTooLarge: sources('a lesson of 2 MB', [{ file: en, write: `${minimal.text(en)}${'- one more point\n'.repeat(125_000)}` }], wholeFile(en), /^The file is 2\.0 MB; a source file may be at most 1\.0 MB\.$/),
  InvalidEncoding: bytesIn('a lesson with a byte that is not UTF-8', en, new Uint8Array([...encoder.encode(minimal.text(en)!.replace('The demand itself', 'The demand')), 0xff, ...encoder.encode(' itself\n')]), [en, '\uFFFD'], /the byte 0xFF on line \d+ is not part of a UTF-8 character/),
  ControlCharacter: sources('a NUL in a narration', [{ file: en, replace: 'Two questions decide', with: 'Two questions\u0000 decide' }], [en, '\u0000'], /control character U\+0000 \(NUL\)/),
  LineTooLong: sources('a line of 6,000 characters', [{ file: en, replace: '- The demand itself', with: `- The demand itself${' and more'.repeat(660)}` }], [en, '- The demand itself'], /Line 10 has 5,959 characters; a source line may have at most 5,000/),
  BlankRun: sources('300 spaces in a row', [{ file: en, replace: '- The demand itself', with: `- The demand${' '.repeat(300)}itself` }], [en, ' '.repeat(300)], /Line 10 has 300 spaces or tabs in a row/),
  YamlNesting: sources('lists nested a hundred levels deep', [{ file: q, write: `questions: ${'['.repeat(100)}\n` }], { file: q, line: 1, column: 'questions: '.length + 65 }, /nested more than 64 levels deep/),
  YamlAlias: sources('an alias bomb (billion laughs)', [{ file: q, write: ['a: &a [x, x, x, x, x, x, x, x, x, x]', ...'bcdefgh'.split('').map((k, i) => `${k}: &${k} [${Array(10).fill(`*${'abcdefgh'[i]}`).join(', ')}]`), 'questions: *h', ''].join('\n') }], [q, '*c, *c, *c]', 'd: &d'], /stand for more than 10,000 values/),
  StudyTimeOutOfRange: sources('a course promising more time than it takes', [{ file: c, replace: 'secondsToAnswer: 5', with: 'secondsToAnswer: 5\n  minMinutes: 22\n  maxMinutes: 28' }], [c, 'timing:'], /"ja" course is estimated at \d+\.\d minutes, outside 22–28/),
  VariantStudyTimeOutOfRange: sources('a variant shorter than the base course promises', [{ file: c, replace: 'secondsToAnswer: 5', with: 'secondsToAnswer: 5\n  minMinutes: 22\n  maxMinutes: 28' }], [c, 'timing:'], /"ja" course of the variant "acme" is estimated at \d+\.\d minutes, outside the base course's 22–28/, { variant: 'acme' }),

  PlayerBuildFailed: from('watch mode: the player does not bundle', async () => (await watchMode()).playerFailed, /Unexpected ";"/),
  TemplateFailed: from('watch mode: a template with a Handlebars syntax error', async () => (await watchMode()).templateFailed, /Parse error on line 3/),
  PackageBuildFailed: from('watch mode: a template the package needs is missing', async () => (await watchMode()).packageFailed, /The template "scorm12\/imsmanifest\.xml\.hbs" is not among the build's assets/),

  ManuscriptNotFound: {
    by: 'a manuscript file that does not exist',
    message: /^There is no file .*fixture_course-en-manuscript\.pptx\.$/,
    async run() {
      const file = path.join(tmpDir('missing'), 'fixture_course-en-manuscript.pptx');
      const r = await importManuscript({ contentDir: await importContent(), file, variant: 'globex', write: false });
      return { reported: r.diagnostics.list, at: { file, line: 0, column: 0 } };
    },
  },
  NotAPackage: importing('a text file named .pptx', 'manuscript.pptx', () => 'Just some text, not a presentation.', /not a zip package/),
  NotAManuscript: importing('a deck made from another course', 'deck.pptx', () => deckWith((d) => d.set('docProps/core.xml', d.get('docProps/core.xml').replace(/fixture_course 1\.2\.3/g, 'other_course 1.0.0'))), /made from the course "other_course", not from "fixture_course"/),
  UnsafeArchive: importing('a zip entry climbing out with ".."', 'manuscript.pptx', () => rawZip([{ name: '[Content_Types].xml', data: strToU8(contentTypes) }, { name: 'ppt/../../evil.sh', data: strToU8('rm -rf /') }]), /climbs out of its folder/),
  NestedArchive: importing('a zip inside the deck', 'deck.pptx', () => deckWith((d) => {
    d.parts['ppt/embeddings/payload.zip'] = zipSync({ 'evil.sh': strToU8('rm -rf /') });
  }), /"ppt\/embeddings\/payload\.zip" is itself a zip archive/),
  TextTooLong: importing('a slide with 30,000 characters of text', 'deck.pptx', () => deckWith((d) => {
    const part = d.slideOf('basics/two_views');
    d.set(part, d.get(part).replace('The means and manner', 'The means and manner, '.repeat(1400)));
  }), /\(basics\/two_views\) holds \d\d,\d{3} characters of text with its notes; a slide of a manuscript is refused above 20,000/),
  ArchiveTooLarge: importing('a zip bomb', 'manuscript.pptx', () => {
    const zeros = new Uint8Array(4 * 1024 * 1024);
    return rawZip([{ name: '[Content_Types].xml', data: zeros, method: 8, deflated: deflateSync(zeros) }]);
  }, /inflates \d+ times .*zip bomb/),
  XmlDoctype: importing('a slide declaring an external entity', 'deck.pptx', () => deckWith((d) => {
    const part = d.slideOf('basics/two_views');
    d.set(part, d.get(part).replace('?>', '?><!DOCTYPE p:sld [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'));
  }), /declares a document type/),
  XmlMalformed: importing('a slide using an entity XML does not define', 'deck.pptx', () => deckWith((d) => {
    const part = d.slideOf('basics/policy');
    d.set(part, d.get(part).replace('<a:t>Case', '<a:t>&nbsp;Case'));
  }), /"&nbsp;" is not one of XML's five/),

  ManuscriptVersion: from('a deck made from an older version', editedDeck, /made from version 1\.2\.0 of the course; the course is now 1\.2\.3/),
  ConflictingSlideId: from('notes ending with another slide\'s marker', editedDeck, /is named "basics\/two_views" but its notes end with the marker of "basics\/policy"/),
  UnknownSlideId: from('a slide carrying an id the course lacks', editedDeck, /carries the id "basics\/gone", which the course does not have/),
  SlideOutsideLessons: from('a slide added after the closing slide', editedDeck, /\("Our own ending"\) has no id and sits outside the lessons/),
  EmptySlideTitle: from('a slide title deleted', editedDeck, /\(basics\/two_views\) has no title any more/),
  EmptySlideBody: from('a slide\'s text deleted', editedDeck, /\(basics\/policy\) has no text any more/),
  GeneratedSlideEdited: from('the agenda retyped', editedDeck, /Edits on a slide the build makes are not imported: slide 2 \(_agenda\)/),
  FormattingNotKept: from('a word coloured red', editedDeck, /\(basics\/two_views\): colour #FF0000 cannot be kept/),
  RecordingNotImported: importing('narration recorded as WAV, as older PowerPoint does', 'deck.pptx', () => deckWith((d) => d.recordNarration('basics/policy', toneWav(0.1), 'wav', 'audio/wav')), /Slide \d+ \(basics\/policy\) has a recorded narration \(ppt\/media\/media\d+\.wav, audio\/wav\) that is in none of the formats a package carries \(M4A, MP3, OGG\); it was not imported\./),
  UntranslatedText: from('a slide added in English only', editedDeck, /is copied untranslated \("en"\) into the "ja" lesson/),
  MissingNotes: from('a slide\'s notes deleted', editedDeck, /\(basics\/policy\) has no notes any more; its narration is kept/),

  FormulaInCell: from('a formula typed into an explanation', editedTestBook, /holds the formula ="You "&"can\."/),
  UnknownRowId: from('a new row with an id that is not one', editedTestBook, /"Q-9" is not a valid id/),
  AnswerNotUnderstood: from('a correct answer naming no choice', editedTestBook, /"z" does not name choices of q_one/),
  ConflictingEdits: from('a question retyped differently on both sheets', editedTestBook, /Question q_two: its text differs on "Test" \(row \d+\) and "Answer key"/),
  IncompleteItem: from('a new question without choices or explanation', editedTestBook, /the new question has .*no explanation.*; it is not imported/),
} satisfies Record<RuleId, Case>;

describe('the catalog of diagnostics', () => {
  test('has a case for every rule, and no case for a rule it does not have', () => {
    expect(Object.keys(cases).sort()).toEqual(Object.keys(catalog).sort());
  });

  test.each(Object.entries(cases).map(([rule, c]) => ({ rule: rule as RuleId, ...c })))('$rule: $by', async ({ rule, run, message }) => {
    const { reported, at } = await run();
    const all = reported.map((d) => `${d.rule} ${d.file}:${d.line}:${d.column} ${d.message}`).join('\n');
    const d = reported.find((x) => x.rule === rule && message.test(x.message));
    expect(d, `no ${rule} matching ${message} among:\n${all}`).toBeDefined();
    expect({ rule: d!.rule, file: d!.file, line: d!.line, column: d!.column }).toEqual({ rule, ...at });
    // Severity and hint are the catalog's, whoever reports the rule.
    expect({ severity: d!.severity, hint: d!.hint }).toEqual(catalog[rule]);
  });
});
