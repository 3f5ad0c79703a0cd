import type { Job } from './job.js';

/**
 * Uploads a finished job as the latest result for its configuration. The server takes one from the
 * CLI (wired to the publish module when HF_TOKEN and HF_DATASET_REPO are set); tests pass a loopback
 * one. The commit message is the leaderboard's (see ./upload-message.ts).
 */
export interface JobUploader {
  /** Where results go, for the start-up line (never the token). */
  readonly target: string;
  upload(job: Job): Promise<void>;
}
