/**
 * The machine label: the part of a published path that keeps two machines' results apart. It ends the
 * `params` file name (`node_warm_cpu_fp32_b1_amd-epyc-7b13-2c-24gb.json`), as the leaderboard's own file
 * names end in an environment tag (`_32c_8gb`). One segment of `[a-z0-9.-]`, so `_` still splits params.
 */
import os from 'node:os';
import { PublishSettingsError } from './errors.js';

const LABEL = /^[a-z0-9][a-z0-9.-]{0,63}$/;

/** `label` lower-cased, with runs of other characters turned into `-`; throws when nothing usable is left. */
export function normalizeMachineLabel(label: string): string {
  const cleaned = label.trim().toLowerCase().replace(/[^a-z0-9.]+/g, '-').replace(/^[-.]+|-+$/g, '').slice(0, 64);
  if (!LABEL.test(cleaned)) throw new PublishSettingsError('machine label', label, 'letters, digits, "." or "-" (e.g. rtx4090-64gb); set --machine or MATRIX_MACHINE');
  return cleaned;
}

/** What the default label is derived from (the CPU, or a GPU when one is named). */
export interface MachineFacts {
  cpuModel: string;
  cores: number;
  memoryBytes: number;
  /** A GPU model (e.g. from `matrix devices`), which then names the machine instead of the CPU. */
  gpuModel?: string;
}

/** The default label: the GPU or CPU model shortened, core count and memory, e.g. `amd-epyc-7b13-2c-24gb`. */
export function deriveMachineLabel(facts: MachineFacts = hostFacts()): string {
  const model = (facts.gpuModel ?? facts.cpuModel)
    .replace(/\((r|tm|c)\)/gi, ' ')
    .replace(/\b(cpu|processor|with radeon graphics|\d+-core)\b/gi, ' ')
    .replace(/@.*$/, ' ')
    .trim();
  const short = model.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 32).replace(/-+$/, '') || 'unknown';
  const gb = Math.round(facts.memoryBytes / 1024 ** 3);
  return normalizeMachineLabel(`${short}-${facts.cores}c-${gb}gb`);
}

function hostFacts(): MachineFacts {
  const cpus = os.cpus();
  return { cpuModel: cpus[0]?.model ?? 'unknown', cores: cpus.length, memoryBytes: os.totalmem() };
}
