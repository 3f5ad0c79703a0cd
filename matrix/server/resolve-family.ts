/**
 * Which generated family a job runs: its `family`, else `forged/<family>` in the model id, else the
 * generated test file whose `hubModelId` is the model id (the leaderboard's clients post Hub ids such
 * as `Xenova/bert-base-uncased`). A name found nowhere is an error naming the ways to ask.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JobConfig } from './job.js';

/** The family, or why there is none. */
export function resolveFamily(config: JobConfig, generatedDir: string): { family: string } | { error: string } {
  const files = existsSync(generatedDir) ? readdirSync(generatedDir).filter((f) => f.endsWith('.test.ts')) : [];
  const families = new Set(files.map((f) => f.slice(0, -'.test.ts'.length)));
  const named = config.family ?? (config.modelId.startsWith('forged/') ? config.modelId.slice('forged/'.length) : undefined);
  if (named !== undefined) {
    return families.has(named) ? { family: named } : { error: `No generated tests for family "${named}" in ${generatedDir}; generate them with npm run generate -- --family ${named}` };
  }
  const needle = `hubModelId: ${JSON.stringify(config.modelId)}`;
  for (const file of files) {
    if (readFileSync(join(generatedDir, file), 'utf8').includes(needle)) return { family: file.slice(0, -'.test.ts'.length) };
  }
  return { error: `No generated family uses the model "${config.modelId}"; post "family" (e.g. "bert") or modelId "forged/<family>"` };
}
