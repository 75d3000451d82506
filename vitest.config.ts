// Test runner settings: tests live in test/, run in forked workers (worker_threads tests spawn their own).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Strict runs in tests: states deep-frozen, every invariant after every event (test/support/strict-runs.ts).
    setupFiles: ['test/support/strict-runs.ts'],
    pool: 'forks',
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
