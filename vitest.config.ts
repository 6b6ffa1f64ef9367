import { defineConfig } from 'vitest/config';
import { scaled } from './test/support/time-scale.ts';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Time-outs only stop a hung test: they grow with the machine's load (TEST_TIME_SCALE overrides).
    testTimeout: scaled(60_000),
    hookTimeout: scaled(120_000),
    teardownTimeout: scaled(10_000),
    expect: { poll: { timeout: scaled(5_000) } },
    // CI has two cores; the browser tests each start Chromium.
    maxWorkers: 2,
  },
});
