// `npm run test:long`: the campaign-style suites (long fuzz runs of every protocol, the deploy commands) kept out of
// `npm test` so the everyday suite stays under 4 minutes on two cores; .ci/run runs both.
import { defineConfig } from 'vitest/config';
import { LONG_TESTS, WORKERS } from './vitest.config.ts';

export default defineConfig({
  test: {
    include: [...LONG_TESTS],
    globalSetup: ['test/support/global-setup.ts'],
    setupFiles: ['test/support/strict-runs.ts'],
    pool: 'forks',
    maxWorkers: WORKERS,
    testTimeout: 600_000,
    hookTimeout: 600_000,
  },
});
