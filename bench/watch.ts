/**
 * Watch mode (`npm run dev`, build/dev.ts) after a lesson edit, measured twice:
 * - in process: what the dev builder does for the edit (read the sources again, compile the
 *   three LMS packages of the language), without the file watcher and the page;
 * - as the author sees it: the lesson file written on disk → the edited heading painted in the
 *   preview page in headless Chromium, with all three LMS packages of the language active (the
 *   page chose each once), so that every edit rebuilds all three before the page relaunches.
 */
import fs from 'node:fs';
import type { Browser } from 'playwright-core';
import { defaultPlayerDir, defaultTemplatesDir } from '../build/assets.ts';
import { readCourse } from '../build/index.ts';
import { lmsTargets } from '../build/preview/packages.ts';
import type { PlayerCourse } from '../player/spec/course-data.ts';
import { newContext, previewCourseFrame } from '../test/browser/harness/browser.ts';
import { answerSurvey } from '../test/browser/harness/learner.ts';
import { expectNext, installProbe, waitVisible } from './probe.ts';
import { log, median, round, timing, type Timing } from './stats.ts';

/**
 * build/dev.ts starts its own CLI when `process.argv[1]` is the module it was bundled into, and
 * the launcher runs the bench as one bundle: imported statically, watch mode would start on
 * content/ inside the bench. A dynamic import keeps it in a chunk of its own.
 */
const dev = () => import('../build/dev.ts');

/** The first slide's heading in a lesson file of a copy of the course, edited with a marker per run. */
async function lessonEdit(contentDir: string, lang: string, heading: string): Promise<{ file: string; write(marker: string): void }> {
  const { course } = await readCourse(contentDir);
  const file = course?.lessons[0]?.files[lang];
  if (!file) throw new Error(`the course in ${contentDir} has no first lesson in ${lang}`);
  const original = fs.readFileSync(file, 'utf8');
  if (!original.includes(`## ${heading}`)) throw new Error(`the first slide's heading "${heading}" is not in ${file}`);
  return {
    file,
    write: (marker) => fs.writeFileSync(file, original.replace(`## ${heading}`, `## ${heading}${marker}`)),
  };
}

export interface RebuildResult extends Timing {
  packages: string[];
  /** Source files parsed again per rebuild (the edited lesson only, when the cache works). */
  parsedPerRebuild: number;
}

/** DevBuilder.invalidateContent + compile of the three LMS packages of `lang`, in this process. */
export async function measureRebuild(content: string, copy: string, lang: string, heading: string, runs: number): Promise<RebuildResult> {
  const { DevBuilder } = await dev();
  fs.cpSync(content, copy, { recursive: true });
  const edit = await lessonEdit(copy, lang, heading);
  const builder = new DevBuilder(copy, defaultTemplatesDir, defaultPlayerDir);
  const keys = lmsTargets.map((t) => `${t}/${lang}`);
  const rebuild = async (marker: string) => {
    edit.write(marker);
    const t0 = performance.now();
    builder.invalidateContent();
    const result = await builder.compile(keys);
    const ms = performance.now() - t0;
    if (!result.ok) throw new Error(`the edited course did not compile: ${result.diagnostics.errors.map((d) => d.message).join('; ')}`);
    return ms;
  };
  // Watch mode compiles while nobody waits (startDev, then the page's first request) before the
  // first edit: the same here, untimed.
  for (let i = 0; i < 3; i++) await rebuild(` (warm-up ${i})`);
  const times: number[] = [];
  const parsedBefore = builder.cache.parsed;
  for (let i = 0; i < runs; i++) {
    log(`rebuild in process ${i + 1}/${runs}…`);
    times.push(await rebuild(` (edit ${i})`));
  }
  return { ...timing(times, 1), packages: keys, parsedPerRebuild: round((builder.cache.parsed - parsedBefore) / runs, 1) };
}

export interface EditVisibleResult extends Timing {
  /** Where the time goes, medians: the write until the watcher's first event, that event until
   *  the page starts its relaunch (the watcher's debounce, the rebuild, the reload event), the
   *  relaunch until the edit is painted. */
  phases: { watcherMs: number; rebuildMs: number; relaunchMs: number };
  /** The first edit after the page opened, apart: the rebuilt packages' code is not warm yet. */
  firstEditMs: number;
  shown: string;
  active: string[];
}

export async function measureEditVisible(opts: { browser: Browser; content: string; copy: string; stateDir: string; lang: string; course: PlayerCourse; heading: string; runs: number }): Promise<EditVisibleResult> {
  const { browser, lang, course, heading, runs } = opts;
  const { startDev } = await dev();
  fs.cpSync(opts.content, opts.copy, { recursive: true });
  const edit = await lessonEdit(opts.copy, lang, heading);
  const server = await startDev({ contentDir: opts.copy, stateDir: opts.stateDir, watch: true });
  const shown = `scorm2004/${lang}`;
  const context = await newContext(browser);
  try {
    await installProbe(context, shown, course.title);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.origin}/`);
    await waitVisible(page, 0, `watch mode: ${shown} launch`);
    // Each package the page chooses joins the builder's active set, rebuilt on every change.
    for (const key of [...lmsTargets.filter((t) => `${t}/${lang}` !== shown).map((t) => `${t}/${lang}`), shown]) {
      const n = await expectNext(page, course.title);
      await page.selectOption('#package', key);
      await waitVisible(page, n, `watch mode: ${key} launch`);
    }
    const active = [...server.builder.active].sort();
    const wanted = lmsTargets.map((t) => `${t}/${lang}`).sort();
    if (wanted.some((k) => !active.includes(k))) throw new Error(`watch mode keeps ${active.join(', ')} active, not every LMS package of ${lang}`);

    // On the first slide, where the edit shows.
    let frame = await previewCourseFrame(page);
    await frame.focus('#start');
    await page.keyboard.press('Enter');
    await frame.waitForSelector('.survey-screen');
    await answerSurvey(frame, course);
    frame = await previewCourseFrame(page);
    if ((await frame.textContent('main h1'))?.trim() !== heading) throw new Error(`the first slide shows "${await frame.textContent('main h1')}", not "${heading}"`);

    const times: number[] = [];
    const split: { watcherMs: number; rebuildMs: number; relaunchMs: number }[] = [];
    let firstEditMs = 0;
    const launches = () => page.evaluate(() => (window as any).previewTrace.launches.length as number);
    for (let i = 0; i <= runs; i++) {
      const marker = ` (edit ${i})`;
      log(i === 0 ? 'watch mode: first edit (apart)…' : `watch mode: lesson edit → visible ${i}/${runs}…`);
      const n = await expectNext(page, heading + marker);
      const k = await launches();
      const written = Date.now();
      edit.write(marker);
      const seen = await waitVisible(page, n, `watch mode: edit ${i}`);
      const ms = seen.at - written;
      // The page records the relaunch (with when the watcher saw the change) a frame later.
      await page.waitForFunction((m) => (window as any).previewTrace.launches.length > m, k);
      const l = (await page.evaluate(() => (window as any).previewTrace.launches.at(-1))) as { changeAt: number | null; startAt: number };
      if (l.changeAt === null) throw new Error(`watch mode: edit ${i} showed without a rebuild`);
      if (i === 0) firstEditMs = ms;
      else {
        times.push(ms);
        split.push({ watcherMs: l.changeAt - written, rebuildMs: l.startAt - l.changeAt, relaunchMs: seen.at - l.startAt });
      }
      // Let the save's last file events and their rebuild settle before the next write.
      await page.waitForTimeout(150);
      await server.builder.queue(async () => undefined);
    }
    if (errors.length) throw new Error(`watch mode: the page threw: ${errors.join('; ')}`);
    const m = (f: (x: (typeof split)[number]) => number) => round(median(split.map(f)));
    const phases = { watcherMs: m((x) => x.watcherMs), rebuildMs: m((x) => x.rebuildMs), relaunchMs: m((x) => x.relaunchMs) };
    return { ...timing(times), phases, firstEditMs: round(firstEditMs), shown, active };
  } finally {
    await context.close();
    await server.close();
  }
}
