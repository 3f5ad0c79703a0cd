import type { RunInfo } from '../harness/types.js';

/** One row of `runs`, as the report commands read it: the run's identity plus whether it was interrupted. */
export type RunRow = RunInfo & { interrupted: boolean };

/** SELECT list producing RunRow from `runs`. */
export const RUN_COLUMNS = `run_id AS "runId", strftime(started_at, '%Y-%m-%dT%H:%M:%SZ') AS "startedAt", git_sha AS "gitSha",
  transformers_version AS "transformersVersion", ort_version AS "ortVersion", host, os, cpu, ci, shard, profile, interrupted`;
