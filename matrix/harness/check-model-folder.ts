/**
 * Before loading, checks the JSON files transformers.js reads from a model folder, so a damaged folder
 * fails as `load/corrupt-model` naming the file, instead of `SyntaxError: Expected double-quoted property
 * name…` or `Unsupported model type: null` with no file named. Files that are absent are the loader's to
 * report (most are optional; DESIGN.md "Tiny model forge").
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CorruptModelError } from './errors.js';

/** JSON files transformers.js 4.3 loads from a model folder when present. */
const JSON_FILES = ['config.json', 'generation_config.json', 'preprocessor_config.json', 'processor_config.json', 'tokenizer_config.json', 'tokenizer.json'] as const;

/** Throws CorruptModelError for a JSON file that does not parse, or a config.json without a `model_type` string. */
export function checkModelFolder(folder: string): void {
  for (const name of JSON_FILES) {
    const file = join(folder, name);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new CorruptModelError(file, `is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
    }
    if (name !== 'config.json') continue;
    const modelType = typeof value === 'object' && value !== null ? (value as { model_type?: unknown }).model_type : undefined;
    if (typeof modelType !== 'string' || modelType === '') {
      throw new CorruptModelError(file, `has no "model_type" (config.json must name it; transformers.js picks the model class by it)`);
    }
  }
}
