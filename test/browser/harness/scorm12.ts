/**
 * The SCORM 1.2 side of the harness: the real scorm12 package built and unzipped, served with
 * scorm-again's Scorm12API as `window.API` (lms12.html), and the 1.2 formats as Moodle's
 * runtime (mod/scorm/datamodels/scorm_12.js) and the standard check them, written out here
 * independently of the player's own table so a wrong table cannot pass its own test.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { unzipSync } from 'fflate';
import type { Frame, Page } from 'playwright-core';
import { buildCourse } from '../../../build/index.ts';
import { embeddedCourse, projectRoot, type BuiltPackage } from './package.ts';
import { serve, type StaticServer } from './server.ts';


export interface BuiltPackage12 extends BuiltPackage {
  /** The zip itself, for check-package. */
  zipPath: string;
  zipBytes: number;
}

export async function buildPackage12(lang = 'ja'): Promise<BuiltPackage12> {
  const tmp = mkdtempSync(join(tmpdir(), 'player-scorm12-'));
  const outDir = join(tmp, 'dist');
  const result = await buildCourse({ contentDir: join(projectRoot, 'content'), outDir, langs: [lang], targets: ['scorm12'] });
  if (!result.ok || !result.course) {
    throw new Error(`build failed:\n${JSON.stringify(result.diagnostics, null, 1).slice(0, 4000)}`);
  }
  const zipPath = join(outDir, `${result.course.id}-${lang}-scorm12.zip`);
  const zip = readFileSync(zipPath);
  const dir = join(tmp, 'pkg');
  const files = unzipSync(new Uint8Array(zip));
  for (const [name, bytes] of Object.entries(files)) {
    if (name.endsWith('/')) continue;
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), bytes);
  }
  return {
    dir,
    zipPath,
    zipBytes: zip.length,
    course: embeddedCourse(readFileSync(join(dir, 'index.html'), 'utf8')),
    entries: Object.keys(files),
    cleanup: () => rmSync(tmp, { recursive: true, force: true }),
  };
}

/** The package under /pkg/, the harness under /harness/, scorm-again's 1.2 build under /vendor/. */
export function serveCourse12(packageDir: string): Promise<StaticServer> {
  return serve({
    '/pkg/': packageDir,
    '/harness/': join(projectRoot, 'test/browser/harness'),
    '/vendor/scorm12.js': join(projectRoot, 'node_modules/scorm-again/dist/scorm12.js'),
  });
}

/** The 1.2 harness page with a fresh Scorm12API (optionally loaded with saved CMI), the course in an iframe. */
export async function openInLms12(page: Page, origin: string, cmi: unknown = null): Promise<Frame> {
  await page.goto(`${origin}/harness/lms12.html`);
  await page.evaluate(([data, src]) => (window as any).startLms(data, src), [cmi, `${origin}/pkg/index.html`] as const);
  const handle = await page.waitForSelector('iframe');
  const frame = (await handle.contentFrame())!;
  await frame.waitForSelector('main h1');
  return frame;
}

/** SCORM 1.2 formats: the standard (the 1.2 Run-Time Environment) and Moodle's scorm_12.js, whichever is stricter. */
export const SCORM12_RULES = {
  /** CMITimespan (Moodle): 2–4 hour digits, at most 2 decimals. */
  timespan: /^([0-9]{2,4}):([0-9]{2}):([0-9]{2})(\.[0-9]{1,2})?$/,
  /** CMITime: a time of day. */
  time: /^([0-2][0-9]):([0-5][0-9]):([0-5][0-9])(\.[0-9]{1,2})?$/,
  /** CMIIdentifier: Moodle's printable ASCII, and the standard's "alphanumeric, no white space". */
  identifierMoodle: /^[\u0021-\u007E]{0,255}$/,
  identifierStrict: /^[A-Za-z0-9_-]{1,255}$/,
  /** CMIDecimal (Moodle). */
  decimal: /^-?([0-9]{0,3})(\.[0-9]*)?$/,
  /** CMIString255 / CMIFeedback. */
  feedbackMax: 255,
  lessonLocationMax: 255,
  suspendDataMax: 4096,
  lessonStatus: ['passed', 'completed', 'failed', 'incomplete', 'browsed'],
  exit: ['time-out', 'suspend', 'logout', ''],
  types: ['true-false', 'choice', 'fill-in', 'matching', 'performance', 'sequencing', 'likert', 'numeric'],
  results: ['correct', 'wrong', 'unanticipated', 'neutral'],
  /** Choice responses: single characters 0-9/a-z separated by commas; likert: one such character. */
  choice: /^[0-9a-z](,[0-9a-z])*$/,
  likert: /^[0-9a-z]$/,
  trueFalse: /^[01tf]$/,
} as const;

const R = SCORM12_RULES;

type Call = [string, string, string, string];

/**
 * Every value the course sent with LMSSetValue, checked against SCORM12_RULES element by
 * element. scorm-again quietly rewrites some wrong values (result "incorrect" → "wrong",
 * exit "normal" → "") and stores the rewrite, so checking what it holds is not enough.
 * Returns one line per problem; [] when every value is 1.2 as written.
 */
export function sentValueProblems(calls: Call[]): string[] {
  const problems: string[] = [];
  const types = new Map<string, string>();
  const inRange = (v: string, lo: number, hi: number) => R.decimal.test(v) && v !== '' && Number(v) >= lo && Number(v) <= hi;
  const response = (type: string | undefined, v: string) =>
    v.length <= R.feedbackMax &&
    (type === 'choice' ? R.choice.test(v) : type === 'likert' ? R.likert.test(v) : type === 'true-false' ? R.trueFalse.test(v) : type === 'fill-in');
  for (const [name, element, value] of calls) {
    if (name !== 'LMSSetValue') continue;
    const v = String(value);
    const m = /^cmi\.interactions\.(\d+)\.(.+)$/.exec(element);
    let ok: boolean;
    if (m) {
      const [, n, field] = m as unknown as [string, string, string];
      if (field === 'type') types.set(n, v);
      ok =
        field === 'id' ? R.identifierStrict.test(v) && R.identifierMoodle.test(v)
        : field === 'type' ? (R.types as readonly string[]).includes(v)
        : field === 'time' ? R.time.test(v)
        : field === 'weighting' ? inRange(v, -100, 100)
        : field === 'student_response' || field === 'correct_responses.0.pattern' ? response(types.get(n), v)
        : field === 'result' ? (R.results as readonly string[]).includes(v)
        : field === 'latency' ? R.timespan.test(v)
        : false;
    } else {
      ok =
        element === 'cmi.core.lesson_location' ? v.length <= R.lessonLocationMax
        : element === 'cmi.core.lesson_status' ? (R.lessonStatus as readonly string[]).includes(v)
        : element === 'cmi.core.exit' ? (R.exit as readonly string[]).includes(v)
        : element === 'cmi.core.session_time' ? R.timespan.test(v)
        : /^cmi\.core\.score\.(raw|min|max)$/.test(element) ? inRange(v, 0, 100)
        : element === 'cmi.suspend_data' ? v.length <= R.suspendDataMax
        : false;
    }
    if (!ok) problems.push(`${element} = ${JSON.stringify(v.length > 80 ? v.slice(0, 80) + '…' : v)}`);
  }
  return problems;
}
