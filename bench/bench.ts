/**
 * `npm run bench -- [options]`: how fast and how small, measured where a user waits, as
 * tables and as bench/results.json, checked against bench/budgets.json.
 *
 * Every timing is a series of runs, printed as its median (the typical wait, which the budget
 * checks) and its maximum (the worst wait seen):
 * - cold build: the whole `npm run build` process, spawn to exit (bench/process.ts);
 * - watch mode: a lesson file written → the edit painted in the preview page, and the dev
 *   builder's rebuild in process (bench/watch.ts);
 * - launch: a new browser context → the title screen painted, and a resume → the lesson slide
 *   painted, in the preview LMS (bench/launch.ts).
 * - organisation report: a Moodle Interactions report of 10,000 learners × 20 survey items →
 *   the workbook, the deck and the page (bench/report.ts).
 * Sizes are the packages and the player as built, and `suspend_data` after a full run of the
 * course next to the largest the course allows.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { localize } from '../build/course/localize.ts';
import { readCourse } from '../build/index.ts';
import { projectRoot } from '../build/paths.ts';
import { bundlePlayer } from '../build/player-bundle.ts';
import { distSource } from '../build/preview/packages.ts';
import { startPreview } from '../build/preview/server.ts';
import { SCORM12 } from '../player/spec/scorm12.ts';
import { encodeState, worstCaseState } from '../player/state.ts';
import { launchBrowser } from '../test/browser/harness/browser.ts';
import { measureLaunches, type LaunchPhases } from './launch.ts';
import { buildOnce, nodeStarts, timedBuilds, type CliArtefact, type CliRun } from './process.ts';
import { kb, log, round, timing, type Timing } from './stats.ts';
import { generateCourse } from './synthetic.ts';
import { measureEditVisible, measureRebuild } from './watch.ts';
import { measureReport } from './report.ts';
import { readCommandLine } from '../build/command-line.ts';

const budgetsFile = path.join(projectRoot, 'bench', 'budgets.json');
const suspendDataLimit = SCORM12.limits['cmi.suspend_data'];

const help = `Usage: npm run bench -- [options]

Measures the build and the packages, prints the median and the worst of each timing and the
sizes, writes bench/results.json, and compares with bench/budgets.json (timings by median).

Options:
  --runs <n>        timed runs per timing (default 5)
  --content <dir>   the course to measure (default: content)
  --sizes-only      measure only sizes: zips, player, suspend_data (one build, no timings; for CI)
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

interface Check extends Budget {
  name: string;
  value: number | null;
  ok: boolean | null;
}

/** Per target, the time of all its artefacts (every language) in each run. */
function perTarget(runs: CliRun[]): Record<string, Timing> {
  const targets = [...new Set(runs[0]!.artefacts.map((a) => a.target))];
  const sum = (r: CliRun, t: string) => r.artefacts.filter((a) => a.target === t).reduce((s, a) => s + a.ms, 0);
  return Object.fromEntries(targets.map((t) => [t, timing(runs.map((r) => sum(r, t)))]));
}

const isZip = (a: CliArtefact) => a.path.endsWith('.zip');

async function main(): Promise<number> {
  const parsed = readCommandLine(help, {
    runs: { type: 'string', default: '5' },
    content: { type: 'string', default: path.join(projectRoot, 'content') },
    'sizes-only': { type: 'boolean', default: false },
    'skip-scaling': { type: 'boolean', default: false },
    check: { type: 'boolean', default: false },
    'check-sizes': { type: 'boolean', default: false },
    out: { type: 'string', default: path.join(projectRoot, 'bench', 'results.json') },
  });
  if (typeof parsed === 'number') return parsed;
  const args = parsed.values;
  const runs = Math.max(1, Number(args.runs) || 5);
  const timings = !args['sizes-only'];
  const content = path.resolve(args.content!);
  const budgets = JSON.parse(fs.readFileSync(budgetsFile, 'utf8')) as Record<string, Budget | string>;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'course-bench-'));
  const results: Record<string, any> = {
    date: new Date().toISOString(),
    machine: { node: process.version, cpus: os.cpus().length, cpu: os.cpus()[0]?.model ?? '', loadavg: os.loadavg().map((l) => round(l, 2)) },
    runs: timings ? runs : 0,
  };
  const values: Record<string, number> = {};

  try {
    const { course } = await readCourse(content);
    if (!course) throw new Error(`the course in ${content} does not load: run npm run build for its problems`);
    const lang = course.languages[0]!.code; // the primary language
    const primary = localize(course, lang);
    const heading = primary.lessons[0]?.slides[0]?.title;
    if (!heading) throw new Error('the course has no slide');

    // Cold builds: `npm run build` as a user runs it. The first run is untimed: after an edit
    // of build/ or player/ the launcher bundles the CLI again, once (scripts/run.mjs).
    log('npm run build: warm-up run (untimed; makes the launcher\'s bundle fresh)…');
    const dist = path.join(tmp, 'dist');
    const warmT0 = performance.now();
    const warmUp = buildOnce(content, dist);
    const warmUpMs = performance.now() - warmT0;
    if (timings) {
      const cold = timedBuilds(content, path.join(tmp, 'cold'), runs, 'npm run build');
      log(`node -e 0 ×${runs}…`);
      const node = nodeStarts(runs);
      values['coldBuild'] = timing(cold.runs.map((r) => r.wallMs)).medianMs;
      results['coldBuild'] = {
        command: 'node scripts/run.mjs build/cli.ts --content <content> --out <tmp> --quiet --json',
        process: timing(cold.runs.map((r) => r.wallMs)),
        buildCourse: timing(cold.runs.map((r) => r.buildMs)),
        nodeStart: timing(node),
        warmUp: { ms: round(warmUpMs), launcherBundled: warmUp.rebundled },
        redone: cold.redone,
      };
      results['targets'] = perTarget(cold.runs);
    }
    // The package budget is for the course without its recorded narration: recordings grow with
    // the length of the course and the voice, not with anything the build can make smaller.
    results['zips'] = Object.fromEntries(warmUp.artefacts.filter(isZip).map((a) => [a.path, a.bytes - (a.audio?.bytes ?? 0)]));
    results['audio'] = Object.fromEntries(warmUp.artefacts.filter((a) => isZip(a) && a.audio).map((a) => [a.path, a.audio!]));
    results['manuscripts'] = Object.fromEntries(warmUp.artefacts.filter((a) => !isZip(a)).map((a) => [a.path, a.bytes]));
    values['zip'] = kb(Math.max(...Object.values(results['zips'] as Record<string, number>)));

    // The player, bundled as the build bundles it, per LMS standard.
    const player: Record<string, { js: number; css: number; jsGzip: number; cssGzip: number; totalGzip: number }> = {};
    const playerDir = path.join(projectRoot, 'player');
    for (const entry of fs.readdirSync(path.join(playerDir, 'entries')).filter((f) => f.endsWith('.ts')).map((f) => f.slice(0, -3)).sort()) {
      const { js, css } = await bundlePlayer(playerDir, entry);
      const jsGzip = gzipSync(js, { level: 9 }).length;
      const cssGzip = gzipSync(css, { level: 9 }).length;
      player[entry] = { js: js.length, css: css.length, jsGzip, cssGzip, totalGzip: jsGzip + cssGzip };
    }
    results['player'] = player;
    values['playerGzip'] = kb(Math.max(...Object.values(player).map((p) => p.totalGzip)));

    // The largest learner state the course allows, per language (what the build checks).
    const worstCase = Object.fromEntries(course.languages.map((l) => [l.code, encodeState(worstCaseState(l.code === lang ? primary : localize(course, l.code))).length]));

    if (timings) {
      results['rebuild'] = await measureRebuild(content, path.join(tmp, 'content-rebuild'), lang, heading, runs);
      values['rebuild'] = results['rebuild'].medianMs;
    }

    const key = `scorm2004/${lang}`;
    const server = await startPreview({ source: distSource(dist), stateDir: path.join(tmp, 'state') });
    let browser: Browser | null = null;
    try {
      browser = await launchBrowser();
      const launches = await measureLaunches({ browser, origin: server.origin, key, course: primary, runs, timings });
      results['suspendData'] = { fullRun: launches.suspendData.chars, learner: launches.suspendData.learner, package: key, worstCase, scorm12Limit: suspendDataLimit };
      values['suspendData'] = launches.suspendData.chars;
      if (launches.firstScreen && launches.resume) {
        results['firstScreen'] = { package: key, launch: launches.firstScreen, resume: launches.resume };
        values['firstScreen'] = Math.max(launches.firstScreen.medianMs, launches.resume.medianMs);
      }
      if (timings) {
        results['editVisible'] = await measureEditVisible({ browser, content, copy: path.join(tmp, 'content-dev'), stateDir: path.join(tmp, 'dev-state'), lang, course: primary, heading, runs });
        values['editVisible'] = results['editVisible'].medianMs;
      }
    } finally {
      await browser?.close();
      await server.close();
    }

    // The organisation report for a large company: read, analyse, three files.
    if (timings) {
      log('npm run report: 10,000 respondents × 20 items…');
      results['report'] = await measureReport(course, runs);
      values['report'] = results['report'].total.medianMs;
    }

    // How build time grows: synthetic courses of 10, 100 and 1,000 slides, whole processes.
    if (timings && !args['skip-scaling']) {
      const series = [];
      for (const slides of [10, 100, 1000]) {
        const dir = path.join(tmp, `synthetic-${slides}`);
        const shape = generateCourse(dir, slides);
        const n = slides >= 1000 ? 1 : Math.min(runs, 3);
        const built = timedBuilds(dir, path.join(tmp, `synthetic-out-${slides}`), n, `synthetic course, ${slides} slides: npm run build`);
        series.push({
          slides,
          lessons: shape.lessons,
          questions: shape.questions,
          process: timing(built.runs.map((r) => r.wallMs)),
          targets: Object.fromEntries(Object.entries(perTarget(built.runs)).map(([t, x]) => [t, x.medianMs])),
          zipKB: Object.fromEntries(built.runs[0]!.artefacts.filter(isZip).map((a) => [a.path.replace(/^.*?-(\w+-\w+)\.zip$/, '$1'), kb(a.bytes)])),
          runs: n,
        });
      }
      results['scaling'] = series;
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }

  const checks: Check[] = Object.entries(budgets)
    .filter((e): e is [string, Budget] => typeof e[1] === 'object')
    .map(([name, b]) => ({ name, ...b, value: values[name] ?? null, ok: values[name] === undefined ? null : values[name]! <= b.max }));
  results['budgets'] = checks;
  fs.writeFileSync(args.out!, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`${report(results, checks)}\n`);
  process.stdout.write(`Results written to ${path.relative(process.cwd(), args.out!)}.\n`);

  const gate = args.check ? checks : args['check-sizes'] ? checks.filter((c) => c.kind === 'size') : [];
  const failed = gate.filter((c) => c.ok === false);
  if (failed.length) {
    process.stderr.write(`Over budget: ${failed.map((c) => `${c.name} ${c.value} ${c.unit} > ${c.max} ${c.unit}`).join('; ')}\n`);
    return 1;
  }
  return 0;
}

function grid(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(head), '-'.repeat(widths.reduce((s, w) => s + w + 2, 0)), ...rows.map(line)].join('\n');
}

function report(r: Record<string, any>, checks: Check[]): string {
  const budget = (name: string) => {
    const c = checks.find((x) => x.name === name);
    return c ? `≤ ${c.max} ${c.unit}${c.ok === null ? '' : c.ok ? ' ok' : ' OVER'}` : '';
  };
  const ms = (x: number) => `${x} ms`;
  const t = (label: string, x: Timing, b = ''): string[] => [label, ms(x.medianMs), ms(x.maxMs), b];
  const out: string[] = [];

  const times: string[][] = [];
  if (r['coldBuild']) {
    const c = r['coldBuild'];
    times.push(t('npm run build, whole process, spawn → exit (every target, every language)', c.process, budget('coldBuild')));
    times.push(t('  node -e 0, the same way, for scale', c.nodeStart));
    times.push(t('  inside the process: buildCourse (the CLI\'s own measure)', c.buildCourse));
    for (const [target, x] of Object.entries(r['targets'] as Record<string, Timing>)) times.push(t(`  target ${target} (every language)`, x));
  }
  if (r['editVisible']) {
    const e = r['editVisible'];
    const lang = e.shown.split('/')[1];
    times.push(t(`watch mode: lesson file written → edit painted (${e.shown} shown, all ${e.active.length} ${lang} packages rebuilt)`, e, budget('editVisible')));
    times.push([`  of which: watcher ${e.phases.watcherMs}, debounce + rebuild + reload event ${e.phases.rebuildMs}, relaunch → painted ${e.phases.relaunchMs}`, '', '', '']);
    times.push(['  the first edit after the page opened (not in the median)', ms(e.firstEditMs), '', '']);
  }
  if (r['rebuild']) {
    const b = r['rebuild'];
    times.push(t(`watch mode's rebuild in process: sources read again, ${b.packages.length} packages compiled`, b, budget('rebuild')));
    times.push([`  (${b.packages.join(', ')}; ${b.parsedPerRebuild} source file(s) parsed again per edit)`, '', '', '']);
  }
  if (r['firstScreen']) {
    const f = r['firstScreen'];
    const split = (p: LaunchPhases) => [`  of which: LMS side starting ${p.lmsMs}, course window opened → painted ${p.courseMs}`, '', '', ''];
    times.push(t(`launch → title screen painted (${f.package}, a new browser context each run)`, f.launch, budget('firstScreen')));
    times.push(split(f.launch.phases));
    times.push(t('resume → the stored lesson slide painted (the same)', f.resume, budget('firstScreen')));
    times.push(split(f.resume.phases));
  }
  if (r['report']) {
    const x = r['report'];
    times.push(t(`organisation report: Moodle text report of ${x.respondents.toLocaleString('en')} respondents × ${x.items} items (${x.inputMB} MB) → xlsx + pptx + html`, x.total, budget('report')));
    times.push([`  outputs: ${Object.entries(x.outputsKB).map(([k, v]) => `${k} ${v} KB`).join(', ')}; heap growth ${x.memory.map((m: any) => `${m.respondents.toLocaleString('en')}: ${m.heapMB} MB`).join(', ')}`, '', '', '']);
  }
  for (const s of (r['scaling'] ?? []) as any[]) {
    times.push(t(`synthetic course, ${s.slides} slides, ${s.questions} questions: npm run build (${s.runs} run${s.runs > 1 ? 's' : ''})`, s.process));
    times.push([`  per target: ${Object.entries(s.targets).map(([target, x]) => `${target} ${x}`).join(', ')}`, '', '', '']);
  }
  if (times.length) {
    const c = r['coldBuild'];
    out.push(`Timings: ${r['runs']} timed run(s) each; budgets apply to the median.`);
    if (c) {
      out.push(
        `npm run build was run once untimed first (${c.warmUp.ms} ms; ${c.warmUp.launcherBundled ? 'the launcher bundled the CLI again in it' : 'the launcher\'s bundle was already fresh'})` +
          `${c.redone ? `; ${c.redone} timed run(s) were made again because the launcher bundled in them` : ''}.`,
      );
    }
    out.push(grid(['measure', 'median', 'max', 'budget'], times), '');
  }

  const sizes: string[][] = [];
  for (const [entry, p] of Object.entries(r['player'] as Record<string, any>)) {
    sizes.push([`player (${entry}) js + css`, `${kb(p.js + p.css)} KB raw, ${kb(p.totalGzip)} KB gzip`, budget('playerGzip')]);
  }
  const audio = (r['audio'] ?? {}) as Record<string, { bytes: number; files: number }>;
  for (const [file, bytes] of Object.entries(r['zips'] as Record<string, number>)) {
    const a = audio[file];
    sizes.push([a ? `${file} without its audio` : file, `${kb(bytes)} KB`, budget('zip')]);
    if (a) sizes.push([`${file}: audio (outside the budget)`, `${kb(a.bytes)} KB in ${a.files} file(s)`, '']);
  }
  for (const [file, bytes] of Object.entries(r['manuscripts'] as Record<string, number>)) sizes.push([file, `${kb(bytes)} KB`, '']);
  if (r['suspendData']) {
    const s = r['suspendData'];
    sizes.push([`suspend_data after a full run (${s.package})`, `${s.fullRun} chars`, budget('suspendData')]);
    for (const [l, n] of Object.entries(s.worstCase as Record<string, number>)) {
      sizes.push([`suspend_data worst case the course allows (${l}, computed)`, `${n} chars`, `≤ ${s.scorm12Limit} chars (SCORM 1.2) ${n <= s.scorm12Limit ? 'ok' : 'OVER'}`]);
    }
  }
  out.push('Sizes', grid(['measure', 'value', 'budget'], sizes));
  return out.join('\n');
}

process.exitCode = await main();
