/**
 * Time-outs that grow with the machine's load. A test asserts what the course does, not how
 * fast: a time-out only stops a test that hangs, so on a busy machine (CI shares its two cores
 * with other work) it must wait longer rather than fail. Timings are the bench's (bench/).
 *
 * The factor is the 1-minute load average per core, never below 1 and at most MAX_SCALE, read
 * each time a time-out is computed; TEST_TIME_SCALE (a positive number) replaces it, e.g.
 * `TEST_TIME_SCALE=1` for the plain values or `TEST_TIME_SCALE=10` on a known slow machine.
 */
import os from 'node:os';

/** A hung step still ends: 20× is a minute's wait become twenty. */
export const MAX_SCALE = 20;

/** How many times longer than on an idle machine a step may take now. */
export function timeScale(): number {
  const forced = process.env['TEST_TIME_SCALE'];
  if (forced !== undefined && forced !== '') {
    const n = Number(forced);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`TEST_TIME_SCALE must be a positive number, not ${JSON.stringify(forced)}`);
    return n;
  }
  const cores = Math.max(1, os.availableParallelism?.() ?? os.cpus().length);
  const perCore = os.loadavg()[0]! / cores;
  return Math.min(MAX_SCALE, Math.max(1, perCore));
}

/** `ms`, an idle machine's time-out, scaled to the machine's load now. */
export function scaled(ms: number): number {
  return Math.ceil(ms * timeScale());
}
