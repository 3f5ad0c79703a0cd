/**
 * How long each family's test file took in the stored runs, for balancing shards: per family, the sum
 * over its cells in the latest run that has it of cold load + warm load + first inference + the timed
 * samples (mean × count). It leaves out the untimed work (reference runs, assertions, warm-up), so it is
 * a relative weight, not a wall time: enough to keep every slow family out of one shard.
 */
import type { ReadonlyStore } from './open-readonly.js';

/** Family → stored cell time in ms (families of the latest run that has them). */
export async function familyDurations(store: ReadonlyStore): Promise<Map<string, number>> {
  const rows = await store.all<{ family: string; ms: number }>(
    `WITH latest AS (
       SELECT r.family, arg_max(r.run_id, runs.started_at) AS run_id
       FROM results r JOIN runs USING (run_id) GROUP BY r.family
     )
     SELECT r.family AS family,
            sum(coalesce(r.load_ms, 0) + coalesce(r.warm_load_ms, 0) + coalesce(r.first_ms, 0) + coalesce(r.latency_mean_ms * r.samples, 0)) AS ms
     FROM results r JOIN latest USING (family, run_id)
     GROUP BY r.family ORDER BY r.family`,
  );
  return new Map(rows.map((r) => [r.family, Number(r.ms)]));
}
