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
  /** Web cells: the browser engine (`chromium`); absent on node (see load-cells.ts markWebCells). */
  browser?: string | null;
  /** True when the cell ran on a software GPU adapter (SwiftShader, lavapipe): its timings mean nothing for a GPU. */
  softwareAdapter?: boolean | null;
  /** Re-runs after transient failures (0 = first try). */
  retries: number;
  /** Passed only after a retry. */
  flaky: boolean;
  /** Schema v2 sizes (add-cell-sizes.ts): FLOPs of one forward (generation: the prefill), per generated token, achieved GFLOP/s. */
  flops?: number | null;
  flopsPerToken?: number | null;
  gflopsPerSecond?: number | null;
  /** Bytes on disk of the dtype's ONNX files. */
  modelBytes?: number | null;
  /** RSS sampled around the load, and in the untimed pass after the timed loop (harness memory-timeline.ts). */
  memoryTimeline?: CellMemorySample[] | null;
}

/** One point of a stored memory timeline (as the harness's MemorySample). */
export interface CellMemorySample {
  tMs: number;
  phase: 'load' | 'first' | 'measure';
  rssBytes: number;
  deviceBytes?: number;
}

/** Each CellRow field and the `results` expression it comes from (BIGINT cast to DOUBLE so rows hold plain numbers). */
const CELL_FIELDS: ReadonlyArray<readonly [keyof CellRow, string]> = [
  ['resultKey', 'result_key'], ['family', 'family'], ['archKind', 'arch_kind'], ['task', 'task'], ['modelId', 'model_id'],
  ['source', 'source'], ['inference', 'inference'], ['platform', 'platform'], ['device', 'device'], ['dtype', 'dtype'],
  ['batchSize', 'batch_size'], ['status', 'status'], ['errorStage', 'error_stage'], ['errorType', 'error_type'],
  ['errorMessage', 'error_message'], ['reason', 'reason'], ['loadMs', 'load_ms'], ['firstMs', 'first_ms'],
  ['latencyP50Ms', 'latency_p50_ms'], ['latencyP90Ms', 'latency_p90_ms'], ['latencyP99Ms', 'latency_p99_ms'],
  ['latencyMeanMs', 'latency_mean_ms'], ['samples', 'samples'], ['throughput', 'throughput'], ['throughputUnit', 'throughput_unit'],
  ['peakRssBytes', 'peak_rss_bytes::DOUBLE'], ['parityCosine', 'parity_cosine'], ['parityMaxAbsDiff', 'parity_max_abs_diff'],
  ['parityTopAgreement', 'parity_top_agreement'], ['retries', 'coalesce(results.retries, 0)'], ['flaky', 'coalesce(results.flaky, false)'],
];

/** SELECT list producing CellRow from `results`. */
export const CELL_COLUMNS = CELL_FIELDS.map(([field, sql]) => `${sql} AS "${field}"`).join(', ');

/**
 * One VARCHAR per row holding the CellRow as JSON. Reading one string per cell and JSON.parse is several
 * times faster than @duckdb/node-api's per-value conversion of 29 columns; DuckDB writes a non-finite
 * double as a bare NaN/Infinity, which JSON.parse rejects, so readers fall back to CELL_COLUMNS then.
 */
export const CELL_JSON = `to_json(struct_pack(${CELL_FIELDS.map(([field, sql]) => `"${field}" := ${sql}`).join(', ')}))::VARCHAR`;

/** Stable order of cells: family, task, model, platform, device, dtype, batch. */
export const CELL_ORDER = `family, task, model_id, platform, device, dtype, batch_size`;
