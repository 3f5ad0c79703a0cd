/**
 * The matrix store: the DuckDB compatibility matrix the reporter writes and reports read.
 * Readers: `withStore({ path, readOnly: true }, async ({ connection }) => …)` and query the
 * tables of ./schema.ts. Writers: `storeRun(record)`.
 */
export { SCHEMA_VERSION, SCHEMA_V1 } from './schema.js';
export { MIGRATIONS, applyMigrations, readSchemaVersion, type Migration } from './migrations.js';
export { DEFAULT_DB_PATH, resolveDbPath } from './resolve-db-path.js';
export { DEFAULT_DB_WAIT_MS, openStore, withStore, type OpenStoreOptions, type Store } from './open-store.js';
export { writeRun, type WriteRunSummary } from './write-run.js';
export { storeRun, importPendingRuns, type StoreRunOutcome } from './store-run.js';
export { savePending, listPending, importPending, pendingDir, type ImportPendingSummary } from './pending.js';
export { decodeSegment, encodeSegment, resultKey, sanitizeSegment } from './result-key.js';
export { cellToRow, rowToCell, RESULT_COLUMNS, type ResultRow } from './cell-row.js';
export { checkCell } from './check-cell.js';
export { mergeStores, type MergeConflict, type MergeSummary, type MergeOptions } from './merge-stores.js';
export type { RunRecord } from './run-record.js';
export * from './errors.js';
