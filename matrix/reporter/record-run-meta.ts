/**
 * A vitest setup file for suites that produce matrix cells:
 * - copies the provided run identity and device report onto the test file's meta, so they travel
 *   inside blob reports and a `vitest --merge-reports` process can store the run;
 * - journals each cell (./cell-journal.ts) when this run's matrix reporter keeps a journal: a `started` line
 *   at every stage the harness enters (matrix/harness/cell-progress.ts) and a `finished` line with its result,
 *   so a cell that finished is stored even if the worker dies before vitest reports it, and a cell whose worker
 *   died is stored as `fail/crashed`.
 * The journal comes from this run's own reporter through inject('matrixJournal'), never from the environment:
 * a vitest run started inside another one (a test that runs vitest) cannot write into its parent's journal.
 * Does nothing when nothing was provided and no journal is kept.
 */
import { afterEach, beforeAll, beforeEach, inject, type RunnerTestCase } from 'vitest';
import { setCellProgressListener } from '../harness/cell-progress.js';
import { appendToJournal, type JournalEntry, type JournalHandle } from './cell-journal.js';
import './run-meta.js';

let current: RunnerTestCase | undefined;

beforeAll(({}, suite) => {
  const run = inject('matrixRun');
  const devices = inject('matrixDevices');
  if (run) suite.file.meta.matrixRun = run;
  if (devices) suite.file.meta.matrixDevices = devices;
});

beforeEach(({ task }) => {
  current = task as RunnerTestCase;
});

setCellProgressListener((progress) => {
  const task = current;
  if (!task) return;
  const { key, source, inference, stage } = progress;
  journal(task, (j) => ({ kind: 'started', nonce: j.nonce, testId: task.id, pid: process.pid, cell: { key, source, inference, stage }, ...context(task) }));
});

afterEach(({ task }) => {
  current = undefined;
  const cell = task.meta.matrix;
  if (cell === undefined) return;
  journal(task, (j) => ({ kind: 'finished', nonce: j.nonce, testId: task.id, cell, ...context(task) }));
});

function journal(task: RunnerTestCase, entry: (handle: JournalHandle) => JournalEntry): void {
  const handle = injected();
  if (!handle) return;
  try {
    appendToJournal(handle.dir, entry(handle));
  } catch (error) {
    // The journal is a safety net; the result still reaches the reporter the normal way.
    process.stderr.write(`matrix: could not journal the cell of "${task.name}": ${error instanceof Error ? error.message : String(error)}\n`);
  }
}

function injected(): JournalHandle | undefined {
  try {
    const handle = inject('matrixJournal');
    return handle && typeof handle.dir === 'string' && typeof handle.nonce === 'string' ? handle : undefined;
  } catch {
    return undefined;
  }
}

function context(task: RunnerTestCase) {
  return { run: task.file.meta.matrixRun ?? inject('matrixRun'), devices: task.file.meta.matrixDevices ?? inject('matrixDevices') };
}
