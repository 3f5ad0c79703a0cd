/**
 * Errors of the suite room: a suite file that cannot be read or does not validate, a model whose
 * architecture no template drives, a name that is not a predefined suite. All are bad input (exit 2).
 */
import { MatrixError } from '../errors.js';

/** A suite file or suite flags failed validation; `problems` lists every bad path with its valid values. */
export class SuiteInvalidError extends MatrixError {
  readonly problems: readonly string[];
  constructor(where: string, problems: readonly string[]) {
    super(
      'SUITE_INVALID',
      `${where} is not a valid suite (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${problems.map((p) => `  ${p}`).join('\n')}`,
      'Fix each path above; `matrix suite check FILE` validates without running. The keys are listed in README.md (Suites).',
    );
    this.problems = problems;
  }
}

/** The suite file could not be read or parsed as YAML/JSON. */
export class SuiteReadError extends MatrixError {
  constructor(file: string, why: string, cause?: unknown) {
    super('SUITE_UNREADABLE', `Cannot read suite ${file}: ${why}.`, 'Give a YAML or JSON file, or a predefined suite name (`matrix suite list`).', { cause });
  }
}

/** A name that is neither a file nor a predefined suite. */
export class UnknownSuiteError extends MatrixError {
  constructor(name: string, known: readonly string[], near: readonly string[]) {
    super(
      'SUITE_UNKNOWN',
      `No suite file or predefined suite "${name}".${near.length ? ` Did you mean ${near.map((n) => `"${n}"`).join(', ')}?` : ''}`,
      `Predefined suites: ${known.join(', ')}. Or give a path to a .yaml/.yml/.json file.`,
    );
  }
}

/** `${VAR}` named a variable that is not set and has no `:-default`. */
export class SuiteEnvError extends MatrixError {
  constructor(path: string, variable: string) {
    super('SUITE_ENV_UNSET', `${path}: \${${variable}} is not set in the environment.`, `Set ${variable}, or write \${${variable}:-default} in the suite file.`);
  }
}

/** A model's config names an architecture (or model type) that no family template can drive. */
export class UnsupportedArchitectureError extends MatrixError {
  constructor(what: string, nearest: readonly string[], where: string) {
    super(
      'SUITE_UNSUPPORTED_ARCHITECTURE',
      `${where}: ${what} is not driven by any family template of this transformers.js.${nearest.length ? ` Nearest supported: ${nearest.join(', ')}.` : ''}`,
      'See `npm run generate -- --list` for the families and classes there are; pass `tasks:` to pick one the model has.',
    );
  }
}

/** A model entry cannot be found or opened (missing folder, no config.json, not in the cache and no Hub). */
export class ModelNotFoundError extends MatrixError {
  constructor(what: string, why: string, hint: string) {
    super('SUITE_MODEL_NOT_FOUND', `${what}: ${why}.`, hint);
  }
}
