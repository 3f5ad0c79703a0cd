/**
 * Which generated family a job runs: its `family`, else `forged/<family>` in the model id, else the
 * generated test file whose `hubModelId` is the model id (the leaderboard's clients post Hub ids such
 * as `Xenova/bert-base-uncased`). A name found nowhere is an error naming the ways to ask. Also the
 * families there are and the tasks a family's generated tests have (for suites).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generatedFamilies } from '../suite/index.js';
import type { JobConfig } from './job.js';

export { generatedFamilies };

/** The tasks of a family's generated tests, in file order (`fam.cells({ task: "fill-mask", … })`). */
export function familyTasks(family: string, generatedDir: string): string[] {
  const text = readFileSync(join(generatedDir, `${family}.test.ts`), 'utf8');
  return [...new Set([...text.matchAll(/\.cells\(\{ task: "([a-z0-9-]+)"/g)].map((m) => m[1]!))];
}

/** The family, or why there is none. */
export function resolveFamily(config: JobConfig, generatedDir: string): { family: string } | { error: string } {
  const families = new Set(generatedFamilies(generatedDir));
  const named = config.family ?? (config.modelId.startsWith('forged/') ? config.modelId.slice('forged/'.length) : undefined);
  if (named !== undefined) {
    return families.has(named) ? { family: named } : { error: `No generated tests for family "${named}" in ${generatedDir}; generate them with npm run generate -- --family ${named}` };
  }
  const needle = `hubModelId: ${JSON.stringify(config.modelId)}`;
  for (const family of families) {
    if (readFileSync(join(generatedDir, `${family}.test.ts`), 'utf8').includes(needle)) return { family };
  }
  return { error: `No generated family uses the model "${config.modelId}"; post "family" (e.g. "bert") or modelId "forged/<family>"` };
}
