/**
 * The per-configuration JSON file of the published dataset (`{task}/{org}/{model}/{params}.json`): a
 * superset of the transformers.js performance leaderboard's document (`id, platform, modelId, task, mode,
 * repeats, dtype, batchSize, device, browser, timestamp, status, result.metrics, result.environment`,
 * `error {type, message, stage}` for failures), plus ours under `matrix` (status, source, real/mock,
 * parity, versions, run id, machine, every measurement). This is the only file that shapes that document.
 */
import type { CellResult, Measurements, Parity, RunInfo } from '../harness/types.js';

/** One latency metric as the leaderboard writes it (`raw` = the measured values, ms). */
export interface WireMetric {
  p50: number;
  p90: number;
  raw: number[];
  p99?: number;
  mean?: number;
  std?: number;
  min?: number;
  max?: number;
}

/** The document of one configuration's latest result. */
export interface WireConfigFile {
  id: string;
  platform: string;
  modelId: string;
  task: string;
  mode: 'warm';
  /** Timed samples behind `subsequent_infer_ms` (0 when nothing was measured). */
  repeats: number;
  dtype: string;
  batchSize: number;
  device: string;
  browser?: string;
  /** Start of the run, ms since the epoch. */
  timestamp: number;
  /** The leaderboard's job status: `completed` when the cell was measured (pass or mismatch), else `failed`. */
  status: 'completed' | 'failed';
  result: {
    metrics?: { load_ms: WireMetric; warm_load_ms: WireMetric; first_infer_ms: WireMetric; subsequent_infer_ms: WireMetric };
    environment: Record<string, unknown>;
  };
  error?: { type: string; message: string; stage?: string };
  matrix: {
    /** Version of this document's shape. */
    format: 1;
    runId: string;
    resultKey: string;
    machine: string;
    family: string;
    archKind: string;
    /** pass | fail | mismatch | unsupported | skip */
    cellStatus: CellResult['status'];
    source: CellResult['source'];
    inference: CellResult['inference'];
    parity?: Parity;
    reason?: string;
    op?: string;
    versions: { transformers: string; onnxruntime: string };
    gitSha: string | null;
    profile: string;
    measurements?: Partial<Measurements>;
    seqLength?: number;
    imageSize?: number;
    notes?: string[];
    retries?: number;
    flaky?: boolean;
    contended?: boolean;
    interrupted?: boolean;
    resolvedDevice?: string;
  };
}

/** The published document of `cell` measured in `run` on `machine` (`resultKey` is the cell's store key). */
export function toConfigFile(run: RunInfo, cell: CellResult, machine: string, resultKey: string): WireConfigFile {
  const m: Partial<Measurements> | undefined = 'measurements' in cell ? cell.measurements : undefined;
  const measured = cell.status === 'pass' || cell.status === 'mismatch';
  const single = (x: number | undefined): WireMetric => ({ p50: x ?? 0, p90: x ?? 0, raw: x === undefined ? [] : [x] });
  const l = m?.latency;
  const doc: WireConfigFile = {
    id: `${run.runId}/${resultKey}`,
    platform: cell.key.platform,
    modelId: cell.key.modelId,
    task: cell.key.task,
    mode: 'warm',
    repeats: l?.samples ?? 0,
    dtype: cell.key.dtype,
    batchSize: cell.key.batchSize,
    device: cell.key.device,
    ...(cell.key.browser ? { browser: cell.key.browser } : {}),
    timestamp: Date.parse(run.startedAt),
    status: measured ? 'completed' : 'failed',
    result: {
      ...(measured && l
        ? {
            metrics: {
              load_ms: single(m?.coldLoadMs),
              warm_load_ms: single(m?.warmLoadMs),
              first_infer_ms: single(m?.firstInferenceMs),
              subsequent_infer_ms: { p50: l.p50Ms, p90: l.p90Ms, p99: l.p99Ms, mean: l.meanMs, std: l.stdMs, min: l.minMs, max: l.maxMs, raw: m?.samplesMs ?? [] },
            },
          }
        : {}),
      environment: {
        machine,
        cpu: { model: run.cpu },
        platform: run.os,
        ...(cell.environment ?? {}),
      },
    },
    ...(cell.status === 'fail'
      ? { error: { type: cell.errorType, message: cell.message, stage: cell.stage } }
      : cell.status === 'unsupported' || cell.status === 'skip'
        ? { error: { type: cell.status, message: cell.reason } }
        : {}),
    matrix: {
      format: 1,
      runId: run.runId,
      resultKey,
      machine,
      family: cell.key.family,
      archKind: cell.key.archKind,
      cellStatus: cell.status,
      source: cell.source,
      inference: cell.inference,
      ...('parity' in cell && cell.parity ? { parity: cell.parity } : {}),
      ...(cell.status === 'unsupported' || cell.status === 'skip' ? { reason: cell.reason } : {}),
      ...(cell.status === 'fail' && cell.op ? { op: cell.op } : {}),
      versions: { transformers: run.transformersVersion, onnxruntime: run.ortVersion },
      gitSha: run.gitSha,
      profile: cell.profile ?? run.profile,
      ...(m ? { measurements: m } : {}),
      ...(cell.key.seqLength !== undefined ? { seqLength: cell.key.seqLength } : {}),
      ...(cell.key.imageSize !== undefined ? { imageSize: cell.key.imageSize } : {}),
      ...(cell.notes?.length ? { notes: cell.notes } : {}),
      ...(cell.retries ? { retries: cell.retries } : {}),
      ...(cell.flaky ? { flaky: true } : {}),
      ...(cell.contended ? { contended: true } : {}),
      ...(cell.interrupted ? { interrupted: true } : {}),
      ...(cell.resolvedDevice ? { resolvedDevice: cell.resolvedDevice } : {}),
    },
  };
  return doc;
}

/** The `timestamp` and run id of a published document, or undefined when `text` is not one. */
export function readConfigStamp(text: string): { timestamp: number; runId: string } | undefined {
  try {
    const doc = JSON.parse(text) as Partial<WireConfigFile>;
    if (typeof doc.timestamp !== 'number' || typeof doc.matrix?.runId !== 'string') return undefined;
    return { timestamp: doc.timestamp, runId: doc.matrix.runId };
  } catch {
    return undefined;
  }
}
