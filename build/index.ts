/**
 * The pipeline: load → validate into one `Course` → localise per language → targets → write.
 * Nothing is written unless every check passed.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { estimateStudyTime, type StudyTime } from './course/estimate.ts';
import { localize } from './course/localize.ts';
import { Diagnostics } from './diagnostics.ts';
import { encodeState, worstCaseState } from '../player/state.ts';
import type { PlayerCourse } from '../player/course-data.ts';
import { loadSources } from './load/index.ts';
import { moodleProfileDiagnostics, moodleProfileTextDiagnostics } from './moodle-profile.ts';
import type { Course } from './model.ts';
import { bundlePlayer } from './player-bundle.ts';
import { cmi5 } from './targets/cmi5/index.ts';
import { pptx, pptxOverflowWarnings } from './targets/pptx/index.ts';
import { scorm12, scorm12Problems } from './targets/scorm12/index.ts';
import { scorm2004 } from './targets/scorm2004/index.ts';
import { xlsx } from './targets/xlsx/index.ts';
import type { OutputFile, PlayerAssets, Target, TargetName } from './targets/target.ts';
import { validateCourse } from './validate/index.ts';
import { writeAtomically } from './write.ts';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const targets: Record<TargetName, Target> = { scorm2004, scorm12, cmi5, pptx, xlsx };
export const targetNames = Object.keys(targets) as TargetName[];

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

export interface Artefact {
  path: string;
  target: TargetName;
  lang: string;
  bytes: number;
  ms: number;
}

export interface BuildResult {
  ok: boolean;
  diagnostics: Diagnostics;
  course: Course | null;
  artefacts: Artefact[];
  files: OutputFile[];
  studyTimes: StudyTime[];
  /** Size of the bundled player per LMS standard. */
  playerBytes: Record<string, { js: number; css: number }>;
  ms: number;
}

/** Loads and checks the sources: the course model, or null with the reasons in `diagnostics`. */
export function loadCourse(contentDir: string, diagnostics = new Diagnostics(), opts: { variant?: string } = {}): { course: Course | null; diagnostics: Diagnostics } {
  const sources = loadSources(contentDir, diagnostics, opts);
  const course = sources ? validateCourse(sources, diagnostics) : null;
  // A problem found while loading (a slide without narration, say) fails the build too.
  return { course: diagnostics.errors.length ? null : course, diagnostics };
}

/** SCORM 1.2's `cmi.suspend_data` holds 4,096 characters; the whole learner state must fit. */
export const suspendDataLimit = 4096;

/** The largest state a learner can produce (every answer at its longest) must fit the limit. */
function checkLearnerStateFits(course: Course, localized: PlayerCourse, diagnostics: Diagnostics): void {
  const worst = encodeState(worstCaseState(localized)).length;
  if (worst > suspendDataLimit) {
    diagnostics.report(
      'SuspendDataTooLong',
      course.survey.pos,
      `In "${localized.lang}" the learner state can reach ${worst} characters, more than the ${suspendDataLimit} SCORM 1.2 stores in cmi.suspend_data.`,
    );
  }
}

export async function buildCourse(opts: BuildOptions): Promise<BuildResult> {
  const started = performance.now();
  const templatesDir = opts.templatesDir ?? path.join(projectRoot, 'templates');
  const playerDir = opts.playerDir ?? path.join(projectRoot, 'player');
  const selected = opts.targets ?? targetNames;
  const bundles = new Map<string, Promise<PlayerAssets>>();
  const player = (entry: string) => {
    if (!bundles.has(entry)) bundles.set(entry, bundlePlayer(playerDir, entry));
    return bundles.get(entry)!;
  };
  // esbuild bundles in its own process: start the players before loading the sources.
  for (const name of selected) {
    const entry = targets[name].playerEntry;
    if (entry) player(entry).catch(() => undefined);
  }
  const { course, diagnostics } = loadCourse(opts.contentDir, new Diagnostics(), { variant: opts.variant });
  const result: BuildResult = {
    ok: false,
    diagnostics,
    course,
    artefacts: [],
    files: [],
    studyTimes: [],
    playerBytes: {},
    ms: 0,
  };
  if (course) {
    const langs = opts.langs ?? course.languages.map((l) => l.code);
    for (const lang of langs) {
      if (!course.languages.some((l) => l.code === lang)) {
        throw new Error(`The course has no language "${lang}"; it has ${course.languages.map((l) => l.code).join(', ')}.`);
      }
    }
    for (const p of moodleProfileDiagnostics(course)) diagnostics.report(p.rule, p.pos, p.message, { hint: p.hint });
    const views = langs.map((lang) => {
      result.studyTimes.push(estimateStudyTime(course, lang));
      const localized = localize(course, lang);
      checkLearnerStateFits(course, localized, diagnostics);
      for (const p of moodleProfileTextDiagnostics(course, localized)) diagnostics.report(p.rule, p.pos, p.message, { hint: p.hint });
      if (selected.includes('pptx')) {
        for (const w of pptxOverflowWarnings(course, lang)) {
          diagnostics.report('ManuscriptOverflow', w.pos ?? { file: path.join(course.contentDir, 'course.yaml'), line: 1, column: 1 }, `[${lang}] The PowerPoint slide "${w.id}": ${w.message}`);
        }
      }
      return { lang, localized };
    });
    if (selected.includes('scorm12')) {
      for (const p of scorm12Problems(course)) diagnostics.report('Scorm12ChoiceId', p.pos, p.message);
    }
    if (diagnostics.errors.length === 0) {
      let index = 0;
      for (const { lang, localized } of views) {
        for (const name of selected) {
          opts.onProgress?.({ lang, target: name, index: ++index, total: views.length * selected.length });
          const t0 = performance.now();
          const files = await targets[name].build(course, { lang, localized, player, templatesDir, logoFile: course.variant?.logo ?? null });
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
  if (result.ok && opts.write !== false) {
    // A variant's files sit beside the base course's; a partial build keeps the others too.
    const partial = opts.langs !== undefined || opts.targets !== undefined || opts.variant !== undefined;
    writeAtomically(opts.outDir, result.files, { keepExisting: partial });
  }
  for (const [entry, assets] of bundles) {
    const { js, css } = await assets;
    result.playerBytes[entry] = { js: js.length, css: css.length };
  }
  result.ms = performance.now() - started;
  return result;
}
