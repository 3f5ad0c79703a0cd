/**
 * DuckDB's memory settings for a publish or pull (it defaults to 80 % of RAM and keeps what it read cached).
 */
import type { DuckDBConnection } from '@duckdb/node-api';


/**
 * Row order is never kept (nothing relies on it, and keeping it costs memory). The memory limit is applied
 * only when `MATRIX_PUBLISH_MEMORY_MB` asks for one: measured on a 1M-row store (bench/RESULTS.md), a 448 MB
 * cap cut peak RSS from 858 to 660 MB but quadrupled the CPU time (spilling), so there is no default cap.
 */
export async function applyMemoryBudget(connection: DuckDBConnection, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  await connection.run('SET preserve_insertion_order = false');
  const requested = Number(env.MATRIX_PUBLISH_MEMORY_MB);
  if (Number.isInteger(requested) && requested >= 64) await connection.run(`SET memory_limit = '${requested}MB'`);
}
