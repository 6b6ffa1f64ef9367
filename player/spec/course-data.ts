/**
 * The contract between the build and the player: the course, resolved for one language,
 * that the build embeds in the package's index.html as
 * `<script type="application/json" id="course-data">`.
 *
 * Everything here is already localised and rendered (Markdown → HTML, organisation
 * placeholders filled in), so the player never needs the sources or the build.
 */
export interface PlayerCourse {
  /** Bumped when this shape changes incompatibly; the player refuses data it does not know. */
  format: 2;
  id: string;
  version: string;
  lang: string;
  title: string;
  description: string;
  /** Estimated study time, computed by the build from narration length and item counts. */
  estimatedMinutes: number;
  /** The company's logo (a file in the package) for a variant that has one. */
  logo?: { src: string; alt: string };
  /** Labels of the player's own interface, from content/ui.yaml. */
  ui: Record<string, string>;
  lessons: PlayerLesson[];
  survey: PlayerSurvey;
  test: PlayerTest;
}

export interface PlayerLesson {
  id: string;
  title: string;
  slides: PlayerSlide[];
}

export interface PlayerSlide {
  /** Unique within its lesson; `<lessonId>.<slideId>` is unique in the course. */
  id: string;
  /** `content` is an authored slide; `sources` is the slide the build adds listing the lesson's sources. */
  kind: 'content' | 'sources';
  title: string;
  /** On-screen content, trusted HTML rendered from the lesson's Markdown. */
  html: string;
  /** Narration as HTML paragraphs; shown as the transcript. Empty for `sources` slides. */
  narrationHtml: string;
  /**
   * The slide's recorded narration, when the sources hold one (content/audio/<lang>/<lesson>/
   * <slide>.<ext>): its path inside the package relative to index.html (`audio/<lesson>/<slide>.m4a`),
   * its MIME type as read from its bytes (`audio/mp4`, `audio/mpeg`, `audio/ogg`), and its length
   * in seconds. Absent or null: the player offers read-aloud with the browser's own voice.
   */
  audio?: { src: string; type: string; seconds: number } | null;
}

/**
 * The response id of "don't know", which a Likert item with `dontKnow` offers after its scale's
 * points. It is an answer, but no point of the scale: reports count it apart and never average it.
 */
export const DONT_KNOW = 'dk';

export interface PlayerSurvey {
  title: string;
  introHtml: string;
  /**
   * The answer scales of the Likert items, each lowest point first. Point ids are short ASCII
   * identifiers (`s1`…`s5`, `f1`…`f4`), unique across the scales, and are what the LMS receives.
   */
  scales: PlayerScale[];
  /** The label of "don't know" (`DONT_KNOW`); '' when the survey has none (then no item offers it). */
  dontKnow: string;
  themes: { id: string; title: string }[];
  items: PlayerSurveyItem[];
}

/** A point of a scale or an option of a choice item: its id (sent to the LMS) and its label. */
export interface PlayerOption {
  id: string;
  label: string;
}

export interface PlayerScale {
  id: string;
  points: PlayerOption[];
}

/**
 * A Likert item names its scale (`PlayerSurvey.scales`) and says which end of it is good, for a
 * report that reads averages; a choice item carries its own options, resolved by the build (a
 * department list included); `segment` marks the questions about the learner ("About you") that
 * an organisation report breaks results down by.
 */
export type PlayerSurveyItem =
  | { id: string; type: 'likert'; theme: string; text: string; required: boolean; scale: string; dontKnow: boolean; good: 'high' | 'low' }
  | { id: string; type: 'choice'; theme: string | null; text: string; required: boolean; options: PlayerOption[]; multiple: boolean; segment: boolean }
  | { id: string; type: 'text'; theme: string | null; text: string; required: boolean; maxLength: number };

export interface PlayerTest {
  /** Percent, 0–100. */
  passingScore: number;
  /** How many questions one attempt draws at random from the bank. */
  questionsPerAttempt: number;
  /** 0 means unlimited attempts. */
  maxAttempts: number;
  /**
   * Lesson id → how many questions of that lesson (`PlayerQuestion.lessonId`) each attempt
   * draws; the numbers add up to `questionsPerAttempt`, and questions of no lesson in it are
   * never drawn. Null (or absent, in data from before the plan existed): `questionsPerAttempt`
   * from the whole bank.
   */
  draw?: Record<string, number> | null;
  questions: PlayerQuestion[];
}

export interface PlayerQuestion {
  /** Short ASCII identifier, stable across languages and builds. */
  id: string;
  type: 'single-choice' | 'multiple-choice' | 'true-false';
  /** The question text as trusted HTML. */
  html: string;
  /** Plain text of the question, at most 250 characters, for `cmi.interactions.n.description`. */
  description: string;
  /** For true-false the choices are `true` and `false`, labelled in the course language. */
  choices: { id: string; html: string }[];
  /** Ids of the correct choices (exactly one for single-choice and true-false). */
  correct: string[];
  /** Explanation shown after answering, trusted HTML. */
  feedbackHtml: string;
  /** Lesson the question refers back to, when the bank names one. */
  lessonId: string | null;
}
