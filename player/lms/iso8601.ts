/**
 * Time formats for the LMS. SCORM 2004 (RTE C.1.4/C.1.5) allows more than Moodle accepts:
 * Moodle's runtime wants at most 2 decimals on seconds in durations and timestamps, and
 * scorm-again accepts a time zone designator only after a fraction. So timestamps are UTC
 * with exactly two decimals and `Z` (`2026-10-01T09:30:05.20Z`), and durations use H/M/S only.
 */

/** ISO 8601 duration such as `PT1H2M3.45S`; `PT0S` for zero. */
export function isoDuration(ms: number): string {
  let cs = Math.max(0, Math.round(ms / 10)); // centiseconds: two decimals at most
  const h = Math.floor(cs / 360000);
  cs -= h * 360000;
  const m = Math.floor(cs / 6000);
  cs -= m * 6000;
  const s = cs / 100;
  let out = 'PT';
  if (h) out += h + 'H';
  if (m) out += m + 'M';
  if (s || out === 'PT') out += formatSeconds(s) + 'S';
  return out;
}

function formatSeconds(s: number): string {
  // toFixed(2) then drop trailing zeros: 3.40 -> 3.4, 3.00 -> 3
  return s.toFixed(2).replace(/\.?0+$/, '') || '0';
}

/** `YYYY-MM-DDThh:mm:ss.ccZ` in UTC. */
export function isoTimestamp(ms: number): string {
  const d = new Date(ms);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return (
    `${p(d.getUTCFullYear(), 4)}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}` +
    `T${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}` +
    `.${p(Math.floor(d.getUTCMilliseconds() / 10))}Z`
  );
}
