/**
 * The organisation report in memory: input files → Submissions (read/) → one Report in a
 * language (analyse.ts) → workbook, deck and page (targets/). The CLI (build/report-cli.ts)
 * and the bench call this; only the CLI writes files.
 */
import { readCourse } from '../index.ts';
import { Diagnostics } from '../diagnostics.ts';
import type { Course } from '../model.ts';
import { analyse, type AnalyseOptions } from './analyse.ts';
import { ReportInputError, type Report, type Submission } from './model.ts';
import { readInput } from './read/index.ts';
import { reportFiles } from './targets/index.ts';

export interface ReportInput {
  /** The path as the user gave it: every message names the file this way. */
  file: string;
  bytes: Uint8Array;
}

export interface ReportResult {
  report: Report;
  files: { path: string; bytes: Uint8Array }[];
}

/** Reads every input (all of them, so that every bad file is named at once), analyses, lays out. */
export async function makeReport(course: Course, inputs: ReportInput[], opts: AnalyseOptions): Promise<ReportResult> {
  const submissions: Submission[] = [];
  const problems: ReportInputError[] = [];
  for (const input of inputs) {
    try {
      submissions.push(...(await readInput(input.file, input.bytes)));
    } catch (e) {
      if (e instanceof ReportInputError) problems.push(e);
      else throw e;
    }
  }
  if (problems.length) throw new ReportInputErrors(problems);
  const report = analyse(submissions, course, opts);
  const files = await reportFiles(report, `${course.id}-report-${report.lang}`);
  return { report, files };
}

/** Several inputs refused in one run. */
export class ReportInputErrors extends Error {
  constructor(readonly problems: ReportInputError[]) {
    super(problems.map((p) => p.message).join('\n'));
  }
}

/** The course the answers belong to, from its sources (a company variant's when named). */
export async function reportCourse(contentDir: string, variant?: string): Promise<{ course: Course | null; diagnostics: Diagnostics }> {
  return readCourse(contentDir, new Diagnostics(), variant ? { variant } : {});
}
