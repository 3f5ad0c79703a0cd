/** Parses a positive number option value, or throws a coded error naming the option. */
import { MatrixError } from '../errors.js';

export function positiveNumber(option: string, value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) {
    throw new MatrixError('REPORT_BAD_OPTION', `${option} ${JSON.stringify(value)} is not a positive number.`, `Give ${option} a number such as 3.`);
  }
  return n;
}
