/**
 * `npm run dev`: watch mode. Watches content/, templates/ and player/, rebuilds only what a
 * change touches, and serves the result in the preview LMS, which relaunches the course (the
 * player resumes on the same slide from the data the LMS stored).
 *
 * - content change  → the course is loaded and checked again; the bundled player is kept.
 * - player change   → the player is bundled again; the course model is kept.
 * - template change → templates are read again; both are kept.
 * Packages are then built again, in memory, for the pages that show them. Problems go to the
 * terminal and to an overlay in the page; the page keeps the last good build until they are fixed.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { localize } from './course/localize.ts';
import { Diagnostics, formatDiagnostic, SourceText, type Diagnostic, type RuleId } from './diagnostics.ts';
import { targets } from './index.ts';
import { courseLoader, lessonsLoader, questionsLoader, surveyLoader, uiLoader, type LoadContext, type LoadedSources, type Loader } from './load/index.ts';
import type { YamlSource } from './load/yaml.ts';
import { validateCourse } from './validate/index.ts';
import type { PlayerCourse } from '../player/course-data.ts';
import type { Course } from './model.ts';
import { moodleProfileDiagnostics, moodleProfileTextDiagnostics, type MoodleProfileProblem } from './moodle-profile.ts';
import { bundlePlayer } from './player-bundle.ts';
import { lmsTargets, unzipPackage, describePackage, type LmsTarget, type PackageFiles, type PackageInfo, type PackageSource } from './preview/packages.ts';
import { projectRoot, startPreview, type OverlayProblem, type PreviewServer } from './preview/server.ts';
import type { PlayerAssets } from './targets/target.ts';

export type ChangeKind = 'content' | 'templates' | 'player';

export interface DevOptions {
  contentDir: string;
  templatesDir?: string;
  playerDir?: string;
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

/**
 * A problem in Diagnostic form, so the house printer and the overlay show it alike. Its rule
 * may be one the catalog does not name yet (the Moodle profile, a failed player bundle).
 */
type Problem = Omit<Diagnostic, 'rule'> & { rule: RuleId | string };

/**
 * Keeps the course model, the bundled player per entry and the built packages in memory,
 * and drops only what a change makes stale.
 */
export class DevBuilder implements PackageSource {
  /** The last course that loaded without errors: the page keeps showing it while problems last. */
  course: Course | null = null;
  /** What the last load of the sources found, with the sources for code frames. */
  problems: Problem[] = [];
  sources = new Map<string, SourceText>();
  templatesDir: string;
  readonly playerDir: string;
  private readonly bundles = new Map<string, Promise<PlayerAssets>>();
  private readonly packages = new Map<string, Promise<PackageFiles>>();
  private readonly infos = new Map<string, PackageInfo>();
  /** Packages a page asked for: rebuilt right after each change. */
  readonly active = new Set<string>();
  private readonly templateCopies: string[] = [];
  private readonly localized = new Map<string, PlayerCourse>();
  private readonly parsed = new Map<string, { text: string; doc: YamlSource; source: SourceText }>();

  constructor(readonly contentDir: string, templatesDir: string, playerDir: string) {
    this.templatesDir = templatesDir;
    this.playerDir = playerDir;
  }

  /**
   * Loads and checks the sources again, as `loadCourse` does, but reuses the parsed YAML
   * files that did not change (parsing them is most of a load). Keeps the previous course
   * when the sources have errors.
   */
  loadContent(): void {
    const diagnostics = new Diagnostics();
    const sources = this.loadSources(diagnostics);
    let course = sources ? validateCourse(sources, diagnostics) : null;
    if (diagnostics.errors.length) course = null;
    const problems: Problem[] = [...diagnostics.list];
    // The Moodle-profile checks the build will make (see build/moodle-profile.ts).
    if (course) problems.push(...moodleProfileDiagnostics(course).map(fromMoodle));
    this.sources = diagnostics.sources;
    this.problems = problems;
    this.localized.clear();
    if (course && !problems.some((p) => p.severity === 'error')) this.course = course;
  }

  /** The course as one language sees it, made once per content change. */
  localize(lang: string): PlayerCourse {
    let l = this.localized.get(lang);
    if (!l) {
      l = localize(this.course!, lang);
      this.localized.set(lang, l);
    }
    return l;
  }

  /** Warnings about texts Moodle's reports show cut, for every language (slower: run after a reload). */
  textWarnings(): Problem[] {
    const course = this.course;
    return course ? course.languages.flatMap((l) => moodleProfileTextDiagnostics(course, this.localize(l.code)).map(fromMoodle)) : [];
  }

  private loadSources(diags: Diagnostics): LoadedSources | null {
    const ctx: LoadContext = { contentDir: this.contentDir, diags };
    const yaml = (loader: Loader<YamlSource>, name: string) => {
      const file = path.join(this.contentDir, name);
      let text: string;
      try {
        text = fs.readFileSync(file, 'utf8');
      } catch {
        return loader.load(ctx); // reports the missing file
      }
      const hit = this.parsed.get(file);
      if (hit && hit.text === text) {
        diags.sources.set(file, hit.source);
        return hit.doc;
      }
      const before = diags.list.length;
      const doc = loader.load(ctx);
      const source = diags.sources.get(file);
      // Only a clean parse is reused: a file with problems is read again, so they are reported again.
      if (doc && source && diags.list.length === before) this.parsed.set(file, { text, doc, source });
      else this.parsed.delete(file);
      return doc;
    };
    const course = yaml(courseLoader, 'course.yaml');
    const ui = yaml(uiLoader, 'ui.yaml');
    const survey = yaml(surveyLoader, 'survey.yaml');
    const questions = yaml(questionsLoader, 'questions.yaml');
    const lessons = lessonsLoader.load(ctx);
    if (!course || !lessons) return null;
    return { contentDir: path.resolve(this.contentDir), course, ui, survey, questions, lessons: lessons.byLang, lessonDirs: lessons.dirs, variant: null };
  }

  invalidatePlayer(): void {
    this.bundles.clear();
  }

  /**
   * Templates are compiled once per path and process (build/targets/package-files.ts), so a
   * changed template is read from a fresh copy of the folder.
   */
  invalidateTemplates(originalDir: string): void {
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'course-dev-templates-'));
    fs.cpSync(originalDir, copy, { recursive: true });
    this.templateCopies.push(copy);
    this.templatesDir = copy;
  }

  invalidatePackages(): void {
    this.packages.clear();
  }

  async list(): Promise<PackageInfo[]> {
    if (!this.course) return [];
    const out: PackageInfo[] = [];
    for (const target of this.lmsTargetNames()) {
      for (const lang of this.course.languages) {
        const key = `${target}/${lang.code}`;
        out.push(this.infos.get(key) ?? { key, target, lang: lang.code, courseId: this.course.id, title: this.course.title[lang.code] ?? this.course.id, launch: 'index.html', masteryScore: this.course.test.passingScore / 100 });
      }
    }
    return out;
  }

  files(target: LmsTarget, lang: string): Promise<PackageFiles | null> {
    if (!this.course || !this.lmsTargetNames().includes(target) || !this.course.languages.some((l) => l.code === lang)) return Promise.resolve(null);
    const key = `${target}/${lang}`;
    this.active.add(key);
    let p = this.packages.get(key);
    if (!p) {
      p = this.buildPackage(this.course, target, lang);
      this.packages.set(key, p);
      p.catch(() => this.packages.delete(key));
    }
    return p;
  }

  /** Builds every package a page has shown; rejects with the first failure. */
  async buildActive(): Promise<void> {
    await Promise.all([...this.active].map((k) => this.files(k.split('/')[0] as LmsTarget, k.split('/')[1]!)));
  }

  dispose(): void {
    for (const d of this.templateCopies) fs.rmSync(d, { recursive: true, force: true });
  }

  private lmsTargetNames(): LmsTarget[] {
    return lmsTargets.filter((t) => targets[t] !== undefined);
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

  private async buildPackage(course: Course, target: LmsTarget, lang: string): Promise<PackageFiles> {
    const files = await targets[target]!.build(course, { lang, localized: this.localize(lang), player: this.player, templatesDir: this.templatesDir });
    const zip = files.find((f) => f.path.endsWith('.zip'));
    if (!zip) throw new Error(`the ${target} target made no zip`);
    const unzipped = unzipPackage(zip.contents);
    this.infos.set(`${target}/${lang}`, describePackage(target, lang, course.id, unzipped));
    return unzipped;
  }
}

function fromMoodle(p: MoodleProfileProblem): Problem {
  return { rule: p.rule, severity: p.severity, ...p.pos, message: p.message, hint: p.hint, related: [] };
}

const rel = (f: string) => (f ? path.relative(process.cwd(), f) || f : f);

/** A thrown build error (esbuild, Handlebars, a target) as a problem with a place when it has one. */
function fromError(e: unknown, kinds: Set<ChangeKind>, changed: string[], sources: Map<string, SourceText>): Problem[] {
  const err = e as { errors?: { text: string; location?: { file: string; line: number; column: number } | null }[]; message?: string };
  if (Array.isArray(err.errors) && err.errors.length) {
    // esbuild: the player does not compile.
    return err.errors.map((m) => {
      const file = m.location ? path.resolve(m.location.file) : '';
      if (file && fs.existsSync(file)) sources.set(file, new SourceText(file, fs.readFileSync(file, 'utf8')));
      return {
        rule: 'PlayerBuildFailed',
        severity: 'error' as const,
        file,
        line: m.location?.line ?? 0,
        column: (m.location?.column ?? 0) + 1,
        message: m.text,
        hint: 'Fix the player source at the caret; the player is bundled with esbuild.',
        related: [],
      };
    });
  }
  const message = String(err.message ?? e);
  const line = Number(/on line (\d+)/.exec(message)?.[1] ?? 0);
  const file = kinds.has('templates') ? (changed.find((f) => f.includes(`${path.sep}templates${path.sep}`)) ?? '') : '';
  if (file && fs.existsSync(file)) sources.set(file, new SourceText(file, fs.readFileSync(file, 'utf8')));
  return [
    {
      rule: kinds.has('templates') ? 'TemplateFailed' : 'PackageBuildFailed',
      severity: 'error',
      file,
      line,
      column: 1,
      message: message.split('\n').slice(0, 6).join('\n'),
      hint: kinds.has('templates') ? 'Fix the Handlebars template; templates/ holds the HTML shell and the manifests.' : 'The package could not be built; the message says why.',
      related: [],
    },
  ];
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
  const templatesDir = path.resolve(opts.templatesDir ?? path.join(projectRoot, 'templates'));
  const playerDir = path.resolve(opts.playerDir ?? path.join(projectRoot, 'player'));
  const contentDir = path.resolve(opts.contentDir);
  const builder = new DevBuilder(contentDir, templatesDir, playerDir);
  const t0 = performance.now();
  builder.loadContent();
  const print = (problems: Problem[], sources: Map<string, SourceText>) => {
    for (const p of problems) log(`${formatDiagnostic(p as Diagnostic, sources, { color: opts.color })}\n`);
  };
  print(builder.problems, builder.sources);
  let server!: PreviewServer;
  server = await startPreview({ source: builder, stateDir: opts.stateDir, port: opts.port, dev: true });
  const errorsNow = () => builder.problems.filter((p) => p.severity === 'error');
  server.setProblems(errorsNow().map((p) => toOverlay(p, builder.sources)));
  log(`Loaded ${rel(contentDir)} in ${Math.round(performance.now() - t0)} ms${errorsNow().length ? ` with ${errorsNow().length} error(s)` : ''}.`);
  print(builder.textWarnings(), builder.sources);
  // A few loads while nobody waits let the JIT compile the loaders, so the first edit is fast too.
  for (let i = 0; i < 3 && builder.course; i++) {
    await new Promise((r) => setImmediate(r));
    builder.loadContent();
  }

  let running: Promise<RebuildReport> = Promise.resolve({ ok: true, ms: 0, problems: [] });
  const rebuild = (kinds: Set<ChangeKind>, changed: string[] = [], at = Date.now()): Promise<RebuildReport> => {
    running = running.then(async () => {
      const started = performance.now();
      if (kinds.has('content')) builder.loadContent();
      if (kinds.has('player')) builder.invalidatePlayer();
      if (kinds.has('templates')) builder.invalidateTemplates(templatesDir);
      builder.invalidatePackages();
      // Problems in the sources last until the sources change; a failed build is tried again.
      const problems: Problem[] = [...builder.problems];
      const failures: Problem[] = [];
      const sources = new Map(builder.sources);
      const what = `${[...kinds].join(' + ')}${changed.length ? ` (${changed.map(rel).join(', ')})` : ''}`;
      let reloaded = false;
      if (!problems.some((p) => p.severity === 'error')) {
        if (!kinds.has('player') && !kinds.has('templates')) {
          // The sources are good: the page relaunches while the package is built, and its
          // request waits for it. (A player or template change can still fail to build.)
          server.broadcast({ type: 'reload', reason: [...kinds].join(' + '), ms: Math.round(performance.now() - started), at });
          reloaded = true;
          // Let the event leave before the build takes the thread.
          await new Promise((r) => setImmediate(r));
        }
        const building = builder.buildActive();
        try {
          await building;
        } catch (e) {
          failures.push(...fromError(e, kinds, changed, sources));
        }
      }
      problems.push(...failures);
      const ms = Math.round(performance.now() - started);
      const errors = problems.filter((p) => p.severity === 'error');
      print(kinds.has('content') ? problems : failures, sources);
      const overlay = errors.map((p) => toOverlay(p, sources));
      if (errors.length) {
        log(`✗ ${what}: ${errors.length} error(s); the page shows them and keeps the last good build.`);
        server.broadcast({ type: 'problems', problems: overlay });
      } else {
        log(`✓ ${what}: rebuilt in ${ms} ms.`);
        if (!reloaded) server.broadcast({ type: 'reload', reason: [...kinds].join(' + '), ms, at });
        if (kinds.has('content')) setTimeout(() => print(builder.textWarnings(), builder.sources), 200);
      }
      return { ok: errors.length === 0, ms, problems: overlay };
    });
    return running;
  };

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
      await running.catch(() => undefined);
      await server.close();
      builder.dispose();
    },
  };
}

const help = `Usage: npm run dev -- [options]

Watch mode: serves the course in the preview LMS and rebuilds when content/, templates/ or
player/ change. The page relaunches the course on the same slide; problems appear here and
as an overlay in the page until they are fixed.

Options:
  --content <dir>   course sources (default: content)
  --port <n>        port on 127.0.0.1 (default: 4173; a free one when taken)
  --state <dir>     where the LMS data of each package is kept (default: .tmp/preview)
  --help            show this help
`;

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      options: {
        content: { type: 'string', default: 'content' },
        port: { type: 'string', default: '4173' },
        state: { type: 'string', default: path.join(projectRoot, '.tmp', 'preview') },
        help: { type: 'boolean', default: false },
      },
    }).values;
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n\n${help}`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(help);
    return 0;
  }
  const color = !!process.stdout.isTTY && !process.env['NO_COLOR'];
  const dev = await startDev({
    contentDir: args.content!,
    stateDir: args.state!,
    port: Number(args.port),
    color,
    log: (t) => process.stdout.write(`${t}\n`),
  });
  process.stdout.write(`Watching ${rel(path.resolve(args.content!))}, templates and player. Preview: ${dev.origin}/  (Ctrl+C to stop)\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await dev.close();
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  process.exitCode = await main();
}
