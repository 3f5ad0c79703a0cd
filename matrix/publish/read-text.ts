/** One repo file's text at a revision (path segment-encoded for the URL), or undefined when it does not exist. */
import { downloadFile } from '@huggingface/hub';
import { clientParams, encodePath, type HubTarget } from './hub-target.js';
import { hubFailure } from './hub-failure.js';

/** `path`'s text at `revision`, or undefined when the repo has no such file. */
export async function readText(target: HubTarget, path: string, revision: string): Promise<string | undefined> {
  try {
    const blob = await downloadFile({ ...clientParams(target), path: encodePath(path), revision, xet: false });
    return blob ? await blob.text() : undefined;
  } catch (error) {
    throw hubFailure(error, target, `Reading ${path} of`);
  }
}
