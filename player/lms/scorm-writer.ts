/**
 * How values reach a SCORM LMS, shared by the 1.2 and 2004 adapters (only the names of the
 * calls differ). Values are queued by `set` and go out with the next `commit`.
 *
 * The page is never blocked for longer than one call. Every call of the SCORM API is
 * synchronous, and an LMS may make each one a request to its server (2 s each over a slow
 * network): writing an answer's ten values and a commit in one go would freeze the page for
 * twenty seconds. So the calls run in slices (`overSlice`): once a task has spent a few
 * milliseconds on LMS calls, the rest waits for a task of its own and the browser handles the
 * learner's keys and clicks in between. A fast LMS gets a whole commit in one task; a slow one,
 * one call per task. When the page is being hidden or closed, what is left goes at once
 * (`commit(true)`, `end(true)`): the page may get no other task.
 *
 * Once the LMS refuses a value for a reason that may pass (lost connection, LMS busy), later
 * values wait behind it, so an interaction's fields keep their order, and the commit is retried
 * with backoff. A call that throws counts as such a refusal: Moodle's runtime sends a synchronous
 * XMLHttpRequest, which throws without a network. A value refused as wrong (a data model error)
 * cannot pass on a retry: it leaves the queue, and every commit after it reports `refused`, not
 * `saved`, so the learner is never told it was saved.
 */
import type { SaveStatus } from './adapter.ts';
import { RetrySchedule } from './retry.ts';

/** One standard's calls, under neutral names. */
export interface ScormCalls {
  /** For messages: `SetValue` / `LMSSetValue`, `Commit` / `LMSCommit`, `Terminate` / `LMSFinish`. */
  names: { setValue: string; commit: string; terminate: string };
  setValue(element: string, value: string): string;
  commit(): string;
  terminate(): string;
  lastErrorCode(): string;
  /** Error text and diagnostic for a code. */
  errorText(code: string): string;
  /** Codes that mean the value itself is wrong, so retrying cannot help. */
  dataModelErrors: readonly string[];
}

type Step = 'more' | 'idle';

export class ScormWriter {
  /** After Terminate / LMSFinish nothing more is written. */
  terminated = false;
  private readonly pending = new Map<string, string>();
  private commitWanted = false;
  /** `beforeCommit` has run for the commit under way. */
  private stamped = false;
  /** A call failed for a reason that may pass: nothing goes out until the retry or the next commit. */
  private held = false;
  private scheduled = false;
  /** The session ends once everything before it is committed. */
  private ending = false;
  private readonly commitWaiters: ((ok: boolean) => void)[] = [];
  private readonly endWaiters: (() => void)[] = [];
  /** Elements whose value the LMS refused as wrong, with the reason. */
  private readonly refused = new Map<string, string>();
  private readonly listeners: ((s: SaveStatus) => void)[] = [];
  private readonly retry: RetrySchedule;
  /** What the last call threw, if it threw. */
  private thrown: string | null = null;

  /** `beforeCommit` runs just before each commit (session time); what it sets goes with it. */
  constructor(
    private readonly calls: ScormCalls,
    private readonly beforeCommit: () => void = () => undefined,
  ) {
    this.retry = new RetrySchedule(() => {
      this.held = false;
      this.commitWanted = true;
      this.pump(true);
    });
  }

  /** Queues a value; it goes out with the next commit. */
  set(element: string, value: string): void {
    if (this.terminated) return;
    this.pending.delete(element); // re-inserted at the end: later writes stay later
    this.pending.set(element, value);
  }

  /** A commit the player asks for starts a fresh series of retries. */
  commit(urgent = false): Promise<boolean> {
    if (this.terminated) return Promise.resolve(false);
    this.retry.reset();
    this.held = false;
    this.commitWanted = true;
    const done = new Promise<boolean>((ok) => this.commitWaiters.push(ok));
    if (urgent) this.runNow();
    else this.pump(false);
    return done;
  }

  /**
   * Commits what is left, then ends the session with `calls.terminate`. `urgent` (the page is
   * closing): at once, and the session ends even when the commit fails, since there is no later;
   * the local copy keeps what the LMS lacks.
   */
  end(urgent: boolean): Promise<void> {
    if (this.terminated) return Promise.resolve();
    const done = new Promise<void>((ok) => this.endWaiters.push(ok));
    this.ending = true;
    this.commitWanted = true;
    this.retry.reset();
    this.held = false;
    if (urgent) {
      this.runNow();
      if (!this.terminated) this.terminate();
    } else {
      this.pump(false);
    }
    return done;
  }

  onSaveStatus(listener: (status: SaveStatus) => void): void {
    this.listeners.push(listener);
  }

  /** Calls the LMS; a call that throws answers "false" and leaves its message for `lastError`. */
  call(f: () => string): string {
    this.thrown = null;
    try {
      return String(f());
    } catch (e) {
      this.thrown = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
      return 'false';
    }
  }

  lastError(): string {
    if (this.thrown !== null) return `threw ${this.thrown}`;
    try {
      const code = String(this.calls.lastErrorCode());
      return `${code} ${this.calls.errorText(code)}`.trim();
    } catch (e) {
      return String(e);
    }
  }

  private emit(status: SaveStatus): void {
    for (const l of this.listeners) l(status);
  }

  /** Calls the LMS while this task's slice lasts, then goes on in a task of its own. */
  private pump(freshTask: boolean): void {
    beginSlice(freshTask);
    while (!overSlice()) {
      if (this.step() !== 'more') return;
    }
    if (this.scheduled || this.held || this.terminated) return;
    this.scheduled = true;
    nextTask(() => {
      this.scheduled = false;
      this.pump(true);
    });
  }

  private runNow(): void {
    while (this.step() === 'more');
  }

  /** Makes the one LMS call that is due, if any: a queued value, the commit, or the end. */
  private step(): Step {
    if (this.terminated || this.held) return 'idle';
    const next = this.pending.entries().next();
    if (!next.done) {
      const [element, value] = next.value;
      if (!this.write(element, value)) return this.failed(`${this.calls.names.setValue}(${element}, ${preview(value)}): ${this.lastError()}`);
      this.pending.delete(element);
      return 'more';
    }
    if (this.commitWanted) {
      if (!this.stamped) {
        this.stamped = true;
        this.beforeCommit();
        if (this.pending.size) return 'more';
      }
      if (this.call(() => this.calls.commit()) !== 'true') return this.failed(`${this.calls.names.commit}: ${this.lastError()}`);
      this.stamped = false;
      this.commitWanted = false;
      this.retry.reset();
      this.settle(true);
      this.emit(this.refused.size ? { state: 'refused', detail: [...this.refused.values()].join('\n') } : { state: 'saved' });
      return this.pending.size || this.ending ? 'more' : 'idle';
    }
    if (this.ending) this.terminate();
    return 'idle';
  }

  /** False when the LMS refused the value for a reason that may pass, so it stays queued. */
  private write(element: string, value: string): boolean {
    if (this.call(() => this.calls.setValue(element, value)) === 'true') {
      this.refused.delete(element);
      return true;
    }
    if (this.thrown !== null) return false;
    const code = this.call(() => this.calls.lastErrorCode());
    if (!this.calls.dataModelErrors.includes(code)) return false;
    // The value itself is wrong: no retry can store it. The learner state still holds the answer.
    const detail = `${this.calls.names.setValue}(${element}, ${preview(value)}): ${this.lastError()}`;
    console.error('[lms]', detail);
    this.refused.set(element, detail);
    return true;
  }

  private failed(detail: string): Step {
    console.warn('[lms]', detail);
    this.stamped = false;
    this.settle(false);
    if (this.ending) {
      // Leaving through "exit": no one waits for a retry. The local copy keeps what the LMS lacks.
      this.emit({ state: 'failed', detail });
      this.terminate();
      return 'idle';
    }
    this.held = true;
    this.retry.schedule();
    this.emit({ state: this.retry.exhausted ? 'failed' : 'retrying', detail });
    return 'idle';
  }

  private terminate(): void {
    this.retry.stop();
    const ok = this.call(() => this.calls.terminate()) === 'true';
    this.terminated = true;
    this.ending = false;
    this.pending.clear();
    this.settle(false);
    if (!ok) this.emit({ state: 'failed', detail: `${this.calls.names.terminate}: ${this.lastError()}` });
    for (const w of this.endWaiters.splice(0)) w();
  }

  private settle(ok: boolean): void {
    for (const w of this.commitWaiters.splice(0)) w(ok);
  }
}

function preview(value: string): string {
  return JSON.stringify(value.length > 200 ? `${value.slice(0, 200)}…` : value);
}

let channel: MessageChannel | null = null;
const due: (() => void)[] = [];

/**
 * Runs `f` in a task of its own, so the browser handles input before it. A message to itself
 * rather than setTimeout: timers in hidden pages and frames are throttled to one a second or less.
 */
export function nextTask(f: () => void): void {
  if (typeof MessageChannel !== 'function') {
    setTimeout(f, 0);
    return;
  }
  if (!channel) {
    channel = new MessageChannel();
    channel.port1.onmessage = () => due.shift()?.();
    // Node (the unit tests): an open port must not keep the process alive.
    (channel.port1 as unknown as { unref?: () => void }).unref?.();
  }
  due.push(f);
  channel.port2.postMessage(null);
}

/** How long one task may spend on LMS calls before the rest waits for another task. */
const SLICE_MS = 10;
let sliceStart = -Infinity;
let sliceOpen = false;
const now = () => performance.now();

/**
 * Starts counting this task's time on LMS calls, unless a slice is open in it already.
 * `freshTask`: the caller knows it runs in a task of its own (a message or timer callback).
 */
function beginSlice(freshTask: boolean): void {
  if (sliceOpen && !freshTask) return;
  sliceStart = now();
  if (!sliceOpen) {
    sliceOpen = true;
    nextTask(() => {
      sliceOpen = false;
    });
  }
}

/** This task has spent its time on LMS calls. */
function overSlice(): boolean {
  return now() - sliceStart > SLICE_MS;
}

/** Call before LMS calls made outside the writer (Initialize and the reads at launch). */
export function startSlice(): void {
  beginSlice(false);
}

/**
 * `await` it before each LMS call outside the writer: it goes on at once while this task's
 * slice lasts, else in a task of its own.
 */
export async function sliceBoundary(): Promise<void> {
  if (!overSlice()) return;
  await new Promise<void>((ok) => nextTask(ok));
  beginSlice(true);
}
