/**
 * Opens the matrix database read-only for the report commands, after checking that it
 * exists, is a model-matrix store, and has a schema version this program understands.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { DuckDBInstance, DuckDBValue } from '@duckdb/node-api';
import { isLockConflict, lockHolder, readWaitMs, waitForLock } from '../store/lock-wait.js';
import { SCHEMA_VERSION } from '../store/schema.js';
import { BadDatabaseError, NoDatabaseError, SchemaTooNewError } from './errors.js';

/** A read-only handle on the store: bound queries returning plain objects. */
export interface ReadonlyStore {
  readonly path: string;
  readonly schemaVersion: number;
  /** Runs `sql` with `params` bound positionally ($1, $2, …) and returns each row as an object. */
  all<T>(sql: string, params?: readonly DuckDBValue[]): Promise<T[]>;
  close(): void;
}

export interface OpenReadonlyOptions {
  /** How long to wait while a run holds the file; else MATRIX_DB_WAIT_MS; else 60 s. */
  waitMs?: number;
  /** Told once when the file is locked and waiting starts; default stderr. */
  onWait?: (message: string) => void;
}

/**
 * Opens `path` read-only; throws NoDatabaseError, BadDatabaseError or SchemaTooNewError, and
 * StoreBusyError when a run kept the file locked (it writes once, at its end) for longer than the wait.
 */
export async function openReadonly(path: string, options: OpenReadonlyOptions = {}): Promise<ReadonlyStore> {
  if (!existsSync(path)) throw new NoDatabaseError(path);
  const { DuckDBInstance } = loadDuckDb();
  const instance = await waitForLock<DuckDBInstance>(
    path,
    async () => {
      try {
        // One thread: the reports read one run (one row group) or a grouped history; on this 2-core machine a second
        // thread cost more CPU than it saved wall time (history of 1M rows: 0.55 s CPU with one, 0.7–0.9 s with two).
        return { value: await DuckDBInstance.create(path, { access_mode: 'READ_ONLY', threads: '1' }) };
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (isLockConflict(message)) return { lockedBy: lockHolder(message), error };
        throw new BadDatabaseError(path, firstLine(error), error);
      }
    },
    options.waitMs ?? readWaitMs(),
    options.onWait ?? ((line) => process.stderr.write(`${line}\n`)),
  );
  const connection = await instance.connect();
  const close = (): void => {
    connection.closeSync();
    instance.closeSync();
  };
  const all = async <T>(sql: string, params: readonly DuckDBValue[] = []): Promise<T[]> => {
    const reader = await connection.runAndReadAll(sql, params.length > 0 ? [...params] : undefined);
    return reader.getRowObjectsJS() as T[];
  };
  try {
    const schemaVersion = await readSchemaVersion(path, all);
    if (schemaVersion > SCHEMA_VERSION) throw new SchemaTooNewError(path, schemaVersion, SCHEMA_VERSION);
    return { path, schemaVersion, all, close };
  } catch (error) {
    close();
    throw error;
  }
}

async function readSchemaVersion(path: string, all: ReadonlyStore['all']): Promise<number> {
  const tables = await all<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables WHERE table_name IN ('meta', 'runs', 'results', 'devices')`,
  );
  const names = new Set(tables.map((t) => t.name));
  if (!names.has('meta')) throw new BadDatabaseError(path, 'it has no meta table, so it was not written by model-matrix');
  const rows = await all<{ value: string }>(`SELECT value FROM meta WHERE key = $1`, ['schema_version']);
  const version = Number(rows[0]?.value);
  if (!Number.isInteger(version) || version < 1) {
    throw new BadDatabaseError(path, `meta.schema_version is ${rows[0] === undefined ? 'missing' : JSON.stringify(rows[0].value)}`);
  }
  if (version <= SCHEMA_VERSION) {
    for (const table of ['runs', 'results', 'devices']) {
      if (!names.has(table)) throw new BadDatabaseError(path, `table ${table} is missing`);
    }
  }
  return version;
}

/**
 * @duckdb/node-api through require: it is CommonJS, and Node's ESM import of it scans every one of its
 * files for exports, which costs about 0.3 s of CPU more than require on every report command.
 */
function loadDuckDb(): typeof import('@duckdb/node-api') {
  return createRequire(import.meta.url)('@duckdb/node-api') as typeof import('@duckdb/node-api');
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0]!.replace(/\.$/, '');
}
