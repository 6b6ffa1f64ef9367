/**
 * Moodle's SCORM 2004 runtime checks (mod/scorm/datamodels/scorm_13.js), stricter than the
 * standard and than scorm-again in places; PRODUCT.md lists the ones that bite.
 */
export const MOODLE = {
  /** Interaction ids and choice/likert responses: plain ASCII identifiers (PRODUCT.md). */
  identifier: /^[A-Za-z0-9_.]+$/,
  /** Ids should also end in a letter or digit (content/README.md). */
  idEnd: /[A-Za-z0-9]$/,
  /** CMITime: fractions of a second at most 2 digits, year at most 2038. */
  time: /^(19[7-9][0-9]|20[0-2][0-9]|203[0-8])((-(0[1-9]|1[0-2]))((-(0[1-9]|[1-2][0-9]|3[0-1]))(T([0-1][0-9]|2[0-3])((:[0-5][0-9])((:[0-5][0-9])((\.[0-9]{1,2})((Z|([+|-]([0-1][0-9]|2[0-3])))(:[0-5][0-9])?)?)?)?)?)?)?)?$/,
  /** CMITimespan: seconds with at most 2 decimals. */
  timespan: /^P(\d+Y)?(\d+M)?(\d+D)?(T(((\d+H)(\d+M)?(\d+(\.\d{1,2})?S)?)|((\d+M)(\d+(\.\d{1,2})?S)?)|((\d+(\.\d{1,2})?S))))?$/,
  descriptionMax: 250,
  locationMax: 1000,
  /** SCORM 1.2's cmi.suspend_data limit, which the state must fit too. */
  suspendDataMax12: 4096,
} as const;
