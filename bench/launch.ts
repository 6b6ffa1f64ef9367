/**
 * The learner's side, in headless Chromium in the preview LMS (scorm-again's SCORM 2004
 * runtime): the first screen of a cold launch, the lesson slide of a cold resume, and
 * `cmi.suspend_data` after a full run of the course.
 *
 * "Cold" is a new browser context per run: no HTTP cache, no compiled scripts, no player copy
 * in localStorage; only what the LMS stored (the preview server's state) carries over, as it
 * would for a learner coming back the next day.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { PlayerCourse } from '../player/spec/course-data.ts';
import { newContext, previewCourseFrame } from '../test/browser/harness/browser.ts';
import { answerSurvey, readSlides, takeTest } from '../test/browser/harness/learner.ts';
import { expectNext, installProbe, waitVisible } from './probe.ts';
import { log, median, round, timing, type Timing } from './stats.ts';

/** A launch as the preview page records it (build/preview/client/main.ts), wall-clock ms. */
interface Launch {
  reason: string;
  startAt: number;
  openAt: number;
}

/**
 * Where a launch's time goes, medians over the runs. The frame's load event is no boundary:
 * it fires once every subresource is in, often after the player has painted.
 */
export interface LaunchPhases {
  /** The LMS side starts (scorm-again's API object with the stored data) until the course window opens. */
  lmsMs: number;
  /** The course window opened → the screen painted: its page and player loaded, the LMS session, the first render. */
  courseMs: number;
}

function phases(launches: { launch: Launch; at: number }[]): LaunchPhases {
  const m = (f: (x: { launch: Launch; at: number }) => number) => round(median(launches.map(f)));
  return { lmsMs: m((x) => x.launch.openAt - x.launch.startAt), courseMs: m((x) => x.at - x.launch.openAt) };
}

export interface LaunchResults {
  /** New attempt → the title screen's heading painted. */
  firstScreen?: Timing & { phases: LaunchPhases };
  /** Launch with the stored data (bookmark on a lesson slide) → that slide's heading painted. */
  resume?: Timing & { phases: LaunchPhases; slide: string };
  suspendData: { chars: number; learner: string };
}

/** The preview server's store for one package (what the LMS keeps between launches). */
function lmsStore(origin: string, key: string) {
  const url = `${origin}/api/state/${key}`;
  return {
    async get(): Promise<{ cmi: Record<string, unknown> | null } | null> {
      return (await fetch(url)).json() as Promise<{ cmi: Record<string, unknown> | null } | null>;
    },
    async put(body: string): Promise<void> {
      if (!(await fetch(url, { method: 'PUT', body, headers: { 'content-type': 'application/json' } })).ok) throw new Error(`could not store the LMS data of ${key}`);
    },
    async forget(): Promise<void> {
      if (!(await fetch(url, { method: 'DELETE' })).ok) throw new Error(`could not reset the LMS data of ${key}`);
    },
    /**
     * Waits until the store stops changing: a closed page's last commit (sent on pagehide)
     * can reach the preview server after the browser context has closed.
     */
    async settle(): Promise<void> {
      let last = JSON.stringify(await this.get());
      for (let quiet = 0; quiet < 3; ) {
        await new Promise((r) => setTimeout(r, 100));
        const now = JSON.stringify(await this.get());
        quiet = now === last ? quiet + 1 : 0;
        last = now;
      }
    },
  };
}

/** Opens the preview page in a new context and waits for its first launch to show `expect`. */
async function coldLaunch(browser: Browser, origin: string, key: string, expect: string, what: string): Promise<{ context: BrowserContext; page: Page; ms: number; at: number; launch: Launch }> {
  const context = await newContext(browser);
  await installProbe(context, key, expect);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${origin}/`);
  const seen = await waitVisible(page, 0, what);
  // The preview records when the LMS began the launch (before the course window opened).
  await page.waitForFunction(() => (window as any).previewTrace.launches.length > 0);
  const launch = (await page.evaluate(() => (window as any).previewTrace.launches[0])) as Launch;
  if (errors.length) throw new Error(`${what}: the page threw: ${errors.join('; ')}`);
  return { context, page, ms: seen.at - launch.startAt, at: seen.at, launch };
}

async function waitForSuspend(store: ReturnType<typeof lmsStore>): Promise<string> {
  for (let i = 0; i < 200; i++) {
    const s = await store.get();
    const cmi = s?.cmi;
    if (cmi && cmi['exit'] === 'suspend' && String(cmi['location'] ?? '').startsWith('lesson.')) return JSON.stringify(s);
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the LMS did not store a suspended session on a lesson slide after the window closed');
}

/**
 * A learner's full run, which also leaves the LMS data the resume runs start from: launch,
 * survey, the second slide, close the window (the LMS stores a suspended session with the
 * bookmark), relaunch, every slide, the test passed at the first attempt, the results.
 */
async function fullRun(browser: Browser, origin: string, key: string, course: PlayerCourse): Promise<{ suspendData: string; stored: string; slide: string }> {
  const store = lmsStore(origin, key);
  await store.forget();
  const { context, page } = await coldLaunch(browser, origin, key, course.title, 'full run: launch');
  try {
    let frame = await previewCourseFrame(page);
    await frame.focus('#start');
    await page.keyboard.press('Enter');
    await frame.waitForSelector('.survey-screen');
    await answerSurvey(frame, course);
    await readSlides(frame, 2);
    const slide = (await frame.textContent('main h1'))!.trim();
    await page.click('#close-window');
    const stored = await waitForSuspend(store);
    const n = await expectNext(page, slide);
    await page.click('#relaunch');
    await waitVisible(page, n, 'full run: relaunch');
    frame = await previewCourseFrame(page);
    await readSlides(frame);
    await frame.waitForSelector('#start-test');
    await frame.focus('#start-test');
    await page.keyboard.press('Enter');
    await takeTest(frame, course, []);
    // The attempt's score, then the course's results: the end of the learner's run.
    await frame.waitForSelector('#to-results');
    await frame.focus('#to-results');
    await page.keyboard.press('Enter');
    await frame.waitForSelector('.results-screen');
    const suspendData = await page.evaluate(() => String((window as any).API_1484_11.GetValue('cmi.suspend_data')));
    return { suspendData, stored, slide };
  } finally {
    await context.close();
  }
}

export async function measureLaunches(opts: { browser: Browser; origin: string; key: string; course: PlayerCourse; runs: number; timings: boolean }): Promise<LaunchResults> {
  const { browser, origin, key, course, runs } = opts;
  const store = lmsStore(origin, key);
  log('full run of the course (suspend_data)…');
  const full = await fullRun(browser, origin, key, course);
  const results: LaunchResults = {
    suspendData: { chars: full.suspendData.length, learner: 'every survey item answered (one free text), every slide, the window closed once on a slide and relaunched, the test passed at the first attempt' },
  };
  if (!opts.timings) return results;

  const first: { launch: Launch; at: number; ms: number }[] = [];
  for (let i = 0; i < runs; i++) {
    log(`launch → first screen ${i + 1}/${runs} (new browser context)…`);
    await store.settle();
    await store.forget();
    const r = await coldLaunch(browser, origin, key, course.title, `launch ${i + 1}`);
    await r.context.close();
    if (r.launch.reason !== 'First launch') throw new Error(`launch ${i + 1}: expected a first launch, the preview made "${r.launch.reason}"`);
    first.push(r);
  }
  results.firstScreen = { ...timing(first.map((r) => r.ms)), phases: phases(first) };

  const resume: typeof first = [];
  for (let i = 0; i < runs; i++) {
    log(`resume → lesson slide ${i + 1}/${runs} (new browser context)…`);
    await store.settle();
    await store.put(full.stored);
    const r = await coldLaunch(browser, origin, key, full.slide, `resume ${i + 1}`);
    await r.context.close();
    if (!r.launch.reason.includes('stored data')) throw new Error(`resume ${i + 1}: expected a launch with the stored data, the preview made "${r.launch.reason}"`);
    resume.push(r);
  }
  results.resume = { ...timing(resume.map((r) => r.ms)), phases: phases(resume), slide: full.slide };
  return results;
}
