/// <reference lib="dom" />
/**
 * The LMS side of each standard, as the preview plays it: scorm-again's runtime installed
 * where the package looks for it, every call observed, and the faults a real LMS has
 * (refused commits, slow calls) simulated on demand.
 *
 * Adding a standard is one more entry in `runtimes`: how to open a session from the data the
 * LMS stored, and how to read interactions and suspend_data out of its CMI.
 */
import type { MoodleStandard } from '../../moodle-profile.ts';
import type { LrsData, LrsEntry } from '../lrs.ts';
import type { PackageInfo } from '../packages.ts';

export type RuntimeId = 'scorm2004' | 'scorm12' | 'cmi5';

/** One API call as the inspector lists it. */
export interface CallRecord {
  seq: number;
  /** ms since the launch */
  ms: number;
  call: string;
  element: string;
  value: string;
  result: string;
  /** LMS error code after the call ('0' when none). */
  code: string;
  text: string;
  /** The LMS refused the call or could not do it. */
  failed: boolean;
  /** The failure was the preview's doing (commit failure switched on). */
  simulated: boolean;
  /** For SetValue: the interaction's type, so a response can be checked against it. */
  interactionType?: string;
}

export interface Faults {
  failCommits: boolean;
  /** Every call blocks this long, as a synchronous request to a slow LMS does. */
  delayMs: number;
}

export interface RuntimeHooks {
  faults: Faults;
  onCall(record: CallRecord): void;
  /** The LMS stored the data (a commit or terminate it accepted): `cmi` is what it keeps. */
  onStore(cmi: Cmi): void;
}

export type Cmi = Record<string, any>;

export interface InteractionRow {
  index: number;
  id: string;
  type: string;
  response: string;
  result: string;
  description: string;
}

export interface LaunchData {
  pkg: PackageInfo;
  /** What the LMS stored from earlier sessions of this attempt; null on the first launch. */
  stored: Cmi | null;
  learnerId: string;
  learnerName: string;
  masteryScore: number | null;
}

export interface LmsSession {
  /** The runtime's current data, uncommitted values included. */
  cmi(): Cmi;
  /** Removes the API from the window. */
  detach(): void;
  /** Query string the launch URL carries (cmi5's launch parameters). */
  query?: string;
  /** A request of the AU to the preview's LRS (cmi5). */
  onLrs?(entry: LrsEntry): void;
}

export interface Runtime {
  id: RuntimeId;
  label: string;
  /** The Moodle profile that applies to the values this runtime receives. */
  moodle: MoodleStandard | null;
  /** Why this runtime cannot play yet, or null. */
  unavailable: string | null;
  /** The elements holding the bookmark and the state, for the inspector. */
  locationOf(cmi: Cmi): string;
  suspendDataOf(cmi: Cmi): string;
  interactionsOf(cmi: Cmi): InteractionRow[];
  open(launch: LaunchData, hooks: RuntimeHooks): Promise<LmsSession>;
}

const loaded = new Map<string, Promise<void>>();

function loadScript(src: string): Promise<void> {
  let p = loaded.get(src);
  if (!p) {
    p = new Promise((resolve, reject) => {
      const s = document.createElement('script');
      s.src = src;
      s.onload = () => resolve();
      s.onerror = () => reject(new Error(`could not load ${src}`));
      document.head.appendChild(s);
    });
    loaded.set(src, p);
  }
  return p;
}

function busyWait(ms: number): void {
  if (ms <= 0) return;
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // A synchronous LMS call blocks the page, exactly like this.
  }
}

function rows(cmi: Cmi): Cmi[] {
  const all = cmi?.['interactions'] ?? {};
  return Object.keys(all)
    .filter((k) => /^\d+$/.test(k))
    .sort((a, b) => Number(a) - Number(b))
    .map((k) => all[k]);
}

/** Adds two ISO 8601 durations (H/M/S parts, as the player writes them). */
export function addIsoDurations(a: string, b: string): string {
  const secs = (d: string) => {
    const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?)?$/.exec(d || 'PT0S');
    return m ? Number(m[1] ?? 0) * 86400 + Number(m[2] ?? 0) * 3600 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0) : 0;
  };
  let cs = Math.round((secs(a) + secs(b)) * 100);
  const h = Math.floor(cs / 360000);
  cs -= h * 360000;
  const m = Math.floor(cs / 6000);
  cs -= m * 6000;
  return `PT${h ? `${h}H` : ''}${m ? `${m}M` : ''}${(cs / 100).toFixed(2).replace(/\.?0+$/, '') || '0'}S`;
}

/** Adds two SCORM 1.2 timespans (HHHH:MM:SS.SS). */
export function add12Timespans(a: string, b: string): string {
  const secs = (t: string) => {
    const m = /^(\d+):(\d\d):(\d\d(?:\.\d+)?)$/.exec(t || '');
    return m ? Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]) : 0;
  };
  const total = secs(a) + secs(b);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total - h * 3600 - m * 60;
  return `${String(h).padStart(4, '0')}:${String(m).padStart(2, '0')}:${s.toFixed(2).padStart(5, '0')}`;
}

interface ScormApiNames {
  init: string;
  finish: string;
  get: string;
  set: string;
  commit: string;
  lastError: string;
  errorString: string;
  diagnostic: string;
}

/**
 * Wraps a scorm-again API object: every call recorded, commit failures and delays simulated,
 * and what the LMS stores handed to `onStore` after each accepted commit or finish.
 */
function observe(api: any, names: ScormApiNames, hooks: RuntimeHooks, failure: { commit: string; finish: string }): void {
  const original: Record<string, (...a: any[]) => any> = {};
  for (const n of Object.values(names)) original[n] = api[n].bind(api);
  const started = performance.now();
  let seq = 0;
  let simulated: string | null = null;
  const types = new Map<string, string>();
  const loadedCmi = api.renderCMIToJSONObject()?.cmi;
  for (const [i, row] of rows(loadedCmi).entries()) if (row?.type) types.set(String(i), row.type);

  const record = (call: string, element: string, value: string, result: string, sim = false) => {
    const code = sim ? simulated! : String(original[names.lastError]!());
    const rec: CallRecord = {
      failed: call !== names.get && String(result) !== 'true',
      seq: ++seq,
      ms: Math.round(performance.now() - started),
      call,
      element,
      value,
      result: String(result),
      code,
      text: code === '0' ? '' : String(original[names.errorString]!(code)),
      simulated: sim,
    };
    const m = /^cmi\.interactions\.(\d+)\.(type|learner_response|student_response|correct_responses\.\d+\.pattern)$/.exec(element);
    if (m && m[2] === 'type' && String(result) === 'true') types.set(m[1]!, value);
    else if (m) rec.interactionType = types.get(m[1]!);
    hooks.onCall(rec);
  };
  const store = () => hooks.onStore(api.renderCMIToJSONObject().cmi);

  api[names.init] = (p: string) => {
    busyWait(hooks.faults.delayMs);
    simulated = null;
    const r = original[names.init]!(p);
    record(names.init, '', '', r);
    return r;
  };
  api[names.get] = (element: string) => {
    busyWait(hooks.faults.delayMs);
    simulated = null;
    const r = original[names.get]!(element);
    record(names.get, element, '', r);
    return r;
  };
  api[names.set] = (element: string, value: string) => {
    busyWait(hooks.faults.delayMs);
    simulated = null;
    const r = original[names.set]!(element, value);
    record(names.set, element, String(value), r);
    return r;
  };
  for (const [name, code] of [
    [names.commit, failure.commit],
    [names.finish, failure.finish],
  ] as const) {
    api[name] = (p: string) => {
      busyWait(hooks.faults.delayMs);
      if (hooks.faults.failCommits) {
        // The LMS's request to its server failed: it answers "false" and stores nothing.
        simulated = code;
        record(name, '', '', 'false', true);
        return 'false';
      }
      simulated = null;
      const r = original[name]!(p);
      record(name, '', '', r);
      if (String(r) === 'true') store();
      return r;
    };
  }
  api[names.lastError] = () => simulated ?? original[names.lastError]!();
  api[names.diagnostic] = (c: string) =>
    simulated !== null && String(c) === simulated ? 'Simulated by the preview: the LMS could not store the data' : original[names.diagnostic]!(c);
}

/** Moodle's rule (scorm_13.js.php): resume after `suspend` or `logout`, otherwise start over. */
function entryAfter(exit: string | undefined): string {
  return exit === 'suspend' || exit === 'logout' ? 'resume' : '';
}

function withoutSessionFields(cmi: Cmi, drop: string[]): Cmi {
  const out: Cmi = { ...cmi };
  for (const k of drop) delete out[k];
  return out;
}

const scorm2004: Runtime = {
  id: 'scorm2004',
  label: 'SCORM 2004',
  moodle: 'scorm2004',
  unavailable: null,
  locationOf: (cmi) => String(cmi?.['location'] ?? ''),
  suspendDataOf: (cmi) => String(cmi?.['suspend_data'] ?? ''),
  interactionsOf: (cmi) =>
    rows(cmi).map((r, index) => ({
      index,
      id: String(r?.id ?? ''),
      type: String(r?.type ?? ''),
      response: String(r?.learner_response ?? ''),
      result: String(r?.result ?? ''),
      description: String(r?.description ?? ''),
    })),
  async open(launch, hooks) {
    await loadScript('/vendor/scorm2004.js');
    const W = window as any;
    const api = new W.Scorm2004API({ autocommit: false, lmsCommitUrl: false, logLevel: 5 });
    const s = launch.stored;
    const data: Cmi = s
      ? {
          ...withoutSessionFields(s, ['session_time', 'exit', 'entry']),
          entry: entryAfter(s['exit']),
          total_time: addIsoDurations(s['total_time'] ?? 'PT0S', s['session_time'] ?? 'PT0S'),
        }
      : { entry: 'ab-initio' };
    data['learner_id'] = launch.learnerId;
    data['learner_name'] = launch.learnerName;
    if (launch.masteryScore !== null) data['scaled_passing_score'] = String(launch.masteryScore);
    api.loadFromJSON(data, 'cmi');
    observe(
      api,
      { init: 'Initialize', finish: 'Terminate', get: 'GetValue', set: 'SetValue', commit: 'Commit', lastError: 'GetLastError', errorString: 'GetErrorString', diagnostic: 'GetDiagnostic' },
      hooks,
      // RTE 3.1.7: 391 General Commit Failure, 111 General Termination Failure.
      { commit: '391', finish: '111' },
    );
    W.API_1484_11 = api;
    return {
      cmi: () => api.renderCMIToJSONObject().cmi,
      detach: () => {
        if (W.API_1484_11 === api) delete W.API_1484_11;
      },
    };
  },
};

const scorm12: Runtime = {
  id: 'scorm12',
  label: 'SCORM 1.2',
  moodle: 'scorm12',
  unavailable: null,
  locationOf: (cmi) => String(cmi?.['core']?.['lesson_location'] ?? ''),
  suspendDataOf: (cmi) => String(cmi?.['suspend_data'] ?? ''),
  interactionsOf: (cmi) =>
    rows(cmi).map((r, index) => ({
      index,
      id: String(r?.id ?? ''),
      type: String(r?.type ?? ''),
      response: String(r?.student_response ?? ''),
      result: String(r?.result ?? ''),
      description: '',
    })),
  async open(launch, hooks) {
    await loadScript('/vendor/scorm12.js');
    const W = window as any;
    const api = new W.Scorm12API({ autocommit: false, lmsCommitUrl: false, logLevel: 5 });
    const s = launch.stored;
    const core: Cmi = s ? withoutSessionFields(s['core'] ?? {}, ['session_time', 'exit', 'entry']) : {};
    if (s) {
      core['entry'] = entryAfter(s['core']?.['exit']);
      core['total_time'] = add12Timespans(s['core']?.['total_time'] ?? '0000:00:00', s['core']?.['session_time'] ?? '0000:00:00');
    } else core['entry'] = 'ab-initio';
    core['student_id'] = launch.learnerId;
    core['student_name'] = launch.learnerName;
    const data: Cmi = { ...(s ?? {}), core };
    if (launch.masteryScore !== null) data['student_data'] = { ...(s?.['student_data'] ?? {}), mastery_score: String(Math.round(launch.masteryScore * 100)) };
    api.loadFromJSON(data, 'cmi');
    observe(
      api,
      { init: 'LMSInitialize', finish: 'LMSFinish', get: 'LMSGetValue', set: 'LMSSetValue', commit: 'LMSCommit', lastError: 'LMSGetLastError', errorString: 'LMSGetErrorString', diagnostic: 'LMSGetDiagnostic' },
      hooks,
      // SCORM 1.2 has only 101 General Exception for a failed store.
      { commit: '101', finish: '101' },
    );
    W.API = api;
    return {
      cmi: () => api.renderCMIToJSONObject().cmi,
      detach: () => {
        if (W.API === api) delete W.API;
      },
    };
  },
};

/** The player's own State API document: bookmark and learner state (see player/lms/cmi5.ts). */
function learnerState(data: Cmi): Cmi | null {
  const state = (data?.['state'] ?? {}) as Cmi;
  const key = Object.keys(state).find((k) => k !== 'LMS.LaunchData' && typeof state[k]?.['state'] === 'string');
  return key ? (state[key] as Cmi) : null;
}

const httpText: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 409: 'Conflict', 503: 'Service Unavailable' };

/**
 * cmi5: the preview server plays the LMS's launch side and the LRS (build/preview/lrs.ts);
 * the page launches the AU with the five launch parameters and lists every request it makes.
 * "Stored data" is the LRS's: a relaunch continues the registration, a new attempt starts one.
 */
const cmi5: Runtime = {
  id: 'cmi5',
  label: 'cmi5',
  moodle: null,
  unavailable: null,
  locationOf: (d) => String(learnerState(d)?.['bookmark'] ?? ''),
  suspendDataOf: (d) => String(learnerState(d)?.['state'] ?? ''),
  interactionsOf: (d) =>
    ((d?.['statements'] ?? []) as Cmi[])
      .filter((s) => String(s['verb']?.['id'] ?? '').endsWith('/answered'))
      .map((s, index) => ({
        index,
        id: String(s['object']?.['id'] ?? '').replace(/^.*\//, ''),
        type: String(s['object']?.['definition']?.['interactionType'] ?? ''),
        response: String(s['result']?.['response'] ?? ''),
        result: s['result']?.['success'] === true ? 'correct' : s['result']?.['success'] === false ? 'incorrect' : 'neutral',
        description: String(Object.values(s['object']?.['definition']?.['description'] ?? {})[0] ?? ''),
      })),
  async open(launch, hooks) {
    const lang = launch.pkg.lang;
    const res = await fetch(`/api/cmi5/launch/${lang}`, { method: 'POST', body: JSON.stringify({ newAttempt: launch.stored === null }) });
    if (!res.ok) throw new Error(`the preview could not launch the AU: ${res.status} ${await res.text()}`);
    const { query, data: first } = (await res.json()) as { query: string; data: LrsData };
    let data: Cmi = first;
    const started = performance.now();
    let seq = 0;
    let fetching = false;
    let again = false;
    // The inspector reads the LRS's data after the requests of one moment.
    const reload = async () => {
      if (fetching) {
        again = true;
        return;
      }
      fetching = true;
      try {
        data = ((await (await fetch(`/api/cmi5/data/${lang}`)).json()) as Cmi | null) ?? data;
        hooks.onStore({ registration: data['registration'], attempt: data['attempt'] });
      } finally {
        fetching = false;
        if (again) {
          again = false;
          void reload();
        }
      }
    };
    hooks.onStore({ registration: first.registration, attempt: first.attempt });
    return {
      query,
      cmi: () => data,
      detach: () => {},
      onLrs(entry) {
        if (entry.lang !== lang) return;
        // No state document yet is a normal answer on a first launch, not a failure.
        const failed = entry.status >= 400 && !(entry.method === 'GET' && entry.status === 404);
        hooks.onCall({
          seq: ++seq,
          ms: Math.round(performance.now() - started),
          call: `${entry.method} ${entry.resource}`,
          element: entry.what,
          value: entry.body,
          result: String(entry.status),
          code: failed ? String(entry.status) : '0',
          text: failed ? (httpText[entry.status] ?? 'Error') : '',
          failed,
          simulated: entry.simulated,
        });
        void reload();
      },
    };
  },
};

export const runtimes: Record<RuntimeId, Runtime> = { scorm2004, scorm12, cmi5 };
