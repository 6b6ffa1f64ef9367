/**
 * One cold build in its own process, for the benchmark: every registered target, every
 * language. Prints the result as JSON on stdout.
 *
 *   node --import tsx bench/cold-build.ts <contentDir> <outDir>
 */
import { buildCourse } from '../build/index.ts';

const [contentDir, outDir] = process.argv.slice(2);
if (!contentDir || !outDir) {
  process.stderr.write('usage: cold-build.ts <contentDir> <outDir>\n');
  process.exit(2);
}
const result = await buildCourse({ contentDir, outDir });
process.stdout.write(
  JSON.stringify({
    ok: result.ok,
    ms: result.ms,
    artefacts: result.artefacts.map((a) => ({ path: a.path, target: a.target, lang: a.lang, bytes: a.bytes, ms: a.ms })),
    errors: result.diagnostics.errors.map((d) => `${d.rule} ${d.file}:${d.line}: ${d.message}`),
  }),
);
