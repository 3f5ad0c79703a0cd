/**
 * The DuckDB schema of the compatibility matrix. The store (writer) and the reports
 * (readers) both rely on these names; DESIGN.md's minimum columns are kept verbatim.
 * Version 1. Later versions add migrations in ./migrations.ts; never edit a released DDL.
 */

export const SCHEMA_VERSION = 2;

/** DDL of version 1, executed in order inside one transaction on a new database. */
export const SCHEMA_V1: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS meta (
     key VARCHAR PRIMARY KEY,
     value VARCHAR NOT NULL
   )`,
  `CREATE TABLE IF NOT EXISTS runs (
     run_id VARCHAR PRIMARY KEY,
     started_at TIMESTAMP NOT NULL,
     finished_at TIMESTAMP,
     git_sha VARCHAR,
     transformers_version VARCHAR NOT NULL,
     ort_version VARCHAR NOT NULL,
     host VARCHAR NOT NULL,
     os VARCHAR NOT NULL,
     cpu VARCHAR NOT NULL,
     ci BOOLEAN NOT NULL,
     shard VARCHAR,
     profile VARCHAR NOT NULL,
     interrupted BOOLEAN NOT NULL DEFAULT false,
     cells INTEGER NOT NULL DEFAULT 0
   )`,
  `CREATE TABLE IF NOT EXISTS devices (
     run_id VARCHAR NOT NULL,
     platform VARCHAR NOT NULL,          -- node | web
     device VARCHAR NOT NULL,
     available BOOLEAN NOT NULL,
     reason VARCHAR NOT NULL,            -- '' when available
     info VARCHAR NOT NULL,              -- JSON object
     PRIMARY KEY (run_id, platform, device)
   )`,
  `CREATE TABLE IF NOT EXISTS results (
     run_id VARCHAR NOT NULL,
     result_key VARCHAR NOT NULL,        -- {task}/{org}/{model}/{platform}_{mode}_{device}_{dtype}_b{batch}
     family VARCHAR NOT NULL,
     arch_kind VARCHAR NOT NULL,
     task VARCHAR NOT NULL,
     model_id VARCHAR NOT NULL,
     source VARCHAR NOT NULL,            -- hub | cache | local | forged | mock
     inference VARCHAR NOT NULL,         -- real | mock
     platform VARCHAR NOT NULL,          -- node | web
     device VARCHAR NOT NULL,
     dtype VARCHAR NOT NULL,
     batch_size INTEGER NOT NULL,
     status VARCHAR NOT NULL,            -- pass | fail | mismatch | unsupported | skip
     error_stage VARCHAR,
     error_type VARCHAR,
     error_message VARCHAR,
     error_op VARCHAR,
     reason VARCHAR,                     -- unsupported / skip reason
     load_ms DOUBLE,                     -- cold load
     warm_load_ms DOUBLE,
     first_ms DOUBLE,
     latency_p50_ms DOUBLE,
     latency_p90_ms DOUBLE,
     latency_p99_ms DOUBLE,
     latency_mean_ms DOUBLE,
     latency_std_ms DOUBLE,
     latency_min_ms DOUBLE,
     latency_max_ms DOUBLE,
     latency_rme_percent DOUBLE,
     samples INTEGER,
     samples_ms DOUBLE[],
     throughput DOUBLE,
     throughput_unit VARCHAR,
     ttft_ms DOUBLE,
     peak_rss_bytes BIGINT,
     heap_used_bytes BIGINT,
     parameter_count BIGINT,
     parity VARCHAR,                     -- JSON of Parity, NULL for the reference cell
     parity_cosine DOUBLE,
     parity_max_abs_diff DOUBLE,
     parity_top_agreement DOUBLE,
     notes VARCHAR,                      -- JSON array of strings
     interrupted BOOLEAN NOT NULL DEFAULT false,
     PRIMARY KEY (run_id, result_key)
   )`,
  `CREATE INDEX IF NOT EXISTS results_family ON results (family)`,
];

/**
 * Version 2: the columns of publishing (machine, origin), suites and sweeps (seq_length,
 * image_size, contended, profile), honest retries (retries, flaky), real sizes (flops,
 * memory timeline, model bytes), the browser (browser, adapter, software_adapter), `device: 'auto'`
 * (resolved_device), commits/versions (label) and crashed workers (runs.crashed_cells).
 * Columns are appended (ALTER TABLE ... ADD COLUMN), so RESULT_COLUMNS lists them last.
 */
export const SCHEMA_V2: readonly string[] = [
  'ALTER TABLE results ADD COLUMN seq_length INTEGER',
  'ALTER TABLE results ADD COLUMN image_size INTEGER',
  'ALTER TABLE results ADD COLUMN browser VARCHAR',
  'ALTER TABLE results ADD COLUMN retries INTEGER DEFAULT 0',
  'ALTER TABLE results ADD COLUMN flaky BOOLEAN DEFAULT false',
  'ALTER TABLE results ADD COLUMN contended BOOLEAN DEFAULT false',
  'ALTER TABLE results ADD COLUMN profile VARCHAR',
  'ALTER TABLE results ADD COLUMN resolved_device VARCHAR',
  'ALTER TABLE results ADD COLUMN flops DOUBLE',
  'ALTER TABLE results ADD COLUMN flops_per_token DOUBLE',
  'ALTER TABLE results ADD COLUMN gflops_per_s DOUBLE',
  'ALTER TABLE results ADD COLUMN model_bytes BIGINT',
  'ALTER TABLE results ADD COLUMN memory_timeline VARCHAR',   // JSON array of MemorySample
  'ALTER TABLE results ADD COLUMN environment VARCHAR',       // JSON of CellEnvironment (web cells)
  'ALTER TABLE results ADD COLUMN software_adapter BOOLEAN DEFAULT false',
  'ALTER TABLE runs ADD COLUMN machine VARCHAR',
  'ALTER TABLE runs ADD COLUMN origin VARCHAR',
  'ALTER TABLE runs ADD COLUMN label VARCHAR',
  'ALTER TABLE runs ADD COLUMN suite VARCHAR',
  'ALTER TABLE runs ADD COLUMN crashed_cells INTEGER DEFAULT 0',
];
