/**
 * Stage 2 of the organisation report: the Submissions the readers made, read against the
 * edition of the course that recorded them, become one Report in one language, with the
 * privacy rules applied. Nothing here knows a file format; the targets compute nothing.
 */
import { createHash } from 'node:crypto';
import { DONT_KNOW } from '../../player/spec/course-data.ts';
import type { Course, Lang, Localized } from '../model.ts';
import {
  alignByOrder,
  courseEditions,
  detectEdition,
  editionIndex,
  normaliseSurveyResponse,
  normaliseTestResponse,
  parseAnswerId,
  type Edition,
  type EditionItem,
} from './editions.ts';
import type { Distribution, FreeTextResult, Grouping, GroupResult, InputSummary, ItemResult, LessonTestResult, Report, ReportNote, Submission, TestResult, ThemeResult } from './model.ts';
import { discrimination, facility, itemScore, mean, type TestAttempt } from './stats.ts';

export interface AnalyseOptions {
  lang: Lang;
  /** `latest` (default): per learner, the attempt with the highest number; `all`: every attempt. */
  attempts?: 'latest' | 'all';
  /** Groups smaller than this are withheld; free text too when the whole report is (default 5). */
  minGroupSize?: number;
  /** Keep names and emails in the respondents' rows (default false). */
  withNames?: boolean;
  /** The editions to read against (default: the course's, courseEditions). */
  editions?: Edition[];
}

type SurveyValue = string | string[];

/** One submission read against the edition. */
interface Record_ {
  sub: Submission;
  /** The survey answers by the item's position in the edition's survey. */
  values: (SurveyValue | undefined)[];
  /** The same answers as codes (see `Code`), by the item's position: what the counting reads. */
  codes: Int32Array;
  /** How many survey items have an answer. */
  surveyAnswered: number;
  /** In-package test attempt number → question → answered correctly. */
  tests: Map<number, Map<string, boolean>>;
  mappedByOrder: boolean;
  testIdsMissing: boolean;
  answered: number;
}

export function analyse(submissions: Submission[], course: Course, options: AnalyseOptions): Report {
  const lang = options.lang;
  const attemptsPolicy = options.attempts ?? 'latest';
  const minGroupSize = options.minGroupSize ?? 5;
  const withNames = options.withNames ?? false;
  const editions = options.editions ?? courseEditions(course);
  const edition = detectEdition(editions, submissions);
  const t = (text: Localized): string => text[lang] ?? text[course.languages[0]!.code] ?? Object.values(text)[0] ?? '';
  const say = phrases(lang);
  const notes: ReportNote[] = [];

  const inputs: InputSummary[] = [];
  for (const s of submissions) {
    const known = inputs.find((i) => i.file === s.file);
    if (known) known.submissions++;
    else inputs.push({ file: s.file, format: s.format, submissions: 1 });
  }

  // Read, then keep one record per learner and attempt: the one with the most answers, then the latest.
  const read = submissions.filter((s) => !s.empty).map((s) => readSubmission(edition, s)).filter((r) => r.answered > 0);
  const byAttempt = new Map<string, Record_[]>();
  for (const r of read) {
    const k = `${r.sub.learner.key}\u0000${r.sub.attempt}`;
    const same = byAttempt.get(k);
    if (same) same.push(r);
    else byAttempt.set(k, [r]);
  }
  const unique = [...byAttempt.values()].map((rs) => rs.sort((a, b) => b.answered - a.answered || compareAt(b.sub.at, a.sub.at))[0]!);
  const duplicates = read.length - unique.length;

  // What the inputs say about a person (groups, name) holds for all of their records.
  const person = new Map<string, { name: string | null; email: string | null; groups: Set<string> }>();
  for (const r of read) {
    const p = person.get(r.sub.learner.key) ?? { name: null, email: null, groups: new Set<string>() };
    p.name ??= r.sub.learner.name;
    p.email ??= r.sub.learner.email;
    r.sub.learner.groups.forEach((g) => p.groups.add(g));
    person.set(r.sub.learner.key, p);
  }

  let kept = unique;
  if (attemptsPolicy === 'latest') {
    const latest = new Map<string, Record_>();
    for (const r of unique) {
      const have = latest.get(r.sub.learner.key);
      if (!have || r.sub.attempt > have.sub.attempt || (r.sub.attempt === have.sub.attempt && compareAt(r.sub.at, have.sub.at) > 0)) latest.set(r.sub.learner.key, r);
    }
    kept = [...latest.values()];
  }
  const earlier = unique.length - kept.length;
  // A stable order that does not give away the order of the input rows.
  kept = kept
    .map((r) => ({ r, order: createHash('sha256').update(`${r.sub.learner.key}\u0000${r.sub.attempt}`).digest('hex') }))
    .sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : 0))
    .map(({ r }) => r);

  const respondents = kept.filter((r) => r.surveyAnswered > 0);
  const items = edition.survey.items;
  const rated = items.filter((i): i is EditionItem & { type: 'likert' | 'choice' } => i.type !== 'text');

  // ── Survey ──
  // Each item's answers as a column of option positions, made once: every breakdown then
  // counts over plain arrays (10,000 respondents × 20 items × every group).
  const { position } = editionIndex(edition);
  const columns = answerColumns(rated, position, respondents);
  const everyone = Int32Array.from(respondents.keys());
  const indexOf = new Map(respondents.map((r, i) => [r, i]));
  const itemResults: ItemResult[] = rated.map((it) => ({
    id: it.id,
    kind: it.type,
    theme: it.theme,
    text: t(it.text),
    options: it.options.map((o) => ({ id: o.id, label: t(o.label) })),
    good: it.type === 'likert' ? it.good : null,
    multiple: it.multiple,
    all: distribution(it, columns.get(it)!, everyone),
  }));
  // A theme's score from its items' distributions, computed once per set of respondents.
  const themeScores = (dists: Map<string, Distribution>) =>
    Object.fromEntries(edition.survey.themes.map((th) => [th.id, mean(themeItems(th.id).flatMap((it) => nonNull(dists.get(it.id)!.score)))]));
  const themeItems = (theme: string) => rated.filter((it) => it.type === 'likert' && it.theme === theme);
  const lessonTitle = new Map(edition.lessons.map((l) => [l.id, t(l.title)]));
  const lessonOrder = edition.lessons.map((l) => l.id);
  const themes: ThemeResult[] = edition.survey.themes.map((th) => {
    const its = themeItems(th.id);
    const dists = its.map((it) => itemResults.find((x) => x.id === it.id)!.all);
    const offering = its.map((it, i) => (it.dontKnow ? dists[i]! : null)).filter((d): d is Distribution => d !== null);
    const dkAnswers = offering.reduce((a, d) => a + (d.n ?? 0), 0);
    return {
      id: th.id,
      title: t(th.title),
      good: th.good,
      score: mean(dists.flatMap((d) => nonNull(d.score))),
      n: answeredAny(its.map((it) => columns.get(it)!), respondents.length),
      items: its.map((it) => it.id),
      lessons: [...th.lessons].sort((a, b) => lessonOrder.indexOf(a) - lessonOrder.indexOf(b)).map((id) => ({ id, title: lessonTitle.get(id) ?? id })),
      dontKnowShare: offering.length && dkAnswers ? offering.reduce((a, d) => a + (d.dontKnow ?? 0), 0) / dkAnswers : null,
    };
  });
  // Weakest first; a theme nobody answered says nothing and goes last.
  themes.sort((a, b) => (a.score === null ? (b.score === null ? 0 : 1) : b.score === null ? -1 : a.score - b.score));

  // ── Groups ──
  const group = (label: string, members: Record_[]): GroupResult => {
    const suppressed = members.length < minGroupSize;
    const rows = Int32Array.from(members, (r) => indexOf.get(r)!);
    const dists = suppressed ? null : new Map(rated.map((it) => [it.id, distribution(it, columns.get(it)!, rows)]));
    return {
      label,
      n: members.length,
      suppressed,
      themes: dists ? themeScores(dists) : Object.fromEntries(edition.survey.themes.map((th) => [th.id, null])),
      items: Object.fromEntries(rated.map((it) => [it.id, dists ? dists.get(it.id)! : null])),
    };
  };
  const groupings: Grouping[] = [];
  for (const it of rated.filter((i) => i.type === 'choice' && i.segment)) {
    const column = columns.get(it)!;
    const chose = (k: number, option: number) => column[k] === option || (isMultiple(column[k]!) && (column[k]! & (1 << option)) !== 0);
    groupings.push({ id: it.id, title: t(it.text), from: 'survey-item', groups: it.options.map((o, i) => group(t(o.label), respondents.filter((_, k) => chose(k, i)))) });
  }
  const named = new Set<string>();
  for (const r of respondents) for (const g of person.get(r.sub.learner.key)!.groups) named.add(g);
  const groupNames = [...named].sort();
  if (groupNames.length) {
    groupings.push({
      id: 'moodle-groups',
      title: say.moodleGroups,
      from: 'moodle-group',
      groups: groupNames.map((g) => group(g, respondents.filter((r) => person.get(r.sub.learner.key)!.groups.has(g)))),
    });
  }
  const suppressedGroups = groupings.flatMap((g) => g.groups).filter((g) => g.suppressed).length;

  // ── Free text ──
  const freeTextWithheld = respondents.length < minGroupSize;
  const freeText: FreeTextResult[] = items.flatMap((it, at) =>
    it.type !== 'text'
      ? []
      : [
          {
            id: it.id,
            text: t(it.text),
            answers: freeTextWithheld
              ? []
              : respondents
                  .map((r) => r.values[at])
                  .filter((v): v is string => typeof v === 'string' && v.trim() !== '')
                  // Code-point order: the same in every locale, and unrelated to who answered.
                  .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
          },
        ],
  );

  // ── Test ──
  // Each record's first in-package attempt: what the lessons taught, before the feedback of an
  // attempt could teach the answers. A retry (test.a2.…) is a separate attempt and is left out.
  const testAttempts: TestAttempt[] = [];
  let retriesLeftOut = 0;
  for (const r of kept) {
    const numbers = [...r.tests.keys()].sort((a, b) => a - b);
    if (!numbers.length) continue;
    retriesLeftOut += numbers.length - 1;
    testAttempts.push(new Map([...r.tests.get(numbers[0]!)!].map(([q, ok]) => [q, ok ? 1 : 0])));
  }
  let test: TestResult | null = null;
  if (testAttempts.length) {
    const lessons: LessonTestResult[] = [...edition.lessons.map((l) => ({ id: l.id as string | null, title: t(l.title) })), { id: null, title: say.noLesson }].map((l) => {
      const questions = edition.questions
        .filter((q) => q.lesson === l.id || (l.id === null && (q.lesson === null || !lessonOrder.includes(q.lesson))))
        .map((q) => {
          const n = testAttempts.filter((a) => a.has(q.id)).length;
          return { id: q.id, lesson: q.lesson, text: t(q.text), n, facility: facility(q.id, testAttempts), discrimination: discrimination(q.id, testAttempts) };
        })
        .filter((q) => q.n > 0);
      const marks = testAttempts.flatMap((a) => questions.flatMap((q) => (a.has(q.id) ? [a.get(q.id)!] : [])));
      return { id: l.id, title: l.title, n: marks.length, facility: mean(marks), questions };
    });
    const perAttempt = edition.test.questionsPerAttempt;
    const passed = testAttempts.filter((a) => {
      const correct = [...a.values()].reduce((x, y) => x + y, 0);
      return (correct / Math.max(perAttempt, a.size)) * 100 >= edition.test.passingScore;
    }).length;
    test = { attempts: testAttempts.length, passed, lessons: lessons.filter((l) => l.id !== null || l.questions.length) };
  }

  // ── Respondents ──
  const dontKnowLabel = t(edition.survey.dontKnow ?? course.survey.dontKnow ?? { [lang]: say.dontKnow });
  // The columns: the rated items someone answered, in survey order.
  const labelled = rated
    .map((it) => ({ it, at: position.get(it)!, column: columns.get(it)!, labels: it.options.map((o) => t(o.label)) }))
    .filter(({ column }) => column.some((c) => c !== NONE));
  /** The answer of respondent k as the report shows it, or null when there is none. */
  const label = ({ at, column, labels }: (typeof labelled)[number], k: number): string | null => {
    const code = column[k]!;
    if (isMultiple(code)) return [...labels.filter((_, i) => code & (1 << i)), ...(code & MULTIPLE_DK ? [dontKnowLabel] : [])].join(' / ');
    if (code >= 0) return labels[code]!;
    if (code === DK) return dontKnowLabel;
    if (code === OTHER) return String(respondents[k]!.values[at]);
    return null;
  };
  const rows = respondents.map((r, i) => {
    const p = person.get(r.sub.learner.key)!;
    return {
      code: `R${String(i + 1).padStart(3, '0')}`,
      name: withNames ? p.name : null,
      email: withNames ? p.email : null,
      groups: [...p.groups].sort(),
      attempt: r.sub.attempt,
      file: r.sub.file,
      answers: labelled.map((x) => label(x, i)),
    };
  });

  // ── Notes ──
  notes.push({ code: 'EditionUsed', text: edition.current ? say.editionCurrent(edition.id) : say.editionRetired(edition.id, course.version) });
  const files = new Set(submissions.map((s) => s.file)).size;
  if (files > 1 || duplicates > 0) notes.push({ code: 'InputsMerged', text: say.merged(files, duplicates) });
  notes.push({ code: 'AttemptsPolicy', text: attemptsPolicy === 'latest' ? say.latest(earlier) : say.all(unique.length) });
  const byOrder = kept.filter((r) => r.mappedByOrder).length;
  if (byOrder) notes.push({ code: 'MappedByOrder', text: say.byOrder(byOrder) });
  const idsMissing = kept.filter((r) => r.testIdsMissing).length;
  if (idsMissing) notes.push({ code: 'TestIdsMissing', text: say.testIdsMissing(idsMissing) });
  if (test) notes.push({ code: 'TestAttemptsUsed', text: say.testAttempts(test.attempts, retriesLeftOut) });
  if (suppressedGroups) notes.push({ code: 'GroupSuppressed', text: say.suppressed(suppressedGroups, minGroupSize) });
  if (freeTextWithheld && freeText.length) notes.push({ code: 'FreeTextWithheld', text: say.freeTextWithheld(respondents.length, minGroupSize) });

  return {
    lang,
    course: { id: course.id, title: t(course.title), version: course.version },
    edition: { id: edition.id, title: t(edition.title), current: edition.current },
    inputs,
    attempts: attemptsPolicy,
    minGroupSize,
    withNames,
    respondentItems: labelled.map((x) => x.it.id),
    respondents: rows,
    items: itemResults,
    themes,
    groupings,
    freeText,
    test,
    notes,
  };
}

/**
 * An answer as a number, so that counting reads typed arrays: the chosen option's position
 * (0…), NONE when the item was not answered, DK for "don't know", OTHER for a value that is
 * none of the item's options (kept as recorded in `values`); a select-all answer has the
 * MULTIPLE bit with one bit per chosen option, and MULTIPLE_DK when it included "don't know".
 */
type Code = number;
const NONE: Code = -1;
const DK: Code = -2;
const OTHER: Code = -4;
const MULTIPLE: Code = 1 << 30;
const MULTIPLE_DK: Code = 1 << 29;
/** Select-all items have at most this many options (a bit each below MULTIPLE_DK). */
const MAX_MULTIPLE_OPTIONS = 29;
const isMultiple = (code: Code) => code >= MULTIPLE;

/** An item's answers, one code per respondent. */
type AnswerColumn = Int32Array;

/** Every rated item's column: the respondents' codes, item by item. */
function answerColumns(rated: EditionItem[], position: Map<EditionItem, number>, rs: Record_[]): Map<EditionItem, AnswerColumn> {
  const columns = new Map<EditionItem, AnswerColumn>();
  for (const it of rated) {
    const at = position.get(it)!;
    const column = new Int32Array(rs.length);
    for (let k = 0; k < rs.length; k++) column[k] = rs[k]!.codes[at]!;
    columns.set(it, column);
  }
  return columns;
}

/** The code of an item's normalised answer. */
function codeOf(it: EditionItem, v: SurveyValue): Code {
  if (typeof v === 'string') {
    if (v === DONT_KNOW) return DK;
    const i = it.options.findIndex((o) => o.id === v);
    return i < 0 ? OTHER : i;
  }
  let code = MULTIPLE;
  for (const id of v) {
    if (id === DONT_KNOW) code |= MULTIPLE_DK;
    const i = it.options.findIndex((o) => o.id === id);
    if (i >= 0 && i < MAX_MULTIPLE_OPTIONS) code |= 1 << i;
  }
  return code;
}

/** How many of the first `n` respondents answered at least one of the columns' items. */
function answeredAny(columns: AnswerColumn[], n: number): number {
  let count = 0;
  for (let k = 0; k < n; k++) if (columns.some((c) => c[k] !== NONE)) count++;
  return count;
}

/** How the respondents at `rows` answered the item. */
function distribution(it: EditionItem, column: AnswerColumn, rows: Int32Array): Distribution {
  const counts = it.options.map(() => 0);
  let dk = 0;
  let n = 0;
  for (const k of rows) {
    const code = column[k]!;
    if (code === NONE) continue;
    n++;
    if (isMultiple(code)) {
      for (let i = 0; i < counts.length; i++) if (code & (1 << i)) counts[i]!++;
      if (code & MULTIPLE_DK) dk++;
    } else if (code >= 0) counts[code]!++;
    else if (code === DK) dk++;
  }
  const likert = it.type === 'likert';
  return { n, counts, dontKnow: likert && it.dontKnow ? dk : null, score: likert ? itemScore(counts, it.good ?? 'high') : null };
}

function readSubmission(edition: Edition, sub: Submission): Record_ {
  const { items, position, questions } = editionIndex(edition);
  const values: (SurveyValue | undefined)[] = new Array(edition.survey.items.length);
  const codes = new Int32Array(edition.survey.items.length).fill(NONE);
  let surveyAnswered = 0;
  const tests = new Map<number, Map<string, boolean>>();
  const setSurvey = (item: EditionItem, response: string) => {
    const v = normaliseSurveyResponse(item, response);
    if (v === null || v === undefined) return;
    const at = position.get(item)!;
    if (values[at] === undefined) surveyAnswered++;
    values[at] = v;
    if (item.type !== 'text') codes[at] = codeOf(item, v);
  };
  for (const a of sub.answers) {
    if (a.id === null) continue;
    const ref = parseAnswerId(a.id);
    if (ref?.kind === 'survey') {
      const item = items.get(ref.item);
      if (item) setSurvey(item, a.response);
    } else if (ref?.kind === 'test') {
      const q = questions.get(ref.question);
      if (!q || a.response.trim() === '') continue;
      const given = normaliseTestResponse(q, a.response);
      const result = a.result?.toLowerCase() ?? '';
      // The player's own judgement where the record has it; else the edition's answer key.
      const correct = result === 'correct' ? true : result === 'incorrect' || result === 'wrong' ? false : sameSet(given, q.correct);
      const attempt = tests.get(ref.attempt) ?? new Map<string, boolean>();
      attempt.set(q.id, correct);
      tests.set(ref.attempt, attempt);
    }
  }
  const without = sub.answers.filter((a) => a.id === null);
  let mappedByOrder = false;
  let testIdsMissing = false;
  if (without.length) {
    const aligned = alignByOrder(edition, without);
    if (aligned) {
      for (const [id, response] of aligned.survey) setSurvey(items.get(id)!, response);
      mappedByOrder = aligned.survey.size > 0;
      testIdsMissing = aligned.test.length > 0;
    }
  }
  const answered = surveyAnswered + [...tests.values()].reduce((n, m) => n + m.size, 0);
  return { sub, values, codes, surveyAnswered, tests, mappedByOrder, testIdsMissing, answered };
}

function sameSet(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

function nonNull<T>(v: T | null): T[] {
  return v === null ? [] : [v];
}

/** Orders ISO 8601 times; an unknown time counts as earlier than any. */
function compareAt(a: string | null, b: string | null): number {
  const ta = a ? Date.parse(a) : Number.NEGATIVE_INFINITY;
  const tb = b ? Date.parse(b) : Number.NEGATIVE_INFINITY;
  return ta === tb ? 0 : ta < tb ? -1 : 1;
}

/** The notes' wording: Japanese for `ja`, English otherwise. */
function phrases(lang: Lang) {
  if (lang === 'ja') {
    return {
      moodleGroups: 'Moodleのグループ',
      noLesson: 'レッスン指定なし',
      dontKnow: 'わからない',
      editionCurrent: (v: string) => `回答は、この研修の現行版（バージョン ${v}）の設問で集計しました。`,
      editionRetired: (v: string, now: string) => `回答は、記録したパッケージの版（バージョン ${v}）の設問で集計しました。現行版（${now}）とは設問が異なります。`,
      merged: (files: number, dup: number) => `${files}個のファイルを統合しました。同じ受講者の同じ受講回が複数のファイルにあったものは1件として数え、${dup}件の重複を除きました。`,
      latest: (earlier: number) => `受講者ごとに最新の受講回だけを集計しました（それより前の受講回 ${earlier}件は含めていません）。`,
      all: (n: number) => `すべての受講回（${n}件）を集計しました。同じ受講者が複数回数えられることがあります。`,
      byOrder: (n: number) => `${n}件の回答には設問IDがなかったため、記録の順番で設問に対応づけました。`,
      testIdsMissing: (n: number) => `${n}件の回答には確認テストの設問IDがなく、どの問題への回答か特定できないため、テストの集計から除きました。`,
      testAttempts: (n: number, retries: number) => `確認テストの統計は、各受講回の最初のテスト（${n}件）で計算しました。パッケージ内のやり直し（${retries}件）は、前回のフィードバックで答えを知ることができるため含めていません。`,
      suppressed: (n: number, limit: number) => `回答者が${limit}人未満のグループ（${n}個）は、個人が特定されないよう数値を表示していません。`,
      freeTextWithheld: (n: number, limit: number) => `回答者が${n}人で${limit}人未満のため、自由記述は表示していません。`,
    };
  }
  return {
    moodleGroups: 'Moodle groups',
    noLesson: 'No lesson',
    dontKnow: "Don't know",
    editionCurrent: (v: string) => `The answers were read against the current edition of the course (version ${v}).`,
    editionRetired: (v: string, now: string) => `The answers were read against the edition that recorded them (version ${v}); its questions differ from the current edition (${now}).`,
    merged: (files: number, dup: number) => `${files} file(s) were merged; a learner's attempt found in more than one file was counted once (${dup} duplicate(s) dropped).`,
    latest: (earlier: number) => `Only each learner's latest attempt is counted (${earlier} earlier attempt(s) left out).`,
    all: (n: number) => `Every attempt is counted (${n}): a learner who tried more than once counts more than once.`,
    byOrder: (n: number) => `${n} record(s) carried no item ids: their answers were matched to the survey items by the order in which the course records them.`,
    testIdsMissing: (n: number) => `${n} record(s) carried no question ids for the test: their test answers cannot be attributed to questions and are left out of the test results.`,
    testAttempts: (n: number, retries: number) => `The test statistics use the first test attempt of each record (${n}); retries inside the course (${retries}) are left out, because a retry follows the feedback on the previous attempt.`,
    suppressed: (n: number, limit: number) => `${n} group(s) with fewer than ${limit} respondents are shown without numbers, so that no one can be identified.`,
    freeTextWithheld: (n: number, limit: number) => `The free-text answers are withheld: ${n} respondent(s), fewer than ${limit}.`,
  };
}
