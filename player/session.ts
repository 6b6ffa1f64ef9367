import type { PlayerCourse } from './spec/course-data.ts';
import type { InteractionRecord, LaunchInfo, LmsAdapter, ProgressSnapshot } from './lms/adapter.ts';
import { recoverState, type Recovered } from './recovery.ts';
import { decodeState, encodeState, initialState, type LearnerState } from './state.ts';

/**
 * The learner's state as the player keeps it: saves go to the LMS adapter and to a local copy in
 * localStorage. The local copy also holds the answers the LMS has not confirmed yet (the outbox)
 * and the counter of the newest state it has confirmed (`base`), so that when the LMS lost the
 * last commits (connection gone, tab closed, Initialize refused, no LMS at all), the next launch
 * in this browser restores the newer local copy and sends the missing answers.
 *
 * The local copy is kept per course, language and package URL, not per learner: a session that
 * could not learn who the learner is (no API, Initialize refused) must leave it where the next
 * launch finds it. It names the learner once an LMS has said who it is, and another learner's
 * copy is not restored (a shared computer); it is then replaced.
 */
export class Session {
  /** Counter of the state last handed to the LMS. */
  private lastSent = -1;

  private constructor(
    readonly adapter: LmsAdapter,
    readonly launch: LaunchInfo,
    readonly state: LearnerState,
    private readonly mirror: LocalMirror,
    /** What had to be rebuilt from the LMS's record because its copy of the state was unreadable. */
    readonly recovered: Recovered | null,
    /** The state was written by another version of the course. */
    readonly courseUpdated: boolean,
  ) {
    adapter.onSaveStatus((s) => {
      // Everything written so far is in the LMS (but values it refused, which never will be).
      if (s.state === 'saved' || s.state === 'refused') this.confirmed();
    });
  }

  /**
   * `place` tells apart two LMS activities that use this same course (the package's URL path):
   * without it, one activity's local copy could look newer than another's empty LMS record.
   */
  static async open(course: PlayerCourse, adapter: LmsAdapter, storage: Storage | null, place = ''): Promise<Session> {
    const launch = await adapter.start();
    const at = place ? `@${place}` : '';
    const mirror = new LocalMirror(storage, `scorm-player:${course.id}:${course.lang}${at}`, `scorm-player:${course.id}:${course.lang}:${launch.learnerId || 'local'}${at}`);
    let local = mirror.read();
    if (local && local.learner && launch.learnerId && local.learner !== launch.learnerId) local = null;
    const fromLms = launch.state ? decodeState(launch.state, course) : null;
    const fromLocal = local ? decodeState(local.state, course) : null;
    const unreadable = launch.state !== '' && !fromLms;
    const lmsCounter = fromLms?.counter ?? -1;
    // A finished local copy the LMS had confirmed, and nothing in the LMS: a new attempt began.
    const newAttempt = adapter.connected && !!fromLocal?.finished && launch.state === '' && local!.base >= fromLocal.counter;
    // The local copy wins when it is newer and goes on from what the LMS holds; an LMS copy ahead
    // of what this browser last saw there was written elsewhere (another device) and wins.
    const localWins = !!fromLocal && !newAttempt && fromLocal.counter > lmsCounter && (unreadable || lmsCounter <= local!.base);

    let state: LearnerState;
    let recovered: Recovered | null = null;
    let outbox: MirrorRecord['outbox'] = [];
    if (localWins) {
      state = fromLocal!;
      // Answers recorded after the LMS's last good commit never reached it.
      outbox = local!.outbox.filter((r) => r.counter > lmsCounter);
    } else if (fromLms) {
      state = fromLms;
    } else if (unreadable) {
      const rebuilt = recoverState(course, launch, await adapter.storedInteractions());
      state = rebuilt.state;
      recovered = rebuilt.recovered;
    } else {
      state = initialState();
    }
    const courseUpdated = state.courseVersion !== '' && state.courseVersion !== course.version;
    state.courseVersion = course.version;

    mirror.learner = launch.learnerId || local?.learner || '';
    mirror.base = adapter.connected ? Math.max(local?.base ?? -1, lmsCounter) : (local?.base ?? -1);
    mirror.outbox = outbox;
    if (outbox.length) {
      // Where the LMS can say which answers it holds, those are not sent a second time.
      await adapter.storedInteractions();
      for (const r of outbox) adapter.recordInteraction(r.record);
    }
    return new Session(adapter, launch, state, mirror, recovered, courseUpdated);
  }

  /** Writes the state and progress to the LMS; nothing is durable there until `commit`. */
  save(snapshot: Omit<ProgressSnapshot, 'state'>): void {
    this.state.counter++;
    const text = encodeState(this.state);
    this.adapter.saveProgress({ ...snapshot, state: text });
    this.lastSent = this.state.counter;
    this.mirror.write(text);
  }

  /** Keeps the state in this browser only (a draft answer): the LMS gets it with the next `save`. */
  keepLocally(): void {
    this.state.counter++;
    this.mirror.write(encodeState(this.state));
  }

  /** Records an answer; call `save` right after, so the state that holds it is saved too. */
  record(record: InteractionRecord): void {
    this.adapter.recordInteraction(record);
    this.mirror.outbox.push({ counter: this.state.counter + 1, record });
  }

  /** `urgent` when the page is being hidden (see LmsAdapter.commit). */
  commit(urgent = false): Promise<boolean> {
    return this.adapter.commit(urgent);
  }

  private confirmed(): void {
    this.mirror.outbox = [];
    if (this.lastSent >= 0) this.mirror.base = Math.max(this.mirror.base, this.lastSent);
    this.mirror.write(encodeState(this.state));
  }
}

interface MirrorRecord {
  state: string;
  outbox: { counter: number; record: InteractionRecord }[];
  /** The learner the LMS named; '' while none has. */
  learner: string;
  /** Counter of the newest state the LMS has confirmed; -1 when none. */
  base: number;
}

/** localStorage copy; silently absent when storage is blocked (private mode, sandboxed frame). */
class LocalMirror {
  outbox: MirrorRecord['outbox'] = [];
  learner = '';
  base = -1;

  /** `legacyKey`: where players before this one kept the copy, one per learner (read once, then moved). */
  constructor(
    private readonly storage: Storage | null,
    private readonly key: string,
    private readonly legacyKey: string,
  ) {}

  read(): MirrorRecord | null {
    try {
      const own = this.storage?.getItem(this.key);
      const raw = own ?? this.storage?.getItem(this.legacyKey);
      if (!raw) return null;
      const o = JSON.parse(raw) as Partial<MirrorRecord>;
      if (typeof o.state !== 'string') return null;
      return {
        state: o.state,
        outbox: Array.isArray(o.outbox) ? o.outbox : [],
        learner: typeof o.learner === 'string' ? o.learner : '',
        // A copy from before `base` was kept: the newer copy wins, as it did then.
        base: typeof o.base === 'number' ? o.base : own ? -1 : Number.MAX_SAFE_INTEGER,
      };
    } catch {
      return null;
    }
  }

  write(state: string): void {
    try {
      this.storage?.setItem(this.key, JSON.stringify({ state, outbox: this.outbox, learner: this.learner, base: this.base }));
      this.storage?.removeItem(this.legacyKey);
    } catch {
      // Quota or privacy settings: the LMS copy is then the only one.
    }
  }
}
