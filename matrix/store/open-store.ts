/**
 * Opening the matrix database. DuckDB allows one writing process per file, so opening waits
 * (bounded, with backoff) while another process holds the lock, and says so once. Inside one
 * process, opens of the same file are serialised too: two DuckDB instances on one file in one
 * process would not see each other's lock.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { StoreMissingError, StoreOpenError, StoreSchemaNewerError, StoreSchemaOlderError } from './errors.js';
import { isLockConflict, lockHolder, readWaitMs, waitForLock } from './lock-wait.js';
import { applyMigrations, MIGRATIONS, readSchemaVersion, type Migration } from './migrations.js';
import { resolveDbPath } from './resolve-db-path.js';

export { DEFAULT_DB_WAIT_MS } from './lock-wait.js';

export interface OpenStoreOptions {
  /** Database file; else `MATRIX_DB`; else `.matrix/matrix.duckdb`. */
  path?: string | null;
  /** Open for reading only: never creates or migrates. */
  readOnly?: boolean;
  /** How long to wait for another process's lock; else `MATRIX_DB_WAIT_MS`; else 60 s. */
  waitMs?: number;
  /** Told once, when the file turns out to be locked and we start waiting. Defaults to stderr. */
  onWait?: (message: string) => void;
  /** Migrations to apply (tests pass their own list); defaults to the program's. */
  migrations?: readonly Migration[];
  env?: NodeJS.ProcessEnv;
}

/** An open matrix database. Close it in `finally`. */
export interface Store {
  readonly path: string;
  readonly connection: DuckDBConnection;
  readonly schemaVersion: number;
  readonly readOnly: boolean;
  close(): void;
}

const openInThisProcess = new Set<string>();

/** Opens (creating and migrating when writable) the matrix database, waiting for a busy file. */
export async function openStore(options: OpenStoreOptions = {}): Promise<Store> {
  const env = options.env ?? process.env;
  const path = resolveDbPath(options.path, env);
  const waitMs = options.waitMs ?? readWaitMs(env);
  const migrations = options.migrations ?? MIGRATIONS;
  const programVersion = migrations[migrations.length - 1]!.version;
  const readOnly = options.readOnly ?? false;
  if (readOnly && !existsSync(path)) throw new StoreMissingError(path);
  if (!readOnly) mkdirSync(dirname(path), { recursive: true });

  const instance = await acquire(path, readOnly, waitMs, options.onWait ?? ((m) => process.stderr.write(`${m}\n`)));
  let connection: DuckDBConnection | undefined;
  try {
    connection = await instance.connect();
    let version = await readSchemaVersion(connection);
    if (version > programVersion) throw new StoreSchemaNewerError(path, version, programVersion);
    if (version < programVersion) {
      if (readOnly) throw new StoreSchemaOlderError(path, version, programVersion);
      version = await applyMigrations(connection, migrations);
    }
    const open = connection;
    let closed = false;
    return {
      path,
      connection: open,
      schemaVersion: version,
      readOnly,
      close() {
        if (closed) return;
        closed = true;
        try {
          open.closeSync();
          instance.closeSync();
        } finally {
          openInThisProcess.delete(path);
        }
      },
    };
  } catch (error) {
    connection?.closeSync();
    instance.closeSync();
    openInThisProcess.delete(path);
    throw error;
  }
}

/** Opens the store, runs `fn`, and closes the store whatever happens. */
export async function withStore<T>(options: OpenStoreOptions, fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(options);
  try {
    return await fn(store);
  } finally {
    store.close();
  }
}

async function acquire(path: string, readOnly: boolean, waitMs: number, onWait: (message: string) => void): Promise<DuckDBInstance> {
  return waitForLock<DuckDBInstance>(
    path,
    async () => {
      if (openInThisProcess.has(path)) return { lockedBy: 'another model-matrix in this process' };
      openInThisProcess.add(path);
      try {
        return { value: await DuckDBInstance.create(path, readOnly ? { access_mode: 'READ_ONLY' } : {}) };
      } catch (error) {
        openInThisProcess.delete(path);
        const message = error instanceof Error ? error.message : String(error);
        if (!isLockConflict(message)) throw new StoreOpenError(path, message.replace(/^IO Error: /, ''), error);
        return { lockedBy: lockHolder(message), error };
      }
    },
    waitMs,
    onWait,
  );
}
