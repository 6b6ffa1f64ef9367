/**
 * Markup written into the course's text does not become active content. A copy of the fixture
 * course carries an XSS corpus in every text field a learner sees (course title and
 * description, survey intro and item, slide title, body and narration, question text, choice
 * and feedback, and organisation values from a variant); the built SCORM 2004 package is
 * taken by a learner in Chromium with the page's Content-Security-Policy switched off, so
 * that only the build stands between the payloads and the page. Nothing runs, the DOM holds
 * no script, frame, plug-in or event handler, every payload shows as the text it was written
 * as, and the package's files hold no markup from the sources either.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { unzipSync } from 'fflate';
import type { Browser, Frame } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCourse } from '../../build/index.ts';
import { decodeEntities } from '../../build/markdown/index.ts';
import type { PlayerCourse } from '../../player/spec/course-data.ts';
import { fixtureCopy } from '../support/fixture.ts';
import { scaled } from '../support/time-scale.ts';
import { launchBrowser, press, serveCourse } from './harness/browser.ts';
import { embeddedCourse } from './harness/package.ts';
import { answerFor, answerSurvey } from './harness/learner.ts';
import type { StaticServer } from './harness/server.ts';

/**
 * One line of payloads for the field `f`: each would call alert or set `window.pwned` with a
 * name saying which field and which payload ran, if it reached the page as markup.
 */
/**
 * A lesson's pictures must be files under images/ (build/validate/visuals.ts refuses any other
 * source at its line: test/unit/catalog.test.ts, ImageNotFound), so the picture payload goes
 * only into the fields whose Markdown is not a lesson's.
 */
const lessonFields = new Set(['body', 'narration']);

const inline = (f: string) =>
  [
    `${f}:`,
    `<img src=x onerror="alert('${f}-img')">`,
    `<svg onload="alert('${f}-svg')"></svg>`,
    `<iframe srcdoc="<script>parent.alert('${f}-iframe')</script>"></iframe>`,
    `<script>window.pwned='${f}-script'</script>`,
    `<object data="javascript:alert('${f}-object')"></object>`,
    `<embed src="javascript:alert('${f}-embed')">`,
    `<details open ontoggle="alert('${f}-details')"></details>`,
    `<a href="javascript:alert('${f}-a')">a</a>`,
    `[link](javascript:alert('${f}-link'))`,
    `[entity](&#106;avascript:alert('${f}-entity'))`,
    `[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)`,
    `[vb](vbscript:msgbox('${f}-vb'))`,
    ...(lessonFields.has(f) ? [] : [`![pic](javascript:alert('${f}-pic'))`]),
    `<javascript:alert('${f}-auto')>`,
  ].join(' ');

/** Payloads a Markdown field can hold as blocks of their own (HTML blocks, a reference link). */
const blocks = (f: string) =>
  [
    `<script>window.pwned='${f}-block'</script>`,
    `<div onmouseover="alert('${f}-div')">div</div>`,
    `[ref link][${f}]`,
    `[${f}]: javascript:alert('${f}-ref')`,
  ].join('\n\n');

/** Where the payloads are written; `markdown` fields also get the block payloads. */
const fields = {
  title: 'course title',
  description: 'course description',
  intro: 'survey intro',
  item: 'survey item text',
  slidetitle: 'slide title',
  body: 'lesson body',
  narration: 'narration',
  question: 'question text',
  choice: 'choice',
  feedback: 'feedback',
  org: 'organisation value (companyName, from the variant)',
  desk: 'organisation value (consultationDesk, from the variant)',
} as const;
type Field = keyof typeof fields;

/** A YAML scalar holding `s` exactly (JSON strings are YAML's double-quoted ones). */
const yaml = (s: string) => JSON.stringify(s);

/** The fixture course with the corpus in every field, and the variant "xss" carrying it in organisation values. */
function corpusCourse(): string {
  const dir = fixtureCopy('minimal', [
    { file: 'course.yaml', replace: '  en: Test course\n', with: `  en: ${yaml(inline('title'))}\n` },
    { file: 'course.yaml', replace: '  en: A small course for checking the build.', with: `  en: ${yaml(inline('description'))}` },
    // Every question in the attempt, so that each one's text, choices and feedback are shown.
    { file: 'course.yaml', replace: 'questionsPerAttempt: 2', with: 'questionsPerAttempt: 3' },
    { file: 'survey.yaml', replace: 'en: Please answer frankly.', with: `en: ${yaml(`${inline('intro')}\n\n${blocks('intro')}`)}` },
    { file: 'survey.yaml', replace: 'en: I can explain the definition', with: `en: ${yaml(inline('item'))}` },
    { file: 'lessons/en/01-basics.md', replace: '## Two questions {#two_views}', with: `## ${inline('slidetitle')} {#two_views}` },
    { file: 'lessons/en/01-basics.md', replace: '- The means and manner\n', with: `- The means and manner\n\n${inline('body')}\n\n${blocks('body')}\n` },
    { file: 'lessons/en/01-basics.md', replace: 'Two questions decide the matter.', with: `${inline('narration')}\n\n${blocks('narration')}` },
    { file: 'lessons/en/01-basics.md', replace: '> Case: a long phone call with repeated demands.', with: '> Case: a long phone call to {{org.companyName}}.' },
    { file: 'questions.yaml', replace: 'en: Which is right?', with: `en: ${yaml(`${inline('question')}\n\n${blocks('question')}`)}` },
    { file: 'questions.yaml', replace: '{ ja: これ, en: This }', with: `{ ja: これ, en: ${yaml(inline('choice'))} }` },
    { file: 'questions.yaml', replace: 'en: Because this one is right.', with: `en: ${yaml(`${inline('feedback')}\n\n${blocks('feedback')}`)}` },
  ]);
  fs.mkdirSync(path.join(dir, 'variants', 'xss'));
  fs.writeFileSync(
    path.join(dir, 'variants', 'xss', 'variant.yaml'),
    `name: xss\norganisation:\n  companyName: { ja: 当社, en: ${yaml(inline('org'))} }\n  consultationDesk: { ja: 相談窓口, en: ${yaml(inline('desk'))} }\n`,
  );
  return dir;
}

/** What a payload of field `f` shows as: the text exactly as written. */
const shown = (f: Field) => [`<img src=x onerror="alert('${f}-img')">`, `<script>window.pwned='${f}-script'</script>`, `<iframe srcdoc="<script>parent.alert('${f}-iframe')</script>"></iframe>`];

let tmp: string;
let pkgDir: string;
let course: PlayerCourse;
let server: StaticServer;
let browser: Browser;

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'xss-'));
  const content = corpusCourse();
  const result = await buildCourse({ contentDir: content, outDir: path.join(tmp, 'dist'), langs: ['en'], targets: ['scorm2004'], variant: 'xss' });
  fs.rmSync(content, { recursive: true, force: true });
  expect(result.diagnostics.errors).toEqual([]);
  const zip = fs.readFileSync(path.join(tmp, 'dist', `${result.course!.id}-en-scorm2004.zip`));
  pkgDir = path.join(tmp, 'pkg');
  for (const [name, bytes] of Object.entries(unzipSync(new Uint8Array(zip)))) {
    if (name.endsWith('/')) continue;
    fs.mkdirSync(path.dirname(path.join(pkgDir, name)), { recursive: true });
    fs.writeFileSync(path.join(pkgDir, name), bytes);
  }
  course = embeddedCourse(fs.readFileSync(path.join(pkgDir, 'index.html'), 'utf8'));
  [server, browser] = await Promise.all([serveCourse(pkgDir), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

/** Everything in the page's body that could run or load something, outside the page's own two scripts. */
function activeContent(frame: Frame): Promise<string[]> {
  return frame.evaluate(() => {
    const problems: string[] = [];
    const show = (el: Element) => el.outerHTML.slice(0, 100);
    const own = new Set<Element | null>([document.getElementById('course-data'), document.querySelector('script[src="player.js"]')]);
    for (const el of document.body.querySelectorAll('script, iframe, frame, frameset, object, embed, applet, base, style, link, meta, svg, math, details')) {
      if (!own.has(el)) problems.push(`element: ${show(el)}`);
    }
    for (const el of [document.body, ...document.body.querySelectorAll('*')]) {
      for (const a of Array.from(el.attributes)) {
        const name = a.name.toLowerCase();
        if (name.startsWith('on')) problems.push(`handler: ${show(el)}`);
        if (name === 'srcdoc' || name === 'xlink:href' || name === 'action' || name === 'formaction') problems.push(`attribute ${name}: ${show(el)}`);
        if (name === 'style' && /url\(|expression/i.test(a.value)) problems.push(`style: ${show(el)}`);
      }
    }
    // The player's own links go to places on the page (its skip link to #main); the build writes no such link.
    for (const a of document.body.querySelectorAll('a[href]')) {
      if (!/^(https?:|mailto:|#[\w-]+$)/i.test(a.getAttribute('href')!.trim())) problems.push(`link: ${show(a)}`);
    }
    for (const img of document.body.querySelectorAll('img')) {
      const src = img.getAttribute('src') ?? '';
      if (/^\s*[a-z][a-z0-9+.-]*:/i.test(src) && !/^https?:/i.test(src)) problems.push(`image: ${show(img)}`);
    }
    return problems;
  });
}

interface Seen {
  /** The screens visited, each with what it held that could run. */
  screens: { screen: string; problems: string[] }[];
  /** The text of every screen, hidden parts (the closed transcript) included. */
  text: string;
  /** The course page's title. */
  documentTitle: string;
}

/** Takes the course screen by screen, noting each screen's active content and text. */
async function takeCourse(frame: Frame): Promise<Seen> {
  const seen: Seen = { screens: [], text: '', documentTitle: await frame.title() };
  const look = async (screen: string) => {
    seen.screens.push({ screen, problems: await activeContent(frame) });
    seen.text += `\n${await frame.evaluate(() => document.getElementById('app')!.textContent)}`;
  };
  await frame.waitForSelector('.title-screen');
  await look('title');
  await press(frame, '#start', 'Enter');
  await frame.waitForSelector('.survey-screen');
  await look('survey');
  await answerSurvey(frame, course);
  // The transcript is opened on the first slide, and stays open for the others.
  await press(frame, '.transcript-toggle', 'Enter');
  for (let n = 1; await frame.$('.lesson-screen'); n++) {
    const here = await frame.evaluate(() => `${document.querySelector('main h1')?.textContent}|${document.querySelector('.slide-count')?.textContent}`);
    await look(`slide ${n}`);
    if (!(await frame.$('#next'))) break;
    await press(frame, '#next', 'Enter');
    await frame.waitForFunction((before) => `${document.querySelector('main h1')?.textContent}|${document.querySelector('.slide-count')?.textContent}` !== before || !document.querySelector('.lesson-screen'), here);
  }
  await frame.waitForSelector('#start-test');
  await press(frame, '#start-test', 'Enter');
  const bank = new Map(course.test.questions.map((q) => [q.id, q]));
  for (;;) {
    await frame.waitForSelector('.question-screen #check');
    const name = (await frame.getAttribute('.choices input', 'name'))!;
    const q = bank.get(name.replace(/^q-/, ''))!;
    await look(`question ${q.id}`);
    for (const id of answerFor(q, false)) await frame.check(`.choices input[value="${id}"]`);
    await press(frame, '#check', 'Enter');
    await frame.waitForSelector('.feedback');
    await look(`feedback ${q.id}`);
    const last = (await frame.textContent('#next-question')) === course.ui['seeScore'];
    await press(frame, '#next-question', 'Enter');
    if (last) break;
  }
  await frame.waitForSelector('#to-results');
  await look('attempt result');
  return seen;
}

describe('an XSS corpus in every text field', { timeout: scaled(180_000) }, () => {
  it('runs nothing, leaves no active content in the DOM and shows every payload as text', async () => {
    // The Content-Security-Policy stays in the package (templates/player.html.hbs); switched
    // off here, a payload the build let through would run.
    const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 800 }, serviceWorkers: 'block' });
    const page = await context.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(`${server.origin}/harness/lms.html`);
    await page.evaluate((src) => (window as any).startLms(null, src), `${server.origin}/pkg/index.html`);
    const frame = (await (await page.waitForSelector('iframe')).contentFrame())!;
    await frame.waitForSelector('main h1');

    const seen = await takeCourse(frame);
    // Give anything that would run late (an image's error, a frame's load) the time to.
    await page.waitForTimeout(500);

    expect(dialogs).toEqual([]);
    expect(await frame.evaluate(() => (window as any).pwned ?? null)).toBeNull();
    expect(await page.evaluate(() => (window as any).pwned ?? null)).toBeNull();
    expect(seen.screens.filter((s) => s.problems.length)).toEqual([]);
    expect(seen.screens.map((s) => s.screen)).toEqual(expect.arrayContaining(['title', 'survey', 'slide 1', 'slide 2', 'question q_one', 'feedback q_one', 'question q_three']));

    const missing = (Object.keys(fields) as Field[]).flatMap((f) => shown(f).filter((text) => !seen.text.includes(text)).map((text) => `${fields[f]}: ${text}`));
    expect(missing).toEqual([]);
    expect(seen.documentTitle).toBe(inline('title'));
    // In Markdown, a link or image whose target is not allowed is its text alone; plain-text
    // fields show the Markdown as written. (An organisation value's "<" is text before the
    // Markdown is read, so its autolink is no autolink.)
    for (const f of ['intro', 'body', 'narration', 'question', 'choice', 'feedback'] satisfies Field[]) {
      expect(seen.text).toContain(`<a href="javascript:alert('${f}-a')">a</a> link entity data vb${lessonFields.has(f) ? '' : ' pic'} javascript:alert('${f}-auto')`);
    }
    for (const f of ['org', 'desk'] satisfies Field[]) {
      expect(seen.text).toContain(`<a href="javascript:alert('${f}-a')">a</a> link entity data vb pic <javascript:alert('${f}-auto')>`);
    }
    for (const f of ['title', 'description', 'item', 'slidetitle', 'org'] satisfies Field[]) expect(seen.text).toContain(`[link](javascript:alert('${f}-link'))`);
    await context.close();
  });
});

/** Tag names marked writes for the course's Markdown; anything else would have come from the sources. */
const markdownTags = new Set(['p', 'br', 'strong', 'em', 'del', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'a', 'img', 'input', 'div']);

/** Every HTML string of the player's data, named by where it is. */
function htmlFields(c: PlayerCourse): [string, string][] {
  return [
    ['survey.introHtml', c.survey.introHtml],
    ...c.lessons.flatMap((l) => l.slides.flatMap((s): [string, string][] => [[`${l.id}/${s.id}.html`, s.html], [`${l.id}/${s.id}.narrationHtml`, s.narrationHtml]])),
    ...c.test.questions.flatMap((q): [string, string][] => [[`${q.id}.html`, q.html], [`${q.id}.feedbackHtml`, q.feedbackHtml], ...q.choices.map((ch): [string, string] => [`${q.id}.${ch.id}.html`, ch.html])]),
  ];
}

/** The tags in some HTML with their attributes, as `name attr attr…`, for what is not plain Markdown output. */
function unexpectedTags(html: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9-]*)([^>]*)>/g)) {
    const name = m[1]!.toLowerCase();
    const attrs = [...m[2]!.matchAll(/([^\s=/]+)(?:="([^"]*)")?/g)].map((a) => ({ name: a[1]!.toLowerCase(), value: a[2] ?? '' }));
    const bad =
      !markdownTags.has(name) ||
      attrs.some((a) => a.name.startsWith('on')) ||
      attrs.some((a) => a.name === 'href' && !/^(https?|mailto):/i.test(a.value)) ||
      attrs.some((a) => a.name === 'src' && /^[a-z][a-z0-9+.-]*:/i.test(a.value) && !/^https?:/i.test(a.value)) ||
      (name === 'div' && !attrs.every((a) => a.name === 'class' && /^block-[a-z]+$/.test(a.value)));
    if (bad) out.push(m[0]);
  }
  return out;
}

describe('the package files built from the corpus', () => {
  it('embed the course data with no "<" at all, in a page with only its own two scripts', () => {
    const html = fs.readFileSync(path.join(pkgDir, 'index.html'), 'utf8');
    const data = /<script type="application\/json" id="course-data">([\s\S]*?)<\/script>/.exec(html)![1]!;
    expect(data).not.toContain('<');
    const page = html.replace(data, '');
    expect([...page.matchAll(/<script\b[^>]*>/g)].map((m) => m[0])).toEqual(['<script type="application/json" id="course-data">', '<script src="player.js">']);
    expect(page).not.toMatch(/<(img|svg|iframe|object|embed|details|a)\b/);
    expect(page).toContain(`<title>${inline('title').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#x27;').replace(/`/g, '&#x60;').replace(/=/g, '&#x3D;')}</title>`);
  });

  it('hold in the data\'s HTML only the markup Markdown writes, with the payloads as escaped text', () => {
    const all = htmlFields(course);
    expect(all.filter(([, html]) => unexpectedTags(html).length).map(([where, html]) => [where, unexpectedTags(html)])).toEqual([]);
    const text = (html: string) => decodeEntities(html.replace(/<[^>]*>/g, ''));
    const byField: Record<string, Field> = { 'survey.introHtml': 'intro', 'basics/two_views.html': 'body', 'basics/two_views.narrationHtml': 'narration', 'q_one.html': 'question', 'q_one.a.html': 'choice', 'q_one.feedbackHtml': 'feedback', 'basics/policy.html': 'org', 'q_three.html': 'desk' };
    for (const [where, f] of Object.entries(byField)) {
      const html = all.find(([w]) => w === where)![1];
      expect({ where, shown: shown(f).filter((s) => text(html).includes(s)) }).toEqual({ where, shown: shown(f) });
    }
    // Plain-text fields are data the player writes as text: the payload as written.
    expect(course.title).toBe(inline('title'));
    expect(course.description).toBe(inline('description'));
    expect(course.survey.items[0]!.text).toBe(inline('item'));
    expect(course.lessons[0]!.slides[0]!.title).toBe(inline('slidetitle'));
  });

  it('name the course in the manifest as XML text', () => {
    const manifest = fs.readFileSync(path.join(pkgDir, 'imsmanifest.xml'), 'utf8');
    expect(manifest).not.toMatch(/<(img|svg|iframe|script|object|embed|details|a)\b/);
    expect(manifest).toContain('<title>title: &lt;img src&#x3D;x onerror&#x3D;');
  });
});
