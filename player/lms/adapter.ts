/**
 * The one interface between the player and a learning management system, in course terms.
 *
 * Every standard (SCORM 2004, SCORM 1.2, cmi5) implements it, and so does the standalone mode.
 * The player never names a `cmi.*` element: the adapters translate. Methods that write only
 * queue values; nothing is durable until `commit`, which reports through `onSaveStatus`.
 */
export interface LmsAdapter {
  /** Which implementation this is, for diagnostics. */
  readonly standard: 'scorm2004' | 'scorm12' | 'cmi5' | 'standalone';
  /** False when progress stays in this browser (no LMS). */
  readonly connected: boolean;
  /** Opens the session and tells the player what the LMS remembers. */
  start(): Promise<LaunchInfo>;
  /** Bookmark, serialised learner state and progress (0..1). */
  saveProgress(progress: ProgressSnapshot): void;
  /** Appends one answer (survey item or test question) to the LMS record. */
  recordInteraction(interaction: InteractionRecord): void;
  /** The test outcome the LMS should grade. */
  reportResult(result: TestResult): void;
  /** The learner has done everything the course requires. */
  markCompleted(): void;
  /**
   * Makes everything written so far durable. Resolves with whether the LMS accepted it; on
   * failure the adapter keeps retrying in the background and reports through `onSaveStatus`.
   * `urgent` when the page is being hidden: the work is done before this returns, as far as the
   * standard allows, because the page may get no other chance.
   */
  commit(urgent?: boolean): Promise<boolean>;
  /**
   * Ends the session: `suspend` when the learner will come back, `normal` when the course is
   * finished. `closing` in `pagehide`: everything happens before this returns, as far as the
   * standard allows. Called again with `closing` after a finish that has not completed yet, it
   * completes it. Resolves once the session has ended.
   */
  finish(exit: ExitKind, closing: boolean): Promise<void>;
  /**
   * The answers the LMS holds for this attempt, read back when the player's own record of them
   * is lost or may be ahead of the LMS; the adapter then never records those again. Null when
   * the standard keeps them write-only (SCORM 1.2) or keeps none.
   */
  storedInteractions(): Promise<StoredInteraction[] | null>;
  /** Save status for the learner (e.g. "could not save, retrying"). */
  onSaveStatus(listener: (status: SaveStatus) => void): void;
}

/** One interaction record as the LMS holds it: the player's id, the response in the standard's form. */
export interface StoredInteraction {
  id: string;
  response: string;
}

/**
 * What the LMS holds besides the player's own state: what the player falls back on when that
 * state cannot be read, and the floor nothing the player writes goes below.
 */
export interface LmsRecord {
  /** 0..1; null when none is set or the standard keeps none. */
  progress: number | null;
  /** The score the LMS holds, 0..100; null when none. */
  scorePercent: number | null;
  /** True when the LMS holds "passed". */
  passed: boolean;
  /** How many interaction records the LMS holds. */
  interactionCount: number;
}

export const NO_RECORD: LmsRecord = { progress: null, scorePercent: null, passed: false, interactionCount: 0 };

/** What the LMS knows at launch. */
export interface LaunchInfo {
  /** `resume` when the LMS holds a bookmark and state from an earlier session of this attempt. */
  entry: 'new' | 'resume';
  /** Where the learner was; '' when unknown. */
  bookmark: string;
  /** The learner state the player saved last time; '' when none. */
  state: string;
  /** Passing threshold imposed by the LMS (0..1), or null to use the course's own. */
  masteryScore: number | null;
  /** In `review` and `browse` the LMS does not record results. */
  mode: 'normal' | 'review' | 'browse';
  learnerId: string;
  learnerName: string;
  record: LmsRecord;
}

export interface ProgressSnapshot {
  bookmark: string;
  state: string;
  /** 0..1 */
  progress: number;
  /**
   * How leaving now is to be understood, kept current so that a session that ends without
   * `finish` (a crash) leaves the right exit too.
   */
  exit: ExitKind;
}

/** The response kinds the player produces; the adapter maps them to its standard's types. */
export type InteractionKind = 'likert' | 'choice' | 'true-false' | 'fill-in' | 'long-fill-in';

export interface InteractionRecord {
  /** Short ASCII id unique within the attempt, e.g. `survey.aw_exp_witnessed`, `test.a1.q_what_is_02`. */
  id: string;
  kind: InteractionKind;
  /** Plain text of the item, for reports. */
  description: string;
  /** Choice, option or point ids (`dk` for "don't know"); for fill-in kinds a single text; `true`/`false` for true-false. */
  response: string[];
  /**
   * A survey item's answers as it offers them, in order (a Likert scale lowest first, then `dk`
   * when offered; a choice item's options). SCORM 1.2 sends each answer as one character and
   * numbers them by this list. Absent for test questions, whose choice ids are single letters.
   */
  options?: string[];
  /** Correct choice ids for test questions; absent for survey items. */
  correct?: string[];
  result: 'correct' | 'incorrect' | 'neutral';
  weighting: number;
  /** When the learner answered, ms since the epoch. */
  answeredAt: number;
  /** Time from showing the item to answering, ms. */
  latencyMs: number;
}

export interface TestResult {
  /** 0..100 */
  scorePercent: number;
  passed: boolean;
}

export type ExitKind = 'suspend' | 'normal';

export interface SaveStatus {
  /**
   * `saved`: the LMS holds everything written so far. `refused`: it holds everything but values
   * it refused as invalid, which no retry will put there. `retrying`: not saved, trying again.
   * `failed`: not saved, and no more tries in this session.
   */
  state: 'saved' | 'refused' | 'retrying' | 'failed';
  /** Technical detail (LMS error code and text) for the console; not shown as UI text. */
  detail?: string;
}
