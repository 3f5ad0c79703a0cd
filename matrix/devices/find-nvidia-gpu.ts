import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

/** Whether this machine has an NVIDIA GPU, and what showed it. */
export interface NvidiaGpu {
  found: boolean;
  /** What was seen (`/proc/driver/nvidia/gpus: 1 GPU`, `nvidia-smi on PATH`) or what was looked for. */
  evidence: string;
}

/** The places `findNvidiaGpu` looks; tests pass a folder of their own. */
export interface NvidiaSeams {
  procDir?: string;
  pathEnv?: string;
}

/**
 * Looks for an NVIDIA GPU without starting a process: the kernel driver's `/proc/driver/nvidia`
 * (its `gpus/` folder has one entry per GPU) or an `nvidia-smi` executable on PATH.
 */
export function findNvidiaGpu(seams: NvidiaSeams = {}): NvidiaGpu {
  const procDir = seams.procDir ?? '/proc/driver/nvidia';
  if (existsSync(procDir)) {
    let gpus = 0;
    try {
      gpus = readdirSync(path.join(procDir, 'gpus')).length;
    } catch {
      // driver loaded without a gpus/ listing: the folder itself is the evidence
    }
    return { found: true, evidence: gpus > 0 ? `${procDir}/gpus: ${gpus} GPU${gpus === 1 ? '' : 's'}` : procDir };
  }
  const pathEnv = seams.pathEnv ?? process.env.PATH ?? '';
  for (const dir of pathEnv.split(path.delimiter).filter(Boolean)) {
    if (existsSync(path.join(dir, 'nvidia-smi'))) return { found: true, evidence: `nvidia-smi in ${dir}` };
  }
  return { found: false, evidence: `no ${procDir}, no nvidia-smi on PATH` };
}
