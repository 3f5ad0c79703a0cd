/**
 * A write-ahead journal of the cells of one run, kept by the test workers, so that a cell is stored even when
 * its result never reached the reporter: a worker killed outright (OOM killer, SIGKILL) takes its file's
 * pending results with it, vitest's worker throttles its updates (100 ms) so the last results can still be in
 * the worker when Ctrl-C lands, and a main process killed outright never writes at all.
 *
 * The matrix reporter creates the journal folder at start (`matrix-journal-*` in the system temp folder) with
 * an `owner.json` naming the run's nonce, the database the run writes and the reporter's pid, and hands
 * `{ dir, nonce }` to ITS OWN workers through vitest's provide/inject (never through the environment, which
 * nested runs inherit). record-run-meta.ts (a setup file) appends one JSON line per event to
 * `<folder>/<pid>.jsonl` (one file per process, one synchronous append per line): `started` as a cell enters a
 * stage, `finished` with its CellResult. Every entry carries the nonce; the reporter takes only its own.
 * It reads the journal at the end of the run or on a signal, adds the cells it did not receive, and removes the
 * folder once the run is stored; the journal of a killed main process is imported by the next run that writes
 * the same database (./stranded-journals.ts). A line cut short by a crash is skipped.
 */
import { randomBytes } from 'node:crypto';
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CellKey, DeviceReport, ErrorStage, Inference, ModelSource, RunInfo } from '../harness/types.js';

/** Prefix of journal folders in the system temp folder. */
export const JOURNAL_PREFIX = 'matrix-journal-';

const OWNER_FILE = 'owner.json';
const OWNER_FORMAT = 'model-matrix-cell-journal';

/** What the reporter hands its workers (vitest `provide('matrixJournal', …)`). */
export interface JournalHandle {
  dir: string;
  /** Identity of the run that created the journal; every entry carries it. */
  nonce: string;
}

/** `owner.json`: whose journal this is. */
export interface JournalOwner {
  nonce: string;
  /** Absolute path of the database the run writes. */
  dbPath: string;
  /** pid of the reporter's process (the vitest main process). */
  pid: number;
  createdAt: string;
}

/** A finished cell as a worker saw it. */
export interface FinishedEntry {
  kind?: 'finished';
  nonce?: string;
  /** vitest's test id (TestCase.id), to match the results the reporter did receive. */
  testId: string;
  /** The test's `task.meta.matrix`, unchecked (the reporter checks it as it checks every cell). */
  cell: unknown;
  run?: RunInfo;
  devices?: DeviceReport[];
}

/** A cell that started and the stage it entered; the last one of a test tells where a killed worker was. */
export interface StartedEntry {
  kind: 'started';
  nonce?: string;
  testId: string;
  /** pid of the worker running the cell. */
  pid: number;
  cell: { key: CellKey; source: ModelSource; inference: Inference; stage: ErrorStage };
  run?: RunInfo;
  devices?: DeviceReport[];
}

export type JournalEntry = FinishedEntry | StartedEntry;

/** Creates an empty journal folder for one run writing `dbPath`, under `root` (the system temp folder). */
export function createJournal(dbPath: string, root = tmpdir()): JournalHandle {
  const dir = mkdtempSync(join(root, JOURNAL_PREFIX));
  const nonce = `${process.pid}-${randomBytes(8).toString('hex')}`;
  const owner: JournalOwner & { format: string } = { format: OWNER_FORMAT, nonce, dbPath, pid: process.pid, createdAt: new Date().toISOString() };
  writeFileSync(join(dir, OWNER_FILE), JSON.stringify(owner));
  return { dir, nonce };
}

/** The owner of the journal in `dir`, or null when it has none (not a journal, or an older one). */
export function readJournalOwner(dir: string): JournalOwner | null {
  try {
    const owner = JSON.parse(readFileSync(join(dir, OWNER_FILE), 'utf8')) as Partial<JournalOwner> & { format?: string };
    if (owner.format !== OWNER_FORMAT || typeof owner.nonce !== 'string' || typeof owner.dbPath !== 'string' || typeof owner.pid !== 'number') return null;
    return { nonce: owner.nonce, dbPath: owner.dbPath, pid: owner.pid, createdAt: String(owner.createdAt ?? '') };
  } catch {
    return null;
  }
}

/** Appends `entry` to this process's journal file in `dir`. */
export function appendToJournal(dir: string, entry: JournalEntry): void {
  appendFileSync(join(dir, `${process.pid}.jsonl`), `${JSON.stringify(entry)}\n`);
}

/** Entries of the journal in `dir`, split by whether they carry `nonce`; file by file in append order. */
export interface JournalRead {
  entries: JournalEntry[];
  /** Entries written for another run (another nonce, or none): never adopted. */
  foreign: JournalEntry[];
}

/** Every complete entry in `dir`, file by file in append order; a missing folder reads as empty. */
export function readJournal(dir: string, nonce: string): JournalRead {
  const read: JournalRead = { entries: [], foreign: [] };
  for (const file of safeList(dir).filter((f) => f.endsWith('.jsonl')).sort()) {
    let text: string;
    try {
      text = readFileSync(join(dir, file), 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      let entry: Partial<JournalEntry>;
      try {
        entry = JSON.parse(line) as Partial<JournalEntry>;
      } catch {
        continue; // a line cut short by a crash
      }
      if (typeof entry.testId !== 'string' || entry.cell === undefined) continue;
      (entry.nonce === nonce ? read.entries : read.foreign).push(entry as JournalEntry);
    }
  }
  return read;
}

/** Empties the journal's entries (a new run in the same process starts clean); the owner stays. */
export function clearJournal(dir: string): void {
  for (const file of safeList(dir)) if (file.endsWith('.jsonl')) rmSync(join(dir, file), { force: true });
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
