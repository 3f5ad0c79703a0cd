/**
 * Fault injection, part 2: two writers, a full disk, a read-only file system and a corrupt database, against the
 * real vitest CLI running the reporter fixture suite (`ok` set: 3 passing cells, so the exit code is the
 * store's) and a real DuckDB file. After each fault: exit code, the real cause named, every finished cell in the
 * database or in the place the run named, no 0-byte file left, the database still opens; then the next run
 * imports what was kept. Full disk and read-only use a small tmpfs (root only; skipped where mounting is refused).
 */
import { mkdirSync, mkdtempSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fallbackPendingDir, pendingDir } from '../../matrix/store/pending.js';
import { storeRun } from '../../matrix/store/store-run.js';
import { childEnv } from '../child-env.js';
import { fixtureVitest } from '../fixture-vitest.js';
import { CELL_VARIANTS, DEVICES, runInfo } from '../fixtures/reporter/cells.js';
import { CAN_MOUNT, cellsByRun, fillDisk, filesUnder, mountTmpfs, pendingCells, recordFault, remount, unmount } from './fault-kit.js';

let dir: string;
let mounted: string | undefined;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fault-disk-'));
  mounted = undefined;
});
afterEach(() => {
  if (mounted) unmount(mounted);
  rmSync(dir, { recursive: true, force: true });
});

const okRun = (db: string, runId: string) => fixtureVitest(['run'], childEnv({ dbPath: db, tmpDir: dir, env: { FIXTURE_SET: 'ok', FIXTURE_RUN_ID: runId } }));

/** A database on a small tmpfs at `<dir>/disk`, holding one earlier run of 9 cells. */
async function seededDisk(): Promise<{ disk: string; db: string }> {
  const disk = join(dir, 'disk');
  mkdirSync(disk);
  expect(mountTmpfs(disk, 4 * 1024 * 1024)).toBe(true);
  mounted = disk;
  const db = join(disk, 'm.duckdb');
  await storeRun({ run: runInfo({ runId: 'earlier' }), devices: [...DEVICES], cells: [...CELL_VARIANTS], interrupted: false, finishedAt: new Date().toISOString() }, { path: db, log: () => undefined });
  return { disk, db };
}

describe('faults: the database cannot take the cells', () => {
  it('two writers at once: both runs land whole', { timeout: 120_000 }, async () => {
    const db = join(dir, 'm.duckdb');
    const [a, b] = await Promise.all([okRun(db, 'writer-a'), okRun(db, 'writer-b')]);
    expect(a.code, a.output).toBe(0);
    expect(b.code, b.output).toBe(0);
    expect(await cellsByRun(db)).toEqual({ 'writer-a': 3, 'writer-b': 3 });
    recordFault({ fault: 'two vitest runs writing one database', finished: 6, stored: 6, kept: 0, lost: 0, exit: '0, 0', where: 'database (the second writer waits for the lock)' });
  });

  it.skipIf(!CAN_MOUNT)('full disk: exit 1 naming "No space left on device" (not the rollback), cells in the temp fallback, no 0-byte file; the next run imports them', { timeout: 120_000 }, async () => {
    const { disk, db } = await seededDisk();
    const filler = fillDisk(disk);
    const run = await okRun(db, 'on-full-disk');
    expect(run.code, run.output).toBe(1);
    expect(run.output).toMatch(/STORE_WRITE_FAILED: Could not write run on-full-disk to the matrix database .*: .*No space left on device/);
    expect(run.output).not.toMatch(/cannot rollback|no transaction is active|move it aside/);
    const fallback = fallbackPendingDir(db, dir);
    expect(run.output).toContain(`Its 3 cells are safe in ${join(fallback, 'on-full-disk.json')}`);
    expect(run.output).toContain('The disk is full');
    expect(pendingCells(fallback)).toBe(3);
    expect(filesUnder(join(disk, 'pending')).filter((f) => f.bytes === 0 || f.path.endsWith('.tmp'))).toEqual([]);
    expect(await cellsByRun(db)).toEqual({ earlier: 9 }); // still opens, earlier run intact
    recordFault({ fault: 'full disk (tmpfs) at commit', finished: 3, stored: 0, kept: pendingCells(fallback), lost: 3 - pendingCells(fallback), exit: String(run.code), where: 'system temp folder: model-matrix-pending/<db>-<hash>/ (named in the error)' });

    unlinkSync(filler);
    const next = await okRun(db, 'after-space-freed');
    expect(next.code, next.output).toBe(0);
    expect(await cellsByRun(db)).toEqual({ earlier: 9, 'on-full-disk': 3, 'after-space-freed': 3 });
    expect(filesUnder(fallback)).toEqual([]);
  });

  it.skipIf(!CAN_MOUNT)('read-only file system: exit 1 naming it, the right hint, cells in the temp fallback; the next writable run imports them', { timeout: 120_000 }, async () => {
    const { disk, db } = await seededDisk();
    remount(disk, 'ro');
    const run = await okRun(db, 'on-read-only');
    expect(run.code, run.output).toBe(1);
    expect(run.output).toMatch(/STORE_WRITE_FAILED: Could not write run on-read-only .*Read-only file system/);
    expect(run.output).toContain('not writable');
    expect(run.output).not.toMatch(/move it aside/);
    const fallback = fallbackPendingDir(db, dir);
    expect(run.output).toContain(join(fallback, 'on-read-only.json'));
    expect(pendingCells(fallback)).toBe(3);
    expect(await cellsByRun(db)).toEqual({ earlier: 9 });
    recordFault({ fault: 'read-only file system (tmpfs remounted ro)', finished: 3, stored: 0, kept: pendingCells(fallback), lost: 3 - pendingCells(fallback), exit: String(run.code), where: 'system temp folder: model-matrix-pending/<db>-<hash>/ (named in the error)' });

    remount(disk, 'rw');
    const next = await okRun(db, 'writable-again');
    expect(next.code, next.output).toBe(0);
    expect(await cellsByRun(db)).toEqual({ earlier: 9, 'on-read-only': 3, 'writable-again': 3 });
  });

  it('corrupt database file: exit 1, the cells in the database\'s pending folder, the hint to move it aside; after that the next run imports them', { timeout: 120_000 }, async () => {
    const db = join(dir, 'm.duckdb');
    writeFileSync(db, Buffer.alloc(64 * 1024, 'not a duckdb file '));
    const run = await okRun(db, 'on-corrupt');
    expect(run.code, run.output).toBe(1);
    expect(run.output).toMatch(/STORE_WRITE_FAILED: Could not write run on-corrupt .*Cannot open the matrix database/);
    expect(run.output).toContain('move it aside');
    expect(run.output).toContain(join(pendingDir(db), 'on-corrupt.json'));
    expect(pendingCells(pendingDir(db))).toBe(3);
    recordFault({ fault: 'corrupt database file', finished: 3, stored: 0, kept: pendingCells(pendingDir(db)), lost: 3 - pendingCells(pendingDir(db)), exit: String(run.code), where: 'pending/<db>-<hash>/ next to the database (named in the error)' });

    renameSync(db, `${db}.damaged`);
    const next = await okRun(db, 'fresh-file');
    expect(next.code, next.output).toBe(0);
    expect(await cellsByRun(db)).toEqual({ 'on-corrupt': 3, 'fresh-file': 3 });
  });
});
