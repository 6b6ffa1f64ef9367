/** Copies of the fixture courses that a test may change without touching the originals. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const fixturesDir = path.resolve(import.meta.dirname, '..', 'fixtures');
export const projectRoot = path.resolve(import.meta.dirname, '..', '..');

export type Edit =
  | { file: string; replace: string; with: string }
  | { file: string; write: string | Uint8Array }
  | { file: string; remove: true };

/** A temporary copy of `test/fixtures/<name>` with the edits applied. */
export function fixtureCopy(name: string, edits: Edit[] = []): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `course-${name}-`));
  fs.cpSync(path.join(fixturesDir, name), dir, { recursive: true });
  for (const e of edits) {
    const file = path.join(dir, e.file);
    if ('remove' in e) fs.rmSync(file);
    else if ('write' in e) {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, e.write);
    }
    else {
      const text = fs.readFileSync(file, 'utf8');
      if (!text.includes(e.replace)) throw new Error(`fixture edit: "${e.replace}" not found in ${e.file}`);
      fs.writeFileSync(file, text.replace(e.replace, e.with));
    }
  }
  return dir;
}

/** 1-based line of the first occurrence of `needle` (after `after`, when given) in a file. */
export function lineOf(file: string, needle: string, after?: string): number {
  const text = fs.readFileSync(file, 'utf8');
  const from = after ? text.indexOf(after) : 0;
  const at = text.indexOf(needle, from < 0 ? 0 : from);
  if (at < 0) throw new Error(`"${needle}" not found in ${file}`);
  return text.slice(0, at).split('\n').length;
}
