import type { Job } from './job.js';
import { toWireStatus } from './wire-job.js';

/** The leaderboard's commit message: `Update benchmark: {modelId} ({platform}/{task})`, then id, status and time. */
export function uploadMessage(job: Job): { title: string; description: string } {
  const c = job.config;
  return {
    title: `Update benchmark: ${c.modelId} (${c.platform}/${c.task})`,
    description: `Benchmark ID: ${job.id}\nStatus: ${toWireStatus(job.status)}\nTimestamp: ${new Date(job.createdAtMs).toISOString()}`,
  };
}
