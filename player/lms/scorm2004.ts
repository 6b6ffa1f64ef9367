import type {
  ExitKind,
  InteractionRecord,
  LaunchInfo,
  LmsAdapter,
  ProgressSnapshot,
  SaveStatus,
  TestResult,
} from './adapter.ts';
import { isoDuration, isoTimestamp } from './iso8601.ts';
import { MOODLE } from '../spec/moodle.ts';
import { toIdentifier, toLocalizedString, toReal } from '../spec/scorm2004.ts';
import { ScormWriter } from './scorm-writer.ts';

/** The player writes what Moodle's profile accepts: the strictest table the course must meet,
 *  and the standard's wherever Moodle does not deviate. */
const spec = MOODLE.scorm2004;

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
 * SCORM 2004 4th Edition. Writes go through a queue: once the LMS refuses a value for a reason
 * that may pass (lost connection, LMS busy), later values wait behind it so that an interaction's
 * fields keep their order, and the queue is replayed before every commit retry.
 */
export class Scorm2004Adapter implements LmsAdapter {
  readonly standard = 'scorm2004';
  readonly connected = true;
  private startedAt = 0;
  private nextInteraction = 0;
  private recording = true;
  private readonly writer: ScormWriter;

  constructor(
    private readonly api: Scorm2004Api,
    private readonly now: () => number = () => Date.now(),
  ) {
    this.writer = new ScormWriter(
      {
        names: { setValue: 'SetValue', commit: 'Commit' },
        setValue: (element, value) => api.SetValue(element, value),
        commit: () => api.Commit(''),
        lastErrorCode: () => String(api.GetLastError()),
        errorText: (code) => `${api.GetErrorString(code)} ${api.GetDiagnostic(code)}`,
        dataModelErrors: spec.dataModelErrors,
      },
      // Kept current at every commit, so a session that never reaches Terminate still reports time.
      () => {
        if (this.recording) this.set('cmi.session_time', isoDuration(this.now() - this.startedAt));
      },
    );
  }

  async start(): Promise<LaunchInfo> {
    if (String(this.api.Initialize('')) !== 'true') {
      throw new Error(`Initialize failed: ${this.writer.lastError()}`);
    }
    this.startedAt = this.now();
    const get = (element: string) => String(this.api.GetValue(element) ?? '');
    const mode = get('cmi.mode');
    const launch: LaunchInfo = {
      entry: get('cmi.entry') === 'resume' ? 'resume' : 'new',
      bookmark: get('cmi.location'),
      state: get('cmi.suspend_data'),
      masteryScore: parseScaled(get('cmi.scaled_passing_score')),
      mode: mode === 'review' || mode === 'browse' ? mode : 'normal',
      learnerId: get('cmi.learner_id'),
      learnerName: get('cmi.learner_name'),
    };
    // Append after what earlier sessions recorded, never overwrite it.
    this.nextInteraction = Number.parseInt(get('cmi.interactions._count'), 10) || 0;
    // In review/browse the LMS keeps nothing, so the player does not pretend to record.
    this.recording = launch.mode === 'normal';
    if (this.recording) {
      const completion = get('cmi.completion_status');
      if (completion !== 'completed' && completion !== 'incomplete') {
        this.set('cmi.completion_status', 'incomplete');
      }
      // Until the course is finished, leaving (even by a crash) means "come back here".
      this.set('cmi.exit', 'suspend');
    }
    return launch;
  }

  saveProgress({ bookmark, state, progress }: ProgressSnapshot): void {
    this.set('cmi.location', bookmark.slice(0, spec.limits['cmi.location']));
    this.set('cmi.suspend_data', state);
    if (this.recording) this.set('cmi.progress_measure', toReal(clamp01(progress)));
  }

  recordInteraction(i: InteractionRecord): void {
    if (!this.recording) return;
    const p = `cmi.interactions.${this.nextInteraction++}.`;
    this.set(p + 'id', toIdentifier(i.id));
    this.set(p + 'type', i.kind);
    this.set(p + 'timestamp', isoTimestamp(i.answeredAt));
    this.set(p + 'weighting', String(i.weighting));
    this.set(p + 'description', toLocalizedString(i.description, spec.limits['cmi.interactions.n.description']));
    const response = this.response(i.kind, i.response);
    if (response !== '') this.set(p + 'learner_response', response);
    if (i.correct) this.set(p + 'correct_responses.0.pattern', this.response(i.kind, i.correct));
    this.set(p + 'result', i.result);
    this.set(p + 'latency', isoDuration(i.latencyMs));
  }

  reportResult({ scorePercent, passed }: TestResult): void {
    if (!this.recording) return;
    const raw = Math.round(Math.min(100, Math.max(0, scorePercent)) * 100) / 100;
    // Moodle grades from raw alone and does not normalise by max: keep raw on 0–100.
    this.set('cmi.score.min', '0');
    this.set('cmi.score.max', '100');
    this.set('cmi.score.raw', String(raw));
    this.set('cmi.score.scaled', toReal(raw / 100));
    this.set('cmi.success_status', passed ? 'passed' : 'failed');
  }

  markCompleted(): void {
    if (this.recording) this.set('cmi.completion_status', 'completed');
  }

  commit(): Promise<boolean> {
    return this.writer.commit();
  }

  finish(exit: ExitKind): void {
    if (this.writer.terminated) return;
    if (this.recording) this.set('cmi.exit', exit);
    this.writer.commitNow();
    this.writer.stopRetrying();
    const ok = String(this.api.Terminate('')) === 'true';
    this.writer.terminated = true;
    if (!ok) this.writer.emit({ state: 'failed', detail: `Terminate: ${this.writer.lastError()}` });
  }

  onSaveStatus(listener: (status: SaveStatus) => void): void {
    this.writer.onSaveStatus(listener);
  }

  private response(kind: InteractionRecord['kind'], values: string[]): string {
    if (kind === 'fill-in') {
      // `[,]` separates several fill-in answers; a learner's text is one answer.
      return toLocalizedString(values.join(' '), spec.responses['fill-in'].spm).replace(/\[,\]/g, '[ ,]');
    }
    if (kind === 'long-fill-in') return toLocalizedString(values.join(' '), spec.responses['long-fill-in'].spm);
    return values.map(toIdentifier).join('[,]');
  }

  private set(element: string, value: string): void {
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
