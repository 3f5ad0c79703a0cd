/**
 * Which shards of a run a runs row covers. `null` means the whole run (unsharded, or every shard
 * merged); otherwise a comma-separated list like `1/3,2/3`.
 */

/** Union of two shard scopes; complete coverage (1..n of n) collapses to null. */
export function mergeShardScopes(existing: string | null, incoming: string | null): string | null {
  if (existing === null || incoming === null) return null;
  const all = new Set([...splitScope(existing), ...splitScope(incoming)]);
  return normaliseScope([...all]);
}

/** True when scope `outer` includes every shard of `inner`. */
export function scopeCovers(outer: string | null, inner: string | null): boolean {
  if (outer === null) return true;
  if (inner === null) return false;
  const have = new Set(splitScope(outer));
  return splitScope(inner).every((s) => have.has(s));
}

/** Sorted, de-duplicated scope; null when it covers every shard of one count. */
export function normaliseScope(shards: readonly string[]): string | null {
  const parsed = [...new Set(shards)].map((s) => {
    const m = /^(\d+)\/(\d+)$/.exec(s);
    return m ? { s, index: Number(m[1]), count: Number(m[2]) } : { s, index: Number.NaN, count: Number.NaN };
  });
  parsed.sort((a, b) => a.count - b.count || a.index - b.index || a.s.localeCompare(b.s));
  const counts = new Set(parsed.map((p) => p.count));
  if (counts.size === 1) {
    const count = parsed[0]!.count;
    if (Number.isInteger(count) && parsed.length === count && parsed.every((p, i) => p.index === i + 1)) return null;
  }
  return parsed.map((p) => p.s).join(',');
}

function splitScope(scope: string): string[] {
  return scope.split(',').map((s) => s.trim()).filter(Boolean);
}
