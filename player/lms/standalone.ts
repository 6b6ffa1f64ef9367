import type { LaunchInfo, LmsAdapter, SaveStatus } from './adapter.ts';

/**
 * No LMS: the course still runs. The learner state lives in the player's local copy
 * (see `LocalMirror`), which every adapter keeps; this adapter adds nothing to it, so a
 * standalone session is exactly an LMS session whose LMS remembers nothing.
 */
export class StandaloneAdapter implements LmsAdapter {
  readonly standard = 'standalone';
  readonly connected = false;

  async start(): Promise<LaunchInfo> {
    return { entry: 'new', bookmark: '', state: '', masteryScore: null, mode: 'normal', learnerId: '', learnerName: '' };
  }
  saveProgress(): void {}
  recordInteraction(): void {}
  reportResult(): void {}
  markCompleted(): void {}
  async commit(): Promise<boolean> {
    return true;
  }
  finish(): void {}
  onSaveStatus(_listener: (status: SaveStatus) => void): void {}
}
