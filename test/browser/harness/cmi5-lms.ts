/**
 * The launching side of the cmi5 tests, standing in for a cmi5 LMS in front of the real LRS
 * (cmi5-lrs.ts), on its own 127.0.0.1 origin:
 *
 * - `launch()` does what an LMS does before launching an AU (spec §8, §10): a registration,
 *   a session id, an activity id, the one-time fetch URL and its token, the LMS.LaunchData
 *   document, the `launched` statement (posted to the LRS), and the launch URL.
 * - `POST /fetch/<key>` answers the auth token once, then error 1 (§8.2.3).
 * - `/xapi/*` is the endpoint the AU is given: GET of the LMS.LaunchData state document is
 *   answered here (the LRS has no State API; the AU may not write it: 403); everything else,
 *   statements above all, is forwarded to the LRS unchanged, after checking the token.
 * - `setReachable(false)` makes the endpoint drop every connection, as an LRS that is down;
 *   the LRS itself keeps running, because stopping an in-memory LRS would forget its statements.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { LaunchData } from '@xapi/cmi5';
import type { Agent, Statement } from '@xapi/xapi';
import { XAPI_HEADERS, type Lrs } from './cmi5-lrs.ts';

export const SESSION_ID = 'https://w3id.org/xapi/cmi5/context/extensions/sessionid';

export const LEARNER: Agent = { objectType: 'Agent', name: '山田 花子', account: { homePage: 'https://lms.example', name: 'learner-0001' } } as Agent;

export interface LaunchOptions {
  /** The AU's URL (the package's index.html as served). */
  auUrl: string;
  /** The AU as cmi5.xml declares it. */
  au: { id: string; moveOn: string; masteryScore: number | undefined };
  /** An existing registration to launch again; a new one when absent. */
  registration?: string;
  launchMode?: LaunchData['launchMode'];
  /** Overrides the course structure's masteryScore (an LMS may, §10); null removes it. */
  masteryScore?: number | null;
  returnURL?: string;
  actor?: Agent;
}

export interface Launch {
  url: string;
  registration: string;
  sessionId: string;
  activityId: string;
  launchData: LaunchData;
  /** The `launched` statement the LMS recorded. */
  launched: Statement;
}

export interface LogEntry {
  method: string;
  path: string;
  stateId: string | null;
  status: number;
}

export interface Cmi5Lms {
  origin: string;
  /** The xAPI endpoint given to the AU. */
  endpoint: string;
  launch(o: LaunchOptions): Promise<Launch>;
  setReachable(up: boolean): void;
  /** Every request to the endpoint and the fetch URLs, in order. */
  log: LogEntry[];
  close(): Promise<void>;
}

const CORS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, PUT, POST, DELETE, OPTIONS',
  'Access-Control-Allow-Headers': 'Authorization, Content-Type, X-Experience-API-Version, If-Match, If-None-Match',
  'Access-Control-Expose-Headers': 'ETag, X-Experience-API-Version',
};

export async function startLms(lrs: Lrs): Promise<Cmi5Lms> {
  const log: LogEntry[] = [];
  const fetchKeys = new Map<string, { token: string; used: boolean }>();
  const launches = new Map<string, Launch>(); // by token
  const sockets = new Set<Socket>();
  let reachable = true;

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const entry: LogEntry = { method: req.method ?? '', path: url.pathname, stateId: url.searchParams.get('stateId'), status: 0 };
    log.push(entry);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      entry.status = status;
      res.writeHead(status, { ...CORS, ...headers, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) });
      res.end(body === undefined ? undefined : JSON.stringify(body));
    };
    if (url.pathname.startsWith('/fetch/')) {
      if (req.method === 'OPTIONS') return send(204, undefined);
      // §8.2: POST only, so that nothing caches the token.
      if (req.method !== 'POST') return send(405, undefined);
      const key = fetchKeys.get(url.pathname.slice('/fetch/'.length));
      if (!key) return send(200, { 'error-code': '2', 'error-text': 'Unknown fetch URL.' });
      if (key.used) return send(200, { 'error-code': '1', 'error-text': 'The authorization token has already been returned.' });
      key.used = true;
      return send(200, { 'auth-token': key.token });
    }
    if (!url.pathname.startsWith('/xapi/')) return send(404, undefined);
    if (!reachable) {
      // Down: no answer at all, as when the LRS's host is gone.
      entry.status = -1;
      req.socket.destroy();
      return;
    }
    if (req.method === 'OPTIONS') return send(204, undefined);
    const token = /^Basic (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
    const launch = launches.get(token);
    if (!launch) return send(401, { message: 'unknown auth token' });
    if (url.pathname === '/xapi/activities/state' && url.searchParams.get('stateId') === 'LMS.LaunchData') {
      if (req.method !== 'GET') return send(403, { message: 'The AU must not modify LMS.LaunchData (cmi5 §10).' });
      const agent = JSON.parse(url.searchParams.get('agent') ?? 'null') as Agent | null;
      const same =
        url.searchParams.get('activityId') === launch.activityId &&
        url.searchParams.get('registration') === launch.registration &&
        JSON.stringify((agent as { account?: unknown } | null)?.account) === JSON.stringify((LEARNER as { account?: unknown }).account);
      return same ? send(200, launch.launchData) : send(404, { message: 'no such state document' });
    }
    forward(req, res, new URL(`${url.pathname.slice('/xapi/'.length)}${url.search}`, lrs.endpoint), entry);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const endpoint = `${origin}/xapi/`;

  return {
    origin,
    endpoint,
    log,
    setReachable(up) {
      reachable = up;
      // Connections kept alive from before would still reach the LRS.
      if (!up) for (const s of sockets) s.destroy();
    },
    async launch(o) {
      const registration = o.registration ?? randomUUID();
      const sessionId = randomUUID();
      // §8.1: the LMS's own activity id for the AU, never the publisher's id, the same for every launch.
      const activityId = `https://lms.example/activities/${createHash('sha256').update(o.au.id).digest('hex').slice(0, 16)}`;
      const masteryScore = o.masteryScore === undefined ? o.au.masteryScore : (o.masteryScore ?? undefined);
      const actor = o.actor ?? LEARNER;
      const launchData: LaunchData = {
        contextTemplate: {
          contextActivities: { grouping: [{ objectType: 'Activity', id: o.au.id }] },
          extensions: { [SESSION_ID]: sessionId },
        },
        launchMode: o.launchMode ?? 'Normal',
        launchMethod: 'AnyWindow',
        moveOn: o.au.moveOn as LaunchData['moveOn'],
        ...(masteryScore === undefined ? {} : { masteryScore }),
        ...(o.returnURL ? { returnURL: o.returnURL } : {}),
      };
      const launched: Statement = {
        id: randomUUID(),
        actor,
        verb: { id: 'http://adlnet.gov/expapi/verbs/launched', display: { 'en-US': 'launched' } as never },
        object: { objectType: 'Activity', id: activityId },
        context: {
          registration,
          contextActivities: { grouping: [{ objectType: 'Activity', id: o.au.id }], category: [{ id: 'https://w3id.org/xapi/cmi5/context/categories/cmi5' }] },
          extensions: {
            [SESSION_ID]: sessionId,
            'https://w3id.org/xapi/cmi5/context/extensions/launchmode': launchData.launchMode,
            'https://w3id.org/xapi/cmi5/context/extensions/launchurl': o.auUrl,
            'https://w3id.org/xapi/cmi5/context/extensions/moveon': launchData.moveOn,
            ...(masteryScore === undefined ? {} : { 'https://w3id.org/xapi/cmi5/context/extensions/masteryscore': masteryScore }),
          },
        },
        timestamp: new Date().toISOString(),
      };
      await lrs.post(launched); // §9.3.1: recorded before the AU is launched
      const key = randomUUID();
      const token = Buffer.from(`au-${key.slice(0, 8)}:${randomUUID()}`).toString('base64');
      fetchKeys.set(key, { token, used: false });
      const q = new URLSearchParams({
        endpoint,
        fetch: `${origin}/fetch/${key}`,
        actor: JSON.stringify(actor),
        registration,
        activityId,
      });
      const launch: Launch = { url: `${o.auUrl}?${q}`, registration, sessionId, activityId, launchData, launched };
      launches.set(token, launch);
      return launch;
    },
    close: () =>
      new Promise<void>((ok) => {
        for (const s of sockets) s.destroy();
        server.close(() => ok());
      }),
  };
}

/** Passes a request to the LRS as it came, with the LMS's own credentials. */
function forward(req: IncomingMessage, res: ServerResponse, target: URL, entry: LogEntry): void {
  const headers: Record<string, string> = { ...XAPI_HEADERS };
  for (const h of ['content-type', 'x-experience-api-version', 'if-match', 'if-none-match']) {
    const v = req.headers[h];
    if (typeof v === 'string') headers[h] = v;
  }
  const out = request(target, { method: req.method, headers }, (lrsRes) => {
    entry.status = lrsRes.statusCode ?? 502;
    const pass: Record<string, string> = { ...CORS };
    for (const h of ['content-type', 'etag', 'x-experience-api-version', 'last-modified']) {
      const v = lrsRes.headers[h];
      if (typeof v === 'string') pass[h] = v;
    }
    res.writeHead(entry.status, pass);
    lrsRes.pipe(res);
  });
  out.on('error', () => {
    entry.status = 502;
    if (!res.headersSent) res.writeHead(502, CORS);
    res.end();
  });
  req.pipe(out);
}
