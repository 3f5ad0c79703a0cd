/**
 * A vitest setup file for suites that produce matrix cells:
 * - copies the provided run identity and device report onto the test file's meta, so they travel
 *   inside blob reports and a `vitest --merge-reports` process can store the run;
 * - appends each finished cell to the run's cell journal (./cell-journal.ts) when the matrix reporter
 *   keeps one, so a cell that finished is stored even if the worker dies before vitest reports it.
 * Does nothing when nothing was provided and no journal is kept.
 */
import { afterEach, beforeAll, inject } from 'vitest';
import { appendToJournal, JOURNAL_ENV } from './cell-journal.js';
import './run-meta.js';

beforeAll(({}, suite) => {
  const run = inject('matrixRun');
  const devices = inject('matrixDevices');
  if (run) suite.file.meta.matrixRun = run;
  if (devices) suite.file.meta.matrixDevices = devices;
});

afterEach(({ task }) => {
  const journal = process.env[JOURNAL_ENV];
  const cell = task.meta.matrix;
  if (!journal || cell === undefined) return;
  try {
    appendToJournal(journal, { testId: task.id, cell, run: task.file.meta.matrixRun ?? inject('matrixRun'), devices: task.file.meta.matrixDevices ?? inject('matrixDevices') });
  } catch (error) {
    // The journal is a safety net; the result still reaches the reporter the normal way.
    process.stderr.write(`matrix: could not journal the cell of "${task.name}": ${error instanceof Error ? error.message : String(error)}\n`);
  }
});
