/**
 * Errors of `matrix report`, `compare`, `history` and `badges`: each has a stable code,
 * says what failed, and names the next step. All are bad input (exit code 2).
 */
import { MatrixError, NEWER_SCHEMA_HINT } from '../errors.js';

/** Where a matrix database can come from, for hints. */
const DB_HINT = 'run the suite first (`npx vitest run generated-tests` or `npm run matrix -- run`), or point to a store with --db FILE or MATRIX_DB';

/** No database file at the resolved path. */
export class NoDatabaseError extends MatrixError {
  constructor(path: string) {
    super('REPORT_NO_DATABASE', `No matrix database at ${path}.`, `Nothing has been recorded yet: ${DB_HINT}.`);
  }
}

/** The file exists but DuckDB cannot open it, or it is not a model-matrix store. */
export class BadDatabaseError extends MatrixError {
  constructor(path: string, why: string, cause?: unknown) {
    super(
      'REPORT_BAD_DATABASE',
      `${path} is not a readable model-matrix database: ${why}.`,
      'Check the path given with --db / MATRIX_DB: it must be a DuckDB file written by a model-matrix run (npx vitest run generated-tests).',
      { cause },
    );
  }
}

/** The store was written by a newer model-matrix than this one. */
export class SchemaTooNewError extends MatrixError {
  constructor(path: string, found: number, supported: number) {
    super(
      'REPORT_SCHEMA_NEWER',
      `${path} has schema version ${found}, newer than this program understands (${supported}).`,
      NEWER_SCHEMA_HINT,
    );
  }
}

/** The store has no runs. */
export class EmptyStoreError extends MatrixError {
  constructor(path: string) {
    super('REPORT_EMPTY_STORE', `${path} holds no runs yet.`, `Record one: ${DB_HINT}.`);
  }
}

/** A `--run` id that is not in the store. */
export class UnknownRunError extends MatrixError {
  constructor(runId: string, suggestions: readonly string[], latest: readonly string[]) {
    const didYouMean = suggestions.length > 0 ? ` Did you mean ${suggestions.map((s) => `"${s}"`).join(', ')}?` : '';
    super(
      'REPORT_UNKNOWN_RUN',
      `Unknown run id "${runId}".${didYouMean} Latest runs: ${latest.join(', ')}.`,
      'Leave out --run for the latest run, or see every run with `matrix history --runs`.',
    );
  }
}

/** A compare reference (run id, git sha or version) that matches nothing, or more than one thing. */
export class RunRefError extends MatrixError {
  constructor(kind: 'unknown' | 'ambiguous', ref: string, detail: string) {
    super(
      kind === 'unknown' ? 'REPORT_UNKNOWN_REF' : 'REPORT_AMBIGUOUS_REF',
      kind === 'unknown'
        ? `"${ref}" is not a run id, git sha or transformers.js version in the store. ${detail}`
        : `"${ref}" is ambiguous: ${detail}`,
      'Say which one you mean with a prefix: run:<id>, sha:<git sha>, version:<transformers.js version>.',
    );
  }
}

/** A filter or option value that is not valid, or a filter that matches no cell. */
export class BadOptionError extends MatrixError {
  constructor(option: string, value: string, valid: readonly string[], hint?: string) {
    const suggestion = valid.length > 0 ? ` Valid values: ${valid.slice(0, 20).join(', ')}${valid.length > 20 ? ', …' : ''}.` : '';
    super('REPORT_BAD_OPTION', `${option} ${JSON.stringify(value)} matches nothing.${suggestion}`, hint ?? `Fix ${option}, or leave it out.`);
  }
}

/** An --out path that would destroy the database, or that cannot take the output (a folder, a file where a folder goes). */
export class OutputPathError extends MatrixError {
  constructor(option: string, path: string, problem: string, cause?: unknown) {
    super(
      'REPORT_BAD_OUTPUT',
      `${option} ${path} ${problem}.`,
      'Choose another path for the output; nothing was written, and the database is untouched.',
      cause === undefined ? undefined : { cause },
    );
  }
}
