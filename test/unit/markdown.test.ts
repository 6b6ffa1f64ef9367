import { describe, expect, test } from 'vitest';
import { Diagnostics, formatDiagnostic, SourceText } from '../../build/diagnostics.ts';
import { charWidth, displayWidth, lexMarkdown, plainParagraphs, plainText, readLesson, renderHtml, slideBlocks } from '../../build/markdown/index.ts';

const front = '---\nid: basics\ntitle: 基本\norder: 1\nsources: []\n---\n';

/** Line and column of an offset, as diagnostics print them. */
function where(text: string, offset: number): string {
  const { line, column } = new SourceText('lesson.md', text).position(offset);
  return `${line}:${column}`;
}

describe('a lesson file', () => {
  const lesson = `${front}
## 定義 {#definition}

1. 顧客等から
2. 業務に関して

::: narration
東京都の条例は三つの要素で定めています。

二つめの段落。
:::

## Two questions {#two_views}

- The demand itself

::: narration
Two questions decide the matter.
:::
`;
  const read = readLesson(lesson);

  test('has its front matter between the --- lines', () => {
    expect(lesson.slice(read.frontMatter!.start, read.frontMatter!.end)).toBe('id: basics\ntitle: 基本\norder: 1\nsources: []');
    expect(where(lesson, read.contentStart)).toBe('7:1');
  });

  test('splits into slides at `## Title {#id}`, each with the place of its heading, content and narration', () => {
    expect(
      read.slides.map((s) => ({
        id: s.id,
        title: s.title,
        heading: where(lesson, s.heading.start),
        headingEnd: where(lesson, s.heading.end),
        content: where(lesson, s.contentStart),
        body: s.body,
        parts: s.parts.map((p) => ({ name: p.name, at: where(lesson, p.start), content: where(lesson, p.contentStart), text: p.text, closed: p.closed })),
      })),
    ).toEqual([
      {
        id: 'definition',
        title: '定義',
        heading: '8:1',
        headingEnd: '8:20',
        content: '9:1',
        body: '1. 顧客等から\n2. 業務に関して',
        parts: [{ name: 'narration', at: '13:1', content: '14:1', text: '東京都の条例は三つの要素で定めています。\n\n二つめの段落。', closed: true }],
      },
      {
        id: 'two_views',
        title: 'Two questions',
        heading: '19:1',
        headingEnd: '19:30',
        content: '20:1',
        body: '- The demand itself',
        parts: [{ name: 'narration', at: '23:1', content: '24:1', text: 'Two questions decide the matter.', closed: true }],
      },
    ]);
  });

  test('places every token of a slide by its raw text', () => {
    const [first] = read.slides;
    expect(first!.tokens.filter((t) => t.token.type !== 'space').map((t) => [t.token.type, where(lesson, t.offset)])).toEqual([
      ['list', '10:1'],
      ['container', '13:1'],
    ]);
  });

  test('gives positions in the file as written when it has Windows line breaks', () => {
    const crlf = lesson.replace(/\n/g, '\r\n');
    const slides = readLesson(crlf).slides;
    expect(slides.map((s) => [where(crlf, s.heading.start), where(crlf, s.heading.end), where(crlf, s.parts[0]!.start)])).toEqual([
      ['8:1', '8:20', '13:1'],
      ['19:1', '19:30', '23:1'],
    ]);
    expect(slides[0]!.body).toBe('1. 顧客等から\n2. 業務に関して');
  });

  test.each([
    ['\n', lesson],
    ['\r\n', lesson.replace(/\n/g, '\r\n')],
  ])('says where the title, the narration content and the end of each block and slide are (line break %j)', (_eol, text) => {
    const slides = readLesson(text).slides;
    expect(slides.map((s) => text.slice(s.titleSpan.start, s.titleSpan.end))).toEqual(['定義', 'Two questions']);
    expect(slides.map((s) => text.slice(s.parts[0]!.contentStart, s.parts[0]!.contentEnd).replace(/\r\n/g, '\n'))).toEqual(slides.map((s) => s.parts[0]!.text));
    expect(slides.map((s) => [where(text, s.parts[0]!.end), where(text, s.end)])).toEqual([
      ['17:4', '19:1'],
      ['25:4', '26:1'],
    ]);
  });

  test('gives the span of a title written with spaces around it, and of an empty one', () => {
    const text = `${front}##   Spaced title   {#a}\n\n## {#b}\n`;
    const spans = readLesson(text).slides.map((s) => s.titleSpan);
    expect(spans.map((s) => text.slice(s.start, s.end))).toEqual(['Spaced title', '']);
    expect(where(text, spans[1]!.start)).toBe('9:4');
  });

  test('reads a heading without an id as a slide without one', () => {
    const [slide] = readLesson(`${front}## 二つの視点\n\nx\n`).slides;
    expect(slide).toMatchObject({ title: '二つの視点', id: null });
  });

  test.each([
    ['inside fenced code', '```\n## Not a slide {#no}\n```'],
    ['inside the narration', '::: narration\n## Not a slide {#no}\n:::'],
    ['indented', ' ## Not a slide {#no}'],
    ['of level three', '### Not a slide {#no}'],
    ['underlined', 'Not a slide\n---'],
  ])('does not start a slide at a heading %s', (_name, md) => {
    expect(readLesson(`${front}## A {#a}\n\n${md}\n`).slides.map((s) => s.id)).toEqual(['a']);
  });

  test('ends a list, block quote, table or paragraph at an opening `::: narration` without a blank line', () => {
    for (const content of ['- one\n- two', '> a case', '| a | b |\n| - | - |\n| 1 | 2 |', 'A paragraph']) {
      const [slide] = readLesson(`${front}## A {#a}\n${content}\n::: narration\nN\n:::\n`).slides;
      expect(slide!.body).toBe(content);
      expect(slide!.parts.map((p) => p.text)).toEqual(['N']);
    }
  });

  test('keeps the body as written around the narration, wherever the narration stands', () => {
    const [slide] = readLesson(`${front}## A {#a}\n\nBefore\n\n::: narration\nN\n:::\n\nAfter\n`).slides;
    expect(slide!.body).toBe('Before\n\n\nAfter');
  });

  test('runs an unclosed narration to the end of the file', () => {
    const [slide, ...rest] = readLesson(`${front}## A {#a}\n\nB\n\n::: narration\nN\n\n## B {#b}\n`).slides;
    expect(slide!.parts).toMatchObject([{ name: 'narration', text: 'N\n\n## B {#b}\n', closed: false }]);
    expect(rest).toEqual([]);
  });

  test('lists a narration written inside another after it, so that it can be reported as a second one', () => {
    const text = `${front}## A {#a}\n\nB\n\n::: narration\nN\n::: narration\nM\n:::\n`;
    const [slide] = readLesson(text).slides;
    expect(slide!.parts.map((p) => [p.name, where(text, p.start), p.nested])).toEqual([
      ['narration', '11:1', false],
      ['narration', '13:1', true],
    ]);
  });

  test('points at what comes before the first slide', () => {
    const text = `${front}\nStray paragraph.\n\n## A {#a}\n`;
    expect(where(text, readLesson(text).stray!)).toBe('8:1');
    expect(readLesson(`${front}\n\n## A {#a}\n`).stray).toBeNull();
  });

  test('has no front matter when it does not start with ---', () => {
    expect(readLesson('## A {#a}\n').frontMatter).toBeNull();
  });
});

describe('container blocks', () => {
  test('are read as one token holding the Markdown between the fences', () => {
    const [block] = lexMarkdown('::: narration\nFirst **bold**.\n\n- a point\n:::\n');
    expect(block).toMatchObject({ type: 'container', name: 'narration', text: 'First **bold**.\n\n- a point', closed: true });
    expect((block as { tokens: { type: string }[] }).tokens.map((t) => t.type)).toEqual(['paragraph', 'space', 'list']);
  });

  test('close at a line of at least as many colons, so a block can hold another', () => {
    const [outer] = lexMarkdown(':::: narration\n::: narration\ninner\n:::\nafter\n::::\n');
    expect(outer).toMatchObject({ text: '::: narration\ninner\n:::\nafter', closed: true });
  });

  test('stay text under a name the course does not know', () => {
    expect(lexMarkdown('::: unknown\ntext\n:::').map((t) => t.type)).toEqual(['paragraph']);
  });

  test('stay text when the colons are escaped', () => {
    expect(renderHtml('\\::: narration')).toBe('<p>::: narration</p>');
  });
});

describe('plain text', () => {
  test.each([
    ['emphasis, links and code dropped', 'A **bold** [link](https://example.org) and `code`.', 'A bold link and code.'],
    ['paragraphs and list items on one line, without markers', 'First.\n\n- one\n- two\n\n1. step', 'First. one two step'],
    ['a Japanese line break without a gap', '東京都の条例は\n三つの要素で定めています。', '東京都の条例は三つの要素で定めています。'],
    ['an English line break as a space', 'first line\nsecond line', 'first line second line'],
    ['entities and escapes as the characters they stand for', 'R&amp;D &lt;tag&gt; \\*not bold\\*', 'R&D <tag> *not bold*'],
    ['a table row by row, cells separated by bars', '| 見るところ | 問い |\n| --- | --- |\n| 要求の内容 | 問題があるか |', '見るところ | 問い 要求の内容 | 問題があるか'],
  ])('of Markdown has %s', (_name, md, text) => {
    expect(plainText(md)).toBe(text);
  });

  test('of a narration keeps every paragraph, with list items marked and indented by level', () => {
    expect(plainParagraphs('First **bold** part.\nSame paragraph.\n\n- a point\n  - a detail\n\n3. a step')).toEqual(['First bold part. Same paragraph.', '• a point', '  • a detail', '3. a step']);
  });

  test('is what the slide shows, read from the same blocks', () => {
    const md = '- 顧客等から\n- **業務に関して**';
    const shown = slideBlocks(md).flatMap((b) => (b.kind === 'text' ? b.paras.map((p) => p.runs.map((r) => r.text).join('')) : []));
    expect(plainParagraphs(md)).toEqual(shown.map((s) => `• ${s}`));
  });
});

describe('display width', () => {
  test.each([
    ['ASCII', 'Basics 101', 10],
    ['kanji and kana, two columns each', '東京都の条例', 12],
    ['mixed Japanese and ASCII', 'STOP! カスタマーハラスメント', 6 + 22],
    ['full-width forms and CJK punctuation', '（ＡＢ）、。', 12],
    ['half-width katakana, one column each', 'ｶｽﾊﾗ', 4],
    ['a combining accent, no column of its own', 'cafe\u0301', 4],
    ['an emoji, two columns', '✅ done', 7],
  ])('counts %s', (_name, text, width) => {
    expect(displayWidth(text)).toBe(width);
  });

  test('counts ambiguous characters narrow unless asked to count them as a Japanese font draws them', () => {
    expect([charWidth('①'), charWidth('①', { ambiguousAsWide: true }), charWidth('…'), charWidth('…', { ambiguousAsWide: true })]).toEqual([1, 2, 1, 2]);
  });
});

describe('the code frame of a diagnostic', () => {
  test('puts the caret under the character its column names, past full-width characters', () => {
    const diags = new Diagnostics();
    const file = '/course/lessons/ja/01-what-is.md';
    diags.source(file, `${front}## 定義 {#definition}\n\n東京都の条例は{{org.company}}を定めています。\n`);
    // Column 5 of line 9 is 条, after four characters that take eight columns.
    diags.report('UnknownPlaceholder', { file, line: 9, column: 5 }, 'Caret under 条.', { hint: 'Check the column.' });
    expect(formatDiagnostic(diags.list[0]!, diags.sources, { cwd: '/course' })).toBe(
      [
        'error [UnknownPlaceholder] lessons/ja/01-what-is.md:9:5',
        ' 8 | ',
        ' 9 | 東京都の条例は{{org.company}}を定めています。',
        '   |         ^',
        'Caret under 条.',
        'hint: Check the column.',
      ].join('\n'),
    );
  });

  test('keeps a tab before the caret as a tab', () => {
    const diags = new Diagnostics();
    diags.source('/c/q.yaml', 'a:\n\tb: ｘ\n');
    diags.report('YamlSyntax', { file: '/c/q.yaml', line: 2, column: 5 }, 'm', { hint: 'h' });
    expect(formatDiagnostic(diags.list[0]!, diags.sources, { cwd: '/c' }).split('\n')[3]).toBe('  | \t   ^');
  });
});
