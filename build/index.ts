/**
 * The build on disk: read the sources and the assets, call `compile`, write the files to the
 * output folder atomically. Everything else happens in memory in build/compile.ts.
 */
import { probeAudio, type AudioProbes } from './audio.ts';
import { bundlePlayers, defaultPlayerDir, defaultTemplatesDir, readSources, readTemplates } from './assets.ts';
import { compile, loadCourse as loadCourseTree, playerEntries, targetNames, type CompileResult } from './compile.ts';
import { Diagnostics } from './diagnostics.ts';
import type { Course } from './model.ts';
import { SourceTree } from './sources.ts';
import { targetRunner } from './target-runner.ts';
import type { TargetName } from './targets/target.ts';
import { writeAtomically } from './write.ts';

export { compile, targetNames, targets, type Artefact, type CompileResult } from './compile.ts';
export { probeAudio, type AudioProbes } from './audio.ts';

export interface BuildOptions {
  contentDir: string;
  outDir: string;
  /** Languages to build; all of the course's when omitted. */
  langs?: string[];
  /** Targets to build; all when omitted. */
  targets?: TargetName[];
  templatesDir?: string;
  playerDir?: string;
  /** Build this company variant (content/variants/<name>/) instead of the base course. */
  variant?: string;
  /** Called as each target of each language starts (the CLI shows it as progress). */
  onProgress?: (step: { lang: string; target: TargetName; index: number; total: number }) => void;
  /** false: return the files without writing them. */
  write?: boolean;
}

export type BuildResult = CompileResult;

/**
 * Loads and checks a course folder (read from disk) or a source tree: `compile` without targets.
 * A course with recorded narration needs `audio` (from `probeAudio`); `readCourse` measures it.
 */
export function loadCourse(sources: string | SourceTree, diagnostics = new Diagnostics(), opts: { variant?: string; audio?: AudioProbes } = {}): { course: Course | null; diagnostics: Diagnostics } {
  return loadCourseTree(typeof sources === 'string' ? readSources(sources) : sources, diagnostics, opts);
}

/** `loadCourse` for any course: measures its recorded narration first. */
export async function readCourse(sources: string | SourceTree, diagnostics = new Diagnostics(), opts: { variant?: string } = {}): Promise<{ course: Course | null; diagnostics: Diagnostics }> {
  const tree = typeof sources === 'string' ? readSources(sources) : sources;
  return loadCourseTree(tree, diagnostics, { ...opts, audio: await probeAudio(tree) });
}

export async function buildCourse(opts: BuildOptions): Promise<BuildResult> {
  const started = performance.now();
  const selected = opts.targets ?? targetNames;
  // esbuild bundles in its own process: start the players before reading the sources.
  const bundles = bundlePlayers(playerEntries(selected), opts.playerDir ?? defaultPlayerDir);
  for (const b of bundles.values()) b.catch(() => undefined);
  const runner = targetRunner(selected);
  const result = await compile({
    sources: readSources(opts.contentDir),
    assets: {
      templates: readTemplates(opts.templatesDir ?? defaultTemplatesDir),
      player: (entry) => bundles.get(entry) ?? Promise.reject(new Error(`No player bundle "${entry}" was started.`)),
    },
    langs: opts.langs,
    targets: opts.targets,
    variant: opts.variant,
    runTarget: runner,
    onProgress: opts.onProgress,
  }).finally(() => runner.close());
  if (result.ok && opts.write !== false) {
    // A variant's files sit beside the base course's; a partial build keeps the others too.
    const partial = opts.langs !== undefined || opts.targets !== undefined || opts.variant !== undefined;
    writeAtomically(opts.outDir, result.files, { keepExisting: partial });
  }
  result.ms = performance.now() - started;
  return result;
}
