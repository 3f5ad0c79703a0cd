import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RESULT_COLUMNS } from '../matrix/store/cell-row.js';
import { MIGRATIONS, type Migration } from '../matrix/store/migrations.js';
import { openStore, withStore } from '../matrix/store/open-store.js';
import { resolveDbPath } from '../matrix/store/resolve-db-path.js';
import { SCHEMA_VERSION } from '../matrix/store/schema.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'store-schema-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function query(path: string, sql: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(path);
  const connection = await instance.connect();
  try {
    return (await connection.runAndReadAll(sql)).getRowObjectsJS();
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

describe('opening the store', () => {
  it('creates a new database at the current schema, its tables, and the version in meta', async () => {
    const path = join(dir, 'nested', 'm.duckdb');
    const version = await withStore({ path }, async (store) => store.schemaVersion);
    expect(version).toBe(SCHEMA_VERSION);
    expect(SCHEMA_VERSION).toBe(2);
    const tables = await query(path, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' ORDER BY 1");
    expect(tables.map((t) => t.table_name)).toEqual(['devices', 'meta', 'results', 'runs']);
    expect(await query(path, "SELECT value FROM meta WHERE key = 'schema_version'")).toEqual([{ value: String(SCHEMA_VERSION) }]);
  });

  it('writes results in exactly the DDL column order (the appender relies on it)', async () => {
    const path = join(dir, 'm.duckdb');
    await withStore({ path }, async () => undefined);
    const columns = await query(path, "SELECT column_name FROM information_schema.columns WHERE table_name = 'results' ORDER BY ordinal_position");
    expect(columns.map((c) => c.column_name)).toEqual(RESULT_COLUMNS.map(([name]) => name));
  });

  it('reopens an existing database without re-applying the schema', async () => {
    const path = join(dir, 'm.duckdb');
    await withStore({ path }, async (store) => {
      await store.connection.run("INSERT INTO meta VALUES ('marker', 'kept')");
    });
    await withStore({ path }, async (store) => expect(store.schemaVersion).toBe(SCHEMA_VERSION));
    expect(await query(path, "SELECT value FROM meta WHERE key = 'marker'")).toEqual([{ value: 'kept' }]);
  });

  it('refuses a database whose schema is newer than the program, with a coded error and exit code 2', async () => {
    const path = join(dir, 'm.duckdb');
    await withStore({ path }, async (store) => {
      await store.connection.run("UPDATE meta SET value = '7' WHERE key = 'schema_version'");
    });
    const error = await openStore({ path }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'STORE_SCHEMA_NEWER', exitCode: 2 });
    expect((error as Error).message).toContain('schema v7 is newer than this program (v2); upgrade model-matrix');
    // The refusal released the file: it opens again once fixed.
    await query(path, "UPDATE meta SET value = '2' WHERE key = 'schema_version'");
    await withStore({ path }, async (store) => expect(store.schemaVersion).toBe(SCHEMA_VERSION));
  });

  it('applies a later migration in a transaction and records the new version', async () => {
    const path = join(dir, 'm.duckdb');
    await withStore({ path }, async () => undefined);
    const next: Migration[] = [...MIGRATIONS, { version: SCHEMA_VERSION + 1, statements: ['ALTER TABLE results ADD COLUMN extra_probe VARCHAR'] }];
    await withStore({ path, migrations: next }, async (store) => expect(store.schemaVersion).toBe(SCHEMA_VERSION + 1));
    expect(await query(path, "SELECT count(*)::INTEGER AS n FROM information_schema.columns WHERE table_name = 'results' AND column_name = 'extra_probe'")).toEqual([{ n: 1 }]);
    // This program now refuses this file.
    await expect(openStore({ path })).rejects.toMatchObject({ code: 'STORE_SCHEMA_NEWER' });
  });

  it('migrates a v1 database to v2 in place: its rows stay, the v2 columns arrive with their defaults', async () => {
    const path = join(dir, 'm.duckdb');
    await withStore({ path, migrations: MIGRATIONS.slice(0, 1) }, async (store) => {
      expect(store.schemaVersion).toBe(1);
      await store.connection.run("INSERT INTO meta VALUES ('marker', 'kept')");
    });
    await withStore({ path }, async (store) => expect(store.schemaVersion).toBe(2));
    expect(await query(path, "SELECT value FROM meta WHERE key = 'marker'")).toEqual([{ value: 'kept' }]);
    const columns = await query(path, "SELECT column_name FROM information_schema.columns WHERE table_name = 'results' ORDER BY ordinal_position");
    expect(columns.map((c) => c.column_name)).toEqual(RESULT_COLUMNS.map(([name]) => name));
    const runColumns = await query(path, "SELECT column_name FROM information_schema.columns WHERE table_name = 'runs' AND column_name IN ('machine', 'origin', 'label', 'suite', 'crashed_cells') ORDER BY 1");
    expect(runColumns.map((c) => c.column_name)).toEqual(['crashed_cells', 'label', 'machine', 'origin', 'suite']);
  });

  it('rolls a failing migration back completely: neither its changes nor the version stick', async () => {
    const path = join(dir, 'm.duckdb');
    await withStore({ path }, async () => undefined);
    const broken: Migration[] = [
      ...MIGRATIONS,
      { version: SCHEMA_VERSION + 1, statements: ['ALTER TABLE results ADD COLUMN extra_probe VARCHAR', 'ALTER TABLE no_such_table ADD COLUMN x INTEGER'] },
    ];
    await expect(openStore({ path, migrations: broken })).rejects.toThrow(/no_such_table/);
    expect(await query(path, "SELECT value FROM meta WHERE key = 'schema_version'")).toEqual([{ value: String(SCHEMA_VERSION) }]);
    expect(await query(path, "SELECT count(*)::INTEGER AS n FROM information_schema.columns WHERE column_name = 'extra_probe'")).toEqual([{ n: 0 }]);
  });

  it('read-only: a missing database is a coded error naming the next step, and nothing is created', async () => {
    const path = join(dir, 'none.duckdb');
    const error = await openStore({ path, readOnly: true }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'STORE_MISSING', exitCode: 2 });
    expect((error as Error).message).toMatch(/npx vitest run generated-tests/);
    expect(existsSync(path)).toBe(false);
  });

  it('a file that is not a DuckDB database is a coded error and the file is left untouched', async () => {
    const path = join(dir, 'junk.duckdb');
    writeFileSync(path, 'not a database '.repeat(300));
    await expect(openStore({ path })).rejects.toMatchObject({ code: 'STORE_OPEN_FAILED' });
    expect(readFileSync(path, 'utf8')).toBe('not a database '.repeat(300));
  });

  it('read-only opening reads a store and cannot write it', async () => {
    const path = join(dir, 'm.duckdb');
    await withStore({ path }, async () => undefined);
    await withStore({ path, readOnly: true }, async (store) => {
      expect(store.readOnly).toBe(true);
      await expect(store.connection.run("INSERT INTO meta VALUES ('x', 'y')")).rejects.toThrow(/read-only/i);
    });
  });

  it('resolves the path: explicit beats MATRIX_DB beats .matrix/matrix.duckdb', () => {
    expect(resolveDbPath(null, {}, '/w')).toBe(resolve('/w/.matrix/matrix.duckdb'));
    expect(resolveDbPath(undefined, { MATRIX_DB: 'x/y.duckdb' }, '/w')).toBe(resolve('/w/x/y.duckdb'));
    expect(resolveDbPath('/abs/z.duckdb', { MATRIX_DB: 'x/y.duckdb' }, '/w')).toBe('/abs/z.duckdb');
  });

  it('rejects a MATRIX_DB_WAIT_MS that is not a number of milliseconds', async () => {
    await expect(openStore({ path: join(dir, 'm.duckdb'), env: { MATRIX_DB_WAIT_MS: '10s' } })).rejects.toMatchObject({
      code: 'STORE_BAD_SETTING',
    });
  });
});
