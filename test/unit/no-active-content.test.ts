/**
 * The build writes no active content, whatever the sources say: raw HTML in Markdown is text,
 * links go only to http, https and mailto (images come from http, https or the package),
 * organisation values are text however they are written, and text that looks like a formula
 * stays text in the workbooks. The same corpus in a real browser: test/browser/xss.test.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, describe, expect, test } from 'vitest';
import { loadCourse } from '../../build/index.ts';
import { type Block, imageSource, linkTarget, plainText, renderHtml, renderInlineHtml, slideBlocks } from '../../build/markdown/index.ts';
import type { Course } from '../../build/model.ts';
import { pptx } from '../../build/targets/pptx/index.ts';
import { xlsx } from '../../build/targets/xlsx/index.ts';
import { fillPlaceholders } from '../../build/validate/placeholders.ts';
import { fixtureCopy, type Edit } from '../support/fixture.ts';
import { targetContext } from '../support/target-context.ts';

const copies: string[] = [];
afterAll(() => {
  for (const d of copies) fs.rmSync(d, { recursive: true, force: true });
});

/** A copy of the fixture course with edits, loaded; `diagnostics` are what the checks said. */
function course(edits: Edit[]): { course: Course | null; diagnostics: { rule: string; file: string; line: number; column: number; message: string }[]; dir: string } {
  const dir = fixtureCopy('minimal', edits);
  copies.push(dir);
  const { course, diagnostics } = loadCourse(dir);
  return { course, diagnostics: diagnostics.list, dir };
}

/** `line:column` of the first `needle` in a file of the copy. */
function placeOf(dir: string, file: string, needle: string): string {
  const text = fs.readFileSync(path.join(dir, file), 'utf8');
  const lines = text.slice(0, text.indexOf(needle)).split('\n');
  return `${lines.length}:${lines.at(-1)!.length + 1}`;
}

describe('raw HTML in Markdown', () => {
  test.each([
    ['an image with an error handler', '<img src=x onerror="alert(1)">', '<p>&lt;img src=x onerror=&quot;alert(1)&quot;&gt;</p>'],
    ['an SVG with a load handler', 'See <svg onload=alert(1)></svg>', '<p>See &lt;svg onload=alert(1)&gt;&lt;/svg&gt;</p>'],
    ['an iframe', '<iframe src="javascript:alert(1)"></iframe>', '<p>&lt;iframe src=&quot;javascript:alert(1)&quot;&gt;&lt;/iframe&gt;</p>'],
    ['a script block', '<script>\nwindow.pwned = 1\n</script>', '<p>&lt;script&gt;\nwindow.pwned = 1\n&lt;/script&gt;</p>'],
    ['an object and an embed', 'x <object data="a.swf"></object> <embed src="a.swf">', '<p>x &lt;object data=&quot;a.swf&quot;&gt;&lt;/object&gt; &lt;embed src=&quot;a.swf&quot;&gt;</p>'],
    ['an HTML link', '<a href="javascript:alert(1)">x</a>', '<p>&lt;a href=&quot;javascript:alert(1)&quot;&gt;x&lt;/a&gt;</p>'],
    ['a block with a handler', '<div onmouseover="alert(1)">\n\ntext\n\n</div>', '<p>&lt;div onmouseover=&quot;alert(1)&quot;&gt;</p>\n<p>text</p>\n<p>&lt;/div&gt;</p>'],
    ['inline tags around Markdown', 'a <b>**bold**</b> c', '<p>a &lt;b&gt;<strong>bold</strong>&lt;/b&gt; c</p>'],
    ['a tag-like placeholder an author means as text', 'Replace <Company name> here.', '<p>Replace &lt;Company name&gt; here.</p>'],
    ['character references, which stay what they say', '<b>R&amp;D</b> &lt;i&gt;', '<p>&lt;b&gt;R&amp;D&lt;/b&gt; &lt;i&gt;</p>'],
    ['an HTML comment alone, which shows nowhere', '<!-- a note for authors -->\n\nText.', '<p>Text.</p>'],
    ['an inline HTML comment', 'Text <!-- note --> more.', '<p>Text  more.</p>'],
    ['a comment followed by markup, which is not a comment alone', '<!-- x --><img src=x onerror=alert(1)>', '<p>&lt;!-- x --&gt;&lt;img src=x onerror=alert(1)&gt;</p>'],
  ])('is text: %s', (_name, md, html) => {
    expect(renderHtml(md)).toBe(html);
  });

  test('is text in a choice, which is rendered inline', () => {
    expect(renderInlineHtml('Yes <img src=x onerror=alert(1)> **no**')).toBe('Yes &lt;img src=x onerror=alert(1)&gt; <strong>no</strong>');
  });

  test('is text on the slide and in the notes, as the player shows it', () => {
    expect(slideBlocks('a <b>bold</b> &amp; <img src=x onerror=alert(1)>\n\n<script>alert(2)</script>\n\n<!-- note -->')).toEqual([
      {
        kind: 'text',
        paras: [
          { runs: [{ text: 'a <b>bold</b> & <img src=x onerror=alert(1)>' }], list: 'none', level: 0 },
          { runs: [{ text: '<script>alert(2)</script>' }], list: 'none', level: 0 },
        ],
      },
    ] satisfies Block[]);
    expect(plainText('Call <Support> now.')).toBe('Call <Support> now.');
  });
});

describe('link and image targets', () => {
  test.each([
    ['https://example.org/a?b=1&c=2', 'https://example.org/a?b=1&c=2'],
    ['http://example.org', 'http://example.org'],
    ['mailto:desk@example.org', 'mailto:desk@example.org'],
    ['HTTPS://EXAMPLE.ORG', 'HTTPS://EXAMPLE.ORG'],
    [' https://example.org\n', 'https://example.org'],
    ['https://example.org/?a=1&amp;b=2', 'https://example.org/?a=1&b=2'],
  ])('allows the link %j', (href, written) => {
    expect(linkTarget(href)).toBe(written);
  });

  test.each([
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    ' javascript:alert(1)',
    '\u0001javascript:alert(1)',
    'java\tscript:alert(1)',
    'java\nscript:alert(1)',
    '&#106;avascript:alert(1)',
    '&#x6A;avascript:alert(1)',
    'javascript&colon;alert(1)',
    'vbscript:msgbox(1)',
    'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
    'file:///etc/passwd',
    'ftp://example.org',
    '#section',
    '/relative',
    'page.html',
    '//evil.example',
    '',
  ])('refuses the link %j', (href) => {
    expect(linkTarget(href)).toBeNull();
  });

  test('reads an autolink literally: its references are not resolved', () => {
    expect(linkTarget('https://example.org/?a&amp;b', { literal: true })).toBe('https://example.org/?a&amp;b');
  });

  test.each([
    ['https://example.org/logo.png', 'https://example.org/logo.png'],
    ['images/chart.png', 'images/chart.png'],
    ['./chart.png', './chart.png'],
    ['chart.png?v=2#x', 'chart.png?v=2#x'],
  ])('allows the image %j', (src, written) => {
    expect(imageSource(src)).toBe(written);
  });

  test.each(['javascript:alert(1)', 'data:image/svg+xml,<svg onload=alert(1)>', 'data:image/png;base64,iVBORw0KGgo=', 'vbscript:x', '//evil.example/x.png', '/x.png', '\\\\host\\x.png', 'c:/x.png', '&#106;avascript:alert(1)', ''])(
    'refuses the image %j',
    (src) => {
      expect(imageSource(src)).toBeNull();
    },
  );

  test.each([
    ['a link to javascript:', '[click](javascript:alert(1))', '<p>click</p>'],
    ['a link written with a character reference', '[click](&#106;avascript:alert(1))', '<p>click</p>'],
    ['a link to data:', '[x](data:text/html,<script>alert(1)</script>)', '<p>x</p>'],
    ['a link to vbscript:', '[x](vbscript:msgbox(1))', '<p>x</p>'],
    ['an autolink to javascript:', '<javascript:alert(1)>', '<p>javascript:alert(1)</p>'],
    ['a reference link to javascript:', '[ref]\n\n[ref]: javascript:alert(1)', '<p>ref</p>'],
    ['a relative link, which would lead the LMS frame away', '[next](next.html) [top](#top)', '<p>next top</p>'],
    ['an image from javascript:', '![chart](javascript:alert(1) "t")', '<p>chart</p>'],
    ['an image from data:', '![a <b>chart</b>](data:image/png;base64,iVBORw0KGgo=)', '<p>a &lt;b&gt;chart&lt;/b&gt;</p>'],
    ['an https link, kept', '[manual](https://example.org/m?a=1&b=2 "The manual")', '<p><a href="https://example.org/m?a=1&amp;b=2" title="The manual" target="_blank" rel="noopener noreferrer">manual</a></p>'],
    ['a mailto link, kept', '[desk](mailto:desk@example.org)', '<p><a href="mailto:desk@example.org">desk</a></p>'],
    ['an autolink and a bare URL, kept', '<https://example.org/a&b> and www.example.org', '<p><a href="https://example.org/a&amp;b" target="_blank" rel="noopener noreferrer">https://example.org/a&amp;b</a> and <a href="http://www.example.org" target="_blank" rel="noopener noreferrer">www.example.org</a></p>'],
    ['a relative image, kept', '![chart](images/chart.png)', '<p><img src="images/chart.png" alt="chart"></p>'],
    ['a URL with a quote, kept inside its attribute', '[q](https://example.org/"onmouseover="alert(1))', '<p><a href="https://example.org/%22onmouseover=%22alert(1)" target="_blank" rel="noopener noreferrer">q</a></p>'],
  ])('in the player: %s', (_name, md, html) => {
    expect(renderHtml(md)).toBe(html);
  });

  test('in the manuscripts: a run is a hyperlink only to http, https or mailto', () => {
    const [block] = slideBlocks('[a](https://example.org) [b](javascript:alert(1)) [c](mailto:x@example.org) [d](data:text/html,x) <javascript:alert(2)> [e](&#106;avascript:alert(3))');
    expect(block).toEqual({
      kind: 'text',
      paras: [
        {
          runs: [{ text: 'a', link: 'https://example.org' }, { text: ' b ' }, { text: 'c', link: 'mailto:x@example.org' }, { text: ' d javascript:alert(2) e' }],
          list: 'none',
          level: 0,
        },
      ],
    });
  });
});

describe('the PowerPoint manuscript', () => {
  test('makes hyperlinks only to http, https and mailto, and shows raw HTML as text', async () => {
    const links = '[docs](https://example.org/docs) [mail](mailto:desk@example.org) [bad](javascript:alert(1)) [data](data:text/html,x) <javascript:alert(2)> [ent](&#106;avascript:alert(3)) <img src=x onerror=alert(4)>';
    const { course: c, diagnostics } = course([
      { file: 'lessons/en/01-basics.md', replace: '- The means and manner\n', with: `- The means and manner\n\n${links}\n` },
      { file: 'questions.yaml', replace: 'en: Which is right?', with: 'en: "Which is [right](javascript:alert(5))?"' },
      { file: 'course.yaml', replace: '    date: 2022-02', with: '    date: 2022-02\n    url: https://example.org/manual' },
    ]);
    expect(diagnostics.filter((d) => d.rule !== 'ManuscriptOverflow')).toEqual([]);
    const [file] = await pptx.build(c!, targetContext(c!, 'en'));
    const parts = unzipSync(file!.contents);
    const hyperlinks = Object.entries(parts)
      .filter(([name]) => /^ppt\/slides\/_rels\/.*\.rels$/.test(name))
      .flatMap(([, bytes]) => [...strFromU8(bytes).matchAll(/<Relationship [^>]*Type="[^"]*\/hyperlink"[^>]*>/g)].map((m) => /Target="([^"]*)"/.exec(m[0])![1]!));
    expect([...new Set(hyperlinks)].sort()).toEqual(['https://example.org/docs', 'https://example.org/manual', 'mailto:desk@example.org']);
    const slides = Object.entries(parts)
      .filter(([name]) => /^ppt\/slides\/slide\d+\.xml$/.test(name))
      .map(([, bytes]) => strFromU8(bytes))
      .join('\n');
    expect(slides).not.toMatch(/javascript:alert\([15]\)|data:text/);
    expect(slides).toContain('&lt;img src=x onerror=alert(4)&gt;');
  });
});

describe('organisation values', () => {
  test('refuse three braces and {{&…}}, at the braces', () => {
    const { diagnostics, dir } = course([
      { file: 'lessons/en/01-basics.md', replace: 'At {{org.companyName}} nobody', with: 'At {{{org.companyName}}} nobody' },
      { file: 'questions.yaml', replace: 'You can consult {{org.consultationDesk}}.', with: 'You can consult {{& org.consultationDesk}}.' },
    ]);
    expect(diagnostics.map((d) => ({ rule: d.rule, at: `${path.relative(dir, d.file)}:${d.line}:${d.column}`, message: d.message }))).toEqual([
      { rule: 'UnescapedPlaceholder', at: `lessons/en/01-basics.md:${placeOf(dir, 'lessons/en/01-basics.md', '{{{org')}`, message: '"{{{org.companyName}}}" would put the value into the page as HTML; write "{{org.companyName}}".' },
      { rule: 'UnescapedPlaceholder', at: `questions.yaml:${placeOf(dir, 'questions.yaml', '{{& org')}`, message: '"{{& org.consultationDesk}}" would put the value into the page as HTML; write "{{org.consultationDesk}}".' },
    ]);
  });

  test('are escaped for the player however the placeholder is written, and plain in text', () => {
    const org = { companyName: '<img src=x onerror=alert(1)> & Co' };
    const escaped = '&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt; &amp; Co';
    expect(fillPlaceholders('At {{org.companyName}}, {{{org.companyName}}}, {{&org.companyName}}.', org, 'html')).toBe(`At ${escaped}, ${escaped}, ${escaped}.`);
    expect(fillPlaceholders('At {{org.companyName}}.', org, 'text')).toBe('At <img src=x onerror=alert(1)> & Co.');
    expect(renderHtml(fillPlaceholders('At {{org.companyName}}.', org, 'html'))).toBe('<p>At &lt;img src=x onerror=alert(1)&gt; &amp; Co.</p>');
  });
});

describe('text that looks like a formula', () => {
  /** One payload per field, each starting with a character a spreadsheet reads as a formula. */
  const payload = {
    title: '=HYPERLINK("https://evil.example/?title","title")',
    description: '+SUM(1,2)+0*LEN("description")',
    surveyTitle: '-2+3+0*LEN("surveyTitle")',
    intro: '@SUM(1,2)+0*LEN("intro")',
    scale: '=1+1+0*LEN("scale")',
    theme: '+1+1+0*LEN("theme")',
    item: '-1+1+0*LEN("item")',
    org: '@SUM(1)+0*LEN("org")',
    question: '=HYPERLINK("https://evil.example/?question","question")',
    choice: '+SUM(1,2)+0*LEN("choice")',
    feedback: '-2+3+0*LEN("feedback")',
    lesson: '@SUM(1,2)+0*LEN("lesson")',
  };
  const y = (s: string) => JSON.stringify(s);

  test('is written to both workbooks as text cells, never as formulas, and neither workbook has a hyperlink', async () => {
    const { course: c, diagnostics } = course([
      { file: 'course.yaml', replace: '  en: Test course\n', with: `  en: ${y(payload.title)}\n` },
      { file: 'course.yaml', replace: '  en: A small course for checking the build.', with: `  en: ${y(payload.description)}` },
      { file: 'course.yaml', replace: 'companyName: { ja: 当社, en: our company }', with: `companyName: { ja: 当社, en: ${y(payload.org)} }` },
      { file: 'survey.yaml', replace: 'en: Awareness survey', with: `en: ${y(payload.surveyTitle)}` },
      { file: 'survey.yaml', replace: 'en: Please answer frankly.', with: `en: ${y(payload.intro)}` },
      { file: 'survey.yaml', replace: 'en: Disagree', with: `en: ${y(payload.scale)}` },
      { file: 'survey.yaml', replace: 'en: Knowledge', with: `en: ${y(payload.theme)}` },
      { file: 'survey.yaml', replace: 'en: I can explain the definition', with: `en: ${y(payload.item)}` },
      { file: 'survey.yaml', replace: 'en: "What you would like {{org.companyName}} to do"', with: 'en: "{{org.companyName}}"' },
      { file: 'questions.yaml', replace: 'en: Which is right?', with: `en: ${y(payload.question)}` },
      { file: 'questions.yaml', replace: '{ ja: これ, en: This }', with: `{ ja: これ, en: ${y(payload.choice)} }` },
      { file: 'questions.yaml', replace: 'en: Because this one is right.', with: `en: ${y(payload.feedback)}` },
      { file: 'lessons/en/01-basics.md', replace: 'title: Basics', with: `title: ${y(payload.lesson)}` },
    ]);
    expect(diagnostics).toEqual([]);
    const files = await xlsx.build(c!, targetContext(c!, 'en'));
    const found = new Map<string, string[]>();
    for (const file of files) {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(Buffer.from(file.contents) as unknown as ExcelJS.Buffer);
      wb.eachSheet((ws) =>
        ws.eachRow((row) =>
          row.eachCell((cell) => {
            // A merged cell repeats the value of the first cell of its range.
            if (cell.type === ExcelJS.ValueType.Merge) return;
            const text = cell.type === ExcelJS.ValueType.Formula ? `=${cell.formula}` : String(cell.text);
            for (const [field, p] of Object.entries(payload)) {
              if (!text.includes(p)) continue;
              const kind = cell.type === ExcelJS.ValueType.String ? 'text' : cell.type === ExcelJS.ValueType.Formula ? 'formula' : `type ${cell.type}`;
              found.set(field, [...(found.get(field) ?? []), `${ws.name}!${cell.address} ${kind}${cell.hyperlink ? ' hyperlink' : ''}`]);
            }
          }),
        ),
      );
      const parts = unzipSync(file.contents);
      for (const [name, bytes] of Object.entries(parts)) {
        const xml = strFromU8(bytes);
        // The workbooks' own formulas are there; none holds a word of the payloads.
        for (const f of xml.matchAll(/<f>([^<]*)<\/f>/g)) expect({ name, formula: f[1] }).not.toMatchObject({ formula: expect.stringMatching(/evil|LEN\("|SUM\(1/) });
        expect({ name, hyperlink: /<hyperlink\b|relationships\/hyperlink/.test(xml) }).toEqual({ name, hyperlink: false });
      }
    }
    // Every field reached a workbook, and every cell holding it is a text cell.
    expect([...found.keys()].sort()).toEqual(Object.keys(payload).sort());
    const notText = [...found.values()].flat().filter((where) => !where.endsWith(' text'));
    expect(notText).toEqual([]);
  });
});
