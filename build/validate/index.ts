/**
 * Cross-file checks that turn the loaded sources into one `Course`: every language complete,
 * ids unique, references resolved, placeholders known, answers well-formed.
 */
import { checkVisualUses } from './visuals.ts';
import { checkAudio } from './audio.ts';
import type { AudioProbes } from '../audio.ts';
import { didYouMean, type At, type Diagnostics, type RuleId } from '../diagnostics.ts';
import path from 'node:path';
import type { LoadedSources, LoadedVariant } from '../load/index.ts';
import type { SourceTree } from '../sources.ts';
import type { ParsedLesson } from '../load/lesson-markdown.ts';
import { describePath, type PathSegment, type YamlSource } from '../load/yaml.ts';
import type { Choice, Course, GoodDirection, Language, Lesson, Localized, Question, Slide, Source, Survey, SurveyItem, SurveyOption, SurveyScale } from '../model.ts';
import { DONT_KNOW } from '../../player/spec/course-data.ts';
import { UI_KEYS } from '../../player/labels.ts';
import { estimateStudyTime } from '../course/estimate.ts';
import { checkPlaceholders } from './placeholders.ts';
// The same rule as the schemas' `id`, for ids that come from Markdown headings.
import { idMaxLength, idPattern } from '../../player/spec/identifiers.ts';

/** Labels of content/ui.yaml: the player's own, plus those the build uses in the packages. */
export const requiredUiLabels: readonly string[] = [...UI_KEYS, 'sourcesTitle', 'true', 'false', 'noscript'];


const defaultFreeTextLength = 200;

/**
 * Where the `maxLength` of a free-text item is written, for the checks that need the whole
 * course (build/compile.ts): what makes the learner state too long is that number, so that is
 * the line to point at. Items that leave it out (the default) have no entry.
 */
export const maxLengthAt = new WeakMap<SurveyItem, At>();

/**
 * Where a choice item's options come from: its `options` key, or the value of its `optionsFrom`.
 * A check of the number of answers (build/targets/scorm12) points there.
 */
export const optionsAt = new WeakMap<SurveyItem, At>();

type Raw = Record<string, unknown>;

class Checker {
  langs: string[] = [];
  orgKeys: string[] = [];
  constructor(readonly diags: Diagnostics) {}

  /** Reads a localised text, reporting missing and unknown languages, and checks its placeholders. */
  localized(doc: YamlSource, p: PathSegment[]): Localized {
    const raw = (doc.valueAt(p) ?? {}) as Record<string, string>;
    const out: Localized = {};
    for (const lang of this.langs) {
      if (typeof raw[lang] === 'string') {
        out[lang] = raw[lang];
        checkPlaceholders(raw[lang], doc.file, doc.offset([...p, lang]), this.orgKeys, this.diags);
      } else {
        out[lang] = '';
        this.diags.report('MissingTranslation', doc.at(p), `${describePath(p)} has no "${lang}" text.`);
      }
    }
    for (const lang of Object.keys(raw)) {
      if (!this.langs.includes(lang)) {
        this.diags.report('UnknownLanguage', doc.keyAt([...p, lang]), `${describePath(p)} has text for "${lang}", which is not a course language.${didYouMean(lang, this.langs)}`);
      }
    }
    return out;
  }

  /** Reports the second and later uses of an id, naming the first place. */
  unique<T extends { id: string }>(items: T[], rule: RuleId, what: string, at: (item: T, index: number) => At): void {
    const first = new Map<string, At>();
    items.forEach((item, i) => {
      const here = at(item, i);
      const prev = first.get(item.id);
      if (prev) {
        this.diags.report(rule, here, `The ${what} id "${item.id}" is used twice.`, {
          related: [{ ...prev, message: `first used here` }],
        });
      } else first.set(item.id, here);
    });
  }
}

interface VariantRaw {
  name?: string;
  title?: Localized;
  description?: Localized;
  organisation?: Record<string, Localized>;
  theme?: Partial<Course['theme']>;
  logo?: string;
  remove?: { lessons?: string[]; slides?: string[]; questions?: string[]; surveyItems?: string[] };
  departments?: unknown[];
}

/** Items of the variant replace those of the base with the same id, in place; new ones follow. */
function overlayById<T extends { id: string }>(base: T[], over: T[]): T[] {
  const byId = new Map(over.map((o) => [o.id, o]));
  return [...base.map((b) => byId.get(b.id) ?? b), ...over.filter((o) => !base.some((b) => b.id === o.id))];
}

/** Drops the ids the variant removes; an id that is not there is an error, never ignored. */
function removeById<T extends { id: string }>(items: T[], ids: string[] | undefined, doc: YamlSource, p: PathSegment[], what: string, diags: Diagnostics): T[] {
  if (!ids?.length) return items;
  ids.forEach((id, i) => {
    if (!items.some((x) => x.id === id)) {
      diags.report('NothingToRemove', doc.at([...p, i]), `The variant removes the ${what} "${id}", which the course does not have.${didYouMean(id, items.map((x) => x.id))}`);
    }
  });
  return items.filter((x) => !ids.includes(x.id));
}

/**
 * The variant's lesson files replace the base lesson with the same id in their language, or
 * add a lesson; then the lessons and slides it removes are taken out, in every language.
 */
function overlayLessons(base: Map<string, ParsedLesson[]>, variant: LoadedVariant, vraw: VariantRaw, diags: Diagnostics): Map<string, ParsedLesson[]> {
  const merged = new Map<string, ParsedLesson[]>();
  for (const lang of new Set([...base.keys(), ...variant.lessons.keys()])) {
    const own = variant.lessons.get(lang) ?? [];
    const kept = (base.get(lang) ?? []).filter((b) => !own.some((o) => o.front.id === b.front.id));
    merged.set(lang, [...kept, ...own]);
  }
  const all = [...merged.values()].flat();
  const removeLessons = vraw.remove?.lessons ?? [];
  removeLessons.forEach((id, i) => {
    if (!all.some((l) => l.front.id === id)) {
      diags.report('NothingToRemove', variant.doc.at(['remove', 'lessons', i]), `The variant removes the lesson "${id}", which the course does not have.${didYouMean(id, all.map((l) => l.front.id))}`);
    }
  });
  const removeSlides = vraw.remove?.slides ?? [];
  removeSlides.forEach((ref, i) => {
    const [lessonId, slideId] = ref.split('/');
    if (!all.some((l) => l.front.id === lessonId && l.slides.some((s) => s.id === slideId))) {
      const slides = all.filter((l) => l.front.id === lessonId).flatMap((l) => l.slides.map((s) => `${lessonId}/${s.id}`));
      diags.report('NothingToRemove', variant.doc.at(['remove', 'slides', i]), `The variant removes the slide "${ref}", which the course does not have.${didYouMean(ref, slides)}`);
    }
  });
  for (const [lang, lessons] of merged) {
    merged.set(
      lang,
      lessons
        .filter((l) => !removeLessons.includes(l.front.id))
        .map((l) => ({ ...l, slides: l.slides.filter((s) => !removeSlides.includes(`${l.front.id}/${s.id}`)) })),
    );
  }
  return merged;
}

/** The logo's path in the source tree, when the variant names one that is there. */
function variantLogo(tree: SourceTree, variant: LoadedVariant, vraw: VariantRaw, diags: Diagnostics): string | null {
  if (!vraw.logo) return null;
  const rel = path.posix.normalize(`${variant.treeDir}/${vraw.logo.replace(/\\/g, '/')}`);
  if (!rel.startsWith(`${variant.treeDir}/`) || !tree.has(rel)) {
    diags.report('MissingLogo', variant.doc.at(['logo']), `The logo "${vraw.logo}" is not in ${variant.dir}.`);
    return null;
  }
  return rel;
}

/** `audio`: the recorded narration of the tree, measured (build/audio.ts `probeAudio`); none when omitted. */
export function validateCourse(src: LoadedSources, diags: Diagnostics, audio: AudioProbes = new Map()): Course | null {
  const c = new Checker(diags);
  const before = diags.errors.length;
  const course = src.course;
  const raw = course.value as Raw;

  const languages = (raw['languages'] as Language[]).map((l) => ({ code: l.code, name: l.name, narration: l.narration, reading: l.reading, font: l.font }));
  c.unique(
    languages.map((l) => ({ id: l.code })),
    'DuplicateLanguage',
    'language',
    (_, i) => course.at(['languages', i, 'code']),
  );
  c.langs = languages.map((l) => l.code);
  const orgRaw = (raw['organisation'] ?? {}) as Raw;
  const variant = src.variant;
  const vraw = (variant?.doc.value ?? {}) as VariantRaw;
  c.orgKeys = [...new Set([...Object.keys(orgRaw), ...Object.keys(vraw.organisation ?? {})])];

  const organisation: Record<string, Localized> = {};
  for (const key of Object.keys(orgRaw)) organisation[key] = c.localized(course, ['organisation', key]);
  const organisationDefaults = { ...organisation };
  for (const key of Object.keys(vraw.organisation ?? {})) organisation[key] = c.localized(variant!.doc, ['organisation', key]);
  const sources: Source[] = Object.entries((raw['sources'] ?? {}) as Record<string, Raw>).map(([id, s]) => ({
    id,
    title: c.localized(course, ['sources', id, 'title']),
    publisher: s['publisher'] ? c.localized(course, ['sources', id, 'publisher']) : null,
    url: (s['url'] as string | undefined) ?? null,
    date: s['date'] !== undefined ? String(s['date']) : null,
    pos: course.keyAt(['sources', id]),
  }));
  const test = raw['test'] as Course['test'];
  const timing = raw['timing'] as Course['timing'];
  // Reported itself: otherwise every estimate would be reported as outside the range.
  if (timing.minMinutes !== undefined && timing.maxMinutes !== undefined && timing.minMinutes > timing.maxMinutes) {
    diags.report('InvalidStudyTimeRange', course.at(['timing', 'minMinutes']), `timing.minMinutes (${timing.minMinutes}) is greater than timing.maxMinutes (${timing.maxMinutes}): no study time can fall between them.`, {
      related: [{ ...course.at(['timing', 'maxMinutes']), message: 'maxMinutes is here' }],
    });
  }

  const ui: Record<string, Localized> = {};
  if (src.ui) {
    for (const key of Object.keys(src.ui.value as Raw)) ui[key] = c.localized(src.ui, [key]);
    const missing = requiredUiLabels.filter((k) => !(k in ui));
    if (missing.length) {
      const near = missing.map((k) => `${k}${didYouMean(k, Object.keys(ui))}`).join('; ');
      diags.report('UnknownUiLabel', { file: src.ui.file, line: 1, column: 1 }, `ui.yaml lacks ${missing.length} label(s) the player or the build uses: ${near}`);
    }
  }

  const lessonSources = variant ? { ...src, lessons: overlayLessons(src.lessons, variant, vraw, diags), unreadLessons: new Set([...src.unreadLessons, ...variant.unreadLessons]) } : src;
  const visuals = checkVisualUses([...lessonSources.lessons.values()].flat(), src.tree, new Set(sources.map((s) => s.id)), diags);
  const lessons = validateLessons(
    lessonSources,
    c,
    new Set(sources.map((s) => s.id)),
  );
  checkAudio({ tree: src.tree, probes: audio, langs: c.langs, lessons, baseLessons: src.lessons, variant, organisation, organisationDefaults }, diags);
  const departments = validateDepartments(course, variant, c);
  const survey = src.survey && validateSurvey(src.survey, variant, vraw, departments, lessons.map((l) => l.id), c);
  let questions = src.questions && validateQuestions(src.questions, c, lessons, ui, vraw.remove?.questions);
  if (variant && questions) {
    const added = variant.questions ? validateQuestions(variant.questions, c, lessons, ui) : [];
    questions = removeById(overlayById(questions, added), vraw.remove?.questions, variant.doc, ['remove', 'questions'], 'question', diags);
  }

  const draw = test.draw ?? null;
  if (draw && questions) checkDrawPlan(draw, test.questionsPerAttempt, questions, lessons, course, diags);
  // With a plan, its per-lesson check says more precisely what is missing.
  else if (questions && questions.length < test.questionsPerAttempt) {
    diags.report(
      'NotEnoughQuestions',
      course.at(['test', 'questionsPerAttempt']),
      `Each attempt draws ${test.questionsPerAttempt} questions, but the bank has only ${questions.length}.`,
    );
  }

  if (diags.errors.length > before || !survey || !questions || !src.ui) return null;
  const model: Course = {
    contentDir: src.contentDir,
    id: variant ? `${raw['id'] as string}_${variant.name}` : (raw['id'] as string),
    version: raw['version'] as string,
    languages,
    title: vraw.title ? c.localized(variant!.doc, ['title']) : c.localized(course, ['title']),
    description: vraw.description ? c.localized(variant!.doc, ['description']) : c.localized(course, ['description']),
    closing: raw['closing'] ? c.localized(course, ['closing']) : null,
    theme: { ...(raw['theme'] as Course['theme']), ...vraw.theme },
    variant: variant ? { name: variant.name, dir: variant.dir, logo: variantLogo(src.tree, variant, vraw, diags) } : null,
    test: { passingScore: test.passingScore, questionsPerAttempt: test.questionsPerAttempt, maxAttempts: test.maxAttempts ?? 0, draw },
    timing,
    organisation,
    organisationDefaults,
    departments: departments.options,
    sources,
    ui,
    lessons,
    survey,
    questions,
    ...visuals,
  };
  checkStudyTime(model, course, diags);
  return diags.errors.length > before ? null : model;
}

/**
 * The draw plan (`test.draw`) against the bank as built (a variant's questions and removals
 * included): every lesson it names exists and has enough questions of its own, and the plan
 * adds up to `questionsPerAttempt`, the number the learner is told and the manuscripts print.
 */
function checkDrawPlan(draw: Record<string, number>, perAttempt: number, questions: Question[], lessons: Lesson[], doc: YamlSource, diags: Diagnostics): void {
  const lessonIds = lessons.map((l) => l.id);
  for (const [lesson, wanted] of Object.entries(draw)) {
    if (!lessonIds.includes(lesson)) {
      diags.report('UnknownLesson', doc.keyAt(['test', 'draw', lesson]), `test.draw names the lesson "${lesson}", which does not exist.${didYouMean(lesson, lessonIds)}`);
      continue;
    }
    const has = questions.filter((q) => q.lesson === lesson).length;
    if (has < wanted) {
      diags.report(
        'NotEnoughQuestions',
        doc.at(['test', 'draw', lesson]),
        `Each attempt draws ${wanted} questions of the lesson "${lesson}", but the bank has only ${has} with "lesson: ${lesson}".`,
      );
    }
  }
  const planned = Object.values(draw).reduce((a, b) => a + b, 0);
  if (planned !== perAttempt) {
    diags.report('DrawPlanMismatch', doc.at(['test', 'questionsPerAttempt']), `test.draw adds up to ${planned} questions per attempt, but test.questionsPerAttempt is ${perAttempt}.`, {
      related: [{ ...doc.keyAt(['test', 'draw']), message: 'the draw plan is here' }],
    });
  }
}

/** The course promises a study time; the estimate of every language must keep that promise. */
function checkStudyTime(model: Course, doc: YamlSource, diags: Diagnostics): void {
  const { minMinutes, maxMinutes } = model.timing;
  if (minMinutes === undefined && maxMinutes === undefined) return;
  for (const lang of model.languages) {
    const t = estimateStudyTime(model, lang.code);
    const total = t.totalMinutes;
    if ((minMinutes !== undefined && total < minMinutes) || (maxMinutes !== undefined && total > maxMinutes)) {
      const lessons = t.lessons.map((l) => `${l.id} ${l.minutes.toFixed(1)}`).join(', ');
      const detail = `(lessons: ${lessons}; survey ${t.surveyMinutes.toFixed(1)}; test ${t.testMinutes.toFixed(1)})`;
      const range = `${minMinutes ?? 0}–${maxMinutes ?? '∞'}`;
      if (model.variant) {
        diags.report('VariantStudyTimeOutOfRange', doc.keyAt(['timing']), `The "${lang.code}" course of the variant "${model.variant.name}" is estimated at ${total.toFixed(1)} minutes, outside the base course's ${range} ${detail}.`);
      } else {
        diags.report('StudyTimeOutOfRange', doc.keyAt(['timing']), `The "${lang.code}" course is estimated at ${total.toFixed(1)} minutes, outside ${range} ${detail}.`);
      }
    }
  }
}

function validateLessons(src: LoadedSources, c: Checker, sourceIds: Set<string>): Lesson[] {
  const { diags, langs } = c;
  const primary = langs[0]!;
  for (const [lang, files] of src.lessons) {
    if (!langs.includes(lang) && files[0]) {
      diags.report('UnknownLanguage', { file: files[0].file, line: 1, column: 1 }, `The folder lessons/${lang} is for "${lang}", which is not a course language.${didYouMean(lang, langs)}`);
    }
  }
  // Per language: unique lesson ids, unique and valid slide ids, known sources, placeholders.
  const byId = new Map<string, Map<string, ParsedLesson>>();
  for (const lang of langs) {
    const files = src.lessons.get(lang) ?? [];
    c.unique(
      files.map((f) => f.front),
      'DuplicateLessonId',
      'lesson',
      (_, i) => files[i]!.frontDoc.at(['id']),
    );
    for (const f of files) {
      if (!byId.has(f.front.id)) byId.set(f.front.id, new Map());
      byId.get(f.front.id)!.set(lang, f);
      f.front.sources.forEach((s, i) => {
        if (!sourceIds.has(s)) diags.report('UnknownSource', f.frontDoc.at(['sources', i]), `The lesson cites "${s}", which course.yaml does not define.${didYouMean(s, sourceIds)}`);
      });
      (f.front.goals ?? []).forEach((goal, i) => checkPlaceholders(goal, f.file, f.frontDoc.offset(['goals', i]), c.orgKeys, diags));
      for (const slide of f.slides) {
        if (slide.id && (!idPattern.test(slide.id) || slide.id.length > idMaxLength)) {
          diags.report('InvalidId', slide.at, `"${slide.id}" is not a valid slide id.`);
        }
        checkPlaceholders(slide.title, f.file, slide.titleOffset, c.orgKeys, diags);
        checkPlaceholders(slide.body, f.file, slide.bodyOffset, c.orgKeys, diags);
        checkPlaceholders(slide.narration, f.file, slide.narrationOffset, c.orgKeys, diags);
      }
      c.unique(f.slides.filter((s) => s.id), 'DuplicateSlideId', 'slide', (s) => s.at);
    }
  }

  const lessons: Lesson[] = [];
  for (const [id, perLang] of byId) {
    const reference = perLang.get(primary) ?? [...perLang.values()][0]!;
    for (const lang of langs) {
      const f = perLang.get(lang);
      // A file of that language could not be read (and is reported): the lesson may be in it.
      if (!f && src.unreadLessons.has(lang)) continue;
      if (!f) {
        diags.report(
          'LessonMissingInLanguage',
          reference.frontDoc.at(['id']),
          `The lesson "${id}" exists in "${reference.lang}" but not in "${lang}" (no file in ${src.lessonDirs.get(lang) ?? `lessons/${lang}`} has id "${id}").`,
        );
        continue;
      }
      if (f === reference) continue;
      if (f.front.order !== reference.front.order) {
        diags.report('LessonMismatch', f.frontDoc.at(['order']), `The lesson "${id}" has order ${f.front.order} in "${lang}" but ${reference.front.order} in "${reference.lang}".`, {
          related: [{ ...reference.frontDoc.at(['order']), message: `order in "${reference.lang}"` }],
        });
      }
      if (f.front.sources.join(',') !== reference.front.sources.join(',')) {
        diags.report('LessonMismatch', f.frontDoc.at(['sources']), `The lesson "${id}" cites [${f.front.sources.join(', ')}] in "${lang}" but [${reference.front.sources.join(', ')}] in "${reference.lang}".`, {
          related: [{ ...reference.frontDoc.at(['sources']), message: `sources in "${reference.lang}"` }],
        });
      }
      compareSlides(reference, f, diags);
    }
    const slides: Slide[] = reference.slides.map((s) => {
      const slide: Slide = { id: s.id, title: {}, body: {}, narration: {}, pos: {} };
      for (const [lang, f] of perLang) {
        const t = f.slides.find((x) => x.id === s.id);
        if (!t) continue;
        slide.title[lang] = t.title;
        slide.body[lang] = t.body;
        slide.narration[lang] = t.narration;
        slide.pos[lang] = t.at;
      }
      return slide;
    });
    const title: Localized = {};
    const files: Localized = {};
    const goals: Record<string, string[]> = {};
    for (const [lang, f] of perLang) {
      goals[lang] = f.front.goals ?? [];
      title[lang] = f.front.title;
      files[lang] = f.file;
    }
    lessons.push({ id, order: reference.front.order, title, sources: reference.front.sources, goals, slides, files, pos: reference.frontDoc.at(['id']) });
  }
  return lessons.sort((a, b) => a.order - b.order);
}

/** Slides must match one to one, in order, across languages. */
function compareSlides(reference: ParsedLesson, other: ParsedLesson, diags: Diagnostics): void {
  const refIds = reference.slides.map((s) => s.id);
  const otherIds = other.slides.map((s) => s.id);
  for (const s of reference.slides) {
    if (!otherIds.includes(s.id)) {
      diags.report('SlideMissingInLanguage', { file: other.file, line: 1, column: 1 }, `The slide "${s.id}" of lesson "${reference.front.id}" exists in "${reference.lang}" but not in "${other.lang}".`, {
        related: [{ ...s.at, message: `the slide in "${reference.lang}"` }],
      });
    }
  }
  for (const s of other.slides) {
    if (!refIds.includes(s.id)) {
      diags.report('SlideMissingInLanguage', s.at, `The slide "${s.id}" of lesson "${reference.front.id}" exists in "${other.lang}" but not in "${reference.lang}".`);
    }
  }
  const common = refIds.filter((id) => otherIds.includes(id));
  const commonOther = otherIds.filter((id) => refIds.includes(id));
  const firstDiff = common.findIndex((id, i) => commonOther[i] !== id);
  if (firstDiff >= 0) {
    const slide = other.slides.find((s) => s.id === commonOther[firstDiff])!;
    diags.report('SlideOrderMismatch', slide.at, `Lesson "${reference.front.id}" has its slides in a different order in "${other.lang}": here "${commonOther[firstDiff]}", in "${reference.lang}" "${common[firstDiff]}".`);
  }
}

/**
 * Where each scale point, choice option and department is written, for the checks that compare
 * them across files (a variant's scale beside the base survey's).
 */
const optionAt = new WeakMap<SurveyOption, At>();

/** A list of options (a scale's points, a choice item's options, the departments), each id once. */
function readOptions(doc: YamlSource, p: PathSegment[], c: Checker, what: string): SurveyOption[] {
  const raw = (doc.valueAt(p) ?? []) as Raw[];
  const options = raw.map((o, i) => {
    const option: SurveyOption = { id: o['id'] as string, label: c.localized(doc, [...p, i, 'label']) };
    optionAt.set(option, doc.at([...p, i, 'id']));
    return option;
  });
  c.unique(options, 'DuplicateOptionId', what, (o) => optionAt.get(o)!);
  return options;
}

/** The departments in effect and the file that lists them: the variant's list, else course.yaml's, else none. */
interface Departments {
  options: SurveyOption[];
  doc: YamlSource | null;
}

function validateDepartments(course: YamlSource, variant: LoadedVariant | null, c: Checker): Departments {
  const has = (doc: YamlSource) => (doc.value as Raw)['departments'] !== undefined;
  const doc = variant && has(variant.doc) ? variant.doc : has(course) ? course : null;
  return { options: doc ? readOptions(doc, ['departments'], c, 'department') : [], doc };
}

function validateScales(doc: YamlSource, c: Checker): SurveyScale[] {
  const raw = ((doc.value as Raw)['scales'] ?? []) as Raw[];
  const scales = raw.map((sc, i) => {
    const points = ((sc['points'] ?? []) as Raw[]).map((pt, j) => {
      const point: SurveyOption = { id: pt['id'] as string, label: c.localized(doc, ['scales', i, 'points', j, 'label']) };
      optionAt.set(point, doc.at(['scales', i, 'points', j, 'id']));
      if (point.id === DONT_KNOW) {
        c.diags.report('ReservedPointId', doc.at(['scales', i, 'points', j, 'id']), `The scale "${String(sc['id'])}" has a point with the id "${DONT_KNOW}", which is the answer "don't know".`);
      }
      return point;
    });
    return { id: sc['id'] as string, points, pos: doc.at(['scales', i, 'id']) };
  });
  c.unique(scales, 'DuplicateScaleId', 'scale', (sc) => sc.pos);
  return scales;
}

/**
 * The survey as built: the base survey with a variant's scales, "don't know" label, themes and
 * items laid over it, and the items it removes taken out.
 */
function validateSurvey(doc: YamlSource, variant: LoadedVariant | null, vraw: VariantRaw, departments: Departments, lessonIds: string[], c: Checker): Survey {
  const raw = doc.value as Raw;
  const vdoc = variant?.survey ?? null;
  const scales = overlayById(validateScales(doc, c), vdoc ? validateScales(vdoc, c) : []);
  // A response names its point alone, so a point id means one point in the whole survey.
  c.unique(
    scales.flatMap((sc) => sc.points),
    'DuplicateScaleId',
    'scale point',
    (pt) => optionAt.get(pt)!,
  );
  const labelDoc = vdoc && (vdoc.value as Raw)['dontKnow'] !== undefined ? vdoc : raw['dontKnow'] !== undefined ? doc : null;
  const dontKnow = labelDoc ? c.localized(labelDoc, ['dontKnow']) : null;
  const baseThemes = validateThemes(doc, c, lessonIds);
  let items = validateSurveyItems(doc, c, { themeIds: baseThemes.map((t) => t.id), scales, dontKnow: dontKnow !== null, departments });
  let allThemes = baseThemes;
  if (variant) {
    const own = vdoc ? validateThemes(vdoc, c, lessonIds, baseThemes) : [];
    allThemes = [...baseThemes.filter((t) => !own.some((x) => x.id === t.id)), ...own];
    const added = vdoc ? validateSurveyItems(vdoc, c, { themeIds: allThemes.map((t) => t.id), scales, dontKnow: dontKnow !== null, departments }) : [];
    items = removeById(overlayById(items, added), vraw.remove?.surveyItems, variant.doc, ['remove', 'surveyItems'], 'survey item', c.diags);
  }
  return { title: c.localized(doc, ['title']), intro: c.localized(doc, ['intro']), scales, dontKnow, themes: allThemes, items, pos: doc.at([]) };
}

/**
 * `inherited`: the base survey's themes, when a variant redefines some. A redefined theme that
 * does not say which direction is good keeps the base theme's, so retitling a theme never
 * turns its weaknesses into strengths.
 */
function validateThemes(doc: YamlSource, c: Checker, lessonIds: string[], inherited: Course['survey']['themes'] = []): Course['survey']['themes'] {
  const themesRaw = ((doc.value as Raw)['themes'] ?? []) as Raw[];
  const themes = themesRaw.map((t, i) => {
    const id = t['id'] as string;
    const good = (t['good'] as GoodDirection | undefined) ?? inherited.find((x) => x.id === id)?.good ?? 'high';
    const listed = t['lessons'] as string[] | undefined;
    listed?.forEach((lesson, j) => {
      if (!lessonIds.includes(lesson)) {
        c.diags.report('UnknownThemeLesson', doc.at(['themes', i, 'lessons', j]), `The theme "${id}" names the lesson "${lesson}", which the course does not have.${didYouMean(lesson, lessonIds)}`);
      }
    });
    // A lesson a variant removed no longer addresses anything; the report must not send a trainer to it.
    const lessons = (listed ?? inherited.find((x) => x.id === id)?.lessons ?? []).filter((l) => lessonIds.includes(l));
    return { id, title: c.localized(doc, ['themes', i, 'title']), good, lessons };
  });
  c.unique(themes, 'DuplicateThemeId', 'theme', (_, i) => doc.at(['themes', i, 'id']));
  return themes;
}

/** What survey items refer to: the themes, the scales, whether there is a "don't know", the departments. */
interface ItemContext {
  themeIds: string[];
  scales: SurveyScale[];
  dontKnow: boolean;
  departments: Departments;
}

/** Keys that belong to one kind of item or two; any other kind that has one is told so. */
const keysOf: Record<string, SurveyItem['type'][]> = {
  scale: ['likert'],
  dontKnow: ['likert'],
  good: ['likert'],
  options: ['choice'],
  optionsFrom: ['choice'],
  multiple: ['choice'],
  segment: ['choice'],
  maxLength: ['text'],
  required: ['choice', 'text'],
};

const kindName: Record<SurveyItem['type'], string> = { likert: 'Likert', choice: 'choice', text: 'free-text' };

/** The lists a choice item's `optionsFrom` can name. */
const optionLists = ['departments'] as const;

function validateSurveyItems(doc: YamlSource, c: Checker, ctx: ItemContext): SurveyItem[] {
  const itemsRaw = ((doc.value as Raw)['items'] ?? []) as Raw[];
  const items: SurveyItem[] = itemsRaw.map((it, i) => {
    const pos = doc.at(['items', i]);
    const id = it['id'] as string;
    const type = it['type'] as SurveyItem['type'];
    const theme = (it['theme'] as string | undefined) ?? null;
    if (theme !== null && !ctx.themeIds.includes(theme)) {
      c.diags.report('UnknownTheme', doc.at(['items', i, 'theme']), `The survey item "${id}" names the theme "${theme}", which is not defined.${didYouMean(theme, ctx.themeIds)}`);
    }
    for (const [key, kinds] of Object.entries(keysOf)) {
      if (it[key] === undefined || kinds.includes(type)) continue;
      // A Likert item is always required: saying so is harmless.
      if (key === 'required' && type === 'likert' && it[key] === true) continue;
      const owners = kinds.map((k) => kindName[k]).join(' and ');
      const why =
        key === 'good'
          ? 'only Likert items are averaged, so only they have a direction that is good'
          : key === 'required'
            ? 'a Likert item is always required'
            : `only ${owners} items have it`;
      c.diags.report('InvalidValue', doc.keyAt(['items', i, key]), `The ${kindName[type]} survey item "${id}" has "${key}": ${why}.`, {
        hint: key === 'good' ? 'Delete `good` from the item; set it on a Likert item or on a theme.' : `Delete \`${key}\` from the item, or change its \`type\`.`,
      });
    }
    const text = c.localized(doc, ['items', i, 'text']);
    if (type === 'likert') {
      if (theme === null) c.diags.report('MissingKey', pos, `The Likert item "${id}" has no "theme"; Likert items are summarised per theme.`);
      const scale = likertScale(doc, i, id, it, ctx, c);
      const dontKnow = it['dontKnow'] === true;
      if (dontKnow && !ctx.dontKnow) {
        c.diags.report('MissingKey', doc.keyAt(['items', i, 'dontKnow']), `The Likert item "${id}" offers "don't know", but the survey has no "dontKnow" label to show for it.`, {
          hint: "Add the label to survey.yaml, e.g. `dontKnow: { ja: わからない, en: Don't know }`, or delete `dontKnow: true` from the item.",
        });
      }
      const good = it['good'] as GoodDirection | undefined;
      return { id, type: 'likert', theme: theme ?? '', text, required: true, scale, dontKnow, ...(good ? { good } : {}), pos };
    }
    if (type === 'choice') {
      const { options, optionsFrom } = choiceOptions(doc, i, id, it, ctx, c);
      const item: SurveyItem = {
        id,
        type: 'choice',
        theme,
        text,
        required: (it['required'] as boolean | undefined) ?? false,
        options,
        optionsFrom,
        multiple: it['multiple'] === true,
        segment: it['segment'] === true,
        pos,
      };
      if (it['optionsFrom'] !== undefined) optionsAt.set(item, doc.at(['items', i, 'optionsFrom']));
      else if (it['options'] !== undefined) optionsAt.set(item, doc.keyAt(['items', i, 'options']));
      return item;
    }
    const item: SurveyItem = {
      id,
      type: 'text',
      theme,
      text,
      required: (it['required'] as boolean | undefined) ?? false,
      maxLength: (it['maxLength'] as number | undefined) ?? defaultFreeTextLength,
      pos,
    };
    if (it['maxLength'] !== undefined) maxLengthAt.set(item, doc.at(['items', i, 'maxLength']));
    return item;
  });
  c.unique(items, 'DuplicateSurveyItemId', 'survey item', (_, i) => doc.at(['items', i, 'id']));
  return items;
}

/** The id of a Likert item's scale: the one it names, or the only one there is. */
function likertScale(doc: YamlSource, i: number, id: string, it: Raw, ctx: ItemContext, c: Checker): string {
  const ids = ctx.scales.map((sc) => sc.id);
  const named = it['scale'] as string | undefined;
  if (named === undefined) {
    if (ids.length === 1) return ids[0]!;
    if (ids.length > 1) c.diags.report('MissingScale', doc.at(['items', i]), `The Likert item "${id}" names no scale, and the survey has ${ids.length}: ${ids.join(', ')}.`);
    return '';
  }
  if (!ids.includes(named)) {
    c.diags.report('UnknownScale', doc.at(['items', i, 'scale']), `The Likert item "${id}" names the scale "${named}", which is not defined.${didYouMean(named, ids)}`);
  }
  return named;
}

/** A choice item's options, its own or from the list `optionsFrom` names; at least two. */
function choiceOptions(doc: YamlSource, i: number, id: string, it: Raw, ctx: ItemContext, c: Checker): { options: SurveyOption[]; optionsFrom: 'departments' | null } {
  const from = it['optionsFrom'] as string | undefined;
  if (from !== undefined && it['options'] !== undefined) {
    c.diags.report('InvalidValue', doc.keyAt(['items', i, 'optionsFrom']), `The choice item "${id}" has both "options" and "optionsFrom".`, {
      hint: 'Keep one: the item lists its own `options`, or takes them from a list of course.yaml with `optionsFrom: departments`.',
    });
  }
  if (from === undefined) {
    if (it['options'] === undefined) {
      c.diags.report('MissingKey', doc.at(['items', i]), `The choice item "${id}" has neither "options" nor "optionsFrom".`);
      return { options: [], optionsFrom: null };
    }
    const options = readOptions(doc, ['items', i, 'options'], c, 'option');
    if (options.length < 2) c.diags.report('TooFewOptions', doc.keyAt(['items', i, 'options']), `The choice item "${id}" has ${options.length} option(s).`);
    return { options, optionsFrom: null };
  }
  const at = doc.at(['items', i, 'optionsFrom']);
  if (!(optionLists as readonly string[]).includes(from)) {
    c.diags.report('UnknownOptionList', at, `The choice item "${id}" takes its options from "${from}", which is not a list of the course.${didYouMean(from, optionLists)}`);
    return { options: [], optionsFrom: null };
  }
  const list = ctx.departments;
  if (!list.doc) {
    c.diags.report('UnknownOptionList', at, `The choice item "${id}" takes its options from "departments", but course.yaml has no "departments" list.`);
    return { options: [], optionsFrom: 'departments' };
  }
  if (list.options.length < 2) {
    c.diags.report('TooFewOptions', at, `The choice item "${id}" takes its options from "departments", which lists ${list.options.length} (${list.doc.file}).`);
  }
  return { options: list.options, optionsFrom: 'departments' };
}

/** `removed`: ids a variant takes out, which may point at a lesson it removed too; not checked. */
function validateQuestions(doc: YamlSource, c: Checker, lessons: Lesson[], ui: Record<string, Localized>, removed: string[] = []): Question[] {
  const { diags } = c;
  const lessonIds = lessons.map((l) => l.id);
  const raw = (doc.value as Raw)['questions'] as Raw[];
  const questions = raw.map((q, i): Question => {
    const at = (...p: PathSegment[]) => doc.at(['questions', i, ...p]);
    const keyAt = (...p: PathSegment[]) => doc.keyAt(['questions', i, ...p]);
    const id = q['id'] as string;
    const type = q['type'] as Question['type'];
    const lesson = (q['lesson'] as string | undefined) ?? null;
    if (lesson !== null && !lessonIds.includes(lesson) && !removed.includes(id)) {
      diags.report('UnknownLesson', at('lesson'), `The question "${id}" refers to the lesson "${lesson}", which does not exist.${didYouMean(lesson, lessonIds)}`);
    }
    let choices: Choice[] = [];
    if (type === 'true-false') {
      if (q['choices'] !== undefined) diags.report('ChoicesOnTrueFalse', keyAt('choices'), `The true-false question "${id}" has choices.`);
      if (typeof q['answer'] !== 'boolean') diags.report('MissingAnswer', at(), `The true-false question "${id}" has no answer.`);
      choices = (['true', 'false'] as const).map((v) => ({ id: v, text: ui[v] ?? { ...Object.fromEntries(c.langs.map((l) => [l, v])) }, correct: q['answer'] === (v === 'true') }));
    } else {
      if (q['answer'] !== undefined) diags.report('InvalidValue', at('answer'), `The ${type} question "${id}" has "answer", which only true-false questions use; mark choices with "correct: true" instead.`);
      const rawChoices = (q['choices'] as Raw[] | undefined) ?? [];
      if (rawChoices.length < 2) diags.report('MissingChoices', at(), `The question "${id}" has ${rawChoices.length} choice(s).`);
      choices = rawChoices.map((ch, j) => ({ id: ch['id'] as string, text: c.localized(doc, ['questions', i, 'choices', j, 'text']), correct: ch['correct'] === true }));
      c.unique(choices, 'DuplicateChoiceId', 'choice', (_, j) => at('choices', j, 'id'));
      const correct = choices.filter((ch) => ch.correct).length;
      if (rawChoices.length >= 2 && correct === 0) diags.report('MissingCorrectAnswer', keyAt('choices'), `The question "${id}" has no correct choice.`);
      if (type === 'single-choice' && correct > 1) diags.report('TooManyCorrectAnswers', keyAt('choices'), `The single-choice question "${id}" has ${correct} correct choices.`);
      if (type === 'multiple-choice' && correct === choices.length && correct > 0) diags.report('AllChoicesCorrect', keyAt('choices'), `Every choice of "${id}" is correct.`);
    }
    return {
      id,
      type,
      lesson,
      caseBased: q['case'] === true,
      text: c.localized(doc, ['questions', i, 'text']),
      choices,
      feedback: c.localized(doc, ['questions', i, 'feedback']),
      pos: at(),
    };
  });
  c.unique(questions, 'DuplicateQuestionId', 'question', (_, i) => doc.at(['questions', i, 'id']));
  return questions;
}
