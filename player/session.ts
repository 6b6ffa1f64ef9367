import type { PlayerCourse } from './spec/course-data.ts';
import type { InteractionRecord, LaunchInfo, LmsAdapter, ProgressSnapshot } from './lms/adapter.ts';
import { decodeState, encodeState, initialState, type LearnerState } from './state.ts';

/**
 * The learner's state as the player keeps it: every save goes to the LMS adapter and to a
 * local copy in localStorage. The local copy carries the save counter and the interactions
 * not yet confirmed by a commit, so when the LMS lost the last commit (connection gone, tab
 * closed), the next launch restores the newer local copy and sends the missing answers.
 * Without an LMS the local copy is the only store.
 */
export class Session {
  private mirror: LocalMirror;

  private constructor(
    readonly adapter: LmsAdapter,
    readonly launch: LaunchInfo,
    readonly state: LearnerState,
    mirror: LocalMirror,
  ) {
    this.mirror = mirror;
  }

  /**
   * `place` tells apart two LMS activities that use this same course (the package's URL path):
   * without it, one activity's local copy could look newer than another's empty LMS record.
   */
  static async open(course: PlayerCourse, adapter: LmsAdapter, storage: Storage | null, place = ''): Promise<Session> {
    const launch = await adapter.start();
    const key = `scorm-player:${course.id}:${course.lang}:${launch.learnerId || 'local'}${place ? `@${place}` : ''}`;
    const mirror = new LocalMirror(storage, key);
    const fromLms = launch.state ? decodeState(launch.state, course) : null;
    const local = mirror.read();
    const fromLocal = local ? decodeState(local.state, course) : null;
    let state = fromLms ?? initialState();
    let outbox: MirrorRecord['outbox'] = [];
    // A finished local copy with nothing in the LMS means the LMS started a new attempt.
    const newAttempt = adapter.connected && !!fromLocal?.finished && !fromLms;
    if (local && fromLocal && !newAttempt && fromLocal.counter > (fromLms?.counter ?? -1)) {
      state = fromLocal;
      const lmsCounter = fromLms?.counter ?? -1;
      // Answers recorded after the LMS's last good commit never reached it: send them again.
      outbox = local.outbox.filter((r) => r.counter > lmsCounter);
      for (const r of outbox) adapter.recordInteraction(r.record);
    }
    mirror.outbox = outbox;
    return new Session(adapter, launch, state, mirror);
  }

  /** Writes the state and progress; nothing is durable in the LMS until `commit`. */
  save(snapshot: Omit<ProgressSnapshot, 'state'>): void {
    this.state.counter++;
    const text = encodeState(this.state);
    this.adapter.saveProgress({ ...snapshot, state: text });
    this.mirror.write(text);
  }

  /** Records an answer; call `save` right after, so the state that holds it is saved too. */
  record(record: InteractionRecord): void {
    this.adapter.recordInteraction(record);
    this.mirror.outbox.push({ counter: this.state.counter + 1, record });
  }

  async commit(): Promise<boolean> {
    const sent = this.mirror.outbox.length;
    const ok = await this.adapter.commit();
    if (ok) {
      this.mirror.outbox.splice(0, sent);
      this.mirror.write(encodeState(this.state));
    }
    return ok;
  }
}

interface MirrorRecord {
  state: string;
  outbox: { counter: number; record: InteractionRecord }[];
}

/** localStorage copy; silently absent when storage is blocked (private mode, sandboxed frame). */
class LocalMirror {
  outbox: MirrorRecord['outbox'] = [];

  constructor(
    private readonly storage: Storage | null,
    private readonly key: string,
  ) {}

  read(): MirrorRecord | null {
    try {
      const raw = this.storage?.getItem(this.key);
      if (!raw) return null;
      const o = JSON.parse(raw) as Partial<MirrorRecord>;
      return typeof o.state === 'string' ? { state: o.state, outbox: Array.isArray(o.outbox) ? o.outbox : [] } : null;
    } catch {
      return null;
    }
  }

  write(state: string): void {
    try {
      this.storage?.setItem(this.key, JSON.stringify({ state, outbox: this.outbox }));
    } catch {
      // Quota or privacy settings: the LMS copy is then the only one.
    }
  }
}
