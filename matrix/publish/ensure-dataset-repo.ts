/** Creates the dataset repo unless it exists: the Hub has no exist_ok, a 409 on create means "exists". */
import { createRepo, HubApiError } from '@huggingface/hub';
import { clientParams, type HubTarget } from './hub-target.js';
import { hubFailure } from './hub-failure.js';

/** Whether the repo was created now (false: it already existed). */
export async function ensureDatasetRepo(target: HubTarget): Promise<boolean> {
  if (!target.token) throw hubFailure(new Error('no token'), target, 'Creating');
  try {
    await createRepo({ ...clientParams(target), accessToken: target.token });
    return true;
  } catch (error) {
    if (error instanceof HubApiError && error.statusCode === 409) return false;
    throw hubFailure(error, target, 'Creating');
  }
}
