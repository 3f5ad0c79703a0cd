import { readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JOURNAL_PREFIX, readJournal, readJournalOwner, type FinishedEntry, type JournalOwner } from './cell-journal.js';

/** The journal of a run whose main process died before it stored its cells. */
export interface StrandedJournal {
  dir: string;
  owner: JournalOwner;
  /** Its finished cells (entries of its own nonce only). */
  finished: FinishedEntry[];
  /** When it was last written (ISO), as the run's end. */
  lastWrittenAt: string;
}

/**
 * Journals in `root` (the system temp folder) left by a run that wrote `dbPath` and whose process is gone
 * (killed outright: `kill -9`, OOM killer). A journal whose process still lives belongs to a running run and
 * is never taken; one that names another database is left to that database's next run.
 */
export function findStrandedJournals(dbPath: string, root = tmpdir(), isAlive: (pid: number) => boolean = pidAlive): StrandedJournal[] {
  let names: string[];
  try {
    names = readdirSync(root).filter((n) => n.startsWith(JOURNAL_PREFIX));
  } catch {
    return [];
  }
  const found: StrandedJournal[] = [];
  for (const name of names.sort()) {
    const dir = join(root, name);
    const owner = readJournalOwner(dir);
    if (!owner || owner.dbPath !== dbPath || owner.pid === process.pid || isAlive(owner.pid)) continue;
    const finished = readJournal(dir, owner.nonce).entries.filter((e): e is FinishedEntry => e.kind !== 'started');
    found.push({ dir, owner, finished, lastWrittenAt: lastWritten(dir) });
  }
  return found;
}

/** True while a process with this pid exists (signal 0 probes without sending). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function lastWritten(dir: string): string {
  let latest = 0;
  for (const name of readdirSync(dir)) latest = Math.max(latest, statSync(join(dir, name)).mtimeMs);
  return new Date(latest || Date.now()).toISOString();
}
