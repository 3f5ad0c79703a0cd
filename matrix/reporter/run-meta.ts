/**
 * Where the reporter finds a cell's run identity and devices. The suite's globalSetup provides
 * them (`provide('matrixRun', …)`); ./record-run-meta.ts also copies them onto each test file's
 * meta, because `vitest --merge-reports` replays test files from blobs without running
 * globalSetup — the file meta is what survives the blob round trip. The matrix reporter provides
 * its cell journal (`matrixJournal`, see ./cell-journal.ts) to its own workers the same way.
 */
import type { DeviceReport, RunInfo } from '../harness/types.js';
import type { JournalHandle } from './cell-journal.js';

declare module 'vitest' {
  interface TaskMeta {
    /** Run identity as the worker saw it (set on the test file by record-run-meta.ts). */
    matrixRun?: RunInfo;
    /** Devices as the worker saw them (set on the test file by record-run-meta.ts). */
    matrixDevices?: DeviceReport[];
  }
  interface ProvidedContext {
    /** This run's cell journal, provided by its matrix reporter (absent when none keeps one). */
    matrixJournal?: JournalHandle;
  }
}

export {};
