/** Coded errors of the forge. Each says what failed, lists valid values, and names the next step. */
import { closestMatches, MatrixError } from '../errors.js';

/** `--family` names no registry family. */
export class UnknownForgeFamilyError extends MatrixError {
  constructor(family: string, known: readonly string[]) {
    const near = closestMatches(family, known);
    super(
      'FORGE_UNKNOWN_FAMILY',
      `Unknown model family "${family}".${near.length ? ` Did you mean ${near.map((n) => `"${n}"`).join(', ')}?` : ''}`,
      'See the families with `npm run generate -- --list`.',
    );
  }
}

/** No contract can forge any task of the family. */
export class NotForgeableError extends MatrixError {
  constructor(family: string, reason: string) {
    super('FORGE_NOT_SUPPORTED', `The forge cannot build family "${family}": ${reason}`, 'See `matrix forge --coverage` for what each family lacks.');
  }
}

/** A config.json given to `--config` (or found in a folder) is unreadable or lacks model_type. */
export class BadConfigError extends MatrixError {
  constructor(path: string, problem: string) {
    super('FORGE_BAD_CONFIG', `Config ${path}: ${problem}`, 'Pass a Hugging Face config.json with at least "model_type" (e.g. "bert", "llama").');
  }
}

/** The folder lacks tokenizer.json / tokenizer_config.json where the model needs text input. */
export class MissingTokenizerError extends MatrixError {
  constructor(dir: string, missing: readonly string[]) {
    super('FORGE_MISSING_TOKENIZER', `Tokenizer files missing in ${dir}: ${missing.join(', ')}`, 'Add tokenizer.json and tokenizer_config.json, or leave out --tokenizer to use the forged tokenizer.');
  }
}

/** An ONNX file is truncated, corrupt, or has no graph inputs/outputs. */
export class CorruptModelError extends MatrixError {
  constructor(path: string, problem: string, cause?: unknown) {
    super('FORGE_CORRUPT_MODEL', `ONNX file ${path} cannot be read: ${problem}`, 'Forge it again (`matrix forge --family <family> --out DIR`) or restore the file.', { cause, exitCode: 1 });
  }
}

/** A forged model failed its smoke run through transformers.js. */
export class SmokeRunError extends MatrixError {
  constructor(family: string, task: string, cause: unknown) {
    super(
      'FORGE_SMOKE_FAILED',
      `Forged ${family}/${task} did not run in transformers.js: ${cause instanceof Error ? cause.message.split('\n')[0] : String(cause)}`,
      'Inspect the folder with `matrix forge --family <family> --out DIR` and load it with transformers.js.',
      { cause, exitCode: 1 },
    );
  }
}
