/** Streams one repo file at a revision to a local file (the Parquet can be large): false when it does not exist. */
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { downloadFile } from '@huggingface/hub';
import { clientParams, encodePath, type HubTarget } from './hub-target.js';
import { hubFailure } from './hub-failure.js';

/** Downloads `path` at `revision` to `to`; returns false when the repo has no such file. */
export async function downloadToFile(target: HubTarget, path: string, revision: string, to: string): Promise<boolean> {
  try {
    const blob = await downloadFile({ ...clientParams(target), path: encodePath(path), revision, xet: false });
    if (!blob) return false;
    await pipeline(Readable.fromWeb(blob.stream() as unknown as WebReadableStream), createWriteStream(to));
    return true;
  } catch (error) {
    throw hubFailure(error, target, `Downloading ${path} of`);
  }
}
