/**
 * Errors of the harness. Inside a cell they never escape: `runCell` turns them into a `fail` or
 * `unsupported` CellResult. They carry a stable code, say what failed and name the next step.
 */
import { MatrixError } from '../errors.js';
import type { ErrorStage } from './types.js';

/** A harness error with a stable `code` (e.g. `HARNESS_BAD_MODEL_ID`). */
export class HarnessError extends MatrixError {}

/** An error tagged with the stage of the cell it happened in (load, preprocess, infer, ...). */
export class StagedError extends Error {
  readonly stage: ErrorStage;

  constructor(stage: ErrorStage, cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    this.name = 'StagedError';
    this.stage = stage;
  }
}

/** A dtype or file the model does not ship: the cell is `unsupported`, not failed. */
export class UnsupportedError extends HarnessError {
  constructor(reason: string, hint = '') {
    super('HARNESS_UNSUPPORTED', reason, hint);
  }
}

/** The loaded transformers.js has no class for the cell's task (an older or newer version than the tests were generated from). */
export class LibraryLacksClassError extends UnsupportedError {}

/** A cell's work did not finish within its time limit. `classifyError` maps it to errorType `timeout`. */
export class CellTimeoutError extends HarnessError {
  static readonly CODE = 'HARNESS_TIMEOUT';
  readonly timeoutMs: number;
  readonly what: string;

  constructor(what: string, timeoutMs: number) {
    super(
      CellTimeoutError.CODE,
      `${what} did not finish within ${timeoutMs} ms`,
      'raise the cell timeout or use a smaller model; the timed-out work may still be running in the background',
      { exitCode: 1 },
    );
    this.timeoutMs = timeoutMs;
    this.what = what;
  }
}

/** MATRIX_PROFILE names a profile that does not exist. */
export class UnknownProfileError extends HarnessError {
  constructor(value: string, valid: readonly string[]) {
    super(
      'HARNESS_UNKNOWN_PROFILE',
      `Unknown measurement profile "${value}" (MATRIX_PROFILE). Valid values: ${valid.join(', ')}`,
      `set MATRIX_PROFILE to one of ${valid.join(' | ')}, or unset it for the default (quick)`,
    );
  }
}

/** A harness function got an argument it cannot work with (negative time, empty samples, ...). */
export class InvalidMeasureInputError extends HarnessError {
  constructor(what: string, got: unknown, expected: string) {
    super(
      'HARNESS_INVALID_INPUT',
      `Invalid ${what}: got ${describeValue(got)}, expected ${expected}`,
      'this is a bug in the caller of the harness; pass a value in the expected range',
    );
  }
}

function describeValue(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  if (Array.isArray(value)) return `an array of ${value.length}`;
  return value === null ? 'null' : typeof value;
}

/** An ONNX file that cannot be read or decoded (missing, not a ModelProto). */
export class ModelFileError extends HarnessError {
  constructor(file: string, problem: string, cause?: unknown) {
    super(
      'HARNESS_MODEL_UNREADABLE',
      `Cannot read ONNX model ${file}: ${problem}`,
      'check the path; re-forge the model (npm run matrix -- forge) or re-download it',
      { cause, exitCode: 1 },
    );
  }
}

/** A model folder's file is present but unusable (not JSON, no model_type, an ONNX file that does not parse). Typed `corrupt-model`. */
export class CorruptModelError extends HarnessError {
  static readonly CODE = 'HARNESS_CORRUPT_MODEL';
  readonly file: string;

  constructor(file: string, problem: string) {
    super(CorruptModelError.CODE, `${file} ${problem}`, 're-forge the model (npm run matrix -- forge) or re-download it', { exitCode: 1 });
    this.file = file;
  }
}
