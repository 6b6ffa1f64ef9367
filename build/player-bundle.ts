/**
 * Bundles the player in memory with esbuild: one entry per LMS standard
 * (player/entries/<standard>.ts), so a package carries only its own adapter, plus player.css (the
 * player's player.css and blocks.css, one after the other).
 *
 * Each entry is bundled twice. The player of a course without recorded narration gets
 * player/recording-none.ts instead of player/recording.ts and no recording.css: read-aloud is all
 * it offers, and its package stays as small as before narration. A package that carries
 * recordings gets the other (`PlayerAssets.recordings`); build/targets/package-files.ts chooses.
 *
 * The bundle of each entry is kept under node_modules/.cache/course-player/ with the size and
 * time of every file it was made from (esbuild's metafile), and reused while none of them
 * changed: the build then starts no esbuild process at all, which was about 0.3 s of CPU time
 * of every build on a two-core machine. Any edit in player/ makes the next build bundle again.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from './paths.ts';
import type { Plugin } from 'esbuild';
import type { PlayerAssets } from './targets/target.ts';

type Bundled = Required<PlayerAssets>;

const cacheRoot = path.join(projectRoot, 'node_modules', '.cache', 'course-player');

/**
 * Settings of the bundles; part of the cache key, so a change here bundles again. The script's
 * target is the syntax of the browsers the stylesheet's target names (Chrome 80, with Safari 13.1
 * and Firefox 74 at the same level): ES2020, whose `?.` and `??` then stay as they are instead of
 * being spelled out, 2.5 % of the player. Class fields are assigned in the constructor, the
 * shorter form when lowered: the player has no subclass whose fields could tell the difference.
 */
const common = { bundle: true, minify: true, write: false, logLevel: 'silent', legalComments: 'none', metafile: true } as const;
const jsOptions = { format: 'iife', target: 'es2020', charset: 'utf8', tsconfigRaw: { compilerOptions: { useDefineForClassFields: false } } } as const;
const cssOptions = { target: 'chrome80', charset: 'utf8' } as const;

interface Stamp {
  key: string;
  /** Absolute file → [mtimeMs, size]. */
  inputs: Record<string, [number, number]>;
}

/** The module that only a player for recordings carries, and what stands in for it in the others. */
const RECORDING = 'recording.ts';
const NO_RECORDING = 'recording-none.ts';

export async function bundlePlayer(playerDir: string, entry: string): Promise<Bundled> {
  const entryFile = path.resolve(playerDir, 'entries', `${entry}.ts`);
  // The package's one player.css: the player's own rules, then the visual blocks' (blocks.css),
  // then, with recordings, the recording's position (recording.css).
  const cssFiles = ['player.css', 'blocks.css', 'recording.css'].map((name) => path.resolve(playerDir, name));
  const key = JSON.stringify({ entryFile, cssFiles, common, jsOptions, cssOptions, swap: [RECORDING, NO_RECORDING], esbuild: esbuildVersion() });
  const dir = path.join(cacheRoot, createHash('sha256').update(key).digest('hex').slice(0, 16));
  const kept = readKept(dir, key);
  if (kept) return kept;
  const esbuild = await import('esbuild');
  const recordingFile = path.resolve(playerDir, RECORDING);
  let swapped = false;
  const withoutRecordings: Plugin = {
    name: 'without-recordings',
    setup(build) {
      build.onResolve({ filter: /recording\.ts$/ }, (args) => {
        if (path.resolve(args.resolveDir, args.path) !== recordingFile) return undefined;
        swapped = true;
        return { path: path.resolve(playerDir, NO_RECORDING) };
      });
    },
  };
  const [js, jsRecordings, css] = await Promise.all([
    esbuild.build({ ...common, ...jsOptions, entryPoints: [entryFile], plugins: [withoutRecordings] }),
    esbuild.build({ ...common, ...jsOptions, entryPoints: [entryFile] }),
    esbuild.build({ ...common, ...cssOptions, entryPoints: cssFiles, outdir: 'css' }),
  ]);
  if (!swapped) throw new Error(`Bundling the "${entry}" player without recordings: nothing imported player/${RECORDING}, so it could not be left out. player/narration.ts should import its recordingControls from './${RECORDING}'.`);
  const cssOut = cssFiles.map((f) => css.outputFiles.find((o) => path.basename(o.path) === path.basename(f))!.contents);
  const assets: Bundled = {
    js: js.outputFiles[0]!.contents,
    css: new Uint8Array(Buffer.concat(cssOut.slice(0, 2))),
    recordings: { js: jsRecordings.outputFiles[0]!.contents, css: new Uint8Array(Buffer.concat(cssOut)) },
  };
  keep(dir, key, assets, [...Object.keys(js.metafile.inputs), ...Object.keys(jsRecordings.metafile.inputs), ...Object.keys(css.metafile.inputs)]);
  return assets;
}

function esbuildVersion(): string {
  try {
    return (JSON.parse(fs.readFileSync(path.join(projectRoot, 'node_modules', 'esbuild', 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

function readKept(dir: string, key: string): Bundled | null {
  try {
    const stamp = JSON.parse(fs.readFileSync(path.join(dir, 'inputs.json'), 'utf8')) as Stamp;
    if (stamp.key !== key) return null;
    for (const [file, [mtimeMs, size]] of Object.entries(stamp.inputs)) {
      const st = fs.statSync(file);
      if (st.mtimeMs !== mtimeMs || st.size !== size) return null;
    }
    const read = (name: string) => new Uint8Array(fs.readFileSync(path.join(dir, name)));
    return { js: read('player.js'), css: read('player.css'), recordings: { js: read('recordings-player.js'), css: read('recordings-player.css') } };
  } catch {
    return null;
  }
}

/**
 * Writes the bundle and its stamp, each file whole by rename (another build may be reading),
 * the stamp last, so a half-written entry is never read.
 */
function keep(dir: string, key: string, assets: Bundled, inputs: string[]): void {
  try {
    const stamp: Stamp = { key, inputs: {} };
    // esbuild names inputs relative to the working folder.
    for (const f of new Set(inputs.map((i) => path.resolve(i)))) {
      const st = fs.statSync(f);
      stamp.inputs[f] = [st.mtimeMs, st.size];
    }
    fs.mkdirSync(dir, { recursive: true });
    const write = (name: string, data: Uint8Array | string) => {
      const tmp = path.join(dir, `${name}.${process.pid}.tmp`);
      fs.writeFileSync(tmp, data);
      fs.renameSync(tmp, path.join(dir, name));
    };
    fs.rmSync(path.join(dir, 'inputs.json'), { force: true });
    write('player.js', assets.js);
    write('player.css', assets.css);
    write('recordings-player.js', assets.recordings.js);
    write('recordings-player.css', assets.recordings.css);
    write('inputs.json', JSON.stringify(stamp));
  } catch {
    // A read-only install only loses the shortcut.
  }
}
