/**
 * The preview LMS's server, on 127.0.0.1 only: the preview page and its inspector, the LMS
 * runtimes (scorm-again), the packages under /pkg/<target>/<lang>/, the stored learner data
 * per package (on disk, so it outlives reloads of the page and of the server), and a stream
 * of events for watch mode (rebuilt → relaunch; broken → overlay).
 */
import fs from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { PreviewLrs, type LrsData, type LrsEntry } from './lrs.ts';
import { lmsTargets, type LmsTarget, type PackageSource } from './packages.ts';

import { projectRoot } from '../paths.ts';

export { projectRoot };
const here = path.join(projectRoot, 'build', 'preview');

/** A problem shown in the page's overlay: where, what, and what to do. */
export interface OverlayProblem {
  rule: string;
  severity: 'error' | 'warning';
  /** Relative to the project root when inside it. */
  file: string;
  line: number;
  column: number;
  message: string;
  hint: string;
  /** Code frame: the line before and the line itself, numbered. */
  frame: { line: number; text: string }[];
}

/** Events the page receives on /api/events. */
export type PreviewEvent =
  | { type: 'reload'; reason: string; ms: number; at: number }
  | { type: 'problems'; problems: OverlayProblem[] }
  | { type: 'hello'; dev: boolean; problems: OverlayProblem[] }
  /** A request of a cmi5 AU to the preview's LRS. */
  | { type: 'lrs'; entry: LrsEntry };

export interface PreviewOptions {
  source: PackageSource;
  /** Where the learner data of each package is kept between runs. */
  stateDir: string;
  port?: number;
  /** Watch mode: the page listens for rebuilds and shows problems as an overlay. */
  dev?: boolean;
}

export interface PreviewServer {
  origin: string;
  port: number;
  /** Sends an event to every open preview page. */
  broadcast(event: PreviewEvent): void;
  /** The problems a newly opened page shows (watch mode). */
  setProblems(problems: OverlayProblem[]): void;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.xml': 'application/xml',
  '.xsd': 'application/xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
  // Recorded narration (audio/<lesson>/<slide>.<ext> in a package).
  '.m4a': 'audio/mp4',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
};

const vendor: Record<string, string> = {
  '/vendor/scorm2004.js': 'node_modules/scorm-again/dist/scorm2004.min.js',
  '/vendor/scorm12.js': 'node_modules/scorm-again/dist/scorm12.min.js',
};

let clientBundle: Promise<string> | null = null;

/** The page's script, bundled once per process from build/preview/client/. */
function bundleClient(): Promise<string> {
  clientBundle ??= esbuild
    .build({
      entryPoints: [path.join(here, 'client', 'main.ts')],
      bundle: true,
      format: 'iife',
      target: 'es2020',
      write: false,
      logLevel: 'silent',
      charset: 'utf8',
    })
    .then((r) => r.outputFiles[0]!.text);
  return clientBundle;
}

export async function startPreview(opts: PreviewOptions): Promise<PreviewServer> {
  const clients = new Set<ServerResponse>();
  let problems: OverlayProblem[] = [];
  fs.mkdirSync(opts.stateDir, { recursive: true });
  const stateFile = (target: string, lang: string) => path.join(opts.stateDir, `${target}-${lang}.json`);
  const broadcast = (event: PreviewEvent) => {
    for (const c of clients) c.write(`data: ${JSON.stringify(event)}\n\n`);
  };
  const lrs = new PreviewLrs(opts.stateDir, (entry) => broadcast({ type: 'lrs', entry }));

  const send = (res: ServerResponse, status: number, type: string, body: string | Uint8Array, headers: Record<string, string> = {}) => {
    const length = typeof body === 'string' ? Buffer.byteLength(body) : body.length;
    res.writeHead(status, { 'content-type': type, 'content-length': String(length), 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', ...headers }).end(body);
  };
  const json = (res: ServerResponse, status: number, value: unknown) => send(res, status, 'application/json', JSON.stringify(value));

  /**
   * A package file, whole or the range of bytes the request asks for, as Moodle's file server
   * answers: Chromium seeks in a recording only when the server says it serves ranges
   * (`Accept-Ranges: bytes`) and answers one with 206.
   */
  const sendPart = (req: IncomingMessage, res: ServerResponse, type: string, bytes: Uint8Array) => {
    const ranges = { 'accept-ranges': 'bytes' };
    // No validator is sent (no-store), so an `If-Range` never matches: the whole file (RFC 9110 §13.1.5).
    const part = req.headers['if-range'] === undefined ? byteRange(req.headers.range, bytes.length) : null;
    if (part === 'unsatisfiable') return send(res, 416, 'text/plain', `no byte of ${req.headers.range} is in this file of ${bytes.length} bytes`, { ...ranges, 'content-range': `bytes */${bytes.length}` });
    if (!part) return send(res, 200, type, bytes, ranges);
    return send(res, 206, type, bytes.subarray(part.start, part.end + 1), { ...ranges, 'content-range': `bytes ${part.start}-${part.end}/${bytes.length}` });
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Only this machine's own names: a web page elsewhere cannot reach the server through a
    // DNS name that points to 127.0.0.1 (DNS rebinding) and read or change the stored data.
    if (!/^(127\.0\.0\.1|localhost)(:\d+)?$/.test(req.headers.host ?? '')) return send(res, 403, 'text/plain', 'forbidden host');
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const p = decodeURIComponent(url.pathname);
    if (p === '/' || p === '/index.html') {
      return send(res, 200, TYPES['.html']!, fs.readFileSync(path.join(here, 'page.html')));
    }
    if (p === '/preview/app.js') return send(res, 200, TYPES['.js']!, await bundleClient());
    if (p === '/preview/page.css') return send(res, 200, TYPES['.css']!, fs.readFileSync(path.join(here, 'page.css')));
    if (vendor[p]) return send(res, 200, TYPES['.js']!, fs.readFileSync(path.join(projectRoot, vendor[p])));
    if (p === '/api/packages') return json(res, 200, await opts.source.list());
    if (p === '/api/events') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
      res.write(`data: ${JSON.stringify({ type: 'hello', dev: !!opts.dev, problems } satisfies PreviewEvent)}\n\n`);
      clients.add(res);
      req.on('close', () => clients.delete(res));
      return;
    }
    const state = /^\/api\/state\/([a-z0-9]+)\/([A-Za-z0-9-]+)$/.exec(p);
    if (state) {
      const file = stateFile(state[1]!, state[2]!);
      if (req.method === 'GET') {
        return fs.existsSync(file) ? send(res, 200, 'application/json', fs.readFileSync(file)) : json(res, 200, null);
      }
      if (req.method === 'PUT') {
        const body = await readBody(req);
        JSON.parse(body); // refuse anything that is not JSON before it reaches the disk
        fs.writeFileSync(`${file}.tmp`, body);
        fs.renameSync(`${file}.tmp`, file);
        return json(res, 200, { ok: true });
      }
      if (req.method === 'DELETE') {
        fs.rmSync(file, { force: true });
        if (state[1] === 'cmi5') lrs.forget(state[2]!);
        return json(res, 200, { ok: true });
      }
      return json(res, 405, { error: 'method not allowed' });
    }
    if (p.startsWith('/lrs/')) return lrs.handle(req, res, url, await readBody(req));
    const cmi5 = /^\/api\/cmi5\/(launch|data)\/([A-Za-z0-9-]+)$/.exec(p);
    if (cmi5) {
      const lang = cmi5[2]!;
      if (cmi5[1] === 'data') return json(res, 200, lrs.get(lang) satisfies LrsData | null);
      if (req.method !== 'POST') return json(res, 405, { error: 'method not allowed' });
      // Built first (watch mode builds on demand), so that the AU's declaration is known.
      await opts.source.files('cmi5', lang);
      const info = (await opts.source.list()).find((i) => i.target === 'cmi5' && i.lang === lang);
      if (!info?.au) return json(res, 404, { error: `no cmi5 package for ${lang}` });
      const { newAttempt } = JSON.parse((await readBody(req)) || '{}') as { newAttempt?: boolean };
      const origin = `http://${req.headers.host ?? '127.0.0.1'}`;
      return json(res, 200, lrs.launch(lang, info.courseId, info.au, origin, !!newAttempt));
    }
    if (p === '/api/cmi5/faults' && req.method === 'PUT') {
      const f = JSON.parse(await readBody(req)) as { fail?: unknown; delayMs?: unknown };
      lrs.faults.fail = f.fail === true;
      lrs.faults.delayMs = Math.min(10_000, Math.max(0, Number(f.delayMs) || 0));
      return json(res, 200, lrs.faults);
    }
    const pkg = /^\/pkg\/([a-z0-9]+)\/([A-Za-z0-9-]+)\/(.*)$/.exec(p);
    if (pkg && (lmsTargets as readonly string[]).includes(pkg[1]!)) {
      const target = pkg[1] as LmsTarget;
      let files;
      try {
        files = await opts.source.files(target, pkg[2]!);
      } catch (e) {
        return send(res, 500, 'text/plain; charset=utf-8', `The package could not be built: ${(e as Error).message}`);
      }
      const name = pkg[3] || 'index.html';
      const bytes = files?.get(name);
      if (!bytes) return send(res, 404, 'text/plain', 'not found');
      if (name.endsWith('.html')) {
        // Lets the browser fetch the player while it still parses the page (a relaunch is faster).
        const preload = [...files!.keys()].filter((f) => !f.includes('/') && /\.(js|css)$/.test(f));
        res.setHeader('link', preload.map((f) => `<${f}>; rel=preload; as=${f.endsWith('.js') ? 'script' : 'style'}`).join(', '));
      }
      return sendPart(req, res, TYPES[path.extname(name)] ?? 'application/octet-stream', bytes);
    }
    return send(res, 404, 'text/plain', 'not found');
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', String((e as Error).message ?? e));
    });
  });
  const port = await listen(server, opts.port ?? 0);
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    broadcast(event) {
      if (event.type === 'problems') problems = event.problems;
      if (event.type === 'reload') problems = [];
      broadcast(event);
    },
    setProblems(list) {
      problems = list;
    },
    close: () =>
      new Promise<void>((ok) => {
        for (const c of clients) c.end();
        server.close(() => ok());
        server.closeAllConnections();
      }),
  };
}

/**
 * The one range of bytes a `Range` header asks of a file of `size` bytes (RFC 9110 §14.1.2),
 * first and last byte included: `bytes=a-b` (a last byte past the end means the end), `bytes=a-`,
 * or the last n bytes `bytes=-n`. 'unsatisfiable' when it asks for no byte the file has (416).
 * null to send the whole file: no header, another unit, several ranges (which only a multipart
 * answer could carry, and no media element asks for), or one that does not parse — §14.2 lets a
 * server ignore each of these.
 */
export function byteRange(header: string | undefined, size: number): { start: number; end: number } | 'unsatisfiable' | null {
  const m = /^bytes=[ \t]*(\d*)-(\d*)[ \t]*$/i.exec(header ?? '');
  if (!m || (!m[1] && !m[2])) return null;
  if (!m[1]) {
    const last = Number(m[2]);
    return last === 0 || size === 0 ? 'unsatisfiable' : { start: Math.max(0, size - last), end: size - 1 };
  }
  const start = Number(m[1]);
  if (m[2] && Number(m[2]) < start) return null;
  if (start >= size) return 'unsatisfiable';
  return { start, end: m[2] ? Math.min(Number(m[2]), size - 1) : size - 1 };
}

/** Listens on 127.0.0.1; when the asked port is taken, on a free one. */
function listen(server: ReturnType<typeof createServer>, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (e: NodeJS.ErrnoException) => {
      if (e.code === 'EADDRINUSE' && port !== 0) {
        server.listen(0, '127.0.0.1');
      } else reject(e);
    };
    server.on('error', onError);
    server.once('listening', () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
    server.listen(port, '127.0.0.1');
  });
}

function readBody(req: IncomingMessage, limit = 8 * 1024 * 1024): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) reject(new Error('request body too large'));
      else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
