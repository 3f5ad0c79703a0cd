/**
 * The JobUploader of the publish module: a finished job's cells become the latest per-configuration
 * files of the dataset (`uploadCells`), in one commit whose message is the leaderboard's. Null when
 * HF_TOKEN or HF_DATASET_REPO is missing (upload disabled).
 */
import { uploadCells, type PublishSettings } from '../publish/index.js';
import type { JobUploader } from './job-uploader.js';
import { uploadMessage } from './upload-message.js';

/** An uploader for `settings`, or null when upload is not configured. `fetch` is the tests' seam. */
export function publishUploader(settings: PublishSettings, seams: { fetch?: typeof fetch } = {}): JobUploader | null {
  const { token, repo } = settings;
  if (!token || !repo) return null;
  return {
    target: `${settings.hubUrl ?? 'https://huggingface.co'}/datasets/${repo}`,
    async upload(job) {
      if (!job.run || !job.cells || job.cells.length === 0) throw new Error(`job ${job.id} has no cells to upload`);
      const { title, description } = uploadMessage(job);
      await uploadCells(
        { repo, token, ...(settings.hubUrl ? { hubUrl: settings.hubUrl } : {}), ...(seams.fetch ? { fetch: seams.fetch } : {}) },
        { run: job.run, cells: job.cells, message: `${title} · ${description.split('\n').join(' · ')}`, machine: settings.machine },
      );
    },
  };
}
