/**
 * Loaders read the sources of one course folder from its in-memory tree. Each is
 * `{ name, load(ctx) }` so a diagnostic can say which loader met the problem; each checks its
 * file against its schema. Every file is decoded and checked by build/load/text.ts first, and
 * what the folder held besides ordinary files (links, pipes, odd names) is reported here, so no
 * parser ever sees what it could choke on. A `LoadCache` lets watch mode reuse what did not change.
 */
import { didYouMean, type Diagnostics, type SourceText } from '../diagnostics.ts';
import type { SkippedEntry, SourceTree } from '../sources.ts';
import { parseLessonFile, type ParsedLesson } from './lesson-markdown.ts';
import { checkSchema, type SchemaName } from './schema.ts';
import { MAX_SOURCE_BYTES, readSourceText } from './text.ts';
import { parseYaml, type YamlSource } from './yaml.ts';

/**
 * Parsed files by name, reused while their text is the same. Only a file that loaded without
 * a problem is kept, so a file with problems is read again and its problems reported again.
 */
export class LoadCache {
  private readonly entries = new Map<string, { text: string; value: unknown; source: SourceText }>();
  /** How many files were parsed through this cache (a miss each), for tests and the bench. */
  parsed = 0;

  get<T>(key: string, text: string, diags: Diagnostics): T | undefined {
    const hit = this.entries.get(key);
    if (!hit || hit.text !== text) return undefined;
    diags.sources.set(hit.source.file, hit.source);
    return hit.value as T;
  }

  set(key: string, text: string, value: unknown, source: SourceText): void {
    this.entries.set(key, { text, value, source });
  }

  delete(key: string): void {
    this.entries.delete(key);
  }
}

export interface LoadContext {
  tree: SourceTree;
  /** The folder of the tree the loader reads: '' for the course, `variants/<name>` for a variant. */
  dir: string;
  diags: Diagnostics;
  cache?: LoadCache;
}

export interface Loader<T> {
  name: string;
  load(ctx: LoadContext): T | null;
}

/** Everything read from a course folder, before the cross-file checks. */
export interface LoadedSources {
  tree: SourceTree;
  contentDir: string;
  course: YamlSource;
  /** null when the file could not be used; its problems are already reported. */
  ui: YamlSource | null;
  survey: YamlSource | null;
  questions: YamlSource | null;
  /** Lesson files grouped by the language folder they are in. */
  lessons: Map<string, ParsedLesson[]>;
  lessonDirs: Map<string, string>;
  /**
   * Languages with a lesson file that could not be read (already reported): a lesson missing
   * from such a language may be in that file, so it is not reported as missing as well.
   */
  unreadLessons: Set<string>;
  /** The company variant laid over the base course, when one is built. */
  variant: LoadedVariant | null;
}

/** A variant's own sources (content/variants/<name>/); each file optional but variant.yaml. */
export interface LoadedVariant {
  name: string;
  /** Absolute folder, for messages. */
  dir: string;
  /** The folder inside the source tree (`variants/<name>`). */
  treeDir: string;
  doc: YamlSource;
  lessons: Map<string, ParsedLesson[]>;
  unreadLessons: Set<string>;
  questions: YamlSource | null;
  survey: YamlSource | null;
}

const join = (...parts: string[]) => parts.filter(Boolean).join('/');

/**
 * Reads `rel` and runs `parse` on it unless the cache holds a clean result for the same text.
 * `parse` reports its own problems; a missing file is reported here unless it is optional.
 */
function loadFile<T>(ctx: LoadContext, rel: string, cacheKey: string, parse: (src: SourceText) => T | null, opts: { optional?: boolean } = {}): T | null {
  const bytes = ctx.tree.bytes(rel);
  if (bytes === null) {
    // A link or an unreadable file of that name is reported as such (reportSkipped).
    const skipped = ctx.tree.skipped.some((s) => s.path === rel);
    if (!opts.optional && !skipped) ctx.diags.report('MissingSourceFile', { file: ctx.tree.abs(rel), line: 0, column: 0 }, `${rel.split('/').pop()} is missing from ${ctx.tree.abs(ctx.dir)}.`);
    return null;
  }
  const key = `${cacheKey}:${rel}`;
  const text = readSourceText(bytes, ctx.tree.abs(rel), ctx.diags);
  if (text === null) {
    ctx.cache?.delete(key);
    return null;
  }
  const hit = ctx.cache?.get<T>(key, text, ctx.diags);
  if (hit !== undefined) return hit;
  const before = ctx.diags.list.length;
  if (ctx.cache) ctx.cache.parsed++;
  const src = ctx.diags.source(ctx.tree.abs(rel), text);
  const value = parse(src);
  if (ctx.cache) {
    if (value !== null && ctx.diags.list.length === before) ctx.cache.set(key, text, value, src);
    else ctx.cache.delete(key);
  }
  return value;
}

/**
 * Reports what reading the course folder passed over: links (never followed, so nothing
 * outside the folder is read or printed), pipes and devices, files the system would not let
 * the build read, names that cannot be printed, files too large to read.
 */
function reportSkipped(tree: SourceTree, diags: Diagnostics): void {
  const whole = (s: SkippedEntry) => ({ file: tree.abs(s.path), line: 0, column: 0 });
  for (const s of tree.skipped) {
    switch (s.kind) {
      case 'symlink':
        diags.report('SymbolicLink', whole(s), `${s.path} is a symbolic link; the build does not follow links, so it is not read.`);
        break;
      case 'special':
        diags.report('UnreadableFile', whole(s), `${s.path} is not an ordinary file (a named pipe, socket or device), so it is not read.`);
        break;
      case 'unreadable':
        diags.report('UnreadableFile', whole(s), `${s.path || 'The course folder'} could not be read (${s.detail}).`);
        break;
      case 'name':
        diags.report('InvalidFileName', whole(s), `A file in ${s.path || 'the course folder'} is named "${s.detail}", with characters that cannot be shown; it is not read.`);
        break;
      case 'large':
        diags.report('SourceFileTooLarge', whole(s), `${s.path} has ${Number(s.detail).toLocaleString('en')} bytes; a source file may have at most ${MAX_SOURCE_BYTES.toLocaleString('en')}, so it is not read.`);
        break;
    }
  }
}

function yamlLoader(name: string, fileName: string, schema: SchemaName, opts: { optional?: boolean } = {}): Loader<YamlSource> {
  return {
    name,
    load(ctx) {
      return loadFile(ctx, join(ctx.dir, fileName), name, (src) => {
        const doc = parseYaml(src, ctx.diags);
        return doc && checkSchema(schema, doc, ctx.diags) ? doc : null;
      }, opts);
    },
  };
}

export const courseLoader = yamlLoader('course', 'course.yaml', 'course');
export const uiLoader = yamlLoader('ui', 'ui.yaml', 'ui');
export const surveyLoader = yamlLoader('survey', 'survey.yaml', 'survey');
export const questionsLoader = yamlLoader('questions', 'questions.yaml', 'questions');

export const lessonsLoader: Loader<LessonFolders> = {
  name: 'lessons',
  load(ctx) {
    return loadLessonFolders(ctx, join(ctx.dir, 'lessons'), { optional: ctx.dir !== '' });
  },
};

interface LessonFolders {
  byLang: Map<string, ParsedLesson[]>;
  dirs: Map<string, string>;
  /** Languages with a lesson file that could not be read (see LoadedSources.unreadLessons). */
  unread: Set<string>;
}

/** Lesson files under `root`, by the language folder they are in. */
function loadLessonFolders(ctx: LoadContext, root: string, opts: { optional: boolean }): LessonFolders | null {
  const byLang = new Map<string, ParsedLesson[]>();
  const dirs = new Map<string, string>();
  const unread = new Set<string>();
  // A link, an unreadable file or folder among the lessons: that language is not complete.
  for (const s of ctx.tree.skipped) {
    if (s.path === root && s.kind !== 'name') return null;
    if (s.path.startsWith(`${root}/`)) unread.add(s.path.slice(root.length + 1).split('/')[0]!);
  }
  if (!ctx.tree.hasDir(root)) {
    // Its lessons are all links or unreadable files, each reported already.
    if (opts.optional || unread.size) return { byLang, dirs, unread };
    ctx.diags.report('MissingSourceFile', { file: ctx.tree.abs(root), line: 0, column: 0 }, `The lessons folder is missing from ${ctx.tree.abs(ctx.dir)}.`);
    return null;
  }
  for (const f of ctx.tree.list(root).filter(looksLikeLesson)) {
    ctx.diags.report('LessonFileIgnored', { file: ctx.tree.abs(join(root, f)), line: 0, column: 0 }, `${join(root, f)} is not in a language folder (lessons/<lang>/), so it is not read.`);
  }
  for (const lang of ctx.tree.dirs(root)) {
    const dir = join(root, lang);
    dirs.set(lang, ctx.tree.abs(dir));
    const lessons: ParsedLesson[] = [];
    for (const f of ctx.tree.list(dir)) {
      if (!f.endsWith('.md')) {
        if (looksLikeLesson(f)) {
          unread.add(lang);
          ctx.diags.report('LessonFileIgnored', { file: ctx.tree.abs(join(dir, f)), line: 0, column: 0 }, `${join(dir, f)} is not read: a lesson file's name ends in ".md", in lower case.`);
        }
        continue;
      }
      const lesson = loadFile(ctx, join(dir, f), `lesson-${lang}`, (src) => parseLessonFile(src, lang, ctx.diags));
      if (lesson) lessons.push(lesson);
      else unread.add(lang);
    }
    byLang.set(lang, lessons);
  }
  return { byLang, dirs, unread };
}

/**
 * A name meant as a lesson that the loader would pass over: `01-intro.MD`, `01-intro.markdown`,
 * `01-intro.md ` and the like (a README beside the language folders is not one).
 */
function looksLikeLesson(name: string): boolean {
  return /\.(md|markdown)\s*$/i.test(name) && !/^readme\./i.test(name);
}

const variantLoader = yamlLoader('variant', 'variant.yaml', 'variant');
const variantQuestionsLoader = yamlLoader('variant questions', 'questions.yaml', 'questions', { optional: true });
const variantSurveyLoader = yamlLoader('variant survey', 'survey.yaml', 'variant-survey', { optional: true });

/** Reads variants/<name>/ of the tree; null (with diagnostics) when it cannot be used. */
export function loadVariant(base: LoadContext, name: string): LoadedVariant | null {
  const treeDir = join('variants', name);
  const dir = base.tree.abs(treeDir);
  if (!base.tree.hasDir(treeDir)) {
    const known = base.tree.dirs('variants');
    base.diags.report('UnknownVariant', { file: dir, line: 0, column: 0 }, `There is no variant "${name}" (no folder ${dir}).${didYouMean(name, known)}`);
    return null;
  }
  const ctx: LoadContext = { ...base, dir: treeDir };
  const doc = variantLoader.load(ctx);
  const questions = variantQuestionsLoader.load(ctx);
  const survey = variantSurveyLoader.load(ctx);
  const lessons = lessonsLoader.load(ctx);
  if (!doc || !lessons) return null;
  const declared = (doc.value as { name: string }).name;
  if (declared !== name) {
    base.diags.report('InvalidValue', doc.at(['name']), `The variant in the folder "${name}" is named "${declared}"; the name and the folder must be the same.`);
    return null;
  }
  return { name, dir, treeDir, doc, lessons: lessons.byLang, unreadLessons: lessons.unread, questions, survey };
}

/** Runs every loader (all of them, even after a failure, so one run reports everything). */
export function loadSources(tree: SourceTree, diags: Diagnostics, opts: { variant?: string; cache?: LoadCache } = {}): LoadedSources | null {
  const ctx: LoadContext = { tree, dir: '', diags, cache: opts.cache };
  reportSkipped(tree, diags);
  const course = courseLoader.load(ctx);
  const ui = uiLoader.load(ctx);
  const survey = surveyLoader.load(ctx);
  const questions = questionsLoader.load(ctx);
  const lessons = lessonsLoader.load(ctx);
  const variant = opts.variant ? loadVariant(ctx, opts.variant) : null;
  if (opts.variant && !variant) return null;
  // Without course.yaml nothing can be cross-checked (it names the languages); without the
  // others, the rest still is, so one run reports as much as possible.
  if (!course || !lessons) return null;
  return { tree, contentDir: tree.root, course, ui, survey, questions, lessons: lessons.byLang, lessonDirs: lessons.dirs, unreadLessons: lessons.unread, variant };
}
