/**
 * `node --import tsx import-pending-main.ts <db>`: imports the pending runs of one database and
 * exits. The reporter runs it synchronously from a signal handler (an async DuckDB write cannot
 * finish inside one), so an interrupted run lands in the database right away.
 */
import { importPendingRuns } from '../store/store-run.js';

const db = process.argv[2];
try {
  const summary = await importPendingRuns({ path: db });
  process.stdout.write(`${JSON.stringify({ imported: summary.imported.map((s) => ({ runId: s.runId, cells: s.cellsWritten })) })}\n`);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
