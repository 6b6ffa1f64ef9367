/**
 * Import: an edited manuscript (PowerPoint or Excel) → the company variant's sources.
 *
 * open the untrusted file safely (package.ts) → tell which course, language and manuscript it
 * is → make the same manuscript from the course it came from and read both the same way →
 * compare (pptx-diff.ts, xlsx-diff.ts) → draft the variant's files (variant.ts) → write them
 * all at once, or nothing when anything was wrong.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { localize, textFor } from '../course/localize.ts';
import { Diagnostics } from '../diagnostics.ts';
import { loadCourse } from '../index.ts';
import type { Course, Lang } from '../model.ts';
import { pptx } from '../targets/pptx/index.ts';
import { planDeck } from '../targets/pptx/deck.ts';
import type { OutputFile } from '../targets/target.ts';
import { xlsx } from '../targets/xlsx/index.ts';
import { writeAtomically } from '../write.ts';
import { openPackage, type OoxmlPackage } from './package.ts';
import { diffDeck } from './pptx-diff.ts';
import { readDeck } from './pptx-read.ts';
import { ImportReport } from './report.ts';
import { type SummaryLine, VariantDraft } from './variant.ts';
import { diffSurveyWorkbook, diffTestWorkbook } from './xlsx-diff.ts';
import { readWorkbook } from './xlsx-read.ts';
import { ArchiveError, archiveLimits } from './zip.ts';
import { XmlError } from './xml.ts';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

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

const idRe = /^[a-z](?:[a-z0-9_]*[a-z0-9])?$/;

/** What the manuscript says it is, from its document properties. */
interface Identity {
  courseId: string | null;
  version: string | null;
  lang: string | null;
  kind: ManuscriptKind | null;
}

function identity(pkg: OoxmlPackage): Identity {
  const p = pkg.docProps();
  if (pkg.kind === 'xlsx') {
    const kv = Object.fromEntries([...p.keywords.matchAll(/(\w+)=(\S+)/g)].map((m) => [m[1]!, m[2]!]));
    const kind = kv['manuscript'] ?? p.subject;
    return {
      courseId: kv['course'] ?? (p.creator || null),
      version: kv['version'] ?? null,
      lang: kv['lang'] ?? null,
      kind: kind === 'confirmation-test' || kind === 'awareness-survey' ? kind : null,
    };
  }
  // The pptx target writes "<course id> <version>" as the author.
  const m = /^(\S+)\s+(\S+)$/.exec(p.creator);
  return { courseId: m?.[1] ?? null, version: m?.[2] ?? null, lang: null, kind: 'manuscript' };
}

function orgValues(course: Course, lang: Lang): Record<string, string> {
  return Object.fromEntries(Object.entries(course.organisation).map(([k, v]) => [k, v[lang] ?? '']));
}

const noPlayer = () => Promise.reject(new Error('manuscripts embed no player'));

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
  if (!idRe.test(opts.variant) || opts.variant.length > 40) {
    diagnostics.report('InvalidId', { file: result.variantDir, line: 0, column: 0 }, `"${opts.variant}" cannot name a variant: it becomes part of file names and LMS identifiers.`);
    return result;
  }

  // ── The file ────────────────────────────────────────────────────────────────
  let pkg: OoxmlPackage;
  try {
    const stat = fs.statSync(file);
    if (stat.size > archiveLimits.fileBytes) throw new ArchiveError('ArchiveTooLarge', `The file is ${(stat.size / 1048576).toFixed(1)} MB; manuscripts larger than ${archiveLimits.fileBytes / 1048576} MB are refused.`);
    pkg = openPackage(new Uint8Array(fs.readFileSync(file)), file);
  } catch (e) {
    if (e instanceof ArchiveError || e instanceof XmlError) report.error(e.rule, e.message);
    else if ((e as NodeJS.ErrnoException).code === 'ENOENT') report.error('MissingSourceFile', `There is no file ${file}.`);
    else if ((e as NodeJS.ErrnoException).code === 'EISDIR') report.error('NotAPackage', `${file} is a folder, not a .pptx or .xlsx file.`);
    else throw e;
    return result;
  }

  // ── The course it came from ───────────────────────────────────────────────
  const { course: base } = loadCourse(contentDir, diagnostics);
  if (!base) return result;
  const id = identity(pkg);
  result.kind = id.kind;
  let baseline = base;
  if (id.courseId === `${base.id}_${opts.variant}`) {
    // A manuscript built from this variant: compare with the variant as it is now.
    const withVariant = loadCourse(contentDir, new Diagnostics(), { variant: opts.variant });
    if (!withVariant.course) {
      report.error('NotAManuscript', `The file was made from the variant "${opts.variant}" (${id.courseId}), which cannot be loaded now; fix the variant (npm run build -- --variant ${opts.variant}) and import again.`);
      return result;
    }
    baseline = withVariant.course;
  } else if (id.courseId !== null && id.courseId !== base.id) {
    report.error('NotAManuscript', `The file was made from the course "${id.courseId}", not from "${base.id}" (${contentDir}).`);
    return result;
  }
  if (id.kind === null) {
    report.error('NotAManuscript', 'The workbook is not one of the course\'s Excel manuscripts (its properties name neither the confirmation test nor the awareness survey).');
    return result;
  }
  const langs = base.languages.map((l) => l.code);
  let lang = opts.lang ?? id.lang;
  if (!lang && pkg.kind === 'pptx') {
    const title = pkg.docProps().title;
    lang = langs.find((l) => textFor(baseline, l).text(baseline.title) === title) ?? null;
    lang ??= langs.find((l) => new RegExp(`-${l}-manuscript`).test(path.basename(file))) ?? null;
  }
  if (!lang || !langs.includes(lang)) {
    report.error('NotAManuscript', lang ? `The manuscript is in "${lang}", which the course does not have (${langs.join(', ')}).` : `The manuscript's language cannot be told from the file; name it with --lang (${langs.join(', ')}).`);
    return result;
  }
  result.lang = lang;
  if (id.version && id.version !== baseline.version) {
    report.warn('ManuscriptVersion', `The manuscript was made from version ${id.version} of the course; the course is now ${baseline.version}.`);
  }

  // ── Compare and draft ─────────────────────────────────────────────────────
  const draft = new VariantDraft(contentDir, opts.variant, base, report);
  const org = orgValues(baseline, lang);
  const ctx = { lang, localized: localize(baseline, lang), player: noPlayer, templatesDir: path.join(projectRoot, 'templates') };
  try {
    if (pkg.kind === 'pptx') {
      const deck = planDeck(baseline, lang, ctx.localized);
      const built = await pptx.build(baseline, ctx);
      const baseRead = readDeck(openPackage(built[0]!.contents, built[0]!.path));
      const edited = readDeck(pkg);
      const known = new Set(deck.slides.map((s) => s.id));
      if (!edited.slides.some((s) => known.has(s.name ?? '') || known.has(s.marker ?? ''))) {
        report.error('NotAManuscript', 'No slide of the presentation carries an id of this course (slide names or "[slide: …]" lines in the notes); it cannot be matched to the lessons.');
        return result;
      }
      const changes = diffDeck(baseline, lang, { deck, read: baseRead }, edited, report);
      draft.applyDeck(changes, org, new Map(baseline.lessons.map((l) => [l.id, l.title[lang] ?? ''])));
    } else {
      const built = await xlsx.build(baseline, ctx);
      const wanted = built.find((f) => f.path.endsWith(`${id.kind}.xlsx`))!;
      const baseSheets = readWorkbook(openPackage(wanted.contents, wanted.path));
      const sheets = readWorkbook(pkg);
      if (id.kind === 'confirmation-test') draft.applyTestWorkbook(diffTestWorkbook(baseline, lang, baseSheets, sheets, report), org);
      else draft.applySurveyWorkbook(diffSurveyWorkbook(baseline, lang, baseSheets, sheets, report, org), org);
    }
  } catch (e) {
    if (e instanceof ArchiveError || e instanceof XmlError) {
      report.error(e.rule, e.message);
      return result;
    }
    throw e;
  }
  result.summary = draft.summary;
  if (diagnostics.errors.length) return result;
  draft.ensureVariant();
  result.files = [...draft.files].map(([rel, text]) => ({ path: rel, contents: new TextEncoder().encode(text) }));
  if (result.files.length && !variantBuilds(contentDir, opts.variant, result.files, diagnostics)) return result;
  result.ok = true;
  if (opts.write !== false && result.files.length) {
    writeAtomically(result.variantDir, result.files, { keepExisting: true });
    result.written = true;
  }
  return result;
}

/**
 * The variant as it would be after the import must still build (every language the same
 * slides, enough questions, the study time in range…): it is loaded from a scratch copy of
 * the sources, and its problems are reported against the files the import would write.
 */
function variantBuilds(contentDir: string, variant: string, files: OutputFile[], diagnostics: Diagnostics): boolean {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'import-check-'));
  try {
    const variants = path.join(contentDir, 'variants');
    const own = path.join(variants, variant);
    // Only this variant: the others do not take part in its build.
    fs.cpSync(contentDir, scratch, { recursive: true, filter: (src) => !src.startsWith(variants + path.sep) || src === own || src.startsWith(own + path.sep) });
    const dir = path.join(scratch, 'variants', variant);
    for (const f of files) {
      fs.mkdirSync(path.dirname(path.join(dir, f.path)), { recursive: true });
      fs.writeFileSync(path.join(dir, f.path), f.contents);
    }
    const check = loadCourse(scratch, new Diagnostics(), { variant });
    if (check.course) return true;
    const real = (f: string) => (f.startsWith(scratch) ? path.join(contentDir, path.relative(scratch, f)) : f);
    for (const d of check.diagnostics.list) {
      diagnostics.list.push({ ...d, file: real(d.file), message: `After the import, the variant would not build: ${d.message}`, related: d.related.map((r) => ({ ...r, file: real(r.file) })) });
    }
    for (const [f, src] of check.diagnostics.sources) diagnostics.source(real(f), src.text);
    return false;
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
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
