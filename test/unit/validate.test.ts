import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { Diagnostics, formatDiagnostic, type RuleId } from '../../build/diagnostics.ts';
import { localize } from '../../build/course/localize.ts';
import { loadCourse } from '../../build/index.ts';
import { fixtureCopy, lineOf, projectRoot, type Edit } from '../support/fixture.ts';

interface Case {
  name: string;
  edits: Edit[];
  rule: RuleId;
  /** The file the diagnostic must name, relative to the course folder. */
  file: string;
  /** Text on the line the diagnostic must point at (searched after `after` when given). */
  at: string;
  after?: string;
  message: RegExp;
}

const enLesson = 'lessons/en/01-basics.md';
const jaLesson = 'lessons/ja/01-basics.md';

const cases: Case[] = [
  {
    name: 'rejects an unknown question type and suggests the nearest',
    edits: [{ file: 'questions.yaml', replace: 'type: true-false', with: 'type: true-flase' }],
    rule: 'UnknownQuestionType',
    file: 'questions.yaml',
    at: 'type: true-flase',
    message: /Unknown question type "true-flase".*Did you mean "true-false"/,
  },
  {
    name: 'rejects a question without a correct answer',
    edits: [{ file: 'questions.yaml', replace: '{ id: a, text: { ja: これ, en: This }, correct: true }', with: '{ id: a, text: { ja: これ, en: This } }' }],
    rule: 'MissingCorrectAnswer',
    file: 'questions.yaml',
    at: 'choices:',
    message: /"q_one" has no correct choice/,
  },
  {
    name: 'rejects a single-choice question with two correct answers',
    edits: [{ file: 'questions.yaml', replace: '{ id: b, text: { ja: あれ, en: That } }', with: '{ id: b, text: { ja: あれ, en: That }, correct: true }' }],
    rule: 'TooManyCorrectAnswers',
    file: 'questions.yaml',
    at: 'choices:',
    message: /"q_one" has 2 correct choices/,
  },
  {
    name: 'rejects a duplicate question id and names both places',
    edits: [{ file: 'questions.yaml', replace: 'id: q_two', with: 'id: q_one' }],
    rule: 'DuplicateQuestionId',
    file: 'questions.yaml',
    at: 'id: q_one',
    after: 'type: single-choice',
    message: /"q_one" is used twice/,
  },
  {
    name: 'rejects a true-false question without an answer',
    edits: [{ file: 'questions.yaml', replace: '    answer: true\n', with: '' }],
    rule: 'MissingAnswer',
    file: 'questions.yaml',
    at: 'id: q_three',
    message: /"q_three" has no answer/,
  },
  {
    name: 'rejects a question that refers to a lesson that does not exist',
    edits: [{ file: 'questions.yaml', replace: 'lesson: basics', with: 'lesson: basic' }],
    rule: 'UnknownLesson',
    file: 'questions.yaml',
    at: 'lesson: basic',
    message: /"basic", which does not exist.*Did you mean "basics"/,
  },
  {
    name: 'rejects a question text missing in one language',
    edits: [{ file: 'questions.yaml', replace: 'feedback: { ja: できます。, en: You can. }', with: 'feedback: { ja: できます。 }' }],
    rule: 'MissingTranslation',
    file: 'questions.yaml',
    at: 'feedback: { ja: できます。 }',
    message: /questions\[2\]\.feedback has no "en" text/,
  },
  {
    name: 'rejects an id that the LMS would not accept',
    edits: [{ file: 'questions.yaml', replace: 'id: q_two', with: 'id: Q-two' }],
    rule: 'InvalidId',
    file: 'questions.yaml',
    at: 'id: Q-two',
    message: /"Q-two" at questions\[1\]\.id is not a valid id/,
  },
  {
    name: 'rejects a slide without narration',
    edits: [{ file: enLesson, replace: '::: narration\nAt {{org.companyName}} nobody handles this alone.\n:::\n', with: '' }],
    rule: 'MissingNarration',
    file: enLesson,
    at: '## The policy of',
    message: /Slide "policy" has no narration/,
  },
  {
    name: 'rejects a narration block that is never closed',
    edits: [{ file: enLesson, replace: 'nobody handles this alone.\n:::\n', with: 'nobody handles this alone.\n' }],
    rule: 'UnclosedNarration',
    file: enLesson,
    at: '::: narration',
    after: '## The policy of',
    message: /narration of slide "policy" is never closed/,
  },
  {
    name: 'rejects a slide heading without an id',
    edits: [{ file: jaLesson, replace: '## 二つの視点 {#two_views}', with: '## 二つの視点' }],
    rule: 'MissingSlideId',
    file: jaLesson,
    at: '## 二つの視点',
    message: /"二つの視点" has no id/,
  },
  {
    name: 'rejects a duplicate slide id within a lesson',
    edits: [{ file: enLesson, replace: '{#policy}', with: '{#two_views}' }],
    rule: 'DuplicateSlideId',
    file: enLesson,
    at: '## The policy of',
    message: /slide id "two_views" is used twice/,
  },
  {
    name: 'rejects text before the first slide',
    edits: [{ file: enLesson, replace: '---\n\n## Two questions', with: '---\n\nStray paragraph.\n\n## Two questions' }],
    rule: 'TextBeforeFirstSlide',
    file: enLesson,
    at: 'Stray paragraph.',
    message: /text before the first slide heading/,
  },
  {
    name: 'rejects a lesson that one language lacks',
    edits: [{ file: enLesson, remove: true }],
    rule: 'LessonMissingInLanguage',
    file: jaLesson,
    at: 'id: basics',
    message: /"basics" exists in "ja" but not in "en"/,
  },
  {
    name: 'rejects a slide that one language lacks',
    edits: [{ file: enLesson, replace: '{#policy}', with: '{#policy_en}' }],
    rule: 'SlideMissingInLanguage',
    file: enLesson,
    at: '## The policy of',
    message: /"policy_en" of lesson "basics" exists in "en" but not in "ja"/,
  },
  {
    name: 'rejects a slide in a YAML front matter with a syntax error, with the line in the lesson file',
    edits: [{ file: enLesson, replace: 'title: Basics', with: 'title: Basics: part one' }],
    rule: 'YamlSyntax',
    file: enLesson,
    at: 'title: Basics: part one',
    message: /YAML syntax error/,
  },
  {
    name: 'rejects slides in a different order in another language',
    edits: [
      { file: enLesson, replace: '{#two_views}', with: '{#tmp_swap}' },
      { file: enLesson, replace: '{#policy}', with: '{#two_views}' },
      { file: enLesson, replace: '{#tmp_swap}', with: '{#policy}' },
    ],
    rule: 'SlideOrderMismatch',
    file: enLesson,
    at: '{#policy}',
    message: /different order in "en": here "policy", in "ja" "two_views"/,
  },
  {
    name: 'rejects a placeholder that does not exist and suggests the nearest',
    edits: [{ file: jaLesson, replace: '{{org.companyName}}では', with: '{{org.compnyName}}では' }],
    rule: 'UnknownPlaceholder',
    file: jaLesson,
    at: '{{org.compnyName}}では',
    message: /"\{\{org\.compnyName\}\}".*Did you mean "companyName"/,
  },
  {
    name: 'rejects a placeholder in YAML that does not exist',
    edits: [{ file: 'questions.yaml', replace: 'en: "You can consult {{org.consultationDesk}}."', with: 'en: "You can consult {{org.helpdesk}}."' }],
    rule: 'UnknownPlaceholder',
    file: 'questions.yaml',
    at: '{{org.helpdesk}}',
    message: /names "helpdesk", which is not under organisation/,
  },
  {
    name: 'rejects Handlebars helpers in the sources',
    edits: [{ file: enLesson, replace: 'Two questions decide the matter.', with: '{{#if org.companyName}}Two questions{{/if}} decide the matter.' }],
    rule: 'InvalidPlaceholder',
    file: enLesson,
    at: '{{#if org.companyName}}',
    message: /"if" is not a supported placeholder/,
  },
  {
    name: 'rejects a lesson citing an unknown source',
    edits: [{ file: enLesson, replace: 'sources: [mhlw_manual]', with: 'sources: [mhlw_manuel]' }],
    rule: 'UnknownSource',
    file: enLesson,
    at: 'sources: [mhlw_manuel]',
    message: /"mhlw_manuel".*Did you mean "mhlw_manual"/,
  },
  {
    name: 'rejects lessons whose languages disagree on the sources',
    edits: [
      { file: 'course.yaml', replace: 'sources:\n', with: 'sources:\n  seed_002:\n    title: { ja: 調査, en: Survey }\n' },
      { file: enLesson, replace: 'sources: [mhlw_manual]', with: 'sources: [mhlw_manual, seed_002]' },
    ],
    rule: 'LessonMismatch',
    file: enLesson,
    at: 'sources: [mhlw_manual, seed_002]',
    message: /cites \[mhlw_manual, seed_002\] in "en" but \[mhlw_manual\] in "ja"/,
  },
  {
    name: 'rejects a lesson without front matter',
    edits: [{ file: enLesson, write: '## Two questions {#two_views}\n\n- x\n\n::: narration\nx\n:::\n' }],
    rule: 'MissingFrontMatter',
    file: enLesson,
    at: '## Two questions',
    message: /no front matter/,
  },
  {
    name: 'rejects an unknown key in course.yaml and suggests the nearest',
    edits: [{ file: 'course.yaml', replace: 'version: 1.2.3', with: 'version: 1.2.3\nversoin_note: x' }],
    rule: 'UnknownKey',
    file: 'course.yaml',
    at: 'versoin_note',
    message: /unknown key "versoin_note"/,
  },
  {
    name: 'rejects a missing required key',
    edits: [{ file: 'survey.yaml', replace: 'intro: { ja: 率直にお答えください。, en: Please answer frankly. }\n', with: '' }],
    rule: 'MissingKey',
    file: 'survey.yaml',
    at: 'title:',
    message: /has no "intro"/,
  },
  {
    name: 'rejects a value of the wrong kind',
    edits: [{ file: 'course.yaml', replace: 'passingScore: 80', with: 'passingScore: eighty' }],
    rule: 'WrongType',
    file: 'course.yaml',
    at: 'passingScore: eighty',
    message: /test\.passingScore should be a whole number, but it is the text "eighty"/,
  },
  {
    name: 'explains a text cut at an unquoted comma inside a flow map',
    edits: [{ file: 'questions.yaml', replace: 'en: Because this one is right. }', with: 'en: Because, simply, this one is right. }' }],
    rule: 'InvalidValue',
    file: 'questions.yaml',
    at: 'en: Because, simply',
    message: /A text in questions\[0\]\.feedback is cut at a comma: "simply" was read as a key/,
  },
  {
    name: 'rejects broken YAML syntax',
    edits: [{ file: 'survey.yaml', replace: 'title: { ja: 意識調査, en: Awareness survey }', with: 'title: ja: 意識調査' }],
    rule: 'YamlSyntax',
    file: 'survey.yaml',
    at: 'title: ja: 意識調査',
    message: /YAML syntax error: Nested mappings are not allowed in compact mappings\.$/,
  },
  {
    name: 'rejects a survey item with an unknown theme',
    edits: [{ file: 'survey.yaml', replace: 'theme: knowledge', with: 'theme: knowlege' }],
    rule: 'UnknownTheme',
    file: 'survey.yaml',
    at: 'theme: knowlege',
    message: /"knowlege", which is not defined.*Did you mean "knowledge"/,
  },
  {
    name: 'rejects a duplicate survey item id',
    edits: [{ file: 'survey.yaml', replace: 'id: fx_comment', with: 'id: aw_know' }],
    rule: 'DuplicateSurveyItemId',
    file: 'survey.yaml',
    at: 'id: aw_know',
    after: 'type: likert',
    message: /"aw_know" is used twice/,
  },
  {
    name: 'rejects a bank smaller than one attempt',
    edits: [{ file: 'course.yaml', replace: 'questionsPerAttempt: 2', with: 'questionsPerAttempt: 5' }],
    rule: 'NotEnoughQuestions',
    file: 'course.yaml',
    at: 'questionsPerAttempt: 5',
    message: /draws 5 questions, but the bank has only 3/,
  },
  {
    name: 'rejects a draw plan naming a misspelt lesson and suggests the nearest',
    edits: [{ file: 'course.yaml', replace: 'questionsPerAttempt: 2', with: 'questionsPerAttempt: 1\n  draw: { basic: 1 }' }],
    rule: 'UnknownLesson',
    file: 'course.yaml',
    at: 'draw: { basic: 1 }',
    message: /test\.draw names the lesson "basic", which does not exist.*Did you mean "basics"/,
  },
  {
    // Only q_one names the lesson: q_two and q_three, of no lesson, do not count for it.
    name: 'rejects a draw plan asking a lesson for more questions than the bank has on it',
    edits: [{ file: 'course.yaml', replace: 'questionsPerAttempt: 2', with: 'questionsPerAttempt: 2\n  draw:\n    basics: 2' }],
    rule: 'NotEnoughQuestions',
    file: 'course.yaml',
    at: 'basics: 2',
    message: /^Each attempt draws 2 questions of the lesson "basics", but the bank has only 1 with "lesson: basics"\.$/,
  },
  {
    name: 'rejects a draw plan that does not add up to the questions per attempt',
    edits: [{ file: 'course.yaml', replace: 'questionsPerAttempt: 2', with: 'questionsPerAttempt: 2\n  draw:\n    basics: 1' }],
    rule: 'DrawPlanMismatch',
    file: 'course.yaml',
    at: 'questionsPerAttempt: 2',
    message: /^test\.draw adds up to 1 questions per attempt, but test\.questionsPerAttempt is 2\.$/,
  },
  {
    name: 'rejects a course whose study time falls outside its promised range',
    edits: [{ file: 'course.yaml', replace: 'secondsToAnswer: 5', with: 'secondsToAnswer: 5\n  minMinutes: 22\n  maxMinutes: 28' }],
    rule: 'StudyTimeOutOfRange',
    file: 'course.yaml',
    at: 'timing:',
    message: /"ja" course is estimated at \d+\.\d minutes, outside 22–28/,
  },
  {
    name: 'rejects a key of another kind of survey item: options on a Likert item',
    edits: [{ file: 'survey.yaml', replace: '    theme: knowledge\n', with: '    theme: knowledge\n    options: []\n' }],
    rule: 'InvalidValue',
    file: 'survey.yaml',
    at: 'options: []',
    message: /^The Likert survey item "aw_know" has "options": only choice items have it\.$/,
  },
  {
    name: 'rejects a choice item with both its own options and optionsFrom',
    edits: [
      { file: 'course.yaml', replace: 'sources:\n', with: 'departments:\n  - { id: sales, label: { ja: 営業, en: Sales } }\n  - { id: admin, label: { ja: 管理, en: Admin } }\nsources:\n' },
      { file: 'survey.yaml', replace: 'items:\n', with: 'items:\n  - id: seg_dept\n    type: choice\n    optionsFrom: departments\n    text: { ja: 部門, en: Department }\n    options:\n      - { id: a1, label: { ja: 一, en: One } }\n      - { id: a2, label: { ja: 二, en: Two } }\n' },
    ],
    rule: 'InvalidValue',
    file: 'survey.yaml',
    at: 'optionsFrom: departments',
    message: /"seg_dept" has both "options" and "optionsFrom"/,
  },
  {
    name: 'rejects optionsFrom: departments when course.yaml lists none',
    edits: [{ file: 'survey.yaml', replace: 'items:\n', with: 'items:\n  - { id: seg_dept, type: choice, optionsFrom: departments, text: { ja: 部門, en: Department } }\n' }],
    rule: 'UnknownOptionList',
    file: 'survey.yaml',
    at: 'optionsFrom: departments',
    message: /takes its options from "departments", but course\.yaml has no "departments" list/,
  },
  {
    name: 'rejects "don\'t know" on an item when the survey has no label for it',
    edits: [{ file: 'survey.yaml', replace: '    theme: knowledge\n', with: '    theme: knowledge\n    dontKnow: true\n' }],
    rule: 'MissingKey',
    file: 'survey.yaml',
    at: 'dontKnow: true',
    message: /"aw_know" offers "don't know", but the survey has no "dontKnow" label/,
  },
  {
    name: 'rejects the same point id in two scales',
    edits: [{ file: 'survey.yaml', replace: 'themes:\n', with: '  - id: yesno\n    points:\n      - { id: s1, label: { ja: いいえ, en: "No" } }\n      - { id: y, label: { ja: はい, en: "Yes" } }\nthemes:\n' }],
    rule: 'DuplicateScaleId',
    file: 'survey.yaml',
    at: 'id: s1, label: { ja: いいえ',
    message: /The scale point id "s1" is used twice/,
  },
];

describe('the validator', () => {
  test('accepts the fixture course', () => {
    const { course, diagnostics } = loadCourse(fixtureCopy('minimal'));
    expect(diagnostics.list).toEqual([]);
    expect(course?.lessons.map((l) => l.slides.map((s) => s.id))).toEqual([['two_views', 'policy']]);
    expect(course?.questions.find((q) => q.id === 'q_three')?.choices.map((c) => [c.id, c.correct])).toEqual([
      ['true', true],
      ['false', false],
    ]);
  });

  test.each(cases)('$name', (c) => {
    const dir = fixtureCopy('minimal', c.edits);
    const { course, diagnostics } = loadCourse(dir);
    expect(course).toBeNull();
    const found = diagnostics.list.filter((d) => d.rule === c.rule);
    expect(found.map((d) => d.message), `diagnostics: ${diagnostics.list.map((d) => `${d.rule}: ${d.message}`).join('\n')}`).not.toEqual([]);
    const d = found.find((x) => c.message.test(x.message)) ?? found[0]!;
    expect(d.message).toMatch(c.message);
    expect(d.file).toBe(path.join(dir, c.file));
    expect(d.line).toBe(lineOf(path.join(dir, c.file), c.at, c.after));
    expect(d.hint.length).toBeGreaterThan(10);
  });

  test('reads the survey\'s scales, "don\'t know", choice items and departments into the model and the player\'s data', () => {
    const { course, diagnostics } = loadCourse(path.join(projectRoot, 'content'));
    expect(diagnostics.errors).toEqual([]);
    const survey = course!.survey;
    expect(survey.scales.map((s) => [s.id, s.points.map((p) => p.id)])).toEqual([
      ['agreement', ['s1', 's2', 's3', 's4', 's5']],
      ['frequency', ['f1', 'f2', 'f3', 'f4']],
      ['yesno', ['n', 'y']],
    ]);
    expect(survey.dontKnow).toEqual({ ja: 'わからない', en: "Don't know" });
    const item = (id: string) => survey.items.find((i) => i.id === id)!;
    expect(item('aw_work_policy')).toMatchObject({ type: 'likert', scale: 'yesno', dontKnow: true, theme: 'workplace' });
    expect(item('aw_cons_fear')).toMatchObject({ type: 'likert', scale: 'agreement', dontKnow: false, good: 'low' });
    expect(item('seg_channel')).toMatchObject({ type: 'choice', multiple: true, segment: true, required: false, optionsFrom: null });
    // The department question offers course.yaml's list.
    expect(item('seg_department')).toMatchObject({ type: 'choice', optionsFrom: 'departments', multiple: false, segment: true });
    expect(course!.departments.map((d) => d.id)).toEqual(['sales', 'store', 'contact_centre', 'field', 'admin', 'other']);
    expect((item('seg_department') as { options: unknown }).options).toEqual(course!.departments);

    const player = localize(course!, 'en').survey;
    expect(player.scales.find((s) => s.id === 'yesno')).toEqual({ id: 'yesno', points: [{ id: 'n', label: 'No' }, { id: 'y', label: 'Yes' }] });
    expect(player.dontKnow).toBe("Don't know");
    expect(player.items.find((i) => i.id === 'aw_exp_received')).toMatchObject({ type: 'likert', scale: 'frequency', dontKnow: false, good: 'low' });
    expect(player.items.find((i) => i.id === 'seg_department')).toMatchObject({ type: 'choice', options: [{ id: 'sales', label: 'Sales' }, { id: 'store', label: 'Shop or counter' }, expect.anything(), expect.anything(), expect.anything(), { id: 'other', label: 'Other' }] });
  });

  test('a variant\'s departments replace the course\'s in the department question', () => {
    const dir = fixtureCopy('minimal', [
      { file: 'course.yaml', replace: 'sources:\n', with: 'departments:\n  - { id: sales, label: { ja: 営業, en: Sales } }\n  - { id: admin, label: { ja: 管理, en: Admin } }\nsources:\n' },
      { file: 'survey.yaml', replace: 'items:\n', with: 'items:\n  - { id: seg_dept, type: choice, segment: true, optionsFrom: departments, text: { ja: 部門, en: Department } }\n' },
      { file: 'variants/acme/variant.yaml', replace: 'logo: logo.png\n', with: 'logo: logo.png\ndepartments:\n  - { id: plant, label: { ja: 工場, en: Plant } }\n  - { id: office, label: { ja: 本社, en: Head office } }\n  - { id: depot, label: { ja: 倉庫, en: Depot } }\n' },
    ]);
    const base = loadCourse(dir).course!;
    expect(base.survey.items.find((i) => i.id === 'seg_dept')).toMatchObject({ options: [{ id: 'sales' }, { id: 'admin' }] });
    const acme = loadCourse(dir, new Diagnostics(), { variant: 'acme' }).course!;
    expect(acme.departments.map((d) => d.id)).toEqual(['plant', 'office', 'depot']);
    expect(acme.survey.items.find((i) => i.id === 'seg_dept')).toMatchObject({ options: [{ id: 'plant' }, { id: 'office' }, { id: 'depot' }] });
  });

  test('accepts a draw plan the bank can fill and hands it to the player', () => {
    const { course, diagnostics } = loadCourse(fixtureCopy('minimal', [{ file: 'course.yaml', replace: 'questionsPerAttempt: 2', with: 'questionsPerAttempt: 1\n  draw: { basics: 1 }' }]));
    expect(diagnostics.errors).toEqual([]);
    expect(course!.test).toEqual({ passingScore: 80, questionsPerAttempt: 1, maxAttempts: 0, draw: { basics: 1 } });
    expect(localize(course!, 'en').test.draw).toEqual({ basics: 1 });
  });

  test('without a draw plan the player draws from the whole bank', () => {
    const { course } = loadCourse(fixtureCopy('minimal'));
    expect(course!.test.draw).toBeNull();
    expect(localize(course!, 'en').test.draw).toBeNull();
  });

  test('names both places of a duplicate', () => {
    const dir = fixtureCopy('minimal', [{ file: 'questions.yaml', replace: 'id: q_two', with: 'id: q_one' }]);
    const [d] = loadCourse(dir).diagnostics.list.filter((x) => x.rule === 'DuplicateQuestionId');
    expect(d?.related).toEqual([{ file: path.join(dir, 'questions.yaml'), line: lineOf(path.join(dir, 'questions.yaml'), 'id: q_one'), column: 9, message: 'first used here' }]);
  });

  test('reports every problem of every file in one run', () => {
    const dir = fixtureCopy('minimal', [
      { file: 'questions.yaml', replace: 'type: true-false', with: 'type: yes-no' },
      { file: 'survey.yaml', replace: 'theme: knowledge', with: 'theme: skills' },
      { file: enLesson, replace: '::: narration\nTwo questions decide the matter.\n:::\n', with: '' },
      { file: jaLesson, replace: '{{org.companyName}}の方針', with: '{{org.company}}の方針' },
    ]);
    const rules = loadCourse(dir).diagnostics.errors.map((d) => d.rule).sort();
    expect(rules).toEqual(['MissingNarration', 'UnknownPlaceholder', 'UnknownQuestionType', 'UnknownTheme']);
  });

  test('prints a diagnostic with a code frame and a caret under the spot', () => {
    const dir = fixtureCopy('minimal', [{ file: 'questions.yaml', replace: 'type: true-false', with: 'type: true-flase' }]);
    const { diagnostics } = loadCourse(dir);
    const text = formatDiagnostic(diagnostics.list[0]!, diagnostics.sources, { cwd: dir });
    const line = lineOf(path.join(dir, 'questions.yaml'), 'type: true-flase');
    expect(text.split('\n')).toEqual([
      `error [UnknownQuestionType] questions.yaml:${line}:11`,
      `${line - 1} |   - id: q_three`,
      `${line} |     type: true-flase`,
      `   |           ^`,
      'Unknown question type "true-flase" at questions[2].type. Did you mean "true-false"? Expected one of: single-choice, multiple-choice, true-false.',
      'hint: Use single-choice, multiple-choice or true-false.',
    ]);
  });
});

describe('warnings that do not stop the build', () => {
  test('warns when a choice id is longer than SCORM 1.2 sends, naming the question', async () => {
    const { buildCourse } = await import('../../build/index.ts');
    const dir = fixtureCopy('minimal', [{ file: 'questions.yaml', replace: '{ id: b, text: { ja: あれ, en: That } }', with: '{ id: bb, text: { ja: あれ, en: That } }' }]);
    const r = await buildCourse({ contentDir: dir, outDir: path.join(dir, 'dist'), targets: ['scorm12'], write: false });
    expect(r.ok).toBe(true);
    expect(r.diagnostics.warnings.map((d) => [d.rule, d.line, d.message])).toEqual([
      ['Scorm12ChoiceId', lineOf(path.join(dir, 'questions.yaml'), '- id: q_one'), expect.stringContaining('"q_one" has choice id "bb"')],
    ]);
  });
});
