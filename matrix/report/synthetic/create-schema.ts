/**
 * Creates the store's tables at the current schema (v1 + v2 from matrix/store/schema.ts) in an empty database, for test
 * fixtures and the benchmark. `schemaVersion` lets a test forge a store newer than the program.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { SCHEMA_V1, SCHEMA_V2, SCHEMA_VERSION } from '../../store/schema.js';

/** Runs the v1 and v2 DDL and records `schemaVersion` in meta, in one transaction. */
export async function createSchema(connection: DuckDBConnection, schemaVersion: number = SCHEMA_VERSION): Promise<void> {
  await connection.run('BEGIN TRANSACTION');
  try {
    for (const ddl of [...SCHEMA_V1, ...SCHEMA_V2]) await connection.run(ddl);
    await connection.run(`INSERT INTO meta (key, value) VALUES (?, ?)`, ['schema_version', String(schemaVersion)]);
    await connection.run('COMMIT');
  } catch (error) {
    await connection.run('ROLLBACK');
    throw error;
  }
}
