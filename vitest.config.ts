import { defineConfig } from 'vitest/config';

// Two projects: `unit` = the project's own tests (test/), `generated` = the generated
// compatibility suite (generated-tests/), which probes devices and forges models once in globalSetup
// and writes cells to DuckDB through the matrix reporter.
export default defineConfig({
  test: {
    // The matrix reporter stores the cells generated tests put on task.meta.matrix (DuckDB,
    // .matrix/matrix.duckdb or MATRIX_DB); a run without cells (the unit project) writes nothing.
    reporters: ['default', './matrix/reporter/matrix-reporter.ts'],
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
