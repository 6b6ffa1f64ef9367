/**
 * Loaders read the sources of one course folder from its in-memory tree. Each is
 * `{ name, load(ctx) }` so a diagnostic can say which loader met the problem; each checks its
 * file against its schema. A `LoadCache` lets watch mode reuse what did not change.
 */
import { didYouMean, type Diagnostics, type SourceText } from '../diagnostics.ts';
import type { SourceTree } from '../sources.ts';
import { parseLessonFile, type ParsedLesson } from './lesson-markdown.ts';
import { checkSchema, type SchemaName } from './schema.ts';
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
  questions: YamlSource | null;
  survey: YamlSource | null;
}

const join = (...parts: string[]) => parts.filter(Boolean).join('/');

/**
 * Reads `rel` and runs `parse` on it unless the cache holds a clean result for the same text.
 * `parse` reports its own problems; a missing file is reported here unless it is optional.
 */
function loadFile<T>(ctx: LoadContext, rel: string, cacheKey: string, parse: (src: SourceText) => T | null, opts: { optional?: boolean } = {}): T | null {
  const text = ctx.tree.text(rel);
  if (text === null) {
    if (!opts.optional) ctx.diags.report('MissingSourceFile', { file: ctx.tree.abs(rel), line: 0, column: 0 }, `${rel.split('/').pop()} is missing from ${ctx.tree.abs(ctx.dir)}.`);
    return null;
  }
  const key = `${cacheKey}:${rel}`;
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

export const lessonsLoader: Loader<{ byLang: Map<string, ParsedLesson[]>; dirs: Map<string, string> }> = {
  name: 'lessons',
  load(ctx) {
    return loadLessonFolders(ctx, join(ctx.dir, 'lessons'), { optional: ctx.dir !== '' });
  },
};

/** Lesson files under `root`, by the language folder they are in. */
function loadLessonFolders(ctx: LoadContext, root: string, opts: { optional: boolean }): { byLang: Map<string, ParsedLesson[]>; dirs: Map<string, string> } | null {
  const byLang = new Map<string, ParsedLesson[]>();
  const dirs = new Map<string, string>();
  if (!ctx.tree.hasDir(root)) {
    if (opts.optional) return { byLang, dirs };
    ctx.diags.report('MissingSourceFile', { file: ctx.tree.abs(root), line: 0, column: 0 }, `The lessons folder is missing from ${ctx.tree.abs(ctx.dir)}.`);
    return null;
  }
  for (const lang of ctx.tree.dirs(root)) {
    const dir = join(root, lang);
    dirs.set(lang, ctx.tree.abs(dir));
    const lessons: ParsedLesson[] = [];
    for (const f of ctx.tree.list(dir).filter((n) => n.endsWith('.md'))) {
      const lesson = loadFile(ctx, join(dir, f), `lesson-${lang}`, (src) => parseLessonFile(src, lang, ctx.diags));
      if (lesson) lessons.push(lesson);
    }
    byLang.set(lang, lessons);
  }
  return { byLang, dirs };
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
  return { name, dir, treeDir, doc, lessons: lessons.byLang, questions, survey };
}

/** Runs every loader (all of them, even after a failure, so one run reports everything). */
export function loadSources(tree: SourceTree, diags: Diagnostics, opts: { variant?: string; cache?: LoadCache } = {}): LoadedSources | null {
  const ctx: LoadContext = { tree, dir: '', diags, cache: opts.cache };
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
  return { tree, contentDir: tree.root, course, ui, survey, questions, lessons: lessons.byLang, lessonDirs: lessons.dirs, variant };
}
