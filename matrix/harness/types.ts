/**
 * The shared contract of model-matrix: what a cell is, what it produces, and the
 * names every other part (generator templates, reporter, store, reports) relies on.
 * Keep this file free of runtime imports so anything can import it cheaply.
 */
import type {} from 'vitest';

/** Architecture kinds the registry classifies families into. */
export const ARCH_KINDS = [
  'encoder-only',
  'decoder-only',
  'encoder-decoder',
  'vision',
  'audio',
  'multimodal',
  'other',
] as const;
export type ArchKind = (typeof ARCH_KINDS)[number];

/** Where inference runs. */
export const PLATFORMS = ['node', 'web'] as const;
export type Platform = (typeof PLATFORMS)[number];

/** Devices per platform (execution providers). */
export const NODE_DEVICES = ['cpu', 'cuda', 'webgpu', 'dml', 'coreml'] as const;
export const WEB_DEVICES = ['wasm', 'webgpu', 'webnn'] as const;
/**
 * `device: 'auto'`: transformers.js picks (AUTO_DEVICE_ORDER); the cell records where it ended in
 * `resolvedDevice`. A node cell device, not an execution provider: the probe never probes it.
 */
export const AUTO_DEVICE = 'auto' as const;
export type Device = (typeof NODE_DEVICES)[number] | (typeof WEB_DEVICES)[number] | typeof AUTO_DEVICE;

/**
 * The devices `device: 'auto'` hands ONNX Runtime, in priority order, as transformers.js 4.3.1 builds them
 * (src/backends/onnx.js `supportedDevices`): node — dml (Windows) | cuda (Linux x64) | coreml (macOS), then
 * webgpu, then cpu; web — webnn (npu, gpu, cpu), webgpu when available, then wasm. Only the OS's own
 * vendor provider appears on node, so one list serves every OS. ORT gives the first provider that
 * registers every node it supports, so a session that loads runs first on the first one.
 */
export const AUTO_DEVICE_ORDER: Readonly<Record<Platform, readonly Device[]>> = Object.freeze({
  node: Object.freeze(['dml', 'cuda', 'coreml', 'webgpu', 'cpu'] as const),
  web: Object.freeze(['webnn', 'webgpu', 'wasm'] as const),
});

/** dtypes as transformers.js names them (file suffixes: model.onnx, model_fp16.onnx, model_quantized.onnx, model_q4.onnx). */
export const DTYPES = ['fp32', 'fp16', 'q8', 'q4'] as const;
export type Dtype = (typeof DTYPES)[number];

/** Where a cell's model files came from. `mock` means none were reachable. */
export const SOURCES = ['hub', 'cache', 'local', 'forged', 'mock'] as const;
export type ModelSource = (typeof SOURCES)[number];

export type Inference = 'real' | 'mock';

export const STATUSES = ['pass', 'fail', 'mismatch', 'unsupported', 'skip'] as const;
export type CellStatus = (typeof STATUSES)[number];

export const ERROR_STAGES = ['resolve', 'load', 'preprocess', 'infer', 'postprocess', 'assert'] as const;
export type ErrorStage = (typeof ERROR_STAGES)[number];

export const ERROR_TYPES = [
  'unsupported-op',
  'out-of-memory',
  'missing-file',
  'timeout',
  'assertion',
  /** The worker running the cell died (killed by a signal, or exited) before the cell finished. */
  'crashed',
  /** A model file is there but unreadable: config.json not JSON or without model_type, an ONNX file that does not parse (truncated). */
  'corrupt-model',
  'unknown',
] as const;
export type ErrorType = (typeof ERROR_TYPES)[number];

/** The identity of one cell of the matrix: family × task × platform × device × dtype × batch. */
export interface CellKey {
  family: string;
  archKind: ArchKind;
  task: string;
  /** Hub-style id (`org/name`) of the model; for forged models `forged/<family>`. */
  modelId: string;
  platform: Platform;
  device: Device;
  dtype: Dtype;
  batchSize: number;
  /** Text sequence length of the inputs when swept (absent = the template's default input). */
  seqLength?: number;
  /** Square image side in pixels when swept (absent = the processor's default size). */
  imageSize?: number;
  /** Web cells: the browser engine (`chromium`, `firefox`, `webkit`); part of the result key. */
  browser?: string;
}

/** Latency statistics of the timed samples, all in milliseconds. */
export interface LatencyStats {
  samples: number;
  meanMs: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  minMs: number;
  maxMs: number;
  stdMs: number;
  /** Relative margin of error of the mean at 95 %, in percent. */
  rmePercent: number;
}

/** Agreement of a cell's outputs with the cpu/fp32 reference of the same model and input. */
export interface Parity {
  /** The reference cell (`node/cpu/fp32`); a reference cell compares with nothing and has no parity. */
  reference: string;
  cosine: number;
  maxAbsDiff: number;
  /** Share of argmax/top-1 (or generated token) positions that agree, 0..1. */
  topAgreement: number;
  /** Tolerances applied for this dtype. */
  tolerance: { minCosine: number; maxAbsDiff: number; minTopAgreement: number };
  ok: boolean;
  /** Why not ok (missing output, shape mismatch, NaN/Inf, which metric is out of tolerance); absent when ok. */
  reason?: string;
}

/** What every measured cell carries, pass or mismatch. */
export interface Measurements {
  coldLoadMs: number;
  warmLoadMs: number;
  firstInferenceMs: number;
  latency: LatencyStats;
  /** Raw timed samples in ms (kept for significance tests in `matrix compare`). */
  samplesMs: number[];
  /** items/s (or tokens/s for generation). */
  throughput: number;
  throughputUnit: 'items/s' | 'tokens/s';
  /** Generation only. */
  timeToFirstTokenMs?: number;
  peakRssBytes: number;
  heapUsedBytes: number;
  parameterCount?: number;
  /** Estimated floating-point operations of one forward pass at the measured input shapes (prefill for generation). */
  flops?: number;
  /** Generation only: estimated FLOPs of one generated token (decode step with the KV cache). */
  flopsPerToken?: number;
  /** Achieved GFLOP/s over the measured iterations. */
  gflopsPerSecond?: number;
  /** Size of the model's files on disk for this dtype, in bytes. */
  modelBytes?: number;
  /** Memory sampled in a separate, untimed pass: load, first inference, measured loop. */
  memoryTimeline?: MemorySample[];
}

/** One point of a cell's memory timeline. */
export interface MemorySample {
  /** Milliseconds since the sampling pass started. */
  tMs: number;
  phase: 'load' | 'first' | 'measure';
  rssBytes: number;
  /** Device memory when the execution provider (or browser) reports it. */
  deviceBytes?: number;
}

/** Where a web cell ran: the browser and its GPU adapter (node cells leave this out). */
export interface CellEnvironment {
  browser?: string;
  browserVersion?: string;
  /** GPUAdapterInfo fields (vendor, architecture, device, description) and isFallbackAdapter. */
  adapter?: Record<string, string | number | boolean>;
  /** True on a software adapter (SwiftShader, lavapipe): its timings mean nothing for real GPUs. */
  softwareAdapter?: boolean;
}

interface CellBase {
  key: CellKey;
  source: ModelSource;
  inference: Inference;
  /** Free-form notes a reader should see (e.g. "random weights from config X"). */
  notes?: string[];
  /** True when this cell was recorded by a run that was interrupted before finishing. */
  interrupted?: boolean;
  /** How many times the cell was re-run after a transient failure (0 or absent = first try). */
  retries?: number;
  /** Passed only after a retry: never the same as a clean pass. */
  flaky?: boolean;
  /** Measured while another device's cells ran at the same time (`--parallel`): timings are contended. */
  contended?: boolean;
  /** Measurement profile the cell was measured with (`quick`, `full`, or a suite's own). */
  profile?: string;
  /** `device: 'auto'` cells: the device transformers.js really ended on. */
  resolvedDevice?: string;
  /** Web cells: browser and adapter. */
  environment?: CellEnvironment;
}

/** A cell result is a value, never a throw. */
export type CellResult =
  | (CellBase & { status: 'pass'; measurements: Measurements; parity?: Parity })
  | (CellBase & { status: 'mismatch'; measurements: Measurements; parity: Parity })
  | (CellBase & {
      status: 'fail';
      stage: ErrorStage;
      errorType: ErrorType;
      message: string;
      /** Operator named by the runtime for unsupported-op. */
      op?: string;
      measurements?: Partial<Measurements>;
    })
  | (CellBase & { status: 'unsupported'; reason: string })
  | (CellBase & { status: 'skip'; reason: string });

/** One device as found (or not) by probing. */
export interface DeviceReport {
  platform: Platform;
  device: Device;
  available: boolean;
  /** Why not, when not available; otherwise empty. */
  reason: string;
  /** e.g. adapter name, provider library; `software: true` when the adapter is a software rasterizer. */
  info: Record<string, string | number | boolean>;
}

/** What the run is, for the `runs` table. */
export interface RunInfo {
  runId: string;
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
  /** Machine label (`--machine`, `MATRIX_MACHINE`, or derived from the CPU/GPU model): part of published paths. */
  machine?: string;
  /** Where a run came from when it was not measured here, e.g. `hf://datasets/org/name@revision`. */
  origin?: string;
  /** A commit or library-version label (`matrix commits`, `matrix versions`). */
  label?: string;
  /** Suite file or predefined suite name the run was started from. */
  suite?: string;
}

declare module 'vitest' {
  interface TaskMeta {
    /** The cell a generated test measured; the matrix reporter stores it. */
    matrix?: CellResult;
  }
  interface ProvidedContext {
    /** Devices found by the globalSetup probe. */
    matrixDevices: DeviceReport[];
    /** Absolute folder holding forged models (`<dir>/<family>/...`), or '' when forging is off. */
    matrixForgedDir: string;
    /** Run identity decided once in globalSetup. */
    matrixRun: RunInfo;
  }
}
