/**
 * Import: an edited manuscript (PowerPoint or Excel) → the company variant's sources.
 *
 * open the untrusted file safely (package.ts) → tell which course, language and manuscript it
 * is → make the same manuscript from the course it came from and read both the same way →
 * compare (pptx-diff.ts, xlsx-diff.ts) → draft the variant's files (variant.ts) → write them
 * all at once, or nothing when anything was wrong or nothing changed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { readSources } from '../assets.ts';
import { audioFormats, probeAudio, probeRecording } from '../audio.ts';
import { compile, loadCourse } from '../compile.ts';
import { textFor } from '../course/localize.ts';
import { Diagnostics, didYouMean, type RuleId } from '../diagnostics.ts';
import type { Course, Lang } from '../model.ts';
import type { SourceTree } from '../sources.ts';
import { planDeck } from '../targets/pptx/deck.ts';
import type { OutputFile } from '../targets/target.ts';
import { organisationValues } from '../validate/placeholders.ts';
import { writeAtomically } from '../write.ts';
import { manuscriptKeywords, openPackage, type OoxmlPackage } from './package.ts';
import { diffDeck } from './pptx-diff.ts';
import { slideRecordings } from './pptx-audio.ts';
import { type ReadDeck, readDeck } from './pptx-read.ts';
import { ImportReport } from './report.ts';
import { type SummaryLine, VariantDraft } from './variant.ts';
import { diffSurveyWorkbook, diffTestWorkbook } from './xlsx-diff.ts';
import { readWorkbook } from './xlsx-read.ts';
import { ArchiveError, archiveLimits } from './zip.ts';
import { XmlError } from './xml.ts';

export type ManuscriptKind = 'manuscript' | 'confirmation-test' | 'awareness-survey';

export interface ImportOptions {
  contentDir: string;
  /** The edited .pptx or .xlsx. */
  file: string;
  variant: string;
  /** The manuscript's language, when it cannot be told from the file. */
  lang?: string;
  /** false: compute everything, write nothing. */
  write?: boolean;
}

export interface ImportResult {
  ok: boolean;
  diagnostics: Diagnostics;
  /** Things worth knowing that are not problems (deleted generated slides…). */
  notes: string[];
  kind: ManuscriptKind | null;
  lang: Lang | null;
  /** What changed, one line per change; empty when the manuscript matches its course. */
  summary: SummaryLine[];
  variantDir: string;
  /** Files written (or that would be written), relative to `variantDir`. */
  files: OutputFile[];
  written: boolean;
}

import { isCourseId } from '../../player/spec/identifiers.ts';

/** What the manuscript says it is, from its document properties; null where they do not say. */
interface Identity {
  courseId: string | null;
  version: string | null;
  lang: string | null;
  kind: ManuscriptKind | null;
  /** The author as the file has it, to name in a message. */
  creator: string;
}

/**
 * Reads the properties the targets write. The author is anybody's field (PowerPoint and Excel
 * put the user's name there in a new file), so it names a course only in the exact form the
 * build writes, or, for a workbook, only when it is this course's id (`ours`).
 */
function identity(pkg: OoxmlPackage, ours: Set<string>): Identity {
  const p = pkg.docProps();
  if (pkg.kind === 'xlsx') {
    const kv = manuscriptKeywords(p);
    const kind = kv['manuscript'] ?? p.subject;
    return {
      courseId: kv['course'] ?? (ours.has(p.creator) ? p.creator : null),
      version: kv['version'] ?? null,
      lang: kv['lang'] ?? null,
      kind: kind === 'confirmation-test' || kind === 'awareness-survey' ? kind : null,
      creator: p.creator,
    };
  }
  // The pptx target writes "<course id> <version>" as the author.
  const m = /^(\S+)\s+(\d+\.\d+\.\d+)$/.exec(p.creator);
  const courseId = m && isCourseId(m[1]!) ? m[1]! : null;
  return { courseId, version: courseId ? m![2]! : null, lang: null, kind: 'manuscript', creator: p.creator };
}

/**
 * Why `file` cannot be opened as a manuscript at all (missing, a folder, too large), or null.
 * The CLI asks too, so that a mistyped path is named even before the rest of the command line
 * is complete.
 */
export function manuscriptFileProblem(file: string): { rule: RuleId; message: string } | null {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR') throw e;
    const dir = path.dirname(file);
    if (!fs.existsSync(dir)) return { rule: 'ManuscriptNotFound', message: `There is no file ${file}: the folder ${dir} does not exist.` };
    const manuscripts = fs.readdirSync(dir).filter((f) => /\.(pptx|xlsx)$/i.test(f));
    return { rule: 'ManuscriptNotFound', message: `There is no file ${file}.${didYouMean(path.basename(file), manuscripts)}` };
  }
  if (stat.isDirectory()) return { rule: 'NotAPackage', message: `${file} is a folder, not a .pptx or .xlsx file.` };
  if (stat.size > archiveLimits.fileBytes) return { rule: 'ArchiveTooLarge', message: `The file is ${(stat.size / 1048576).toFixed(1)} MB; manuscripts larger than ${archiveLimits.fileBytes / 1048576} MB are refused.` };
  return null;
}

/** Manuscripts and checks need neither templates nor a player. */
const noAssets = { templates: new Map<string, Uint8Array>(), player: () => Promise.reject(new Error('manuscripts embed no player')) };

/**
 * The manuscript of `kind` as the course (or variant) in `tree` builds it now: its file, or
 * for the confirmation test its two (the learner's and the trainer's), against which an edit
 * of either is compared.
 */
async function builtManuscript(tree: SourceTree, variant: string | undefined, lang: Lang, kind: ManuscriptKind): Promise<OutputFile[]> {
  const built = await compile({
    sources: tree,
    assets: noAssets,
    targets: [kind === 'manuscript' ? 'pptx' : 'xlsx'],
    langs: [lang],
    variant,
  });
  const ext = kind === 'manuscript' ? 'pptx' : 'xlsx';
  const files = built.files.filter((f) => f.path.endsWith(`-${kind}.${ext}`) || f.path.endsWith(`-${kind}-trainer.${ext}`));
  if (!files.length) throw new Error(`The course did not build its ${kind} (${built.diagnostics.errors.map((d) => d.message).join(' ')}).`);
  return files;
}

export async function importManuscript(opts: ImportOptions): Promise<ImportResult> {
  const diagnostics = new Diagnostics();
  const file = path.resolve(opts.file);
  const contentDir = path.resolve(opts.contentDir);
  const report = new ImportReport(diagnostics, file);
  const result: ImportResult = {
    ok: false,
    diagnostics,
    notes: report.notes,
    kind: null,
    lang: null,
    summary: [],
    variantDir: path.join(contentDir, 'variants', opts.variant),
    files: [],
    written: false,
  };
  if (!isCourseId(opts.variant)) {
    diagnostics.report('InvalidId', { file: result.variantDir, line: 0, column: 0 }, `"${opts.variant}" cannot name a variant: it becomes part of file names and LMS identifiers.`);
    return result;
  }

  try {
    await importInto(result, opts, report);
  } catch (e) {
    if (!(e instanceof ArchiveError || e instanceof XmlError)) throw e;
    // The file is refused wherever its problem is found: nothing found before is written.
    report.report(e.rule, e.message);
    result.ok = false;
    result.files = [];
  }
  return result;
}

/**
 * The import after the variant's name has been checked. Anything in the file may be found
 * unsafe at any step (a part with a DTD, a part too large), so every step reading it throws
 * `ArchiveError` or `XmlError` to `importManuscript`, which reports it.
 */
async function importInto(result: ImportResult, opts: ImportOptions, report: ImportReport): Promise<void> {
  const { diagnostics } = result;
  const file = report.file;
  const contentDir = path.resolve(opts.contentDir);

  // ── The file ────────────────────────────────────────────────────────────────
  const problem = manuscriptFileProblem(file);
  if (problem) {
    report.report(problem.rule, problem.message);
    return;
  }
  const pkg = openPackage(new Uint8Array(fs.readFileSync(file)), file);

  // ── The course it came from ───────────────────────────────────────────────
  const tree = readSources(contentDir);
  const audio = await probeAudio(tree);
  const { course: base } = loadCourse(tree, diagnostics, { audio });
  if (!base) return;
  const variantCourseId = `${base.id}_${opts.variant}`;
  const id = identity(pkg, new Set([base.id, variantCourseId]));
  result.kind = id.kind;
  let baseline = base;
  let fromVariant: string | undefined;
  if (id.courseId === variantCourseId) {
    // A manuscript built from this variant: compare with the variant as it is now.
    fromVariant = opts.variant;
    const withVariant = loadCourse(tree, new Diagnostics(), { variant: opts.variant, audio });
    if (!withVariant.course) {
      report.report('NotAManuscript', `The file was made from the variant "${opts.variant}" (${id.courseId}), which cannot be loaded now; fix the variant (npm run build -- --variant ${opts.variant}) and import again.`);
      return;
    }
    baseline = withVariant.course;
  } else if (id.courseId !== null && id.courseId !== base.id) {
    report.report('NotAManuscript', `The file was made from the course "${id.courseId}", not from "${base.id}" (${contentDir}).`);
    return;
  }
  const langs = base.languages.map((l) => l.code);

  // ── Is it one of the course's manuscripts at all ─────────────────────────
  // Asked before its language: a file that is not the course's has no language to name.
  const author = id.creator ? ` (author "${id.creator}")` : '';
  let deck: ReadDeck | null = null;
  if (pkg.kind === 'pptx') {
    deck = readDeck(pkg);
    // Slide ids are the same in every language (the validator checks it), so one plan names them all.
    const known = new Set(planDeck(baseline, langs[0]!).slides.map((s) => s.id));
    if (!deck.slides.some((s) => known.has(s.name ?? '') || known.has(s.marker ?? ''))) {
      report.report(
        'NotAManuscript',
        id.courseId === null
          ? `The presentation is not one of this course's manuscripts: neither its properties${author} nor its slides (slide names, "[slide: …]" lines in the notes) carry an id of "${base.id}".`
          : 'No slide of the presentation carries an id of this course (slide names or "[slide: …]" lines in the notes); it cannot be matched to the lessons.',
      );
      return;
    }
  }
  if (id.kind === null) {
    // Only a workbook's properties can fail to name its kind.
    report.report(
      'NotAManuscript',
      id.courseId === null
        ? `The workbook is not one of this course's manuscripts: its properties${author} name neither "${base.id}" nor one of its workbooks (the confirmation test, the awareness survey).`
        : "The workbook is not one of the course's Excel manuscripts (its properties name neither the confirmation test nor the awareness survey).",
    );
    return;
  }
  const kind = id.kind;

  // ── Its language ────────────────────────────────────────────────────────────
  let lang = opts.lang ?? id.lang;
  if (!lang && pkg.kind === 'pptx') {
    const title = pkg.docProps().title;
    lang = langs.find((l) => textFor(baseline, l).text(baseline.title) === title) ?? null;
    lang ??= langs.find((l) => new RegExp(`-${l}-manuscript`).test(path.basename(file))) ?? null;
  }
  if (!lang || !langs.includes(lang)) {
    report.report('NotAManuscript', lang ? `The manuscript is in "${lang}", which the course does not have (${langs.join(', ')}).` : `The manuscript's language cannot be told from the file; name it with --lang (${langs.join(', ')}).`);
    return;
  }
  result.lang = lang;
  if (id.version && id.version !== baseline.version) {
    report.report('ManuscriptVersion', `The manuscript was made from version ${id.version} of the course; the course is now ${baseline.version}.`);
  }

  // ── Compare and draft ─────────────────────────────────────────────────────
  const draft = new VariantDraft(tree, opts.variant, base, report);
  let recordedFiles: OutputFile[] = [];
  const org = organisationValues(baseline, lang);
  const built = await builtManuscript(tree, fromVariant, lang, kind);
  if (deck) {
    const plan = planDeck(baseline, lang);
    const baseRead = readDeck(openPackage(built[0]!.contents, built[0]!.path));
    const changes = diffDeck(baseline, lang, { deck: plan, read: baseRead }, deck, report);
    draft.applyDeck(changes, org, new Map(baseline.lessons.map((l) => [l.id, l.title[lang] ?? ''])));
    recordedFiles = await recordedNarration(baseline, lang, deck, pkg, draft.summary, report);
  } else {
    const baseSheets = built.flatMap((f) => readWorkbook(openPackage(f.contents, f.path)));
    const sheets = readWorkbook(pkg);
    if (kind === 'confirmation-test') draft.applyTestWorkbook(diffTestWorkbook(baseline, lang, baseSheets, sheets, report), org);
    else draft.applySurveyWorkbook(diffSurveyWorkbook(baseline, lang, baseSheets, sheets, report, org), org);
  }
  result.summary = draft.summary;
  if (diagnostics.errors.length) return;
  // Nothing changed: nothing is written, and no variant is created for it.
  if (!draft.summary.length) {
    result.ok = true;
    return;
  }
  draft.ensureVariant();
  result.files = [...[...draft.files].map(([rel, text]) => ({ path: rel, contents: new TextEncoder().encode(text) })), ...recordedFiles];
  if (result.files.length && !(await variantBuilds(tree, opts.variant, result.files, diagnostics))) return;
  result.ok = true;
  if (opts.write !== false && result.files.length) {
    writeAtomically(result.variantDir, result.files, { keepExisting: true });
    result.written = true;
  }
}

/**
 * Narration recorded in PowerPoint on the course's slides: each becomes the variant's recording
 * of that slide (audio/<lang>/<lesson>/<slide>.<ext>), so the company's package plays its own
 * narrator. A recording the course already has, byte for byte, is no change. A recording in a
 * format a package cannot carry (older PowerPoint records WAV) is reported and left out.
 */
async function recordedNarration(course: Course, lang: Lang, deck: ReadDeck, pkg: OoxmlPackage, summary: SummaryLine[], report: ImportReport): Promise<OutputFile[]> {
  const files: OutputFile[] = [];
  for (const s of deck.slides) {
    const id = s.marker ?? s.name ?? '';
    const [lessonId, slideId] = id.split('/');
    const slide = course.lessons.find((l) => l.id === lessonId)?.slides.find((x) => x.id === slideId);
    if (!slide) continue;
    const [rec] = slideRecordings(pkg, s.part);
    if (!rec) continue;
    const had = slide.audio?.[lang];
    if (had && Buffer.from(had.bytes).equals(Buffer.from(rec.bytes))) continue;
    const probe = await probeRecording(rec.bytes);
    if (!probe.ext || probe.seconds === null) {
      const formats = Object.keys(audioFormats).map((e) => e.toUpperCase()).join(', ');
      report.report('RecordingNotImported', `Slide ${s.number} (${id}) has a recorded narration (${rec.media}, ${rec.contentType ?? rec.ext}) that ${probe.ext ? probe.problem ?? 'cannot be measured' : `is in none of the formats a package carries (${formats})`}; it was not imported.`);
      continue;
    }
    const rel = `audio/${lang}/${lessonId}/${slideId}.${probe.ext}`;
    files.push({ path: rel, contents: rec.bytes });
    summary.push({ sign: had ? '~' : '+', what: `slide ${id}`, detail: `narration recorded, ${Math.round(probe.seconds)} s (${rel})` });
  }
  return files;
}

/**
 * The variant as it would be after the import must still build (every language the same
 * slides, enough questions, the study time in range…): the files the import would write are
 * laid over the sources in memory and checked by the same compile as the build; its problems
 * name the files the import would write.
 */
async function variantBuilds(tree: SourceTree, variant: string, files: OutputFile[], diagnostics: Diagnostics): Promise<boolean> {
  // Only this variant: the others do not take part in its build.
  const others = tree.dirs('variants').filter((v) => v !== variant).map((v) => `variants/${v}`);
  const after = tree.without(others).with(files.map((f) => ({ path: `variants/${variant}/${f.path}`, contents: f.contents })));
  const check = await compile({ sources: after, assets: noAssets, targets: [], variant });
  if (check.ok) return true;
  for (const d of check.diagnostics.list) diagnostics.list.push({ ...d, message: `After the import, the variant would not build: ${d.message}` });
  for (const [f, src] of check.diagnostics.sources) diagnostics.sources.set(f, src);
  return false;
}

/** The summary as a person reads it, diff-like. */
export function formatSummary(r: ImportResult, opts: { file: string; variant: string; cwd?: string }): string {
  const rel = (f: string) => path.relative(opts.cwd ?? process.cwd(), f) || f;
  const kind = r.kind === 'manuscript' ? 'PowerPoint manuscript' : r.kind === 'confirmation-test' ? 'confirmation test workbook' : 'awareness survey workbook';
  const out = [`${path.basename(opts.file)} (${kind}, ${r.lang}) → variant "${opts.variant}":`];
  if (!r.summary.length) out.push('  No changes: the manuscript matches the course.');
  const w = Math.max(0, ...r.summary.map((s) => s.what.length));
  for (const s of r.summary) out.push(`  ${s.sign} ${s.what.padEnd(w)}  ${s.detail}`);
  for (const n of r.notes) out.push(`  note: ${n}`);
  if (r.written) out.push(`Wrote ${r.files.map((f) => rel(path.join(r.variantDir, f.path))).join(', ')}.`);
  else if (r.ok && r.files.length) out.push(`Would write ${r.files.map((f) => rel(path.join(r.variantDir, f.path))).join(', ')} (nothing written).`);
  else if (r.ok) out.push('Nothing to write.');
  return out.join('\n');
}
