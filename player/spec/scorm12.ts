/**
 * SCORM 1.2 run-time data model (the SCORM 1.2 Run-Time Environment book, section 3.4), as far
 * as this course writes it. Keys are the spec's own element names (indexes written `n`) and
 * data type names (CMIString255, CMIIdentifier, CMITimespan…).
 *
 * scorm-again's Scorm12API is looser than the standard on purpose (suspend_data up to 64,000
 * characters, any CMIFeedback, CMIIdentifier with spaces), so an LMS test against it passes
 * values a stricter LMS refuses: the player keeps to these tables itself and the tests check
 * against them. The Moodle profile (moodle.ts) overlays them where Moodle is stricter.
 */
/** Maximum length of each string element, in characters (Moodle, like JavaScript, counts
 *  UTF-16 code units). */
export const LIMITS_12 = {
  /** CMIString255. */
  'cmi.core.lesson_location': 255,
  /** CMIString4096: the tightest limit of all the targets, so the learner state is sized to it. */
  'cmi.suspend_data': 4096,
  /** CMIIdentifier. */
  'cmi.interactions.n.id': 255,
  'cmi.interactions.n.objectives.n.id': 255,
  /** CMIFeedback: a CMIString255 whose form depends on the interaction type. */
  'cmi.interactions.n.student_response': 255,
  'cmi.interactions.n.correct_responses.n.pattern': 255,
} as const;

/** CMIDecimal elements with a range. */
export const RANGES_12 = {
  'cmi.core.score.raw': [0, 100],
  'cmi.core.score.min': [0, 100],
  'cmi.core.score.max': [0, 100],
  'cmi.student_data.mastery_score': [0, 100],
  'cmi.interactions.n.weighting': [-100, 100],
} as const;

/** The longest CMITimespan, in hundredths of a second (9999:59:59.99). */
const TIMESPAN_MAX_CS = (9999 * 3600 + 59 * 60 + 59) * 100 + 99;

/** true-false responses: 0, 1, t or f; only the first character counts. */
export const TRUE_FALSE_12 = { true: 't', false: 'f' } as const;

/** API error codes that mean the call itself is wrong, so retrying cannot help:
 *  invalid argument, no children, no count, not implemented, keyword, read-only,
 *  write-only, incorrect data type. 101 (general exception: Moodle's failed save) and 301
 *  (not initialised) may pass. */
export const DATA_MODEL_ERRORS_12 = ['201', '202', '203', '401', '402', '403', '404', '405'] as const;

// The tables the player reads stand one by one above, so that its bundle carries only those;
// whole here for the build, the Moodle profile and the preview inspector.
export const SCORM12 = {
  limits: LIMITS_12,
  formats: {
    /** "An alphanumeric group of characters with no white space or unprintable characters",
     *  at most 255 (RTE A.7), read as Moodle and scorm-again read it: printable ASCII. */
    CMIIdentifier: /^[\u0021-\u007E]{1,255}$/,
    /** HHHH:MM:SS.SS: 2 to 4 hour digits, at most 2 decimals on seconds. */
    CMITimespan: /^([0-9]{2,4}):([0-9]{2}):([0-9]{2})(\.[0-9]{1,2})?$/,
    /** A time of day, HH:MM:SS with optional hundredths, no date and no zone. */
    CMITime: /^([01][0-9]|2[0-3]):([0-5][0-9]):([0-5][0-9])(\.[0-9]{1,2})?$/,
    /** "A number that may have a decimal point", with an optional minus sign. */
    CMIDecimal: /^-?([0-9]+(\.[0-9]*)?|\.[0-9]+)$/,
    /** A choice or Likert CMIFeedback: single characters 0-9 or a-z (RTE 3.4.2.7.5). */
    'CMIFeedback choice': /^[0-9a-z]$/,
  },
  timespanMaxCs: TIMESPAN_MAX_CS,
  ranges: RANGES_12,
  vocabularies: {
    /** CMIStatus as the SCO may write it. The LMS may also answer "not attempted", which a
     *  SCO cannot write. */
    'cmi.core.lesson_status': ['passed', 'completed', 'failed', 'incomplete', 'browsed'],
    /** CMIExit; '' is a normal exit. 1.2 has no "normal". */
    'cmi.core.exit': ['time-out', 'suspend', 'logout', ''],
    /** CMIType: no long-fill-in and no "other" in 1.2. */
    'cmi.interactions.n.type': ['true-false', 'choice', 'fill-in', 'matching', 'performance', 'sequencing', 'likert', 'numeric'],
    /** CMIResult: "wrong" where 2004 says "incorrect"; may also be a CMIDecimal. */
    'cmi.interactions.n.result': ['correct', 'wrong', 'unanticipated', 'neutral'],
  },
  trueFalse: TRUE_FALSE_12,
  dataModelErrors: DATA_MODEL_ERRORS_12,
} as const;

export type Scorm12LessonStatus = (typeof SCORM12.vocabularies)['cmi.core.lesson_status'][number];

// --- Values in the spec's forms ----------------------------------------------------------

/**
 * Our ids as a 1.2 CMIIdentifier: the '.' separators (`test.a1.q_phone_01`) become '-'
 * (`test-a1-q_phone_01`). Course ids are `[a-z0-9_]`, so the mapping is one-to-one and the
 * structure stays readable in the LMS report. Only letters, digits, '-' and '_': the strictest
 * reading of "alphanumeric", which an older LMS may enforce.
 */
export function toIdentifier12(id: string): string {
  const s = id.replace(/\./g, '-').replace(/[^A-Za-z0-9_-]/g, '_').slice(0, LIMITS_12['cmi.interactions.n.id']);
  return s || 'x';
}

/**
 * A learner's free text as CMIFeedback: on one line, at most 255 UTF-16 code units.
 *
 * Deliberate truncation: 1.2 keeps 255 characters of a response, 2004 keeps 250 (fill-in) or
 * 4,000 (long-fill-in). A longer text is cut and ends in "…" so the report shows it was cut;
 * the full text (up to the item's maxLength, shown to the learner as a counter under the
 * field) stays in cmi.suspend_data, where the course itself reads it back.
 */
export function toFeedback(text: string, max: number = LIMITS_12['cmi.interactions.n.student_response']): string {
  const s = text.replace(/\s*[\r\n\u2028\u2029]+\s*/g, ' ').trim();
  if (s.length <= max) return s;
  let cut = max - 1;
  // Never leave half of a surrogate pair (an emoji, a rare kanji) at the end.
  if (/[\uD800-\uDBFF]/.test(s.charAt(cut - 1))) cut--;
  return s.slice(0, cut) + '…';
}

/**
 * CMITimespan for Moodle: `HH:MM:SS.SS`, hours padded to 2 digits (at most 4), always two
 * decimals. Always two, because Moodle adds session_time to total_time by reading the digits
 * after the point as hundredths: "01.5" would count as 1.05 seconds.
 */
export function cmiTimespan(ms: number): string {
  let cs = Math.min(TIMESPAN_MAX_CS, Math.max(0, Math.round(ms / 10)));
  const h = Math.floor(cs / 360000);
  cs -= h * 360000;
  const m = Math.floor(cs / 6000);
  cs -= m * 6000;
  const s = Math.floor(cs / 100);
  cs -= s * 100;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(h)}:${p(m)}:${p(s)}.${p(cs)}`;
}

/**
 * CMITime `HH:MM:SS` in the learner's local time. A 1.2 time has no date and no zone; the LMS
 * stores it beside the date of its own record, so the clock the learner saw is the one that
 * reads right in the report (the practice of 1.2 content generally).
 */
export function cmiTime(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** DONT_KNOW of course-data.ts; repeated so that the spec tables import nothing. */
const dontKnow = 'dk';

/** The characters a 1.2 choice or Likert response is made of (RTE 3.4.2.7.5). */
const characters = 'abcdefghijklmnopqrstuvwxyz0123456789';

/**
 * A survey item's answers as 1.2 wants them, "a single number or letter" each: answer id →
 * character, by the answer's position in the list the item offers (`InteractionRecord.options`).
 *
 * Likert: the points, lowest first, count from '1' ('1'…'9'), so the character is the point's
 * value in a report; "don't know" (`dk`) is '0', outside the scale. A scale of ten or more points
 * counts from '0' and goes on with letters, and "don't know" takes the character after its
 * last point. Choice: the options in order are 'a', 'b', 'c'…, then '0'…'9'.
 *
 * There are 36 characters: an answer beyond them gets none (the build refuses an item that
 * offers that many, so the player never meets one).
 */
export function surveyChars(kind: 'likert' | 'choice', options: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  if (kind === 'choice') {
    options.forEach((id, i) => {
      if (i < characters.length) out.set(id, characters[i]!);
    });
    return out;
  }
  const points = options.filter((id) => id !== dontKnow);
  const fromOne = points.length <= 9;
  points.forEach((id, i) => {
    const n = fromOne ? i + 1 : i;
    if (n < 36) out.set(id, n.toString(36));
  });
  if (options.includes(dontKnow)) {
    const n = fromOne ? 0 : points.length;
    if (n < 36) out.set(dontKnow, n.toString(36));
  }
  return out;
}

/**
 * A choice response, "one or more single characters separated by a comma" (0-9, a-z). Our
 * choice ids are `a`, `b`, `c`… and go as they are. A longer id (the sources allow any id) is
 * sent unchanged: scorm-again and Moodle store it, a strict 1.2 LMS would refuse it, so the
 * build warns about such ids (`scorm12Problems` in build/targets/scorm12).
 */
export function choiceChars(ids: readonly string[]): string {
  return ids.join(',');
}

/** A CMIDecimal within a range, with at most 2 decimals. */
export function toDecimal12(n: number, [lo, hi]: readonly [number, number]): string {
  return String(Math.round(Math.min(hi, Math.max(lo, n)) * 100) / 100);
}
