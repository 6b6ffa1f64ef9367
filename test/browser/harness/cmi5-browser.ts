/** Browser-side helpers of the cmi5 tests: the LMS page, the AU frame, waiting on the LRS. */
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import type { Statement } from '@xapi/xapi';
import type { Lrs } from './cmi5-lrs.ts';
import { VERB } from './cmi5-rules.ts';
import { projectRoot } from './package.ts';
import { serve, type StaticServer } from './server.ts';
import { scaled } from '../../support/time-scale.ts';

/** The unzipped package under /pkg/, the harness pages under /harness/, @xapi/cmi5's browser build under /vendor/. */
export function serveCmi5(packageDir: string): Promise<StaticServer> {
  return serve({
    '/pkg/': packageDir,
    '/harness/': join(projectRoot, 'test/browser/harness'),
    '/vendor/cmi5.esm.js': join(projectRoot, 'node_modules/@xapi/cmi5/dist/Cmi5.esm.js'),
  });
}

/** The LMS page launches the AU in a frame; resolves once the course shows its first screen. */
export async function launchInLms(page: Page, origin: string, launchUrl: string): Promise<Frame> {
  if (!page.url().startsWith(`${origin}/harness/cmi5-lms.html`)) await page.goto(`${origin}/harness/cmi5-lms.html`);
  await page.evaluate((url) => (window as unknown as { launchAu(u: string): void }).launchAu(url), launchUrl);
  const handle = await page.waitForSelector('iframe');
  const frame = (await handle.contentFrame())!;
  await frame.waitForSelector('main h1');
  return frame;
}

/** Polls the LRS until the registration's statements satisfy `done` (15 s at most on an idle machine). */
export async function statementsWhen(lrs: Lrs, registration: string, done: (s: Statement[]) => boolean, what = 'the expected statements'): Promise<Statement[]> {
  const deadline = Date.now() + scaled(15_000);
  for (;;) {
    const all = await lrs.statements(registration);
    if (done(all)) return all;
    if (Date.now() > deadline) throw new Error(`The LRS never held ${what}; it has: ${all.map((s) => s.verb.id.split('/').pop()).join(', ')}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

export const endsWithTerminated = (sessionId: string) => (all: Statement[]) =>
  all.some((s) => s.verb.id === VERB.terminated && JSON.stringify(s.context?.extensions ?? {}).includes(sessionId));

/** The statements waiting in the AU's localStorage queue. */
export function queuedStatements(frame: Frame): Promise<Statement[]> {
  return frame.evaluate(() =>
    Object.keys(localStorage)
      .filter((k) => k.startsWith('cmi5-outbox:'))
      .flatMap((k) => JSON.parse(localStorage.getItem(k) ?? '[]') as Statement[]),
  );
}

export const verbsOf = (statements: Statement[]) => statements.map((s) => s.verb.id.split('/').pop());
