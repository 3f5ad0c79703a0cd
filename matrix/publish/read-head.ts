/** The commit a branch (or tag, `refs/pr/N`, commit) of the repo points at now, read through `listCommits` (revision segment-encoded). */
import { listCommits } from '@huggingface/hub';
import { clientParams, type HubTarget } from './hub-target.js';
import { hubFailure } from './hub-failure.js';

/** The oid of `branch`'s head; throws HubRepoNotFoundError when the repo is missing or private. */
export async function readHead(target: HubTarget, branch = 'main'): Promise<string> {
  try {
    for await (const commit of listCommits({ ...clientParams(target), revision: encodeURIComponent(branch), batchSize: 1 })) return commit.oid;
  } catch (error) {
    throw hubFailure(error, target, 'Reading the head of');
  }
  throw hubFailure(new Error(`branch ${branch} has no commits`), target, 'Reading the head of');
}
