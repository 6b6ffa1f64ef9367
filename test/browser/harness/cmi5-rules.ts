/**
 * Checks statements read back from the LRS against the xAPI schema (@learninglocker/xapi-validation)
 * and against the cmi5 profile's rules for an AU (spec Quartz §7.1, §9, §10), which that
 * validator knows nothing of. Each returns the problems found, as readable lines, so a failing
 * test says which statement broke which rule.
 */
import * as xapiValidation from '@learninglocker/xapi-validation';
import type { Statement } from '@xapi/xapi';
import { SESSION_ID } from './cmi5-lms.ts';

export const CMI5 = 'https://w3id.org/xapi/cmi5/context/categories/cmi5';
export const MOVE_ON = 'https://w3id.org/xapi/cmi5/context/categories/moveon';
export const MASTERY_SCORE = 'https://w3id.org/xapi/cmi5/context/extensions/masteryscore';
export const VERB = {
  launched: 'http://adlnet.gov/expapi/verbs/launched',
  initialized: 'http://adlnet.gov/expapi/verbs/initialized',
  completed: 'http://adlnet.gov/expapi/verbs/completed',
  passed: 'http://adlnet.gov/expapi/verbs/passed',
  failed: 'http://adlnet.gov/expapi/verbs/failed',
  terminated: 'http://adlnet.gov/expapi/verbs/terminated',
  answered: 'http://adlnet.gov/expapi/verbs/answered',
} as const;

const verbName = (s: Statement) => (Object.entries(VERB).find(([, id]) => id === s.verb.id)?.[0] ?? s.verb.id) as keyof typeof VERB | string;
const categories = (s: Statement) => (s.context?.contextActivities?.category ?? []).map((a) => a.id);
export const isDefined = (s: Statement) => categories(s).includes(CMI5);
export const sessionOf = (s: Statement) => s.context?.extensions?.[SESSION_ID] as string | undefined;
const label = (s: Statement, i: number) => `#${i} ${verbName(s)} ${s.id}`;

type Validate = (statement: unknown) => { path: (string | number)[]; typeName: string; data: unknown }[];
/** A CommonJS module with `exports.default`: Node's ESM loader wraps it once more than Vite's does. */
const validate: Validate = (() => {
  const d = (xapiValidation as unknown as { default: Validate | { default: Validate } }).default;
  return typeof d === 'function' ? d : d.default;
})();

/** xAPI 1.0.3 structure, one statement at a time; [] when all are valid. */
export function xapiWarnings(statements: Statement[]): string[] {
  return statements.flatMap((s, i) => validate(s).map((w) => `${label(s, i)}: ${w.path.join('.')} ${w.typeName} ${JSON.stringify(w.data).slice(0, 120)}`));
}

/** ISO 8601 duration (H/M/S only, as the player writes it) in seconds; NaN when not one. */
export function seconds(duration: string | undefined): number {
  const m = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?$/.exec(duration ?? '');
  return m && duration !== 'PT' ? Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0) : NaN;
}

export interface SessionExpectation {
  sessionId: string;
  registration: string;
  activityId: string;
  publisherId: string;
  launchMode: 'Normal' | 'Browse' | 'Review';
  masteryScore: number | undefined;
}

/**
 * The AU's statements of one session (the LMS's `launched` excluded), in the LRS's stored order.
 * Rules: §7.1.1/§7.1.2 initialized first and terminated last, allowed statements in between;
 * §9.3 no verb twice, at most one of passed/failed; §9.4 object = activityId; §9.5 score,
 * success, completion and duration per verb; §9.6 registration, session id, publisher grouping,
 * cmi5 category on defined statements only, moveOn category exactly where success/completion
 * is; masteryScore extension and consistency; §9.7 UTC timestamps, ordered; §10 launch modes.
 */
export function cmi5SessionProblems(statements: Statement[], x: SessionExpectation): string[] {
  const p: string[] = [];
  const add = (s: Statement, i: number, msg: string) => p.push(`${label(s, i)}: ${msg}`);
  if (statements.length === 0) return ['no statements in the session'];
  if (verbName(statements[0]!) !== 'initialized') p.push(`first statement is ${verbName(statements[0]!)}, not initialized`);
  if (verbName(statements.at(-1)!) !== 'terminated') p.push(`last statement is ${verbName(statements.at(-1)!)}, not terminated`);
  const seen = new Set<string>();
  let prev = '';
  statements.forEach((s, i) => {
    const v = verbName(s);
    if (s.context?.registration !== x.registration) add(s, i, `registration ${s.context?.registration}`);
    if (sessionOf(s) !== x.sessionId) add(s, i, `session id ${sessionOf(s)}`);
    if (!(s.context?.contextActivities?.grouping ?? []).some((a) => a.id === x.publisherId)) add(s, i, 'publisher id missing from grouping');
    if (!s.timestamp?.endsWith('Z')) add(s, i, `timestamp ${s.timestamp} not in UTC`);
    if (s.timestamp! <= prev) add(s, i, `timestamp ${s.timestamp} not after ${prev}`);
    prev = s.timestamp!;
    const r = s.result ?? {};
    const moveOn = categories(s).includes(MOVE_ON);
    if (!isDefined(s)) {
      if (moveOn) add(s, i, 'moveOn category on a cmi5 allowed statement');
      if (x.launchMode !== 'Normal') add(s, i, `allowed statement in ${x.launchMode} mode`);
      return;
    }
    if ((s.object as { id: string }).id !== x.activityId) add(s, i, `object ${(s.object as { id: string }).id} is not the AU`);
    if (seen.has(v)) add(s, i, 'verb used twice in the session');
    seen.add(v);
    const judged = r.success !== undefined || r.completion !== undefined;
    if (moveOn !== judged) add(s, i, `moveOn category ${moveOn ? 'without' : 'missing with'} success/completion`);
    if (!['initialized', 'completed', 'passed', 'failed', 'terminated'].includes(v)) add(s, i, 'not an AU verb');
    if (x.launchMode !== 'Normal' && v !== 'initialized' && v !== 'terminated') add(s, i, `${v} in ${x.launchMode} mode`);
    if (v === 'completed' || v === 'passed' || v === 'failed' || v === 'terminated') {
      if (!(seconds(r.duration) >= 0)) add(s, i, `duration ${r.duration}`);
    }
    if (r.score !== undefined && v !== 'passed' && v !== 'failed') add(s, i, 'score on a verb that must not carry one');
    if (v === 'passed' && r.success !== true) add(s, i, 'passed without success true');
    if (v === 'failed' && r.success !== false) add(s, i, 'failed without success false');
    if (v !== 'passed' && v !== 'failed' && r.success !== undefined) add(s, i, 'success on a verb that must not carry it');
    if ((v === 'completed') !== (r.completion === true) || (v !== 'completed' && r.completion !== undefined)) add(s, i, 'completion misplaced');
    if (v === 'passed' || v === 'failed') {
      const ext = s.context?.extensions?.[MASTERY_SCORE];
      if (ext !== x.masteryScore) add(s, i, `masteryScore extension ${ext}, expected ${x.masteryScore}`);
      const scaled = r.score?.scaled;
      if (x.masteryScore !== undefined && scaled !== undefined && (v === 'passed') !== scaled >= x.masteryScore) {
        add(s, i, `scaled score ${scaled} contradicts masteryScore ${x.masteryScore}`);
      }
      if (r.score?.raw !== undefined && !(Number.isInteger(r.score.raw) && r.score.min === 0 && r.score.max === 100)) add(s, i, `raw score ${JSON.stringify(r.score)}`);
    }
  });
  if (seen.has('passed') && seen.has('failed')) p.push('both passed and failed in one session');
  return p;
}

/** §9.3 per registration: one completed, one passed, no failed after passed. */
export function cmi5RegistrationProblems(statements: Statement[]): string[] {
  const defined = statements.filter(isDefined);
  const p: string[] = [];
  for (const v of ['completed', 'passed'] as const) {
    const n = defined.filter((s) => s.verb.id === VERB[v]).length;
    if (n > 1) p.push(`${n} ${v} statements in the registration`);
  }
  const passedAt = defined.find((s) => s.verb.id === VERB.passed)?.timestamp;
  if (passedAt && defined.some((s) => s.verb.id === VERB.failed && s.timestamp! > passedAt)) p.push('failed after passed');
  const ids = statements.map((s) => s.id);
  if (new Set(ids).size !== ids.length) p.push('duplicate statement ids');
  return p;
}
