/**
 * AutoModel-only families with their own IO (decision transformer, PatchTST / PatchTSMixer,
 * HiFi-GAN, MGP-STR, the DAC / Mimi / SNAC audio codecs): one folder per (family, task) from the
 * family's builder in misc/misc-families.ts.
 */
import type { ForgeContract } from '../contracts/contract.js';
import { MISC_FAMILIES } from './auto-model-families.js';

export const miscForwardContract: ForgeContract = {
  name: 'misc-forward',
  supports(entry, task) {
    if (!MISC_FAMILIES[entry.family]) return `not an AutoModel-only family with a forged builder (${entry.family})`;
    if (task.autoClass !== 'AutoModel') return `task ${task.task} is not loaded through AutoModel`;
    return true;
  },
  build(ctx) {
    return MISC_FAMILIES[ctx.entry.family]!(ctx);
  },
};
