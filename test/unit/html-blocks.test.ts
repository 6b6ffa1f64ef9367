/**
 * The player's HTML of the visual blocks (build/markdown/html-blocks.ts), as the build writes it
 * for the blocks fixture (one slide per block kind, lessons/<lang>/02-visual.md): each block as
 * semantic HTML with its text alternatives, icons hidden from assistive technology, a stat's
 * source linked out of the LMS frame, pictures with their size, Japanese text with `<wbr>`
 * between phrases, and nothing a source says passing through as markup.
 */
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { htmlContextFor, localize } from '../../build/course/localize.ts';
import { lucideIcons } from '../../build/icons.ts';
import { loadCourse } from '../../build/index.ts';
import { compareTone } from '../../build/markdown/html-blocks.ts';
import { withHtmlContext } from '../../build/markdown/html-context.ts';
import { markdown, renderHtml } from '../../build/markdown/index.ts';
import { phraseBreaks } from '../../build/markdown/phrases.ts';
import type { Course, Lang } from '../../build/model.ts';
import { thirdPartyNotices } from '../../build/targets/package-files.ts';
import { fillPlaceholders } from '../../build/validate/placeholders.ts';
import { fixturesDir } from '../support/fixture.ts';

const fixture = path.join(fixturesDir, 'blocks');

function loadFixture(): Course {
  const { course, diagnostics } = loadCourse(fixture);
  if (!course) throw new Error(`the blocks fixture does not load:\n${diagnostics.list.map((d) => `${d.file}:${d.line} ${d.rule} ${d.message}`).join('\n')}`);
  return course;
}
const course = loadFixture();

/** The HTML of a slide of the fixture's visual lesson, as the package embeds it. */
function slide(lang: Lang, id: string): string {
  const s = localize(course, lang).lessons.find((l) => l.id === 'visual')!.slides.find((x) => x.id === id);
  if (!s) throw new Error(`no slide ${id}`);
  return s.html;
}

/** An icon of the set as a block draws it: in its box, hidden from screen readers, never focusable. */
const icon = (name: string) => `<span class="vb-icon">${lucideIcons().svg(name)!.replace('<svg', '<svg aria-hidden="true" focusable="false"')}</span>`;
const check = '<svg class="vb-mark" viewBox="0 0 24 24" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" stroke-width="3" stroke-linecap="round" stroke-linejoin="round"><path d="M5 12.5l4.5 4.5L19 7.5"/></svg>';
const external = '<svg class="vb-external" viewBox="0 0 24 24" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"><path d="M15 3h6v6M10 14 21 3M18 13v6a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2V8a2 2 0 0 1 2-2h6"/></svg>';
const surveyLink = 'href="https://www.mhlw.go.jp/stf/newpage_40277.html" target="_blank" rel="noopener noreferrer"';

describe('the blocks of the fixture in English', () => {
  test('steps: a numbered list, each step a circle with its number and icon, its name bold and its detail below', () => {
    const steps = [
      ['ear', 'Listen', 'to the whole complaint and check the facts'],
      ['message-circle', 'Apologise', 'for the specific point only'],
      ['hand', 'Set limits', 'calmly when the demand goes too far'],
      ['users', 'Hand over', 'to a supervisor'],
      ['phone-off', 'End', 'the conversation when the limit is reached'],
      ['notebook-pen', 'Record', 'what was said and done'],
    ];
    expect(slide('en', 'steps')).toBe(
      `<ol class="vb-steps">${steps
        .map(([name, title, detail], i) => `<li class="vb-step"><span class="vb-step-mark" aria-hidden="true"><span class="vb-step-no">${i + 1}</span>${icon(name!)}</span><span class="vb-step-text"><strong class="vb-step-title">${title}</strong> <span class="vb-step-detail">${detail}</span></span></li>`)
        .join('')}</ol>`,
    );
  });

  test('compare: a card per column with its heading and icon, the legitimate one ok and the harassment one ng', () => {
    expect(slide('en', 'compare')).toBe(
      '<div class="vb-compare vb-compare-2">' +
        `<section class="vb-column vb-tone-ok"><h3 class="vb-column-title">${icon('circle-check')}<span>Legitimate complaint</span></h3><div class="vb-column-body"><ul><li>Points out a real fault</li><li>Asks for an exchange</li></ul></div></section>` +
        `<section class="vb-column vb-tone-ng"><h3 class="vb-column-title">${icon('circle-x')}<span>Harassment</span></h3><div class="vb-column-body"><ul><li>Shouts and threatens</li><li>Demands a kneeling apology</li></ul></div></section>` +
        '</div>',
    );
  });

  test('case: the setting, the lines as bubbles with the speaker named (each speaker on one side), the question set apart', () => {
    expect(slide('en', 'case')).toBe(
      '<div class="vb-case"><div class="vb-case-setting"><p>A train is late. A passenger grabs a station attendant&#39;s arm at the ticket gate.</p></div>' +
        '<ol class="vb-case-lines">' +
        '<li class="vb-line vb-side-a"><span class="vb-avatar" aria-hidden="true">P</span><div class="vb-bubble"><span class="vb-speaker">Passenger<span class="visually-hidden">: </span></span><p>You&#39;ll regret this!</p></div></li>' +
        '<li class="vb-line vb-side-b"><span class="vb-avatar" aria-hidden="true">A</span><div class="vb-bubble"><span class="vb-speaker">Attendant<span class="visually-hidden">: </span></span><p>Please let go of my arm.</p></div></li>' +
        '</ol>' +
        '<div class="vb-case-question"><span class="vb-question-mark" aria-hidden="true">?</span><div><p>What should the attendant do next?</p></div></div></div>',
    );
  });

  test('stat with one value: a big number under what it measures, with population, year and the source linked out of the frame', () => {
    expect(slide('en', 'stat_one')).toBe(
      '<figure class="vb-stat vb-stat-single"><figcaption class="vb-stat-label">Companies that received consultations about customer harassment in the past three years</figcaption>' +
        '<p class="vb-stat-figure"><span class="vb-stat-number">27.9<span class="vb-stat-unit">%</span></span> <span class="vb-stat-name">FY2023</span></p>' +
        '<p class="vb-source"><span>Companies in Japan (MHLW survey)</span><span class="vb-sep" aria-hidden="true"> · </span><span>FY2023</span><span class="vb-sep" aria-hidden="true"> · </span>' +
        `<span><cite><a ${surveyLink}>Survey on Harassment in the Workplace${external}<span class="visually-hidden"> (opens in a new window)</span></a></cite></span></p></figure>`,
    );
  });

  test('stat with several values: a bar chart, a row per value with its name as text and its bar as SVG (a share on a scale of 100), the value written out for screen readers', () => {
    const row = (name: string, value: number) =>
      `<li><span class="vb-chart-name">${name}</span><span class="visually-hidden">: ${value}%</span>` +
      `<svg class="vb-chart-bar-row" width="100%" height="1.5em" aria-hidden="true" focusable="false"><rect class="vb-chart-track" width="100%" height="100%" rx="4"/><rect class="vb-chart-bar" width="${value}%" height="100%" rx="4"/><text class="vb-chart-value" x="${value}%" dx="0.4em" y="1.07em">${value}%</text></svg></li>`;
    expect(slide('en', 'stat_chart')).toBe(
      '<figure class="vb-stat vb-stat-chart"><figcaption class="vb-stat-label">Companies that received consultations about customer harassment in the past three years</figcaption>' +
        `<ul class="vb-chart">${row('FY2020', 19.5)}${row('FY2023', 27.9)}</ul>` +
        '<p class="vb-source"><span>Companies in Japan (MHLW surveys)</span><span class="vb-sep" aria-hidden="true"> · </span><span>FY2020 and FY2023</span><span class="vb-sep" aria-hidden="true"> · </span>' +
        `<span><cite><a ${surveyLink}>Survey on Harassment in the Workplace${external}<span class="visually-hidden"> (opens in a new window)</span></a></cite></span></p></figure>`,
    );
  });

  test('keypoint: a note with its icon, placeholders filled', () => {
    expect(slide('en', 'keypoint')).toBe(`<div class="vb-keypoint" role="note">${icon('shield-check')}<div class="vb-keypoint-text"><p>Nobody at our company handles harassment alone.</p></div></div>`);
  });

  test('checklist: a drawn box per item (not a form control), icons aligned by an empty place where an item has none', () => {
    expect(slide('en', 'checklist')).toBe(
      '<ul class="vb-checklist">' +
        `<li><span class="vb-box">${check}</span>${icon('clock')}<span class="vb-check-text">Note the date and time</span></li>` +
        `<li><span class="vb-box">${check}</span><span class="vb-icon"></span><span class="vb-check-text">Write down what was said, word for word</span></li>` +
        `<li><span class="vb-box">${check}</span>${icon('send')}<span class="vb-check-text">Report to the consultation desk</span></li>` +
        '</ul>',
    );
    expect(slide('en', 'checklist')).not.toMatch(/<input|<button|tabindex/);
  });

  test('a picture: its description, its size in pixels from the file, loaded when near the view', () => {
    expect(slide('en', 'picture')).toBe('<p><img src="images/counter.png" alt="A service counter with a red sign above the desk" width="320" height="180" loading="lazy" decoding="async"></p>');
  });

  test('no block writes a style attribute, an event handler or a script (the CSP allows none)', () => {
    for (const s of localize(course, 'en').lessons.flatMap((l) => l.slides)) expect(s.html).not.toMatch(/\sstyle=|\son[a-z]+=|<script/i);
  });
});

describe('Japanese: <wbr> between phrases', () => {
  test('in running text, titles, captions and bubbles', () => {
    expect(slide('ja', 'steps')).toContain('<strong class="vb-step-title">線を<wbr>引く</strong> <span class="vb-step-detail">要求が<wbr>行き過ぎたら<wbr>落ち着いて<wbr>伝える</span>');
    expect(slide('ja', 'compare')).toContain('<span>正当な<wbr>クレーム</span>');
    expect(slide('ja', 'case')).toContain('<p>ただで<wbr>済むと<wbr>思うなよ</p>');
    expect(slide('ja', 'stat_one')).toContain('<figcaption class="vb-stat-label">過去3年間に<wbr>カスタマーハラスメントの<wbr>相談が<wbr>あった<wbr>企業</figcaption>');
    expect(slide('ja', 'keypoint')).toContain('<p>当社では、<wbr>カスハラに<wbr>一人で<wbr>対応させません。</p>');
  });

  test('never in a tag, an attribute, the chart or the icons, and the text is unchanged', () => {
    const picture = slide('ja', 'picture');
    expect(picture).toBe('<p><img src="images/counter.png" alt="机の上に赤い案内板がある受付窓口" width="320" height="180" loading="lazy" decoding="async"></p>');
    const chart = slide('ja', 'stat_chart');
    expect(chart).toContain('<span class="vb-chart-name">2020年度</span><span class="visually-hidden">：19.5%</span>');
    for (const svg of chart.match(/<svg[\s\S]*?<\/svg>/g)!) expect(svg).not.toContain('<wbr>');
    for (const id of ['steps', 'compare', 'case', 'stat_one', 'stat_chart', 'keypoint', 'checklist']) {
      const html = slide('ja', id);
      const unbroken = withHtmlContext(htmlContextFor(course, 'ja'), () => (markdown.parse(localizedBody(id)) as string).trim());
      expect(html.replace(/<wbr>/g, '')).toBe(unbroken);
    }
  });

  test('only in Japanese', () => {
    for (const id of ['steps', 'case', 'stat_chart']) expect(slide('en', id)).not.toContain('<wbr>');
  });

  test('across inline markup, keeping escapes, and not where a space already lets the line break', () => {
    expect(phraseBreaks('<p>相手の話を<strong>最後まで聴き</strong>、&lt;b&gt;事実を確かめる。</p>')).toBe('<p>相手の<wbr>話を<strong><wbr>最後まで<wbr>聴き</strong>、<wbr>&lt;b&gt;事実を<wbr>確かめる。</p>');
    expect(phraseBreaks('<p>Customer harassment は許されません</p>')).toBe('<p>Customer harassment は<wbr>許されません</p>');
    expect(phraseBreaks('<p><code>基礎知識を身につける</code></p>')).toBe('<p><code>基礎知識を身につける</code></p>');
  });

  test('never before what a line may not start with, nor after an opening bracket', () => {
    expect(phraseBreaks('<p>事実を聞き取る：いつ、何が</p>')).toBe('<p>事実を<wbr>聞き取る：いつ、<wbr>何が</p>');
    expect(phraseBreaks('<p>全国の企業（厚生労働省調査）「カスハラ」です</p>')).toBe('<p>全国の<wbr>企業<wbr>（厚生労働省調査）<wbr>「カスハラ」です</p>');
  });
});

/** The fixture's Markdown of a slide in Japanese, placeholders filled as the build fills them. */
function localizedBody(id: string): string {
  const body = course.lessons.find((l) => l.id === 'visual')!.slides.find((s) => s.id === id)!.body['ja']!;
  return fillPlaceholders(body, Object.fromEntries(Object.entries(course.organisation).map(([k, v]) => [k, v['ja'] ?? ''])), 'html');
}

describe('what a source says is text', () => {
  const ctx = {
    lang: 'en',
    icon: (name: string) => lucideIcons().svg(name),
    source: (id: string) =>
      id === 'bad'
        ? { title: 'Evil <script>alert(1)</script>', publisher: null, url: 'javascript:alert(2)', date: null }
        : id === 'mail'
          ? { title: 'Write to us', publisher: null, url: 'mailto:desk@example.org', date: null }
          : { title: 'A survey', publisher: null, url: 'https://example.org/a?b=1&c=2', date: null },
    image: () => null,
    ui: (key: string) => (key === 'opensInNewWindow' ? ' (opens in a new window)' : null),
  };

  test('in every block: tags show as written', () => {
    const md = [
      '::: steps',
      '1. **<script>alert(1)</script>** <img src=x onerror=alert(1)>',
      '2. **Two** two',
      ':::',
      '::: compare',
      '### <b>A</b>',
      '- <i>a</i>',
      '### B',
      '- b',
      ':::',
      '::: case',
      'Setting <iframe>.',
      '',
      '- <b>Boss</b>: <script>x</script>',
      ':::',
      '::: keypoint',
      '<svg onload=alert(1)>',
      ':::',
      '::: checklist',
      '- <a href="javascript:alert(1)">x</a>',
      ':::',
    ].join('\n');
    const html = renderHtml(md, ctx);
    expect(html).toContain('<strong class="vb-step-title">&lt;script&gt;alert(1)&lt;/script&gt;</strong> <span class="vb-step-detail">&lt;img src=x onerror=alert(1)&gt;</span>');
    expect(html).toContain('<span>&lt;b&gt;A&lt;/b&gt;</span>');
    expect(html).toContain('<li>&lt;i&gt;a&lt;/i&gt;</li>');
    expect(html).toContain('<p>Setting &lt;iframe&gt;.</p>');
    expect(html).toContain('<span class="vb-speaker">&lt;b&gt;Boss&lt;/b&gt;<span class="visually-hidden">: </span></span><p>&lt;script&gt;x&lt;/script&gt;</p>');
    expect(html).toContain('<p>&lt;svg onload=alert(1)&gt;</p>');
    expect(html).toContain('<span class="vb-check-text">&lt;a href=&quot;javascript:alert(1)&quot;&gt;x&lt;/a&gt;</span>');
    expect(html).not.toMatch(/<(script|img|iframe|i|b|a)[\s>]/);
  });

  test('in a stat: its fields, and a source that is not a web page is not linked', () => {
    const stat = (source: string) => renderHtml(['::: stat', 'label: <script>alert(1)</script> &amp; more', 'population: <b>all</b>', 'year: 2024', `source: ${source}`, 'unit: <i>', '- <img src=x>: 3', '- b: 4', ':::'].join('\n'), ctx);
    const bad = stat('bad');
    expect(bad).toContain('<figcaption class="vb-stat-label">&lt;script&gt;alert(1)&lt;/script&gt; &amp; more</figcaption>');
    expect(bad).toContain('<span class="vb-chart-name">&lt;img src=x&gt;</span><span class="visually-hidden">: 3&lt;i&gt;</span>');
    expect(bad).toContain('<text class="vb-chart-value" x="75%" dx="0.4em" y="1.07em">3&lt;i&gt;</text>');
    expect(bad).toContain('<span>&lt;b&gt;all&lt;/b&gt;</span>');
    expect(bad).toContain('<span><cite>Evil &lt;script&gt;alert(1)&lt;/script&gt;</cite></span>');
    expect(bad).not.toContain('javascript:');
    expect(stat('mail')).toContain('<span><cite>Write to us</cite></span>');
    expect(stat('web')).toContain(`<span><cite><a href="https://example.org/a?b=1&amp;c=2" target="_blank" rel="noopener noreferrer">A survey${external}<span class="visually-hidden"> (opens in a new window)</span></a></cite></span>`);
  });
});

describe('blocks beyond the fixture', () => {
  const ctx = { lang: 'en', icon: () => null, source: () => null, image: () => null };

  test('a compare column keeps its lists, nested lists and an item\'s second paragraph; a column without a known icon is neutral', () => {
    expect(renderHtml('::: compare\n### A\n- one\n  - one.a\n- two\n\n  more of two\n\n1. first\n2. second\n\nAfter.\n### B\nJust text.\n:::', ctx)).toBe(
      '<div class="vb-compare vb-compare-2">' +
        '<section class="vb-column vb-tone-neutral"><h3 class="vb-column-title"><span>A</span></h3><div class="vb-column-body"><ul><li>one<ul><li>one.a</li></ul></li><li>two<p>more of two</p></li></ul><ol><li>first</li><li>second</li></ol><p>After.</p></div></section>' +
        '<section class="vb-column vb-tone-neutral"><h3 class="vb-column-title"><span>B</span></h3><div class="vb-column-body"><p>Just text.</p></div></section>' +
        '</div>',
    );
  });

  test('seven steps are drawn in two rows; a step without an icon shows its number alone', () => {
    const html = renderHtml(`::: steps\n${[1, 2, 3, 4, 5, 6, 7].map((i) => `${i}. Step ${i}`).join('\n')}\n:::`, ctx);
    expect(html.startsWith('<ol class="vb-steps vb-steps-long"><li class="vb-step"><span class="vb-step-mark vb-no-icon" aria-hidden="true"><span class="vb-step-no">1</span></span><span class="vb-step-text"><strong class="vb-step-title">Step 1</strong></span></li>')).toBe(true);
    expect(renderHtml('::: steps\n1. a\n2. b\n:::', ctx)).toMatch(/^<ol class="vb-steps">/);
  });

  test('a keypoint without an icon', () => {
    expect(renderHtml('::: keypoint\nNo icon here.\n:::', ctx)).toBe('<div class="vb-keypoint vb-no-icon" role="note"><div class="vb-keypoint-text"><p>No icon here.</p></div></div>');
  });
});

describe('the stat chart', () => {
  const ctx = { lang: 'ja', icon: () => null, source: () => null, image: () => null };
  const chart = (unit: string, values: string[]) => renderHtml(['::: stat', 'label: L', 'population: P', 'year: Y', 'source: s', `unit: ${unit}`, ...values, ':::'].join('\n'), ctx);

  test('draws counts on a scale of the largest, with no track, numbers as the language writes them', () => {
    const html = chart('件', ['- 東京: 12500', '- 大阪: 25000']);
    expect(html).toContain('<span class="vb-chart-name">東京</span><span class="visually-hidden">：12,500件</span><svg class="vb-chart-bar-row" width="100%" height="1.5em" aria-hidden="true" focusable="false"><rect class="vb-chart-bar" width="50%" height="100%" rx="4"/>');
    expect(html).toContain('<rect class="vb-chart-bar" width="100%" height="100%" rx="4"/>');
    expect(html).not.toContain('vb-chart-track');
  });

  test('writes a value inside its bar when it would not fit after it on a phone', () => {
    const html = chart('%', ['- a: 95', '- b: 10']);
    expect(html).toContain('<text class="vb-chart-value vb-inside" x="95%" dx="-0.4em" y="1.07em" text-anchor="end">95%</text>');
    expect(html).toContain('<text class="vb-chart-value" x="10%" dx="0.4em" y="1.07em">10%</text>');
  });
});

describe('the tone of a compare card comes from its icon', () => {
  test.each([
    ['circle-check', 'ok'],
    ['thumbs-up', 'ok'],
    ['triangle-alert', 'caution'],
    ['circle-x', 'ng'],
    ['ban', 'ng'],
    ['thumbs-down', 'ng'],
    ['users', 'neutral'],
    [null, 'neutral'],
  ] as const)('%s → %s', (name, tone) => {
    expect(compareTone(name)).toBe(tone);
  });
});

describe('the package notices', () => {
  test('name the icons a course draws and carry the licences of their set', () => {
    const notices = thirdPartyNotices(course)!;
    expect(notices.split('\n')[0]).toBe('This package draws these icons of the Lucide icon set: circle-check, circle-x, clock, ear, hand, message-circle, notebook-pen, phone-off, send, shield-check, users.');
    expect(notices).toContain(lucideIcons().notice);
    expect(notices).toContain('provided that the above copyright notice and this permission notice appear in all copies.');
    expect(notices).toContain('Copyright (c) 2013-present Cole Bemis.');
  });

  test('are left out when a course draws no icon', () => {
    expect(thirdPartyNotices({ ...course, icons: {} })).toBeNull();
  });
});
