/**
 * The numbers of the report that are statistics rather than counting: an item's score on
 * 0–100, and a test question's facility and discrimination as Moodle's quiz statistics give
 * them.
 */
import type { GoodDirection } from '../model.ts';

/**
 * The mean of the points chosen (1 for the lowest point … k for the highest) on 0–100 with
 * 100 at the good end: `(mean - lo) / (hi - lo) * 100`, or `(hi - mean) / (hi - lo) * 100`
 * when the low end is good, the survey workbook's summary formula
 * (build/targets/xlsx/survey.ts). Null when nobody chose a point.
 */
export function itemScore(counts: number[], good: GoodDirection): number | null {
  const n = counts.reduce((a, b) => a + b, 0);
  if (n === 0 || counts.length < 2) return null;
  const mean = counts.reduce((sum, c, i) => sum + c * (i + 1), 0) / n;
  const [lo, hi] = [1, counts.length];
  return ((good === 'high' ? mean - lo : hi - mean) / (hi - lo)) * 100;
}

export function mean(values: number[]): number | null {
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
}

/** One test attempt: the mark (0 or 1) of each question it was given. */
export type TestAttempt = Map<string, number>;

/** Share of the attempts given the question that answered it correctly (Moodle's facility index / 100). */
export function facility(question: string, attempts: TestAttempt[]): number | null {
  const marks = attempts.flatMap((a) => (a.has(question) ? [a.get(question)!] : []));
  return mean(marks);
}

/**
 * Moodle's discrimination index / 100: over the attempts that were given the question, the
 * correlation between the question's mark and the mark of the rest of the attempt (the
 * attempt's total without this question). Moodle computes it as covariance /
 * sqrt(variance of the mark × variance of the other marks), each with (s − 1), and gives no
 * value when either variance is 0 (moodle/moodle, question/classes/statistics/questions/
 * calculator.php, `discriminationindex`). The (s − 1) factors cancel, so it is Pearson's r.
 */
export function discrimination(question: string, attempts: TestAttempt[]): number | null {
  const given = attempts.filter((a) => a.has(question));
  if (given.length < 2) return null;
  const mark = given.map((a) => a.get(question)!);
  const rest = given.map((a) => [...a].reduce((sum, [q, m]) => (q === question ? sum : sum + m), 0));
  const mm = mean(mark)!;
  const mr = mean(rest)!;
  let cov = 0;
  let vm = 0;
  let vr = 0;
  for (let i = 0; i < given.length; i++) {
    cov += (mark[i]! - mm) * (rest[i]! - mr);
    vm += (mark[i]! - mm) ** 2;
    vr += (rest[i]! - mr) ** 2;
  }
  return vm * vr > 0 ? cov / Math.sqrt(vm * vr) : null;
}
