/**
 * The one interface between the player and a learning management system, in course terms.
 *
 * Every standard (SCORM 2004 now; SCORM 1.2 and cmi5 later) implements it, and so does
 * the standalone mode. The player never names a `cmi.*` element: the adapters translate.
 * Methods that write only queue or set values; nothing is durable until `commit`.
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
   */
  commit(): Promise<boolean>;
  /**
   * Ends the session: `suspend` when the learner will come back, `normal` when the course is
   * finished. Synchronous as far as the standard allows, because it runs in `pagehide`.
   */
  finish(exit: ExitKind): void;
  /** Save status for the learner (e.g. "could not save, retrying"). */
  onSaveStatus(listener: (status: SaveStatus) => void): void;
}

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
}

export interface ProgressSnapshot {
  bookmark: string;
  state: string;
  /** 0..1 */
  progress: number;
}

/** The response kinds the player produces; the adapter maps them to its standard's types. */
export type InteractionKind = 'likert' | 'choice' | 'true-false' | 'fill-in' | 'long-fill-in';

export interface InteractionRecord {
  /** Short ASCII id unique within the attempt, e.g. `survey.aw_exp_witnessed`, `test.a1.q_what_is_01`. */
  id: string;
  kind: InteractionKind;
  /** Plain text of the item, for reports. */
  description: string;
  /** Choice or scale ids; for fill-in kinds a single text; `true`/`false` for true-false. */
  response: string[];
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
  state: 'saved' | 'retrying' | 'failed';
  /** Technical detail (LMS error code and text) for the console; not shown as UI text. */
  detail?: string;
}
