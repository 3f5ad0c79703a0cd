/**
 * `matrix forge --config`: random weights at the dimensions a real config.json states, for the
 * family its model_type names, shipping the real tokenizer files when a directory is given.
 * The manifest notes the config's `_name_or_path` and that the weights are random.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deriveRegistry } from '../../generator/registry.js';
import type { FamilyEntry } from '../../generator/types.js';
import type { Dtype } from '../harness/types.js';
import { NotForgeableError, UnknownForgeFamilyError } from './errors.js';
import { forgeFamily, type FamilyForgeResult } from './forge-family.js';
import type { ForgedFolder } from './contracts/forged-folder.js';
import { sizeFromConfig } from './config/size-from-config.js';
import { configApproximations } from './config/config-approximations.js';
import { readConfig } from './validate-forged-folder.js';
import { MissingTokenizerError } from './errors.js';

export interface ForgeFromConfigOptions {
  configPath: string;
  /** Directory with the real tokenizer files (tokenizer.json + tokenizer_config.json, optionally preprocessor/generation configs). */
  tokenizerDir?: string;
  outDir: string;
  /** Task to forge (default: the family's default task). */
  task?: string;
  dtypes?: readonly Dtype[];
  registry?: readonly FamilyEntry[];
}

/** Files copied from --tokenizer when present. */
const REAL_FILES = ['tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json', 'preprocessor_config.json', 'generation_config.json'];

/** The forged models, and what the forged graph approximates of the real config (warnings to show the user). */
export async function forgeFromConfig(options: ForgeFromConfigOptions): Promise<FamilyForgeResult & { family: string; warnings: string[] }> {
  const config = readConfig(options.configPath);
  const family = config.model_type as string;
  const registry = options.registry ?? (await deriveRegistry());
  const entry = registry.find((e) => e.family === family);
  if (!entry) throw new UnknownForgeFamilyError(family, registry.map((e) => e.family));
  const task = options.task ?? entry.defaultTask;
  const size = sizeFromConfig(config, options.configPath);
  const realFiles = options.tokenizerDir ? readTokenizerDir(options.tokenizerDir) : undefined;
  const source = typeof config._name_or_path === 'string' ? config._name_or_path : options.configPath;
  const result = forgeFamily(entry, {
    outDir: options.outDir,
    dtypes: options.dtypes,
    size,
    realConfig: config,
    realFiles,
    tasks: [task],
    notes: `random weights at the dimensions of ${source}`,
  });
  if (Object.keys(result.models).length === 0) throw new NotForgeableError(family, result.skipped[task] ?? `the family has no task "${task}"`);
  const headDim = size.headDim ?? Math.floor(size.hidden / size.heads);
  const warnings = entry.archKind === 'decoder-only' ? configApproximations(config, headDim) : ['weights are random: outputs are meaningless, sizes and speed are real'];
  return { ...result, family, warnings };
}

function readTokenizerDir(dir: string): ForgedFolder {
  if (!existsSync(dir)) throw new MissingTokenizerError(dir, ['the directory itself']);
  const names = readdirSync(dir);
  const missing = ['tokenizer.json', 'tokenizer_config.json'].filter((f) => !names.includes(f));
  if (missing.length > 0) throw new MissingTokenizerError(dir, missing);
  return Object.fromEntries(REAL_FILES.filter((f) => names.includes(f)).map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
}
