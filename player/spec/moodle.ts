/**
 * The Moodle profile: SCORM 2004 and 1.2 as Moodle's runtimes accept them
 * (mod/scorm/datamodels/scorm_13.js and scorm_12.js), plus deliberate tightenings of our own
 * from PRODUCT.md, marked "profile". Moodle is the LMS the course must satisfy first, and it
 * is stricter than scorm-again, which the preview and the browser tests run against.
 *
 * Each table is an overlay of the standard's, changed only where Moodle or the profile
 * deviates, and it only ever tightens: where Moodle accepts more than the standard (1.2
 * CMITime hours up to 29, say) the standard's row stays. Data only: build/moodle-profile.ts
 * holds the checks, and the player, the build and the preview inspector read these rows.
 */
import { SCORM12 } from './scorm12.ts';
import { SCORM2004 } from './scorm2004.ts';

/** Moodle's CMILangString: an optional `{lang=…}` prefix, then text in which `.` matches no
 *  line break and a leading `{` is not allowed. */
const langString = (max: number) => new RegExp(`^(\\{lang=([a-zA-Z]{2,3}|i|x)(-[a-zA-Z0-9-]{2,8})?\\})?([^{].{0,${max}}$)?`);

const shortIdentifier = SCORM2004.types.short_identifier_type;

export const MOODLE = {
  scorm2004: {
    ...SCORM2004,
    limits: {
      ...SCORM2004.limits,
      // Profile: the standard allows any long_identifier_type (a URI up to 4,000). Moodle 4.x
      // only checks for no spaces, but older Moodle and its reports are stricter, and its
      // interactions report groups by these ids, so they are short ASCII identifiers.
      'cmi.interactions.n.id': shortIdentifier,
      'cmi.interactions.n.objectives.n.id': shortIdentifier,
      'cmi.objectives.n.id': shortIdentifier,
    },
    /** Moodle's data types, as scorm_13.js writes them (`.` there matches no line break). */
    formats: {
      /** ISO 8601 duration, H/M/S after T, seconds with at most 2 decimals. */
      CMITimespan: /^P(\d+Y)?(\d+M)?(\d+D)?(T(((\d+H)(\d+M)?(\d+(\.\d{1,2})?S)?)|((\d+M)(\d+(\.\d{1,2})?S)?)|((\d+(\.\d{1,2})?S))))?$/,
      /** Year 1970–2038, fractions of a second at most 2 digits, a zone only after a fraction. */
      CMITime:
        /^(19[7-9][0-9]|20[0-2][0-9]|203[0-8])((-(0[1-9]|1[0-2]))((-(0[1-9]|[1-2][0-9]|3[0-1]))(T([0-1][0-9]|2[0-3])((:[0-5][0-9])((:[0-5][0-9])((\.[0-9]{1,2})((Z|([+|-]([0-1][0-9]|2[0-3])))(:[0-5][0-9])?)?)?)?)?)?)?)?$/,
      /** At most 5 digits before the point, where real(10,7) allows 10 significant digits. */
      CMIDecimal: /^-?([0-9]{1,5})(\.[0-9]{1,18})?$/,
      /** Profile: ASCII only (`\w` without the u flag), because Japanese ids show up garbled in
       *  Moodle's interactions report; ids such as `test.a1.q_one` keep their dots. */
      CMIShortIdentifier: new RegExp(`^[\\w.]{1,${shortIdentifier}}$`),
      /** Moodle's CMIIdentifier (older Moodle, and its 1.x ids) wants a letter or digit last. */
      identifierEnd: /[a-zA-Z0-9]$/,
      CMILangString250: langString(SCORM2004.limits['cmi.interactions.n.description']),
      CMILangString4000: langString(SCORM2004.responses['long-fill-in'].spm),
      CMIResult: /^(correct|incorrect|unanticipated|neutral|-?[0-9]{1,4}(\.[0-9]{1,18})?)$/,
    },
    /** Profile (PRODUCT.md): elements the course must never set. Moodle 5.0 answers
     *  adl.nav.request with an HTML notice that makes its own Terminate throw. */
    forbidden: ['adl.nav.request'],
  },
  scorm12: {
    ...SCORM12,
    formats: {
      ...SCORM12.formats,
      /** Moodle reads at most 3 digits before the point (scores are 0..100). Moodle also takes
       *  "" and ".5"; the profile wants a digit first, as the player writes it. */
      CMIDecimal: /^-?[0-9]{1,3}(\.[0-9]*)?$/,
      /** The standard's vocabulary, or a CMIDecimal as Moodle reads one. */
      CMIResult: /^(correct|wrong|unanticipated|neutral|[0-9]{1,3}(\.[0-9]*)?|\.[0-9]+)$/,
    },
  },
} as const;

export type MoodleStandard = keyof typeof MOODLE;
