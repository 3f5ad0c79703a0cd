import type { CellKey } from '../harness/types.js';
import { InvalidCellError } from './errors.js';

/** Characters allowed in one result-key path segment (shared with the transformers.js leaderboard dataset). */
const SEGMENT_OK = /^[A-Za-z0-9._=-]+$/;
/** Characters kept as they are; every other byte is written `=XX` (upper-case hex of its UTF-8 byte). */
const PLAIN = /[A-Za-z0-9._-]/;

/**
 * One result-key path segment, reversibly encoded into `[A-Za-z0-9._=-]`: letters, digits, `.`, `_` and
 * `-` stay; every other UTF-8 byte, `=` included, becomes `=XX` (`a b` → `a=20b`, `a+b` → `a=2Bb`), so
 * distinct values always give distinct segments and plain ids keep the keys they always had. A
 * dots-only segment (`.`, `..`) is encoded whole (`=2E=2E`): keys become file paths when published.
 * Empty values are rejected.
 */
export function encodeSegment(value: string, what: string): string {
  if (value === '') throw new InvalidCellError('key', `${what} ${JSON.stringify(value)} cannot be a result-key segment (empty)`);
  const dotsOnly = /^\.+$/.test(value);
  let out = '';
  for (const char of value) {
    if (PLAIN.test(char) && !dotsOnly) out += char;
    else for (const byte of Buffer.from(char, 'utf8')) out += `=${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  if (!SEGMENT_OK.test(out)) throw new InvalidCellError('key', `${what} ${JSON.stringify(value)} did not encode into [A-Za-z0-9._=-]`);
  return out;
}

/** The value `encodeSegment` encoded (`a=20b` → `a b`); throws InvalidCellError on a malformed escape. */
export function decodeSegment(segment: string): string {
  if (!SEGMENT_OK.test(segment)) throw new InvalidCellError('key', `segment ${JSON.stringify(segment)} has characters outside [A-Za-z0-9._=-]`);
  const bytes: number[] = [];
  for (let i = 0; i < segment.length; i++) {
    if (segment[i] !== '=') {
      bytes.push(segment.charCodeAt(i));
      continue;
    }
    const hex = segment.slice(i + 1, i + 3);
    if (!/^[0-9A-F]{2}$/.test(hex)) throw new InvalidCellError('key', `segment ${JSON.stringify(segment)} has a malformed escape at ${i}`);
    bytes.push(parseInt(hex, 16));
    i += 2;
  }
  return Buffer.from(bytes).toString('utf8');
}

/** @deprecated Former name of `encodeSegment` (which no longer collapses characters to `_`). */
export const sanitizeSegment = encodeSegment;

/**
 * The result key of a cell: `{task}/{org}/{model}/{platform}_warm_{device}_{dtype}_b{batch}[_s{seq}][_i{size}][_{browser}]`,
 * e.g. `feature-extraction/Xenova/all-MiniLM-L6-v2/node_warm_cpu_fp32_b1`. Segments are encoded with
 * `encodeSegment` (collision-free, reversible). A model id without an organisation gets `_` as its org segment. Sequence length and image size appear only when swept
 * (set on the key); web cells end in their browser engine, as the leaderboard's keys do.
 */
export function resultKey(key: CellKey): string {
  const parts = key.modelId.split('/');
  if (parts.length > 2) throw new InvalidCellError('key', `modelId ${JSON.stringify(key.modelId)} has more than one "/"; expected "org/name"`);
  const [org, model] = parts.length === 2 ? [parts[0]!, parts[1]!] : [null, parts[0]!];
  if (!Number.isInteger(key.batchSize) || key.batchSize < 1) {
    throw new InvalidCellError('key', `batchSize ${JSON.stringify(key.batchSize)} must be a positive integer`);
  }
  const params = [key.platform, 'warm', key.device, key.dtype].map((v, i) => encodeSegment(v, ['platform', 'mode', 'device', 'dtype'][i]!));
  return [
    encodeSegment(key.task, 'task'),
    // No organisation is `_`; an organisation literally named `_` is escaped so the two never meet.
    org === null ? '_' : org === '_' ? '=5F' : encodeSegment(org, 'model org'),
    encodeSegment(model, 'model name'),
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
  if (key.browser !== undefined) out += `_${encodeSegment(key.browser, 'browser')}`;
  return out;
}
