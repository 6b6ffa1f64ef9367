/** A tiny static file server on 127.0.0.1 for the browser tests: one origin, fixed mounts. */
import { createReadStream, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.xml': 'application/xml',
  '.xsd': 'application/xml',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.wav': 'audio/wav',
  '.m4a': 'audio/mp4',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
};

export interface StaticServer {
  origin: string;
  /** Every path requested, in order, with its status. */
  log: { path: string; status: number }[];
  close(): Promise<void>;
}

/** `mounts` maps a URL prefix (`/pkg/`) to a folder, or an exact path to a file. */
export async function serve(mounts: Record<string, string>): Promise<StaticServer> {
  const log: StaticServer['log'] = [];
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const file = resolveFile(mounts, path);
    let status = 404;
    if (file) {
      try {
        if (statSync(file).isFile()) status = 200;
      } catch {
        // not found
      }
    }
    log.push({ path, status });
    if (status !== 200 || !file) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const headers = { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store', 'accept-ranges': 'bytes' };
    // A byte range, as a web server (and Moodle's pluginfile.php) serves one: without it, Chromium
    // cannot seek in a recording it has not cached whole.
    const size = statSync(file).size;
    const range = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range ?? '');
    if (range && (range[1] || range[2])) {
      const start = range[1] ? Number(range[1]) : Math.max(0, size - Number(range[2]));
      const end = range[1] && range[2] ? Math.min(Number(range[2]), size - 1) : size - 1;
      if (start > end) {
        res.writeHead(416, { 'content-range': `bytes */${size}` }).end();
        return;
      }
      res.writeHead(206, { ...headers, 'content-range': `bytes ${start}-${end}/${size}`, 'content-length': end - start + 1 });
      createReadStream(file, { start, end }).pipe(res);
      return;
    }
    res.writeHead(200, headers);
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    log,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}

function resolveFile(mounts: Record<string, string>, path: string): string | null {
  for (const [prefix, target] of Object.entries(mounts)) {
    if (!prefix.endsWith('/')) {
      if (path === prefix) return target;
      continue;
    }
    if (!path.startsWith(prefix)) continue;
    const rel = normalize(path.slice(prefix.length));
    if (rel.startsWith('..') || rel.includes(`${sep}..`)) return null;
    return join(target, rel === '.' || rel === '' ? 'index.html' : rel);
  }
  return null;
}
