/**
 * `npm run dev`: watch mode. Watches content/, templates/ and player/, rebuilds only what a
 * change touches, and serves the result in the preview LMS, which relaunches the course (the
 * player resumes on the same slide from the data the LMS stored).
 *
 * Every rebuild is one `compile` (build/compile.ts) of the packages the pages show, with the
 * same checks and the same variant as `npm run build`; what did not change is reused:
 * - content change  → the sources are read again; only files whose text changed are parsed.
 * - player change   → the player is bundled again; no source is parsed again.
 * - template change → templates are read again. Problems go to the
 * terminal and to an overlay in the page; the page keeps the last good build until they are fixed.
 */
import fs from 'node:fs';
import path from 'node:path';

import { bundlePlayer } from './player-bundle.ts';
import { defaultPlayerDir, defaultTemplatesDir, readSources, readTemplates } from './assets.ts';
import { compile, type CompileResult } from './compile.ts';
import { Diagnostics, formatDiagnostic, SourceText, type Diagnostic } from './diagnostics.ts';
import { LoadCache } from './load/index.ts';
import type { Course } from './model.ts';
import { lmsTargets, unzipPackage, describePackage, type LmsTarget, type PackageFiles, type PackageInfo, type PackageSource } from './preview/packages.ts';
import { projectRoot, startPreview, type OverlayProblem, type PreviewServer } from './preview/server.ts';
import type { PlayerAssets } from './targets/target.ts';

export type ChangeKind = 'content' | 'templates' | 'player';

export interface DevOptions {
  contentDir: string;
  templatesDir?: string;
  playerDir?: string;
  /** Serve this company variant (content/variants/<name>/) instead of the base course. */
  variant?: string;
  stateDir: string;
  port?: number;
  /** false: no file watching (tests and the benchmark call `rebuild` themselves). */
  watch?: boolean;
  /** Terminal output; silent when omitted. */
  log?: (text: string) => void;
  color?: boolean;
}

export interface RebuildReport {
  ok: boolean;
  /** Time from the start of the rebuild to the packages being ready. */
  ms: number;
  problems: OverlayProblem[];
}

type Problem = Diagnostic;

/**
 * Watch mode's side of `compile`: keeps the source tree, the parsed files (by content), the
 * templates and the bundled player per entry, and drops only what a change makes stale. Each
 * rebuild is one `compile` of the packages a page has shown, so it reports exactly what the
 * build reports for the same sources.
 */
export class DevBuilder implements PackageSource {
  /** The last course that compiled without errors: the page keeps showing it while problems last. */
  course: Course | null = null;
  /** What the last compile found, with the sources for code frames. */
  problems: Problem[] = [];
  sources = new Map<string, SourceText>();
  /** Parsed sources, reused while their text is unchanged. */
  readonly cache = new LoadCache();
  private tree;
  private templates;
  private readonly bundles = new Map<string, Promise<PlayerAssets>>();
  /** Packages of the last good compile, by `<target>/<lang>`. */
  private readonly packages = new Map<string, PackageFiles>();
  private readonly infos = new Map<string, PackageInfo>();
  /** Packages a page asked for: rebuilt on each change. */
  readonly active = new Set<string>();

  constructor(
    readonly contentDir: string,
    readonly templatesDir: string,
    readonly playerDir: string,
    readonly variant?: string,
  ) {
    this.tree = readSources(contentDir);
    this.templates = readTemplates(templatesDir);
  }

  /** Reads the sources again (parsing only the files whose text changed, at the next compile). */
  invalidateContent(): void {
    this.tree = readSources(this.contentDir);
  }

  invalidatePlayer(): void {
    this.bundles.clear();
  }

  invalidateTemplates(): void {
    this.templates = readTemplates(this.templatesDir);
  }

  private player = (entry: string): Promise<PlayerAssets> => {
    let b = this.bundles.get(entry);
    if (!b) {
      b = bundlePlayer(this.playerDir, entry);
      this.bundles.set(entry, b);
      b.catch(() => this.bundles.delete(entry));
    }
    return b;
  };

  /**
   * Compiles the packages in `keys` (all the active ones by default). On success they replace
   * the kept packages; with problems in the sources the last good build stays. A failure to
   * build (the player does not bundle, a template breaks) rejects.
   */
  async compile(keys: Iterable<string> = this.active): Promise<CompileResult> {
    const wanted = [...keys].map((k) => k.split('/') as [LmsTarget, string]);
    const result = await compile({
      sources: this.tree,
      assets: { templates: this.templates, player: this.player },
      variant: this.variant,
      cache: this.cache,
      targets: [...new Set(wanted.map(([t]) => t))],
      langs: wanted.length ? [...new Set(wanted.map(([, l]) => l))] : undefined,
    });
    this.problems = result.diagnostics.list;
    this.sources = result.diagnostics.sources;
    const course = result.course;
    if (!result.ok || !course) return result;
    this.course = course;
    for (const [target, lang] of wanted) {
      const zip = result.files.find((f) => f.path === `${course.id}-${lang}-${target}.zip`);
      if (!zip) throw new Error(`the ${target} target made no zip for ${lang}`);
      const files = unzipPackage(zip.contents);
      this.packages.set(`${target}/${lang}`, files);
      this.infos.set(`${target}/${lang}`, describePackage(target, lang, course.id, files));
    }
    return result;
  }

  async list(): Promise<PackageInfo[]> {
    if (!this.course) return [];
    const out: PackageInfo[] = [];
    for (const target of lmsTargets) {
      for (const lang of this.course.languages) {
        const key = `${target}/${lang.code}`;
        out.push(this.infos.get(key) ?? { key, target, lang: lang.code, courseId: this.course.id, title: this.course.title[lang.code] ?? this.course.id, launch: 'index.html', masteryScore: this.course.test.passingScore / 100 });
      }
    }
    return out;
  }

  async files(target: LmsTarget, lang: string): Promise<PackageFiles | null> {
    if (!this.course || !lmsTargets.includes(target) || !this.course.languages.some((l) => l.code === lang)) return null;
    const key = `${target}/${lang}`;
    this.active.add(key);
    if (!this.packages.has(key)) await this.queue(() => this.compile([key]));
    return this.packages.get(key) ?? null;
  }

  /** Compiles run one at a time: a page's request and a file change never compile at once. */
  private running: Promise<unknown> = Promise.resolve();
  queue<T>(job: () => Promise<T>): Promise<T> {
    const next = this.running.then(job, job);
    this.running = next.catch(() => undefined);
    return next;
  }
}

export const rel = (f: string) => (f ? path.relative(process.cwd(), f) || f : f);

/** A thrown build error (esbuild, Handlebars, a target) as diagnostics, with a place when it has one. */
function fromError(e: unknown, kinds: Set<ChangeKind>, changed: string[], templatesDir: string): Diagnostics {
  const diags = new Diagnostics();
  const err = e as { errors?: { text: string; location?: { file: string; line: number; column: number } | null }[]; message?: string };
  const withSource = (file: string) => {
    if (file && fs.existsSync(file)) diags.source(file, fs.readFileSync(file, 'utf8'));
    return file;
  };
  if (Array.isArray(err.errors) && err.errors.length) {
    // esbuild: the player does not compile.
    for (const m of err.errors) {
      const file = withSource(m.location ? path.resolve(m.location.file) : '');
      diags.report('PlayerBuildFailed', { file, line: m.location?.line ?? 0, column: (m.location?.column ?? 0) + 1 }, m.text);
    }
    return diags;
  }
  const message = String(err.message ?? e).split('\n').slice(0, 6).join('\n');
  const line = Number(/on line (\d+)/.exec(message)?.[1] ?? 0);
  if (kinds.has('templates')) {
    const file = withSource(changed.find((f) => f.startsWith(templatesDir + path.sep)) ?? '');
    diags.report('TemplateFailed', { file, line, column: 1 }, message);
  } else {
    diags.report('PackageBuildFailed', { file: '', line: 0, column: 0 }, message);
  }
  return diags;
}

export function toOverlay(p: Problem, sources: Map<string, SourceText>): OverlayProblem {
  const src = sources.get(p.file);
  const frame = src && p.line > 0 ? [p.line - 1, p.line].filter((l) => l >= 1).map((l) => ({ line: l, text: src.lineText(l) })) : [];
  const file = p.file.startsWith(projectRoot + path.sep) ? path.relative(projectRoot, p.file) : p.file;
  return { rule: String(p.rule), severity: p.severity, file, line: p.line, column: p.column, message: p.message, hint: p.hint, frame };
}

export interface DevServer {
  origin: string;
  builder: DevBuilder;
  server: PreviewServer;
  /** Runs a rebuild as a change of these kinds would (the watcher calls this too). */
  rebuild(kinds: Set<ChangeKind>, changed?: string[], at?: number): Promise<RebuildReport>;
  close(): Promise<void>;
}

export async function startDev(opts: DevOptions): Promise<DevServer> {
  const log = opts.log ?? (() => {});
  const templatesDir = path.resolve(opts.templatesDir ?? defaultTemplatesDir);
  const playerDir = path.resolve(opts.playerDir ?? defaultPlayerDir);
  const contentDir = path.resolve(opts.contentDir);
  const builder = new DevBuilder(contentDir, templatesDir, playerDir, opts.variant);
  const t0 = performance.now();
  const print = (problems: Problem[], sources: Map<string, SourceText>) => {
    for (const p of problems) log(`${formatDiagnostic(p, sources, { color: opts.color })}\n`);
  };
  // The first compile checks the sources and builds nothing: the page asks for its package.
  await builder.queue(() => builder.compile([]));
  print(builder.problems, builder.sources);
  const server: PreviewServer = await startPreview({ source: builder, stateDir: opts.stateDir, port: opts.port, dev: true });
  const errorsNow = () => builder.problems.filter((p) => p.severity === 'error');
  server.setProblems(errorsNow().map((p) => toOverlay(p, builder.sources)));
  log(`Loaded ${rel(contentDir)}${opts.variant ? ` (variant ${opts.variant})` : ''} in ${Math.round(performance.now() - t0)} ms${errorsNow().length ? ` with ${errorsNow().length} error(s)` : ''}.`);
  // A few compiles while nobody waits let the JIT compile the checks, so the first edit is fast too.
  for (let i = 0; i < 3 && builder.course; i++) await builder.queue(() => builder.compile([]));

  const rebuild = (kinds: Set<ChangeKind>, changed: string[] = [], at = Date.now()): Promise<RebuildReport> =>
    builder.queue(async () => {
      const started = performance.now();
      if (kinds.has('content')) builder.invalidateContent();
      if (kinds.has('player')) builder.invalidatePlayer();
      if (kinds.has('templates')) builder.invalidateTemplates();
      const what = `${[...kinds].join(' + ')}${changed.length ? ` (${changed.map(rel).join(', ')})` : ''}`;
      let problems: Problem[];
      let sources: Map<string, SourceText>;
      let printed: Problem[];
      try {
        await builder.compile();
        problems = builder.problems;
        sources = builder.sources;
        // Warnings about the sources are printed when the sources change, not on every player save.
        printed = kinds.has('content') ? problems : problems.filter((p) => p.severity === 'error');
      } catch (e) {
        const failed = fromError(e, kinds, changed, templatesDir);
        problems = failed.list;
        sources = failed.sources;
        printed = problems;
      }
      const ms = Math.round(performance.now() - started);
      const errors = problems.filter((p) => p.severity === 'error');
      print(printed, sources);
      const overlay = errors.map((p) => toOverlay(p, sources));
      if (errors.length) {
        log(`✗ ${what}: ${errors.length} error(s); the page shows them and keeps the last good build.`);
        server.broadcast({ type: 'problems', problems: overlay });
      } else {
        log(`✓ ${what}: rebuilt in ${ms} ms.`);
        server.broadcast({ type: 'reload', reason: [...kinds].join(' + '), ms, at });
      }
      return { ok: errors.length === 0, ms, problems: overlay };
    });

  const watchers: fs.FSWatcher[] = [];
  if (opts.watch !== false) {
    const pending = { kinds: new Set<ChangeKind>(), files: new Set<string>(), at: 0 };
    let timer: ReturnType<typeof setTimeout> | undefined;
    const watch = (dir: string, kind: ChangeKind) => {
      if (!fs.existsSync(dir)) return;
      watchers.push(
        fs.watch(dir, { recursive: true }, (_event, name) => {
          const file = name ? path.join(dir, name.toString()) : dir;
          // Editors' swap and backup files are not sources.
          if (/(~|\.sw[px]|\.tmp|\/4913|\/\.#[^/]*)$/.test(file)) return;
          if (!pending.kinds.size) pending.at = Date.now();
          pending.kinds.add(kind);
          pending.files.add(file);
          // A save is often several events (truncate, write, rename): wait for them to settle.
          clearTimeout(timer);
          timer = setTimeout(() => {
            const kinds = new Set(pending.kinds);
            const files = [...pending.files];
            const at = pending.at;
            pending.kinds.clear();
            pending.files.clear();
            void rebuild(kinds, files, at);
          }, 8);
        }),
      );
    };
    watch(contentDir, 'content');
    watch(templatesDir, 'templates');
    watch(playerDir, 'player');
  }

  return {
    origin: server.origin,
    builder,
    server,
    rebuild,
    async close() {
      for (const w of watchers) w.close();
      await builder.queue(async () => undefined);
      await server.close();
    },
  };
}
