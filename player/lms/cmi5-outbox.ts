/**
 * Statements waiting for the LRS, in the order they were made, kept in localStorage so that a
 * closed tab or a reload loses none: the next launch sends them before anything new.
 *
 * Every statement carries the id it got when its event happened; sending it again (a retry, a
 * keepalive request whose answer never came) is harmless, because an LRS stores one statement
 * per id: a resend of the same statement is accepted or answered 409 Conflict, never stored twice.
 */
import type { Statement } from '@xapi/xapi';
import { XapiError, type XapiClient } from './cmi5-launch.ts';
import { KEEPALIVE_BYTES, MAX_BATCH } from '../spec/cmi5.ts';

export class StatementOutbox {
  private queue: Statement[];
  private draining: Promise<boolean> | null = null;
  /** Why the last send failed, for the save status. */
  lastError = '';

  constructor(
    private readonly storage: Storage | null,
    private readonly key: string,
  ) {
    this.queue = this.read();
  }

  get pending(): readonly Statement[] {
    return this.queue;
  }

  add(statement: Statement): void {
    this.queue.push(statement);
    this.write();
  }

  /**
   * Sends everything queued, oldest first, until the queue is empty (true) or the LRS cannot
   * take more now (false: nothing is lost, the statements wait for the next try). One drain at
   * a time; statements added meanwhile go out in the same drain.
   */
  flush(client: XapiClient): Promise<boolean> {
    this.draining ??= this.drain(client).finally(() => {
      this.draining = null;
    });
    return this.draining;
  }

  /**
   * The page is closing: whatever fits in the browser's keepalive allowance goes out now in
   * requests that outlive the page. The queue in storage is left as it is until an answer comes,
   * so what does not arrive is sent by the next launch. Resolves true when everything arrived.
   */
  flushOnUnload(client: XapiClient): Promise<boolean> {
    let budget = KEEPALIVE_BYTES;
    let fits = true;
    const sends: Promise<boolean>[] = [];
    for (let i = 0; i < this.queue.length; i += MAX_BATCH) {
      const batch = this.queue.slice(i, i + MAX_BATCH);
      const bytes = new TextEncoder().encode(JSON.stringify(batch)).length;
      if (bytes > budget) {
        fits = false;
        break;
      }
      budget -= bytes;
      sends.push(
        client.postStatements(batch, true).then(
          () => (this.remove(batch), true),
          (e) => this.failed(e),
        ),
      );
    }
    return Promise.all(sends).then((done) => fits && done.every(Boolean));
  }

  private async drain(client: XapiClient): Promise<boolean> {
    for (;;) {
      const batch = this.queue.slice(0, MAX_BATCH);
      if (batch.length === 0) return true;
      try {
        await client.postStatements(batch);
        this.remove(batch);
        continue;
      } catch (e) {
        if (retryLater(e)) return this.failed(e);
      }
      // The LRS refused the batch (400, 409): find which statement, sending one at a time.
      for (const s of batch) {
        try {
          await client.putStatement(s);
        } catch (e) {
          if (retryLater(e)) return this.failed(e);
          if ((e as XapiError).status === 409) {
            // The LRS already holds a statement with this id: this one, sent before.
          } else {
            // Invalid: no retry can store it. The learner state still holds the answer; the
            // log says what was refused and why.
            console.error('[lms] The LRS refused a statement; it is dropped from the queue.', (e as Error).message, JSON.stringify(s));
          }
        }
        this.remove([s]);
      }
    }
  }

  private failed(e: unknown): false {
    this.lastError = (e as Error).message;
    return false;
  }

  private remove(sent: Statement[]): void {
    const ids = new Set(sent.map((s) => s.id));
    const before = this.queue.length;
    this.queue = this.queue.filter((s) => !ids.has(s.id));
    if (this.queue.length !== before) this.write();
  }

  private read(): Statement[] {
    try {
      const list = JSON.parse(this.storage?.getItem(this.key) ?? '[]') as unknown;
      return Array.isArray(list) ? list.filter((s): s is Statement => typeof s === 'object' && s !== null && typeof s.id === 'string') : [];
    } catch {
      return [];
    }
  }

  private write(): void {
    try {
      if (this.queue.length) this.storage?.setItem(this.key, JSON.stringify(this.queue));
      else this.storage?.removeItem(this.key);
    } catch {
      // Quota or privacy settings: the queue then lives only as long as the page.
    }
  }
}

/**
 * No answer, a busy or broken LRS, or a token the LRS no longer accepts (401/403: the session
 * ended): the statement is fine, so it waits; the next launch brings a fresh token.
 */
function retryLater(e: unknown): boolean {
  return !(e instanceof XapiError) || e.transient || e.status === 401 || e.status === 403;
}
