import type { CellKey } from '../harness/types.js';
import { InvalidCellError } from './errors.js';

/** Characters allowed in one result-key path segment (shared with the transformers.js leaderboard dataset). */
const SEGMENT_OK = /^[A-Za-z0-9._=-]+$/;

/**
 * A path segment with every character outside `[A-Za-z0-9._=-]` replaced by `_`.
 * Empty, `.` and `..` segments are rejected: keys become file paths when published.
 */
export function sanitizeSegment(value: string, what: string): string {
  const cleaned = value.replace(/[^A-Za-z0-9._=-]/g, '_');
  if (cleaned === '' || /^\.+$/.test(cleaned) || !SEGMENT_OK.test(cleaned)) {
    throw new InvalidCellError(`key`, `${what} ${JSON.stringify(value)} cannot be a result-key segment (empty or dots only)`);
  }
  return cleaned;
}

/**
 * The result key of a cell: `{task}/{org}/{model}/{platform}_warm_{device}_{dtype}_b{batch}[_s{seq}][_i{size}][_{browser}]`,
 * e.g. `feature-extraction/Xenova/all-MiniLM-L6-v2/node_warm_cpu_fp32_b1`. A model id without an
 * organisation gets `_` as its org segment. Sequence length and image size appear only when swept
 * (set on the key); web cells end in their browser engine, as the leaderboard's keys do.
 */
export function resultKey(key: CellKey): string {
  const parts = key.modelId.split('/');
  if (parts.length > 2) throw new InvalidCellError('key', `modelId ${JSON.stringify(key.modelId)} has more than one "/"; expected "org/name"`);
  const [org, model] = parts.length === 2 ? [parts[0]!, parts[1]!] : ['_', parts[0]!];
  if (!Number.isInteger(key.batchSize) || key.batchSize < 1) {
    throw new InvalidCellError('key', `batchSize ${JSON.stringify(key.batchSize)} must be a positive integer`);
  }
  const params = [key.platform, 'warm', key.device, key.dtype].map((v, i) => sanitizeSegment(v, ['platform', 'mode', 'device', 'dtype'][i]!));
  return [
    sanitizeSegment(key.task, 'task'),
    sanitizeSegment(org, 'model org'),
    sanitizeSegment(model, 'model name'),
    `${params.join('_')}_b${key.batchSize}${suffixes(key)}`,
  ].join('/');
}

function suffixes(key: CellKey): string {
  let out = '';
  for (const [name, letter] of [['seqLength', 's'], ['imageSize', 'i']] as const) {
    const value = key[name];
    if (value === undefined) continue;
    if (!Number.isInteger(value) || value < 1) throw new InvalidCellError('key', `${name} ${JSON.stringify(value)} must be a positive integer`);
    out += `_${letter}${value}`;
  }
  if (key.browser !== undefined) out += `_${sanitizeSegment(key.browser, 'browser')}`;
  return out;
}
