/**
 * The LMS faults tests' view of both SCORM runtimes: the harness page with its faults
 * (lms-faults.js), what the LMS's server holds after the last good commit, in course terms,
 * and which of the learner's answers it lacks. Responses are written out here independently of
 * the player's adapters, as the other harness files do, so a wrong adapter cannot pass.
 */
import type { Frame, Page } from 'playwright-core';
import type { PlayerCourse } from '../../../player/spec/course-data.ts';
import { surveyChars } from '../../../player/spec/scorm12.ts';
import { itemOptions } from '../../../player/survey.ts';
import type { LmsLog } from './browser.ts';

export type Standard = 'scorm2004' | 'scorm12';

export interface Faults {
  /** The next n commits answer "false". */
  failCommits: number;
  /** Commit and Terminate throw, as a synchronous request without a network does. */
  offline: boolean;
  failInitialize: boolean;
  /** SetValue of elements matching this pattern answers "false" with this code. */
  reject: { element: string; code: string } | null;
  /** Every call blocks the page this long. */
  delayMs: number;
}

export interface FaultLog extends LmsLog, Faults {
  spans: { name: string; start: number; end: number }[];
  longTasks: { start: number; end: number }[];
  committed: { cmi: Record<string, any> } | null;
}

export interface LmsPageOptions {
  /** No API object: the page was opened outside the LMS. */
  noApi?: boolean;
  /** The course frame inside a page much taller than the window, as Moodle's. */
  tall?: boolean;
  /** Faults on from the start, before the course calls Initialize. */
  faults?: Partial<Faults>;
}

/** The standard's harness page with a fresh API (loaded with `cmi` when given) and the course in a frame. */
export async function openCourse(std: Standard, page: Page, origin: string, cmi: unknown = null, options: LmsPageOptions = {}): Promise<Frame> {
  await page.goto(`${origin}/harness/${std === 'scorm2004' ? 'lms' : 'lms12'}.html`);
  await page.evaluate(
    ([data, src, o]) => {
      Object.assign((window as any).lmsLog, o.faults ?? {});
      (window as any).startLms(data, src, o);
    },
    [cmi, `${origin}/pkg/index.html`, options] as const,
  );
  const frame = (await (await page.waitForSelector('iframe')).contentFrame())!;
  await frame.waitForSelector('main h1');
  return frame;
}

export async function setFaults(page: Page, faults: Partial<Faults>): Promise<void> {
  await page.evaluate((f) => Object.assign((window as any).lmsLog, f), faults);
}

export function faultLog(page: Page): Promise<FaultLog> {
  return page.evaluate(() => (window as any).lmsLogNow() as FaultLog);
}

/** One interaction record, its id in the course's form (`survey.item`, `test.a1.q`). */
export interface StoredAnswer {
  id: string;
  type: string;
  response: string;
  result: string;
}

/** What the LMS holds, in terms both standards share; 1.2 has no progress or success status. */
export interface LmsRecord {
  location: string;
  suspendData: string;
  /** SCORM 2004's progress_measure as a number; null when unset (and always in 1.2). */
  progress: number | null;
  /** 2004's completion_status, 1.2's lesson_status. */
  status: string;
  /** 2004's success_status; '' in 1.2, whose lesson_status says it. */
  success: string;
  score: string;
  exit: string;
  interactions: StoredAnswer[];
}

export function lmsRecord(std: Standard, cmi: Record<string, any>): LmsRecord {
  const list = Object.keys(cmi.interactions ?? {})
    .filter((k) => /^\d+$/.test(k))
    .sort((a, b) => Number(a) - Number(b))
    .map((k) => cmi.interactions[k]);
  if (std === 'scorm2004') {
    return {
      location: cmi.location ?? '',
      suspendData: cmi.suspend_data ?? '',
      progress: cmi.progress_measure === '' || cmi.progress_measure === undefined ? null : Number(cmi.progress_measure),
      status: cmi.completion_status ?? '',
      success: cmi.success_status ?? '',
      score: cmi.score?.raw ?? '',
      exit: cmi.exit ?? '',
      interactions: list.map((i) => ({ id: i.id, type: i.type, response: i.learner_response ?? '', result: i.result ?? '' })),
    };
  }
  return {
    location: cmi.core?.lesson_location ?? '',
    suspendData: cmi.suspend_data ?? '',
    progress: null,
    status: cmi.core?.lesson_status ?? '',
    success: '',
    score: cmi.core?.score?.raw ?? '',
    exit: cmi.core?.exit ?? '',
    // 1.2 ids write '-' where ours have '.'; course ids never contain '-'.
    interactions: list.map((i) => ({ id: String(i.id).replace(/-/g, '.'), type: i.type, response: i.student_response ?? '', result: i.result ?? '' })),
  };
}

/** What the LMS's server holds: the data model as the last successful Commit or Terminate left it. */
export async function committedRecord(std: Standard, page: Page): Promise<LmsRecord | null> {
  const c = (await faultLog(page)).committed;
  return c ? lmsRecord(std, c.cmi) : null;
}

/** The data model the LMS would give the next launch: the committed one, resuming. */
export async function nextLaunchData(std: Standard, page: Page): Promise<Record<string, any> | null> {
  const c = (await faultLog(page)).committed;
  if (!c) return null;
  const exit = std === 'scorm2004' ? c.cmi.exit : c.cmi.core.exit;
  // What the standards say about the next session: resume after suspend, else a fresh entry.
  const entry = exit === 'suspend' ? 'resume' : '';
  return std === 'scorm2004' ? { ...c.cmi, entry } : { ...c.cmi, core: { ...c.cmi.core, entry } };
}

/** Every answer the learner gave: the survey as submitted (null before), test answers per attempt. */
export interface GivenAnswers {
  survey: Record<string, string> | null;
  test: { attempt: number; id: string; answer: string[] }[];
}

/**
 * The response the standard stores for an answer. A survey item's answers go to SCORM 1.2 as one
 * character each, by their place among the answers the item offers (`offered`).
 */
export function expectedResponse(std: Standard, kind: 'likert' | 'choice' | 'text' | 'single-choice' | 'multiple-choice' | 'true-false', value: string[], offered: string[] = []): string {
  if ((kind === 'likert' || kind === 'choice') && std === 'scorm12') {
    const chars = surveyChars(kind, offered);
    return value.map((v) => chars.get(v) ?? v).join(',');
  }
  if (kind === 'likert') return value[0]!;
  if (kind === 'text') return value.join(' ');
  if (kind === 'true-false') return std === 'scorm2004' ? value[0]! : value[0] === 'true' ? 't' : 'f';
  return value.join(std === 'scorm2004' ? '[,]' : ',');
}

/**
 * The answers given that the LMS does not hold as given: `id` when no record has it,
 * `id: stored ≠ given` when its response differs. Every survey item has a record once the
 * survey is submitted, an item left blank with no response.
 */
export function lostAnswers(std: Standard, course: PlayerCourse, record: LmsRecord | null, given: GivenAnswers): string[] {
  const stored = new Map<string, string>();
  for (const i of record?.interactions ?? []) if (!stored.has(i.id)) stored.set(i.id, i.response);
  const lost: string[] = [];
  const check = (id: string, expected: string) => {
    const got = stored.get(id);
    if (got === undefined) lost.push(id);
    else if (got !== expected) lost.push(`${id}: ${JSON.stringify(got)} ≠ ${JSON.stringify(expected)}`);
  };
  if (given.survey) {
    for (const item of course.survey.items) {
      const v = given.survey[item.id];
      const offered = itemOptions(course.survey, item).map((o) => o.id);
      check(`survey.${item.id}`, v === undefined || v === '' ? '' : expectedResponse(std, item.type, [v], offered));
    }
  }
  const bank = new Map(course.test.questions.map((q) => [q.id, q]));
  for (const a of given.test) check(`test.a${a.attempt}.${a.id}`, expectedResponse(std, bank.get(a.id)!.type, a.answer));
  return lost;
}

/** Interaction ids the LMS holds more than once. */
export function duplicateIds(record: LmsRecord | null): string[] {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const i of record?.interactions ?? []) (seen.has(i.id) ? twice : seen).add(i.id);
  return [...twice];
}

/**
 * How many LMS calls the busiest task made: the browser's long tasks (over 50 ms) against the
 * spans of the calls, which each block for `delayMs`. One call per task means the page answers
 * the learner between any two calls, however slow the LMS; `since` leaves out calls before it.
 */
export function mostCallsInOneTask(log: FaultLog, since = 0, until = Infinity): number {
  const spans = log.spans.filter((s) => s.start >= since && s.end <= until);
  let most = 0;
  for (const t of log.longTasks) {
    const n = spans.filter((s) => s.start >= t.start - 1 && s.end <= t.end + 1).length;
    most = Math.max(most, n);
  }
  return most;
}

/** The save status the learner sees. */
export function saveStatus(frame: Frame): Promise<string> {
  return frame.evaluate(() => document.querySelector('.save-status')?.textContent ?? '');
}
