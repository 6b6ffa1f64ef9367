/**
 * The cmi5 launch side of the preview LMS: what a cmi5 LMS does before it launches an AU
 * (a registration, a session, LMS.LaunchData, the `launched` statement, a one-time fetch URL
 * and token; cmi5 §8–§10) and a small in-memory LRS for the AU to talk to (statements and the
 * State API). Every request the AU makes is reported to the page for the inspector; what the
 * LRS holds is kept on disk per package, like the SCORM packages' stored data.
 *
 * It is a stand-in for looking at what a course sends, not a conformant LRS: statements are
 * stored as they come, without xAPI validation (the cmi5 browser tests use a real LRS).
 */
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';

export const LAUNCH_DATA = 'LMS.LaunchData';
const SESSION_ID = 'https://w3id.org/xapi/cmi5/context/extensions/sessionid';
const XAPI_VERSION = '1.0.3';

/** The learner the preview launches as. */
export const PREVIEW_ACTOR = { objectType: 'Agent', name: 'Preview, Learner', account: { homePage: 'http://127.0.0.1', name: 'preview-learner' } };

/** One request of the AU, as the inspector lists it. */
export interface LrsEntry {
  lang: string;
  method: string;
  /** `statements`, `activities/state`, … */
  resource: string;
  /** The state document's id, or the statements' verbs. */
  what: string;
  /** What was sent, shortened by the page. */
  body: string;
  status: number;
  simulated: boolean;
}

/** What the LRS holds for one package (one language): the registration and its data. */
export interface LrsData {
  attempt: number;
  registration: string;
  statements: Record<string, any>[];
  state: Record<string, unknown>;
}

export interface Cmi5Au {
  auId: string;
  moveOn: string;
  masteryScore: number | null;
}

export interface LrsFaults {
  fail: boolean;
  delayMs: number;
}

export class PreviewLrs {
  readonly faults: LrsFaults = { fail: false, delayMs: 0 };
  private readonly data = new Map<string, LrsData>();
  /** fetch key → token; token → the launch it belongs to. */
  private readonly fetchKeys = new Map<string, { token: string; used: boolean }>();
  private readonly tokens = new Map<string, { lang: string; activityId: string; registration: string }>();

  constructor(
    private readonly stateDir: string,
    private readonly report: (entry: LrsEntry) => void,
  ) {}

  /** The LRS data of a package, from disk the first time. */
  get(lang: string): LrsData | null {
    if (!this.data.has(lang)) {
      try {
        this.data.set(lang, JSON.parse(fs.readFileSync(this.file(lang), 'utf8')) as LrsData);
      } catch {
        return null;
      }
    }
    return this.data.get(lang) ?? null;
  }

  forget(lang: string): void {
    this.data.delete(lang);
    fs.rmSync(this.file(lang), { force: true });
  }

  /**
   * Prepares a launch as a cmi5 LMS does and returns the query string for the AU's URL.
   * `newAttempt` starts a new registration (cmi5's attempt); otherwise the last one goes on.
   */
  launch(lang: string, courseId: string, au: Cmi5Au, origin: string, newAttempt: boolean): { query: string; data: LrsData } {
    let data = this.get(lang);
    if (!data || newAttempt) {
      data = { attempt: (data?.attempt ?? 0) + 1, registration: randomUUID(), statements: [], state: {} };
      this.data.set(lang, data);
    }
    const sessionId = randomUUID();
    // §8.1: the LMS's own id for the AU, the same for every launch.
    const activityId = `${origin}/activities/${createHash('sha256').update(`${courseId}/${lang}/${au.auId}`).digest('hex').slice(0, 16)}`;
    const launchData = {
      contextTemplate: { contextActivities: { grouping: [{ objectType: 'Activity', id: au.auId }] }, extensions: { [SESSION_ID]: sessionId } },
      launchMode: 'Normal',
      launchMethod: 'AnyWindow',
      moveOn: au.moveOn,
      ...(au.masteryScore === null ? {} : { masteryScore: au.masteryScore }),
    };
    data.state[LAUNCH_DATA] = launchData;
    data.statements.push({
      id: randomUUID(),
      actor: PREVIEW_ACTOR,
      verb: { id: 'http://adlnet.gov/expapi/verbs/launched', display: { 'en-US': 'launched' } },
      object: { objectType: 'Activity', id: activityId },
      context: {
        registration: data.registration,
        contextActivities: { grouping: [{ objectType: 'Activity', id: au.auId }], category: [{ id: 'https://w3id.org/xapi/cmi5/context/categories/cmi5' }] },
        extensions: { [SESSION_ID]: sessionId, 'https://w3id.org/xapi/cmi5/context/extensions/launchmode': 'Normal', 'https://w3id.org/xapi/cmi5/context/extensions/moveon': au.moveOn },
      },
      timestamp: new Date().toISOString(),
      stored: new Date().toISOString(),
    });
    this.save(lang);
    const key = randomUUID();
    const token = Buffer.from(`preview:${randomUUID()}`).toString('base64');
    this.fetchKeys.set(key, { token, used: false });
    this.tokens.set(token, { lang, activityId, registration: data.registration });
    const query = new URLSearchParams({
      endpoint: `${origin}/lrs/xapi/`,
      fetch: `${origin}/lrs/fetch/${key}`,
      actor: JSON.stringify(PREVIEW_ACTOR),
      registration: data.registration,
      activityId,
    });
    return { query: query.toString(), data };
  }

  /** Answers /lrs/fetch/<key> and /lrs/xapi/*. */
  async handle(req: IncomingMessage, res: ServerResponse, url: URL, body: string): Promise<void> {
    const send = (status: number, value?: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'cache-control': 'no-store', 'x-experience-api-version': XAPI_VERSION, ...(value === undefined ? {} : { 'content-type': 'application/json' }), ...headers });
      res.end(value === undefined ? undefined : JSON.stringify(value));
    };
    if (url.pathname.startsWith('/lrs/fetch/')) {
      // §8.2: POST only; the token once, then error 1.
      if (req.method !== 'POST') return send(405);
      const key = this.fetchKeys.get(url.pathname.slice('/lrs/fetch/'.length));
      if (!key) return send(200, { 'error-code': '2', 'error-text': 'Unknown fetch URL.' });
      if (key.used) return send(200, { 'error-code': '1', 'error-text': 'The authorization token has already been returned.' });
      key.used = true;
      return send(200, { 'auth-token': key.token });
    }
    const resource = url.pathname.slice('/lrs/xapi/'.length).replace(/\/$/, '');
    if (resource === 'about') return send(200, { version: [XAPI_VERSION] });
    const token = /^Basic (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
    const launch = this.tokens.get(token);
    if (!launch) return send(401, { message: 'unknown auth token' });
    const data = this.get(launch.lang);
    if (!data) return send(404, { message: 'no such registration' });
    const write = req.method !== 'GET' && req.method !== 'HEAD';
    const entry: LrsEntry = { lang: launch.lang, method: req.method ?? '', resource, what: '', body: body.slice(0, 4000), status: 0, simulated: false };
    const answer = async (status: number, value?: unknown) => {
      if (this.faults.delayMs) await new Promise((r) => setTimeout(r, this.faults.delayMs));
      entry.status = status;
      this.report(entry);
      send(status, value);
    };
    if (write && this.faults.fail) {
      // The LRS is unreachable or failing: the AU must keep what it could not send.
      entry.simulated = true;
      entry.what = describeWrite(resource, url, body);
      return answer(503, { message: 'Simulated by the preview: the LRS is not available.' });
    }
    if (resource === 'activities/state') {
      const stateId = url.searchParams.get('stateId') ?? '';
      entry.what = stateId;
      if (url.searchParams.get('registration') !== data.registration) return answer(404, { message: 'no such state document' });
      if (req.method === 'GET') return stateId in data.state ? answer(200, data.state[stateId]) : answer(404, { message: 'no such state document' });
      if (stateId === LAUNCH_DATA) return answer(403, { message: 'The AU must not modify LMS.LaunchData (cmi5 §10).' });
      if (req.method === 'DELETE') delete data.state[stateId];
      else if (req.method === 'PUT' || req.method === 'POST') {
        try {
          const doc = JSON.parse(body) as unknown;
          data.state[stateId] = req.method === 'POST' && isObject(data.state[stateId]) && isObject(doc) ? { ...data.state[stateId], ...doc } : doc;
        } catch {
          return answer(400, { message: 'the state document is not JSON' });
        }
      } else return answer(405);
      this.save(launch.lang);
      return answer(204);
    }
    if (resource === 'statements') {
      if (req.method === 'GET') return answer(200, { statements: data.statements.filter((s) => s['context']?.registration === data.registration), more: '' });
      let statements: Record<string, any>[];
      try {
        const parsed = JSON.parse(body) as unknown;
        statements = (Array.isArray(parsed) ? parsed : [parsed]) as Record<string, any>[];
      } catch {
        return answer(400, { message: 'statements are not JSON' });
      }
      const id = url.searchParams.get('statementId');
      if (req.method === 'PUT' && id) statements[0]!['id'] = id;
      entry.what = statements.map((s) => verbName(s)).join(', ');
      const ids: string[] = [];
      for (const s of statements) {
        s['id'] ??= randomUUID();
        ids.push(s['id']);
        // A statement stored once stays as it was (xAPI: same id, same statement).
        if (!data.statements.some((x) => x['id'] === s['id'])) data.statements.push({ ...s, stored: new Date().toISOString() });
      }
      this.save(launch.lang);
      return req.method === 'PUT' ? answer(204) : answer(200, ids);
    }
    if (resource === 'agents/profile' || resource === 'activities/profile') {
      entry.what = url.searchParams.get('profileId') ?? '';
      return req.method === 'GET' ? answer(404, { message: 'no such profile' }) : answer(204);
    }
    return answer(404, { message: `the preview LRS has no ${resource}` });
  }

  private file(lang: string): string {
    return path.join(this.stateDir, `cmi5-${lang}.lrs.json`);
  }

  private save(lang: string): void {
    const data = this.data.get(lang);
    if (!data) return;
    fs.mkdirSync(this.stateDir, { recursive: true });
    fs.writeFileSync(`${this.file(lang)}.tmp`, JSON.stringify(data));
    fs.renameSync(`${this.file(lang)}.tmp`, this.file(lang));
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function verbName(s: Record<string, any>): string {
  const id = String(s?.['verb']?.['id'] ?? '');
  return id.slice(id.lastIndexOf('/') + 1) || '?';
}

function describeWrite(resource: string, url: URL, body: string): string {
  if (resource === 'activities/state') return url.searchParams.get('stateId') ?? '';
  try {
    const parsed = JSON.parse(body) as unknown;
    return (Array.isArray(parsed) ? parsed : [parsed]).map((s) => verbName(s as Record<string, any>)).join(', ');
  } catch {
    return '';
  }
}
