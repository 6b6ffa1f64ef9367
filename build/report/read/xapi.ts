/**
 * xAPI statements exported from an LRS, as our cmi5 package sends them
 * (player/lms/cmi5-statements.ts): one `answered` statement per survey item and test question,
 * `passed`/`failed` with the score. Each actor's registration becomes one Submission.
 *
 * Inputs: a JSON array of statements, one LRS page `{ "statements": [...], "more": "..." }`, or
 * several pages in an array.
 */
import { ReportInputError, type RecordedAnswer, type Submission } from '../model.ts';
import { EXTENSIONS } from '../../../player/spec/cmi5.ts';
import { interactionOf } from '../../../player/lms/cmi5-statements.ts';

const VERB = {
  answered: 'http://adlnet.gov/expapi/verbs/answered',
  passed: 'http://adlnet.gov/expapi/verbs/passed',
  failed: 'http://adlnet.gov/expapi/verbs/failed',
  voided: 'http://adlnet.gov/expapi/verbs/voided',
};

/** The parts of a statement this reader uses; everything else in it is ignored. */
interface Statement {
  id?: string;
  actor?: { name?: string; mbox?: string; mbox_sha1sum?: string; openid?: string; account?: { homePage?: string; name?: string } };
  verb?: { id?: string };
  object?: { id?: string; objectType?: string };
  result?: { response?: string; success?: boolean; score?: { scaled?: number } };
  context?: { registration?: string; extensions?: Record<string, unknown> };
  timestamp?: string;
  stored?: string;
}

/** The statements in the JSON, in the shapes an LRS exports; null when it holds none of them. */
function statementsIn(json: unknown): unknown[] | null {
  const page = (x: unknown): unknown[] | null =>
    x !== null && typeof x === 'object' && !Array.isArray(x) && Array.isArray((x as { statements?: unknown }).statements) ? (x as { statements: unknown[] }).statements : null;
  if (page(json)) return page(json);
  if (!Array.isArray(json)) return null;
  if (json.length > 0 && json.every((x) => page(x) !== null)) return json.flatMap((x) => page(x)!);
  return json;
}

const isStatement = (s: unknown): s is Statement =>
  s !== null && typeof s === 'object' && ['actor', 'verb', 'object'].every((k) => typeof (s as Record<string, unknown>)[k] === 'object' && (s as Record<string, unknown>)[k] !== null);

/**
 * Where the JSON array or object the bytes start with begins (after a BOM and JSON's white
 * space), or -1: a look at the first bytes, not a decoding of the whole file (a Moodle text
 * report runs to megabytes, and every text input is asked this).
 */
function jsonStart(bytes: Uint8Array): number {
  let at = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (bytes[at] === 0x20 || bytes[at] === 0x09 || bytes[at] === 0x0a || bytes[at] === 0x0d) at++;
  return bytes[at] === 0x5b || bytes[at] === 0x7b ? at : -1;
}

/** Whether the bytes start like JSON (an array or an object): such a file is xAPI or nothing the report reads. */
export const startsLikeJson = (bytes: Uint8Array): boolean => jsonStart(bytes) >= 0;

/**
 * Whether the bytes are JSON holding xAPI statements (actor, verb and object), whatever the file
 * is named. The reader list does not ask this: it gives any JSON to `readXapi`, which says what
 * is wrong with JSON that holds no statements, and parses the file once.
 */
export function recognise(bytes: Uint8Array): boolean {
  const statements = statementsIn(parse(bytes));
  return !!statements && statements.length > 0 && statements.every(isStatement);
}

function parse(bytes: Uint8Array): unknown {
  const at = jsonStart(bytes);
  if (at < 0) return undefined;
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(at))) as unknown;
  } catch {
    return undefined;
  }
}

/** The actor as a learner key: the account (home page and name), else the mailbox or its hash, else the OpenID. */
function actorKey(actor: NonNullable<Statement['actor']>): string | null {
  if (actor.account?.name) return `actor:${(actor.account.homePage ?? '').replace(/\/+$/, '')}/${actor.account.name}`.toLowerCase();
  const id = actor.mbox ?? actor.mbox_sha1sum ?? actor.openid;
  return id ? `actor:${id}`.toLowerCase() : null;
}

const time = (s: Statement) => Date.parse(s.timestamp ?? s.stored ?? '') || 0;

/**
 * Reads an LRS export into one Submission per actor and registration: the answers as the SCORM
 * 2004 record holds them (`survey.<item>`, `test.a<N>.<question>`), the score of the last
 * `passed`/`failed`. Voided statements are left out.
 */
export async function readXapi(file: string, bytes: Uint8Array): Promise<Submission[]> {
  const json = parse(bytes);
  if (json === undefined) throw new ReportInputError(file, 'the file is not JSON', 'Export the statements from the LRS as JSON (its statements API answers with a JSON object holding "statements").');
  const all = statementsIn(json);
  if (!all || all.length === 0) {
    throw new ReportInputError(file, 'the JSON holds no xAPI statements (neither an array of statements nor an object with "statements")', 'Export the statements from the LRS\'s statements API, as an array or as the pages it answers with.');
  }
  const bad = all.findIndex((s) => !isStatement(s));
  if (bad >= 0) throw new ReportInputError(file, `statement ${bad + 1} of ${all.length} has no actor, verb and object, so the JSON is not a list of xAPI statements`, 'Export the statements from the LRS unchanged.');
  const statements = all as Statement[];

  // A voiding statement takes its target out wherever the two stand in the file (xAPI §2.3.2).
  const voided = new Set(statements.filter((s) => s.verb?.id === VERB.voided && s.object?.objectType === 'StatementRef' && s.object.id).map((s) => s.object!.id!));
  const kept = statements.filter((s) => s.verb?.id !== VERB.voided && !(s.id && voided.has(s.id))).sort((a, b) => time(a) - time(b));
  if (!kept.some((s) => s.verb?.id === VERB.answered && interactionOf(s.object?.id ?? ''))) {
    throw new ReportInputError(
      file,
      `none of its ${statements.length} xAPI statements answers a survey item or test question of our cmi5 package (an "answered" statement whose object id ends in /test/awareness-survey/question/<item> or /test/confirmation-test/question/<question>)`,
      'Export the statements of the course\'s cmi5 package from the LRS (filter by its activity or registration); statements of other courses or tools cannot be read.',
    );
  }

  // Registrations per actor, in the order of their first statement.
  const byActor = new Map<string, { name: string | null; email: string | null; registrations: Map<string, Statement[]> }>();
  for (const s of kept) {
    const key = actorKey(s.actor!);
    if (!key) continue;
    let actor = byActor.get(key);
    if (!actor) {
      actor = { name: s.actor!.name ?? null, email: s.actor!.mbox?.replace(/^mailto:/i, '') ?? null, registrations: new Map() };
      byActor.set(key, actor);
    }
    const registration = s.context?.registration ?? '';
    if (!actor.registrations.has(registration)) actor.registrations.set(registration, []);
    actor.registrations.get(registration)!.push(s);
  }

  const submissions: Submission[] = [];
  for (const [key, actor] of byActor) {
    [...actor.registrations.values()].forEach((registration, k) => {
      const answers = answersOf(registration);
      const judged = registration.filter((s) => (s.verb?.id === VERB.passed || s.verb?.id === VERB.failed) && typeof s.result?.score?.scaled === 'number').at(-1);
      const latest = registration.at(-1)!;
      submissions.push({
        file,
        format: 'xapi',
        learner: { key, name: actor.name, email: actor.email, groups: [] },
        attempt: k + 1,
        at: latest.timestamp ?? latest.stored ?? null,
        score: judged ? Math.round(judged.result!.score!.scaled! * 10000) / 100 : null,
        answers,
        empty: answers.length === 0,
      });
    });
  }
  return submissions;
}

/**
 * One registration's answers in the order they were given, the latest kept where a record id
 * was answered twice. The question's activity is the same in every test attempt; the player
 * names the record id (`test.a2.q_x`) in a context extension. Without it (statements of older
 * packages) the attempt is inferred: the player answers an attempt's questions one after the
 * other, each once, so a question already answered in the attempt, or a `passed`, starts the
 * next attempt.
 */
function answersOf(registration: Statement[]): RecordedAnswer[] {
  const byId = new Map<string, RecordedAnswer>();
  let attempt = 1;
  let inAttempt = new Set<string>();
  let index = 0;
  for (const s of registration) {
    if (s.verb?.id === VERB.passed && inAttempt.size) {
      attempt++;
      inAttempt = new Set();
    }
    if (s.verb?.id !== VERB.answered) continue;
    const interaction = interactionOf(s.object?.id ?? '');
    if (!interaction) continue;
    // Statements from packages built since the player names the record id carry it: it says
    // which test attempt an answer belongs to. Older statements leave the attempt to be inferred.
    const recorded = s.context?.extensions?.[EXTENSIONS.recordId];
    let id = `survey.${interaction.id}`;
    if (typeof recorded === 'string' && recorded.endsWith(`.${interaction.id}`) && /^(survey|test\.a\d+)\./.test(recorded)) {
      id = recorded;
      const n = /^test\.a(\d+)\./.exec(recorded);
      if (n && Number(n[1]) !== attempt) {
        attempt = Number(n[1]);
        inAttempt = new Set();
      }
      if (n) inAttempt.add(interaction.id);
    } else if (interaction.kind === 'test') {
      if (inAttempt.has(interaction.id)) {
        attempt++;
        inAttempt = new Set();
      }
      inAttempt.add(interaction.id);
      id = `test.a${attempt}.${interaction.id}`;
    }
    const success = s.result?.success;
    // Deleted first, so that a record answered again takes the place of its latest answer.
    byId.delete(id);
    byId.set(id, {
      id,
      index: index++,
      response: s.result?.response ?? '',
      result: interaction.kind === 'test' && typeof success === 'boolean' ? (success ? 'correct' : 'incorrect') : null,
    });
  }
  return [...byId.values()].map((a, i) => ({ ...a, index: i }));
}
