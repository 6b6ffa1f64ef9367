/**
 * The Moodle profile's checks: what Moodle's SCORM runtimes accept, where they are stricter than
 * the standards (and than scorm-again, which the preview and the browser tests run against).
 *
 * Every limit, vocabulary and format comes from the tables in player/spec/moodle.ts (an overlay
 * of the standard's tables, with the reason for each deviation); this module only turns them
 * into checks with readable reasons. Used in two places: the preview checks every value the
 * player sends, and the build checks everything it can know in advance (ids, choice values,
 * bookmarks, descriptions).
 *
 * This module runs in the browser too (the preview bundles it): no Node imports.
 */
import { DONT_KNOW, type PlayerCourse } from '../player/spec/course-data.ts';
import { MOODLE, type MoodleStandard } from '../player/spec/moodle.ts';
import type { Course, SourcePos } from './model.ts';

export type { MoodleStandard };

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

const m2004 = MOODLE.scorm2004;
const m12 = MOODLE.scorm12;
const f2004 = m2004.formats;
const f12 = m12.formats;
const descriptionMax = m2004.limits['cmi.interactions.n.description'];

/** Moodle measures strings in UTF-16 code units (`[\u0000-\uFFFF]{0,n}`), as JavaScript does. */
const maxChars = (n: number) => (v: string) => (v.length <= n ? null : `${v.length} characters; Moodle stores at most ${n}`);
const oneOf = (values: readonly string[]) => (v: string) => (values.includes(v) ? null : `"${v}" is not one of ${values.map((x) => `"${x}"`).join(', ')}`);
/** A string element of the profile with its limit, named as Moodle names the type. */
const string2004 = (element: keyof typeof m2004.limits) => ({ element, type: `CMIString${m2004.limits[element]}`, check: maxChars(m2004.limits[element]) });

/** The whole value must match (Moodle's optional trailing group would otherwise match nothing). */
function matches(re: RegExp, v: string): boolean {
  const m = re.exec(v);
  return m !== null && m[0].length === v.length;
}

function timespan(v: string): string | null {
  if (matches(f2004.CMITimespan, v)) return null;
  if (/\.\d{3,}S/.test(v)) return 'seconds carry more than 2 decimals; Moodle accepts at most 2 (e.g. PT1M5.25S)';
  return 'not an ISO 8601 duration Moodle accepts (PnYnMnDTnHnMnS, seconds with at most 2 decimals)';
}

function time(v: string): string | null {
  if (matches(f2004.CMITime, v)) return null;
  if (/:\d\d\.\d{3,}/.test(v)) return 'fractions of a second carry more than 2 digits; Moodle accepts at most 2';
  return 'not a timestamp Moodle accepts (YYYY-MM-DDThh:mm:ss.ssZ, year up to 2038, zone only after a fraction of a second)';
}

function decimal(v: string, range?: readonly [number, number]): string | null {
  if (!f2004.CMIDecimal.test(v)) return `"${v}" is not a decimal Moodle accepts (up to 5 digits before the point)`;
  if (range && (Number(v) < range[0] || Number(v) > range[1])) return `${v} is outside ${range[0]}..${range[1]}`;
  return null;
}

function description(v: string): string | null {
  if (/[\r\n\u2028\u2029]/.test(v)) return 'contains a line break; Moodle accepts a description on one line only';
  if (v.startsWith('{') && !/^\{lang=/.test(v)) return 'starts with "{", which Moodle reads as a {lang=…} delimiter';
  // Moodle's regex lets one more character through ([^{] then .{0,250}); the profile keeps the standard's limit.
  if (v.length > descriptionMax) return `${v.length} characters; Moodle accepts at most ${descriptionMax}`;
  return matches(f2004.CMILangString250, v) ? null : 'not a localized string Moodle accepts';
}

/**
 * Interaction ids (profile): the ASCII short identifier Moodle's reports group by, ending in a
 * letter or digit as Moodle's CMIIdentifier asks (see player/spec/moodle.ts for why).
 */
export function checkIdentifier(v: string): string | null {
  if (v === '') return 'empty; an id needs at least one character';
  if (!f2004.CMIShortIdentifier.test(v)) {
    const max = m2004.types.short_identifier_type;
    const bad = [...new Set([...v].filter((c) => !/[\w.]/.test(c)))].map((c) => `"${c}"`).join(' ');
    return v.length > max ? `${v.length} characters; at most ${max}` : `contains ${bad}; use only A-Z, a-z, 0-9, _ and .`;
  }
  if (!f2004.identifierEnd.test(v)) return 'ends in "_" or "."; Moodle wants an id to end in a letter or digit';
  return null;
}

type InteractionType = keyof typeof m2004.responses;

/** Each part of a response, by interaction type; how many parts and their delimiter come from
 *  the spec's `responses` table. */
const responsePart: Record<InteractionType, (v: string) => string | null> = {
  'true-false': (v) => (v === 'true' || v === 'false' ? null : `"${v}" is neither true nor false`),
  // Profile: choice and likert values are ids such as `a` or `s3`, never the visible text.
  choice: (v) => (v === '' ? 'empty choice' : shortId(v)),
  likert: shortId,
  'fill-in': (v) => (matches(f2004.CMILangString250, v) ? null : fillInReason(v, m2004.responses['fill-in'].spm)),
  'long-fill-in': (v) => (matches(f2004.CMILangString4000, v) ? null : fillInReason(v, m2004.responses['long-fill-in'].spm)),
  sequencing: shortId,
  matching: (v) => pair(v),
  numeric: (v) => (f2004.CMIDecimal.test(v) ? null : `"${v}" is not a decimal`),
  other: maxChars(m2004.responses.other.spm),
  performance: () => null,
};

function shortId(v: string): string | null {
  if (f2004.CMIShortIdentifier.test(v)) return null;
  return `"${v.length > 40 ? v.slice(0, 40) + '…' : v}" is not a short ASCII identifier (A-Z, a-z, 0-9, _ and .); send an id such as "s1" and put the text in the description`;
}

function pair(v: string): string | null {
  const parts = v.split('[.]');
  return parts.length === 2 && parts.every((p) => f2004.CMIShortIdentifier.test(p)) ? null : `"${v}" is not a pair of ids joined by [.]`;
}

function fillInReason(v: string, max: number): string {
  if (/[\r\n\u2028\u2029]/.test(v)) return 'contains a line break; Moodle accepts one line only';
  if (v.startsWith('{')) return 'starts with "{", which Moodle reads as a {lang=…} delimiter';
  return `${v.length} characters; Moodle accepts at most ${max}`;
}

function response(v: string, ctx: ValueContext, what: string): string | null {
  const type = ctx.interactionType;
  if (!type) return null; // Moodle refuses a response before the type (408): the standard check reports that.
  if (!Object.hasOwn(m2004.responses, type)) return `unknown interaction type "${type}"`;
  const f: { values: number; delimiter: string; unique?: boolean } = m2004.responses[type as InteractionType];
  const nodes = f.delimiter ? v.split(f.delimiter) : [v];
  if (nodes.length > f.values) return `${nodes.length} values; Moodle accepts at most ${f.values} in a ${type} ${what}`;
  for (const [i, n] of nodes.entries()) {
    const reason = responsePart[type as InteractionType](n);
    if (reason) return reason;
    if (f.unique && nodes.indexOf(n) !== i) return `"${n}" appears twice; Moodle wants each ${type} value once`;
  }
  return null;
}

/** SCORM 2004 as Moodle's scorm_13.js checks it. */
export const moodle2004: MoodleRule[] = [
  string2004('cmi.location'),
  string2004('cmi.suspend_data'),
  { element: 'cmi.session_time', type: 'CMITimespan', check: timespan },
  { element: 'cmi.exit', type: 'CMIExit', check: oneOf(m2004.vocabularies['cmi.exit']) },
  { element: 'cmi.completion_status', type: 'CMICStatus', check: oneOf(m2004.vocabularies['cmi.completion_status']) },
  { element: 'cmi.success_status', type: 'CMISStatus', check: oneOf(m2004.vocabularies['cmi.success_status']) },
  { element: 'cmi.progress_measure', type: 'CMIDecimal 0..1', check: (v) => decimal(v, m2004.ranges['cmi.progress_measure']) },
  { element: 'cmi.score.scaled', type: 'CMIDecimal -1..1', check: (v) => decimal(v, m2004.ranges['cmi.score.scaled']) },
  { element: 'cmi.score.raw', type: 'CMIDecimal', check: (v) => decimal(v) },
  { element: 'cmi.score.min', type: 'CMIDecimal', check: (v) => decimal(v) },
  { element: 'cmi.score.max', type: 'CMIDecimal', check: (v) => decimal(v) },
  { element: 'cmi.interactions.n.id', type: 'identifier (profile)', check: checkIdentifier },
  { element: 'cmi.interactions.n.type', type: 'CMIType', check: oneOf(m2004.vocabularies['cmi.interactions.n.type']) },
  { element: 'cmi.interactions.n.timestamp', type: 'CMITime', check: time },
  { element: 'cmi.interactions.n.weighting', type: 'CMIDecimal', check: (v) => decimal(v) },
  { element: 'cmi.interactions.n.learner_response', type: 'response by type', check: (v, ctx) => response(v, ctx, 'response') },
  { element: 'cmi.interactions.n.correct_responses.n.pattern', type: 'pattern by type', check: (v, ctx) => response(v, ctx, 'pattern') },
  { element: 'cmi.interactions.n.result', type: 'CMIResult', check: (v) => (f2004.CMIResult.test(v) ? null : `"${v}" is not correct, incorrect, unanticipated, neutral or a number`) },
  { element: 'cmi.interactions.n.latency', type: 'CMITimespan', check: timespan },
  { element: 'cmi.interactions.n.description', type: 'CMILangString250', check: description },
  { element: 'cmi.interactions.n.objectives.n.id', type: 'identifier (profile)', check: checkIdentifier },
  { element: 'cmi.objectives.n.id', type: 'identifier (profile)', check: checkIdentifier },
  { element: 'cmi.objectives.n.description', type: 'CMILangString250', check: description },
  {
    element: 'cmi.comments_from_learner.n.comment',
    type: 'CMILangString4000',
    check: (v) => (matches(f2004.CMILangString4000, v) ? null : fillInReason(v, m2004.limits['cmi.comments_from_learner.n.comment'])),
  },
  string2004('cmi.comments_from_learner.n.location'),
  { element: 'cmi.comments_from_learner.n.timestamp', type: 'CMITime', check: time },
  ...m2004.forbidden.map((element) => ({
    element,
    type: 'never (profile)',
    check: () => `the course must not send ${element}: Moodle 5.0 answers it with an HTML notice that breaks its Terminate`,
  })),
];

const decimal12In = (range: readonly [number, number]) => (v: string) =>
  !f12.CMIDecimal.test(v) ? `"${v}" is not a decimal Moodle accepts (up to 3 digits before the point)` : Number(v) < range[0] || Number(v) > range[1] ? `${v} is outside ${range[0]}..${range[1]}` : null;
/** CMIIdentifier (1.2): printable ASCII, no spaces (the player turns '.' into '-'). */
const identifier12 = (v: string) =>
  v === ''
    ? 'empty; an id needs at least one character'
    : f12.CMIIdentifier.test(v)
      ? null
      : `contains a space or non-ASCII character; Moodle's SCORM 1.2 CMIIdentifier is printable ASCII, at most ${m12.limits['cmi.interactions.n.id']}`;
const timespan12 = (v: string) => (f12.CMITimespan.test(v) ? null : 'not HHHH:MM:SS.SS (hours 2 to 4 digits, seconds with at most 2 decimals)');
const feedback12 = maxChars(m12.limits['cmi.interactions.n.student_response']);

/** SCORM 1.2 as Moodle's scorm_12.js checks it. */
export const moodle12: MoodleRule[] = [
  { element: 'cmi.core.lesson_location', type: 'CMIString256', check: maxChars(m12.limits['cmi.core.lesson_location']) },
  { element: 'cmi.core.lesson_status', type: 'CMIStatus', check: oneOf(m12.vocabularies['cmi.core.lesson_status']) },
  { element: 'cmi.core.exit', type: 'CMIExit', check: oneOf(m12.vocabularies['cmi.core.exit']) },
  { element: 'cmi.core.session_time', type: 'CMITimespan', check: timespan12 },
  { element: 'cmi.core.score.raw', type: 'CMIDecimal 0..100', check: decimal12In(m12.ranges['cmi.core.score.raw']) },
  { element: 'cmi.core.score.min', type: 'CMIDecimal 0..100', check: decimal12In(m12.ranges['cmi.core.score.min']) },
  { element: 'cmi.core.score.max', type: 'CMIDecimal 0..100', check: decimal12In(m12.ranges['cmi.core.score.max']) },
  { element: 'cmi.suspend_data', type: `CMIString${m12.limits['cmi.suspend_data']}`, check: maxChars(m12.limits['cmi.suspend_data']) },
  { element: 'cmi.interactions.n.id', type: 'CMIIdentifier', check: identifier12 },
  { element: 'cmi.interactions.n.objectives.n.id', type: 'CMIIdentifier', check: identifier12 },
  { element: 'cmi.interactions.n.time', type: 'CMITime', check: (v) => (f12.CMITime.test(v) ? null : 'not HH:MM:SS(.SS)') },
  { element: 'cmi.interactions.n.type', type: 'CMIType', check: oneOf(m12.vocabularies['cmi.interactions.n.type']) },
  { element: 'cmi.interactions.n.weighting', type: 'CMIDecimal -100..100', check: decimal12In(m12.ranges['cmi.interactions.n.weighting']) },
  {
    element: 'cmi.interactions.n.student_response',
    type: 'CMIFeedback',
    // Moodle 1.2 checks only the length; the profile still wants ids for choice and likert.
    check: (v, ctx) => feedback12(v) ?? (ctx.interactionType === 'choice' || ctx.interactionType === 'likert' ? v.split(',').map(shortId).find((r) => r) ?? null : null),
  },
  { element: 'cmi.interactions.n.correct_responses.n.pattern', type: 'CMIFeedback', check: maxChars(m12.limits['cmi.interactions.n.correct_responses.n.pattern']) },
  {
    element: 'cmi.interactions.n.result',
    type: 'CMIResult',
    check: (v) => (f12.CMIResult.test(v) ? null : `"${v}" is not correct, wrong, unanticipated, neutral or a number`),
  },
  { element: 'cmi.interactions.n.latency', type: 'CMITimespan', check: (v) => (f12.CMITimespan.test(v) ? null : 'not HHHH:MM:SS.SS') },
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

/**
 * A problem the build can see before any learner does: only what is particular to it. The
 * build reports it under its rule, whose severity and hint come from the catalog
 * (build/diagnostics.ts), so the two never drift apart.
 */
export interface MoodleProfileProblem {
  /** `MoodleProfileValue` (Moodle would refuse the value) or `MoodleProfileTextCut` (the player cuts it to fit). */
  rule: 'MoodleProfileValue' | 'MoodleProfileTextCut';
  pos: SourcePos;
  message: string;
}

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
        pos,
        message: `${what} "${v}" would be sent as ${element.replace(/\.0\./g, '.n.')}, and Moodle refuses it: ${verdict.reason}.`,
      });
    }
  };
  // The attempt number grows without bound when attempts are unlimited; 999 stands for "many".
  const lastAttempt = course.test.maxAttempts > 0 ? course.test.maxAttempts : 999;
  for (const item of course.survey.items) {
    value(item.pos, `The survey item id`, 'scorm2004', 'cmi.interactions.0.id', `survey.${item.id}`);
    value(item.pos, `The survey item id`, 'scorm12', 'cmi.interactions.0.id', `survey.${item.id}`);
  }
  for (const scale of course.survey.scales) {
    for (const point of scale.points) value(scale.pos, `The Likert scale point id`, 'scorm2004', 'cmi.interactions.0.learner_response', point.id, { interactionType: 'likert' });
  }
  if (course.survey.items.some((i) => i.type === 'likert' && i.dontKnow)) {
    value(course.survey.pos, `The "don't know" answer`, 'scorm2004', 'cmi.interactions.0.learner_response', DONT_KNOW, { interactionType: 'likert' });
  }
  for (const item of course.survey.items) {
    if (item.type !== 'choice') continue;
    for (const o of item.options) value(item.pos, `The option id`, 'scorm2004', 'cmi.interactions.0.learner_response', o.id, { interactionType: 'choice' });
    if (item.multiple) {
      const all = item.options.map((o) => o.id).join('[,]');
      value(item.pos, `The set of all options`, 'scorm2004', 'cmi.interactions.0.learner_response', all, { interactionType: 'choice' });
    }
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
 * one to fit (so Moodle accepts it), but the report then shows it cut.
 */
export function moodleProfileTextDiagnostics(course: Course, localized: PlayerCourse): MoodleProfileProblem[] {
  const out: MoodleProfileProblem[] = [];
  const check = (pos: SourcePos, what: string, text: string) => {
    const oneLine = text.replace(/\s*[\r\n\u2028\u2029]+\s*/g, ' ').trim();
    if (oneLine.length > descriptionMax) {
      out.push({
        rule: 'MoodleProfileTextCut',
        pos,
        message: `[${localized.lang}] ${what} has ${oneLine.length} characters; cmi.interactions.n.description holds ${descriptionMax} in Moodle, so the report shows it cut.`,
      });
    }
  };
  for (const item of localized.survey.items) {
    const src = course.survey.items.find((i) => i.id === item.id);
    check(src?.pos ?? course.survey.pos, `The survey item "${item.id}"`, item.text);
  }
  for (const q of localized.test.questions) {
    // The build already cut the question's plain text to fit, ending in "…".
    const src = course.questions.find((x) => x.id === q.id);
    if (q.description.length >= descriptionMax && q.description.endsWith('…')) {
      out.push({
        rule: 'MoodleProfileTextCut',
        pos: src?.pos ?? course.survey.pos,
        message: `[${localized.lang}] The text of question "${q.id}" is longer than the ${descriptionMax} characters cmi.interactions.n.description holds in Moodle, so the report shows it cut.`,
      });
    } else {
      check(src?.pos ?? course.survey.pos, `The description of question "${q.id}"`, q.description);
    }
  }
  return out;
}
