#!/usr/bin/env node
// Runs one of the project's TypeScript commands (`node scripts/run.mjs build/cli.ts …`) as
// plain JavaScript. Node 20 cannot run TypeScript itself, and transpiling every module on every
// start (tsx) cost about half a second of each `npm run build`. So the command is bundled once
// with esbuild into node_modules/.cache/course-run/<command>/ (with the npm packages it uses;
// the manuscript libraries stay in chunks loaded only when built) and run from there. The bundle is made
// again whenever one of the files it was made from changed, so an edit in build/ or player/
// is never run stale: the check is a stat of each input (a few milliseconds).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const entry = process.argv[2];
if (!entry || !entry.endsWith('.ts')) {
  process.stderr.write('usage: node scripts/run.mjs <command.ts> [arguments…]\n');
  process.exit(2);
}
const name = entry.replace(/\.ts$/, '').replace(/[\\/]/g, '__');
const outDir = path.join(root, 'node_modules', '.cache', 'course-run', name);
const stampFile = path.join(outDir, 'inputs.json');
const outFile = path.join(outDir, `${path.basename(entry, '.ts')}.mjs`);
const workerEntry = 'build/target-worker.ts';

/** This file's own state: a changed launcher (its bundling options) makes every bundle stale. */
function launcherStamp() {
  const st = fs.statSync(fileURLToPath(import.meta.url));
  return `${st.mtimeMs}:${st.size}`;
}

/** The bundle is fresh when it exists and no input changed size or time since it was made. */
function fresh() {
  let stamp;
  try {
    stamp = JSON.parse(fs.readFileSync(stampFile, 'utf8'));
  } catch {
    return false;
  }
  if (stamp.entry !== entry || stamp.launcher !== launcherStamp() || !fs.existsSync(outFile)) return false;
  for (const [file, [mtimeMs, size]] of Object.entries(stamp.inputs)) {
    let st;
    try {
      st = fs.statSync(path.join(root, file));
    } catch {
      return false;
    }
    if (st.mtimeMs !== mtimeMs || st.size !== size) return false;
  }
  return true;
}

async function bundle() {
  const esbuild = await import('esbuild');
  const tmp = `${outDir}.tmp-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  const result = await esbuild.build({
    absWorkingDir: root,
    // The build's target worker (build/target-runner.ts) is started from a file of its own.
    entryPoints: { [path.basename(entry, '.ts')]: entry, ...(fs.existsSync(path.join(root, workerEntry)) ? { 'target-worker': workerEntry } : {}) },
    outdir: tmp,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // npm packages are bundled too: resolving and loading a few hundred CommonJS files was
    // about 0.4 s of every start. Outside stay esbuild (a native binary), the browser driver,
    // and the manuscript libraries with their JSZip: they load only when a manuscript is built,
    // and build/targets/jszip-parts.ts hooks the JSZip each of them loads from node_modules;
    // and resvg (a native binary that draws the deck's icons).
    external: ['esbuild', 'playwright-core', 'pptxgenjs', 'exceljs', 'jszip', '@resvg/resvg-js'],
    banner: { js: "import { createRequire as __courseRequire } from 'node:module'; const require = __courseRequire(import.meta.url);" },
    sourcemap: false,
    metafile: true,
    logLevel: 'error',
  });
  const inputs = {};
  for (const file of Object.keys(result.metafile.inputs)) {
    const st = fs.statSync(path.join(root, file));
    inputs[file] = [st.mtimeMs, st.size];
  }
  fs.writeFileSync(path.join(tmp, 'inputs.json'), JSON.stringify({ entry, launcher: launcherStamp(), inputs }));
  // Swap the whole folder in, so a concurrent run never sees half a bundle.
  fs.mkdirSync(path.dirname(outDir), { recursive: true });
  const old = `${outDir}.old-${process.pid}`;
  try {
    if (fs.existsSync(outDir)) fs.renameSync(outDir, old);
    fs.renameSync(tmp, outDir);
  } catch (e) {
    // Another run swapped in its bundle of the same files at the same moment: use that one.
    if (!fs.existsSync(outFile)) throw e;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
    fs.rmSync(old, { recursive: true, force: true });
  }
}

if (!fresh()) await bundle();
// The command sees itself as the script being run (watch mode checks argv[1] to start its CLI).
process.argv.splice(1, 2, outFile);
process.setSourceMapsEnabled(true);
await import(pathToFileURL(outFile).href);
