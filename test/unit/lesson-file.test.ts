/**
 * The importer edits lesson files by splicing: the part it changes is replaced, every other
 * byte of the file stays as written.
 */
import { describe, expect, test } from 'vitest';
import { arrange, joinLesson, joinParts, type LessonText, retitle, setFrontTitle, slideParts, slideText, splitLesson } from '../../build/import/lesson-file.ts';

const lesson = `---
id: basics
title: Basics # shown in the menu
order: 1
sources: []
---

## The policy {#policy}

> Case: a long phone call.

::: narration
Nobody handles this alone.

Call the desk.
:::

## Two   questions  {#two_views}
- The demand itself
- The means and manner
::: narration
Two questions decide the matter.
:::


## Who is affected {#affected}

Everyone.

::: narration
Everyone is.
:::
`;

/** The lesson with one slide's parts edited as the importer edits them. */
function editSlide(text: string, id: string, change: (parts: ReturnType<typeof slideParts>) => void): string {
  const l = splitLesson(text, 'lesson.md', 'en');
  const slide = l.slides.find((s) => s.id === id)!;
  const parts = slideParts(slide.text);
  change(parts);
  slide.text = joinParts(parts);
  return joinLesson(l);
}

function editLesson(text: string, change: (l: LessonText) => void): string {
  const l = splitLesson(text, 'lesson.md', 'en');
  change(l);
  return joinLesson(l);
}

describe('a lesson file read for editing', () => {
  test('is written back byte for byte when nothing changed, blank lines and Windows line breaks included', () => {
    expect(editLesson(lesson, () => {})).toBe(lesson);
    const crlf = lesson.replace(/\n/g, '\r\n');
    expect(editLesson(crlf, () => {})).toBe(crlf);
  });

  test('has one chunk per slide, from its heading to the white space before the next', () => {
    const l = splitLesson(lesson, 'lesson.md', 'en');
    expect(l.front).toBe(lesson.slice(0, lesson.indexOf('---\n\n') + 3));
    expect(l.slides.map((s) => s.id)).toEqual(['policy', 'two_views', 'affected']);
    expect(l.slides[1]!.text).toBe('## Two   questions  {#two_views}\n- The demand itself\n- The means and manner\n::: narration\nTwo questions decide the matter.\n:::');
  });

  test('refuses a file the build cannot read as a lesson', () => {
    expect(() => splitLesson('## No front matter {#a}\n', 'lesson.md', 'en')).toThrow('lesson.md cannot be read as a lesson: The lesson has no front matter.');
  });
});

describe('editing a slide', () => {
  test('gives its parts without the white space around them', () => {
    const parts = slideParts(splitLesson(lesson, 'lesson.md', 'en').slides[1]!.text);
    expect([parts.heading, parts.body, parts.narration, parts.after]).toEqual([
      '## Two   questions  {#two_views}',
      '- The demand itself\n- The means and manner',
      'Two questions decide the matter.',
      '',
    ]);
  });

  test('retitling a slide keeps its id and the rest of the file byte-identical', () => {
    const out = editSlide(lesson, 'two_views', (p) => (p.heading = retitle(p.heading, 'Two views', 'two_views')));
    expect(out).toBe(lesson.replace('Two   questions', 'Two views'));
  });

  test('retitling a heading that lacks the id writes the heading with it', () => {
    expect(retitle('## Old', 'New', 'a')).toBe('## New {#a}');
  });

  test('replacing the narration keeps the body, and the blank lines as written', () => {
    const out = editSlide(lesson, 'policy', (p) => (p.narration = 'Call the desk at once.'));
    expect(out).toBe(lesson.replace('Nobody handles this alone.\n\nCall the desk.', 'Call the desk at once.'));
  });

  test('replacing the body keeps the heading and the narration', () => {
    const out = editSlide(lesson, 'two_views', (p) => (p.body = '- The demand\n- The manner'));
    expect(out).toBe(lesson.replace('- The demand itself\n- The means and manner', '- The demand\n- The manner'));
  });

  test('folding what follows the narration into the body puts it before the narration', () => {
    const text = lesson.replace('Everyone is.\n:::\n', 'Everyone is.\n:::\n\nAfter the narration.\n');
    const out = editSlide(text, 'affected', (p) => {
      expect(p.after).toBe('After the narration.');
      p.body = `${p.body}\n\n${p.after}`;
      p.after = '';
    });
    expect(out).toBe(lesson.replace('Everyone.\n', 'Everyone.\n\nAfter the narration.\n'));
  });

  test('writes into a narration block that was left empty, between its own fences', () => {
    const text = lesson.replace('Everyone is.\n', '');
    expect(editSlide(text, 'affected', (p) => (p.narration = 'Everyone is.'))).toBe(lesson);
  });

  test('keeps a `::::` fence', () => {
    const text = lesson.replace('::: narration\nTwo questions decide the matter.\n:::', ':::: narration\nTwo questions decide the matter.\n::::');
    const out = editSlide(text, 'two_views', (p) => {
      p.heading = retitle(p.heading, 'Two views', 'two_views');
      p.narration = 'Two views.';
    });
    expect(out).toBe(text.replace('Two   questions', 'Two views').replace('Two questions decide the matter.', 'Two views.'));
  });

  test('keeps Windows line breaks, in the text it writes too', () => {
    const crlf = lesson.replace(/\n/g, '\r\n');
    const out = editSlide(crlf, 'policy', (p) => {
      expect(p.narration).toBe('Nobody handles this alone.\n\nCall the desk.');
      p.heading = retitle(p.heading, 'Our policy', 'policy');
      p.body = '> Case: a call.\n>\n> It is long.';
      p.narration = 'Nobody alone.\n\nCall the desk at once.';
    });
    const expected = lesson
      .replace('The policy', 'Our policy')
      .replace('> Case: a long phone call.', '> Case: a call.\n>\n> It is long.')
      .replace('Nobody handles this alone.\n\nCall the desk.', 'Nobody alone.\n\nCall the desk at once.');
    expect(out).toBe(expected.replace(/\n/g, '\r\n'));
  });
});

describe('editing the slides of a lesson', () => {
  const added = slideText('Added', 'added', 'Body.', 'Narration.');

  test('writes a new slide with its heading, body and narration', () => {
    expect(added).toBe('## Added {#added}\n\nBody.\n\n::: narration\nNarration.\n:::');
  });

  test('adds a slide after a blank line, the file ending as it did', () => {
    const out = editLesson(lesson, (l) => l.slides.push({ id: 'added', text: added }));
    expect(out).toBe(`${lesson}\n${added}\n`);
  });

  test('adds a slide to a file with Windows line breaks with them', () => {
    const crlf = lesson.replace(/\n/g, '\r\n');
    const out = editLesson(crlf, (l) => l.slides.push({ id: 'added', text: added }));
    expect(out).toBe(`${lesson}\n${added}\n`.replace(/\n/g, '\r\n'));
  });

  test('reorders and removes slides, keeping each slide as written and the white space where it was', () => {
    const l = splitLesson(lesson, 'lesson.md', 'en');
    const [policy, twoViews, affected] = l.slides.map((s) => s.text);
    const out = editLesson(lesson, (x) => (x.slides = arrange(x.slides, ['affected', 'policy', 'two_views'])));
    expect(out).toBe(`${l.front}\n\n${affected}\n\n${policy}\n\n\n${twoViews}\n`);
    const removed = editLesson(lesson, (x) => (x.slides = x.slides.filter((s) => s.id !== 'policy')));
    expect(removed).toBe(`${l.front}\n\n${twoViews}\n\n${affected}\n`);
  });

  test('keeps a slide that a new order does not name after the slide it followed', () => {
    const slides = ['a', 'b', 'c'].map((id) => ({ id, text: id }));
    expect(arrange(slides, ['c', 'a']).map((s) => s.id)).toEqual(['c', 'a', 'b']);
  });

  test('sets the title in the front matter, the rest of it and its comments kept', () => {
    const out = editLesson(lesson, (l) => (l.front = setFrontTitle(l.front, 'Basics of {{org.companyName}}')));
    expect(out).toBe(lesson.replace('title: Basics # shown', 'title: Basics of {{org.companyName}} # shown'));
    const crlf = lesson.replace(/\n/g, '\r\n');
    expect(editLesson(crlf, (l) => (l.front = setFrontTitle(l.front, 'New')))).toBe(crlf.replace('title: Basics', 'title: New'));
  });
});
