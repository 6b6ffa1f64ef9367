/**
 * Writes a build's files to the output folder all at once: into a sibling temporary folder
 * first, then swapped in by rename, so a failed or interrupted build never leaves a
 * half-written dist/.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { OutputFile } from './targets/target.ts';

export function writeAtomically(outDir: string, files: OutputFile[], opts: { keepExisting: boolean }): void {
  const out = path.resolve(outDir);
  const stamp = `${process.pid}-${Date.now()}`;
  const tmp = `${out}.tmp-${stamp}`;
  const old = `${out}.old-${stamp}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  if (opts.keepExisting && fs.existsSync(out)) fs.cpSync(out, tmp, { recursive: true });
  else fs.mkdirSync(tmp, { recursive: true });
  try {
    for (const f of files) {
      const target = path.join(tmp, f.path);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, f.contents);
    }
  } catch (e) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  const had = fs.existsSync(out);
  if (had) fs.renameSync(out, old);
  fs.renameSync(tmp, out);
  if (had) fs.rmSync(old, { recursive: true, force: true });
}
