/**
 * Builds every artefact of a course through the targets themselves and prints each one's
 * size and SHA-256 as JSON, for comparing builds run under different time zones.
 *
 *   npx tsx test/support/build-artefacts.ts <contentDir>
 */
import { createHash } from 'node:crypto';
import { loadTargetAssets } from '../../build/assets.ts';
import { localize } from '../../build/course/localize.ts';
import { loadCourse } from '../../build/index.ts';
import { cmi5 } from '../../build/targets/cmi5/index.ts';
import { pptx } from '../../build/targets/pptx/index.ts';
import { scorm12 } from '../../build/targets/scorm12/index.ts';
import { scorm2004 } from '../../build/targets/scorm2004/index.ts';
import type { Target } from '../../build/targets/target.ts';
import { xlsx } from '../../build/targets/xlsx/index.ts';

export interface BuiltArtefact {
  path: string;
  bytes: number;
  sha256: string;
}

const contentDir = process.argv[2];
if (!contentDir) {
  process.stderr.write('usage: build-artefacts.ts <contentDir>\n');
  process.exit(2);
}
const targets: Target[] = [scorm2004, scorm12, cmi5, pptx, xlsx];
const { course, diagnostics } = loadCourse(contentDir);
if (!course) {
  process.stderr.write(diagnostics.errors.map((d) => `${d.rule} ${d.file}:${d.line}: ${d.message}`).join('\n') + '\n');
  process.exit(1);
}
const assets = await loadTargetAssets({ entries: targets.flatMap((t) => (t.playerEntry ? [t.playerEntry] : [])) });
const out: BuiltArtefact[] = [];
for (const { code: lang } of course.languages) {
  const ctx = { lang, localized: localize(course, lang), assets, logo: null };
  for (const t of targets) {
    for (const f of await t.build(course, ctx)) out.push({ path: f.path, bytes: f.contents.length, sha256: createHash('sha256').update(f.contents).digest('hex') });
  }
}
process.stdout.write(JSON.stringify(out));
