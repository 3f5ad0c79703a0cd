import { resolve } from 'node:path';

/** Default database location, relative to the working directory. */
export const DEFAULT_DB_PATH = '.matrix/matrix.duckdb';

/**
 * Where the matrix database lives: an explicit path (e.g. `--db`) wins, then `MATRIX_DB`,
 * then `.matrix/matrix.duckdb` under `cwd`. Always absolute.
 */
export function resolveDbPath(explicit?: string | null, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string {
  const chosen = explicit || env.MATRIX_DB || DEFAULT_DB_PATH;
  return resolve(cwd, chosen);
}
