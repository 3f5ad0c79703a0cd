/**
 * vitest globalSetup of the `generated` project: probes devices once, forges tiny models once (reused
 * while the forge is unchanged), decides the run, prints the dependency report and provides
 * `matrixDevices`, `matrixForgedDir` and `matrixRun` to every test file. A forge failure is printed and
 * the run goes on with mock cells; only a bad MATRIX_* setting ends the run, before any cell runs.
 */
import { env as transformersEnv } from '@huggingface/transformers';
import type { TestProject } from 'vitest/node';
import { detectDevices } from '../devices/detect-devices.js';
import { ensureForged } from '../forge/ensure-forged.js';
import { applyTransformersEnv } from './apply-transformers-env.js';
import { checkHarnessSettings } from './check-settings.js';
import { dependencyReport } from './dependency-report.js';
import { runPlatforms } from './plan-cells.js';
import { probeHub } from './probe-hub.js';
import { resolveProfile } from './profiles.js';
import { runInfo } from './run-info.js';
import type { DeviceReport } from './types.js';

/** Model used to ask whether the Hub answers (only with MATRIX_ALLOW_HUB=1). */
const HUB_PROBE_MODEL = 'Xenova/bert-base-uncased';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const env = process.env;
  applyTransformersEnv(env);
  // A bad MATRIX_* value stops the run here, before any cell runs, not once per cell.
  checkHarnessSettings(env);
  const [devices, forged, hubReachable] = await Promise.all([
    detectDevices().catch((error: unknown): DeviceReport[] => [
      { platform: 'node', device: 'cpu', available: true, reason: '', info: { probe: `device probe failed: ${message(error)}` } },
    ]),
    ensureForged()
      .then((f) => ({ dir: f.dir, note: f.reused ? 'reused' : 'forged' }))
      .catch((error: unknown) => ({ dir: '', note: `forge failed, unforged cells use mocks: ${message(error)}` })),
    env.MATRIX_ALLOW_HUB === '1' ? probeHub(HUB_PROBE_MODEL) : Promise.resolve(false),
  ]);
  // The web platform (MATRIX_PLATFORMS=node,web): one browser and model server for the whole run.
  let closeWeb = async () => {};
  let web = null;
  if (runPlatforms(env).includes('web')) {
    const { startWebPlatform } = await import('../browser/index.js');
    const started = await startWebPlatform({ roots: [forged.dir, env.MATRIX_MODELS?.trim() ?? ''] });
    devices.push(...started.devices);
    web = started.context;
    closeWeb = started.close;
  }
  const shard = project.vitest.config.shard ?? null;
  const run = runInfo({ env, shard, profile: resolveProfile(env).name });

  console.log(dependencyReport({ devices, forgedDir: forged.dir, hubReachable, cacheDir: typeof transformersEnv.cacheDir === 'string' ? transformersEnv.cacheDir : null }));
  console.log(`run ${run.runId} · profile ${run.profile}${run.shard ? ` · shard ${run.shard}` : ''} · forged models: ${forged.dir || 'none'} (${forged.note})`);

  project.provide('matrixDevices', devices);
  project.provide('matrixForgedDir', forged.dir);
  project.provide('matrixRun', run);
  project.provide('matrixWeb', web);
  return closeWeb;
}

function message(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}
