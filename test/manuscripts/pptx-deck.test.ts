/**
 * The PowerPoint manuscript as a customer opens it: a closing slide about where to get help,
 * talking points in the notes of every slide, the organisation values still to fill in
 * highlighted, and the trainer's appendix showing each correct answer.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { loadCourse } from '../../build/index.ts';
import { localize, textFor } from '../../build/course/localize.ts';
import type { Course } from '../../build/model.ts';
import { fixtureCopy } from '../support/fixture.ts';
import { all, buildManuscript, courseAt, first, parseXml, type PptxView, readPptx, type SlideView } from './support-pptx.ts';

// The minimal fixture with closing words, lesson goals, a contact still to fill in, and a slide
// whose title, text and narration start sentences with placeholders.
const lesson = {
  ja: `---
id: basics
title: 基本
order: 1
sources: [mhlw_manual]
goals:
  - 要求の内容と言い方を分けて考えられる
  - 相談先がわかる
---

## 二つの問い {#two_views}

- 要求の内容
- 手段・態様

::: narration
二つの問いで判断します。
:::

## {{org.companyName}}とあなた {#policy}

{{org.companyName}}は記録を残します。すぐに{{org.consultationDesk}}
に電話します。

- {{org.consultationDesk}}：{{org.consultationContact}}

::: narration
{{org.companyName}}はあなたを支えます。
:::
`,
  en: `---
id: basics
title: Basics
order: 1
sources: [mhlw_manual]
goals:
  - Tell the demand from the way it is made
  - Know whom to call
---

## Two questions {#two_views}

- The demand itself
- The means and manner

::: narration
Two questions decide the matter.
:::

## {{org.companyName}} and you {#policy}

{{org.companyName}} keeps a record. Call {{org.consultationDesk}} at once.

- {{org.consultationDesk}}: {{org.consultationContact}}

::: narration
{{org.companyName}} stands by you. Ask {{org.companyName}} for help.
:::
`,
};

function fixtureDir(): string {
  return fixtureCopy('minimal', [
    { file: 'lessons/ja/01-basics.md', write: lesson.ja },
    { file: 'lessons/en/01-basics.md', write: lesson.en },
    {
      file: 'course.yaml',
      replace: 'theme:\n',
      with: 'closing:\n  ja: "覚えておくことは一つです。\\n\\n困ったら{{org.consultationDesk}}へ。"\n  en: "Remember one thing.\\n\\nWhen in doubt, call {{org.consultationDesk}}."\ntheme:\n',
    },
    {
      file: 'course.yaml',
      replace: '  consultationDesk: { ja: 相談窓口, en: the consultation desk }\n',
      with: '  consultationDesk: { ja: 相談窓口, en: the consultation desk }\n  consultationContact: { ja: （連絡先を記入してください）, en: (enter the contact details) }\n',
    },
  ]);
}

function load(dir: string, variant?: string): Course {
  const { course, diagnostics } = loadCourse(dir, undefined, { variant });
  if (!course) throw new Error(diagnostics.list.map((d) => d.message).join('\n'));
  return course;
}

const slide = (view: PptxView, id: string): SlideView => {
  const s = view.slides.find((x) => x.name === id);
  if (!s) throw new Error(`no slide named ${id}; the deck has ${view.slides.map((x) => x.name).join(', ')}`);
  return s;
};
const shape = (s: SlideView, name: string) => {
  const found = s.shapes.find((sh) => sh.name === name);
  if (!found) throw new Error(`no shape "${name}" on ${s.name}; it has ${s.shapes.map((sh) => sh.name).join(', ')}`);
  return found;
};
/** Shapes with the slide's own text: not its title or slide number (body text may sit in a body placeholder). */
const isBody = (sh: SlideView['shapes'][number]) => sh.placeholder !== 'title' && sh.placeholder !== 'sldNum';
/** The slide's notes without the id marker the importer reads. */
const talkingPoints = (s: SlideView) => s.notes.filter((n) => n !== `[slide: ${s.name}]`);

/** Every run of a slide (title included), with whether it carries the yellow highlight. */
function runs(s: SlideView): { text: string; highlighted: boolean }[] {
  return all(parseXml(s.xml), 'a:r').map((r) => {
    const rPr = first(r, 'a:rPr');
    const highlight = rPr && first(rPr, 'a:highlight');
    return { text: all(r, 'a:t').map((t) => t.children.join('')).join(''), highlighted: !!highlight && first(highlight, 'a:srgbClr')?.attrs['val'] === 'FFFF00' };
  });
}
const highlighted = (s: SlideView) => runs(s).filter((r) => r.highlighted).map((r) => r.text);
/** A paragraph's runs as [text, highlighted] pairs, from a shape's paragraph. */
const paraRuns = (s: SlideView, shapeName: string, index: number) => {
  const xmlParas = all(parseXml(s.xml), 'p:sp').find((sp) => first(sp, 'p:cNvPr')?.attrs['name'] === shapeName);
  const p = xmlParas && all(xmlParas, 'a:p')[index];
  if (!p) throw new Error(`no paragraph ${index} in "${shapeName}" on ${s.name}`);
  return all(p, 'a:r').map((r) => [all(r, 'a:t').map((t) => t.children.join('')).join(''), !!first(first(r, 'a:rPr')!, 'a:highlight')]);
};

describe('the manuscript of the fixture course', () => {
  let course: Course;
  const decks: Record<string, PptxView> = {};
  beforeAll(async () => {
    course = load(fixtureDir());
    for (const lang of ['ja', 'en']) decks[lang] = readPptx((await buildManuscript(course, lang)).bytes);
  });

  test('closes with where to get help: the desk and its contact on a card, the closing words beside it, no sources', () => {
    const ja = slide(decks['ja']!, '_closing');
    expect(shape(ja, 'Consultation desk').filled).toBe(true);
    expect(shape(ja, 'Consultation desk').paras.map((p) => p.text)).toEqual(['相談窓口', '相談窓口', '連絡先', '（連絡先を記入してください）']);
    expect(shape(ja, 'Closing words').paras.map((p) => p.text)).toEqual(['覚えておくことは一つです。', '困ったら相談窓口へ。']);
    const en = slide(decks['en']!, '_closing');
    expect(shape(en, 'Consultation desk').paras.map((p) => p.text)).toEqual(['Consultation desk', 'The consultation desk', 'Contact', '(enter the contact details)']);
    expect(shape(en, 'Closing words').paras.map((p) => p.text)).toEqual(['Remember one thing.', 'When in doubt, call the consultation desk.']);
    for (const s of [ja, en]) {
      expect(s.shapes.map((sh) => sh.name)).not.toContain('Sources');
      const text = s.shapes.flatMap((sh) => sh.paras.map((p) => p.text)).join('\n');
      expect(text).not.toContain('厚生労働省');
      expect(text).not.toContain('Ministry of Health');
    }
  });

  test('gives every slide talking points in its notes, before the id marker', () => {
    for (const lang of ['ja', 'en']) {
      for (const s of decks[lang]!.slides) {
        expect(s.notes.at(-1), s.name).toBe(`[slide: ${s.name}]`);
        expect(talkingPoints(s).filter((n) => n.trim()).length, `${lang} ${s.name}`).toBeGreaterThan(0);
      }
    }
  });

  test('introduces the course on the title slide: its description, then how the study time divides', () => {
    const notes = talkingPoints(slide(decks['en']!, '_title'));
    const minutes = localize(course, 'en').estimatedMinutes;
    expect(notes[0]).toBe('A small course for checking the build.');
    expect(notes[1]).toMatch(new RegExp(`^The course takes about ${minutes} minutes in all: about \\d+ min for the lessons, \\d+ min for the confirmation test and \\d+ min for the awareness survey\\.$`));
    expect(notes).toHaveLength(2);
    expect(talkingPoints(slide(decks['ja']!, '_title'))[1]).toMatch(new RegExp(`^所要時間は約${localize(course, 'ja').estimatedMinutes}分です。`));
  });

  test('says on the agenda what each lesson covers, and that the survey comes before the lessons and the test after them', () => {
    expect(talkingPoints(slide(decks['en']!, '_agenda'))).toEqual([
      'What each lesson covers:',
      '1. Basics (about 1 min): Two questions; Our company and you',
      'Before the lessons, learners answer the awareness survey; after them comes the confirmation test (pass mark 80%).',
    ]);
    expect(talkingPoints(slide(decks['ja']!, '_agenda'))).toEqual(['レッスンごとに学ぶこと：', '1. 基本（約1分）：二つの問い／当社とあなた', 'レッスンの前に意識調査に答え、レッスンのあとに確認テスト（80%以上で合格）を受けます。']);
  });

  test("gives the lesson's goals on its section slide", () => {
    expect(talkingPoints(slide(decks['en']!, 'basics'))).toEqual(['The goals of this lesson. Afterwards, learners can:', '• Tell the demand from the way it is made', '• Know whom to call']);
    expect(talkingPoints(slide(decks['ja']!, 'basics'))).toEqual(['このレッスンの目標です。受講者が次のことをできるようになります。', '・要求の内容と言い方を分けて考えられる', '・相談先がわかる']);
  });

  test('names the topics on the section slide of a lesson without goals', async () => {
    const view = readPptx((await buildManuscript(load(fixtureCopy('minimal')), 'en')).bytes);
    expect(talkingPoints(slide(view, 'basics'))).toEqual(['This lesson covers: Two questions; The policy of our company']);
  });

  test('says on a sources slide that the facts come from these sources, and where to read each', () => {
    expect(talkingPoints(slide(decks['en']!, 'basics/sources'))).toEqual([
      'The facts of this lesson (definitions, dates, figures) come from the sources on this slide. To check one, or when learners ask, read the source itself; a source without an address can be found by its publisher and date.',
      '• Customer Harassment Countermeasures Corporate Manual: Ministry of Health, Labour and Welfare, 2022-02',
    ]);
    expect(talkingPoints(slide(decks['ja']!, 'basics/sources'))[1]).toBe('・カスタマーハラスメント対策企業マニュアル：厚生労働省、2022-02');
  });

  test('ends with the closing words in the notes of the closing slide', () => {
    expect(talkingPoints(slide(decks['en']!, '_closing'))).toEqual(['Remember one thing.', 'When in doubt, call the consultation desk.']);
    expect(talkingPoints(slide(decks['ja']!, '_closing'))).toEqual(['覚えておくことは一つです。', '困ったら相談窓口へ。']);
  });

  test('explains on the appendix slide how to use the question bank', () => {
    const [en] = talkingPoints(slide(decks['en']!, '_appendix'));
    expect(en).toContain("The 3 questions of the confirmation test's bank, one per slide");
    expect(en).toContain('Each attempt draws 2 of them; the pass mark is 80%.');
    expect(en).toContain('unhide it');
    const [ja] = talkingPoints(slide(decks['ja']!, '_appendix'));
    expect(ja).toContain('全3問');
    expect(ja).toContain('1回につき2問');
  });

  test('shows the correct answer on each hidden appendix slide: the choice ticked and bold, and a line naming it', () => {
    const q = slide(decks['en']!, '_test/q_two');
    const body = q.shapes.filter((sh) => isBody(sh)).flatMap((sh) => sh.paras);
    expect(body.map((p) => [p.bullet, p.text])).toEqual([
      [null, 'Choose all that apply.'],
      [null, 'Choose all answers that apply.'],
      ['autonum', 'One ✓'],
      ['autonum', 'Two ✓'],
      ['autonum', 'Three'],
      [null, 'Correct answer: A, B'],
    ]);
    expect(body.slice(2).map((p) => p.runs.every((r) => r.bold))).toEqual([true, true, false, true]);
    expect(talkingPoints(q)).toEqual(['Correct answer: A. One / B. Two', 'Explanation: One and two.']);
    const ja = slide(decks['ja']!, '_test/q_one').shapes.flatMap((sh) => sh.paras.map((p) => p.text));
    expect(ja).toContain('これ ✓');
    expect(ja).toContain('正解：A');
  });

  test('highlights the organisation values still at their default, in titles, text, lists and cards', () => {
    expect(highlighted(slide(decks['en']!, '_title'))).toEqual(['Our company']);
    expect(highlighted(slide(decks['ja']!, '_title'))).toEqual(['当社']);
    expect(highlighted(slide(decks['ja']!, 'basics/policy'))).toEqual(['当社', '当社', '相談窓口', '相談窓口', '（連絡先を記入してください）']);
    expect(highlighted(slide(decks['en']!, '_closing'))).toEqual(['The consultation desk', '(enter the contact details)', 'the consultation desk']);
    expect(highlighted(slide(decks['en']!, '_test/q_three'))).toEqual(['the consultation desk']);
    // Only the values: the words around them are not marked.
    expect(highlighted(slide(decks['en']!, 'basics/two_views'))).toEqual([]);
    expect(slide(decks['en']!, '_title').xml).toContain('<a:highlight><a:srgbClr val="FFFF00"/></a:highlight>');
  });

  test('capitalises an English default value where a sentence or a title starts, and only there', () => {
    const s = slide(decks['en']!, 'basics/policy');
    expect(paraRuns(s, 'Title', 0)).toEqual([
      ['Our company', true],
      [' and you', false],
    ]);
    const body = s.shapes.filter((sh) => isBody(sh));
    const name = body[0]!.name;
    expect(paraRuns(s, name, 0)).toEqual([
      ['Our company', true],
      [' keeps a record. Call ', false],
      ['the consultation desk', true],
      [' at once.', false],
    ]);
    expect(paraRuns(s, name, 1)).toEqual([
      ['The consultation desk', true],
      [': ', false],
      ['(enter the contact details)', true],
    ]);
    expect(talkingPoints(s)).toEqual(['Our company stands by you. Ask our company for help.']);
  });

  test('reads a Japanese line that ends with a value as the player does: no space where the lines join', () => {
    const paras = slide(decks['ja']!, 'basics/policy').shapes.filter((sh) => isBody(sh)).flatMap((sh) => sh.paras.map((p) => p.text));
    expect(paras[0]).toBe('当社は記録を残します。すぐに相談窓口に電話します。');
  });
});

describe('the manuscript of a company variant', () => {
  let view: PptxView;
  beforeAll(async () => {
    view = readPptx((await buildManuscript(load(fixtureDir(), 'acme'), 'en')).bytes);
  });

  test("leaves the variant's own values unmarked and still marks the defaults it keeps", () => {
    const title = slide(view, '_title');
    expect(runs(title).filter((r) => r.text === 'ACME Corporation').map((r) => r.highlighted)).toEqual([false]);
    expect(highlighted(title)).toEqual([]);
    expect(highlighted(slide(view, '_closing'))).toEqual(['The consultation desk', '(enter the contact details)', 'the consultation desk']);
    for (const s of view.slides) expect(highlighted(s).filter((t) => t.includes('ACME')), s.name).toEqual([]);
    expect(slide(view, 'basics/policy').shapes.find((sh) => sh.placeholder === 'title')!.paras[0]!.text).toBe('The policy of ACME Corporation');
  });
});

describe('the manuscript of the real course', () => {
  let course: Course;
  const decks: Record<string, PptxView> = {};
  beforeAll(async () => {
    course = courseAt();
    for (const lang of ['ja', 'en']) decks[lang] = readPptx((await buildManuscript(course, lang)).bytes);
  });

  test.each(['ja', 'en'])('(%s) gives every slide talking points in its notes', (lang) => {
    const bare = decks[lang]!.slides.filter((s) => !talkingPoints(s).some((n) => n.trim())).map((s) => s.name);
    expect(bare).toEqual([]);
  });

  test.each(['ja', 'en'])('(%s) closes with the consultation desk, its contact, the policy and the closing words, and no sources', (lang) => {
    const t = textFor(course, lang);
    const closing = slide(decks[lang]!, '_closing');
    const card = shape(closing, 'Consultation desk').paras.map((p) => p.text.toLowerCase());
    for (const key of ['consultationDesk', 'consultationContact', 'policyName']) expect(card).toContain(t.text(course.organisation[key]!).toLowerCase());
    expect(shape(closing, 'Closing words').paras.length).toBeGreaterThan(0);
    const text = closing.shapes.flatMap((sh) => sh.paras.map((p) => p.text)).join('\n');
    for (const s of course.sources) expect(text).not.toContain(t.text(s.title));
    expect(talkingPoints(closing).join('\n')).toBe(shape(closing, 'Closing words').paras.map((p) => p.text).join('\n'));
  });

  test('shows the survey in a hidden appendix: a slide per group of the survey screen, each item numbered, with its own answers under it', () => {
    const deck = decks['en']!;
    const survey = localize(course, 'en').survey;
    const appendix = deck.slides.filter((s) => s.name.startsWith('_survey'));
    expect(appendix.map((s) => [s.name, s.hidden])).toEqual([
      ['_survey', true],
      ...['experience', 'knowledge', 'workplace', 'consulting', 'confidence', 'own_conduct', '_about_you', '_other'].map((k) => [`_survey/${k}`, true]),
    ]);
    expect(talkingPoints(appendix[0]!).join(' ')).toMatch(/^The 22 items of the awareness survey, .* "Don't know" stands outside the scale: it never counts in an average and is counted apart\.$/);
    const body = (id: string) => slide(deck, id).shapes.filter((sh) => isBody(sh)).flatMap((sh) => sh.paras.map((p) => [p.bullet, p.level, p.text]));
    const text = (id: string) => survey.items.find((i) => i.id === id)!.text;
    expect(slide(deck, '_survey/experience').shapes.find((sh) => sh.placeholder === 'title')!.paras[0]!.text).toBe('Awareness survey: Experience');
    // Frequency items on their own four points; the free-text item of the theme says so.
    expect(body('_survey/experience').slice(0, 2)).toEqual([
      ['autonum', 0, text('aw_exp_received')],
      ['char', 1, 'Never / Rarely / Sometimes / Often'],
    ]);
    expect(body('_survey/experience').slice(-1)).toEqual([['char', 1, 'Free text (up to 200 characters)']]);
    // Yes and no, then "don't know" apart.
    expect(body('_survey/workplace')[1]).toEqual(['char', 1, "No / Yes  |  Don't know"]);
    expect(body('_survey/_about_you')).toEqual([
      ['autonum', 0, text('seg_contact')],
      ['char', 1, 'Almost every day / A few times a week / A few times a month / Rarely or never'],
      ['autonum', 0, text('seg_channel')],
      ['char', 1, 'Select all that apply: At a counter or in a shop / By phone / Online, by email or chat / On visits'],
      ['autonum', 0, text('seg_department')],
      ['char', 1, course.departments.map((d) => d.label['en']).join(' / ')],
    ]);
    // Numbered as in the survey: the first question about the learner is item 17.
    const numbered = all(parseXml(slide(deck, '_survey/_about_you').xml), 'a:buAutoNum').map((n) => n.attrs['startAt']);
    expect(numbered).toEqual(['17', '18', '19']);
  });

  test.each(['ja', 'en'])('(%s) names every lesson goal on its section slide', (lang) => {
    for (const lesson of course.lessons) {
      expect(lesson.goals[lang]!.length, lesson.id).toBeGreaterThanOrEqual(2);
      const notes = talkingPoints(slide(decks[lang]!, lesson.id)).join('\n');
      for (const goal of lesson.goals[lang]!) expect(notes).toContain(goal);
    }
  });
});
