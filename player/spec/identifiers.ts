/**
 * The forms of the course's own identifiers, written once. The build checks the sources
 * against them (build/validate, the import, and the JSON Schemas: build/load/schema.ts puts
 * these patterns into build/schemas/defs.schema.json's definitions of the same names, since
 * JSON cannot import), and the player relies on them when it maps ids onto SCORM's types.
 */

/** One course id: lesson, slide, question, choice, survey item, theme, variant. */
const id = '[a-z](?:[a-z0-9_]*[a-z0-9])?';

/** Keyed by the definition names in build/schemas/defs.schema.json. */
export const identifiers = {
  /**
   * Ids end up in SCORM interaction ids and bookmarks (`test.a1.q_phone_01`), so they are
   * ASCII and end in a letter or digit as Moodle's CMIIdentifier wants; '.' is left out
   * because the player joins ids with it, and '-' because SCORM 1.2 ids use it in place of
   * '.'. At most 40 characters, so a joined id stays far under Moodle's short identifier.
   */
  id: { pattern: `^${id}$`, maxLength: 40 },
  /** A slide of a lesson, `lesson_id/slide_id`, as a variant names the slides it leaves out. */
  slideRef: { pattern: `^${id}/${id}$` },
  /** Keys of ui.yaml and of `organisation` (`{{org.<key>}}`): never sent to an LMS, but
   *  written in Handlebars placeholders, so a JavaScript-like name. */
  key: { pattern: '^[A-Za-z][A-Za-z0-9_]*$' },
  /** A BCP 47 language tag as the course uses them: `ja`, `en`, `pt-BR`, `zh-Hant`. */
  lang: { pattern: '^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})?$' },
} as const;

export type IdentifierName = keyof typeof identifiers;

export const idPattern = new RegExp(identifiers.id.pattern);
export const idMaxLength = identifiers.id.maxLength;
export const keyPattern = new RegExp(identifiers.key.pattern);

/** Whether a text is a valid course id. */
export function isCourseId(s: string): boolean {
  return s.length <= idMaxLength && idPattern.test(s);
}

/** The key pattern without its anchors, to embed in a larger pattern (`{{org.<key>}}`). */
export const keySource = identifiers.key.pattern.slice(1, -1);
