// The store's failure paths (issue 16, findings 2 and 3): pending runs belong to one database; the first error
// is the one reported, never the ROLLBACK's; when the database's folder cannot be written the cells go to the
// system temp folder and the error names it; the hints match the cause.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoreOpenError, StoreWriteError } from '../matrix/store/errors.js';
import { withStore } from '../matrix/store/open-store.js';
import { fallbackPendingDir, keepPending, listPending, pendingDir, savePending } from '../matrix/store/pending.js';
import type { RunRecord } from '../matrix/store/run-record.js';
import { importPendingRuns, storeRun } from '../matrix/store/store-run.js';
import { writeRun } from '../matrix/store/write-run.js';
import { CELL_VARIANTS, DEVICES, runInfo } from './fixtures/reporter/cells.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'store-faults-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const record = (runId: string): RunRecord => ({ run: runInfo({ runId }), devices: [...DEVICES], cells: [...CELL_VARIANTS], interrupted: false, finishedAt: new Date().toISOString() });
const runIds = (path: string) => withStore({ path, readOnly: true }, async (s) => (await s.connection.runAndReadAll('SELECT run_id FROM runs ORDER BY 1')).getRowObjectsJS().map((r) => r.run_id));

describe('pending runs belong to their database', () => {
  it('a run pending for lock.duckdb is never imported into other.duckdb in the same folder, only into lock.duckdb', async () => {
    const lock = join(dir, 'lock.duckdb');
    const other = join(dir, 'other.duckdb');
    savePending(lock, record('gave-up-on-lock'));
    expect((await importPendingRuns({ path: other })).imported).toEqual([]);
    expect(await runIds(other)).toEqual([]);
    expect((await importPendingRuns({ path: lock })).imported.map((s) => s.runId)).toEqual(['gave-up-on-lock']);
    expect(await runIds(lock)).toEqual(['gave-up-on-lock']);
    expect(listPending(lock)).toEqual([]);
  });

  it('each database has its own folder (file name + hash of the absolute path); a file naming another database is left alone', async () => {
    const a = join(dir, 'm.duckdb');
    const b = join(dir, 'sub', 'm.duckdb');
    expect(pendingDir(a)).toMatch(/\/pending\/m\.duckdb-[0-9a-f]{12}$/);
    expect(pendingDir(a)).not.toBe(pendingDir(b).replace('/sub', ''));
    const file = savePending(a, record('misplaced'), pendingDir(b));
    expect((await importPendingRuns({ path: b })).imported).toEqual([]);
    expect(listPending(b)).toEqual([file]);
  });
});

describe('when the database cannot take the run', () => {
  it('the first error is reported, never the failing ROLLBACK\'s', async () => {
    const path = join(dir, 'm.duckdb');
    await withStore({ path }, async ({ connection }) => {
      // A connection whose COMMIT fails as on a full disk: the transaction is gone, so ROLLBACK fails too.
      const failingCommit = new Proxy(connection, {
        get(target, name, receiver) {
          if (name !== 'run') return Reflect.get(target, name, receiver);
          return async (sql: string, ...rest: unknown[]) => {
            if (sql === 'COMMIT') {
              await target.run('ROLLBACK');
              throw new Error('TransactionContext Error: Failed to commit: Could not write file "m.duckdb.wal": No space left on device');
            }
            return (target.run as (...a: unknown[]) => unknown).call(target, sql, ...rest);
          };
        },
      }) as DuckDBConnection;
      await expect(writeRun(failingCommit, record('commit-fails'))).rejects.toThrow(/Failed to commit: .*No space left on device/);
    });
    expect(await runIds(path)).toEqual([]);
  });

  it('a folder that cannot hold the database or its pending/: exit-1 error naming the cause, cells in the temp fallback', async () => {
    writeFileSync(join(dir, 'not-a-folder'), 'a file where a folder should be');
    const db = join(dir, 'not-a-folder', 'm.duckdb');
    const lines: string[] = [];
    const tmp = mkdtempSync(join(dir, 'tmp-'));
    const previous = process.env.TMPDIR;
    process.env.TMPDIR = tmp;
    try {
      const error = await storeRun(record('nowhere-near'), { path: db, log: (l) => lines.push(l) }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreWriteError);
      const e = error as StoreWriteError;
      expect(e).toMatchObject({ code: 'STORE_WRITE_FAILED', exitCode: 1, savedTo: join(fallbackPendingDir(db, tmp), 'nowhere-near.json') });
      expect(e.message.split('\n')[0]).toMatch(/^Could not write run nowhere-near to the matrix database .*: (ENOTDIR|EEXIST)/);
      expect(e.message).toContain(`Its ${CELL_VARIANTS.length} cells are safe in ${e.savedTo}`);
      expect(lines.join('\n')).toMatch(/could not save the run's cells next to the database .*saved them to the system temp folder instead/);
      expect(listPending(db, tmp)).toEqual([e.savedTo]);
    } finally {
      if (previous === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = previous;
    }
  });

  it('keepPending throws naming both folders when neither can be written, and leaves no file behind', () => {
    writeFileSync(join(dir, 'file'), '');
    const db = join(dir, 'file', 'm.duckdb');
    expect(() => keepPending(db, record('r'), join(dir, 'file'))).toThrow(/pending\/m\.duckdb-[0-9a-f]{12}: .*; .*model-matrix-pending\/m\.duckdb-[0-9a-f]{12}: /);
    expect(readdirSync(dir)).toEqual(['file']);
  });

  it('hints follow the cause: a read-only or full disk is never told to move the file aside; a damaged file is', () => {
    expect(new StoreOpenError('/ro/m.duckdb', 'Cannot open file "/ro/m.duckdb": Read-only file system').hint).toMatch(/not writable/);
    expect(new StoreOpenError('/p/m.duckdb', 'Cannot open file "/p/m.duckdb": Permission denied').hint).not.toMatch(/move it aside/);
    expect(new StoreWriteError('/f/m.duckdb', 'r', 3, '/tmp/x.json', new Error('No space left on device')).hint).toMatch(/The disk is full/);
    expect(new StoreOpenError('/d/m.duckdb', 'The file is not a valid DuckDB database file!').hint).toMatch(/move it aside/);
    const damaged = new StoreWriteError('/d/m.duckdb', 'r', 3, '/d/pending/x.json', new StoreOpenError('/d/m.duckdb', 'not a valid DuckDB database file'));
    expect(damaged.hint).toMatch(/safe in \/d\/pending\/x\.json.*move it aside/);
  });
});
