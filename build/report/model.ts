/**
 * The organisation report's data, in three stages:
 *
 *   inputs (Moodle reports, backups, our survey workbook, xAPI)
 *     → read/     Submission[]  what one learner recorded in one attempt, as the file holds it
 *     → analyse   Report        per item, theme, group and question, in one language, privacy applied
 *     → targets/  files         workbook, deck and HTML page: pure functions of the Report
 *
 * Readers know file formats and nothing of the course; the analysis knows the course (its
 * editions) and nothing of file formats; the targets only lay out a Report.
 */
import type { GoodDirection, Lang } from '../model.ts';

// ── Stage 1: what the inputs hold ──────────────────────────────────────────────

/** The kinds of input the report reads, recognised by content. */
export type InputFormat =
  | 'moodle-interactions-text'
  | 'moodle-interactions-xlsx'
  | 'moodle-interactions-ods'
  | 'moodle-backup'
  | 'survey-workbook'
  | 'xapi';

/** Who answered, as far as the input says. Names and emails leave the analysis only with `--with-names`. */
export interface Learner {
  /**
   * Identifies the same person across inputs and attempts: `email:<address>` when the input
   * has one, else `user:<username or Moodle user id>`, `name:<full name>`, `actor:<xAPI account
   * or mbox>`, or for an anonymous workbook row `row:<file>#<row>`. Lower-cased.
   */
  key: string;
  name: string | null;
  email: string | null;
  /** Moodle group names (course backup), or an LMS-side group the input carries. */
  groups: string[];
}

/** One recorded answer: an interaction of the SCORM/xAPI record, or a cell of the workbook. */
export interface RecordedAnswer {
  /**
   * The interaction id as recorded (`survey.aw_work_policy`, `survey-aw_work_policy`,
   * `test.a1.q_rules_02`, `test-a1-q_rules_02`), or null where the input carries no id
   * (Moodle's default columns): the analysis then maps by `index` in the recording order.
   */
  id: string | null;
  /** Position in the attempt's recording order (interaction index, workbook column order). */
  index: number;
  /**
   * The response as the learner's record holds it, unescaped: `s4` (2004), `4` (1.2 Likert),
   * `a,c` / `a[,]c` (choice), `dk`, or free text exactly as typed (tabs, quotes, Japanese).
   * A workbook's label (「そう思う」) is passed on as the label: the analysis maps it.
   */
  response: string;
  /** `correct`, `incorrect`/`wrong`, `neutral`…, where the input has a result. */
  result: string | null;
}

/** What one learner recorded in one attempt, as one input file holds it. */
export interface Submission {
  /** The file it came from (as given on the command line) and what it was recognised as. */
  file: string;
  format: InputFormat;
  learner: Learner;
  /** The LMS attempt number (1 when the input has none). */
  attempt: number;
  /** When the attempt was last touched (ISO 8601), to pick the latest; null when unknown. */
  at: string | null;
  /** The raw score the LMS holds for the attempt, 0–100, or null. */
  score: number | null;
  answers: RecordedAnswer[];
  /** The record ended without any survey or test answer (Moodle's "Not attempted" rows). */
  empty: boolean;
}

/**
 * A file the report cannot read, or reads as something other than it claims. Thrown by the
 * readers; the CLI prints it and writes nothing.
 */
export class ReportInputError extends Error {
  constructor(
    readonly file: string,
    /** What was wrong, in one sentence, naming the line or part when there is one. */
    readonly problem: string,
    /** What to do about it. */
    readonly hint: string,
  ) {
    super(`${file}: ${problem}`);
  }
}

// ── Stage 2: the analysed report, in one language ──────────────────────────────

/** A point of a scale or an option, with its label in the report's language. */
export interface ReportOption {
  id: string;
  label: string;
}

/** How many chose each point of an item (in the scale's order), and "don't know" apart. */
export interface Distribution {
  /** Respondents who answered the item (dk included). */
  n: number;
  /** Per point or option, in order. For a select-all item a person counts once per option chosen. */
  counts: number[];
  /** Chose "don't know", or null when the item does not offer it. */
  dontKnow: number | null;
  /**
   * The mean on 0–100 with 100 at the item's good end (the workbook's score), "don't know"
   * left out; null for choice items and when nobody chose a point.
   */
  score: number | null;
}

export interface ItemResult {
  id: string;
  kind: 'likert' | 'choice';
  theme: string | null;
  text: string;
  options: ReportOption[];
  /** Likert only. */
  good: GoodDirection | null;
  multiple: boolean;
  all: Distribution;
}

export interface ThemeResult {
  id: string;
  title: string;
  good: GoodDirection;
  /** The mean of its Likert items' scores, 0–100, 100 = favourable; null without answers. */
  score: number | null;
  /** Respondents who answered at least one of its items. */
  n: number;
  items: string[];
  /** The lessons of the course that address the theme, in course order. */
  lessons: { id: string; title: string }[];
  /** "Don't know" share over the theme's items that offer it (0–1), or null. */
  dontKnowShare: number | null;
}

/** One way of splitting respondents: a segment survey item, or the Moodle groups. */
export interface Grouping {
  id: string;
  title: string;
  from: 'survey-item' | 'moodle-group';
  groups: GroupResult[];
}

export interface GroupResult {
  label: string;
  n: number;
  /** Fewer than `Report.minGroupSize` respondents: every number below is withheld (null / empty). */
  suppressed: boolean;
  themes: Record<string, number | null>;
  items: Record<string, Distribution | null>;
}

export interface FreeTextResult {
  id: string;
  text: string;
  /**
   * The answers, sorted (not in respondent order, so that no answer can be matched to a row),
   * exactly as written. Empty answers are left out.
   */
  answers: string[];
}

/** One test question's statistics over the attempts that were given it. */
export interface QuestionResult {
  id: string;
  lesson: string | null;
  text: string;
  /** Attempts that answered it. */
  n: number;
  /** Share answered correctly, 0–1: Moodle's facility index divided by 100. */
  facility: number | null;
  /**
   * Moodle's discrimination index divided by 100: the correlation between this question's
   * score and the rest of the attempt's score, over the attempts that answered it; null when
   * it cannot be computed (fewer than 2 attempts, or no variance).
   */
  discrimination: number | null;
}

export interface LessonTestResult {
  id: string | null;
  title: string;
  n: number;
  /** Share of this lesson's answers that were correct, 0–1. */
  facility: number | null;
  questions: QuestionResult[];
}

export interface TestResult {
  /** Attempts with at least one test answer. */
  attempts: number;
  passed: number;
  lessons: LessonTestResult[];
}

/** Something the reader of the report must know: how it was made, what was left out. */
export interface ReportNote {
  /** Permanent name, e.g. `MappedByOrder`, `GroupSuppressed`, `EditionUsed`, `TestIdsMissing`. */
  code: string;
  text: string;
}

export interface InputSummary {
  file: string;
  format: InputFormat;
  submissions: number;
}

/** Everything the three outputs show, in `lang`; no output computes a number itself. */
export interface Report {
  lang: Lang;
  course: { id: string; title: string; version: string };
  /** The survey edition the answers were read against (the current one, or a retired one). */
  edition: { id: string; title: string; current: boolean };
  inputs: InputSummary[];
  /** `latest`: one attempt per learner; `all`: every attempt. */
  attempts: 'latest' | 'all';
  minGroupSize: number;
  withNames: boolean;
  /** The rated items someone answered, in survey order: the columns of `respondents[].answers`. */
  respondentItems: string[];
  /** Respondents, one row each: `R001`… unless names were asked for. */
  respondents: {
    code: string;
    name: string | null;
    email: string | null;
    groups: string[];
    attempt: number;
    file: string;
    /**
     * The answer to each of `respondentItems`, as its label(s) in the report's language, or
     * null. Free text is never here: it is shown per item, not beside who wrote it.
     */
    answers: (string | null)[];
  }[];
  items: ItemResult[];
  /** Weakest first (lowest score); themes without a score last. */
  themes: ThemeResult[];
  groupings: Grouping[];
  freeText: FreeTextResult[];
  test: TestResult | null;
  notes: ReportNote[];
}
