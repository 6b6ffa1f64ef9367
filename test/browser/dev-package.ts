/**
 * Builds a package-like folder from the player sources and a hand-written course
 * (fixtures/course.json + content/ui.yaml), shaped like the lead's index.html template:
 * for developing the player and for its unit-level checks, independent of build/.
 *
 *   npx tsx test/browser/dev-package.ts [outDir]     (default .tmp/player-dev)
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';
import { parse } from 'yaml';
import type { PlayerCourse } from '../../player/spec/course-data.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The player bundled the way the build bundles it (IIFE, minified, es2019). */
export async function bundlePlayer(): Promise<{ js: string; css: string }> {
  const js = await esbuild.build({
    entryPoints: [join(root, 'player/entries/scorm2004.ts')],
    bundle: true,
    format: 'iife',
    minify: true,
    target: 'es2019',
    write: false,
    legalComments: 'none',
  });
  const css = await esbuild.build({
    // The package's player.css is player.css then blocks.css (build/player-bundle.ts).
    stdin: { contents: '@import "./player.css";\n@import "./blocks.css";\n', resolveDir: join(root, 'player'), loader: 'css' },
    bundle: true,
    minify: true,
    write: false,
    target: ['chrome90', 'safari14', 'firefox90'],
  });
  return { js: js.outputFiles[0]!.text, css: css.outputFiles[0]!.text };
}

export function uiLabels(lang: string): Record<string, string> {
  const doc = parse(readFileSync(join(root, 'content/ui.yaml'), 'utf8')) as Record<string, Record<string, string>>;
  return Object.fromEntries(Object.entries(doc).map(([k, v]) => [k, v[lang] ?? '']));
}

export function fixtureCourse(lang = 'ja'): PlayerCourse {
  const course = JSON.parse(readFileSync(join(root, 'test/browser/fixtures/course.json'), 'utf8')) as PlayerCourse;
  return { ...course, lang, ui: uiLabels(lang) };
}

export function indexHtml(course: PlayerCourse): string {
  const data = JSON.stringify(course).replace(/</g, '\\u003c');
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return (
    `<!doctype html><html lang="${course.lang}"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">` +
    // The same policy as the build's template: nothing may load from elsewhere.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'none'; font-src 'none'; object-src 'none'; base-uri 'none'">` +
    `<title>${esc(course.title)}</title>` +
    `<link rel="stylesheet" href="player.css"></head><body><div id="app"></div>` +
    `<script type="application/json" id="course-data">${data}</script><script src="player.js"></script></body></html>`
  );
}

export async function writeDevPackage(outDir: string, course: PlayerCourse = fixtureCourse()): Promise<void> {
  const { js, css } = await bundlePlayer();
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'player.js'), js);
  writeFileSync(join(outDir, 'player.css'), css);
  writeFileSync(join(outDir, 'index.html'), indexHtml(course));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = resolve(process.argv[2] ?? join(root, '.tmp/player-dev'));
  await writeDevPackage(out);
  const { js, css } = await bundlePlayer();
  const gz = (s: string) => gzipSync(s, { level: 9 }).length;
  console.log(`wrote ${out}`);
  console.log(`player.js  ${js.length} B raw, ${gz(js)} B gzip`);
  console.log(`player.css ${css.length} B raw, ${gz(css)} B gzip`);
  console.log(`together   ${js.length + css.length} B raw, ${gz(js) + gz(css)} B gzip`);
}
