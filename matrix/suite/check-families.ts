/**
 * The check the schema cannot make alone: every `family:` names a known family (`*` = all, test mode
 * only). Throws SuiteInvalidError listing each bad path with the nearest names.
 */
import { closestMatches } from '../errors.js';
import { SuiteInvalidError } from './errors.js';
import type { Suite } from './suite-schema.js';

export function checkFamilies(suite: Suite, known: readonly string[], where: string): void {
  const problems: string[] = [];
  suite.models.forEach((m, i) => {
    if (m.family === undefined) return;
    if (m.family === '*') {
      if (suite.mode !== 'test') problems.push(`models[${i}].family: "*" (every family) needs mode: test`);
      return;
    }
    if (known.includes(m.family)) return;
    const near = closestMatches(m.family, known);
    problems.push(`models[${i}].family: "${m.family}" is not a known family${near.length ? `; nearest: ${near.join(', ')}` : ''} (see npm run generate -- --list)`);
  });
  if (problems.length > 0) throw new SuiteInvalidError(where, problems);
}
