import { defineConfig } from 'vitest/config';

// Two projects: `unit` = the project's own tests (test/), `generated` = the generated
// compatibility suite (generated-tests/), which probes devices and forges models once in globalSetup
// and writes cells to DuckDB through the matrix reporter.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
