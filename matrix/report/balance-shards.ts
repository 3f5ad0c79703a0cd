/**
 * Splits test files into shards of about equal expected time: longest first, each to the shard with
 * the least time so far (greedy LPT). Files without a stored duration count as the median of the
 * known ones, so with no history at all the split is by file count, as vitest's `--shard` would do.
 */

/** One shard: its 1-based index, its files (sorted) and the time they took last time. */
export interface Shard {
  index: number;
  files: string[];
  /** Sum of the files' stored (or assumed) durations, in ms. */
  expectedMs: number;
}

/** Balances `files` over `count` shards by `durationsMs` (file → ms). Deterministic for equal input. */
export function balanceShards(files: readonly string[], count: number, durationsMs: ReadonlyMap<string, number>): Shard[] {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`shard count must be a positive integer, got ${count}`);
  const known = files.map((f) => durationsMs.get(f)).filter((ms): ms is number => ms !== undefined && ms > 0).sort((a, b) => a - b);
  const assumedMs = known.length === 0 ? 1 : known[Math.floor(known.length / 2)]!;
  const weighted = [...new Set(files)].map((file) => ({ file, ms: durationsMs.get(file) ?? assumedMs }));
  weighted.sort((a, b) => b.ms - a.ms || a.file.localeCompare(b.file));
  const shards: Shard[] = Array.from({ length: count }, (_, i) => ({ index: i + 1, files: [], expectedMs: 0 }));
  for (const { file, ms } of weighted) {
    const lightest = shards.reduce((best, s) => (s.expectedMs < best.expectedMs || (s.expectedMs === best.expectedMs && s.files.length < best.files.length) ? s : best));
    lightest.files.push(file);
    lightest.expectedMs += ms;
  }
  for (const s of shards) s.files.sort();
  return shards;
}
