/**
 * What `matrix publish` and `matrix run --publish` do: settings (flags over environment over .env), then
 * skip with one line when there is no token, or publish. Failures throw PublishUploadError (token scrubbed).
 */
import { checkRepoName, loadPublishSettings } from './load-publish-settings.js';
import { normalizeMachineLabel } from './machine-label.js';
import { PublishSettingsError } from './errors.js';
import { publishDataset, type PublishOutcome } from './publish-dataset.js';
import type { RetryOptions } from './retrying-fetch.js';

/** Flags and seams of one publish. */
export interface PublishRequest {
  dbPath: string;
  repo?: string;
  machine?: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  fetch?: typeof fetch;
  retry?: RetryOptions;
  /** Told of each retry, scrubbed (the CLI prints these). */
  log?: (line: string) => void;
}

/** Skipped (no token), or published. */
export type PublishResult = { kind: 'skipped'; line: string } | { kind: 'published'; outcome: PublishOutcome; line: string };

/** The line that says how to enable publishing. */
export const NO_TOKEN_LINE =
  'publish skipped: no HF_TOKEN. To publish, set HF_TOKEN to a write token (https://huggingface.co/settings/tokens) in the environment or .env, and name the dataset with --repo ORG/NAME or HF_DATASET_REPO.';

/** Publishes according to flags and settings. */
export async function publishFromSettings(request: PublishRequest): Promise<PublishResult> {
  const settings = loadPublishSettings({ ...(request.env ? { env: request.env } : {}), ...(request.cwd ? { cwd: request.cwd } : {}) });
  const repo = request.repo ? checkRepoName(request.repo) : settings.repo;
  if (!settings.token) return { kind: 'skipped', line: NO_TOKEN_LINE };
  if (!repo) throw new PublishSettingsError('--repo', '', 'ORG/NAME (or set HF_DATASET_REPO)');
  const machine = request.machine ? normalizeMachineLabel(request.machine) : settings.machine;
  const log = request.log;
  const outcome = await publishDataset(
    {
      repo,
      token: settings.token,
      ...(settings.hubUrl ? { hubUrl: settings.hubUrl } : {}),
      ...(request.fetch ? { fetch: request.fetch } : {}),
      retry: { ...request.retry, ...(log ? { onRetry: (i) => log(`retry ${i.attempt}: ${i.status === 0 ? 'connection failed' : `HTTP ${i.status}`} from ${i.url}, waiting ${Math.round(i.delayMs)} ms`) } : {}) },
    },
    { dbPath: request.dbPath, machine },
  );
  return {
    kind: 'published',
    outcome,
    line: `Published ${outcome.files.length} files to datasets/${repo} in commit ${outcome.commitOid.slice(0, 12)}${outcome.attempts > 1 ? ` (after ${outcome.attempts - 1} concurrent commit(s))` : ''}: ${outcome.title}`,
  };
}
