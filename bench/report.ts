/**
 * The organisation report at the scale of a large company: a Moodle Interactions report (text
 * download, all columns) of `respondents` learners × `items` survey items of the current
 * survey, made here the way Moodle writes it, then read, analysed and laid out into the
 * workbook, the deck and the page in process (`makeReport`, what `npm run report` runs).
 *
 * Memory is measured as the growth of the heap over the run at several sizes, so the table
 * shows whether it grows linearly with the number of respondents.
 */
import type { Course, SurveyItem } from '../build/model.ts';
import { makeReport } from '../build/report/index.ts';
import { surveyChars } from '../player/spec/scorm12.ts';
import { DONT_KNOW } from '../player/spec/course-data.ts';
import { round, timing, type Timing } from './stats.ts';

/** A small deterministic generator: the same report every run. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Moodle's text download quotes a field that holds a space, a tab, a quote or a line end. */
const field = (s: string) => (/[\s"]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
/** …and HTML-escapes responses and ids. */
const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/'/g, '&#039;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** What a SCORM 1.2 record holds for an item: a character per point or option, or the text. */
function answerFor(item: SurveyItem, course: Course, next: () => number, row: number): string {
  if (item.type === 'text') return `回答 ${row}: 電話で同じ要求を繰り返された, "上司を出せ"`;
  if (item.type === 'choice') {
    const chars = surveyChars('choice', item.options.map((o) => o.id));
    const pick = item.options[Math.floor(next() * item.options.length)]!;
    return chars.get(pick.id)!;
  }
  const scale = course.survey.scales.find((s) => s.id === item.scale)!;
  const ids = [...scale.points.map((p) => p.id), ...(item.dontKnow ? [DONT_KNOW] : [])];
  const chars = surveyChars('likert', ids);
  return chars.get(ids[Math.floor(next() * ids.length)]!)!;
}

/** The Interactions report (text, all columns) of `respondents` learners × the first `items` items. */
export function moodleTextReport(course: Course, respondents: number, items: number): string {
  const list = course.survey.items.slice(0, items);
  const next = random(respondents * 31 + items);
  const head = ['Name', 'Email address', 'Attempt', 'Started on', 'Last accessed on', 'Score', course.title[course.languages[0]!.code]!];
  list.forEach((_, i) => head.push(`Question ${i}`, `Response ${i}`, `Right answer ${i}`, `Result ${i}`));
  const lines = [head.map(field).join('\t')];
  for (let r = 1; r <= respondents; r++) {
    const row = [`学習者 ${r}`, `learner${r}@example.invalid`, '1', 'Wednesday, 2 December 2026, 1:52 AM', 'Wednesday, 2 December 2026, 2:10 AM', '100', '100'];
    list.forEach((item, i) => row.push(`survey-${item.id}`, escape(answerFor(item, course, next, r)), '', 'neutral'));
    lines.push(row.map(field).join('\t'));
  }
  return `${lines.join('\n')}\n`;
}

export interface ReportBench {
  respondents: number;
  items: number;
  inputMB: number;
  /** Read + analyse + the three files, in process. */
  total: Timing;
  outputsKB: Record<string, number>;
  /** Heap growth over one run, per size, to show how memory grows. */
  memory: { respondents: number; heapMB: number }[];
}

export async function measureReport(course: Course, runs: number, respondents = 10_000, items = 20): Promise<ReportBench> {
  const lang = course.languages[0]!.code;
  const opts = { lang, attempts: 'latest' as const, minGroupSize: 5, withNames: false };
  const run = async (n: number) => {
    const text = new TextEncoder().encode(moodleTextReport(course, n, items));
    global.gc?.();
    const heap0 = process.memoryUsage().heapUsed;
    let peak = heap0;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 5);
    const t0 = performance.now();
    const result = await makeReport(course, [{ file: 'interactions.txt', bytes: text }], opts);
    const ms = performance.now() - t0;
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().heapUsed);
    return { ms, heapMB: round((peak - heap0) / 2 ** 20, 1), files: result.files, inputMB: round(text.length / 2 ** 20, 2) };
  };
  await run(200); // warm-up: the libraries load and compile their code once
  const memory = [];
  for (const n of [respondents / 4, respondents / 2]) memory.push({ respondents: n, heapMB: (await run(n)).heapMB });
  const times: number[] = [];
  let last: Awaited<ReturnType<typeof run>> | null = null;
  for (let i = 0; i < runs; i++) {
    last = await run(respondents);
    times.push(last.ms);
  }
  memory.push({ respondents, heapMB: last!.heapMB });
  return {
    respondents,
    items,
    inputMB: last!.inputMB,
    total: timing(times),
    outputsKB: Object.fromEntries(last!.files.map((f) => [f.path.replace(/^.*\./, ''), round(f.bytes.length / 1024, 1)])),
    memory,
  };
}
