/**
 * What both SCORM runtimes share: writes go through a queue, so once the LMS refuses a value for
 * a reason that may pass (lost connection, LMS busy), later values wait behind it and an
 * interaction's fields keep their order; the queue is replayed before every commit retry, and
 * commits are retried with backoff. Only the names of the calls differ between 1.2 and 2004.
 */
import type { SaveStatus } from './adapter.ts';
import { RetrySchedule } from './retry.ts';

/** One standard's calls, under neutral names. */
export interface ScormCalls {
  /** For messages: `SetValue` / `LMSSetValue`, `Commit` / `LMSCommit`. */
  names: { setValue: string; commit: string };
  setValue(element: string, value: string): string;
  commit(): string;
  lastErrorCode(): string;
  /** Error text and diagnostic for a code. */
  errorText(code: string): string;
  /** Codes that mean the value itself is wrong, so retrying cannot help. */
  dataModelErrors: readonly string[];
}

export class ScormWriter {
  /** After Terminate / LMSFinish nothing more is written. */
  terminated = false;
  private readonly queue = new Map<string, string>();
  private readonly listeners: ((s: SaveStatus) => void)[] = [];
  private readonly retry: RetrySchedule;

  /** `beforeCommit` runs once the queue is empty, just before each commit (session time). */
  constructor(
    private readonly calls: ScormCalls,
    private readonly beforeCommit: () => void = () => undefined,
  ) {
    this.retry = new RetrySchedule(() => this.commitNow());
  }

  set(element: string, value: string): void {
    if (this.terminated) return;
    if (this.queue.size > 0) {
      this.queue.delete(element); // re-inserted at the end: later writes stay later
      this.queue.set(element, value);
      return;
    }
    if (!this.trySet(element, value)) this.queue.set(element, value);
  }

  /** A commit the player asked for starts a fresh series of retries. */
  commit(): Promise<boolean> {
    this.retry.reset();
    return Promise.resolve(this.commitNow());
  }

  /** One commit; returns whether the LMS holds everything written so far. */
  commitNow(): boolean {
    if (this.terminated) return false;
    if (!this.flushQueue()) {
      this.retry.schedule();
      this.emit({ state: this.retry.exhausted ? 'failed' : 'retrying', detail: this.lastError() });
      return false;
    }
    this.beforeCommit();
    if (String(this.calls.commit()) !== 'true') {
      const detail = `${this.calls.names.commit}: ${this.lastError()}`;
      console.warn('[lms]', detail);
      this.retry.schedule();
      this.emit({ state: this.retry.exhausted ? 'failed' : 'retrying', detail });
      return false;
    }
    this.retry.reset();
    this.emit({ state: 'saved' });
    return true;
  }

  stopRetrying(): void {
    this.retry.stop();
  }

  onSaveStatus(listener: (status: SaveStatus) => void): void {
    this.listeners.push(listener);
  }

  emit(status: SaveStatus): void {
    for (const l of this.listeners) l(status);
  }

  lastError(): string {
    const code = String(this.calls.lastErrorCode());
    return `${code} ${this.calls.errorText(code)}`.trim();
  }

  /** Replays refused writes in order; stops at the first that still fails, keeping its place. */
  private flushQueue(): boolean {
    for (const [element, value] of [...this.queue]) {
      if (!this.trySet(element, value)) return false;
      this.queue.delete(element);
    }
    return true;
  }

  /** False when the LMS refused the value for a reason that may pass, so it is worth retrying. */
  private trySet(element: string, value: string): boolean {
    if (String(this.calls.setValue(element, value)) === 'true') return true;
    const code = String(this.calls.lastErrorCode());
    const detail = `${this.calls.names.setValue}(${element}, ${JSON.stringify(value)}): ${this.lastError()}`;
    if (this.calls.dataModelErrors.includes(code)) {
      // The value itself is wrong: retrying cannot help. The learner state still holds it.
      console.error('[lms]', detail);
      this.emit({ state: 'failed', detail });
      return true;
    }
    console.warn('[lms]', detail);
    this.emit({ state: 'retrying', detail });
    return false;
  }
}
