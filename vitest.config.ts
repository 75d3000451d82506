// Test runner settings: tests live in test/, run in forked workers (worker_threads tests spawn their own). The global
// setup bundles the CLI once per run for the end-to-end tests. Campaign-style suites (LONG_TESTS) run in
// `npm run test:long` (vitest.long.config.ts), so `npm test` stays under 4 minutes on two cores; .ci/run runs both.
import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

/** Long fuzz campaigns (each protocol's 1000 clean seeds and its bug-finding runs) and the deploy commands: minutes of CPU each. */
export const LONG_TESTS = [
  'test/protocols/*/fuzz*.test.ts',
  'test/deploy/**/*.test.ts',
  'test/**/*.long.test.ts',
] as const;

/** vitest's default is one worker fewer than the cores: a single worker on a 2-core machine. Tests are CPU-bound: use them all. */
export const WORKERS = Math.max(2, availableParallelism());

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['**/node_modules/**', ...LONG_TESTS],
    globalSetup: ['test/support/global-setup.ts'],
    // Strict runs in tests: states deep-frozen, every invariant after every event (test/support/strict-runs.ts).
    setupFiles: ['test/support/strict-runs.ts'],
    pool: 'forks',
    maxWorkers: WORKERS,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
