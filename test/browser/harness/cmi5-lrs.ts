/**
 * A real LRS for the cmi5 tests: Learning Locker's statement service (`xapi-statements`) in
 * memory, bound to 127.0.0.1, as ../shared/conformance/README.md starts it. It has the
 * Statement API only (no State API), so the test's LMS (cmi5-lms.ts) serves LMS.LaunchData.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import type { Statement } from '@xapi/xapi';
import { scaled } from '../../support/time-scale.ts';
import { projectRoot } from './package.ts';

/** Binds every listen() of the service to loopback: it would otherwise listen on all interfaces. */
const LOOPBACK_ONLY =
  "const n=require('net'),l=n.Server.prototype.listen;n.Server.prototype.listen=function(p,...a){return l.call(this,p,'127.0.0.1',...a.filter(f=>typeof f==='function'))};require('xapi-statements/dist/server.js')";

export const XAPI_HEADERS = { 'X-Experience-API-Version': '1.0.3', Authorization: `Basic ${Buffer.from('lms:secret').toString('base64')}` };

export interface Lrs {
  /** Base endpoint, `http://127.0.0.1:<port>/xAPI/`. */
  endpoint: string;
  /** Every statement of a registration, as stored, in stored order. */
  statements(registration: string): Promise<Statement[]>;
  post(statement: Statement): Promise<void>;
  /** What the service printed, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

export async function startLrs(): Promise<Lrs> {
  const port = await freePort();
  let out = '';
  const child: ChildProcess = spawn(process.execPath, ['-e', LOOPBACK_ONLY], {
    cwd: projectRoot,
    env: { ...process.env, EXPRESS_PORT: String(port), AUTH_REPO: 'test', EVENTS_REPO: 'test', MODELS_REPO: 'memory', STORAGE_REPO: 'memory', NODE_NO_WARNINGS: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<void>((ok) => child.once('exit', () => ok()));
  const endpoint = `http://127.0.0.1:${port}/xAPI/`;
  const wait = scaled(30_000);
  const deadline = Date.now() + wait;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`xapi-statements exited (${child.exitCode}):\n${out}`);
    const ok = await fetch(`${endpoint}about`, { headers: XAPI_HEADERS }).then((r) => r.ok, () => false);
    if (ok) break;
    if (Date.now() > deadline) {
      child.kill();
      throw new Error(`xapi-statements did not answer /xAPI/about within ${Math.round(wait / 1000)} s:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    endpoint,
    async statements(registration) {
      const all: Statement[] = [];
      let url: string | null = `${endpoint}statements?registration=${encodeURIComponent(registration)}&ascending=true&limit=500`;
      while (url) {
        const res = await fetch(url, { headers: XAPI_HEADERS });
        if (!res.ok) throw new Error(`GET statements: ${res.status} ${await res.text()}`);
        const body = (await res.json()) as { statements: Statement[]; more?: string };
        all.push(...body.statements);
        url = body.more ? new URL(body.more, endpoint).href : null;
      }
      return all;
    },
    async post(statement) {
      const res = await fetch(`${endpoint}statements`, {
        method: 'POST',
        headers: { ...XAPI_HEADERS, 'Content-Type': 'application/json' },
        body: JSON.stringify(statement),
      });
      if (!res.ok) throw new Error(`POST statement: ${res.status} ${await res.text()}`);
    },
    output: () => out,
    async stop() {
      if (child.exitCode === null) child.kill();
      await exited;
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => ok(port));
    });
  });
}
