/** One Chromium per test file, and the pages the tests open in it. */
import { chromium, type Browser, type BrowserContext, type Frame, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { join } from 'node:path';
import { buildPackage, projectRoot, type BuiltPackage } from './package.ts';
import { serve, type StaticServer } from './server.ts';
import { scaled } from '../../support/time-scale.ts';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];

/** Playwright's own default for a step (a wait, a click, a navigation) on an idle machine. */
const STEP_TIMEOUT = 30_000;

/**
 * Chromium for one test file. Every context opened in it waits as long as the machine's load
 * asks (test/support/time-scale.ts): a step that times out is a hang, not a slow machine.
 */
export async function launchBrowser(): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    timeout: scaled(180_000),
  });
  browser.on('context', (context) => context.setDefaultTimeout(scaled(STEP_TIMEOUT)));
  return browser;
}

/** Serves the unzipped package under /pkg/, the LMS harness under /harness/, scorm-again under /vendor/. */
export function serveCourse(packageDir: string): Promise<StaticServer> {
  return serve({
    '/pkg/': packageDir,
    '/harness/': join(projectRoot, 'test/browser/harness'),
    '/vendor/scorm2004.js': join(projectRoot, 'node_modules/scorm-again/dist/scorm2004.js'),
  });
}

/** The harness page with a fresh Scorm2004API (optionally loaded with saved CMI) and the course in an iframe. */
/** The real course's SCORM 2004 package built, served, and a browser launched: what most browser test files share. */
export interface OpenCourse {
  pkg: BuiltPackage;
  server: StaticServer;
  browser: Browser;
}

export async function openCoursePackage(lang = 'ja'): Promise<OpenCourse> {
  const pkg = await buildPackage(lang);
  const [server, browser] = await Promise.all([serveCourse(pkg.dir), launchBrowser()]);
  return { pkg, server, browser };
}

/** Closes what `openCourse` opened; safe after a failed or partial start. */
export async function closeCoursePackage(c: Partial<OpenCourse>): Promise<void> {
  await c.browser?.close();
  await c.server?.close();
  c.pkg?.cleanup();
}

export async function openInLms(page: Page, origin: string, cmi: unknown = null): Promise<Frame> {
  await page.goto(`${origin}/harness/lms.html`);
  await page.evaluate(([data, src]) => (window as any).startLms(data, src), [cmi, `${origin}/pkg/index.html`] as const);
  const handle = await page.waitForSelector('iframe');
  const frame = (await handle.contentFrame())!;
  await frame.waitForSelector('main h1');
  return frame;
}

export interface LmsLog {
  calls: [string, string, string, string][];
  rejected: { call: string; element: string; value: string; code: string; text: string }[];
  errors: string[];
}

export function lmsLog(page: Page): Promise<LmsLog> {
  return page.evaluate(() => (window as any).lmsLog as LmsLog);
}

/** The CMI data model as scorm-again holds it (`{ cmi: {...} }`). */
export function cmiData(page: Page): Promise<{ cmi: Record<string, any> }> {
  return page.evaluate(() => (window as any).cmiData());
}

/** Focuses an element in the course frame, then presses a key: the learner's keyboard, no clicks. */
export async function press(frame: Frame, selector: string, key: string): Promise<void> {
  await frame.focus(selector);
  await frame.page().keyboard.press(key);
}

export async function newContext(browser: Browser, width = 1280, height = 800): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width, height }, locale: 'ja-JP', serviceWorkers: 'block' });
}

/** Every SetValue/Commit/Terminate the LMS refused, and every error scorm-again logged. */
export async function expectNoRejectedCalls(page: Page): Promise<void> {
  const log = await lmsLog(page);
  expect(log.rejected).toEqual([]);
  expect(log.errors).toEqual([]);
}

export const interactionsOf = (cmi: Record<string, any>) =>
  Object.keys(cmi.interactions)
    .filter((k) => /^\d+$/.test(k))
    .sort((a, b) => Number(a) - Number(b))
    .map((k) => cmi.interactions[k]);

/**
 * The preview's course frame once its page has rendered. Choosing or relaunching a package
 * replaces the frame, so the element found first may have no document yet, or lose it while we
 * wait: look again until a frame shows its heading.
 */
export async function previewCourseFrame(page: Page): Promise<Frame> {
  const deadline = Date.now() + scaled(STEP_TIMEOUT);
  while (Date.now() < deadline) {
    const frame = await (await page.waitForSelector('#course-frame')).contentFrame();
    if (frame) {
      try {
        await frame.waitForSelector('main h1', { timeout: scaled(2000) });
        return frame;
      } catch {
        // replaced while we waited: look again
      }
    }
    await page.waitForTimeout(100);
  }
  throw new Error('the preview\'s course frame did not show a page');
}
