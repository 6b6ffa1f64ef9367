/** Commit retries with exponential backoff: 1 s, 2 s, 4 s … capped at 30 s, then gives up. */
export class RetrySchedule {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private tries = 0;

  constructor(
    private readonly run: () => void,
    private readonly maxTries = 10,
    private readonly firstDelayMs = 1000,
    private readonly maxDelayMs = 30_000,
  ) {}

  get exhausted(): boolean {
    return this.tries >= this.maxTries;
  }

  schedule(): void {
    if (this.timer !== undefined || this.exhausted) return;
    const delay = Math.min(this.maxDelayMs, this.firstDelayMs * 2 ** this.tries);
    this.tries++;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.run();
    }, delay);
  }

  /** After a success, or when a new commit starts a fresh series. */
  reset(): void {
    this.stop();
    this.tries = 0;
  }

  stop(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
