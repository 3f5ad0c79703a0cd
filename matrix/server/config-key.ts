import type { JobConfig } from './job.js';

/**
 * The identity of a job's configuration, for de-duplication: two submissions with the same key while
 * one is queued are one job. Field order is fixed, so the key does not depend on the client's JSON.
 */
export function configKey(config: JobConfig): string {
  return JSON.stringify([
    config.platform, config.modelId, config.family ?? null, config.task, config.mode, config.repeats,
    config.dtype, config.batchSize, config.device, config.browser ?? null, config.timeoutMs ?? null,
  ]);
}
