import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { arch, cpus, hostname, platform, release } from 'node:os';
import type { RunInfo } from '../harness/types.js';

/**
 * A run identity for cells whose suite provided none (no matrix globalSetup): what this
 * process can tell about itself. Versions it cannot read are `unknown`.
 */
export function fallbackRunInfo(now = new Date(), env: NodeJS.ProcessEnv = process.env): RunInfo {
  const require = createRequire(import.meta.url);
  const version = (pkg: string): string => {
    try {
      return (require(`${pkg}/package.json`) as { version: string }).version;
    } catch {
      return 'unknown';
    }
  };
  const cpu = cpus();
  return {
    runId: `${now.toISOString().replace(/[:.]/g, '-')}-${randomBytes(3).toString('hex')}`,
    startedAt: now.toISOString(),
    gitSha: env.GITHUB_SHA ?? null,
    transformersVersion: version('@huggingface/transformers'),
    ortVersion: version('onnxruntime-node'),
    host: hostname(),
    os: `${platform()} ${release()} ${arch()}`,
    cpu: cpu.length > 0 ? `${cpu[0]!.model.trim()} × ${cpu.length}` : 'unknown',
    ci: Boolean(env.CI),
    shard: null,
    profile: env.MATRIX_PROFILE ?? 'quick',
  };
}
