/**
 * A forge contract: one IO contract transformers.js expects (encoder text heads, causal LM, …),
 * able to build a tiny random-weight model folder for every (family, task) it supports.
 */
import type { FamilyEntry, FamilyTask } from '../../../generator/types.js';
import type { ForgedFolder } from './forged-folder.js';

export type { ForgedFolder, ForgedFile } from './forged-folder.js';

/** Model dimensions a contract builds at. `tiny` is the default; `real` comes from a real config.json. */
export interface SizePreset {
  name: 'tiny' | 'real';
  hidden: number;
  layers: number;
  heads: number;
  /** KV heads for grouped-query attention (defaults to heads where the family has none). */
  kvHeads: number;
  intermediate: number;
  /** Per-head dimension when it is not hidden / heads (e.g. Gemma). */
  headDim?: number;
  /** Vocabulary size; when absent the forged tokenizer's size is used. */
  vocab?: number;
  maxPositions: number;
  /** Image size for vision contracts. */
  imageSize?: number;
}

/** The default size: hidden 32, 2 layers, 4 heads (2 KV heads where grouped), intermediate 64. */
export const TINY: SizePreset = Object.freeze({ name: 'tiny', hidden: 32, layers: 2, heads: 4, kvHeads: 2, intermediate: 64, maxPositions: 128, imageSize: 32 });

export interface ForgeContext {
  entry: FamilyEntry;
  task: FamilyTask;
  /** Seed of every weight (the forge uses a per-family seed). */
  seed: number;
  size: SizePreset;
  /** A real config.json (from `--config`): its values override the forged config; weights stay random. */
  realConfig?: Record<string, unknown>;
  /** Real tokenizer/preprocessor files to ship instead of the forged ones (from `--tokenizer`). */
  realFiles?: ForgedFolder;
}

export interface ForgeContract {
  /** Stable contract name, e.g. `encoder-text`, `causal-lm`. */
  name: string;
  /** `true` when the contract can forge this (family, task); otherwise the reason it cannot. */
  supports(entry: FamilyEntry, task: FamilyTask): true | string;
  /** Builds the model folder. ONNX files given as ForgeGraph are expanded into all dtypes by the forge. */
  build(ctx: ForgeContext): ForgedFolder;
}
