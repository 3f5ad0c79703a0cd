/**
 * A write-ahead journal of finished cells, kept by the test workers, so that a cell which finished is
 * stored even when its result never reached the reporter: a worker killed outright (OOM killer, SIGKILL)
 * takes its file's pending results with it, and vitest's worker throttles its updates (100 ms) so the
 * last results can still be in the worker when Ctrl-C lands.
 *
 * The matrix reporter creates the journal folder at start and names it in MATRIX_CELL_JOURNAL, which the
 * workers inherit; record-run-meta.ts (a setup file) appends one JSON line per finished cell to
 * `<folder>/<pid>.jsonl` (one file per process, one synchronous append per line); the reporter reads it
 * at the end of the run or on a signal, adds the cells it did not receive, and removes the folder once
 * the run is stored. A line cut short by a crash is skipped.
 */
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DeviceReport, RunInfo } from '../harness/types.js';

/** The environment variable naming the journal folder of the current run. */
export const JOURNAL_ENV = 'MATRIX_CELL_JOURNAL';

/** One finished cell as a worker saw it. */
export interface JournalEntry {
  /** vitest's test id (TestCase.id), to match the results the reporter did receive. */
  testId: string;
  /** The test's `task.meta.matrix`, unchecked (the reporter checks it as it checks every cell). */
  cell: unknown;
  run?: RunInfo;
  devices?: DeviceReport[];
}

/** Creates an empty journal folder for one run. */
export function createJournal(): string {
  return mkdtempSync(join(tmpdir(), 'matrix-journal-'));
}

/** Appends `entry` to this process's journal file in `dir`. */
export function appendToJournal(dir: string, entry: JournalEntry): void {
  appendFileSync(join(dir, `${process.pid}.jsonl`), `${JSON.stringify(entry)}\n`);
}

/** Every complete entry in `dir`, file by file in append order; a missing folder reads as empty. */
export function readJournal(dir: string): JournalEntry[] {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort();
  } catch {
    return [];
  }
  const entries: JournalEntry[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(join(dir, file), 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      try {
        const entry = JSON.parse(line) as Partial<JournalEntry>;
        if (typeof entry.testId === 'string' && entry.cell !== undefined) entries.push(entry as JournalEntry);
      } catch {
        // a line cut short by a crash
      }
    }
  }
  return entries;
}

/** Empties the journal (a new run in the same process starts clean). */
export function clearJournal(dir: string): void {
  for (const file of safeList(dir)) rmSync(join(dir, file), { force: true });
}

export function removeJournal(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
