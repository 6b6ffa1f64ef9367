/**
 * The AU side of a cmi5 launch (spec §8): the five query-string parameters, the one-time
 * auth-token fetch, and the few xAPI calls the player makes, over `fetch`.
 *
 * @xapi/cmi5 does the same through @xapi/xapi and axios; its published builds inline two copies
 * of axios (31.7 KB gzip on their own, more than the player's whole 30 KB budget), so the player
 * takes only its types and keeps the transport this small. See cmi5.ts.
 */
import type { AuthTokenResponse, LaunchData, LaunchParameters } from '@xapi/cmi5';
import type { Agent, Statement } from '@xapi/xapi';
import { XAPI_VERSION } from '../spec/cmi5.ts';

const PARAMS = ['endpoint', 'fetch', 'actor', 'registration', 'activityId'] as const;

/**
 * The launch parameters when the URL has all five (§8.1), else null: then the page was opened
 * some other way and the player runs standalone. A malformed actor counts as absent.
 */
export function readLaunchParameters(search: string): LaunchParameters | null {
  const q = new URLSearchParams(search);
  if (!PARAMS.every((p) => q.get(p))) return null;
  let actor: Agent;
  try {
    actor = JSON.parse(q.get('actor')!) as Agent;
  } catch {
    return null;
  }
  if (typeof actor !== 'object' || actor === null) return null;
  return { endpoint: q.get('endpoint')!, fetch: q.get('fetch')!, actor, registration: q.get('registration')!, activityId: q.get('activityId')! };
}

/** A failed HTTP exchange; `status` 0 means the request never got an answer (network, CORS). */
export class XapiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
  /** Worth trying again later: no answer, the server is busy or broken, or the LRS throttles. */
  get transient(): boolean {
    return this.status === 0 || this.status === 408 || this.status === 429 || this.status >= 500;
  }
}

/**
 * §8.2: one POST to the fetch URL. The LMS answers 200 even for errors, with `error-code`
 * (1 = already used or expired, 2 = security, 3 = application).
 */
export async function fetchAuthToken(url: string): Promise<string> {
  let res: Response;
  try {
    res = await fetch(url, { method: 'POST', cache: 'no-store' });
  } catch (e) {
    throw new XapiError(0, `fetch URL unreachable: ${(e as Error).message}`);
  }
  if (!res.ok) throw new XapiError(res.status, `fetch URL answered ${res.status}`);
  const body = (await res.json().catch(() => ({}))) as Partial<AuthTokenResponse> & { 'error-code'?: string; 'error-text'?: string };
  if (typeof body['auth-token'] === 'string' && body['auth-token'] !== '') return body['auth-token'];
  throw new XapiError(200, `fetch URL refused a token: error ${body['error-code'] ?? '?'} ${body['error-text'] ?? ''}`.trim());
}

/** Which activity state document: the agent, activity and registration of this launch. */
export interface StateKey {
  activityId: string;
  agent: Agent;
  registration: string;
  stateId: string;
}

/** The xAPI resources the AU uses, authorised with the session's token. */
export class XapiClient {
  private readonly base: string;

  constructor(
    endpoint: string,
    private readonly authToken: string,
  ) {
    this.base = endpoint.endsWith('/') ? endpoint : `${endpoint}/`;
  }

  /** The document, or null when the LRS has none (404). */
  async getState<T>(key: StateKey): Promise<T | null> {
    const res = await this.request('GET', 'activities/state', stateParams(key));
    if (res.status === 404) return null;
    if (!res.ok) throw await failure(res, 'GET state');
    return (await res.json()) as T;
  }

  async putState(key: StateKey, doc: unknown, keepalive = false): Promise<void> {
    const res = await this.request('PUT', 'activities/state', stateParams(key), JSON.stringify(doc), keepalive);
    if (!res.ok) throw await failure(res, 'PUT state');
  }

  /** POSTs statements in one request; an LRS stores all of them or none. */
  async postStatements(statements: Statement[], keepalive = false): Promise<void> {
    const res = await this.request('POST', 'statements', {}, JSON.stringify(statements), keepalive);
    if (!res.ok) throw await failure(res, 'POST statements');
  }

  /** One statement by its id: 204 stored, 409 another statement already has that id. */
  async putStatement(statement: Statement): Promise<void> {
    const res = await this.request('PUT', 'statements', { statementId: statement.id! }, JSON.stringify(statement));
    if (!res.ok) throw await failure(res, 'PUT statement');
  }

  private async request(method: string, path: string, params: Record<string, string>, body?: string, keepalive = false): Promise<Response> {
    const url = new URL(path, this.base);
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
    const headers: Record<string, string> = {
      Authorization: `Basic ${this.authToken}`,
      'X-Experience-API-Version': XAPI_VERSION,
    };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    try {
      return await fetch(url.href, { method, headers, body, keepalive, cache: 'no-store' });
    } catch (e) {
      throw new XapiError(0, `${method} ${path}: ${(e as Error).message}`);
    }
  }
}

function stateParams(k: StateKey): Record<string, string> {
  return { activityId: k.activityId, agent: JSON.stringify(k.agent), registration: k.registration, stateId: k.stateId };
}

async function failure(res: Response, what: string): Promise<XapiError> {
  const text = await res.text().catch(() => '');
  return new XapiError(res.status, `${what}: ${res.status} ${text.slice(0, 200)}`.trim());
}

/** The launch data fields the player relies on, checked: an LMS may send anything. */
export function checkLaunchData(doc: unknown): LaunchData {
  const d = doc as Partial<LaunchData> | null;
  if (!d || typeof d !== 'object') throw new Error('LMS.LaunchData is not a JSON object');
  if (!d.contextTemplate || typeof d.contextTemplate !== 'object') throw new Error('LMS.LaunchData has no contextTemplate');
  if (d.launchMode !== 'Normal' && d.launchMode !== 'Browse' && d.launchMode !== 'Review') {
    throw new Error(`LMS.LaunchData has an unknown launchMode ${JSON.stringify(d.launchMode)}`);
  }
  // A decimal (§10); some LMSs write it as a string.
  const m = d.masteryScore === undefined || d.masteryScore === null ? NaN : Number(d.masteryScore);
  const masteryScore = Number.isFinite(m) && m >= 0 && m <= 1 ? m : undefined;
  return { ...(d as LaunchData), masteryScore };
}
