/**
 * The cmi5 profile's identifiers (cmi5 spec, Quartz: §9.3 verbs, §9.6 context, §10 state), the
 * xAPI interaction vocabulary the player uses, and the limits this player keeps. The values are
 * the ones @xapi/cmi5 sends (its `Cmi5DefinedVerbs`, `Cmi5ContextActivity`, `Cmi5ContextExtension`);
 * the browser test compares the player's statements with that library's.
 */
import type { Activity, Verb } from '@xapi/xapi';

/** xAPI version the player speaks (header `X-Experience-API-Version`). */
export const XAPI_VERSION = '1.0.3';

const verb = (id: string, display: string): Verb => ({ id, display: { 'en-US': display } as Verb['display'] });

/** "cmi5 defined" verbs the AU sends (§9.3), and the verb of its "cmi5 allowed" answer statements. */
export const VERBS = {
  initialized: verb('http://adlnet.gov/expapi/verbs/initialized', 'initialized'),
  completed: verb('http://adlnet.gov/expapi/verbs/completed', 'completed'),
  passed: verb('http://adlnet.gov/expapi/verbs/passed', 'passed'),
  failed: verb('http://adlnet.gov/expapi/verbs/failed', 'failed'),
  terminated: verb('http://adlnet.gov/expapi/verbs/terminated', 'terminated'),
  answered: verb('http://adlnet.gov/expapi/verbs/answered', 'answered'),
} as const;

export type DefinedVerb = Exclude<keyof typeof VERBS, 'answered'>;

/** §9.6.2.1: marks a statement as "cmi5 defined". "cmi5 allowed" statements must not carry it. */
export const CATEGORY_CMI5: Activity = { id: 'https://w3id.org/xapi/cmi5/context/categories/cmi5' };
/** §9.6.2.2: on defined statements whose result has `success` or `completion`, and no others. */
export const CATEGORY_MOVE_ON: Activity = { id: 'https://w3id.org/xapi/cmi5/context/categories/moveon' };

export const EXTENSIONS = {
  /** §9.6.3.1: the LMS puts it in the context template; every statement carries it. */
  sessionId: 'https://w3id.org/xapi/cmi5/context/extensions/sessionid',
  /** §9.6.3.2: on passed/failed when the launch data has a masteryScore. */
  masteryScore: 'https://w3id.org/xapi/cmi5/context/extensions/masteryscore',
  /**
   * Our own, on `answered`: the answer's id in the learner's record (`test.a2.q_rules_02`). The
   * object is the same question in every test attempt, so that an LRS can report per question;
   * this says which attempt the answer belongs to, for the organisation report.
   */
  recordId: 'https://courses.example/xapi/extensions/record-id',
} as const;

export const INTERACTION_TYPE = 'http://adlnet.gov/expapi/activities/cmi.interaction';

/** The State API document (§10) the LMS writes before launching; the AU only reads it. */
export const LAUNCH_DATA_STATE_ID = 'LMS.LaunchData';

/**
 * The player's own State API document: bookmark, learner state and what this registration has
 * already reported. cmi5 has no suspend_data; an activity state document is the xAPI place for it.
 * Its id only has to be unique among this AU's documents (they are keyed by activity, agent and
 * registration already); an IRI keeps it from clashing with LMS documents such as LMS.LaunchData.
 * `courses.example` is the same placeholder publisher domain as the ids in cmi5.xml.
 */
export const LEARNER_STATE_ID = 'https://courses.example/xapi/state/learner-state';

/** Statements in one POST; a learner's whole session is far below it. */
export const MAX_BATCH = 50;

/**
 * Browsers cap the bodies of all `keepalive` requests in flight at 64 KiB; the final send while
 * the page closes stays under it and leaves anything larger in the local queue for the next launch.
 */
export const KEEPALIVE_BYTES = 60_000;
