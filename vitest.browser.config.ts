import { defineConfig } from 'vitest/config';

/** Browser journeys in real Chromium (`npm run test:browser`); `npm test` leaves them out. */
export default defineConfig({
  test: {
    include: ['test/browser/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // One Chromium at a time: the machine has 2 cores shared with others.
    maxWorkers: 1,
    fileParallelism: false,
  },
});
