/**
 * A worker thread that runs targets for build/target-runner.ts: it loads the targets it is
 * told to expect as soon as it starts (their libraries take longer to import than to run), then
 * builds each job it receives and sends the files back.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Course } from './model.ts';
import { targets } from './targets/index.ts';
import type { TargetContext, TargetName } from './targets/target.ts';

export interface TargetJob {
  id: number;
  name: TargetName;
  course: Course;
  ctx: TargetContext;
}

export type TargetJobResult = { id: number; files: { path: string; contents: Uint8Array }[] } | { id: number; error: string };

const port = parentPort!;
for (const name of (workerData as { preload: TargetName[] }).preload) targets[name].load().catch(() => undefined);

port.on('message', async (job: TargetJob) => {
  try {
    const files = await (await targets[job.name].load()).build(job.course, job.ctx);
    port.postMessage({ id: job.id, files } satisfies TargetJobResult, files.map((f) => f.contents.buffer as ArrayBuffer));
  } catch (e) {
    port.postMessage({ id: job.id, error: (e as Error).stack ?? String(e) } satisfies TargetJobResult);
  }
});
