/**
 * `npm run bench -- [options]`: how fast and how small the build and the packages are, as
 * a table and as bench/results.json, checked against bench/budgets.json.
 *
 * Timings are the median of several runs. Cold builds run in a fresh process each; the
 * rebuild is the watch mode's (build/dev.ts); the first screen is timed in headless Chromium
 * in the preview LMS; suspend_data is read after a full run of the course driven by keyboard
 * like the browser tests' learner.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { DevBuilder, startDev } from '../build/dev.ts';
import { loadCourse } from '../build/index.ts';
import { bundlePlayer } from '../build/player-bundle.ts';
import { distSource, lmsTargets, type LmsTarget } from '../build/preview/packages.ts';
import { startPreview } from '../build/preview/server.ts';
import { launchBrowser, previewCourseFrame as courseFrame } from '../test/browser/harness/browser.ts';
import { answerSurvey, readSlides, takeTest } from '../test/browser/harness/learner.ts';
import { embeddedCourse } from '../test/browser/harness/package.ts';
import { generateCourse } from './synthetic.ts';

const root = path.resolve(import.meta.dirname, '..');
const budgetsFile = path.join(root, 'bench', 'budgets.json');

const help = `Usage: npm run bench -- [options]

Measures the build and the packages (median of several runs), prints a table, writes
bench/results.json, and compares with bench/budgets.json.

Options:
  --runs <n>        runs per timing (default 5)
  --content <dir>   the course to measure (default: content)
  --sizes-only      measure only sizes: zips, player, suspend_data (no timings; for CI)
  --skip-scaling    leave out the synthetic 10/100/1,000-slide series
  --check           exit with status 1 when a measured budget is exceeded
  --check-sizes     like --check, but only the size budgets fail the run (timings are printed)
  --out <file>      where to write the results (default: bench/results.json)
  --help            show this help
`;

interface Budget {
  max: number;
  unit: string;
  kind: 'size' | 'time';
  what: string;
}

interface ColdRun {
  ok: boolean;
  ms: number;
  artefacts: { path: string; target: string; lang: string; bytes: number; ms: number }[];
  errors: string[];
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const round = (n: number, d = 0) => Math.round(n * 10 ** d) / 10 ** d;
const kb = (bytes: number) => round(bytes / 1024, 1);

function coldBuild(content: string, out: string): ColdRun & { wallMs: number } {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'bench', 'cold-build.ts'), content, out], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const wallMs = performance.now() - t0;
  if (r.status !== 0) throw new Error(`cold build failed (${r.status}): ${r.stderr.slice(0, 2000)}`);
  const run = JSON.parse(r.stdout) as ColdRun;
  if (!run.ok) throw new Error(`the build reported errors:\n${run.errors.join('\n')}`);
  return { ...run, wallMs };
}

function log(text: string): void {
  process.stderr.write(`${text}\n`);
}

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      options: {
        runs: { type: 'string', default: '5' },
        content: { type: 'string', default: path.join(root, 'content') },
        'sizes-only': { type: 'boolean', default: false },
        'skip-scaling': { type: 'boolean', default: false },
        check: { type: 'boolean', default: false },
        'check-sizes': { type: 'boolean', default: false },
        out: { type: 'string', default: path.join(root, 'bench', 'results.json') },
        help: { type: 'boolean', default: false },
      },
    }).values;
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n\n${help}`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(help);
    return 0;
  }
  const runs = Math.max(1, Number(args.runs) || 5);
  const sizesOnly = args['sizes-only']!;
  const content = path.resolve(args.content!);
  const budgets = JSON.parse(fs.readFileSync(budgetsFile, 'utf8')) as Record<string, Budget | string>;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'course-bench-'));
  const results: Record<string, unknown> = {
    date: new Date().toISOString(),
    machine: { node: process.version, cpus: os.cpus().length, cpu: os.cpus()[0]?.model ?? '', loadavg: os.loadavg().map((l) => round(l, 2)) },
    runs: sizesOnly ? 1 : runs,
  };
  const values: Record<string, number> = {};

  try {
    // Cold full builds: every target, every language, each in a fresh process.
    const coldRuns: (ColdRun & { wallMs: number })[] = [];
    for (let i = 0; i < (sizesOnly ? 1 : runs); i++) {
      log(`cold build ${i + 1}/${sizesOnly ? 1 : runs}…`);
      coldRuns.push(coldBuild(content, path.join(tmp, `dist-${i}`)));
    }
    const last = coldRuns[coldRuns.length - 1]!;
    const dist = path.join(tmp, `dist-${coldRuns.length - 1}`);
    if (!sizesOnly) {
      const targets = [...new Set(last.artefacts.map((a) => a.target))];
      const perTarget = Object.fromEntries(
        targets.map((t) => [t, round(median(coldRuns.map((r) => r.artefacts.filter((a) => a.target === t).reduce((s, a) => s + a.ms, 0)))) ]),
      );
      values['coldBuild'] = round(median(coldRuns.map((r) => r.ms)));
      results['coldBuild'] = { medianMs: values['coldBuild'], runsMs: coldRuns.map((r) => round(r.ms)), processMedianMs: round(median(coldRuns.map((r) => r.wallMs))) };
      results['targets'] = perTarget;
    }
    const zips = Object.fromEntries(last.artefacts.filter((a) => a.path.endsWith('.zip')).map((a) => [a.path, a.bytes]));
    const manuscripts = Object.fromEntries(last.artefacts.filter((a) => !a.path.endsWith('.zip')).map((a) => [a.path, a.bytes]));
    results['zips'] = zips;
    results['manuscripts'] = manuscripts;
    values['zip'] = kb(Math.max(...Object.values(zips)));

    // The player, bundled as the build bundles it, per LMS standard.
    const player: Record<string, { js: number; css: number; jsGzip: number; cssGzip: number; totalGzip: number }> = {};
    for (const entry of fs.readdirSync(path.join(root, 'player', 'entries')).filter((f) => f.endsWith('.ts')).map((f) => f.slice(0, -3)).sort()) {
      const { js, css } = await bundlePlayer(path.join(root, 'player'), entry);
      const jsGzip = gzipSync(js, { level: 9 }).length;
      const cssGzip = gzipSync(css, { level: 9 }).length;
      player[entry] = { js: js.length, css: css.length, jsGzip, cssGzip, totalGzip: jsGzip + cssGzip };
    }
    results['player'] = player;
    values['playerGzip'] = kb(Math.max(...Object.values(player).map((p) => p.totalGzip)));

    // Watch mode's rebuild after a lesson edit: reload the course, rebuild the shown package.
    if (!sizesOnly) {
      log('rebuild after a lesson edit…');
      const copy = path.join(tmp, 'content-copy');
      fs.cpSync(content, copy, { recursive: true });
      const builder = new DevBuilder(copy, path.join(root, 'templates'), path.join(root, 'player'));
      builder.loadContent();
      const course = builder.course;
      if (!course) throw new Error('the course does not load');
      const lang = course.languages[0]!.code;
      const lessonFile = course.lessons[0]!.files[lang]!.replace(content, copy);
      const original = fs.readFileSync(lessonFile, 'utf8');
      const lms = lmsTargets.filter((t) => last.artefacts.some((a) => a.target === t)) as LmsTarget[];
      const rebuildOnce = async (i: number, all: boolean) => {
        fs.writeFileSync(lessonFile, original.replace(/:::\s*narration\n/, `::: narration\n(${i}) `));
        const t0 = performance.now();
        builder.loadContent();
        builder.invalidatePackages();
        if (all) await Promise.all(lms.flatMap((t) => course.languages.map((l) => builder.files(t, l.code))));
        else await builder.files('scorm2004', lang);
        return performance.now() - t0;
      };
      // The watch mode warms up the same way before the first edit.
      for (let i = 0; i < 3; i++) await rebuildOnce(-i, false);
      const one: number[] = [];
      const all: number[] = [];
      for (let i = 0; i < runs; i++) one.push(await rebuildOnce(i, false));
      for (let i = 0; i < runs; i++) all.push(await rebuildOnce(100 + i, true));
      fs.writeFileSync(lessonFile, original);
      if (!builder.problems.every((p) => p.severity !== 'error')) throw new Error('the edited course has errors');
      values['rebuild'] = round(median(one), 1);
      results['rebuild'] = { medianMs: values['rebuild'], runsMs: one.map((x) => round(x, 1)), allLmsPackagesMedianMs: round(median(all), 1), package: `scorm2004/${lang}` };
    }

    // In Chromium, in the preview LMS: first screen after launch; suspend_data after a full run.
    const stateDir = path.join(tmp, 'state');
    const server = await startPreview({ source: distSource(dist), stateDir });
    let browser: Browser | null = null;
    try {
      browser = await launchBrowser();
      const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'ja-JP' })).newPage();
      const pkgs = await distSource(dist).list();
      // The course's primary language (the first in course.yaml), SCORM 2004.
      const primary = loadCourse(content).course?.languages[0]?.code;
      const pkg = pkgs.find((p) => p.target === 'scorm2004' && p.lang === primary) ?? pkgs.find((p) => p.target === 'scorm2004') ?? pkgs[0];
      if (!pkg) throw new Error('no LMS package to play');
      await page.goto(`${server.origin}/`);
      await page.waitForSelector(`#package option[value="${pkg.key}"]`, { state: 'attached' });
      await page.selectOption('#package', pkg.key);
      const launchesNow = () => page.evaluate(() => (window as any).previewTrace.launches.length as number);
      await page.waitForFunction(() => (window as any).previewTrace.launches.length > 0);
      if (!sizesOnly) {
        log('first screen…');
        const times: number[] = [];
        for (let i = 0; i < runs + 1; i++) {
          const n = await launchesNow();
          await page.click('#new-attempt');
          await page.waitForFunction((k) => (window as any).previewTrace.launches.length > k, n);
          const l = await page.evaluate(() => (window as any).previewTrace.launches.at(-1));
          if (i > 0) times.push(l.visibleAt - l.startAt); // the first warms the browser's caches
        }
        values['firstScreen'] = round(median(times));
        results['firstScreen'] = { medianMs: values['firstScreen'], runsMs: times, package: pkg.key, note: 'new attempt → title screen painted; resume → slide painted; in the preview LMS (scorm-again). The budget takes the slower of the two.' };
      }
      log('full run for suspend_data…');
      const n = await launchesNow();
      await page.click('#new-attempt');
      await page.waitForFunction((k) => (window as any).previewTrace.launches.length > k, n);
      let frame = (await (await page.waitForSelector('#course-frame')).contentFrame())!;
      await frame.waitForSelector('main h1');
      const course = embeddedCourse(await frame.content());
      await frame.focus('#start');
      await page.keyboard.press('Enter');
      await frame.waitForSelector('.survey-screen');
      await answerSurvey(frame, course);
      if (!sizesOnly) {
        // On the first slide now: a relaunch resumes here (the LMS hands back the bookmark).
        const times: number[] = [];
        for (let i = 0; i < runs + 1; i++) {
          const k = await launchesNow();
          await page.click('#relaunch');
          await page.waitForFunction((m) => (window as any).previewTrace.launches.length > m, k);
          const l = await page.evaluate(() => (window as any).previewTrace.launches.at(-1));
          if (i > 0) times.push(l.visibleAt - l.startAt);
        }
        frame = (await (await page.waitForSelector('#course-frame')).contentFrame())!;
        await frame.waitForSelector('.lesson-screen');
        values['firstScreen'] = Math.max(values['firstScreen']!, round(median(times)));
        results['firstScreen'] = { ...(results['firstScreen'] as object), resumeToSlideMedianMs: round(median(times)), resumeRunsMs: times };
      }
      await readSlides(frame);
      await frame.waitForSelector('#start-test');
      await frame.focus('#start-test');
      await page.keyboard.press('Enter');
      await takeTest(frame, course, []);
      await frame.waitForSelector('.results-screen, .finished-screen, main h1');
      const suspend = await page.evaluate(() => String((window as any).API_1484_11.GetValue('cmi.suspend_data')));
      values['suspendData'] = suspend.length;
      results['suspendData'] = { chars: suspend.length, package: pkg.key, learner: 'every survey item answered (one free text), every slide, the test passed at the first attempt' };

      // Watch mode: a lesson file written → the edited text painted in the page.
      if (!sizesOnly) {
        log('watch mode: lesson edit → visible…');
        const copy = path.join(tmp, 'content-dev');
        fs.cpSync(content, copy, { recursive: true });
        const dev = await startDev({ contentDir: copy, stateDir: path.join(tmp, 'dev-state') });
        try {
          const devPage = await (await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'ja-JP' })).newPage();
          await devPage.goto(`${dev.origin}/`);
          await devPage.waitForSelector(`#package option[value="scorm2004/${pkg.lang}"]`, { state: 'attached' });
          await devPage.selectOption('#package', `scorm2004/${pkg.lang}`);
          let devFrame = await courseFrame(devPage);
          await devFrame.focus('#start');
          await devPage.keyboard.press('Enter');
          await devFrame.waitForSelector('.survey-screen');
          await answerSurvey(devFrame, course);
          const title = (await devFrame.textContent('main h1'))!;
          const lessonFile = loadCourse(copy).course!.lessons[0]!.files[pkg.lang]!;
          const original = fs.readFileSync(lessonFile, 'utf8');
          if (!original.includes(`## ${title}`)) throw new Error(`the first slide's heading "${title}" is not in ${lessonFile}`);
          const times: number[] = [];
          for (let i = 0; i < runs + 1; i++) {
            const k = await devPage.evaluate(() => (window as any).previewTrace.launches.length as number);
            const marker = ` (edit ${i})`;
            const written = Date.now();
            fs.writeFileSync(lessonFile, original.replace(`## ${title}`, `## ${title}${marker}`));
            await devPage.waitForFunction((m) => (window as any).previewTrace.launches.length > m, k);
            const l = await devPage.evaluate(() => (window as any).previewTrace.launches.at(-1));
            devFrame = await courseFrame(devPage);
            if ((await devFrame.textContent('main h1')) !== title + marker) throw new Error('the edit did not show on the same slide');
            if (i > 0) times.push(l.visibleAt - written);
            await devPage.waitForTimeout(300);
          }
          values['editVisible'] = round(median(times));
          results['editVisible'] = { medianMs: values['editVisible'], runsMs: times, package: `scorm2004/${pkg.lang}`, note: 'lesson file written → the page relaunched on the same slide with the edited heading painted' };
        } finally {
          await dev.close();
        }
      }
    } finally {
      await browser?.close();
      await server.close();
    }

    // How build time grows: synthetic courses of 10, 100 and 1,000 slides, cold builds.
    if (!sizesOnly && !args['skip-scaling']) {
      const series = [];
      for (const slides of [10, 100, 1000]) {
        const dir = path.join(tmp, `synthetic-${slides}`);
        const shape = generateCourse(dir, slides);
        const n = slides >= 1000 ? 1 : Math.min(runs, 3);
        const rs: ColdRun[] = [];
        for (let i = 0; i < n; i++) {
          log(`synthetic course, ${slides} slides, build ${i + 1}/${n}…`);
          rs.push(coldBuild(dir, path.join(tmp, `synthetic-out-${slides}-${i}`)));
        }
        const targets = [...new Set(rs[0]!.artefacts.map((a) => a.target))];
        series.push({
          slides,
          lessons: shape.lessons,
          questions: shape.questions,
          medianMs: round(median(rs.map((r) => r.ms))),
          targetsMs: Object.fromEntries(targets.map((t) => [t, round(median(rs.map((r) => r.artefacts.filter((a) => a.target === t).reduce((s, a) => s + a.ms, 0))))])),
          zipKB: Object.fromEntries(rs[0]!.artefacts.filter((a) => a.path.endsWith('.zip')).map((a) => [a.path.replace(/^.*?-(\w+-\w+)\.zip$/, '$1'), kb(a.bytes)])),
          runs: n,
        });
      }
      results['scaling'] = series;
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }

  // Budgets.
  const checks = Object.entries(budgets)
    .filter((e): e is [string, Budget] => typeof e[1] === 'object')
    .map(([name, b]) => ({ name, ...b, value: values[name] ?? null, ok: values[name] === undefined ? null : values[name]! <= b.max }));
  results['budgets'] = checks;
  fs.writeFileSync(args.out!, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`${table(results, checks)}\n`);
  process.stdout.write(`Results written to ${path.relative(process.cwd(), args.out!)}.\n`);

  const gate = args.check ? checks : args['check-sizes'] ? checks.filter((c) => c.kind === 'size') : [];
  const failed = gate.filter((c) => c.ok === false);
  if (failed.length) {
    process.stderr.write(`Over budget: ${failed.map((c) => `${c.name} ${c.value} ${c.unit} > ${c.max} ${c.unit}`).join('; ')}\n`);
    return 1;
  }
  return 0;
}

function table(results: Record<string, any>, checks: { name: string; max: number; unit: string; value: number | null; ok: boolean | null }[]): string {
  const rows: [string, string, string][] = [];
  const budget = (name: string) => {
    const c = checks.find((x) => x.name === name);
    return c ? `≤ ${c.max} ${c.unit} ${c.ok === null ? '' : c.ok ? 'ok' : 'OVER'}`.trim() : '';
  };
  if (results['coldBuild']) {
    rows.push(['cold full build (all targets, all languages)', `${results['coldBuild'].medianMs} ms`, budget('coldBuild')]);
    rows.push(['  same, whole process (node + tsx start)', `${results['coldBuild'].processMedianMs} ms`, '']);
    for (const [t, ms] of Object.entries(results['targets'] as Record<string, number>)) rows.push([`  target ${t} (all languages)`, `${ms} ms`, '']);
  }
  if (results['rebuild']) {
    rows.push([`rebuild after a lesson edit (${results['rebuild'].package})`, `${results['rebuild'].medianMs} ms`, budget('rebuild')]);
    rows.push(['  same, every LMS package of every language', `${results['rebuild'].allLmsPackagesMedianMs} ms`, '']);
  }
  for (const [entry, p] of Object.entries(results['player'] as Record<string, any>)) {
    rows.push([`player (${entry}) js + css`, `${kb(p.js + p.css)} KB raw, ${kb(p.totalGzip)} KB gzip`, budget('playerGzip')]);
  }
  for (const [file, bytes] of Object.entries(results['zips'] as Record<string, number>)) rows.push([file, `${kb(bytes)} KB`, budget('zip')]);
  for (const [file, bytes] of Object.entries(results['manuscripts'] as Record<string, number>)) rows.push([file, `${kb(bytes)} KB`, '']);
  if (results['firstScreen']) {
    rows.push([`launch → first screen visible (${results['firstScreen'].package})`, `${results['firstScreen'].medianMs} ms`, budget('firstScreen')]);
    rows.push(['  resume → first slide visible', `${results['firstScreen'].resumeToSlideMedianMs} ms`, budget('firstScreen')]);
  }
  if (results['suspendData']) rows.push(['suspend_data after a full run', `${results['suspendData'].chars} chars`, budget('suspendData')]);
  if (results['editVisible']) rows.push([`watch mode: lesson write → edit visible (${results['editVisible'].package})`, `${results['editVisible'].medianMs} ms`, budget('editVisible')]);
  for (const s of (results['scaling'] ?? []) as any[]) {
    rows.push([`synthetic ${s.slides} slides, ${s.questions} questions: cold build`, `${s.medianMs} ms`, '']);
    rows.push([`  per target`, Object.entries(s.targetsMs).map(([t, ms]) => `${t} ${ms}`).join(', '), '']);
  }
  const w0 = Math.max(...rows.map((r) => r[0].length));
  const w1 = Math.max(...rows.map((r) => r[1].length));
  const head = `${'measure'.padEnd(w0)}  ${'median'.padEnd(w1)}  budget`;
  return [head, '-'.repeat(head.length + 10), ...rows.map((r) => `${r[0].padEnd(w0)}  ${r[1].padEnd(w1)}  ${r[2]}`)].join('\n');
}

process.exitCode = await main();
