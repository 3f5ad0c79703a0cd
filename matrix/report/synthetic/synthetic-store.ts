/**
 * Builds a synthetic matrix store (run ids shaped like the harness's: 20250101T020000Z-c4ca42) for the benchmark and tests: nightly runs × families × devices ×
 * dtypes, generated inside DuckDB (`INSERT … SELECT FROM range()`), deterministic (hash-based, no RNG).
 * Statuses are stable for 30-run stretches with rare flips; latencies drift slowly, and one family in
 * ten gets 40 % slower from the last tenth of the runs on, so compare and history have something to find.
 * Rows are stored run by run, as the store writes them (one transaction per run).
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { createSchema } from './create-schema.js';

export interface SyntheticStoreOptions {
  runs: number;
  families: number;
  /** Timed samples stored per measured cell. */
  samplesPerCell?: number;
  /** Start of the first nightly run, ISO date. */
  firstDay?: string;
}

/** Devices of the synthetic runs: [platform, device, latency factor, available]. node/dml is unavailable. */
const DEVICES: ReadonlyArray<[string, string, number, boolean]> = [
  ['node', 'cpu', 1, true], ['node', 'cuda', 0.18, true], ['node', 'webgpu', 0.35, true], ['node', 'dml', 1, false],
  ['web', 'wasm', 1.6, true], ['web', 'webgpu', 0.4, true], ['web', 'webnn', 0.5, true],
];
const DTYPE_FACTORS: ReadonlyArray<[string, number]> = [['fp32', 1], ['fp16', 0.7], ['q8', 0.55], ['q4', 0.5]];
const NAMES = ['bert', 'roberta', 'distilbert', 'deberta-v2', 'electra', 'albert', 'mpnet', 'xlm-roberta', 'gpt2', 'llama',
  'qwen2', 'phi3', 'gemma', 'mistral', 'opt', 'bloom', 't5', 'bart', 'marian', 'whisper', 'vit', 'deit', 'convnext',
  'resnet', 'swin', 'clip', 'siglip', 'wav2vec2', 'hubert', 'detr'];
const ARCH_OF = ['encoder-only', 'encoder-only', 'encoder-only', 'encoder-only', 'encoder-only', 'encoder-only', 'encoder-only',
  'encoder-only', 'decoder-only', 'decoder-only', 'decoder-only', 'decoder-only', 'decoder-only', 'decoder-only', 'decoder-only',
  'decoder-only', 'encoder-decoder', 'encoder-decoder', 'encoder-decoder', 'audio', 'vision', 'vision', 'vision', 'vision',
  'vision', 'multimodal', 'multimodal', 'audio', 'audio', 'vision'];
const TASK_OF: Record<string, string> = {
  'encoder-only': 'feature-extraction', 'decoder-only': 'text-generation', 'encoder-decoder': 'text2text-generation',
  vision: 'image-classification', audio: 'automatic-speech-recognition', multimodal: 'zero-shot-image-classification',
};

/** Writes a new store at `path` (which must not exist) and returns how many result rows it holds. */
export async function syntheticStore(path: string, options: SyntheticStoreOptions): Promise<{ rows: number }> {
  const instance = await DuckDBInstance.create(path);
  const connection = await instance.connect();
  try {
    await createSchema(connection);
    await connection.run(`CREATE TEMP TABLE fam (idx INTEGER, family VARCHAR, arch_kind VARCHAR, task VARCHAR, base_ms DOUBLE)`);
    await connection.run(`CREATE TEMP TABLE dev (idx INTEGER, platform VARCHAR, device VARCHAR, factor DOUBLE, available BOOLEAN)`);
    await connection.run(`CREATE TEMP TABLE dt (idx INTEGER, dtype VARCHAR, factor DOUBLE)`);
    const fam = await connection.createAppender('fam', 'main', 'temp');
    for (let i = 0; i < options.families; i++) {
      const name = i < NAMES.length ? NAMES[i]! : `${NAMES[i % NAMES.length]}-${Math.floor(i / NAMES.length)}`;
      const arch = ARCH_OF[i % NAMES.length]!;
      fam.appendInteger(i); fam.appendVarchar(name); fam.appendVarchar(arch); fam.appendVarchar(TASK_OF[arch]!);
      fam.appendDouble(2 + ((i * 37) % 50)); fam.endRow();
    }
    fam.closeSync();
    const dev = await connection.createAppender('dev', 'main', 'temp');
    DEVICES.forEach(([platform, device, factor, available], i) => {
      dev.appendInteger(i); dev.appendVarchar(platform); dev.appendVarchar(device); dev.appendDouble(factor); dev.appendBoolean(available); dev.endRow();
    });
    dev.closeSync();
    const dt = await connection.createAppender('dt', 'main', 'temp');
    DTYPE_FACTORS.forEach(([dtype, factor], i) => { dt.appendInteger(i); dt.appendVarchar(dtype); dt.appendDouble(factor); dt.endRow(); });
    dt.closeSync();
    await insertRuns(connection, options);
    await connection.run(`INSERT INTO devices SELECT r.run_id, dev.platform, dev.device, dev.available,
        CASE WHEN dev.available THEN '' ELSE 'DirectML is Windows only' END, '{}' FROM runs r CROSS JOIN dev`);
    await insertResults(connection, options);
    await connection.run(`UPDATE runs SET cells = c.n FROM (SELECT run_id, count(*) AS n FROM results GROUP BY run_id) c WHERE runs.run_id = c.run_id`);
    const [row] = (await connection.runAndReadAll(`SELECT count(*)::DOUBLE AS n FROM results`)).getRowObjectsJS();
    return { rows: Number(row!.n) };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

async function insertRuns(connection: Awaited<ReturnType<DuckDBInstance['connect']>>, options: SyntheticStoreOptions): Promise<void> {
  await connection.run(
    `INSERT INTO runs (run_id, started_at, finished_at, git_sha, transformers_version, ort_version, host, os, cpu, ci, shard, profile, interrupted, cells)
     SELECT strftime(day, '%Y%m%dT020000Z') || '-' || substr(md5(r::VARCHAR), 1, 6), day + INTERVAL 2 HOUR, day + INTERVAL 3 HOUR,
            md5(r::VARCHAR) || substr(md5((r + 1)::VARCHAR), 1, 8), '4.' || (r // 73)::VARCHAR || '.0', '1.30.0',
            'bench-host', 'linux', 'synthetic', true, NULL, 'full', false, 0
     FROM (SELECT range AS r, CAST(?::DATE + to_days(range::INTEGER) AS TIMESTAMP) AS day FROM range(?::BIGINT))`,
    [options.firstDay ?? '2025-01-01', options.runs],
  );
}

async function insertResults(connection: Awaited<ReturnType<DuckDBInstance['connect']>>, options: SyntheticStoreOptions): Promise<void> {
  await connection.run(
    `INSERT INTO results (run_id, result_key, family, arch_kind, task, model_id, source, inference, platform, device, dtype,
       batch_size, status, error_stage, error_type, error_message, reason, load_ms, warm_load_ms, first_ms,
       latency_p50_ms, latency_p90_ms, latency_p99_ms, latency_mean_ms, latency_std_ms, latency_min_ms, latency_max_ms,
       latency_rme_percent, samples, samples_ms, throughput, throughput_unit, peak_rss_bytes, heap_used_bytes,
       parity_cosine, parity_max_abs_diff, parity_top_agreement)
     WITH grid AS (
       SELECT strftime(CAST(?::DATE + to_days(r.range::INTEGER) AS DATE), '%Y%m%dT020000Z') || '-' || substr(md5(r.range::VARCHAR), 1, 6) AS run_id,
              r.range AS run,
              fam.*, dev.idx AS d, dev.platform, dev.device, dev.factor AS dev_factor, dt.idx AS t, dt.dtype, dt.factor AS dt_factor,
              hash(r.range // 30, fam.idx, dev.idx, dt.idx) % 1000 AS h, hash(r.range, fam.idx, dev.idx, dt.idx) % 1000 AS jitter
       FROM range(?::BIGINT) r, fam, dev, dt WHERE dev.available
     ), judged AS (
       SELECT *, CASE WHEN device = 'webnn' AND dtype = 'q4' THEN 'unsupported'
                      WHEN h < 40 OR jitter < 3 THEN 'fail' WHEN h < 80 THEN 'mismatch' ELSE 'pass' END AS status,
              CASE WHEN h BETWEEN 80 AND 129 THEN 'mock' ELSE 'real' END AS inference,
              base_ms * dev_factor * dt_factor * (1 + 0.05 * sin(run / 20.0)) * (1 + jitter / 20000.0)
                * CASE WHEN idx % 10 = 3 AND run >= ?::BIGINT * 9 // 10 THEN 1.4 ELSE 1 END AS p50
       FROM grid
     ), measured AS (
       SELECT *, CASE WHEN status IN ('pass', 'mismatch') THEN p50 END AS mp FROM judged
     )
     SELECT run_id, task || '/forged/' || family || '/' || platform || '_warm_' || device || '_' || dtype || '_b1',
            family, arch_kind, task, 'forged/' || family, CASE WHEN inference = 'mock' THEN 'mock' ELSE 'forged' END, inference,
            platform, device, dtype, 1, status,
            CASE WHEN status = 'fail' THEN 'load' END, CASE WHEN status = 'fail' THEN 'unsupported-op' END,
            CASE WHEN status = 'fail' THEN 'Could not find an implementation for GatherBlockQuantized' END,
            CASE WHEN status = 'unsupported' THEN 'no model_q4.onnx for webnn' END,
            CASE WHEN status IN ('pass', 'mismatch') THEN p50 * 40 END, CASE WHEN status IN ('pass', 'mismatch') THEN p50 * 10 END,
            CASE WHEN status IN ('pass', 'mismatch') THEN p50 * 3 END,
            mp, mp * 1.08, mp * 1.2, mp * 1.01, mp * 0.04, mp * 0.9, mp * 1.25, CASE WHEN mp IS NOT NULL THEN 1.5 END,
            CASE WHEN mp IS NOT NULL THEN ?::INTEGER END,
            CASE WHEN mp IS NOT NULL THEN list_transform(range(?::BIGINT), i -> mp * (0.92 + (hash(run, idx, d, t, i) % 1601) / 10000.0)) END,
            1000.0 / mp, CASE WHEN mp IS NOT NULL THEN 'items/s' END, CASE WHEN mp IS NOT NULL THEN (200 + idx) * 1048576 END,
            CASE WHEN mp IS NOT NULL THEN 40 * 1048576 END,
            CASE WHEN status = 'pass' AND NOT (platform = 'node' AND device = 'cpu' AND dtype = 'fp32') THEN 0.9990 + jitter / 1000000.0
                 WHEN status = 'mismatch' THEN 0.90 + jitter / 10000.0 END,
            CASE WHEN status = 'pass' AND NOT (platform = 'node' AND device = 'cpu' AND dtype = 'fp32') THEN 0.0001 + jitter / 1000000.0
                 WHEN status = 'mismatch' THEN 0.3 END,
            CASE WHEN status = 'pass' AND NOT (platform = 'node' AND device = 'cpu' AND dtype = 'fp32') THEN 1.0
                 WHEN status = 'mismatch' THEN 0.7 END
     FROM measured
     ORDER BY run, idx, d, t`,
    [options.firstDay ?? '2025-01-01', options.runs, options.runs, options.samplesPerCell ?? 16, options.samplesPerCell ?? 16],
  );
}
