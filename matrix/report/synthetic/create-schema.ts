/**
 * Creates the store's tables (every migration of matrix/store/migrations.ts) in an empty database,
 * for test fixtures and the benchmark. `schemaVersion` lets a test forge a store newer than the program.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { MIGRATIONS } from '../../store/migrations.js';
import { SCHEMA_VERSION } from '../../store/schema.js';

/** Runs the DDL of every known version up to `schemaVersion` and records `schemaVersion` in meta, in one transaction. */
export async function createSchema(connection: DuckDBConnection, schemaVersion: number = SCHEMA_VERSION): Promise<void> {
  await connection.run('BEGIN TRANSACTION');
  try {
    for (const migration of MIGRATIONS) {
      if (migration.version > schemaVersion) break;
      for (const ddl of migration.statements) await connection.run(ddl);
    }
    await connection.run(`INSERT INTO meta (key, value) VALUES (?, ?)`, ['schema_version', String(schemaVersion)]);
    await connection.run('COMMIT');
  } catch (error) {
    await connection.run('ROLLBACK');
    throw error;
  }
}
