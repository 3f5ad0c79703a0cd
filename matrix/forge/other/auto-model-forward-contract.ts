/**
 * AutoModel-only families with their own IO (decision transformer, PatchTST / PatchTSMixer,
 * HiFi-GAN, MGP-STR, the DAC / Mimi / SNAC audio codecs): one folder per (family, task) from the
 * family's builder in ./auto-model-families.ts.
 */
import type { ForgeContract } from '../contracts/contract.js';
import { AUTO_MODEL_FAMILIES } from './auto-model-families.js';

export const autoModelForwardContract: ForgeContract = {
  // The manifest's stable contract name (kept from before the forge's regrouping).
  name: 'misc-forward',
  supports(entry, task) {
    if (!AUTO_MODEL_FAMILIES[entry.family]) return `not an AutoModel-only family with a forged builder (${entry.family})`;
    if (task.autoClass !== 'AutoModel') return `task ${task.task} is not loaded through AutoModel`;
    return true;
  },
  build(ctx) {
    return AUTO_MODEL_FAMILIES[ctx.entry.family]!(ctx);
  },
};
