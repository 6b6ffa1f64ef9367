import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { localize } from '../../build/course/localize.ts';
import { buildCourse, loadCourse } from '../../build/index.ts';
import { Diagnostics } from '../../build/diagnostics.ts';
import { fixtureCopy, lineOf } from '../support/fixture.ts';

const variantFile = 'variants/acme/variant.yaml';

describe('a company variant', () => {
  test('overlays the base course: organisation, title, theme, lessons, questions, survey items', () => {
    const { course, diagnostics } = loadCourse(fixtureCopy('minimal'), new Diagnostics(), { variant: 'acme' });
    expect(diagnostics.list).toEqual([]);
    expect(course!.id).toBe('fixture_course_acme');
    expect(course!.variant?.name).toBe('acme');
    expect(course!.theme.primary).toBe('#0B5394');
    expect(course!.theme.accent).not.toBe('#0B5394');
    const ja = localize(course!, 'ja');
    expect(ja.title).toBe('テスト講座（ACME版）');
    // The variant's lesson file replaces the base lesson in full: one slide, its own narration.
    expect(ja.lessons[0]!.slides.map((s) => s.id)).toEqual(['policy', 'sources']);
    expect(ja.lessons[0]!.slides[0]!.narrationHtml.replaceAll('<wbr>', '')).toBe('<p>ACME株式会社では、必ず二人以上で対応します。</p>');
    // Replaced in place, added after, removed gone.
    expect(ja.test.questions.map((q) => [q.id, q.correct.join()])).toEqual([
      ['q_one', 'b'],
      ['q_three', 'true'],
      ['q_acme_extra', 'true'],
    ]);
    expect(ja.test.questions[2]!.description).toBe('ACME株式会社には相談窓口がある。');
    expect(ja.survey.items.map((i) => i.id)).toEqual(['aw_know', 'aw_acme_policy']);
  });

  test('leaves the base course as it was when built without the variant', () => {
    const { course } = loadCourse(fixtureCopy('minimal'));
    expect(course!.id).toBe('fixture_course');
    expect(localize(course!, 'en').lessons[0]!.slides.map((s) => s.id)).toEqual(['two_views', 'policy', 'sources']);
  });

  test('removes a slide named lesson/slide in every language', () => {
    const dir = fixtureCopy('minimal', [
      { file: 'variants/acme/lessons/ja/01-basics.md', remove: true },
      { file: 'variants/acme/lessons/en/01-basics.md', remove: true },
      { file: variantFile, replace: 'remove:\n', with: 'remove:\n  slides: [basics/two_views]\n' },
    ]);
    const { course, diagnostics } = loadCourse(dir, new Diagnostics(), { variant: 'acme' });
    expect(diagnostics.errors).toEqual([]);
    expect(course!.lessons[0]!.slides.map((s) => s.id)).toEqual(['policy']);
  });

  test.each([
    { what: 'question', edit: 'questions: [q_two]', to: 'questions: [q_tow]', at: 'q_tow', message: /removes the question "q_tow", which the course does not have\. Did you mean "q_two"/ },
    { what: 'survey item', edit: 'surveyItems: [fx_comment]', to: 'surveyItems: [fx_coment]', at: 'fx_coment', message: /removes the survey item "fx_coment".*Did you mean "fx_comment"/ },
    { what: 'slide', edit: 'remove:\n', to: 'remove:\n  slides: [basics/polcy]\n', at: 'basics/polcy', message: /removes the slide "basics\/polcy".*Did you mean "basics\/policy"/ },
    { what: 'lesson', edit: 'remove:\n', to: 'remove:\n  lessons: [basic]\n', at: 'lessons: [basic]', message: /removes the lesson "basic".*Did you mean "basics"/ },
  ])('rejects removing a $what the course does not have, at its line', ({ edit, to, at, message }) => {
    const dir = fixtureCopy('minimal', [{ file: variantFile, replace: edit, with: to }]);
    const { course, diagnostics } = loadCourse(dir, new Diagnostics(), { variant: 'acme' });
    expect(course).toBeNull();
    const d = diagnostics.errors.find((x) => x.rule === 'NothingToRemove')!;
    expect(d.message).toMatch(message);
    expect([d.file, d.line]).toEqual([path.join(dir, variantFile), lineOf(path.join(dir, variantFile), at)]);
  });

  test('rejects a logo that is not in the variant folder', () => {
    const dir = fixtureCopy('minimal', [{ file: 'variants/acme/logo.png', remove: true }]);
    const { diagnostics } = loadCourse(dir, new Diagnostics(), { variant: 'acme' });
    expect(diagnostics.errors[0]).toMatchObject({ rule: 'MissingLogo', line: lineOf(path.join(dir, variantFile), 'logo: logo.png') });
  });

  test('must still be a whole course: a lesson only in one language is rejected', () => {
    const dir = fixtureCopy('minimal', [{ file: 'variants/acme/lessons/en/01-basics.md', replace: 'id: basics', with: 'id: basics_en' }]);
    const { diagnostics } = loadCourse(dir, new Diagnostics(), { variant: 'acme' });
    expect(diagnostics.errors.map((d) => d.rule)).toContain('LessonMissingInLanguage');
  });

  test('names an unknown variant and suggests the nearest', () => {
    const { course, diagnostics } = loadCourse(fixtureCopy('minimal'), new Diagnostics(), { variant: 'acm' });
    expect(course).toBeNull();
    expect(diagnostics.errors[0]).toMatchObject({ rule: 'UnknownVariant', message: expect.stringMatching(/no variant "acm".*Did you mean "acme"/) });
  });

  test('builds its packages beside the base course, with its own name and manifest identifier', async () => {
    const src = fixtureCopy('minimal');
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'variant-')), 'dist');
    expect((await buildCourse({ contentDir: src, outDir: out, targets: ['scorm2004'] })).ok).toBe(true);
    const r = await buildCourse({ contentDir: src, outDir: out, targets: ['scorm2004'], variant: 'acme' });
    expect(r.diagnostics.errors).toEqual([]);
    expect(fs.readdirSync(out).sort()).toEqual([
      'fixture_course-en-scorm2004.zip',
      'fixture_course-ja-scorm2004.zip',
      'fixture_course_acme-en-scorm2004.zip',
      'fixture_course_acme-ja-scorm2004.zip',
    ]);
    const { unzipSync, strFromU8 } = await import('fflate');
    const manifest = strFromU8(unzipSync(fs.readFileSync(path.join(out, 'fixture_course_acme-ja-scorm2004.zip')))['imsmanifest.xml']!);
    expect(manifest).toContain('identifier="fixture_course_acme_ja_manifest"');
    expect(manifest).toContain('<title>テスト講座（ACME版）</title>');
    expect(manifest).toContain('<file href="logo.png"/>');
    const entries = unzipSync(fs.readFileSync(path.join(out, 'fixture_course_acme-ja-scorm2004.zip')));
    expect(entries['logo.png']!.length).toBe(fs.statSync(path.join(src, 'variants/acme/logo.png')).size);
    expect(strFromU8(entries['index.html']!)).toContain('"logo":{"src":"logo.png","alt":"ACME株式会社"}');
  });
});

describe('a variant that removes a whole lesson', () => {
  test('builds when it also removes the questions that refer to the lesson', () => {
    const dir = fixtureCopy('minimal', [
      { file: 'course.yaml', replace: 'questionsPerAttempt: 2', with: 'questionsPerAttempt: 1' },
      { file: 'variants/acme/lessons/ja/01-basics.md', replace: 'id: basics', with: 'id: acme_basics' },
      { file: 'variants/acme/lessons/en/01-basics.md', replace: 'id: basics', with: 'id: acme_basics' },
      { file: 'variants/acme/questions.yaml', replace: '    lesson: basics\n', with: '' },
      { file: variantFile, replace: 'remove:\n  questions: [q_two]', with: 'remove:\n  lessons: [basics]\n  questions: [q_two, q_one]' },
    ]);
    const { course, diagnostics } = loadCourse(dir, new Diagnostics(), { variant: 'acme' });
    expect(diagnostics.errors).toEqual([]);
    expect(course!.lessons.map((l) => l.id)).toEqual(['acme_basics']);
    expect(course!.questions.map((q) => q.id)).toEqual(['q_three', 'q_acme_extra']);
  });

  test('rejects a kept question that refers to the removed lesson', () => {
    const dir = fixtureCopy('minimal', [
      { file: 'variants/acme/lessons/ja/01-basics.md', replace: 'id: basics', with: 'id: acme_basics' },
      { file: 'variants/acme/lessons/en/01-basics.md', replace: 'id: basics', with: 'id: acme_basics' },
      { file: variantFile, replace: 'remove:\n', with: 'remove:\n  lessons: [basics]\n' },
    ]);
    const { diagnostics } = loadCourse(dir, new Diagnostics(), { variant: 'acme' });
    // q_one refers to it in the base bank and in the variant's replacement; q_three has no lesson.
    expect(diagnostics.errors.map((d) => [d.rule, path.relative(dir, d.file)])).toEqual([
      ['UnknownLesson', 'questions.yaml'],
      ['UnknownLesson', 'variants/acme/questions.yaml'],
    ]);
  });
});
