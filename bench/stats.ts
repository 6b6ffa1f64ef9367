/** What the benchmark keeps of a series of timings: the typical run and the worst one. */
export interface Timing {
  medianMs: number;
  maxMs: number;
  runsMs: number[];
}

export const round = (n: number, d = 0): number => Math.round(n * 10 ** d) / 10 ** d;
export const kb = (bytes: number): number => round(bytes / 1024, 1);

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export function timing(runsMs: readonly number[], digits = 0): Timing {
  if (!runsMs.length) throw new Error('a timing needs at least one run');
  return { medianMs: round(median(runsMs), digits), maxMs: round(Math.max(...runsMs), digits), runsMs: runsMs.map((x) => round(x, digits)) };
}

export function log(text: string): void {
  process.stderr.write(`${text}\n`);
}
