import type { LaunchData, LaunchParameters } from '@xapi/cmi5';
import type { Agent, Result } from '@xapi/xapi';
import type { PlayerCourse } from '../spec/course-data.ts';
import { NO_RECORD, type ExitKind, type InteractionRecord, type LaunchInfo, type LmsAdapter, type ProgressSnapshot, type SaveStatus, type TestResult } from './adapter.ts';
import { checkLaunchData, fetchAuthToken, XapiClient, XapiError, type StateKey } from './cmi5-launch.ts';
import { StatementOutbox } from './cmi5-outbox.ts';
import {
  answeredStatement,
  definedStatement,
  interactionCatalog,
  scoreOf,
  Stamper,
  type InteractionCatalog,
  type LaunchContext,
} from './cmi5-statements.ts';
import { LAUNCH_DATA_STATE_ID, LEARNER_STATE_ID, type DefinedVerb } from '../spec/cmi5.ts';
import { isoDuration } from './iso8601.ts';
import { RetrySchedule } from './retry.ts';

/**
 * cmi5 (Quartz) Assignable Unit over xAPI. The launch URL names the LRS, the learner and the
 * registration; LMS.LaunchData gives the context template, launch mode and mastery score.
 *
 * What goes to the LRS, in one session:
 * - `initialized` first; `terminated` last, from "exit" or when the page is hidden for good.
 * - `answered` ("cmi5 allowed") for each survey item and test question, as the learner answers.
 * - `passed` as soon as the learner passes; `completed` once lessons and a test attempt are done.
 * - `failed` at the end of the session, not at once: cmi5 allows only one of passed/failed per
 *   session (§9.3), and the learner may retry and pass in the same session.
 * - Per registration, `completed` and `passed` go out once, and `failed` never after `passed`;
 *   the adapter remembers what it sent (local copy and State API document), so a relaunch that
 *   restates the outcome sends nothing twice.
 * - In Browse and Review launch modes only `initialized` and `terminated` (§10), no answers.
 *
 * Statements get their id and timestamp when the event happens and wait in a queue in
 * localStorage until the LRS has them, so an outage or a closed tab delays them but loses none.
 * The learner state goes to a State API document when the LRS takes it; cmi5 has no
 * suspend_data, and an LRS without the State API leaves the player's local copy in charge.
 * A reload of the page after `terminated` cannot record (the session is over, the fetch URL
 * spent): the learner keeps working on the local copy, which the next launch sends.
 *
 * The player does not bundle @xapi/cmi5's runtime: its builds inline axios twice and weigh
 * 31.7 KB gzip, over the player's 30 KB budget on their own. It uses that package's and
 * @xapi/xapi's types and builds the same statements (checked against the library in the tests).
 */
export class Cmi5Adapter implements LmsAdapter {
  readonly standard = 'cmi5';
  readonly connected = true;
  private client!: XapiClient;
  private outbox!: StatementOutbox;
  private launch!: LaunchContext;
  private launchData!: LaunchData;
  private session!: SessionRecord;
  private record!: RegistrationRecord;
  private readonly catalog: InteractionCatalog;
  private readonly stamper: Stamper;
  private readonly retry: RetrySchedule;
  private readonly listeners: ((s: SaveStatus) => void)[] = [];
  private recording = false;
  private finished = false;
  /** Started again after `terminated` (a reload): nothing can be recorded in this launch. */
  private sessionOver = false;
  /** A failed result waits for the end of the session (see the class comment). */
  private pendingFailed: number | null = null;
  /** The learner state to put in the State API document; null when nothing changed. */
  private unsavedState: ProgressSnapshot | null = null;
  /** False once the LRS refused our state document (no State API): the local copy is the store. */
  private stateApi = true;
  private stateWrites: Promise<boolean> = Promise.resolve(true);

  constructor(
    private readonly params: LaunchParameters,
    course: PlayerCourse,
    private readonly env: Cmi5Environment = browserEnvironment(),
  ) {
    this.catalog = interactionCatalog(course, env.toText);
    this.stamper = new Stamper(env.now);
    this.retry = new RetrySchedule(() => void this.commitNow());
  }

  async start(): Promise<LaunchInfo> {
    const p = this.params;
    const sessionKey = `cmi5-session:${p.fetch}`;
    const stored = readJson<SessionRecord>(this.env.sessionStorage, sessionKey);
    // The fetch URL works once (§8.2): a reload of the same launch reuses the session's token.
    this.session = stored ?? { token: await retried(() => fetchAuthToken(p.fetch)), initializedAt: 0, terminated: false };
    writeJson(this.env.sessionStorage, sessionKey, this.session);
    this.client = new XapiClient(p.endpoint, this.session.token);
    this.outbox = new StatementOutbox(this.env.storage, `cmi5-outbox:${p.endpoint}|${agentKey(p.actor)}`);

    const launchDoc = await retried(() => this.client.getState(this.stateKey(LAUNCH_DATA_STATE_ID)));
    if (launchDoc === null) throw new Error('The LRS has no LMS.LaunchData document for this launch (cmi5 §10); the LMS writes it before launching.');
    this.launchData = checkLaunchData(launchDoc);
    if (this.session.terminated) {
      // A reload after this launch sent `terminated`: cmi5 accepts nothing more in the session.
      // The player keeps the learner's place and answers in its local copy, which the next
      // launch from the LMS restores and sends; until then every save reports a failure.
      this.sessionOver = true;
      console.warn('[lms] This cmi5 session has already ended; progress stays in this browser until the LMS launches the course again.');
      void this.outbox.flush(this.client);
    }
    this.launch = {
      actor: p.actor,
      activityId: p.activityId,
      registration: p.registration,
      contextTemplate: this.launchData.contextTemplate,
      masteryScore: this.launchData.masteryScore,
      lang: this.catalog.lang,
    };
    this.recording = this.launchData.launchMode === 'Normal' && !this.sessionOver;

    const doc = await this.readLearnerState();
    const recordKey = `cmi5-record:${p.endpoint}|${p.activityId}|${p.registration}`;
    this.record = new RegistrationRecord(this.env.storage, recordKey, doc?.sent);

    if (!this.session.initializedAt && !this.sessionOver) {
      this.session.initializedAt = this.env.now();
      writeJson(this.env.sessionStorage, sessionKey, this.session);
      this.send('initialized');
    }
    void this.commitNow();
    this.env.onOnline(() => void this.commitNow());

    const mode = this.launchData.launchMode;
    return {
      entry: doc ? 'resume' : 'new',
      bookmark: doc?.bookmark ?? '',
      state: doc?.state ?? '',
      // §10: "If the AU issues Passed or Failed statements they MUST be based on the masteryScore".
      masteryScore: this.launchData.masteryScore ?? null,
      mode: mode === 'Browse' ? 'browse' : mode === 'Review' ? 'review' : 'normal',
      // The local copy belongs to one registration: a new enrolment starts afresh.
      learnerId: `${agentKey(p.actor)}#${p.registration}`,
      learnerName: p.actor.name ?? '',
      // The LRS is not asked for statements: the adapter remembers what it sent (RegistrationRecord).
      record: NO_RECORD,
    };
  }

  /** Answers are statements in the LRS; the adapter itself sends each one once (RegistrationRecord). */
  async storedInteractions(): Promise<null> {
    return null;
  }

  saveProgress(snapshot: ProgressSnapshot): void {
    this.unsavedState = snapshot;
  }

  recordInteraction(r: InteractionRecord): void {
    if (!this.recording || this.finished) return;
    // The player replays answers its local copy holds but the LMS may lack: one statement each.
    if (!this.record.firstTime(`${r.id}@${r.answeredAt}`)) return;
    this.outbox.add(answeredStatement(this.launch, r, this.catalog, this.stamper.next(r.answeredAt)));
  }

  reportResult({ scorePercent, passed }: TestResult): void {
    if (!this.recording || this.finished || this.record.sent.passed) return;
    if (passed) {
      this.pendingFailed = null;
      this.send('passed', { score: scoreOf(scorePercent), success: true, duration: this.sessionDuration() });
    } else if (this.record.sent.failedScore !== scorePercent) {
      this.pendingFailed = scorePercent;
    }
  }

  markCompleted(): void {
    if (!this.recording || this.finished || this.record.sent.completed) return;
    this.send('completed', { completion: true, duration: this.sessionDuration() });
  }

  /** Requests go out at once either way: an `urgent` commit has nothing more to hurry. */
  commit(_urgent = false): Promise<boolean> {
    this.retry.reset();
    return this.commitNow();
  }

  /** Asynchronous either way: what does not arrive before the page closes waits in the outbox. */
  async finish(_exit: ExitKind, _closing: boolean): Promise<void> {
    // cmi5 has no "suspend": every session ends with `terminated`; the state says where to resume.
    if (this.finished || this.sessionOver || !this.client) return;
    if (this.pendingFailed !== null && !this.record.sent.passed) {
      this.send('failed', { score: scoreOf(this.pendingFailed), success: false, duration: this.sessionDuration() });
    }
    this.send('terminated', { duration: this.sessionDuration() });
    this.finished = true;
    this.session.terminated = true;
    writeJson(this.env.sessionStorage, `cmi5-session:${this.params.fetch}`, this.session);
    this.retry.stop();
    // The page may be closing: requests that outlive it.
    if (this.stateApi && this.unsavedState) {
      this.client.putState(this.stateKey(LEARNER_STATE_ID), this.stateDocument(this.unsavedState), true).catch(() => {});
    }
    const sent = this.outbox.flushOnUnload(this.client);
    void sent.then((ok) => this.emit(ok ? { state: 'saved' } : { state: 'failed', detail: this.outbox.lastError }));
    const returnURL = this.launchData.returnURL;
    // §10: with a returnURL the AU must take the learner back there when it terminates.
    if (returnURL) void Promise.race([sent, this.env.wait(3000)]).then(() => this.env.navigate(returnURL));
  }

  onSaveStatus(listener: (status: SaveStatus) => void): void {
    this.listeners.push(listener);
  }

  /** One defined statement, stamped now and queued; remembered when the registration allows it once. */
  private send(verb: DefinedVerb, result?: Result): void {
    this.outbox.add(definedStatement(this.launch, verb, this.stamper.next(), result));
    if (verb === 'completed') this.record.note({ completed: true });
    if (verb === 'passed') this.record.note({ passed: true });
    if (verb === 'failed') this.record.note({ failedScore: this.pendingFailed });
  }

  /** §9.5.4: session time, from `initialized` (kept across reloads of the same launch). */
  private sessionDuration(): string {
    return isoDuration(this.env.now() - this.session.initializedAt);
  }

  /** Sends queued statements, then the learner state; true when the LRS holds everything. */
  private async commitNow(): Promise<boolean> {
    if (this.sessionOver) {
      // False keeps the answers in the player's local outbox for the next launch.
      this.emit({ state: 'failed', detail: 'the cmi5 session has ended; relaunch the course from the LMS' });
      return false;
    }
    if (this.finished || !this.client) return false;
    const delivered = await this.outbox.flush(this.client);
    const stateSaved = await this.saveLearnerState();
    if (this.finished) return delivered && stateSaved;
    if (delivered && stateSaved) {
      this.retry.reset();
      this.emit({ state: 'saved' });
      return true;
    }
    this.retry.schedule();
    const detail = this.outbox.lastError || 'State API';
    console.warn('[lms]', detail);
    this.emit({ state: this.retry.exhausted ? 'failed' : 'retrying', detail });
    return false;
  }

  /** PUTs of the state document run one after another, so an older one never lands last. */
  private saveLearnerState(): Promise<boolean> {
    this.stateWrites = this.stateWrites.then(async () => {
      const snapshot = this.unsavedState;
      if (!this.stateApi || !snapshot) return true;
      try {
        await this.client.putState(this.stateKey(LEARNER_STATE_ID), this.stateDocument(snapshot));
        if (this.unsavedState === snapshot) this.unsavedState = null;
        return true;
      } catch (e) {
        if (e instanceof XapiError && e.transient) return false;
        this.noStateApi(e);
        return true;
      }
    });
    return this.stateWrites;
  }

  private async readLearnerState(): Promise<LearnerStateDocument | null> {
    try {
      const doc = await this.client.getState<LearnerStateDocument>(this.stateKey(LEARNER_STATE_ID));
      // 404 is "no document yet" (a first launch) as much as "no State API": the first PUT tells.
      return doc && doc.v === 1 && typeof doc.state === 'string' ? doc : null;
    } catch (e) {
      if (!(e instanceof XapiError) || !e.transient) this.noStateApi(e);
      else console.warn('[lms] Could not read the learner state from the LRS; using this browser’s copy.', (e as Error).message);
      return null;
    }
  }

  /** Logged once: from here on the learner state lives in this browser only. */
  private noStateApi(e: unknown): void {
    if (!this.stateApi) return;
    this.stateApi = false;
    console.warn('[lms] The LRS does not keep the learner state (State API):', (e as Error).message, '— resuming relies on this browser’s copy.');
  }

  private stateDocument(s: ProgressSnapshot): LearnerStateDocument {
    return { v: 1, bookmark: s.bookmark, state: s.state, progress: s.progress, sent: this.record.sent };
  }

  private stateKey(stateId: string): StateKey {
    return { activityId: this.params.activityId, agent: this.params.actor, registration: this.params.registration, stateId };
  }

  private emit(status: SaveStatus): void {
    for (const l of this.listeners) l(status);
  }
}

/** What the adapter needs from the page, replaceable in tests. */
export interface Cmi5Environment {
  storage: Storage | null;
  sessionStorage: Storage | null;
  now: () => number;
  /** Plain text of trusted course HTML (choice labels). */
  toText: (html: string) => string;
  navigate: (url: string) => void;
  wait: (ms: number) => Promise<void>;
  onOnline: (listener: () => void) => void;
}

export function browserEnvironment(): Cmi5Environment {
  return {
    storage: storageOrNull(() => window.localStorage),
    sessionStorage: storageOrNull(() => window.sessionStorage),
    now: () => Date.now(),
    toText: (html) => new DOMParser().parseFromString(html, 'text/html').body.textContent?.replace(/\s+/g, ' ').trim() ?? '',
    navigate: (url) => window.location.assign(url),
    wait: (ms) => new Promise((ok) => setTimeout(ok, ms)),
    onOnline: (listener) => window.addEventListener('online', listener),
  };
}

/** The player's State API document (stateId LEARNER_STATE_ID). */
interface LearnerStateDocument {
  v: 1;
  bookmark: string;
  state: string;
  progress: number;
  sent: SentOutcomes;
}

/** Defined statements this registration has already had, which cmi5 allows once (§9.3). */
interface SentOutcomes {
  completed: boolean;
  passed: boolean;
  /** Score of the last `failed` sent, so that a relaunch does not repeat the same one. */
  failedScore: number | null;
}

/** One launch (one fetch URL): its token and start, kept for reloads of the page. */
interface SessionRecord {
  token: string;
  initializedAt: number;
  terminated: boolean;
}

/** What this registration has sent, in localStorage; merged with the State API document's. */
class RegistrationRecord {
  sent: SentOutcomes = { completed: false, passed: false, failedScore: null };
  /** Answers already turned into statements (`<interaction id>@<time>`), newest last. */
  private answered: string[] = [];

  constructor(
    private readonly storage: Storage | null,
    private readonly key: string,
    fromLrs: SentOutcomes | undefined,
  ) {
    const local = readJson<{ sent?: SentOutcomes; answered?: string[] }>(storage, key);
    if (local?.sent) this.note(local.sent, false);
    if (fromLrs) this.note(fromLrs, false);
    this.answered = Array.isArray(local?.answered) ? local.answered.filter((a) => typeof a === 'string') : [];
  }

  note(o: Partial<SentOutcomes>, save = true): void {
    this.sent = {
      completed: this.sent.completed || o.completed === true,
      passed: this.sent.passed || o.passed === true,
      failedScore: typeof o.failedScore === 'number' ? o.failedScore : this.sent.failedScore,
    };
    if (save) this.save();
  }

  /** True the first time an answer is seen; remembers it. */
  firstTime(answer: string): boolean {
    if (this.answered.includes(answer)) return false;
    // A course has fewer than 100 items per attempt; 500 covers every answer still replayable.
    this.answered = [...this.answered, answer].slice(-500);
    this.save();
    return true;
  }

  private save(): void {
    writeJson(this.storage, this.key, { sent: this.sent, answered: this.answered });
  }
}

/** The learner's identity as a key: the account (§9.2 requires one in cmi5), else the other IFIs. */
function agentKey(a: Agent): string {
  const x = a as Agent & { account?: { homePage: string; name: string }; mbox?: string; mbox_sha1sum?: string; openid?: string };
  return x.account ? `${x.account.homePage}|${x.account.name}` : (x.mbox ?? x.mbox_sha1sum ?? x.openid ?? JSON.stringify(a));
}

/** Up to three tries, 0.5 s and 1 s apart, while the failure may pass (no answer, 5xx). */
async function retried<T>(f: () => Promise<T>): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await f();
    } catch (e) {
      if (i >= 2 || !(e instanceof XapiError) || !e.transient) throw e;
      await new Promise((ok) => setTimeout(ok, 500 * 2 ** i));
    }
  }
}

function readJson<T>(storage: Storage | null, key: string): T | null {
  try {
    const raw = storage?.getItem(key);
    return raw ? (JSON.parse(raw) as T) : null;
  } catch {
    return null;
  }
}

function writeJson(storage: Storage | null, key: string, value: unknown): void {
  try {
    storage?.setItem(key, JSON.stringify(value));
  } catch {
    // Quota or privacy settings: kept for this page only.
  }
}

function storageOrNull(get: () => Storage): Storage | null {
  try {
    const s = get();
    s.getItem('');
    return s;
  } catch {
    return null;
  }
}
