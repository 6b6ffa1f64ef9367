/**
 * The cold build as the user waits for it: `npm run build` runs `node scripts/run.mjs
 * build/cli.ts`, so one run is that command in a new process, timed from spawn to exit (Node's
 * start, the launcher's freshness check, loading the bundle, the build, writing dist/).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../build/paths.ts';
import { log } from './stats.ts';

export interface CliArtefact {
  path: string;
  target: string;
  lang: string;
  bytes: number;
  ms: number;
  /** An LMS package's recorded narration, included in `bytes` (build/compile.ts `Artefact`). */
  audio?: { bytes: number; files: number };
}

export interface CliRun {
  /** Spawn to exit. */
  wallMs: number;
  /** The build's own measure inside the process (`buildCourse`). */
  buildMs: number;
  artefacts: CliArtefact[];
}

const cli = ['scripts/run.mjs', 'build/cli.ts'];

/**
 * The launcher keeps its bundle in node_modules/.cache/course-run/<entry with / as __>/ and
 * swaps the whole folder in when it bundles again (scripts/run.mjs), so a new stamp file means
 * the run just before paid for esbuild.
 */
const launcherStamp = path.join(projectRoot, 'node_modules', '.cache', 'course-run', 'build__cli', 'inputs.json');
function stampTime(): number | null {
  try {
    return fs.statSync(launcherStamp).mtimeMs;
  } catch {
    return null;
  }
}

function spawnTimed(args: string[]): { ms: number; stdout: string; stderr: string; status: number | null } {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: projectRoot, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const ms = performance.now() - t0;
  if (r.error) throw r.error;
  return { ms, stdout: r.stdout, stderr: r.stderr, status: r.status };
}

/**
 * One `npm run build` of every target and language. `--json` only changes what the CLI prints
 * (the artefacts with their times instead of a table), not what it builds or writes.
 */
export function buildOnce(content: string, out: string): CliRun & { rebundled: boolean } {
  const before = stampTime();
  const r = spawnTimed([...cli, '--content', content, '--out', out, '--quiet', '--json']);
  const rebundled = stampTime() !== before;
  let parsed: { ok: boolean; ms: number; artefacts: CliArtefact[]; diagnostics: { severity: string; rule: string; file: string; line: number; message: string }[] };
  try {
    parsed = JSON.parse(r.stdout);
  } catch {
    throw new Error(`npm run build exited with ${r.status} without its JSON result:\n${r.stderr.slice(0, 2000)}`);
  }
  if (!parsed.ok || r.status !== 0) {
    const errors = parsed.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.rule} ${d.file}:${d.line}: ${d.message}`);
    throw new Error(`the build reported errors (exit ${r.status}):\n${errors.join('\n')}`);
  }
  return { wallMs: r.ms, buildMs: parsed.ms, artefacts: parsed.artefacts.map((a) => ({ ...a, path: path.basename(a.path) })), rebundled };
}

/**
 * `runs` timed builds. Call `buildOnce` first, untimed, so that the launcher's bundle is fresh
 * (as it is for a user from the second build on after an edit of build/ or player/). A timed
 * run in which the launcher had to bundle again (another edit landed in build/ or player/
 * meanwhile) timed esbuild, not the build: it is made again, and counted in `redone`.
 */
export function timedBuilds(content: string, outRoot: string, runs: number, label: string): { runs: CliRun[]; redone: number } {
  const timed: CliRun[] = [];
  let redone = 0;
  for (let i = 0; timed.length < runs; i++) {
    log(`${label} ${timed.length + 1}/${runs}…`);
    const out = path.join(outRoot, `run-${i}`);
    const run = buildOnce(content, out);
    fs.rmSync(out, { recursive: true, force: true });
    if (run.rebundled) {
      if (++redone > runs) throw new Error('the launcher bundled again on every run: build/ or player/ keeps changing');
      log('  the launcher bundled again (a file in build/ or player/ changed): this run is made again');
      continue;
    }
    timed.push(run);
  }
  return { runs: timed, redone };
}

/** `node -e 0` the same way: what any Node command costs before it does anything. */
export function nodeStarts(runs: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const r = spawnTimed(['-e', '0']);
    if (r.status !== 0) throw new Error(`node -e 0 exited with ${r.status}`);
    out.push(r.ms);
  }
  return out;
}
