/**
 * One atomic commit guarded by `parentCommit`: read the head, let `build` prepare the operations against
 * that head (merging what is there), commit with `parentCommit = head`. A 412 ("a commit has happened
 * since") reads the new head and builds again, at most `attempts` times; the fetch seam already retried
 * 409/429/5xx. `build` returning no operations means there is nothing to commit.
 */
import { commit, HubApiError, type CommitOperation } from '@huggingface/hub';
import { clientParams, type HubTarget } from './hub-target.js';
import { hubFailure } from './hub-failure.js';
import { PublishUploadError } from './errors.js';
import { readHead } from './read-head.js';

/** What one attempt commits. */
export interface CommitPlan {
  title: string;
  description?: string;
  operations: CommitOperation[];
}

/** The outcome: the new commit (or the unchanged head when there was nothing to do), and how many 412s it took. */
export interface CommitOutcome {
  commitOid: string;
  committed: boolean;
  attempts: number;
  pullRequestUrl?: string;
}

/** Commits what `build(head)` plans, re-reading and re-building on a 412. */
export async function commitWithRetry(
  target: HubTarget,
  build: (head: string, attempt: number) => Promise<CommitPlan>,
  options: { attempts?: number; branch?: string; isPullRequest?: boolean } = {},
): Promise<CommitOutcome> {
  const attempts = options.attempts ?? 5;
  for (let attempt = 1; ; attempt++) {
    const head = await readHead(target, options.branch);
    const plan = await build(head, attempt);
    if (plan.operations.length === 0) return { commitOid: head, committed: false, attempts: attempt };
    try {
      const out = await commit({
        ...clientParams(target),
        title: plan.title,
        ...(plan.description ? { description: plan.description } : {}),
        operations: plan.operations,
        parentCommit: head,
        ...(options.branch ? { branch: options.branch } : {}),
        ...(options.isPullRequest ? { isPullRequest: true } : {}),
        ...(target.signal ? { abortSignal: target.signal } : {}),
      });
      if (!out) throw new Error('the Hub answered the commit without a commit id');
      return { commitOid: out.commit.oid, committed: true, attempts: attempt, ...(out.pullRequestUrl ? { pullRequestUrl: out.pullRequestUrl } : {}) };
    } catch (error) {
      if (error instanceof HubApiError && error.statusCode === 412 && attempt < attempts) continue;
      if (error instanceof HubApiError && error.statusCode === 412) {
        throw new PublishUploadError(`Committing to ${target.type === 'model' ? '' : 'datasets/'}${target.repo} lost the race to other publishers ${attempts} times in a row (HTTP 412).`, 412, 'Nothing local was changed; publish again when the other publishers are done.');
      }
      throw hubFailure(error, target, 'Committing to');
    }
  }
}
