import type { Device, Platform } from '../harness/types.js';

/** The BullMQ queue of a platform/device: a worker listens only on the queues of devices it has. */
export function queueName(platform: Platform, device: Device | string): string {
  return `matrix-${platform}-${device}`;
}

/** Redis key a running job's worker polls: present = the client cancelled the job. */
export function cancelKey(jobId: string): string {
  return `matrix-cancel:${jobId}`;
}
