/**
 * Applies `--config` / `--tokenizer` inputs to a forged folder: the real config.json's values are
 * kept (the forged graph already has its dimensions), real tokenizer files replace forged ones,
 * and the config notes that weights are random.
 */
import type { ForgeContext } from '../contracts/contract.js';
import type { ForgedFolder } from '../contracts/forged-folder.js';
import { json } from '../tokenizers/tokenizer-files.js';

export function realConfigFolder(folder: ForgedFolder, ctx: ForgeContext): ForgedFolder {
  if (!ctx.realConfig && !ctx.realFiles) return folder;
  const out: ForgedFolder = { ...folder, ...(ctx.realFiles ?? {}) };
  if (ctx.realConfig) {
    const forged = JSON.parse(folder['config.json'] as string) as Record<string, unknown>;
    out['config.json'] = json({ ...forged, ...ctx.realConfig, architectures: forged.architectures, model_matrix_forge: { weights: 'random', from: ctx.realConfig._name_or_path ?? null } });
  }
  return out;
}
