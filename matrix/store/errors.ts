/**
 * Errors of the DuckDB store. Each carries a stable code, says what failed and names the next step.
 */
import { MatrixError, NEWER_SCHEMA_HINT } from '../errors.js';

/** Another process holds the database file and did not let go within the wait budget. */
export class StoreBusyError extends MatrixError {
  constructor(
    readonly dbPath: string,
    readonly waitedMs: number,
    readonly holder: string,
    readonly savedTo: string | null,
    cause?: unknown,
  ) {
    super(
      'STORE_BUSY',
      `The matrix database ${dbPath} stayed locked by another process (${holder}) for ${Math.round(waitedMs / 1000)} s.`,
      savedTo
        ? `Your cells are safe in ${savedTo}; the next run that writes this database imports them. Raise MATRIX_DB_WAIT_MS to wait longer.`
        : 'Close the other matrix run or report (or raise MATRIX_DB_WAIT_MS) and try again.',
      { cause, exitCode: 1 },
    );
  }
}

/** The database was written by a newer model-matrix. */
export class StoreSchemaNewerError extends MatrixError {
  constructor(dbPath: string, fileVersion: number, programVersion: number) {
    super(
      'STORE_SCHEMA_NEWER',
      `schema v${fileVersion} is newer than this program (v${programVersion}); upgrade model-matrix`,
      `The database ${dbPath} was written by a newer model-matrix. ${NEWER_SCHEMA_HINT}`,
      { exitCode: 2 },
    );
  }
}

/** The database is older than this program and was opened read-only, so it cannot be migrated. */
export class StoreSchemaOlderError extends MatrixError {
  constructor(dbPath: string, fileVersion: number, programVersion: number) {
    super(
      'STORE_SCHEMA_OLDER',
      `The database ${dbPath} has schema v${fileVersion}, older than this program (v${programVersion}).`,
      'Run `npm run matrix -- run` (or any write) once to migrate it, then read it again.',
      { exitCode: 2 },
    );
  }
}

/** No database file where one was expected (read-only open). */
export class StoreMissingError extends MatrixError {
  constructor(dbPath: string) {
    super(
      'STORE_MISSING',
      `No matrix database at ${dbPath}.`,
      'Run the generated suite first (`npx vitest run generated-tests` or `npm run matrix -- run`), or pass --db / MATRIX_DB.',
      { exitCode: 2 },
    );
  }
}

/** The file exists but is not a DuckDB database (or cannot be opened at all). */
export class StoreOpenError extends MatrixError {
  constructor(dbPath: string, reason: string, cause?: unknown) {
    super(
      'STORE_OPEN_FAILED',
      `Cannot open the matrix database ${dbPath}: ${reason}`,
      fileProblemHint(reason) ?? 'Check the path (MATRIX_DB / --db). If the file is damaged, move it aside; a new one is created on the next run.',
      { cause, exitCode: 2 },
    );
  }
}

/** A value that should be a CellResult is not one; the message names the field. */
export class InvalidCellError extends MatrixError {
  constructor(where: string, problem: string) {
    super('STORE_INVALID_CELL', `Invalid matrix cell ${where}: ${problem}`, 'Fix the harness or test that produced this cell; other cells are still stored.', {
      exitCode: 2,
    });
  }
}

/** A run record (RunInfo / devices) that cannot be stored. */
export class InvalidRunError extends MatrixError {
  constructor(problem: string) {
    super('STORE_INVALID_RUN', `Invalid run record: ${problem}`, 'The run identity comes from the generated suite\'s globalSetup (provide("matrixRun")); check it.', {
      exitCode: 2,
    });
  }
}

/** A store setting (env var or option) has a value that cannot be used. */
export class StoreConfigError extends MatrixError {
  constructor(name: string, value: string, expected: string) {
    super('STORE_BAD_SETTING', `${name}=${JSON.stringify(value)} is not valid: expected ${expected}.`, `Fix or unset ${name}.`, { exitCode: 2 });
  }
}

/**
 * The run could not be written to the database (open or write failed for a reason other than a lock).
 * `cause` is the FIRST error (never a failed rollback's); `savedTo` is where the cells are now, or null
 * when no file could take them (then the reporter prints them).
 */
export class StoreWriteError extends MatrixError {
  constructor(
    readonly dbPath: string,
    readonly runId: string,
    readonly cells: number,
    readonly savedTo: string | null,
    cause: unknown,
  ) {
    const reason = cause instanceof Error ? cause.message.split('\n')[0]! : String(cause);
    const fix = fileProblemHint(reason) ?? (cause instanceof MatrixError && cause.hint ? cause.hint : 'Check the database (MATRIX_DB / --db).');
    super(
      'STORE_WRITE_FAILED',
      `Could not write run ${runId} to the matrix database ${dbPath}: ${reason}`,
      savedTo
        ? `Its ${cells} cells are safe in ${savedTo}; the next run that writes ${dbPath} imports them. ${fix}`
        : `Its ${cells} cells could not be saved to any file either. ${fix}`,
      { cause, exitCode: 1 },
    );
  }
}

/** The fix for a file-system refusal named in `reason` (full disk, read-only, permissions), else undefined. */
export function fileProblemHint(reason: string): string | undefined {
  if (/No space left on device|ENOSPC|disk quota|EDQUOT|File too large|EFBIG/i.test(reason)) {
    return 'The disk is full: free space there, or point MATRIX_DB / --db at a disk with room.';
  }
  if (/Read-only file system|EROFS|Permission denied|EACCES|EPERM/i.test(reason)) {
    return 'The file or its folder is not writable: make it writable, or point MATRIX_DB / --db at a folder you can write.';
  }
  return undefined;
}

/** `matrix merge` was given inputs it cannot merge (none, or the output among them). */
export class MergeInputError extends MatrixError {
  constructor(problem: string, hint: string) {
    super('STORE_MERGE_INPUT', `Cannot merge: ${problem}.`, hint, { exitCode: 2 });
  }
}
