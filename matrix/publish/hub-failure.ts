/**
 * Turns anything the Hub client threw into one of ours, with the token scrubbed from the message and
 * the original error dropped (a cause could carry request details): 401/404 on a read → not found or
 * private; anything else → an upload failure with the status and the Hub's own words.
 */
import { HubApiError } from '@huggingface/hub';
import { MatrixError } from '../errors.js';
import { HubRepoNotFoundError, PublishUploadError } from './errors.js';
import { scrubbedMessage, scrubToken } from './scrub-token.js';
import type { HubTarget } from './hub-target.js';

/** A MatrixError for `error` that happened while doing `what` on `target`. */
export function hubFailure(error: unknown, target: HubTarget, what: string): MatrixError {
  if (error instanceof MatrixError) return error;
  const repo = `${target.type === 'model' ? '' : 'datasets/'}${target.repo}`;
  if (error instanceof HubApiError) {
    if ((error.statusCode === 404 || error.statusCode === 401) && /Repository not found|RepoNotFound/i.test(error.message + JSON.stringify(error.data ?? {}))) {
      return new HubRepoNotFoundError(repo);
    }
    return new PublishUploadError(scrubToken(`${what} ${repo} failed: HTTP ${error.statusCode}: ${error.message}`, target.token), error.statusCode);
  }
  const name = (error as { name?: string })?.name;
  if (name === 'AbortError' || target.signal?.aborted) return new PublishUploadError(`${what} ${repo} was aborted.`, undefined, 'Nothing local was changed.');
  const cause = (error as { cause?: { code?: string } })?.cause?.code;
  return new PublishUploadError(`${what} ${repo} failed: ${scrubbedMessage(error, target.token)}${cause ? ` (${cause})` : ''}`, undefined, `Nothing local was changed. Check the network and the Hub URL (${target.hubUrl ?? 'https://huggingface.co'}), then publish again.`);
}
