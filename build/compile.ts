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
import { estimateStudyTime, type StudyTime } from './course/estimate.ts';
import { localize } from './course/localize.ts';
import { Diagnostics } from './diagnostics.ts';
import { loadSources, type LoadCache } from './load/index.ts';
import type { Course, SurveyItem } from './model.ts';
import { moodleProfileDiagnostics, moodleProfileTextDiagnostics } from './moodle-profile.ts';
import type { SourceTree } from './sources.ts';
import { cmi5 } from './targets/cmi5/index.ts';
import { planDeck } from './targets/pptx/deck.ts';
import { scorm12, scorm12Problems } from './targets/scorm12/index.ts';
import { scorm2004 } from './targets/scorm2004/index.ts';
import type { OutputFile, PlayerAssets, Target, TargetName } from './targets/target.ts';
import { validateCourse } from './validate/index.ts';
import { SCORM12 } from '../player/spec/scorm12.ts';

/** The whole learner state must fit SCORM 1.2's cmi.suspend_data, the smallest of the standards. */
const SUSPEND_DATA_LIMIT = SCORM12.limits['cmi.suspend_data'];

/**
 * Every target, in build order. The LMS packages are small modules; the manuscripts load
 * pptxgenjs and exceljs, which take longer to import than to run, so they load only when built.
 */
export const targets: Record<TargetName, { playerEntry?: string; load(): Promise<Target> }> = {
  scorm2004: { playerEntry: scorm2004.playerEntry, load: async () => scorm2004 },
  scorm12: { playerEntry: scorm12.playerEntry, load: async () => scorm12 },
  cmi5: { playerEntry: cmi5.playerEntry, load: async () => cmi5 },
  pptx: { load: async () => (await import('./targets/pptx/index.ts')).pptx },
  xlsx: { load: async () => (await import('./targets/xlsx/index.ts')).xlsx },
};
export const targetNames = Object.keys(targets) as TargetName[];

/** The player entries the given targets embed. */
export function playerEntries(names: readonly TargetName[] = targetNames): string[] {
  return [...new Set(names.flatMap((n) => (targets[n].playerEntry ? [targets[n].playerEntry] : [])))];
}

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
  /** Called as each target of each language starts (the CLI shows it as progress). */
  onProgress?: (step: { lang: string; target: TargetName; index: number; total: number }) => void;
}

export interface Artefact {
  path: string;
  target: TargetName;
  lang: string;
  bytes: number;
  ms: number;
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

/** Loads and checks the sources: the course model, or null with the reasons in `diagnostics`. */
export function loadCourse(sources: SourceTree, diagnostics = new Diagnostics(), opts: { variant?: string; cache?: LoadCache } = {}): { course: Course | null; diagnostics: Diagnostics } {
  const loaded = loadSources(sources, diagnostics, opts);
  const course = loaded ? validateCourse(loaded, diagnostics) : null;
  // A problem found while loading (a slide without narration, say) fails the build too.
  return { course: diagnostics.errors.length ? null : course, diagnostics };
}

/**
 * The checks that need the whole course and each language's view of it: what Moodle would
 * refuse or cut, whether the largest learner state fits SCORM 1.2, choice ids a strict 1.2 LMS
 * refuses, and manuscript slides whose text does not fit.
 */
function checkCourse(course: Course, views: Map<string, PlayerCourse>, diagnostics: Diagnostics, sources: SourceTree): void {
  for (const p of moodleProfileDiagnostics(course)) diagnostics.report(p.rule, p.pos, p.message);
  for (const p of scorm12Problems(course)) diagnostics.report('Scorm12ChoiceId', p.pos, p.message);
  // The longest free-text item is what to shorten first: the diagnostic points at it.
  const longest = course.survey.items.reduce<SurveyItem | null>((m, i) => (i.type === 'text' && (!m || m.type !== 'text' || i.maxLength > m.maxLength) ? i : m), null);
  for (const [lang, localized] of views) {
    const worst = encodeState(worstCaseState(localized)).length;
    if (worst > SUSPEND_DATA_LIMIT) {
      diagnostics.report('SuspendDataTooLong', longest?.pos ?? course.survey.pos, `In "${lang}" the learner state can reach ${worst} characters, more than the ${SUSPEND_DATA_LIMIT} SCORM 1.2 stores in cmi.suspend_data.`);
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
  const { course, diagnostics } = loadCourse(opts.sources, new Diagnostics(), { variant: opts.variant, cache: opts.cache });
  const result: CompileResult = { ok: false, diagnostics, course, localized: new Map(), files: [], artefacts: [], studyTimes: [], playerBytes: {}, ms: 0 };
  if (course) {
    const codes = course.languages.map((l) => l.code);
    const langs = opts.langs ?? codes;
    const unknown = langs.filter((l) => !codes.includes(l));
    if (unknown.length) throw new Error(`The course has no language "${unknown.join('", "')}"; it has ${codes.join(', ')}.`);
    const views = new Map(codes.map((lang) => [lang, localize(course, lang)]));
    checkCourse(course, views, diagnostics, opts.sources);
    for (const lang of langs) {
      result.studyTimes.push(estimateStudyTime(course, lang));
      result.localized.set(lang, views.get(lang)!);
    }
    if (diagnostics.errors.length === 0) {
      const players = new Map<string, PlayerAssets>();
      for (const entry of playerEntries(selected)) {
        const p = await opts.assets.player(entry);
        players.set(entry, p);
        result.playerBytes[entry] = { js: p.js.length, css: p.css.length };
      }
      const assets = { templates: opts.assets.templates, players };
      const logo = course.variant?.logo ? opts.sources.bytes(course.variant.logo) : null;
      let index = 0;
      for (const lang of langs) {
        for (const name of selected) {
          opts.onProgress?.({ lang, target: name, index: ++index, total: langs.length * selected.length });
          const t0 = performance.now();
          const target = await targets[name].load();
          const files = await target.build(course, { lang, localized: views.get(lang)!, assets, logo });
          const ms = performance.now() - t0;
          for (const f of files) {
            result.files.push(f);
            result.artefacts.push({ path: f.path, target: name, lang, bytes: f.contents.length, ms: ms / files.length });
          }
        }
      }
      result.ok = true;
    }
  }
  result.ms = performance.now() - started;
  return result;
}
