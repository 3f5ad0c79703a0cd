/**
 * Runs one cell end to end and returns its CellResult — never throws: resolve the source, check the
 * dtype's files, load (cold, then warm), run the test body, sample memory, compare outputs with the
 * cpu/fp32 reference of the same family and task, all under the cell's timeout.
 */
import { isAbsolute } from 'node:path';
import { Tensor } from '@huggingface/transformers';
import { trackedProgress } from './cell-progress.js';
import { checkDtypeFiles } from './check-dtype-files.js';
import { checkModelFolder } from './check-model-folder.js';
import { CellModel } from './cell-model.js';
import { classifyError } from './classify-error.js';
import { StagedError, UnsupportedError } from './errors.js';
import { latencyStats } from './latency-stats.js';
import { mockBackend } from './mock-backend.js';
import type { CellOutputs } from './model-api.js';
import type { ModelBackend } from './model-backend.js';
import { compareOutputs, type ParityOutputs } from './parity.js';
import { folderParameterCount } from './folder-parameter-count.js';
import { cellFlops, forwardFlops, modelBytes } from './cell-flops.js';
import { MemorySampler } from './memory-sampler.js';
import { memoryTimeline } from './memory-timeline.js';
import { checkMemoryFit } from './check-memory-fit.js';
import type { MeasureProfile } from './profiles.js';
import { loadPretrained, realBackend, type LoadSpec, type PreprocessorCache } from './real-backend.js';
import type { ResolvedSource } from './resolve-source.js';
import { asNumbers } from './tensor-diff.js';
import { AUTO_DEVICE, AUTO_DEVICE_ORDER, type CellEnvironment, type CellKey, type CellResult, type Device, type Dtype, type ErrorStage, type Measurements, type MemorySample, type WebContext } from './types.js';
import { nodeOsSupport } from '../devices/node-os-support.js';
import { withTimeout } from './with-timeout.js';

/** A test body: drives `m`, asserts, and returns the outputs parity compares. */
export type CellBody = (m: CellModel) => Promise<CellOutputs | void>;

/** The cpu/fp32 outputs of one (family, task) group, shared by its cells. */
export interface ReferenceSlot {
  outputs?: ParityOutputs | null;
  /** Why no reference exists (the reference run failed). */
  missing?: string;
}

export interface CellRun {
  key: CellKey;
  autoClass: string;
  /** The resolved source, or the error resolving it (a hostile id). */
  resolved: ResolvedSource | Error;
  isReference: boolean;
  reference: ReferenceSlot;
  shared: PreprocessorCache;
  profile: MeasureProfile;
  timeoutMs: number;
  /** ONNX Runtime intra-op threads; ORT's default when absent. */
  intraOpThreads?: number;
  /** Web cells: the run's browser, and where the cell ran (stored as CellBase.environment). */
  web?: WebContext;
  environment?: CellEnvironment;
}

/** The result plus the original error of a failed cell (so vitest can show an assertion's diff). */
export interface CellOutcome {
  result: CellResult;
  error?: unknown;
}

export const REFERENCE_NAME = 'node/cpu/fp32';

/** Runs the cell; every failure becomes a `fail`, `unsupported` or `mismatch` result. */
export async function runCell(run: CellRun, body: CellBody): Promise<CellOutcome> {
  const resolved = run.resolved;
  const base = {
    key: resolved instanceof Error ? run.key : { ...run.key, modelId: resolved.modelId },
    source: resolved instanceof Error ? ('mock' as const) : resolved.source,
    inference: resolved instanceof Error || resolved.source === 'mock' ? ('mock' as const) : ('real' as const),
    ...(resolved instanceof Error || resolved.notes.length === 0 ? {} : { notes: resolved.notes }),
    ...(run.environment ? { environment: run.environment } : {}),
    profile: run.profile.name,
  };
  const progress = trackedProgress<Partial<Measurements>>(base, {});
  try {
    if (resolved instanceof Error) throw resolved;
    const result = await withTimeout(execute(run, resolved, body, progress, base), run.timeoutMs, `cell ${cellName(run.key)}`);
    return { result };
  } catch (error) {
    if (error instanceof UnsupportedError) return { result: { ...base, status: 'unsupported', reason: error.message } };
    const stage = error instanceof StagedError ? error.stage : isAssertion(error) ? 'assert' : progress.stage;
    const cause = error instanceof StagedError ? error.cause : error;
    const classified = classifyError(cause, stage);
    const measurements = Object.keys(progress.partial).length > 0 ? { measurements: progress.partial } : {};
    return {
      result: {
        ...base,
        status: 'fail',
        stage: classified.stage,
        errorType: stage === 'assert' ? 'assertion' : classified.errorType,
        message: classified.message,
        ...(classified.op ? { op: classified.op } : {}),
        ...measurements,
      },
      error: cause,
    };
  }
}

async function execute(
  run: CellRun,
  resolved: ResolvedSource,
  body: CellBody,
  progress: { stage: ErrorStage; partial: Partial<Measurements> },
  base: Omit<CellResult, 'status'>,
): Promise<CellResult> {
  const { device, dtype } = run.key;
  progress.stage = 'load';
  if (resolved.source !== 'mock' && isAbsolute(resolved.location)) checkMemoryFit(resolved.location, dtype);
  // Node cells only: a page has no process RSS to sample (web cells keep their page memory, webMemory).
  const sampler = resolved.source !== 'mock' && !run.web ? new MemorySampler() : undefined;
  const opened = await open(run, resolved, device, dtype, run.web, sampler);
  progress.partial.coldLoadMs = opened.coldLoadMs;
  progress.partial.warmLoadMs = opened.warmLoadMs;
  const m = new CellModel({ backend: opened.backend, source: resolved.source, device, dtype, profile: run.profile });
  let outputs: CellOutputs | void;
  let timeline: { points?: MemorySample[]; note?: string } = {};
  let bodyMs = 0;
  const bodyStart = performance.now();
  try {
    progress.stage = 'postprocess';
    outputs = await body(m);
    bodyMs = performance.now() - bodyStart;
    if (sampler) timeline = await memoryTimeline(m, sampler);
    else if (run.web && resolved.source !== 'mock') timeline = { note: 'memory timeline not sampled: a web page has no process RSS to sample; its one reading after the run is stored as the peak' };
  } finally {
    await m.dispose().catch(() => undefined);
  }
  // Memory is sampled here, outside every timed loop: the process on node, the page on web.
  const memory = run.web ? await webMemory(run.web) : { peakRssBytes: process.resourceUsage().maxRSS * 1024, heapUsedBytes: process.memoryUsage().heapUsed, notes: [] };
  const { peakRssBytes, heapUsedBytes } = memory;
  const measured = m.measured ?? { firstMs: bodyMs, samplesMs: [bodyMs], stats: latencyStats([bodyMs]), throughput: 1000 / Math.max(bodyMs, 1e-6), throughputUnit: 'items/s' as const };
  const measurements: Measurements = {
    coldLoadMs: opened.coldLoadMs,
    warmLoadMs: opened.warmLoadMs,
    firstInferenceMs: measured.firstMs,
    latency: measured.stats,
    samplesMs: measured.samplesMs,
    throughput: measured.throughput,
    throughputUnit: measured.throughputUnit,
    ...(measured.timeToFirstTokenMs === undefined ? {} : { timeToFirstTokenMs: measured.timeToFirstTokenMs }),
    peakRssBytes,
    heapUsedBytes,
  };
  let flopsNote: string | undefined;
  const parameters = resolved.source !== 'mock' && isAbsolute(resolved.location) ? folderParameterCount(resolved.location) : undefined;
  if (parameters !== undefined) measurements.parameterCount = parameters;
  if (resolved.source !== 'mock' && isAbsolute(resolved.location)) {
    const bytes = modelBytes(resolved.location, dtype);
    if (bytes !== undefined) measurements.modelBytes = bytes;
    if (m.measured?.generation) {
      Object.assign(measurements, cellFlops(resolved.location, m.config, m.measured.generation, measured.stats.meanMs, m.measured.inputDims));
      if (measurements.flops === undefined) flopsNote = 'flops not computed: no readable decoder graph this generation runs (onnx/model.onnx, decoder_model_merged.onnx, or encoder_model.onnx + decoder), or a shape in it is not known';
    }
    else if (m.measured) {
      const f = forwardFlops(resolved.location, m.config, m.measured.inputDims ?? {}, measured.stats.p50Ms);
      Object.assign(measurements, f.measurements);
      if (f.note) flopsNote = f.note;
    }
  }
  if (timeline.points) measurements.memoryTimeline = timeline.points;
  const notes = [
    ...(base.notes ?? []),
    ...memory.notes,
    ...(m.measured ? [] : ['body never called m.measure: latency is the whole body, once']),
    ...(flopsNote ? [flopsNote] : []),
    ...(timeline.note ? [timeline.note] : []),
  ];
  const resolvedDevice = device === AUTO_DEVICE ? autoResolvedDevice() : undefined;
  if (resolvedDevice) notes.push(`device 'auto': transformers.js handed ONNX Runtime ${autoOrderHere().join(', ')}; the session loaded, so it runs on ${resolvedDevice}`);
  const withNotes = { ...base, ...(notes.length > 0 ? { notes } : {}), ...(resolvedDevice ? { resolvedDevice } : {}) };

  const candidate = outputs ? toParityOutputs(outputs) : null;
  if (run.isReference) {
    run.reference.outputs = candidate;
    return { ...withNotes, status: 'pass', measurements };
  }
  progress.stage = 'postprocess';
  const reference = await referenceOutputs(run, resolved, body);
  if (!candidate || !reference) {
    const why = !candidate ? 'test body returned no outputs to compare' : `no ${REFERENCE_NAME} reference: ${run.reference.missing ?? 'it returned no outputs'}`;
    return { ...withNotes, notes: [...(withNotes.notes ?? []), `parity not computed: ${why}`], status: 'pass', measurements };
  }
  const parity = { ...compareOutputs(reference, candidate, dtype), reference: REFERENCE_NAME };
  return parity.ok ? { ...withNotes, status: 'pass', measurements, parity } : { ...withNotes, status: 'mismatch', measurements, parity };
}

/**
 * Loads the backend: a mock at once, a real model twice (cold, then warm) after checking the dtype's files.
 * `sampler` takes its `load` points between the timers, never inside them.
 */
async function open(run: CellRun, resolved: ResolvedSource, device: Device, dtype: Dtype, web?: WebContext, sampler?: MemorySampler): Promise<{ backend: ModelBackend; coldLoadMs: number; warmLoadMs: number }> {
  if (resolved.source === 'mock') {
    const start = performance.now();
    const backend = mockBackend(run.key.family, run.key.archKind, run.autoClass, run.key.task);
    const ms = performance.now() - start;
    return { backend, coldLoadMs: ms, warmLoadMs: ms };
  }
  if (isAbsolute(resolved.location)) {
    checkModelFolder(resolved.location);
    checkDtypeFiles(resolved.location, dtype, resolved.dtypes);
  }
  const spec: LoadSpec = {
    autoClass: run.autoClass,
    location: resolved.location,
    source: resolved.source,
    device,
    dtype,
    ...(run.intraOpThreads ? { intraOpThreads: run.intraOpThreads } : {}),
    ...(web ? { web } : {}),
  };
  sampler?.sample('load');
  const coldStart = performance.now();
  const cold = await loadPretrained(spec);
  const coldLoadMs = performance.now() - coldStart;
  sampler?.sample('load');
  await cold.dispose();
  sampler?.sample('load');
  const warmStart = performance.now();
  const warm = await loadPretrained(spec);
  const warmLoadMs = performance.now() - warmStart;
  sampler?.sample('load');
  return { backend: realBackend(warm, spec, run.shared), coldLoadMs, warmLoadMs };
}

/** The group's cpu/fp32 outputs: from the reference cell if it ran, else one unmeasured run now. */
async function referenceOutputs(run: CellRun, resolved: ResolvedSource, body: CellBody): Promise<ParityOutputs | null> {
  const slot = run.reference;
  if (slot.outputs !== undefined || slot.missing !== undefined) return slot.outputs ?? null;
  try {
    const opened = await open(run, resolved, 'cpu', 'fp32');
    const m = new CellModel({ backend: opened.backend, source: resolved.source, device: 'cpu', dtype: 'fp32', profile: null });
    try {
      const outputs = await body(m);
      slot.outputs = outputs ? toParityOutputs(outputs) : null;
    } finally {
      await m.dispose().catch(() => undefined);
    }
  } catch (error) {
    slot.missing = `the ${REFERENCE_NAME} run failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
    slot.outputs = null;
  }
  return slot.outputs ?? null;
}

/**
 * A web cell's memory, from the page (matrix/browser pageMemory): `performance.measureUserAgentSpecificMemory`
 * (the page's JS and wasm heaps; Chromium, cross-origin isolated) or else `performance.memory.usedJSHeapSize`.
 * There is no process RSS in a page, so peakRssBytes holds the page's peak sample and a note says which API.
 */
async function webMemory(web: WebContext): Promise<{ peakRssBytes: number; heapUsedBytes: number; notes: string[] }> {
  const { pageMemory } = await import('../browser/index.js');
  const sample = await pageMemory(web).catch(() => null);
  if (!sample || sample.bytes === null) return { peakRssBytes: 0, heapUsedBytes: 0, notes: ['memory: the page exposes no memory API (0 recorded)'] };
  return { peakRssBytes: sample.peakBytes ?? sample.bytes, heapUsedBytes: sample.bytes, notes: [`memory: page bytes from ${sample.api}, not process RSS`] };
}

/** Integer tensors become token rows; float tensors are compared as values. */
export function toParityOutputs(outputs: CellOutputs): ParityOutputs {
  const parity: ParityOutputs = { tensors: {} };
  for (const [name, t] of Object.entries(outputs)) {
    if (!(t instanceof Tensor)) continue;
    if (t.type === 'int64' || t.type === 'int32' || t.type === 'uint8' || t.type === 'bool') {
      const rows = t.dims.length === 2 ? (t.tolist() as Array<Array<number | bigint>>) : [Array.from(t.data as ArrayLike<number | bigint>)];
      parity.tokens = [...(parity.tokens ?? []), ...rows.map((r) => r.map(Number))];
    } else {
      parity.tensors[name] = { dims: [...t.dims], data: asNumbers(t) };
    }
  }
  return parity;
}

function isAssertion(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const e = error as { name?: unknown; matcherResult?: unknown };
  return e.name === 'AssertionError' || e.matcherResult !== undefined;
}

function cellName(key: CellKey): string {
  return `${key.family}/${key.task} ${key.platform}/${key.device}/${key.dtype}`;
}

/** The providers `device: 'auto'` hands ONNX Runtime on this OS (transformers.js's order, AUTO_DEVICE_ORDER). */
function autoOrderHere(): Device[] {
  return AUTO_DEVICE_ORDER.node.filter((d) => nodeOsSupport(d) === null);
}

/** Where a `device: 'auto'` session that loaded runs: ORT's first registered provider. */
function autoResolvedDevice(): Device | undefined {
  return autoOrderHere()[0];
}
