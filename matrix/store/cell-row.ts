/**
 * The mapping between a CellResult and one `results` row: flat columns for what reports filter
 * and sort on, JSON for the nested parity and notes. `rowToCell` inverts `cellToRow`, so a
 * stored cell reads back as the value the harness produced.
 */
import type { CellEnvironment, CellResult, LatencyStats, MemorySample, Measurements, Parity } from '../harness/types.js';
import { resultKey } from './result-key.js';

/** Column kinds the appender knows how to write. */
export type ColumnKind = 'varchar' | 'integer' | 'bigint' | 'double' | 'double[]' | 'boolean';

/** The `results` columns in DDL order (schema v1, then v2's appended columns); a test checks this against the database. */
export const RESULT_COLUMNS = [
  ['run_id', 'varchar'],
  ['result_key', 'varchar'],
  ['family', 'varchar'],
  ['arch_kind', 'varchar'],
  ['task', 'varchar'],
  ['model_id', 'varchar'],
  ['source', 'varchar'],
  ['inference', 'varchar'],
  ['platform', 'varchar'],
  ['device', 'varchar'],
  ['dtype', 'varchar'],
  ['batch_size', 'integer'],
  ['status', 'varchar'],
  ['error_stage', 'varchar'],
  ['error_type', 'varchar'],
  ['error_message', 'varchar'],
  ['error_op', 'varchar'],
  ['reason', 'varchar'],
  ['load_ms', 'double'],
  ['warm_load_ms', 'double'],
  ['first_ms', 'double'],
  ['latency_p50_ms', 'double'],
  ['latency_p90_ms', 'double'],
  ['latency_p99_ms', 'double'],
  ['latency_mean_ms', 'double'],
  ['latency_std_ms', 'double'],
  ['latency_min_ms', 'double'],
  ['latency_max_ms', 'double'],
  ['latency_rme_percent', 'double'],
  ['samples', 'integer'],
  ['samples_ms', 'double[]'],
  ['throughput', 'double'],
  ['throughput_unit', 'varchar'],
  ['ttft_ms', 'double'],
  ['peak_rss_bytes', 'bigint'],
  ['heap_used_bytes', 'bigint'],
  ['parameter_count', 'bigint'],
  ['parity', 'varchar'],
  ['parity_cosine', 'double'],
  ['parity_max_abs_diff', 'double'],
  ['parity_top_agreement', 'double'],
  ['notes', 'varchar'],
  ['interrupted', 'boolean'],
  // schema v2
  ['seq_length', 'integer'],
  ['image_size', 'integer'],
  ['browser', 'varchar'],
  ['retries', 'integer'],
  ['flaky', 'boolean'],
  ['contended', 'boolean'],
  ['profile', 'varchar'],
  ['resolved_device', 'varchar'],
  ['flops', 'double'],
  ['flops_per_token', 'double'],
  ['gflops_per_s', 'double'],
  ['model_bytes', 'bigint'],
  ['memory_timeline', 'varchar'],
  ['environment', 'varchar'],
  ['software_adapter', 'boolean'],
] as const satisfies ReadonlyArray<readonly [string, ColumnKind]>;

export type ResultColumn = (typeof RESULT_COLUMNS)[number][0];
/** One `results` row as plain JS values (null = SQL NULL). */
export type ResultRow = Record<ResultColumn, string | number | boolean | number[] | null>;

/** The `results` row of `cell` in run `runId`. `runInterrupted` marks cells of an interrupted run. */
export function cellToRow(runId: string, cell: CellResult, runInterrupted = false): ResultRow {
  const m: Partial<Measurements> | undefined = 'measurements' in cell ? cell.measurements : undefined;
  const latency: Partial<LatencyStats> = m?.latency ?? {};
  const parity: Parity | undefined = 'parity' in cell ? cell.parity : undefined;
  const v = <T>(x: T | undefined): T | null => (x === undefined ? null : x);
  return {
    run_id: runId,
    result_key: resultKey(cell.key),
    family: cell.key.family,
    arch_kind: cell.key.archKind,
    task: cell.key.task,
    model_id: cell.key.modelId,
    source: cell.source,
    inference: cell.inference,
    platform: cell.key.platform,
    device: cell.key.device,
    dtype: cell.key.dtype,
    batch_size: cell.key.batchSize,
    status: cell.status,
    error_stage: cell.status === 'fail' ? cell.stage : null,
    error_type: cell.status === 'fail' ? cell.errorType : null,
    error_message: cell.status === 'fail' ? cell.message : null,
    error_op: cell.status === 'fail' ? v(cell.op) : null,
    reason: cell.status === 'unsupported' || cell.status === 'skip' ? cell.reason : null,
    load_ms: v(m?.coldLoadMs),
    warm_load_ms: v(m?.warmLoadMs),
    first_ms: v(m?.firstInferenceMs),
    latency_p50_ms: v(latency.p50Ms),
    latency_p90_ms: v(latency.p90Ms),
    latency_p99_ms: v(latency.p99Ms),
    latency_mean_ms: v(latency.meanMs),
    latency_std_ms: v(latency.stdMs),
    latency_min_ms: v(latency.minMs),
    latency_max_ms: v(latency.maxMs),
    latency_rme_percent: v(latency.rmePercent),
    samples: v(latency.samples),
    samples_ms: v(m?.samplesMs),
    throughput: v(m?.throughput),
    throughput_unit: v(m?.throughputUnit),
    ttft_ms: v(m?.timeToFirstTokenMs),
    peak_rss_bytes: v(m?.peakRssBytes),
    heap_used_bytes: v(m?.heapUsedBytes),
    parameter_count: v(m?.parameterCount),
    parity: parity ? JSON.stringify(parity) : null,
    parity_cosine: parity ? parity.cosine : null,
    parity_max_abs_diff: parity ? parity.maxAbsDiff : null,
    parity_top_agreement: parity ? parity.topAgreement : null,
    notes: cell.notes ? JSON.stringify(cell.notes) : null,
    interrupted: cell.interrupted ?? runInterrupted,
    seq_length: v(cell.key.seqLength),
    image_size: v(cell.key.imageSize),
    browser: v(cell.key.browser),
    retries: cell.retries ?? 0,
    flaky: cell.flaky ?? false,
    contended: cell.contended ?? false,
    profile: v(cell.profile),
    resolved_device: v(cell.resolvedDevice),
    flops: v(m?.flops),
    flops_per_token: v(m?.flopsPerToken),
    gflops_per_s: v(m?.gflopsPerSecond),
    model_bytes: v(m?.modelBytes),
    memory_timeline: m?.memoryTimeline ? JSON.stringify(m.memoryTimeline) : null,
    environment: cell.environment ? JSON.stringify(cell.environment) : null,
    software_adapter: cell.environment?.softwareAdapter ?? false,
  };
}

/**
 * The CellResult stored in a `results` row (as read with `getRowObjectsJS()`: BIGINT arrives as
 * bigint). `interrupted` is present only when true.
 */
export function rowToCell(row: Record<string, unknown>): CellResult {
  const n = (x: unknown): number | undefined => (x === null || x === undefined ? undefined : Number(x));
  const s = (x: unknown): string | undefined => (x === null || x === undefined ? undefined : String(x));
  const base = {
    key: {
      family: String(row.family),
      archKind: row.arch_kind,
      task: String(row.task),
      modelId: String(row.model_id),
      platform: row.platform,
      device: row.device,
      dtype: row.dtype,
      batchSize: Number(row.batch_size),
      ...(row.seq_length === null || row.seq_length === undefined ? {} : { seqLength: Number(row.seq_length) }),
      ...(row.image_size === null || row.image_size === undefined ? {} : { imageSize: Number(row.image_size) }),
      ...(row.browser === null || row.browser === undefined ? {} : { browser: String(row.browser) }),
    },
    source: row.source,
    inference: row.inference,
    ...(row.notes === null || row.notes === undefined ? {} : { notes: JSON.parse(String(row.notes)) as string[] }),
    ...(row.interrupted === true ? { interrupted: true } : {}),
    ...(n(row.retries) ? { retries: n(row.retries) } : {}),
    ...(row.flaky === true ? { flaky: true } : {}),
    ...(row.contended === true ? { contended: true } : {}),
    ...(s(row.profile) === undefined ? {} : { profile: s(row.profile) }),
    ...(s(row.resolved_device) === undefined ? {} : { resolvedDevice: s(row.resolved_device) }),
    ...(row.environment === null || row.environment === undefined ? {} : { environment: JSON.parse(String(row.environment)) as CellEnvironment }),
  } as Pick<CellResult, 'key' | 'source' | 'inference' | 'notes' | 'interrupted' | 'retries' | 'flaky' | 'contended' | 'profile' | 'resolvedDevice' | 'environment'>;

  const latency: LatencyStats | undefined =
    row.latency_p50_ms === null || row.latency_p50_ms === undefined
      ? undefined
      : {
          samples: Number(row.samples),
          meanMs: Number(row.latency_mean_ms),
          p50Ms: Number(row.latency_p50_ms),
          p90Ms: Number(row.latency_p90_ms),
          p99Ms: Number(row.latency_p99_ms),
          minMs: Number(row.latency_min_ms),
          maxMs: Number(row.latency_max_ms),
          stdMs: Number(row.latency_std_ms),
          rmePercent: Number(row.latency_rme_percent),
        };
  const measured: Partial<Measurements> = dropUndefined({
    coldLoadMs: n(row.load_ms),
    warmLoadMs: n(row.warm_load_ms),
    firstInferenceMs: n(row.first_ms),
    latency,
    samplesMs: Array.isArray(row.samples_ms) ? row.samples_ms.map(Number) : undefined,
    throughput: n(row.throughput),
    throughputUnit: s(row.throughput_unit) as Measurements['throughputUnit'] | undefined,
    timeToFirstTokenMs: n(row.ttft_ms),
    peakRssBytes: n(row.peak_rss_bytes),
    heapUsedBytes: n(row.heap_used_bytes),
    parameterCount: n(row.parameter_count),
    flops: n(row.flops),
    flopsPerToken: n(row.flops_per_token),
    gflopsPerSecond: n(row.gflops_per_s),
    modelBytes: n(row.model_bytes),
    memoryTimeline: row.memory_timeline === null || row.memory_timeline === undefined ? undefined : (JSON.parse(String(row.memory_timeline)) as MemorySample[]),
  });
  const parity = row.parity === null || row.parity === undefined ? undefined : (JSON.parse(String(row.parity)) as Parity);

  switch (row.status) {
    case 'pass':
      return { ...base, status: 'pass', measurements: measured as Measurements, ...(parity ? { parity } : {}) };
    case 'mismatch':
      return { ...base, status: 'mismatch', measurements: measured as Measurements, parity: parity! };
    case 'fail':
      return {
        ...base,
        status: 'fail',
        stage: row.error_stage as Extract<CellResult, { status: 'fail' }>['stage'],
        errorType: row.error_type as Extract<CellResult, { status: 'fail' }>['errorType'],
        message: String(row.error_message),
        ...(row.error_op === null || row.error_op === undefined ? {} : { op: String(row.error_op) }),
        ...(Object.keys(measured).length > 0 ? { measurements: measured } : {}),
      };
    case 'unsupported':
    case 'skip':
      return { ...base, status: row.status, reason: String(row.reason) };
    default:
      throw new Error(`results row has unknown status ${JSON.stringify(row.status)}`);
  }
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, x]) => x !== undefined)) as T;
}
