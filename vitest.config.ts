import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// Two projects: `unit` = the project's own tests (test/), `generated` = the generated
// compatibility suite (generated-tests/), which probes devices and forges models once in globalSetup
// and writes cells to DuckDB through the matrix reporter.
export default defineConfig({
  test: {
    // The matrix reporter stores the cells generated tests put on task.meta.matrix (DuckDB,
    // .matrix/matrix.duckdb or MATRIX_DB) — of the `generated` project only: a run of the unit project
    // (`npm test`) keeps no cell journal and writes no database, whatever its tests do.
    reporters: ['default', ['./matrix/reporter/matrix-reporter.ts', { projects: ['generated'] }]],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'generated',
          include: ['generated-tests/**/*.test.ts'],
          // Probes devices and forges models once per run, provides them to every file.
          globalSetup: ['matrix/harness/global-setup.ts'],
          // Copies the provided run identity and devices onto each file's meta so they survive
          // blob reports (`--reporter=blob` shards + `--merge-reports`).
          setupFiles: ['matrix/reporter/record-run-meta.ts'],
          // Per-file isolation costs 150-190 ms of CPU per file (214 files); the harness keeps no
          // cross-file state that matters (caches are keyed by model folder), so share workers.
          isolate: false,
          // vitest defaults to cores - 1 workers (1 on a 2-core CI machine); model cells are CPU-bound
          // and independent, so use every core. The `full` and `bench` profiles (benchmarks) run one file
          // at a time so that cells do not disturb each other's timings.
          maxWorkers: process.env.MATRIX_PROFILE === 'full' || process.env.MATRIX_PROFILE === 'bench' ? 1 : availableParallelism(),
          // A cell has its own timeout (MATRIX_CELL_TIMEOUT_MS, default 60 s) and records `fail/timeout`;
          // vitest's limit only catches a harness that hangs past it (reference run included).
          testTimeout: 180_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
