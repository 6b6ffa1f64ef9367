/**
 * The Moodle profile: what Moodle's SCORM runtimes accept, where they are stricter than the
 * standards (and than scorm-again, which the preview and the browser tests run against).
 *
 * The formats are Moodle's own, from mod/scorm/datamodels/scorm_13.js (SCORM 2004) and
 * scorm_12.js (SCORM 1.2); PRODUCT.md adds two deliberate tightenings, marked "profile"
 * below. Used in two places: the preview checks every value the player sends, and the build
 * checks everything it can know in advance (ids, choice values, bookmarks, descriptions).
 *
 * This module runs in the browser too (the preview bundles it): no Node imports.
 */
import type { PlayerCourse } from '../player/course-data.ts';
import type { Course, SourcePos } from './model.ts';

export type MoodleStandard = 'scorm2004' | 'scorm12';

/** What the check knows besides the value: the interaction's type, for responses. */
export interface ValueContext {
  interactionType?: string;
}

export type Verdict = { ok: true } | { ok: false; rule: string; reason: string };

/** One row of the table: an element (indexes written `n`), Moodle's data type, the check. */
export interface MoodleRule {
  element: string;
  type: string;
  /** Why the value is refused, or null when Moodle takes it. */
  check(value: string, ctx: ValueContext): string | null;
}

// --- Moodle's data types (regexes as in scorm_13.js; `.` there matches no line break) -------

/** Moodle measures strings in UTF-16 code units (`[\u0000-\uFFFF]{0,n}`), as JavaScript does. */
const maxChars = (n: number) => (v: string) => (v.length <= n ? null : `${v.length} characters; Moodle stores at most ${n}`);
const oneOf = (values: readonly string[]) => (v: string) => (values.includes(v) ? null : `"${v}" is not one of ${values.map((x) => `"${x}"`).join(', ')}`);

/** CMITimespan (2004): ISO 8601 duration, H/M/S after T, seconds with at most 2 decimals. */
export const timespan2004 = /^P(\d+Y)?(\d+M)?(\d+D)?(T(((\d+H)(\d+M)?(\d+(\.\d{1,2})?S)?)|((\d+M)(\d+(\.\d{1,2})?S)?)|((\d+(\.\d{1,2})?S))))?$/;
/** CMITime (2004): year 1970–2038, fractions of a second at most 2 digits, zone only after a fraction. */
export const time2004 =
  /^(19[7-9][0-9]|20[0-2][0-9]|203[0-8])((-(0[1-9]|1[0-2]))((-(0[1-9]|[1-2][0-9]|3[0-1]))(T([0-1][0-9]|2[0-3])((:[0-5][0-9])((:[0-5][0-9])((\.[0-9]{1,2})((Z|([+|-]([0-1][0-9]|2[0-3])))(:[0-5][0-9])?)?)?)?)?)?)?)?$/;
const decimal2004 = /^-?([0-9]{1,5})(\.[0-9]{1,18})?$/;
/** CMIShortIdentifier: `\w` without the u flag is ASCII only. */
const shortIdentifier = /^[\w.]{1,250}$/;
/** CMIIdentifier (older Moodle, and Moodle's 1.x ids): no spaces, ending in a letter or digit. */
const identifierEnd = /[a-zA-Z0-9]$/;
const langString = (max: number) => new RegExp(`^(\\{lang=([a-zA-Z]{2,3}|i|x)(-[a-zA-Z0-9-]{2,8})?\\})?([^{].{0,${max}}$)?`);
const langString250 = langString(250);
const langString4000 = langString(4000);

/** The whole value must match (Moodle's optional trailing group would otherwise match nothing). */
function matches(re: RegExp, v: string): boolean {
  const m = re.exec(v);
  return m !== null && m[0].length === v.length;
}

function timespan(v: string): string | null {
  if (matches(timespan2004, v)) return null;
  if (/\.\d{3,}S/.test(v)) return 'seconds carry more than 2 decimals; Moodle accepts at most 2 (e.g. PT1M5.25S)';
  return 'not an ISO 8601 duration Moodle accepts (PnYnMnDTnHnMnS, seconds with at most 2 decimals)';
}

function time(v: string): string | null {
  if (matches(time2004, v)) return null;
  if (/:\d\d\.\d{3,}/.test(v)) return 'fractions of a second carry more than 2 digits; Moodle accepts at most 2';
  return 'not a timestamp Moodle accepts (YYYY-MM-DDThh:mm:ss.ssZ, year up to 2038, zone only after a fraction of a second)';
}

function decimal(v: string, range?: [number, number]): string | null {
  if (!decimal2004.test(v)) return `"${v}" is not a decimal Moodle accepts (up to 5 digits before the point)`;
  if (range && (Number(v) < range[0] || Number(v) > range[1])) return `${v} is outside ${range[0]}..${range[1]}`;
  return null;
}

function description(v: string): string | null {
  if (/[\r\n\u2028\u2029]/.test(v)) return 'contains a line break; Moodle accepts a description on one line only';
  if (v.startsWith('{') && !/^\{lang=/.test(v)) return 'starts with "{", which Moodle reads as a {lang=…} delimiter';
  // Moodle's regex lets one more character through ([^{] then .{0,250}); the profile keeps the standard's 250.
  if (v.length > 250) return `${v.length} characters; Moodle accepts at most 250`;
  return matches(langString250, v) ? null : 'not a localized string Moodle accepts';
}

/**
 * Interaction ids (profile): the ASCII short identifier Moodle's reports group by, ending in a
 * letter or digit as Moodle's CMIIdentifier asks. The standard allows any URI; Moodle 4.x only
 * checks for no spaces, but older Moodle and its reports are stricter, and Japanese text there
 * shows up garbled in the interactions report.
 */
export function checkIdentifier(v: string): string | null {
  if (v === '') return 'empty; an id needs at least one character';
  if (!shortIdentifier.test(v)) {
    const bad = [...new Set([...v].filter((c) => !/[\w.]/.test(c)))].map((c) => `"${c}"`).join(' ');
    return v.length > 250 ? `${v.length} characters; at most 250` : `contains ${bad}; use only A-Z, a-z, 0-9, _ and .`;
  }
  if (!identifierEnd.test(v)) return 'ends in "_" or "."; Moodle wants an id to end in a letter or digit';
  return null;
}

/** Responses by interaction type: Moodle's `learner_response` table (scorm_13.js). */
const responseFormats: Record<string, { item: (v: string) => string | null; max: number; delimiter: string; unique: boolean }> = {
  'true-false': { item: (v) => (v === 'true' || v === 'false' ? null : `"${v}" is neither true nor false`), max: 1, delimiter: '', unique: false },
  // Profile: choice and likert values are ids such as `a` or `s3`, never the visible text.
  choice: { item: (v) => (v === '' ? 'empty choice' : shortId(v)), max: 36, delimiter: '[,]', unique: true },
  likert: { item: shortId, max: 1, delimiter: '', unique: false },
  'fill-in': { item: (v) => (matches(langString250, v) ? null : fillInReason(v, 250)), max: 10, delimiter: '[,]', unique: false },
  'long-fill-in': { item: (v) => (matches(langString4000, v) ? null : fillInReason(v, 4000)), max: 1, delimiter: '', unique: false },
  sequencing: { item: shortId, max: 36, delimiter: '[,]', unique: false },
  matching: { item: (v) => pair(v), max: 36, delimiter: '[,]', unique: false },
  numeric: { item: (v) => (decimal2004.test(v) ? null : `"${v}" is not a decimal`), max: 1, delimiter: '', unique: false },
  other: { item: maxChars(4000), max: 1, delimiter: '', unique: false },
  performance: { item: () => null, max: 250, delimiter: '[,]', unique: false },
};

function shortId(v: string): string | null {
  if (shortIdentifier.test(v)) return null;
  return `"${v.length > 40 ? v.slice(0, 40) + '…' : v}" is not a short ASCII identifier (A-Z, a-z, 0-9, _ and .); send an id such as "s1" and put the text in the description`;
}

function pair(v: string): string | null {
  const parts = v.split('[.]');
  return parts.length === 2 && parts.every((p) => shortIdentifier.test(p)) ? null : `"${v}" is not a pair of ids joined by [.]`;
}

function fillInReason(v: string, max: number): string {
  if (/[\r\n\u2028\u2029]/.test(v)) return 'contains a line break; Moodle accepts one line only';
  if (v.startsWith('{')) return 'starts with "{", which Moodle reads as a {lang=…} delimiter';
  return `${v.length} characters; Moodle accepts at most ${max}`;
}

function response(v: string, ctx: ValueContext, what: string): string | null {
  const type = ctx.interactionType;
  if (!type) return null; // Moodle refuses a response before the type (408): the standard check reports that.
  const f = responseFormats[type];
  if (!f) return `unknown interaction type "${type}"`;
  const nodes = f.delimiter ? v.split(f.delimiter) : [v];
  if (nodes.length > f.max) return `${nodes.length} values; Moodle accepts at most ${f.max} in a ${type} ${what}`;
  for (const [i, n] of nodes.entries()) {
    const reason = f.item(n);
    if (reason) return reason;
    if (f.unique && nodes.indexOf(n) !== i) return `"${n}" appears twice; Moodle wants each ${type} value once`;
  }
  return null;
}

const interactionTypes2004 = ['true-false', 'choice', 'fill-in', 'long-fill-in', 'matching', 'performance', 'sequencing', 'likert', 'numeric', 'other'];
const result2004 = /^(correct|incorrect|unanticipated|neutral|-?[0-9]{1,4}(\.[0-9]{1,18})?)$/;

/** SCORM 2004 as Moodle's scorm_13.js checks it. */
export const moodle2004: MoodleRule[] = [
  { element: 'cmi.location', type: 'CMIString1000', check: maxChars(1000) },
  { element: 'cmi.suspend_data', type: 'CMIString64000', check: maxChars(64000) },
  { element: 'cmi.session_time', type: 'CMITimespan', check: timespan },
  { element: 'cmi.exit', type: 'CMIExit', check: oneOf(['time-out', 'suspend', 'logout', 'normal', '']) },
  { element: 'cmi.completion_status', type: 'CMICStatus', check: oneOf(['completed', 'incomplete', 'not attempted', 'unknown']) },
  { element: 'cmi.success_status', type: 'CMISStatus', check: oneOf(['passed', 'failed', 'unknown']) },
  { element: 'cmi.progress_measure', type: 'CMIDecimal 0..1', check: (v) => decimal(v, [0, 1]) },
  { element: 'cmi.score.scaled', type: 'CMIDecimal -1..1', check: (v) => decimal(v, [-1, 1]) },
  { element: 'cmi.score.raw', type: 'CMIDecimal', check: (v) => decimal(v) },
  { element: 'cmi.score.min', type: 'CMIDecimal', check: (v) => decimal(v) },
  { element: 'cmi.score.max', type: 'CMIDecimal', check: (v) => decimal(v) },
  { element: 'cmi.interactions.n.id', type: 'identifier (profile)', check: checkIdentifier },
  { element: 'cmi.interactions.n.type', type: 'CMIType', check: oneOf(interactionTypes2004) },
  { element: 'cmi.interactions.n.timestamp', type: 'CMITime', check: time },
  { element: 'cmi.interactions.n.weighting', type: 'CMIDecimal', check: (v) => decimal(v) },
  { element: 'cmi.interactions.n.learner_response', type: 'response by type', check: (v, ctx) => response(v, ctx, 'response') },
  { element: 'cmi.interactions.n.correct_responses.n.pattern', type: 'pattern by type', check: (v, ctx) => response(v, ctx, 'pattern') },
  { element: 'cmi.interactions.n.result', type: 'CMIResult', check: (v) => (result2004.test(v) ? null : `"${v}" is not correct, incorrect, unanticipated, neutral or a number`) },
  { element: 'cmi.interactions.n.latency', type: 'CMITimespan', check: timespan },
  { element: 'cmi.interactions.n.description', type: 'CMILangString250', check: description },
  { element: 'cmi.interactions.n.objectives.n.id', type: 'identifier (profile)', check: checkIdentifier },
  { element: 'cmi.objectives.n.id', type: 'identifier (profile)', check: checkIdentifier },
  { element: 'cmi.objectives.n.description', type: 'CMILangString250', check: description },
  { element: 'cmi.comments_from_learner.n.comment', type: 'CMILangString4000', check: (v) => (matches(langString4000, v) ? null : fillInReason(v, 4000)) },
  { element: 'cmi.comments_from_learner.n.location', type: 'CMIString250', check: maxChars(250) },
  { element: 'cmi.comments_from_learner.n.timestamp', type: 'CMITime', check: time },
  {
    element: 'adl.nav.request',
    type: 'never (profile)',
    // PRODUCT.md: Moodle 5.0 answers it with an HTML notice that makes its own Terminate throw.
    check: () => 'the course must not send adl.nav.request: Moodle 5.0 answers it with an HTML notice that breaks its Terminate',
  },
];

const timespan12 = /^([0-9]{2,4}):([0-9]{2}):([0-9]{2})(\.[0-9]{1,2})?$/;
const time12 = /^([0-2][0-9]):([0-5][0-9]):([0-5][0-9])(\.[0-9]{1,2})?$/;
const decimal12 = /^-?([0-9]{0,3})(\.[0-9]*)?$/;
const decimal12In = (lo: number, hi: number) => (v: string) =>
  !decimal12.test(v) || v === '' ? `"${v}" is not a decimal Moodle accepts (up to 3 digits before the point)` : Number(v) < lo || Number(v) > hi ? `${v} is outside ${lo}..${hi}` : null;
/** CMIIdentifier (1.2): printable ASCII, no spaces, at most 255 (the player turns '.' into '-'). */
const identifier12 = (v: string) =>
  v === '' ? 'empty; an id needs at least one character' : /^[\u0021-\u007E]{1,255}$/.test(v) ? null : `contains a space or non-ASCII character; Moodle's SCORM 1.2 CMIIdentifier is printable ASCII, at most 255`;

/** SCORM 1.2 as Moodle's scorm_12.js checks it. */
export const moodle12: MoodleRule[] = [
  { element: 'cmi.core.lesson_location', type: 'CMIString256', check: maxChars(255) },
  { element: 'cmi.core.lesson_status', type: 'CMIStatus', check: oneOf(['passed', 'completed', 'failed', 'incomplete', 'browsed']) },
  { element: 'cmi.core.exit', type: 'CMIExit', check: oneOf(['time-out', 'suspend', 'logout', '']) },
  {
    element: 'cmi.core.session_time',
    type: 'CMITimespan',
    check: (v) => (timespan12.test(v) ? null : 'not HHHH:MM:SS.SS (hours 2 to 4 digits, seconds with at most 2 decimals)'),
  },
  { element: 'cmi.core.score.raw', type: 'CMIDecimal 0..100', check: decimal12In(0, 100) },
  { element: 'cmi.core.score.min', type: 'CMIDecimal 0..100', check: decimal12In(0, 100) },
  { element: 'cmi.core.score.max', type: 'CMIDecimal 0..100', check: decimal12In(0, 100) },
  { element: 'cmi.suspend_data', type: 'CMIString4096', check: maxChars(4096) },
  { element: 'cmi.interactions.n.id', type: 'CMIIdentifier', check: identifier12 },
  { element: 'cmi.interactions.n.objectives.n.id', type: 'CMIIdentifier', check: identifier12 },
  { element: 'cmi.interactions.n.time', type: 'CMITime', check: (v) => (time12.test(v) ? null : 'not HH:MM:SS(.SS)') },
  { element: 'cmi.interactions.n.type', type: 'CMIType', check: oneOf(['true-false', 'choice', 'fill-in', 'matching', 'performance', 'sequencing', 'likert', 'numeric']) },
  { element: 'cmi.interactions.n.weighting', type: 'CMIDecimal -100..100', check: decimal12In(-100, 100) },
  {
    element: 'cmi.interactions.n.student_response',
    type: 'CMIFeedback',
    // Moodle 1.2 checks only the length; the profile still wants ids for choice and likert.
    check: (v, ctx) => maxChars(255)(v) ?? (ctx.interactionType === 'choice' || ctx.interactionType === 'likert' ? v.split(',').map(shortId).find((r) => r) ?? null : null),
  },
  { element: 'cmi.interactions.n.correct_responses.n.pattern', type: 'CMIFeedback', check: maxChars(255) },
  {
    element: 'cmi.interactions.n.result',
    type: 'CMIResult',
    check: (v) => (/^(correct|wrong|unanticipated|neutral|([0-9]{0,3})?(\.[0-9]*)?)$/.test(v) && v !== '' ? null : `"${v}" is not correct, wrong, unanticipated, neutral or a number`),
  },
  { element: 'cmi.interactions.n.latency', type: 'CMITimespan', check: (v) => (timespan12.test(v) ? null : 'not HHHH:MM:SS.SS') },
];

export const moodleRules: Record<MoodleStandard, MoodleRule[]> = { scorm2004: moodle2004, scorm12: moodle12 };

/** `cmi.interactions.3.learner_response` → `cmi.interactions.n.learner_response`. */
export function elementPattern(element: string): string {
  return element.replace(/\.\d+(?=\.|$)/g, '.n');
}

/**
 * Would Moodle accept this value for this element? Elements the table does not name are
 * accepted here: the standard's own checks (scorm-again) cover them.
 */
export function checkMoodleValue(standard: MoodleStandard, element: string, value: string, ctx: ValueContext = {}): Verdict {
  const pattern = elementPattern(element);
  const rule = moodleRules[standard].find((r) => r.element === pattern);
  if (!rule) return { ok: true };
  const reason = rule.check(value, ctx);
  return reason === null ? { ok: true } : { ok: false, rule: `${rule.element} (${rule.type})`, reason };
}

// --- Build time --------------------------------------------------------------------------

/** A problem the build can see before any learner does; the lead maps it onto a catalog rule. */
export interface MoodleProfileProblem {
  /** `MoodleProfileValue` (Moodle would refuse the value) or `MoodleProfileTextCut` (the player cuts it to fit). */
  rule: 'MoodleProfileValue' | 'MoodleProfileTextCut';
  severity: 'error' | 'warning';
  pos: SourcePos;
  message: string;
  hint: string;
}

const valueHint = 'Ids are sent to Moodle: use A-Z, a-z, 0-9, _ or ., ending in a letter or digit, and keep them short.';
const cutHint = 'Shorten the text to 250 characters or fewer; Moodle\'s interactions report shows at most 250 (the full text stays in the course).';

/**
 * Everything the build knows that the player will send, checked against the Moodle profile
 * (SCORM 2004, and SCORM 1.2 where its limits are tighter): interaction ids, the choice and
 * scale ids sent as responses, and the bookmarks. Language-independent; see
 * `moodleProfileTextDiagnostics` for the texts.
 */
export function moodleProfileDiagnostics(course: Course): MoodleProfileProblem[] {
  const out: MoodleProfileProblem[] = [];
  const value = (pos: SourcePos, what: string, standard: MoodleStandard, element: string, v: string, ctx: ValueContext = {}) => {
    const verdict = checkMoodleValue(standard, element, v, ctx);
    if (!verdict.ok) {
      out.push({
        rule: 'MoodleProfileValue',
        severity: 'error',
        pos,
        message: `${what} "${v}" would be sent as ${element.replace(/\.0\./g, '.n.')}, and Moodle refuses it: ${verdict.reason}.`,
        hint: valueHint,
      });
    }
  };
  // The attempt number grows without bound when attempts are unlimited; 999 stands for "many".
  const lastAttempt = course.test.maxAttempts > 0 ? course.test.maxAttempts : 999;
  for (const item of course.survey.items) {
    value(item.pos, `The survey item id`, 'scorm2004', 'cmi.interactions.0.id', `survey.${item.id}`);
    value(item.pos, `The survey item id`, 'scorm12', 'cmi.interactions.0.id', `survey.${item.id}`);
  }
  for (const point of course.survey.scale) {
    value(course.survey.pos, `The Likert scale id`, 'scorm2004', 'cmi.interactions.0.learner_response', point.id, { interactionType: 'likert' });
  }
  for (const q of course.questions) {
    const id = `test.a${lastAttempt}.${q.id}`;
    value(q.pos, `The question id`, 'scorm2004', 'cmi.interactions.0.id', id);
    value(q.pos, `The question id`, 'scorm12', 'cmi.interactions.0.id', id);
    const type = q.type === 'true-false' ? 'true-false' : 'choice';
    for (const c of q.choices) value(q.pos, `The choice id`, 'scorm2004', 'cmi.interactions.0.learner_response', c.id, { interactionType: type });
    if (q.type === 'multiple-choice') {
      const all = q.choices.map((c) => c.id).join('[,]');
      value(q.pos, `The set of all choices`, 'scorm2004', 'cmi.interactions.0.learner_response', all, { interactionType: 'choice' });
    }
  }
  for (const lesson of course.lessons) {
    for (const slide of lesson.slides) {
      const bookmark = `lesson.${lesson.id}.${slide.id}`;
      const pos = Object.values(slide.pos)[0] ?? lesson.pos;
      value(pos, `The bookmark`, 'scorm2004', 'cmi.location', bookmark);
      value(pos, `The bookmark`, 'scorm12', 'cmi.core.lesson_location', bookmark);
    }
  }
  return out;
}

/**
 * The texts one language sends as `cmi.interactions.n.description`: the player cuts a longer
 * one to 250 characters (so Moodle accepts it), but the report then shows it cut.
 */
export function moodleProfileTextDiagnostics(course: Course, localized: PlayerCourse): MoodleProfileProblem[] {
  const out: MoodleProfileProblem[] = [];
  const check = (pos: SourcePos, what: string, text: string) => {
    const oneLine = text.replace(/\s*[\r\n\u2028\u2029]+\s*/g, ' ').trim();
    if (oneLine.length > 250) {
      out.push({
        rule: 'MoodleProfileTextCut',
        severity: 'warning',
        pos,
        message: `[${localized.lang}] ${what} has ${oneLine.length} characters; cmi.interactions.n.description holds 250 in Moodle, so the report shows it cut.`,
        hint: cutHint,
      });
    }
  };
  for (const item of localized.survey.items) {
    const src = course.survey.items.find((i) => i.id === item.id);
    check(src?.pos ?? course.survey.pos, `The survey item "${item.id}"`, item.text);
  }
  for (const q of localized.test.questions) {
    // The build already cut the question's plain text to 250 characters, ending in "…".
    const src = course.questions.find((x) => x.id === q.id);
    if (q.description.length >= 250 && q.description.endsWith('…')) {
      out.push({
        rule: 'MoodleProfileTextCut',
        severity: 'warning',
        pos: src?.pos ?? course.survey.pos,
        message: `[${localized.lang}] The text of question "${q.id}" is longer than the 250 characters cmi.interactions.n.description holds in Moodle, so the report shows it cut.`,
        hint: cutHint,
      });
    } else {
      check(src?.pos ?? course.survey.pos, `The description of question "${q.id}"`, q.description);
    }
  }
  return out;
}
