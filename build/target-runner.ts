/**
 * Runs the manuscripts in a worker thread while the main thread builds the packages: the
 * machines this runs on have two cores, and the Excel workbooks (exceljs) are the slowest part
 * of a full build. Only the bundled commands (scripts/run.mjs) have the worker as JavaScript;
 * elsewhere (tests, tsx) every target runs in the main thread, with the same result.
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { runHere, type TargetRunner } from './compile.ts';
import type { TargetJob, TargetJobResult } from './target-worker.ts';
import type { OutputFile, TargetName } from './targets/target.ts';

/** The targets that go to the worker; the PowerPoint stays here, after the packages. */
const inWorker: readonly TargetName[] = ['xlsx'];

export interface ClosableRunner extends TargetRunner {
  close(): Promise<void>;
}

/** A runner with a worker for the manuscripts among `selected`, or the plain one when none can start. */
export function targetRunner(selected: readonly TargetName[]): ClosableRunner {
  const script = new URL('./target-worker.mjs', import.meta.url);
  const away = selected.filter((n) => inWorker.includes(n));
  if (!away.length || script.protocol !== 'file:' || !fs.existsSync(fileURLToPath(script))) return { ...runHere, close: async () => undefined };
  const worker = new Worker(script, { workerData: { preload: away } });
  const pending = new Map<number, { resolve: (f: OutputFile[]) => void; reject: (e: Error) => void }>();
  let next = 0;
  worker.on('message', (r: TargetJobResult) => {
    const p = pending.get(r.id);
    pending.delete(r.id);
    if ('error' in r) p?.reject(new Error(`in the target worker: ${r.error}`));
    else p?.resolve(r.files);
  });
  const fail = (e: Error) => {
    for (const p of pending.values()) p.reject(e);
    pending.clear();
  };
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`the target worker stopped (exit code ${code})`)));
  return {
    elsewhere: (name) => away.includes(name),
    run(name, course, ctx) {
      if (!away.includes(name)) return runHere.run(name, course, ctx);
      const id = ++next;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.postMessage({ id, name, course, ctx } satisfies TargetJob);
      });
    },
    async close() {
      await worker.terminate();
    },
  };
}
