/**
 * The embedded queue's durable state: an append-only JSONL file, one full job snapshot per line,
 * the last line of an id winning. A line is written with one write(2) before the HTTP answer, so a
 * server killed with `kill -9` keeps every job it acknowledged (the page cache survives the process;
 * `fsync: true` also survives a power cut, at a cost per write). Opening replays the file, drops a
 * torn last line, and rewrites it compacted (write to a temp file, then rename).
 *
 * Why not a `jobs` table in the matrix DuckDB file: DuckDB allows one writing process per file, and
 * `matrix report`/`matrix run` must keep working while the server runs, so the server opens the store
 * only to write a finished job (as the reporter does). Holding it open, or opening it on every POST of
 * a 1,000-request burst, would block the other commands or cost a file open per request.
 */
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { JobJournalError } from './errors.js';
import type { Job } from './job.js';

/** An open journal. */
export interface JobJournal {
  readonly path: string;
  /** Jobs found when the journal was opened, in first-seen order. */
  readonly jobs: Job[];
  /** Durably records the job's current state. */
  write(job: Job): void;
  close(): void;
}

/** Opens (creating) the journal at `path`, replaying and compacting what is there. */
export function openJobJournal(path: string, options: { fsync?: boolean } = {}): JobJournal {
  mkdirSync(dirname(path), { recursive: true });
  const jobs = existsSync(path) ? replay(path) : [];
  const tmp = `${path}.tmp`;
  try {
    writeFileSync(tmp, jobs.map((job) => `${JSON.stringify(job)}\n`).join(''));
    renameSync(tmp, path);
  } catch (error) {
    throw new JobJournalError(path, `cannot rewrite it (${(error as Error).message})`, error);
  }
  const fd = openSync(path, 'a');
  let open = true;
  return {
    path,
    jobs,
    write(job) {
      if (!open) throw new JobJournalError(path, `write of job ${job.id} after close`);
      writeSync(fd, `${JSON.stringify(job)}\n`);
      if (options.fsync) fsyncSync(fd);
    },
    close() {
      if (!open) return;
      open = false;
      closeSync(fd);
    },
  };
}

function replay(path: string): Job[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new JobJournalError(path, `cannot read it (${(error as Error).message})`, error);
  }
  const byId = new Map<string, Job>();
  const lines = text.split('\n');
  // A last line without its newline is a write cut short by a kill: drop it.
  if (!text.endsWith('\n')) lines.pop();
  for (const line of lines) {
    if (line.trim() === '') continue;
    let job: Job;
    try {
      job = JSON.parse(line) as Job;
    } catch {
      continue;
    }
    if (typeof job?.id === 'string' && typeof job.status === 'string' && job.config) byId.set(job.id, job);
  }
  return [...byId.values()];
}
