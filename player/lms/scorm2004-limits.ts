/**
 * SCORM 2004 4th Edition data model limits the player relies on (RTE 4.2), tightened where
 * Moodle's runtime (mod/scorm/datamodels/scorm_13.js) is stricter than the standard.
 */
export const SCORM2004 = {
  /** cmi.location: characterstring SPM 1000. */
  locationMax: 1000,
  /** cmi.suspend_data: SPM 64000; the player keeps it under SCORM 1.2's 4096 anyway. */
  suspendDataMax: 64000,
  /** cmi.interactions.n.description: localized_string_type SPM 250. */
  descriptionMax: 250,
  /** fill-in learner_response: each localized string SPM 250. */
  fillInMax: 250,
  /** long-fill-in learner_response: SPM 4000. */
  longFillInMax: 4000,
  /** Moodle checks interaction ids and choice/likert responses more strictly than the
   *  standard's long_identifier_type: plain ASCII identifiers only. */
  identifier: /^[A-Za-z0-9_.]+$/,
  /** progress_measure and score.scaled: real(10,7). */
  decimals: 7,
  /** Interaction types, as named by the standard. */
  interactionTypes: ['true-false', 'choice', 'fill-in', 'long-fill-in', 'likert'] as const,
  /** Error codes (RTE 3.1.7) that mean the value itself is wrong, so retrying cannot help. */
  dataModelErrors: ['401', '402', '403', '404', '405', '406', '407', '408'],
} as const;

/** A localized string as scorm-again and Moodle validate it: `.` matches no line break, and a
 *  leading `{` would be read as a `{lang=…}` delimiter. */
export function toLocalizedString(text: string, max: number): string {
  let s = text.replace(/\s*[\r\n\u2028\u2029]+\s*/g, ' ').trim();
  if (s.length > max) s = s.slice(0, max - 1) + '…';
  if (s.startsWith('{')) s = ' ' + s.slice(0, max - 1);
  return s;
}

/** Makes an id safe for Moodle: ASCII identifier characters, ending in a letter or digit. */
export function toIdentifier(id: string): string {
  return id.replace(/[^A-Za-z0-9_.]/g, '_').replace(/[_.]+$/, '') || 'x';
}

/** A real(10,7) as text: at most 7 decimals, no exponent. */
export function toReal(n: number): string {
  return String(Math.round(n * 1e7) / 1e7);
}
