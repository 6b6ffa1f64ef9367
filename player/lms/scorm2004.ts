import {
  type ExitKind,
  type InteractionRecord,
  type LaunchInfo,
  type LmsAdapter,
  type LmsRecord,
  NO_RECORD,
  type ProgressSnapshot,
  type SaveStatus,
  type StoredInteraction,
  type TestResult,
} from './adapter.ts';
import { isoDuration, isoTimestamp } from './iso8601.ts';
import { DATA_MODEL_ERRORS_2004, FILL_IN_SPM, LIMITS_2004, LONG_FILL_IN_SPM, toIdentifier, toLocalizedString, toReal } from '../spec/scorm2004.ts';
import { ScormWriter, sliceBoundary, startSlice } from './scorm-writer.ts';

// The limits the player writes by are the standard's: Moodle's profile (spec/moodle.ts) tightens
// only ids and formats, which the build checks, and leaves these as they are (a unit test holds
// it so). Read from the standard's own tables, the bundle carries none of the profile's regexes.

/** The API object an LMS exposes as `API_1484_11` (RTE 3.1). */
export interface Scorm2004Api {
  Initialize(parameter: ''): string;
  Terminate(parameter: ''): string;
  GetValue(element: string): string;
  SetValue(element: string, value: string): string;
  Commit(parameter: ''): string;
  GetLastError(): string | number;
  GetErrorString(code: string): string;
  GetDiagnostic(code: string): string;
}

/**
 * SCORM 2004 4th Edition. Values go out through the ScormWriter (one call per task, retries);
 * this class says which `cmi.*` elements carry what.
 *
 * Nothing the LMS holds is lowered: progress_measure, score.raw and success_status "passed"
 * read at launch are floors for what is written later, so a learner state that had to be rebuilt
 * (or an older copy of it) never takes back what the LMS recorded. A value already written is not
 * written again, which spares a slow LMS its calls.
 *
 * cmi.exit follows the learner state from the launch on (RTE 4.2.8): "suspend" while the course
 * is unfinished, so that a session that ends without Terminate still resumes; "normal" once it is
 * finished, so that the relaunch of a finished attempt never leaves it suspended.
 */
export class Scorm2004Adapter implements LmsAdapter {
  readonly standard = 'scorm2004';
  readonly connected = true;
  private startedAt = 0;
  private nextInteraction = 0;
  private recording = true;
  private held: LmsRecord = NO_RECORD;
  /** Ids of the interactions the LMS holds or was given in this session: each is recorded once. */
  private readonly recorded = new Set<string>();
  /** What this session handed the writer last, per element. */
  private readonly written = new Map<string, string>();
  private readonly writer: ScormWriter;

  constructor(
    private readonly api: Scorm2004Api,
    private readonly now: () => number = () => Date.now(),
  ) {
    this.writer = new ScormWriter(
      {
        names: { setValue: 'SetValue', commit: 'Commit', terminate: 'Terminate' },
        setValue: (element, value) => api.SetValue(element, value),
        commit: () => api.Commit(''),
        terminate: () => api.Terminate(''),
        lastErrorCode: () => String(api.GetLastError()),
        errorText: (code) => `${api.GetErrorString(code)} ${api.GetDiagnostic(code)}`,
        dataModelErrors: DATA_MODEL_ERRORS_2004,
      },
      // Kept current at every commit, so a session that never reaches Terminate still reports time.
      () => {
        if (this.recording) this.writer.set('cmi.session_time', isoDuration(this.now() - this.startedAt));
      },
    );
  }

  async start(): Promise<LaunchInfo> {
    startSlice();
    if (this.writer.call(() => this.api.Initialize('')) !== 'true') {
      throw new Error(`Initialize failed: ${this.writer.lastError()}`);
    }
    this.startedAt = this.now();
    const mode = await this.get('cmi.mode');
    const entry = await this.get('cmi.entry');
    const bookmark = await this.get('cmi.location');
    const state = await this.get('cmi.suspend_data');
    const masteryScore = parseScaled(await this.get('cmi.scaled_passing_score'));
    const learnerId = await this.get('cmi.learner_id');
    const learnerName = await this.get('cmi.learner_name');
    // Append after what earlier sessions recorded, never overwrite it.
    this.nextInteraction = Number.parseInt(await this.get('cmi.interactions._count'), 10) || 0;
    const progress = parseScaled(await this.get('cmi.progress_measure'));
    const raw = Number.parseFloat(await this.get('cmi.score.raw'));
    const passed = (await this.get('cmi.success_status')) === 'passed';
    this.held = { progress, scorePercent: Number.isFinite(raw) ? raw : null, passed, interactionCount: this.nextInteraction };
    // In review/browse the LMS keeps nothing, so the player does not pretend to record.
    this.recording = mode !== 'review' && mode !== 'browse';
    if (this.recording) {
      const completion = await this.get('cmi.completion_status');
      this.written.set('cmi.completion_status', completion);
      if (completion !== 'completed' && completion !== 'incomplete') this.set('cmi.completion_status', 'incomplete');
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

  /** One GetValue, in a task of its own when this one has spent its time (see ScormWriter); '' when the LMS has no value or the call throws. */
  private async get(element: string): Promise<string> {
    await sliceBoundary();
    try {
      return String(this.api.GetValue(element) ?? '');
    } catch {
      return '';
    }
  }

  async storedInteractions(): Promise<StoredInteraction[]> {
    const list: StoredInteraction[] = [];
    for (let n = 0; n < this.held.interactionCount; n++) {
      const id = await this.get(`cmi.interactions.${n}.id`);
      if (!id) continue;
      this.recorded.add(id);
      list.push({ id, response: await this.get(`cmi.interactions.${n}.learner_response`) });
    }
    return list;
  }

  saveProgress({ bookmark, state, progress, exit }: ProgressSnapshot): void {
    this.set('cmi.location', bookmark.slice(0, LIMITS_2004['cmi.location']));
    this.set('cmi.suspend_data', state);
    if (!this.recording) return;
    this.set('cmi.progress_measure', toReal(Math.max(clamp01(progress), this.held.progress ?? 0)));
    this.set('cmi.exit', exit);
  }

  recordInteraction(i: InteractionRecord): void {
    const id = toIdentifier(i.id);
    if (!this.recording || this.recorded.has(id)) return;
    this.recorded.add(id);
    const p = `cmi.interactions.${this.nextInteraction++}.`;
    this.set(p + 'id', id);
    this.set(p + 'type', i.kind);
    this.set(p + 'timestamp', isoTimestamp(i.answeredAt));
    this.set(p + 'weighting', String(i.weighting));
    this.set(p + 'description', toLocalizedString(i.description, LIMITS_2004['cmi.interactions.n.description']));
    const response = this.response(i.kind, i.response);
    if (response !== '') this.set(p + 'learner_response', response);
    if (i.correct) this.set(p + 'correct_responses.0.pattern', this.response(i.kind, i.correct));
    this.set(p + 'result', i.result);
    this.set(p + 'latency', isoDuration(i.latencyMs));
  }

  reportResult({ scorePercent, passed }: TestResult): void {
    if (!this.recording) return;
    const ours = Math.round(Math.min(100, Math.max(0, scorePercent)) * 100) / 100;
    const raw = Math.max(ours, this.held.scorePercent ?? 0);
    // Moodle grades from raw alone and does not normalise by max: keep raw on 0–100.
    this.set('cmi.score.min', '0');
    this.set('cmi.score.max', '100');
    this.set('cmi.score.raw', String(raw));
    this.set('cmi.score.scaled', toReal(raw / 100));
    this.set('cmi.success_status', passed || this.held.passed ? 'passed' : 'failed');
  }

  markCompleted(): void {
    if (this.recording) this.set('cmi.completion_status', 'completed');
  }

  commit(urgent = false): Promise<boolean> {
    return this.writer.commit(urgent);
  }

  finish(exit: ExitKind, closing: boolean): Promise<void> {
    if (this.recording) this.set('cmi.exit', exit);
    return this.writer.end(closing);
  }

  onSaveStatus(listener: (status: SaveStatus) => void): void {
    this.writer.onSaveStatus(listener);
  }

  private response(kind: InteractionRecord['kind'], values: string[]): string {
    if (kind === 'fill-in') {
      // `[,]` separates several fill-in answers; a learner's text is one answer.
      return toLocalizedString(values.join(' '), FILL_IN_SPM).replace(/\[,\]/g, '[ ,]');
    }
    if (kind === 'long-fill-in') return toLocalizedString(values.join(' '), LONG_FILL_IN_SPM);
    return values.map(toIdentifier).join('[,]');
  }

  /** Queues a value unless this session wrote it already. */
  private set(element: string, value: string): void {
    if (this.written.get(element) === value) return;
    this.written.set(element, value);
    this.writer.set(element, value);
  }

}

function parseScaled(v: string): number | null {
  if (v === '') return null;
  const n = Number(v);
  return Number.isFinite(n) ? clamp01(n) : null;
}

function clamp01(n: number): number {
  return Math.min(1, Math.max(0, n));
}
