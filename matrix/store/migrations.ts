/**
 * Schema versions of the matrix database as an ordered list of migrations. Version 1 is the
 * DDL in ./schema.ts; a later version appends `{ version: N, statements }` here and bumps
 * SCHEMA_VERSION. Each migration runs in its own transaction together with the update of
 * `meta.schema_version`, so a database is always at exactly one version.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { SCHEMA_V1, SCHEMA_V2, SCHEMA_VERSION } from './schema.js';

/** One step from version N-1 to version N. */
export interface Migration {
  version: number;
  statements: readonly string[];
}

/** The migrations this program knows, ascending. */
export const MIGRATIONS: readonly Migration[] = Object.freeze([
  { version: 1, statements: SCHEMA_V1 },
  { version: 2, statements: SCHEMA_V2 },
]);

if (MIGRATIONS[MIGRATIONS.length - 1]!.version !== SCHEMA_VERSION) {
  throw new Error(`matrix/store: MIGRATIONS ends at v${MIGRATIONS[MIGRATIONS.length - 1]!.version} but SCHEMA_VERSION is ${SCHEMA_VERSION}`);
}

/** The schema version recorded in the database, or 0 when it has no `meta` table yet. */
export async function readSchemaVersion(connection: DuckDBConnection): Promise<number> {
  const tables = await connection.runAndReadAll(
    "SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = 'main' AND table_name = 'meta'",
  );
  if (Number(tables.getRowObjectsJS()[0]!.n) === 0) return 0;
  const reader = await connection.runAndReadAll('SELECT value FROM meta WHERE key = $key', { key: 'schema_version' });
  const row = reader.getRowObjectsJS()[0];
  return row ? Number(row.value) : 0;
}

/**
 * Applies every migration above the database's version, each in one transaction.
 * Returns the version reached. The caller checks "newer than the program" before calling.
 */
export async function applyMigrations(connection: DuckDBConnection, migrations: readonly Migration[] = MIGRATIONS): Promise<number> {
  let version = await readSchemaVersion(connection);
  for (const migration of migrations) {
    if (migration.version <= version) continue;
    await connection.run('BEGIN TRANSACTION');
    try {
      for (const statement of migration.statements) await connection.run(statement);
      await connection.run(
        'INSERT INTO meta (key, value) VALUES ($key, $value) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
        { key: 'schema_version', value: String(migration.version) },
      );
      await connection.run('COMMIT');
    } catch (error) {
      await connection.run('ROLLBACK');
      throw error;
    }
    version = migration.version;
  }
  return version;
}
