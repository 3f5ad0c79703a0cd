/** Errors of `matrix recommend`: stable codes, the valid values, the next step. Bad input: exit 2. */
import { MatrixError } from '../errors.js';

/** An option value recommend cannot use. */
export class RecommendOptionError extends MatrixError {
  constructor(option: string, value: string, valid: string) {
    super('RECOMMEND_BAD_OPTION', `${option} ${JSON.stringify(value)} is not valid: expected ${valid}.`, `Fix ${option}, or leave it out for the default.`);
  }
}

/** Filters (--model, --platform, ...) that leave no cell to recommend from. */
export class NothingToRecommendError extends MatrixError {
  constructor(what: string, present: readonly string[]) {
    super(
      'RECOMMEND_NO_CELLS',
      `No cells for ${what} in this run.${present.length > 0 ? ` Present: ${present.slice(0, 10).join(', ')}${present.length > 10 ? ', …' : ''}.` : ''}`,
      'Loosen --model / --family / --platform, or pick another --run.',
    );
  }
}
