/** Shared by the import tests: scratch copies of courses, manuscripts built from them, folder snapshots. */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildCourse } from '../../build/index.ts';
import { importManuscript, type ImportResult } from '../../build/import/index.ts';
import { fixturesDir, projectRoot } from '../support/fixture.ts';

export const manuscripts = path.join(fixturesDir, 'manuscripts');

/** A scratch copy of a course (`minimal` fixture or the real `content/`), without its variants unless asked. */
export function courseCopy(which: 'minimal' | 'content', opts: { variants?: boolean } = {}): string {
  const src = which === 'minimal' ? path.join(fixturesDir, 'minimal') : path.join(projectRoot, 'content');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `import-${which}-`));
  fs.cpSync(src, dir, { recursive: true });
  if (!opts.variants) fs.rmSync(path.join(dir, 'variants'), { recursive: true, force: true });
  return dir;
}

/** Every file under `dir` with a hash of its bytes, to show a folder was left as it was. */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    if (!fs.existsSync(d)) return;
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[path.relative(dir, p)] = createHash('sha256').update(fs.readFileSync(p)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

/** The manuscripts (pptx and both workbooks) of a course, written to a scratch folder. */
export async function buildManuscripts(contentDir: string, opts: { variant?: string; langs?: string[] } = {}): Promise<string[]> {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'import-manuscripts-'));
  const result = await buildCourse({ contentDir, outDir: out, targets: ['pptx', 'xlsx'], variant: opts.variant, langs: opts.langs });
  if (!result.ok) throw new Error(result.diagnostics.list.map((d) => d.message).join('\n'));
  return result.artefacts.map((a) => path.join(out, a.path));
}

export async function runImport(file: string, contentDir: string, variant: string, opts: { write?: boolean } = {}): Promise<ImportResult> {
  return importManuscript({ contentDir, file, variant, write: opts.write });
}

/** The summary as compact strings: "~ slide basics/two_views". */
export function changes(r: ImportResult): string[] {
  return r.summary.map((s) => `${s.sign} ${s.what}`);
}

/** Diagnostics as "rule: message" lines. */
export function problems(r: ImportResult): string[] {
  return r.diagnostics.list.map((d) => `${d.rule}: ${d.message}`);
}

export function read(dir: string, rel: string): string {
  return fs.readFileSync(path.join(dir, rel), 'utf8');
}
