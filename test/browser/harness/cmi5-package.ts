/** Builds the cmi5 package with the project's build and unzips it for serving. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { buildCourse, loadCourse, targets } from '../../../build/index.ts';
import { cmi5 } from '../../../build/targets/cmi5/index.ts';
import type { OutputFile } from '../../../build/targets/target.ts';
import type { PlayerCourse } from '../../../player/spec/course-data.ts';
import { packageAssets, targetContext } from '../../support/target-context.ts';
import { embeddedCourse, projectRoot } from './package.ts';

/**
 * The cmi5 zips of a course, one per language, in memory. Through `buildCourse` once the
 * target is registered in build/index.ts; until then the target is called the way the build
 * calls it (same localisation, same player bundle).
 */
export async function buildCmi5Zips(contentDir: string, langs?: string[]): Promise<OutputFile[]> {
  if (targets.cmi5) {
    const result = await buildCourse({ contentDir, outDir: '', langs, targets: ['cmi5'], write: false });
    if (!result.ok) throw new Error(`build failed:\n${JSON.stringify(result.diagnostics, null, 1).slice(0, 4000)}`);
    return result.files;
  }
  const { course, diagnostics } = loadCourse(contentDir);
  if (!course) throw new Error(`build failed:\n${JSON.stringify(diagnostics, null, 1).slice(0, 4000)}`);
  const assets = await packageAssets(['cmi5']);
  const files: OutputFile[] = [];
  for (const lang of langs ?? course.languages.map((l) => l.code)) {
    files.push(...(await cmi5.build(course, targetContext(course, lang, assets))));
  }
  return files;
}

export interface BuiltCmi5Package {
  /** Folder holding the unzipped package. */
  dir: string;
  course: PlayerCourse;
  /** cmi5.xml as text. */
  structure: string;
  /** The AU's publisher id, moveOn and masteryScore, as cmi5.xml states them. */
  au: { id: string; moveOn: string; masteryScore: number | undefined };
  zip: Uint8Array;
  cleanup(): void;
}

export async function buildCmi5Package(lang = 'ja', contentDir = join(projectRoot, 'content')): Promise<BuiltCmi5Package> {
  const [file] = await buildCmi5Zips(contentDir, [lang]);
  if (!file) throw new Error('the cmi5 target produced no zip');
  const tmp = mkdtempSync(join(tmpdir(), 'cmi5-test-'));
  const dir = join(tmp, 'pkg');
  const entries = unzipSync(file.contents);
  for (const [name, bytes] of Object.entries(entries)) {
    if (name.endsWith('/')) continue;
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), bytes);
  }
  const structure = strFromU8(entries['cmi5.xml']!);
  const au = /<au id="([^"]+)" moveOn="([^"]+)"(?: masteryScore="([^"]+)")?/.exec(structure);
  if (!au) throw new Error('cmi5.xml has no <au> with id and moveOn');
  return {
    dir,
    course: embeddedCourse(strFromU8(entries['index.html']!)),
    structure,
    au: { id: au[1]!, moveOn: au[2]!, masteryScore: au[3] === undefined ? undefined : Number(au[3]) },
    zip: file.contents,
    cleanup: () => rmSync(tmp, { recursive: true, force: true }),
  };
}
