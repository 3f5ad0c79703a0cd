/** Where the report commands look for the store: --db, else MATRIX_DB, else .matrix/matrix.duckdb. */
import { resolve } from 'node:path';

/** The default store location, relative to the working directory. */
export const DEFAULT_DB_PATH = '.matrix/matrix.duckdb';

/** Absolute path of the store to read. */
export function resolveDbPath(db: string | undefined, env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): string {
  const chosen = db ?? (env.MATRIX_DB && env.MATRIX_DB.length > 0 ? env.MATRIX_DB : DEFAULT_DB_PATH);
  return resolve(cwd, chosen);
}
