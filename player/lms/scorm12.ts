import {
  type ExitKind,
  type InteractionKind,
  type InteractionRecord,
  type LaunchInfo,
  type LmsAdapter,
  type LmsRecord,
  NO_RECORD,
  type ProgressSnapshot,
  type SaveStatus,
  type TestResult,
} from './adapter.ts';
import { ScormWriter, sliceBoundary, startSlice } from './scorm-writer.ts';
import {
  choiceChars,
  cmiTime,
  cmiTimespan,
  DATA_MODEL_ERRORS_12,
  LIMITS_12,
  RANGES_12,
  surveyChars,
  toDecimal12,
  toFeedback,
  toIdentifier12,
  TRUE_FALSE_12,
  type Scorm12LessonStatus,
} from '../spec/scorm12.ts';

/** The API object an LMS exposes as `API` (SCORM 1.2). */
export interface Scorm12Api {
  LMSInitialize(parameter: ''): string;
  LMSFinish(parameter: ''): string;
  LMSGetValue(element: string): string;
  LMSSetValue(element: string, value: string): string;
  LMSCommit(parameter: ''): string;
  LMSGetLastError(): string | number;
  LMSGetErrorString(code: string): string;
  LMSGetDiagnostic(code: string): string;
}

export interface Scorm12Options {
  now?: () => number;
}

/**
 * SCORM 1.2. The course speaks in 2004 terms; this is how they map onto 1.2's smaller model.
 *
 * Status. 1.2 has one `cmi.core.lesson_status` where 2004 has completion and success apart:
 * - first launch (LMS says "not attempted", or nothing) → `incomplete`
 * - a test result (`reportResult`) → `passed` / `failed`, which in 1.2 also means "completed"
 * - the course done without a test result to report (`markCompleted`) → `completed`; a
 *   passed/failed already set is never lowered to `completed`.
 * The pass mark is the LMS's `cmi.student_data.mastery_score` when it sets one (the manifest's
 * `adlcp:masteryscore` is the course's passing score), else the course's own. Moodle
 * recomputes passed/failed from score.raw and mastery_score at LMSFinish the same way.
 *
 * Not in 1.2, so not sent: `progress_measure` (progress lives in suspend_data only),
 * `score.scaled`, `success_status`, interaction `description` (the id names the item).
 *
 * Exit. `suspend` → `cmi.core.exit = "suspend"`; `normal` → `""` (1.2 has no "normal"), kept
 * current from the launch on as in the 2004 adapter.
 *
 * Nothing the LMS holds is lowered: score.raw read at launch is a floor, and a lesson_status
 * "passed" stays (never written "failed" or "completed" over it). Interactions are write-only in
 * 1.2 (`storedInteractions` is null): only their count can be read back.
 *
 * Interactions (`cmi.interactions.n.*`). id: our id with '-' for '.' (`toIdentifier12`);
 * type: likert, choice, true-false as they are, fill-in and long-fill-in → `fill-in`;
 * student_response / correct_responses.0.pattern: true-false `t`/`f`, a question's choice ids
 * joined by ',' (`a,c`), a survey item's answers as one character each by their place among
 * the answers it offers (`surveyChars`: Likert `s3` → `3` and "don't know" → `0`, choice options
 * `a`, `b`…), free text cut to 255 characters;
 * result: correct, `wrong` (2004's incorrect), neutral; time: local `HH:MM:SS` when answered;
 * latency and session_time: `HH:MM:SS.SS`.
 *
 * Writes and commits behave as in the 2004 adapter: once the LMS refuses a value for a reason
 * that may pass, later values queue behind it, and the queue is replayed before every retry.
 */
export class Scorm12Adapter implements LmsAdapter {
  readonly standard = 'scorm12';
  readonly connected = true;
  private startedAt = 0;
  private nextInteraction = 0;
  private recording = true;
  /** The lesson_status as this session knows it, so `markCompleted` never lowers a result. */
  private status = '';
  private held: LmsRecord = NO_RECORD;
  /** Ids recorded in this session: each once. */
  private readonly recorded = new Set<string>();
  /** What this session handed the writer last, per element. */
  private readonly written = new Map<string, string>();
  private readonly now: () => number;
  private readonly writer: ScormWriter;

  constructor(
    private readonly api: Scorm12Api,
    options: Scorm12Options = {},
  ) {
    this.now = options.now ?? (() => Date.now());
    this.writer = new ScormWriter(
      {
        names: { setValue: 'LMSSetValue', commit: 'LMSCommit', terminate: 'LMSFinish' },
        setValue: (element, value) => api.LMSSetValue(element, value),
        commit: () => api.LMSCommit(''),
        terminate: () => api.LMSFinish(''),
        lastErrorCode: () => String(api.LMSGetLastError()),
        errorText: (code) => `${api.LMSGetErrorString(code)} ${api.LMSGetDiagnostic(code)}`,
        dataModelErrors: DATA_MODEL_ERRORS_12,
      },
      // Kept current at every commit, so a session that never reaches LMSFinish still reports time.
      () => {
        if (this.recording) this.writer.set('cmi.core.session_time', cmiTimespan(this.now() - this.startedAt));
      },
    );
  }

  async start(): Promise<LaunchInfo> {
    startSlice();
    if (this.writer.call(() => this.api.LMSInitialize('')) !== 'true') {
      throw new Error(`LMSInitialize failed: ${this.writer.lastError()}`);
    }
    this.startedAt = this.now();
    const mode = await this.get('cmi.core.lesson_mode');
    const entry = await this.get('cmi.core.entry');
    const bookmark = await this.get('cmi.core.lesson_location');
    const state = await this.get('cmi.suspend_data');
    const masteryScore = parseMasteryScore(await this.get('cmi.student_data.mastery_score'));
    const learnerId = await this.get('cmi.core.student_id');
    const learnerName = await this.get('cmi.core.student_name');
    // Append after what earlier sessions recorded, never overwrite it.
    this.nextInteraction = Number.parseInt(await this.get('cmi.interactions._count'), 10) || 0;
    const raw = Number.parseFloat(await this.get('cmi.core.score.raw'));
    this.status = await this.get('cmi.core.lesson_status');
    this.written.set('cmi.core.lesson_status', this.status);
    this.held = { progress: null, scorePercent: Number.isFinite(raw) ? raw : null, passed: this.status === 'passed', interactionCount: this.nextInteraction };
    // In review/browse the LMS keeps no results, so the player does not pretend to record.
    this.recording = mode !== 'review' && mode !== 'browse';
    const untouched = this.status === '' || this.status === 'not attempted';
    if (this.recording) {
      if (untouched || this.status === 'browsed') this.setStatus('incomplete');
    } else if (mode === 'browse' && untouched) {
      this.setStatus('browsed');
    }
    return {
      entry: entry === 'resume' ? 'resume' : 'new',
      bookmark,
      state,
      masteryScore,
      mode: mode === 'review' || mode === 'browse' ? mode : 'normal',
      learnerId,
      learnerName,
      record: this.held,
    };
  }

  /** One LMSGetValue, in a task of its own when this one has spent its time (see ScormWriter); '' when the LMS has no value or the call throws. */
  private async get(element: string): Promise<string> {
    await sliceBoundary();
    try {
      return String(this.api.LMSGetValue(element) ?? '');
    } catch {
      return '';
    }
  }

  /** 1.2 makes interaction records write-only: they cannot be read back. */
  async storedInteractions(): Promise<null> {
    return null;
  }

  saveProgress({ bookmark, state, exit }: ProgressSnapshot): void {
    // Bookmarks are at most `lesson.<40>.<40>` (ids are capped), so the cut never happens for
    // a valid course; the place is in suspend_data as well, which is what resume reads.
    this.set('cmi.core.lesson_location', bookmark.slice(0, LIMITS_12['cmi.core.lesson_location']));
    if (state.length > LIMITS_12['cmi.suspend_data']) {
      // The build proves the worst case fits; if it ever does not, a strict LMS refuses it
      // (405) and the local copy still holds it. Say so rather than lose it quietly.
      console.error('[lms]', `suspend_data has ${state.length} characters; SCORM 1.2 stores ${LIMITS_12['cmi.suspend_data']}`);
    }
    this.set('cmi.suspend_data', state);
    if (this.recording) this.set('cmi.core.exit', exit === 'suspend' ? 'suspend' : '');
  }

  recordInteraction(i: InteractionRecord): void {
    const id = toIdentifier12(i.id);
    if (!this.recording || this.recorded.has(id)) return;
    this.recorded.add(id);
    const p = `cmi.interactions.${this.nextInteraction++}.`;
    this.set(p + 'id', id);
    this.set(p + 'type', i.kind === 'long-fill-in' ? 'fill-in' : i.kind);
    this.set(p + 'time', cmiTime(i.answeredAt));
    this.set(p + 'weighting', toDecimal12(i.weighting, RANGES_12['cmi.interactions.n.weighting']));
    const response = this.response(i.kind, i.response, i.options);
    if (response !== '') this.set(p + 'student_response', response);
    if (i.correct) this.set(p + 'correct_responses.0.pattern', this.response(i.kind, i.correct, i.options));
    this.set(p + 'result', i.result === 'incorrect' ? 'wrong' : i.result);
    this.set(p + 'latency', cmiTimespan(i.latencyMs));
  }

  reportResult({ scorePercent, passed }: TestResult): void {
    if (!this.recording) return;
    const raw = Math.max(Number(toDecimal12(scorePercent, RANGES_12['cmi.core.score.raw'])), this.held.scorePercent ?? 0);
    // Moodle grades from raw alone: keep raw on 0–100, as 1.2's score range is anyway.
    this.set('cmi.core.score.min', '0');
    this.set('cmi.core.score.max', '100');
    this.set('cmi.core.score.raw', String(raw));
    this.setStatus(passed || this.status === 'passed' ? 'passed' : 'failed');
  }

  markCompleted(): void {
    if (!this.recording || this.status === 'passed' || this.status === 'failed') return;
    this.setStatus('completed');
  }

  commit(urgent = false): Promise<boolean> {
    return this.writer.commit(urgent);
  }

  finish(exit: ExitKind, closing: boolean): Promise<void> {
    if (this.recording) this.set('cmi.core.exit', exit === 'suspend' ? 'suspend' : '');
    return this.writer.end(closing);
  }

  onSaveStatus(listener: (status: SaveStatus) => void): void {
    this.writer.onSaveStatus(listener);
  }

  private setStatus(status: Scorm12LessonStatus): void {
    this.status = status;
    this.set('cmi.core.lesson_status', status);
  }

  /**
   * A value the item does not offer is sent as it is (scorm-again and Moodle take it; a strict
   * LMS would not): the player never makes one, and the LMS's record shows what happened.
   */
  private response(kind: InteractionKind, values: string[], options: readonly string[] | undefined): string {
    switch (kind) {
      case 'true-false':
        return values[0] === 'true' ? TRUE_FALSE_12.true : values[0] === 'false' ? TRUE_FALSE_12.false : '';
      case 'choice': {
        if (!options) return choiceChars(values);
        const chars = surveyChars('choice', options);
        return values.map((v) => chars.get(v) ?? v).join(',');
      }
      case 'likert': {
        if (!values.length) return '';
        return surveyChars('likert', options ?? []).get(values[0]!) ?? values[0]!;
      }
      case 'fill-in':
      case 'long-fill-in':
        return toFeedback(values.join(' '));
    }
  }

  /** Queues a value unless this session wrote it already. */
  private set(element: string, value: string): void {
    if (this.written.get(element) === value) return;
    this.written.set(element, value);
    this.writer.set(element, value);
  }

}

/** `cmi.student_data.mastery_score` (0..100, '' when the LMS sets none) as a fraction. */
function parseMasteryScore(v: string): number | null {
  if (v.trim() === '') return null;
  const n = Number(v);
  return Number.isFinite(n) ? Math.min(1, Math.max(0, n / 100)) : null;
}
