/** Builds the real SCORM 2004 package with the project's build and unzips it for serving. */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { unzipSync } from 'fflate';
import { buildCourse } from '../../../build/index.ts';
import { projectRoot } from '../../../build/paths.ts';
import type { PlayerCourse } from '../../../player/spec/course-data.ts';

export { projectRoot };

export interface BuiltPackage {
  /** Folder holding the unzipped package. */
  dir: string;
  /** The course data embedded in its index.html. */
  course: PlayerCourse;
  /** Entry names in the zip. */
  entries: string[];
  cleanup(): void;
}

/** The package of the course in `contentDir` (the project's own course unless given). */
export async function buildPackage(lang = 'ja', contentDir = join(projectRoot, 'content')): Promise<BuiltPackage> {
  const tmp = mkdtempSync(join(tmpdir(), 'player-test-'));
  const outDir = join(tmp, 'dist');
  const result = await buildCourse({ contentDir, outDir, langs: [lang], targets: ['scorm2004'] });
  if (!result.ok || !result.course) {
    throw new Error(`build failed:\n${JSON.stringify(result.diagnostics, null, 1).slice(0, 4000)}`);
  }
  const zip = readFileSync(join(outDir, `${result.course.id}-${lang}-scorm2004.zip`));
  const dir = join(tmp, 'pkg');
  const files = unzipSync(new Uint8Array(zip));
  for (const [name, bytes] of Object.entries(files)) {
    if (name.endsWith('/')) continue;
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), bytes);
  }
  return {
    dir,
    course: embeddedCourse(readFileSync(join(dir, 'index.html'), 'utf8')),
    entries: Object.keys(files),
    cleanup: () => rmSync(tmp, { recursive: true, force: true }),
  };
}

export function embeddedCourse(html: string): PlayerCourse {
  const m = /<script type="application\/json" id="course-data">([\s\S]*?)<\/script>/.exec(html);
  if (!m) throw new Error('index.html has no course-data script');
  return JSON.parse(m[1]!) as PlayerCourse;
}
