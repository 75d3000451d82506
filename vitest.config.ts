// Test runner settings: tests live in test/, run in forked workers (worker_threads tests spawn their own).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // States are deep-frozen in tests (runs leave it off for speed), so a handler mutating a state fails here.
    setupFiles: ['test/support/freeze-states.ts'],
    pool: 'forks',
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
