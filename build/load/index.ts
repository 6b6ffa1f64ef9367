/**
 * Loaders read the sources of one course folder. Each is `{ name, load(ctx) }` so a
 * diagnostic can say which loader met the problem; each checks its file against its schema.
 */
import fs from 'node:fs';
import path from 'node:path';
import { didYouMean, type Diagnostics, type SourceText } from '../diagnostics.ts';
import { parseLessonFile, type ParsedLesson } from './lesson-markdown.ts';
import { checkSchema, type SchemaName } from './schema.ts';
import { parseYaml, type YamlSource } from './yaml.ts';

export interface LoadContext {
  contentDir: string;
  diags: Diagnostics;
}

export interface Loader<T> {
  name: string;
  load(ctx: LoadContext): T | null;
}

/** Everything read from a course folder, before the cross-file checks. */
export interface LoadedSources {
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
  dir: string;
  doc: YamlSource;
  lessons: Map<string, ParsedLesson[]>;
  questions: YamlSource | null;
  survey: YamlSource | null;
}

function readSource(ctx: LoadContext, file: string): SourceText | null {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    ctx.diags.report('MissingSourceFile', { file, line: 0, column: 0 }, `${path.basename(file)} is missing from ${ctx.contentDir}.`);
    return null;
  }
  return ctx.diags.source(file, text.replace(/^\uFEFF/, ''));
}

function yamlLoader(name: string, fileName: string, schema: SchemaName, opts: { optional?: boolean } = {}): Loader<YamlSource> {
  return {
    name,
    load(ctx) {
      const file = path.join(ctx.contentDir, fileName);
      if (opts.optional && !fs.existsSync(file)) return null;
      const src = readSource(ctx, file);
      if (!src) return null;
      const doc = parseYaml(src, ctx.diags);
      if (!doc) return null;
      return checkSchema(schema, doc, ctx.diags) ? doc : null;
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
    return loadLessonFolders(ctx, path.join(ctx.contentDir, 'lessons'), { optional: false });
  },
};

/** Lesson files under `root`, by the language folder they are in. */
function loadLessonFolders(ctx: LoadContext, root: string, opts: { optional: boolean }): { byLang: Map<string, ParsedLesson[]>; dirs: Map<string, string> } | null {
  const byLang = new Map<string, ParsedLesson[]>();
  const dirs = new Map<string, string>();
  let langs: string[];
  try {
    langs = fs
      .readdirSync(root, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
  } catch {
    if (opts.optional) return { byLang, dirs };
    ctx.diags.report('MissingSourceFile', { file: root, line: 0, column: 0 }, `The lessons folder is missing from ${ctx.contentDir}.`);
    return null;
  }
  for (const lang of langs) {
    const dir = path.join(root, lang);
    dirs.set(lang, dir);
    const lessons: ParsedLesson[] = [];
    for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.md')).sort()) {
      const src = readSource(ctx, path.join(dir, f));
      const lesson = src && parseLessonFile(src, lang, ctx.diags);
      if (lesson) lessons.push(lesson);
    }
    byLang.set(lang, lessons);
  }
  return { byLang, dirs };
}

const variantLoader = yamlLoader('variant', 'variant.yaml', 'variant');
const variantQuestionsLoader = yamlLoader('variant questions', 'questions.yaml', 'questions', { optional: true });
const variantSurveyLoader = yamlLoader('variant survey', 'survey.yaml', 'variant-survey', { optional: true });

/** Reads content/variants/<name>/; null (with diagnostics) when it cannot be used. */
export function loadVariant(contentDir: string, name: string, diags: Diagnostics): LoadedVariant | null {
  const dir = path.join(path.resolve(contentDir), 'variants', name);
  if (!fs.existsSync(dir)) {
    const root = path.join(path.resolve(contentDir), 'variants');
    const known = fs.existsSync(root) ? fs.readdirSync(root) : [];
    diags.report('UnknownVariant', { file: dir, line: 0, column: 0 }, `There is no variant "${name}" (no folder ${dir}).${didYouMean(name, known)}`);
    return null;
  }
  const ctx: LoadContext = { contentDir: dir, diags };
  const doc = variantLoader.load(ctx);
  const questions = variantQuestionsLoader.load(ctx);
  const survey = variantSurveyLoader.load(ctx);
  const lessons = loadLessonFolders(ctx, path.join(dir, 'lessons'), { optional: true });
  if (!doc || !lessons) return null;
  const declared = (doc.value as { name: string }).name;
  if (declared !== name) {
    diags.report('InvalidValue', doc.at(['name']), `The variant in the folder "${name}" is named "${declared}"; the name and the folder must be the same.`);
    return null;
  }
  return { name, dir, doc, lessons: lessons.byLang, questions, survey };
}

/** Runs every loader (all of them, even after a failure, so one run reports everything). */
export function loadSources(contentDir: string, diags: Diagnostics, opts: { variant?: string } = {}): LoadedSources | null {
  const ctx: LoadContext = { contentDir: path.resolve(contentDir), diags };
  const course = courseLoader.load(ctx);
  const ui = uiLoader.load(ctx);
  const survey = surveyLoader.load(ctx);
  const questions = questionsLoader.load(ctx);
  const lessons = lessonsLoader.load(ctx);
  const variant = opts.variant ? loadVariant(contentDir, opts.variant, diags) : null;
  if (opts.variant && !variant) return null;
  // Without course.yaml nothing can be cross-checked (it names the languages); without the
  // others, the rest still is, so one run reports as much as possible.
  if (!course || !lessons) return null;
  return { contentDir: ctx.contentDir, course, ui, survey, questions, lessons: lessons.byLang, lessonDirs: lessons.dirs, variant };
}
