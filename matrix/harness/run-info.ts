/**
 * Decides what the run is (the `runs` row): id, start time, git commit, library versions, host, CI,
 * shard and measurement profile. Decided once in globalSetup and provided to every test file.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { env as transformersEnv } from '@huggingface/transformers';
import { packageInfo } from './package-info.js';
import type { RunInfo } from './types.js';

export interface RunInfoInput {
  env?: NodeJS.ProcessEnv;
  /** vitest's `--shard` as `{ index, count }`, when sharded. */
  shard?: { index: number; count: number } | null;
  profile: string;
  now?: Date;
  cwd?: string;
}

/** The RunInfo of this process's run. Never throws: unknown parts become null or 'unknown'. */
export function runInfo(input: RunInfoInput): RunInfo {
  const env = input.env ?? process.env;
  const now = input.now ?? new Date();
  const shard = input.shard ? `${input.shard.index}/${input.shard.count}` : env.MATRIX_SHARD?.trim() || null;
  const cpus = os.cpus();
  return {
    runId: env.MATRIX_RUN_ID?.trim() || `${now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}-${randomBytes(3).toString('hex')}`,
    startedAt: now.toISOString(),
    gitSha: gitSha(input.cwd ?? process.cwd()),
    transformersVersion: transformersEnv.version,
    ortVersion: ortVersion(),
    host: os.hostname(),
    os: `${os.platform()} ${os.release()} ${os.arch()}`,
    cpu: cpus.length > 0 ? `${cpus[0]!.model.trim()} ×${cpus.length}` : 'unknown',
    ci: Boolean(env.CI && env.CI !== 'false' && env.CI !== '0'),
    shard,
    profile: input.profile,
    ...(env.MATRIX_SUITE?.trim() ? { suite: env.MATRIX_SUITE.trim() } : {}),
    // A CI job names its machine (the nightly: github-<os>), so a store merged from several runners publishes each run under its own.
    ...(env.MATRIX_MACHINE?.trim() ? { machine: env.MATRIX_MACHINE.trim() } : {}),
  };
}

function gitSha(cwd: string): string | null {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd, stdio: ['ignore', 'pipe', 'ignore'], timeout: 2_000 }).toString().trim() || null;
  } catch {
    return null;
  }
}

/** onnxruntime-node's version as transformers.js resolves it. */
function ortVersion(): string {
  const transformers = packageInfo('@huggingface/transformers');
  return (transformers && packageInfo('onnxruntime-node', `${transformers.dir}/package.json`)?.version) ?? 'unknown';
}
