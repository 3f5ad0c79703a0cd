/** One row of `runs`, as the report commands read it. */
export interface RunRow {
  runId: string;
  /** ISO 8601, UTC. */
  startedAt: string;
  gitSha: string | null;
  transformersVersion: string;
  ortVersion: string;
  host: string;
  os: string;
  cpu: string;
  ci: boolean;
  shard: string | null;
  profile: string;
  interrupted: boolean;
}

/** SELECT list producing RunRow from `runs`. */
export const RUN_COLUMNS = `run_id AS "runId", strftime(started_at, '%Y-%m-%dT%H:%M:%SZ') AS "startedAt", git_sha AS "gitSha",
  transformers_version AS "transformersVersion", ort_version AS "ortVersion", host, os, cpu, ci, shard, profile, interrupted`;
