import { randomBytes } from 'node:crypto';
import { arch, cpus, hostname, platform, release } from 'node:os';
import { packageInfo } from '../harness/package-info.js';
import type { RunInfo } from '../harness/types.js';

/**
 * A run identity for cells whose suite provided none (no matrix globalSetup): what this
 * process can tell about itself. Versions it cannot read are `unknown`.
 */
export function fallbackRunInfo(now = new Date(), env: NodeJS.ProcessEnv = process.env): RunInfo {
  // transformers.js's `exports` hide its package.json from require(); packageInfo walks up from the entry.
  const transformers = packageInfo('@huggingface/transformers');
  const ort = transformers ? packageInfo('onnxruntime-node', `${transformers.dir}/package.json`) : null;
  const cpu = cpus();
  return {
    runId: `${now.toISOString().replace(/[:.]/g, '-')}-${randomBytes(3).toString('hex')}`,
    startedAt: now.toISOString(),
    gitSha: env.GITHUB_SHA ?? null,
    transformersVersion: transformers?.version ?? 'unknown',
    ortVersion: ort?.version ?? 'unknown',
    host: hostname(),
    os: `${platform()} ${release()} ${arch()}`,
    cpu: cpu.length > 0 ? `${cpu[0]!.model.trim()} × ${cpu.length}` : 'unknown',
    ci: Boolean(env.CI),
    shard: null,
    profile: env.MATRIX_PROFILE ?? 'quick',
  };
}
