/** Parses a positive integer option value, or throws a coded error naming the option. */
import { MatrixError } from '../errors.js';

export function positiveInteger(option: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    throw new MatrixError('REPORT_BAD_OPTION', `${option} ${JSON.stringify(value)} is not a positive whole number.`, `Give ${option} a number such as 10.`);
  }
  return n;
}
