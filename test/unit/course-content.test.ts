/**
 * The course as shipped (content/): what a buyer's compliance officer checks before paying.
 * A test that tells who learned, facts that rest on named sources, two languages that say the
 * same thing slide by slide, and a study time that keeps the promise of about 25 minutes.
 */
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { readSources } from '../../build/assets.ts';
import { compile } from '../../build/compile.ts';
import { estimateStudyTime } from '../../build/course/estimate.ts';
import { slideBlocks } from '../../build/markdown/blocks.ts';
import type { Course } from '../../build/model.ts';
import { projectRoot } from '../support/fixture.ts';

const noAssets = { templates: new Map<string, Uint8Array>(), player: () => Promise.reject(new Error('the checks embed no player')) };
let course: Course;
let rules: string[];

beforeAll(async () => {
  const result = await compile({ sources: readSources(path.join(projectRoot, 'content')), assets: noAssets, targets: [] });
  expect(result.diagnostics.list.filter((d) => d.severity === 'error').map((d) => d.message)).toEqual([]);
  course = result.course!;
  rules = result.diagnostics.list.map((d) => d.rule);
});

describe('the confirmation test', () => {
  test('has at least 40 questions, at least 60% of them case-based', () => {
    expect(course.questions.length).toBeGreaterThanOrEqual(40);
    const cases = course.questions.filter((q) => q.caseBased).length;
    expect(cases / course.questions.length).toBeGreaterThanOrEqual(0.6);
  });

  test('draws from every lesson, and every lesson has more questions than one attempt takes from it', () => {
    const draw = course.test.draw!;
    expect(Object.keys(draw).sort()).toEqual(course.lessons.map((l) => l.id).sort());
    for (const lesson of course.lessons) {
      const bank = course.questions.filter((q) => q.lesson === lesson.id);
      expect(bank.length, lesson.id).toBeGreaterThan(draw[lesson.id]! * 2);
      expect(bank.filter((q) => q.caseBased).length, `${lesson.id} case-based`).toBeGreaterThanOrEqual(draw[lesson.id]!);
    }
  });

  test('does not give the answer away by its length', () => {
    expect(rules).not.toContain('KeyedAnswerLongest');
  });

  test('has no distractor that is wrong only because it says always or never', () => {
    const absolute = { ja: /必ず|一切|絶対に/, en: /\b(always|never)\b/i };
    // Words someone says in the option (an over-promise to a customer) are what the learner
    // judges, not the test's own wording.
    const unquoted = (text: string) => text.replace(/「[^」]*」|“[^”]*”|"[^"]*"/g, '');
    const found = course.questions.flatMap((q) =>
      q.type === 'true-false' ? [] : q.choices.filter((c) => !c.correct).flatMap((c) => (['ja', 'en'] as const).filter((l) => absolute[l].test(unquoted(c.text[l] ?? ''))).map((l) => `${q.id}/${c.id} (${l}): ${c.text[l]}`)),
    );
    expect(found).toEqual([]);
  });
});

describe('the facts', () => {
  test('no lesson cites a press release or news article of the seed set', () => {
    expect(course.sources.map((s) => s.id).filter((id) => id.startsWith('seed_'))).toEqual([]);
  });

  test('every source the course lists has a specific page or a publication date', () => {
    for (const s of course.sources) {
      expect(s.url ?? s.date, s.id).toBeTruthy();
      if (s.url) expect(new URL(s.url).pathname, `${s.id} must not be a portal's home page`).not.toBe('/');
    }
  });

  test('every lesson cites its sources, and every source is cited', () => {
    const cited = new Set(course.lessons.flatMap((l) => l.sources));
    for (const l of course.lessons) expect(l.sources.length, l.id).toBeGreaterThan(0);
    expect(course.sources.map((s) => s.id).filter((id) => !cited.has(id) && id !== 'reading_rate')).toEqual([]);
  });

  test.each([
    ['the FY2023 MHLW survey replaces the FY2020 figure', /27\.9/],
    ['the ordinance is the first enacted, not the first in force', /制定/],
  ])('%s', (_name, pattern) => {
    const ja = course.lessons.flatMap((l) => l.slides.map((s) => `${s.body['ja']}\n${s.narration['ja']}`)).join('\n');
    expect(ja).toMatch(pattern);
  });

  test('states none of the figures the review found without a primary source', () => {
    const all = JSON.stringify([course.lessons, course.questions]);
    expect(all).not.toMatch(/8割近く|nearly 80/);
    expect(all).not.toMatch(/20〜99歳|aged 20 to 99/);
  });
});

describe('the two languages', () => {
  test('show the same blocks in the same order on every slide', () => {
    for (const lesson of course.lessons) {
      for (const slide of lesson.slides) {
        const kinds = (lang: string) => slideBlocks(slide.body[lang] ?? '').map((b) => (b.kind === 'visual' ? b.visual.kind : b.kind));
        expect(kinds('en'), `${lesson.id}/${slide.id}`).toEqual(kinds('ja'));
      }
    }
  });

  test('show the same figures in every chart', () => {
    for (const lesson of course.lessons) {
      for (const slide of lesson.slides) {
        const figures = (lang: string) =>
          slideBlocks(slide.body[lang] ?? '').flatMap((b) => (b.kind === 'visual' && b.visual.kind === 'stat' ? [{ source: b.visual.stat.source, values: b.visual.stat.values.map((v) => v.value) }] : []));
        expect(figures('en'), `${lesson.id}/${slide.id}`).toEqual(figures('ja'));
      }
    }
  });
});

describe('the awareness survey', () => {
  const items = () => course.survey.items;
  const theme = (id: string) => course.survey.themes.find((t) => t.id === id)!;

  test('asks about experience on a frequency scale, one act per item, and reads fewer as better', () => {
    const experience = items().filter((i) => i.type === 'likert' && i.theme === 'experience');
    expect(experience.length).toBeGreaterThanOrEqual(3);
    for (const i of experience) expect(i.type === 'likert' && i.scale, i.id).toBe('frequency');
    expect(theme('experience').good).toBe('low');
    // "seen or heard" was two ideas in one item.
    for (const i of experience) expect(i.text['ja'], i.id).not.toMatch(/見たり|聞いたり/);
  });

  test('asks workplace facts as yes or no with a "don\'t know" apart from the scale', () => {
    const facts = items().filter((i) => i.type === 'likert' && i.theme === 'workplace');
    expect(facts.map((i) => i.id).sort()).toEqual(['aw_work_desk', 'aw_work_manual', 'aw_work_policy']);
    for (const i of facts) expect(i.type === 'likert' && [i.scale, i.dontKnow], i.id).toEqual(['yesno', true]);
    expect(course.survey.dontKnow).not.toBeNull();
  });

  test('asks about fear of consulting and about the learner\'s own conduct, each with its direction', () => {
    const fear = items().find((i) => i.id === 'aw_cons_fear')!;
    expect(fear.type === 'likert' && fear.good).toBe('low');
    expect(items().filter((i) => i.type === 'likert' && i.theme === 'own_conduct').length).toBeGreaterThanOrEqual(2);
    for (const t of course.survey.themes) expect(['high', 'low'], t.id).toContain(t.good);
  });

  test('offers optional questions the report can break results down by: contact, channel and department', () => {
    const segments = items().filter((i) => i.type === 'choice' && i.segment);
    expect(segments.map((i) => i.id)).toEqual(['seg_contact', 'seg_channel', 'seg_department']);
    for (const i of segments) expect(i.required, i.id).toBe(false);
    const department = segments.find((i) => i.id === 'seg_department')!;
    expect(department.type === 'choice' && department.optionsFrom).toBe('departments');
    expect(department.type === 'choice' && department.options.length).toBeGreaterThanOrEqual(3);
    expect(segments.find((i) => i.id === 'seg_channel')!.type === 'choice' && (segments.find((i) => i.id === 'seg_channel') as { multiple: boolean }).multiple).toBe(true);
  });

  test('says who sees the answers, that they are reported only in groups, and whom to contact', () => {
    for (const lang of ['ja', 'en']) {
      const intro = course.survey.intro[lang]!;
      expect(intro, lang).toMatch(/5人以上|five or more/);
      expect(intro, lang).toContain('{{org.consultationDesk}}');
      expect(intro, lang).toContain('{{org.consultationContact}}');
    }
  });

  test('states no fact in an item: the law item asks what the learner can explain', () => {
    const law = items().find((i) => i.id === 'aw_know_law')!;
    expect(law.text['ja']).not.toMatch(/義務になった|義務化された/);
  });

  test('labels the agreement scale with the same strength in both languages', () => {
    const agreement = course.survey.scales.find((s) => s.id === 'agreement')!;
    const en = agreement.points.map((p) => p.label['en']);
    const ja = agreement.points.map((p) => p.label['ja']);
    expect(en.filter((l) => /somewhat/i.test(l!)).length).toBe(ja.filter((l) => /どちらかといえば/.test(l!)).length);
  });
});

describe('the study time', () => {
  test.each(['ja', 'en'])('is 22–28 minutes in %s by the honest estimate', (lang) => {
    const t = estimateStudyTime(course, lang);
    expect(t.totalMinutes).toBeGreaterThanOrEqual(22);
    expect(t.totalMinutes).toBeLessThanOrEqual(28);
  });
});
