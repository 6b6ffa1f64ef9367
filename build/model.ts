/**
 * The course model: every source, parsed and checked, in one typed value.
 * Targets read only this (or the per-language view made from it by `course/localize.ts`).
 */

/** Where a model node came from, for diagnostics. Lines and columns are 1-based. */
export interface SourcePos {
  file: string;
  line: number;
  column: number;
}

/** A language code such as `ja` or `en`, as listed in course.yaml. */
export type Lang = string;

/** Text per language. The validator guarantees every course language is present. */
export type Localized = Record<Lang, string>;

export interface Language {
  code: Lang;
  name: string;
  /** How fast the narration is read aloud (or read in the transcript): the study-time estimate. */
  narration: { unit: 'characters' | 'words'; perMinute: number };
  /** How fast on-screen text, survey items and questions are read silently: the study-time estimate. */
  reading: { unit: 'characters' | 'words'; perMinute: number };
  /** Font for documents in this language; an East Asian font for Japanese. */
  font: string;
}

export interface Source {
  id: string;
  title: Localized;
  publisher: Localized | null;
  url: string | null;
  date: string | null;
  pos: SourcePos;
}

export interface Course {
  contentDir: string;
  id: string;
  version: string;
  /** The first language is the primary one. */
  languages: Language[];
  title: Localized;
  description: Localized;
  /** The closing words (course.yaml `closing`), or null. */
  closing: Localized | null;
  /** The company variant this course was built as, or null for the base course. */
  /** `logo` is the logo's path in the source tree (`variants/<name>/logo.png`). */
  variant: { name: string; dir: string; logo: string | null } | null;
  /** Colours as `#RRGGBB`. */
  theme: { primary: string; accent: string; text: string; background: string };
  test: {
    passingScore: number;
    /** With a draw plan, the sum of its numbers (the validator holds it to that). */
    questionsPerAttempt: number;
    maxAttempts: number;
    /**
     * The draw plan (course.yaml `test.draw`): lesson id → questions it contributes to each
     * attempt, so no attempt skips a lesson. Null: the attempt draws from the whole bank.
     */
    draw: Record<string, number> | null;
  };
  timing: {
    /** Time to choose an answer once a survey item or a question has been read. */
    secondsToAnswer: number;
    /** The range the estimate of every language must fall in, when set. */
    minMinutes?: number;
    maxMinutes?: number;
  };
  /** Values for `{{org.<key>}}` placeholders. */
  organisation: Record<string, Localized>;
  /**
   * The base course's own values (course.yaml), before a variant's: the neutral defaults
   * (「当社」, "our company") a customer replaces. Where `organisation` still equals them, the
   * manuscript marks the text for the customer to fill in.
   */
  organisationDefaults: Record<string, Localized>;
  /**
   * The departments survey items with `optionsFrom: departments` offer: the variant's list when
   * it has one, else course.yaml's; empty when neither has one.
   */
  departments: SurveyOption[];
  sources: Source[];
  /** Interface labels of the player. */
  ui: Record<string, Localized>;
  lessons: Lesson[];
  survey: Survey;
  questions: Question[];
  /** The icons the lessons name (`:ear:`), as SVG markup by name (build/icons.ts). */
  icons: Record<string, string>;
  /** The images the lessons show, by their path in the course folder (`images/…`). */
  images: Record<string, CourseImage>;
}

export interface CourseImage {
  type: 'png' | 'jpeg';
  /** Size in pixels, read from the file's header. */
  width: number;
  height: number;
  bytes: Uint8Array;
}

export interface Lesson {
  id: string;
  order: number;
  title: Localized;
  /** Ids of `Course.sources`, in the order the lesson lists them. */
  sources: string[];
  /** What a learner can do after the lesson, one sentence each, per language (empty when the lesson names none). */
  goals: Record<Lang, string[]>;
  slides: Slide[];
  /** The lesson's Markdown file per language. */
  files: Localized;
  pos: SourcePos;
}

export interface Slide {
  id: string;
  title: Localized;
  /** On-screen content as Markdown, placeholders not yet filled. */
  body: Localized;
  /** What is read aloud: the transcript in the player, the speaker notes in PowerPoint. */
  narration: Localized;
  pos: Record<Lang, SourcePos>;
  /** The recorded narration per language, where the sources hold one (content/audio/<lang>/<lesson>/<slide>.<ext>). */
  audio?: Partial<Record<Lang, SlideAudio>>;
}

/** A recording of a slide's narration, checked and measured by the build (build/validate/audio.ts). */
export interface SlideAudio {
  /** Its path in the source tree (`audio/ja/basics/policy.m4a`, or a variant's). */
  source: string;
  /** The format its bytes are in, which is also its extension in the package. */
  ext: 'm4a' | 'mp3' | 'ogg';
  /** MIME type: `audio/mp4`, `audio/mpeg` or `audio/ogg`. */
  type: string;
  bytes: Uint8Array;
  seconds: number;
}

/** A point of a scale or an option of a choice item: a short ASCII id sent to the LMS, and its label. */
export interface SurveyOption {
  id: string;
  label: Localized;
}

export type SurveyScalePoint = SurveyOption;

/** A named answer scale of Likert items (`agreement`, `frequency`, `yesno`), lowest point first. */
export interface SurveyScale {
  id: string;
  points: SurveyScalePoint[];
  pos: SourcePos;
}

/**
 * Which end of the scale is the favourable one: `high` when agreeing is good ("I know whom to
 * consult"), `low` when it is a concern ("I have been subjected to harassment"). The summary
 * reads each average in its own direction.
 */
export type GoodDirection = 'high' | 'low';

export interface SurveyTheme {
  id: string;
  title: Localized;
  /** The direction of the theme's Likert items, unless an item says otherwise. */
  good: GoodDirection;
  /** Ids of the lessons that address the theme, as survey.yaml lists them: where the report sends a trainer for a weak theme. */
  lessons: string[];
}

export interface Survey {
  title: Localized;
  intro: Localized;
  scales: SurveyScale[];
  /** The label of the "don't know" answer (survey.yaml `dontKnow`); null when the survey has none. */
  dontKnow: Localized | null;
  themes: SurveyTheme[];
  items: SurveyItem[];
  pos: SourcePos;
}

export interface LikertItem {
  id: string;
  type: 'likert';
  theme: string;
  text: Localized;
  required: true;
  /** The id of the item's scale in `Survey.scales`. */
  scale: string;
  /** The item offers "don't know" (recorded as `dk`) after its scale's points. */
  dontKnow: boolean;
  /** The item's own direction, when survey.yaml gives one; otherwise its theme's applies. */
  good?: GoodDirection;
  pos: SourcePos;
}

export interface ChoiceItem {
  id: string;
  type: 'choice';
  theme: string | null;
  text: Localized;
  required: boolean;
  /** The options, resolved: the item's own, or the list `optionsFrom` names. */
  options: SurveyOption[];
  /** The course list the options come from (`departments`), or null for the item's own. */
  optionsFrom: 'departments' | null;
  /** Select all that apply. */
  multiple: boolean;
  /** The organisation report breaks results down by this item. */
  segment: boolean;
  pos: SourcePos;
}

export interface TextItem {
  id: string;
  type: 'text';
  theme: string | null;
  text: Localized;
  required: boolean;
  maxLength: number;
  pos: SourcePos;
}

export type SurveyItem = LikertItem | ChoiceItem | TextItem;

export type QuestionType = 'single-choice' | 'multiple-choice' | 'true-false';

export interface Choice {
  id: string;
  text: Localized;
  correct: boolean;
}

export interface Question {
  id: string;
  type: QuestionType;
  lesson: string | null;
  caseBased: boolean;
  text: Localized;
  /** For true-false, the two choices `true` and `false`, labelled from ui.yaml. */
  choices: Choice[];
  feedback: Localized;
  pos: SourcePos;
}
