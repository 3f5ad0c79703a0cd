/** One row of `results` (one cell of the matrix), as the report commands read it. */
export interface CellRow {
  resultKey: string;
  family: string;
  archKind: string;
  task: string;
  modelId: string;
  source: string;
  inference: string;
  platform: string;
  device: string;
  dtype: string;
  batchSize: number;
  status: string;
  errorStage: string | null;
  errorType: string | null;
  errorMessage: string | null;
  reason: string | null;
  loadMs: number | null;
  firstMs: number | null;
  latencyP50Ms: number | null;
  latencyP90Ms: number | null;
  latencyP99Ms: number | null;
  latencyMeanMs: number | null;
  samples: number | null;
  throughput: number | null;
  throughputUnit: string | null;
  peakRssBytes: number | null;
  parityCosine: number | null;
  parityMaxAbsDiff: number | null;
  parityTopAgreement: number | null;
}

/** SELECT list producing CellRow from `results` (BIGINT cast to DOUBLE so rows hold plain numbers). */
export const CELL_COLUMNS = `result_key AS "resultKey", family, arch_kind AS "archKind", task, model_id AS "modelId", source,
  inference, platform, device, dtype, batch_size AS "batchSize", status, error_stage AS "errorStage",
  error_type AS "errorType", error_message AS "errorMessage", reason, load_ms AS "loadMs", first_ms AS "firstMs",
  latency_p50_ms AS "latencyP50Ms", latency_p90_ms AS "latencyP90Ms", latency_p99_ms AS "latencyP99Ms",
  latency_mean_ms AS "latencyMeanMs", samples, throughput, throughput_unit AS "throughputUnit",
  peak_rss_bytes::DOUBLE AS "peakRssBytes", parity_cosine AS "parityCosine",
  parity_max_abs_diff AS "parityMaxAbsDiff", parity_top_agreement AS "parityTopAgreement"`;

/** Stable order of cells: family, task, model, platform, device, dtype, batch. */
export const CELL_ORDER = `family, task, model_id, platform, device, dtype, batch_size`;
