import { NO_RECORD, type LaunchInfo, type LmsAdapter, type SaveStatus } from './adapter.ts';

/**
 * No LMS: the course still runs. The learner state lives in the player's local copy
 * (see `LocalMirror`), which every adapter keeps; this adapter adds nothing to it, so a
 * standalone session is exactly an LMS session whose LMS remembers nothing. It never reports
 * "saved", so the local copy keeps every answer until an LMS confirms it: the next launch from
 * an LMS in this browser sends them.
 */
export class StandaloneAdapter implements LmsAdapter {
  readonly standard = 'standalone';
  readonly connected = false;

  async start(): Promise<LaunchInfo> {
    return { entry: 'new', bookmark: '', state: '', masteryScore: null, mode: 'normal', learnerId: '', learnerName: '', record: NO_RECORD };
  }
  saveProgress(): void {}
  recordInteraction(): void {}
  reportResult(): void {}
  markCompleted(): void {}
  async commit(): Promise<boolean> {
    return true;
  }
  async finish(): Promise<void> {}
  async storedInteractions(): Promise<null> {
    return null;
  }
  onSaveStatus(_listener: (status: SaveStatus) => void): void {}
}
