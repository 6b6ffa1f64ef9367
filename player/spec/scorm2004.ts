/**
 * SCORM 2004 4th Edition run-time data model (RTE book, section 4), as far as this course
 * writes it. Keys are the spec's own element names (indexes written `n`) and type names; a
 * string limit is the element's SPM, the smallest permitted maximum every LMS must store.
 *
 * The player writes to these limits at run time and the build checks against them; the Moodle
 * profile (moodle.ts) overlays these tables where Moodle is stricter.
 */
/** SPM of each string element, in characters. */
export const LIMITS_2004 = {
  'cmi.location': 1000,
  'cmi.suspend_data': 64000,
  /** long_identifier_type. */
  'cmi.interactions.n.id': 4000,
  'cmi.interactions.n.objectives.n.id': 4000,
  /** localized_string_type. */
  'cmi.interactions.n.description': 250,
  'cmi.objectives.n.id': 4000,
  'cmi.objectives.n.description': 250,
  'cmi.comments_from_learner.n.comment': 4000,
  'cmi.comments_from_learner.n.location': 250,
} as const;

/** The most characters a fill-in response holds (its localized_string_type parts together). */
export const FILL_IN_SPM = 250;
/** The most characters a long-fill-in response holds. */
export const LONG_FILL_IN_SPM = 4000;

/**
 * `learner_response` and `correct_responses.n.pattern` by `cmi.interactions.n.type`
 * (RTE 4.2.9): at most `values` parts joined by `delimiter`, each at most `spm` characters
 * where the part is a string. A choice lists each identifier once.
 */
export const RESPONSES_2004 = {
  'true-false': { values: 1, delimiter: '', part: 'true | false' },
  choice: { values: 36, delimiter: '[,]', part: 'short_identifier_type', unique: true },
  'fill-in': { values: 10, delimiter: '[,]', part: 'localized_string_type', spm: FILL_IN_SPM },
  'long-fill-in': { values: 1, delimiter: '', part: 'localized_string_type', spm: LONG_FILL_IN_SPM },
  likert: { values: 1, delimiter: '', part: 'short_identifier_type' },
  matching: { values: 36, delimiter: '[,]', part: 'short_identifier_type[.]short_identifier_type' },
  performance: { values: 250, delimiter: '[,]', part: 'step' },
  sequencing: { values: 36, delimiter: '[,]', part: 'short_identifier_type' },
  numeric: { values: 1, delimiter: '', part: 'real(10,7)' },
  other: { values: 1, delimiter: '', part: 'characterstring', spm: 4000 },
} as const;

/** Error codes (RTE 3.1.7) that mean the value itself is wrong, so retrying cannot help. */
export const DATA_MODEL_ERRORS_2004 = ['401', '402', '403', '404', '405', '406', '407', '408'] as const;

/** real(10,7): at most 7 digits after the point. */
const REAL_DECIMALS = 7;

// The tables one by one above, so that the player's bundle carries only those it reads; whole
// here for the build, the Moodle profile and the preview inspector.
export const SCORM2004 = {
  limits: LIMITS_2004,
  /** SPM of the identifier types responses are made of. */
  types: {
    short_identifier_type: 250,
    long_identifier_type: 4000,
  },
  responses: RESPONSES_2004,
  /** The state vocabularies. `cmi.interactions.n.result` may also be a real(10,7). */
  vocabularies: {
    'cmi.exit': ['time-out', 'suspend', 'logout', 'normal', ''],
    'cmi.completion_status': ['completed', 'incomplete', 'not attempted', 'unknown'],
    'cmi.success_status': ['passed', 'failed', 'unknown'],
    'cmi.interactions.n.type': ['true-false', 'choice', 'fill-in', 'long-fill-in', 'matching', 'performance', 'sequencing', 'likert', 'numeric', 'other'],
    'cmi.interactions.n.result': ['correct', 'incorrect', 'unanticipated', 'neutral'],
  },
  /** real(10,7) elements with a range. */
  ranges: {
    'cmi.progress_measure': [0, 1],
    'cmi.score.scaled': [-1, 1],
  },
  realDecimals: REAL_DECIMALS,
  dataModelErrors: DATA_MODEL_ERRORS_2004,
} as const;

export type Scorm2004InteractionType = (typeof SCORM2004.vocabularies)['cmi.interactions.n.type'][number];

// --- Values in the spec's forms ----------------------------------------------------------

/** A localized string as scorm-again and Moodle validate it: `.` matches no line break, and a
 *  leading `{` would be read as a `{lang=…}` delimiter. */
export function toLocalizedString(text: string, max: number): string {
  let s = text.replace(/\s*[\r\n\u2028\u2029]+\s*/g, ' ').trim();
  if (s.length > max) s = s.slice(0, max - 1) + '…';
  if (s.startsWith('{')) s = ' ' + s.slice(0, max - 1);
  return s;
}

/** Makes an id safe for Moodle (see moodle.ts, CMIShortIdentifier): ASCII identifier
 *  characters, ending in a letter or digit. */
export function toIdentifier(id: string): string {
  return id.replace(/[^A-Za-z0-9_.]/g, '_').replace(/[_.]+$/, '') || 'x';
}

/** A real(10,7) as text: at most 7 decimals, no exponent. */
export function toReal(n: number): string {
  const f = 10 ** REAL_DECIMALS;
  return String(Math.round(n * f) / f);
}
