/**
 * What the fault-injection tests share: a temp folder per test (the children's TMPDIR too, so journals and
 * the pending fallback land there), a small tmpfs for a full or read-only disk (root only; tests skip where
 * mounting is not allowed), row counts of a database and of pending files, and the fault table
 * (bench/FAULTS.md): with FAULT_TABLE=<file> each test appends its row to that file as one JSON line.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withStore } from '../../matrix/store/open-store.js';

/** True where this process may mount a tmpfs (root, or a user namespace that allows it). */
export const CAN_MOUNT = (() => {
  const probe = mkdtempSync(join(tmpdir(), 'fault-mount-probe-'));
  try {
    if (!mountTmpfs(probe, 64 * 1024)) return false;
    unmount(probe);
    return true;
  } finally {
    rmSync(probe, { recursive: true, force: true });
  }
})();

/** Mounts a tmpfs of `sizeBytes` on `dir`; false when not allowed. */
export function mountTmpfs(dir: string, sizeBytes: number): boolean {
  return spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeBytes}`, 'tmpfs', dir], { stdio: 'ignore' }).status === 0;
}

/** Remounts the tmpfs on `dir` read-only (`ro`) or writable again. */
export function remount(dir: string, mode: 'ro' | 'rw'): void {
  const done = spawnSync('mount', ['-o', `remount,${mode}`, dir], { encoding: 'utf8' });
  if (done.status !== 0) throw new Error(`mount -o remount,${mode} ${dir} failed: ${done.stderr}`);
}

export function unmount(dir: string): void {
  spawnSync('umount', ['-l', dir], { stdio: 'ignore' });
}

/** Fills the file system of `dir` until it refuses more (ENOSPC); returns the filler file. */
export function fillDisk(dir: string): string {
  const file = join(dir, 'filler.bin');
  const fd = openSync(file, 'w');
  const chunk = Buffer.alloc(4096, 1);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    closeSync(fd);
  }
  return file;
}

/** Cells per run in the database at `db` (an empty list when there is no file); throws when it does not open. */
export async function cellsByRun(db: string): Promise<Record<string, number>> {
  if (!existsSync(db)) return {};
  return withStore({ path: db, readOnly: true, waitMs: 10_000 }, async (s) => {
    const rows = (await s.connection.runAndReadAll('SELECT run_id, count(*)::INTEGER AS n FROM results GROUP BY run_id ORDER BY run_id')).getRowObjectsJS();
    return Object.fromEntries(rows.map((r) => [String(r.run_id), Number(r.n)]));
  });
}

/** Total of `cellsByRun`. */
export async function storedCells(db: string): Promise<number> {
  return Object.values(await cellsByRun(db)).reduce((a, b) => a + b, 0);
}

/** Every file under `root`, recursively, with its size (for "no 0-byte temp files"). */
export function filesUnder(root: string): Array<{ path: string; bytes: number }> {
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .map((path) => ({ path, bytes: statSync(path).size }));
}

/** Cells held in pending run files (`*.json` of the pending format) under `root`. */
export function pendingCells(root: string): number {
  let cells = 0;
  for (const { path } of filesUnder(root)) {
    if (!path.endsWith('.json')) continue;
    try {
      const parsed = JSON.parse(readFileSync(path, 'utf8')) as { format?: string; record?: { cells?: unknown[] } };
      if (parsed.format === 'model-matrix-pending-run') cells += parsed.record?.cells?.length ?? 0;
    } catch {
      // not a pending file
    }
  }
  return cells;
}

/** One row of the fault table. */
export interface FaultRow {
  fault: string;
  /** Cells that finished before (or despite) the fault. */
  finished: number;
  /** Of those, in the run's database right after the run. */
  stored: number;
  /** Of those, in a place the run named (pending file, temp fallback, cell journal imported by the next run). */
  kept: number;
  lost: number;
  exit: string;
  where: string;
}

/** Appends `row` to FAULT_TABLE when set (see bench/FAULTS.md); returns it. */
export function recordFault(row: FaultRow): FaultRow {
  if (process.env.FAULT_TABLE) appendFileSync(process.env.FAULT_TABLE, `${JSON.stringify(row)}\n`);
  return row;
}

/** pids of the direct children of `pid` (from /proc), e.g. a vitest main process's workers. */
export function childPids(pid: number): number[] {
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) found.push(Number(name));
    } catch {
      // gone
    }
  }
  return found;
}
