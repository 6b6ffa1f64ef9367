/**
 * The one compile: in-memory sources → load → validate into one `Course` → the course checks
 * → localise per language → targets → files in memory. The CLI, watch mode, the importer, the
 * bench and the tests all call it; only the CLI writes the files (build/index.ts).
 *
 * The checks do not depend on which targets or languages are asked for, so a partial build,
 * watch mode and the full build report the same diagnostics for the same sources.
 */
import type { PlayerCourse } from '../player/spec/course-data.ts';
import { encodeState, worstCaseState } from '../player/state.ts';
import { hasAudio, probeAudio, type AudioProbes } from './audio.ts';
import { estimateStudyTime, type StudyTime } from './course/estimate.ts';
import { localize, packageAudio } from './course/localize.ts';
import { Diagnostics } from './diagnostics.ts';
import { loadSources, type LoadCache } from './load/index.ts';
import type { Course, SurveyItem } from './model.ts';
import { moodleProfileDiagnostics, moodleProfileTextDiagnostics } from './moodle-profile.ts';
import type { SourceTree } from './sources.ts';
import { playerEntries, targetNames, targets } from './targets/index.ts';
import { planDeck } from './targets/pptx/deck.ts';
import { scorm12Problems } from './targets/scorm12/index.ts';
import type { OutputFile, PlayerAssets, TargetContext, TargetName } from './targets/target.ts';
import { maxLengthAt, validateCourse } from './validate/index.ts';
import { keyedAnswerProblems } from './validate/keyed-answers.ts';
import { SCORM12 } from '../player/spec/scorm12.ts';

/** The whole learner state must fit SCORM 1.2's cmi.suspend_data, the smallest of the standards. */
const SUSPEND_DATA_LIMIT = SCORM12.limits['cmi.suspend_data'];

export { playerEntries, targetNames, targets } from './targets/index.ts';

/**
 * Runs the targets. The default runs each here, one after the other; the CLI hands the
 * manuscripts to a worker thread (build/target-runner.ts), which draws them on the second core
 * while this thread builds the packages. The files are the same either way.
 */
export interface TargetRunner {
  /** Whether `name` runs elsewhere: such jobs start first and are collected at the end. */
  elsewhere(name: TargetName): boolean;
  run(name: TargetName, course: Course, ctx: TargetContext): Promise<OutputFile[]>;
}

export const runHere: TargetRunner = {
  elsewhere: () => false,
  run: async (name, course, ctx) => (await targets[name].load()).build(course, ctx),
};

/**
 * What the targets need besides the course. The player bundles are promises so that the caller
 * can start esbuild before the sources are read; `compile` awaits only those it needs.
 */
export interface CompileAssets {
  templates: ReadonlyMap<string, Uint8Array>;
  player(entry: string): Promise<PlayerAssets>;
}

export interface CompileOptions {
  sources: SourceTree;
  assets: CompileAssets;
  /** Languages to build; all of the course's when omitted. */
  langs?: string[];
  /** Targets to build; all when omitted; [] checks the sources and builds nothing. */
  targets?: readonly TargetName[];
  /** Build this company variant (variants/<name>/ of the sources) instead of the base course. */
  variant?: string;
  /** Parsed files kept between compiles (watch mode). */
  cache?: LoadCache;
  /** Where each target runs; here by default. */
  runTarget?: TargetRunner;
  /** Called as each target of each language starts (the CLI shows it as progress). */
  onProgress?: (step: { lang: string; target: TargetName; index: number; total: number }) => void;
}

export interface Artefact {
  path: string;
  target: TargetName;
  lang: string;
  bytes: number;
  ms: number;
  /**
   * The recorded narration an LMS package carries (stored in the zip as it is, so `bytes`
   * includes it): the package budget applies to the rest. Absent for a manuscript and for a
   * package without recordings.
   */
  audio?: { bytes: number; files: number };
}

export interface CompileResult {
  ok: boolean;
  diagnostics: Diagnostics;
  course: Course | null;
  /** The course as each built language sees it (the data the player embeds). */
  localized: Map<string, PlayerCourse>;
  files: OutputFile[];
  artefacts: Artefact[];
  studyTimes: StudyTime[];
  /** Size of the bundled player per LMS standard that was built. */
  playerBytes: Record<string, { js: number; css: number }>;
  ms: number;
}

/**
 * Loads and checks the sources: the course model, or null with the reasons in `diagnostics`.
 * A course with recorded narration needs its files measured first (`audio`, from
 * `await probeAudio(sources)`); `compile` does that itself.
 */
export function loadCourse(sources: SourceTree, diagnostics = new Diagnostics(), opts: { variant?: string; cache?: LoadCache; audio?: AudioProbes } = {}): { course: Course | null; diagnostics: Diagnostics } {
  if (!opts.audio && hasAudio(sources)) throw new Error(`${sources.root} holds recorded narration (audio/): measure it with \`await probeAudio(sources)\` and pass it as \`audio\`.`);
  const loaded = loadSources(sources, diagnostics, opts);
  const course = loaded ? validateCourse(loaded, diagnostics, opts.audio) : null;
  // A problem found while loading (a slide without narration, say) fails the build too.
  return { course: diagnostics.errors.length ? null : course, diagnostics };
}

/**
 * The checks that need the whole course and each language's view of it: what Moodle would
 * refuse or cut, whether the largest learner state fits SCORM 1.2, choice ids a strict 1.2 LMS
 * refuses, keyed answers that give themselves away by their length, and manuscript slides
 * whose text does not fit.
 */
function checkCourse(course: Course, views: Map<string, PlayerCourse>, diagnostics: Diagnostics, sources: SourceTree): void {
  for (const p of moodleProfileDiagnostics(course)) diagnostics.report(p.rule, p.pos, p.message);
  for (const p of scorm12Problems(course)) diagnostics.report(p.rule, p.pos, p.message);
  for (const p of keyedAnswerProblems(course)) diagnostics.report(p.rule, p.pos, p.message);
  // The longest free-text item is what to shorten first: the diagnostic points at its maxLength.
  const longest = course.survey.items.reduce<SurveyItem | null>((m, i) => (i.type === 'text' && (!m || m.type !== 'text' || i.maxLength > m.maxLength) ? i : m), null);
  const longestAt = longest ? (maxLengthAt.get(longest) ?? longest.pos) : course.survey.pos;
  for (const [lang, localized] of views) {
    const worst = encodeState(worstCaseState(localized)).length;
    if (worst > SUSPEND_DATA_LIMIT) {
      diagnostics.report('SuspendDataTooLong', longestAt, `In "${lang}" the learner state can reach ${worst} characters, more than the ${SUSPEND_DATA_LIMIT} SCORM 1.2 stores in cmi.suspend_data.`);
    }
    for (const p of moodleProfileTextDiagnostics(course, localized)) diagnostics.report(p.rule, p.pos, p.message);
    for (const s of planDeck(course, lang, localized).slides) {
      if (s.overflow) diagnostics.report('ManuscriptOverflow', s.pos ?? { file: sources.abs('course.yaml'), line: 1, column: 1 }, `[${lang}] The PowerPoint slide "${s.id}": ${s.overflow}`);
    }
  }
}

export async function compile(opts: CompileOptions): Promise<CompileResult> {
  const started = performance.now();
  const selected = opts.targets ?? targetNames;
  const audio = await probeAudio(opts.sources);
  const { course, diagnostics } = loadCourse(opts.sources, new Diagnostics(), { variant: opts.variant, cache: opts.cache, audio });
  const result: CompileResult = { ok: false, diagnostics, course, localized: new Map(), files: [], artefacts: [], studyTimes: [], playerBytes: {}, ms: 0 };
  if (course) {
    const codes = course.languages.map((l) => l.code);
    const langs = opts.langs ?? codes;
    const unknown = langs.filter((l) => !codes.includes(l));
    if (unknown.length) throw new Error(`The course has no language "${unknown.join('", "')}"; it has ${codes.join(', ')}.`);
    const views = new Map(codes.map((lang) => [lang, localize(course, lang)]));
    const runner = opts.runTarget ?? runHere;
    const logo = course.variant?.logo ? opts.sources.bytes(course.variant.logo) : null;
    const players = new Map<string, Promise<PlayerAssets>>(playerEntries(selected).map((entry) => [entry, opts.assets.player(entry)]));
    for (const p of players.values()) p.catch(() => undefined);
    type Job = { lang: string; name: TargetName; run(): Promise<{ files: OutputFile[]; ms: number }> };
    const jobs: Job[] = langs.flatMap((lang) =>
      selected.map((name) => ({
        lang,
        name,
        async run() {
          // A target gets the player it embeds, and only that one.
          const entry = targets[name].playerEntry;
          const own = new Map(entry ? [[entry, await players.get(entry)!]] : []);
          const t0 = performance.now();
          const files = await runner.run(name, course, { lang, localized: views.get(lang)!, assets: { templates: opts.assets.templates, players: own }, logo });
          return { files, ms: performance.now() - t0 };
        },
      })),
    );
    // Jobs that run elsewhere start now, while the checks run here; if a check fails, their
    // files are dropped. The others run here one at a time after the checks (so each one's time
    // is its own). The files are collected in the order of languages and targets.
    const away = new Map(jobs.filter((j) => runner.elsewhere(j.name)).map((j) => [j, j.run()]));
    for (const p of away.values()) p.catch(() => undefined);
    checkCourse(course, views, diagnostics, opts.sources);
    for (const lang of langs) {
      result.studyTimes.push(estimateStudyTime(course, lang));
      result.localized.set(lang, views.get(lang)!);
    }
    if (diagnostics.errors.length === 0) {
      for (const [entry, p] of players) {
        const { js, css } = await p;
        result.playerBytes[entry] = { js: js.length, css: css.length };
      }
      const done = new Map<Job, { files: OutputFile[]; ms: number }>();
      let index = 0;
      for (const job of jobs) {
        opts.onProgress?.({ lang: job.lang, target: job.name, index: ++index, total: jobs.length });
        if (!away.has(job)) done.set(job, await job.run());
      }
      for (const job of jobs) {
        const { files, ms } = done.get(job) ?? (await away.get(job)!);
        const recordings = targets[job.name].playerEntry ? packageAudio(course, job.lang) : [];
        const audio = recordings.length ? { bytes: recordings.reduce((n, r) => n + r.audio.bytes.length, 0), files: recordings.length } : null;
        for (const file of files) {
          result.files.push(file);
          result.artefacts.push({ path: file.path, target: job.name, lang: job.lang, bytes: file.contents.length, ms: ms / files.length, ...(audio ? { audio } : {}) });
        }
      }
      result.ok = true;
    }
  }
  result.ms = performance.now() - started;
  return result;
}
