/**
 * The editions of the course a report can read answers against: the current one (the course
 * model) and each retired one frozen in content/editions/<version>.yaml. A package records ids
 * (`survey.aw_work_policy`, `test.a1.q_rules_02`) whose meaning belongs to the edition it was
 * built from; the same id may mean something else in another edition, so answers are only
 * ever read against the edition that explains them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Diagnostics, type At } from '../diagnostics.ts';
import { checkSchema } from '../load/schema.ts';
import { parseYaml } from '../load/yaml.ts';
import type { Course, GoodDirection, Localized, QuestionType, SurveyOption } from '../model.ts';
import { fillPlaceholders, organisationValues } from '../validate/placeholders.ts';
import { ReportInputError, type Submission } from './model.ts';
import { interactionOf } from '../../player/lms/cmi5-statements.ts';
import { DONT_KNOW } from '../../player/spec/course-data.ts';

export interface EditionItem {
  id: string;
  type: 'likert' | 'choice' | 'text';
  theme: string | null;
  text: Localized;
  /** Likert: the scale's points, lowest first. Choice: the options in order. */
  options: SurveyOption[];
  /** Likert: the item offers "don't know" (`dk`). */
  dontKnow: boolean;
  /** Likert: the direction that applies (the item's own, else its theme's). */
  good: GoodDirection | null;
  multiple: boolean;
  segment: boolean;
}

export interface EditionQuestion {
  id: string;
  lesson: string | null;
  type: QuestionType;
  text: Localized;
  /** Correct choice ids; `true` / `false` for a true-false question. */
  correct: string[];
}

export interface Edition {
  /** The version it was shipped as (course.yaml `version`). */
  id: string;
  current: boolean;
  /** The edition file, or null for the current edition (the course's sources). */
  file: string | null;
  title: Localized;
  lessons: { id: string; title: Localized }[];
  survey: {
    dontKnow: Localized | null;
    themes: { id: string; title: Localized; good: GoodDirection; lessons: string[] }[];
    /** In the order the player records them. */
    items: EditionItem[];
  };
  questions: EditionQuestion[];
  test: { passingScore: number; questionsPerAttempt: number };
}

/** The current edition, then the retired ones, newest first. */
export function courseEditions(course: Course): Edition[] {
  return [currentEdition(course), ...retiredEditions(course)];
}

function currentEdition(course: Course): Edition {
  const s = course.survey;
  const fill = (text: Localized): Localized => fillAll(course, text);
  return {
    id: course.version,
    current: true,
    file: null,
    title: course.title,
    lessons: course.lessons.map((l) => ({ id: l.id, title: l.title })),
    survey: {
      dontKnow: s.dontKnow,
      themes: s.themes.map((t) => ({ id: t.id, title: t.title, good: t.good, lessons: t.lessons })),
      items: s.items.map((it): EditionItem => {
        const base = { id: it.id, text: fill(it.text), theme: it.theme || null, multiple: false, segment: false, dontKnow: false, good: null, options: [] };
        if (it.type === 'likert') {
          const points = s.scales.find((sc) => sc.id === it.scale)?.points ?? [];
          const good = it.good ?? s.themes.find((t) => t.id === it.theme)?.good ?? 'high';
          return { ...base, type: 'likert', options: points, dontKnow: it.dontKnow, good };
        }
        if (it.type === 'choice') return { ...base, type: 'choice', options: it.options, multiple: it.multiple, segment: it.segment };
        return { ...base, type: 'text' };
      }),
    },
    questions: course.questions.map((q) => ({ id: q.id, lesson: q.lesson, type: q.type, text: fill(q.text), correct: q.choices.filter((c) => c.correct).map((c) => c.id) })),
    test: { passingScore: course.test.passingScore, questionsPerAttempt: course.test.questionsPerAttempt },
  };
}

function fillAll(course: Course, text: Localized): Localized {
  return Object.fromEntries(Object.entries(text).map(([lang, t]) => [lang, fillPlaceholders(t, organisationValues(course, lang), 'text')]));
}

type Raw = Record<string, unknown>;

/** Reads content/editions/*.yaml through its schema; a broken file stops the report, naming the spot. */
function retiredEditions(course: Course): Edition[] {
  const dir = path.join(course.contentDir, 'editions');
  if (!fs.existsSync(dir)) return [];
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.yaml'));
  const editions = files.map((f) => readEdition(course, path.join(dir, f)));
  return editions.filter((e) => e.id !== course.version).sort((a, b) => compareVersions(b.id, a.id));
}

function readEdition(course: Course, file: string): Edition {
  const diags = new Diagnostics();
  const src = diags.source(file, fs.readFileSync(file, 'utf8'));
  const doc = parseYaml(src, diags);
  const fail = (at: At | null, problem: string, hint: string): never => {
    throw new ReportInputError(at ? `${file}:${at.line}:${at.column}` : file, problem, hint);
  };
  const firstError = () => diags.errors[0];
  if (!doc || !checkSchema('edition', doc, diags) || firstError()) {
    const e = firstError();
    fail(e ?? null, e?.message ?? 'The edition file cannot be read.', e?.hint ?? 'Restore the file from git: an edition is frozen once written.');
  }
  const raw = doc!.value as Raw;
  const version = raw['version'] as string;
  if (path.basename(file, '.yaml') !== version) {
    fail(doc!.at(['version']), `The edition says version ${version}, but its file is named ${path.basename(file)}.`, `Name the file ${version}.yaml: the file name is how an edition is found.`);
  }
  const lessons = (raw['lessons'] as Raw[]).map((l) => ({ id: l['id'] as string, title: l['title'] as Localized }));
  const lessonIds = lessons.map((l) => l.id);
  const survey = raw['survey'] as Raw;
  const scales = (survey['scales'] as Raw[]).map((sc) => ({ id: sc['id'] as string, points: sc['points'] as SurveyOption[] }));
  const themes = (survey['themes'] as Raw[]).map((t, i) => {
    const listed = (t['lessons'] as string[] | undefined) ?? [];
    listed.forEach((l, j) => {
      if (!lessonIds.includes(l)) fail(doc!.at(['survey', 'themes', i, 'lessons', j]), `The theme "${t['id'] as string}" names the lesson "${l}", which this edition does not have.`, `Use one of: ${lessonIds.join(', ')}.`);
    });
    return { id: t['id'] as string, title: t['title'] as Localized, good: (t['good'] as GoodDirection | undefined) ?? 'high', lessons: listed };
  });
  const items = (survey['items'] as Raw[]).map((it, i): EditionItem => {
    const type = it['type'] as EditionItem['type'];
    const theme = (it['theme'] as string | undefined) ?? null;
    let options = (it['options'] as SurveyOption[] | undefined) ?? [];
    let good: GoodDirection | null = null;
    if (type === 'likert') {
      const scale = scales.find((sc) => sc.id === it['scale']) ?? (scales.length === 1 ? scales[0] : undefined);
      if (!scale) fail(doc!.at(['survey', 'items', i]), `The Likert item "${it['id'] as string}" names no scale of this edition.`, `Set \`scale:\` to one of: ${scales.map((sc) => sc.id).join(', ')}.`);
      options = scale!.points;
      good = (it['good'] as GoodDirection | undefined) ?? themes.find((t) => t.id === theme)?.good ?? 'high';
    }
    return {
      id: it['id'] as string,
      type,
      theme,
      text: fillAll(course, it['text'] as Localized),
      options,
      dontKnow: it['dontKnow'] === true,
      good,
      multiple: it['multiple'] === true,
      segment: it['segment'] === true,
    };
  });
  const questions = (raw['questions'] as Raw[]).map((q) => ({
    id: q['id'] as string,
    lesson: (q['lesson'] as string | undefined) ?? null,
    type: q['type'] as QuestionType,
    text: fillAll(course, q['text'] as Localized),
    correct: q['correct'] as string[],
  }));
  const test = raw['test'] as Raw;
  return {
    id: version,
    current: false,
    file,
    title: raw['title'] as Localized,
    lessons,
    survey: { dontKnow: (survey['dontKnow'] as Localized | undefined) ?? null, themes, items },
    questions,
    test: { passingScore: test['passingScore'] as number, questionsPerAttempt: test['questionsPerAttempt'] as number },
  };
}

function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}

// ── Recorded ids ─────────────────────────────────────────────────────────────

/** What an interaction id refers to, whatever the record's form. */
export type AnswerRef = { kind: 'survey'; item: string } | { kind: 'test'; attempt: number; question: string };

/**
 * The forms the packages record: SCORM 2004 and the backups' 2004 tracks `survey.<item>` and
 * `test.a<n>.<question>`; SCORM 1.2 the same with '-' for '.' (its identifier has no dots);
 * xAPI the interaction's activity IRI `…/test/awareness-survey/question/<item>` or
 * `…/test/confirmation-test/question/<question>` (player/lms/cmi5-statements.ts), which carries
 * no in-package attempt: it counts as the first.
 */
export function parseAnswerId(id: string): AnswerRef | null {
  // A report repeats the same few dozen ids in every row: each is parsed once.
  const seen = parsedIds.get(id);
  if (seen !== undefined) return seen;
  const ref = parseId(id);
  if (parsedIds.size > 10_000) parsedIds.clear();
  parsedIds.set(id, ref);
  return ref;
}

const parsedIds = new Map<string, AnswerRef | null>();

function parseId(id: string): AnswerRef | null {
  const survey = /^survey[.-]([a-z][a-z0-9_]*)$/.exec(id);
  if (survey) return { kind: 'survey', item: survey[1]! };
  const test = /^test[.-]a(\d+)[.-]([a-z][a-z0-9_]*)$/.exec(id);
  if (test) return { kind: 'test', attempt: Number(test[1]), question: test[2]! };
  const activity = interactionOf(id);
  if (!activity) return null;
  return activity.kind === 'survey' ? { kind: 'survey', item: activity.id } : { kind: 'test', attempt: 1, question: activity.id };
}

/** An edition's survey items by id and by position, and its questions by id. */
export interface EditionIndex {
  items: Map<string, EditionItem>;
  position: Map<EditionItem, number>;
  questions: Map<string, EditionQuestion>;
}

const indexes = new WeakMap<Edition, EditionIndex>();

/** The edition's index, made once per edition: every submission of a report is read through it. */
export function editionIndex(edition: Edition): EditionIndex {
  let index = indexes.get(edition);
  if (!index) {
    index = {
      items: new Map(edition.survey.items.map((i) => [i.id, i])),
      position: new Map(edition.survey.items.map((i, k) => [i, k])),
      questions: new Map(edition.questions.map((q) => [q.id, q])),
    };
    indexes.set(edition, index);
  }
  return index;
}

/** The recorded ids of a submission an edition does not know (unparseable ids included). */
export function unknownIds(edition: Edition, submission: Submission): string[] {
  const { items, questions } = editionIndex(edition);
  const out: string[] = [];
  for (const a of submission.answers) {
    if (a.id === null) continue;
    const ref = parseAnswerId(a.id);
    if (!ref || (ref.kind === 'survey' ? !items.has(ref.item) : !questions.has(ref.question))) out.push(a.id);
  }
  return out;
}

/**
 * Whether a recorded response can be an answer to the item in the edition: a point id, a
 * 1.2 character or a workbook label for a Likert item, option ids or characters for a choice.
 * Free text takes anything.
 */
export function fitsItem(item: EditionItem, response: string): boolean {
  return normaliseSurveyResponse(item, response) !== undefined;
}

/**
 * The response as the edition's ids: a point id or `dk` (Likert), option ids (choice), the text
 * (free text); null for an empty answer; undefined when it cannot be an answer to this item.
 */
export function normaliseSurveyResponse(item: EditionItem, response: string): string | string[] | null | undefined {
  if (item.type === 'text') return response === '' ? null : response;
  // An item has few distinct answers, read in every row: each is worked out once. The result
  // is shared, so callers must not change an array it returns.
  let memo = normalised.get(item);
  if (!memo) normalised.set(item, (memo = new Map()));
  if (memo.has(response)) return memo.get(response);
  const value = normaliseRated(item, response);
  if (memo.size < 1_000) memo.set(response, value);
  return value;
}

const normalised = new WeakMap<EditionItem, Map<string, string | string[] | null | undefined>>();

function normaliseRated(item: EditionItem, response: string): string | string[] | null | undefined {
  const r = response.trim();
  if (r === '') return null;
  const ids = item.options.map((o) => o.id);
  const byLabel = (label: string) => item.options.find((o) => Object.values(o.label).includes(label))?.id;
  if (item.type === 'likert') {
    if (ids.includes(r)) return r;
    if (r === DONT_KNOW && item.dontKnow) return DONT_KNOW;
    // SCORM 1.2 (player/spec/scorm12.ts surveyChars): '1'… from the lowest point on scales of
    // up to nine points, '0' for "don't know"; longer scales count from '0' in base 36.
    if (/^[0-9a-z]$/.test(r)) {
      const n = parseInt(r, 36);
      const fromOne = ids.length <= 9;
      const index = fromOne ? n - 1 : n;
      if (index >= 0 && index < ids.length) return ids[index]!;
      if (item.dontKnow && (fromOne ? n === 0 : n === ids.length)) return DONT_KNOW;
      return undefined;
    }
    return byLabel(r) ?? undefined;
  }
  // Choice: 2004 separates ids by `[,]`, 1.2 by ','; 1.2 sends 'a', 'b'… by position.
  const parts = r.split(/\[,\]|,/).map((p) => p.trim()).filter((p) => p !== '');
  const chars = 'abcdefghijklmnopqrstuvwxyz0123456789';
  const chosen: string[] = [];
  for (const p of parts) {
    const id = ids.includes(p) ? p : p.length === 1 && chars.indexOf(p) >= 0 && chars.indexOf(p) < ids.length ? ids[chars.indexOf(p)] : byLabel(p);
    if (id === undefined) return undefined;
    if (!chosen.includes(id)) chosen.push(id);
  }
  if (!chosen.length || (!item.multiple && chosen.length > 1)) return undefined;
  return ids.filter((id) => chosen.includes(id));
}

/** A test response as choice ids: `a[,]c` or `a,c`; 1.2's `t`/`f` and 2004's `true`/`false`. */
export function normaliseTestResponse(question: EditionQuestion, response: string): string[] {
  const parts = response.split(/\[,\]|,/).map((p) => p.trim()).filter((p) => p !== '');
  if (question.type === 'true-false') return parts.map((p) => (p === 't' || p === '1' ? 'true' : p === 'f' || p === '0' ? 'false' : p));
  return parts;
}

// ── Detection ────────────────────────────────────────────────────────────────

/**
 * The edition that explains every submission of the run. A submission with ids is explained
 * by an edition that knows all of them and whose items accept its responses; one without ids
 * by an edition whose recording order accepts its responses. Files explained by different
 * editions only are an error: one report reads one edition.
 */
export function detectEdition(editions: Edition[], submissions: Submission[]): Edition {
  const used = submissions.filter((s) => !s.empty && s.answers.some((a) => a.response !== ''));
  if (!used.length) return editions[0]!;
  const byFile = new Map<string, Submission[]>();
  for (const s of used) {
    const same = byFile.get(s.file);
    if (same) same.push(s);
    else byFile.set(s.file, [s]);
  }
  const fileEditions = new Map<string, Edition[]>();
  for (const [file, subs] of byFile) {
    const fits = editions.filter((e) => subs.every((s) => explains(e, s)));
    if (!fits.length) {
      const withIds = subs.find((s) => s.answers.some((a) => a.id !== null));
      const unknown = withIds ? [...new Set(editions.length ? unknownIds(editions[0]!, withIds) : [])] : [];
      const shown = unknown.slice(0, 3).map((id) => `"${id}"`).join(', ');
      throw new ReportInputError(
        file,
        unknown.length
          ? `Its answers carry ids that no edition of this course knows (${shown}${unknown.length > 3 ? `, and ${unknown.length - 3} more` : ''}): answers of another course?`
          : 'Its answers do not fit the survey of any edition of this course (current or in content/editions/): answers of another course?',
        `Give the report only the answers of this course ("${editions[0]!.id}" and earlier editions: ${editions.map((e) => e.id).join(', ')}); if they come from a version not listed, add its edition under content/editions/.`,
      );
    }
    fileEditions.set(file, fits);
  }
  const common = editions.filter((e) => [...fileEditions.values()].every((fits) => fits.includes(e)));
  if (common.length) return common[0]!;
  const lines = [...fileEditions].map(([file, fits]) => `${file}: edition ${fits.map((e) => e.id).join(' or ')}`);
  throw new ReportInputError(
    [...fileEditions.keys()].join(', '),
    `The inputs come from different editions of the course, which one report cannot combine: ${lines.join('; ')}.`,
    'Make one report per edition: run the report once with the files of each edition.',
  );
}

function explains(edition: Edition, s: Submission): boolean {
  const { items, questions } = editionIndex(edition);
  let withoutIds = 0;
  for (const a of s.answers) {
    if (a.id === null) {
      withoutIds++;
      continue;
    }
    const ref = parseAnswerId(a.id);
    if (!ref) return false;
    if (ref.kind === 'test') {
      if (!questions.has(ref.question)) return false;
      continue;
    }
    const item = items.get(ref.item);
    if (!item || (a.response !== '' && !fitsItem(item, a.response))) return false;
  }
  return withoutIds === 0 || alignByOrder(edition, s.answers.filter((a) => a.id === null)) !== null;
}

/**
 * Maps answers without ids to the survey items by the order the player records them in:
 * every survey item in the edition's order, then the test's answers. The player records an
 * optional item left blank with an empty response (player/answers.ts `submitSurvey`), so a
 * value's index is normally its item's position; a record that left such an item out moves the
 * later values up. So a value that does not fit the item at its position is tried on the items
 * after it, passing over optional ones (free text, choice) only; a value past the survey, or
 * one that fits no item when only optional items remain, begins the test.
 * Returns item id → raw response and the test's responses in order, or null when the values
 * cannot be this edition's.
 */
export function alignByOrder(edition: Edition, answers: { index: number; response: string }[]): { survey: Map<string, string>; test: string[]; shifted: boolean } | null {
  const items = edition.survey.items;
  const survey = new Map<string, string>();
  const test: string[] = [];
  let skipped = 0;
  let inTest = false;
  for (const a of [...answers].sort((x, y) => x.index - y.index)) {
    const pos = a.index + skipped;
    if (inTest || pos >= items.length) {
      if (a.response !== '') test.push(a.response);
      inTest = inTest || a.response !== '';
      continue;
    }
    if (a.response === '') continue;
    let k = pos;
    while (k < items.length && !fitsItem(items[k]!, a.response) && items[k]!.type !== 'likert') k++;
    if (k < items.length && fitsItem(items[k]!, a.response)) {
      skipped += k - pos;
      survey.set(items[k]!.id, a.response);
      continue;
    }
    if (k === items.length) {
      test.push(a.response);
      inTest = true;
      continue;
    }
    return null;
  }
  return { survey, test, shifted: skipped > 0 };
}
