/**
 * `m`, the model a test body drives: wraps a real or mock backend with what both share — stage tagging
 * of errors (preprocess / infer / postprocess), the cell's measurement, greedy no-cache recompute and
 * dtype-aware invariance checks.
 */
import { Tensor } from '@huggingface/transformers';
import { expect } from 'vitest';
import { StagedError, UnsupportedError } from './errors.js';
import { greedyRecompute } from './greedy-recompute.js';
import { measure, summarizeSamples, type Measured } from './measure.js';
import type { GenerateOptions, InvarianceTolerance, MatrixModel, MeasureOptions, ModelConfig, ModelInputs, ModelOutputs } from './model-api.js';
import type { ModelBackend } from './model-backend.js';
import type { MeasureProfile } from './profiles.js';
import { tensorDiff } from './tensor-diff.js';
import type { Device, Dtype, ErrorStage, LatencyStats, ModelSource } from './types.js';

/** Invariance tolerances per dtype: quantized activations move with the batch, so q8/q4 get more room. */
export const INVARIANCE_TOLERANCE: Readonly<Record<Dtype, InvarianceTolerance>> = Object.freeze({
  fp32: { absolute: 1e-4, relative: 1e-3 },
  fp16: { absolute: 1e-2, relative: 2e-2 },
  q8: { absolute: 5e-2, relative: 1e-1 },
  q4: { absolute: 5e-2, relative: 1e-1 },
});

/** What the first `measure` of a body recorded. */
export interface RecordedMeasurement {
  firstMs: number;
  samplesMs: number[];
  stats: LatencyStats;
  throughput: number;
  throughputUnit: 'items/s' | 'tokens/s';
  timeToFirstTokenMs?: number;
  /** measureGeneration only: the shapes it timed (for the FLOPs estimate). */
  generation?: { batch: number; promptTokens: number; newTokens: number };
  /** Dims of the inputs of the last forward / encode the timed calls made (for the FLOPs estimate). */
  inputDims?: Record<string, number[]>;
}

export interface CellModelOptions {
  backend: ModelBackend;
  source: ModelSource;
  device: Device;
  dtype: Dtype;
  /** `null`: the reference-only run — `measure` runs `fn` once, untimed. */
  profile: MeasureProfile | null;
}

/** The model API of one cell plus what its body recorded. */
export class CellModel implements MatrixModel {
  readonly inference;
  readonly source;
  readonly device;
  readonly dtype;
  readonly config: ModelConfig;
  readonly numLabels: number;
  readonly tolerance: InvarianceTolerance;
  readonly decoderStartTokenId: number | null;
  /** Set by the first `measure` / `measureGeneration`. */
  measured: RecordedMeasurement | null = null;
  /** The timed call, for the untimed memory-timeline pass to call again (memory-timeline.ts). */
  replay: (() => Promise<unknown>) | null = null;
  private readonly backend: ModelBackend;
  private lastInputDims: Record<string, number[]> | undefined;
  private readonly profile: MeasureProfile | null;

  constructor(options: CellModelOptions) {
    this.backend = options.backend;
    this.inference = options.backend.inference;
    this.source = options.source;
    this.device = options.device;
    this.dtype = options.dtype;
    this.profile = options.profile;
    this.config = options.backend.config;
    this.numLabels = Object.keys(this.config.id2label ?? {}).length;
    this.tolerance = INVARIANCE_TOLERANCE[options.dtype];
    this.decoderStartTokenId = options.backend.decoderStartTokenId();
  }

  tokenize(texts: string[], options: Parameters<MatrixModel['tokenize']>[1] = {}) {
    return staged('preprocess', () => this.backend.tokenize(texts, options));
  }
  async maskTokenId() {
    return (await staged('preprocess', () => this.backend.maskToken()))?.id ?? null;
  }
  images(count: number, size: readonly number[]) {
    return staged('preprocess', () => this.backend.images(count, size));
  }
  audio(count: number, seconds: number) {
    return staged('preprocess', () => this.backend.audio(count, seconds));
  }
  mediaText(media: { imageSize?: readonly number[]; audioSeconds?: number }, prompt: string) {
    return staged('preprocess', () => this.backend.mediaText(media, prompt));
  }
  promptedImage(size: readonly number[], prompts: Record<string, unknown>) {
    return staged('preprocess', () => this.backend.promptedImage(size, prompts));
  }
  imageWithTrimap(size: readonly number[]) {
    return staged('preprocess', () => this.backend.imageWithTrimap(size));
  }
  graphInputs() {
    return staged('preprocess', () => this.backend.graphInputs());
  }
  forward(inputs: ModelInputs) {
    this.lastInputDims = dimsOf(inputs);
    const start = this.decoderStartTokenId;
    if (this.config.is_encoder_decoder && !inputs.decoder_input_ids && start !== null) {
      const batch = Object.values(inputs)[0]?.dims[0] ?? 1;
      const decoder_input_ids = new Tensor('int64', new BigInt64Array(batch).fill(BigInt(start)), [batch, 1]);
      this.lastInputDims = dimsOf({ ...inputs, decoder_input_ids });
      return staged('infer', () => this.backend.forward({ ...inputs, decoder_input_ids }));
    }
    return staged('infer', () => this.backend.forward(inputs));
  }
  generationPrefixLength(inputs: ModelInputs): number {
    return this.config.is_encoder_decoder ? (inputs.decoder_input_ids?.dims[1] ?? 1) : (inputs.input_ids?.dims[1] ?? 0);
  }
  encode(inputs: ModelInputs) {
    this.lastInputDims = dimsOf(inputs);
    return staged('infer', () => this.backend.encode(inputs));
  }
  encodeAudio(inputs: ModelInputs) {
    return staged('infer', () => this.backend.encodeAudio(inputs));
  }
  decodeAudio(codes: ModelOutputs) {
    return staged('infer', () => this.backend.decodeAudio(codes));
  }
  speak(texts: string[]) {
    return staged('infer', () => this.backend.speak(texts));
  }
  generate(inputs: ModelInputs, options: GenerateOptions): Promise<Tensor> {
    return staged('infer', () => {
      if (options.cache !== false) return this.backend.generateCached(inputs, options.maxNewTokens, options.encoderOutputs);
      const start = this.backend.decoderStartTokenId();
      return greedyRecompute({
        forward: (i) => this.backend.forward(i),
        inputs,
        maxNewTokens: options.maxNewTokens,
        suppressed: this.backend.suppressedTokenIds(),
        ...(this.config.is_encoder_decoder ? { decoderStartTokenId: start } : {}),
        ...(options.encoderOutputs ? { encoderOutputs: options.encoderOutputs } : {}),
      });
    });
  }
  decode(ids: Tensor | number[][]) {
    return staged('postprocess', () => this.backend.decode(Array.isArray(ids) ? ids : toNumberRows(ids)));
  }
  ctcDecode(logits: Tensor) {
    return staged('postprocess', async () => {
      const [b, frames, vocab] = [logits.dims[0]!, logits.dims[1]!, logits.dims[2]!];
      const data = logits.to('float32').data as Float32Array;
      const pad = typeof this.config.pad_token_id === 'number' ? this.config.pad_token_id : 0;
      const rows: number[][] = [];
      for (let r = 0; r < b; r++) {
        const row: number[] = [];
        let previous = -1;
        for (let f = 0; f < frames; f++) {
          let best = 0;
          for (let v = 1; v < vocab; v++) if (data[(r * frames + f) * vocab + v]! > data[(r * frames + f) * vocab + best]!) best = v;
          if (best !== previous && best !== pad) row.push(best);
          previous = best;
        }
        rows.push(row);
      }
      return this.backend.decode(rows);
    });
  }

  async measure<T>(fn: () => Promise<T>, options: MeasureOptions): Promise<T> {
    if (this.measured || !this.profile) return fn();
    this.lastInputDims = undefined;
    const run = await this.timed(fn, this.profile, options.items);
    this.measured = {
      firstMs: run.firstMs, samplesMs: run.samplesMs, stats: run.stats, throughput: run.throughput, throughputUnit: 'items/s',
      ...(this.lastInputDims ? { inputDims: this.lastInputDims } : {}),
    };
    this.replay = fn;
    return run.result;
  }

  async measureGeneration(inputs: ModelInputs, options: GenerateOptions): Promise<Tensor> {
    if (this.measured || !this.profile) return this.generate(inputs, options);
    const now = this.backend.now ?? (() => performance.now());
    const firstTokenStart = now();
    await this.generate(inputs, { ...options, maxNewTokens: 1 });
    const timeToFirstTokenMs = now() - firstTokenStart;
    const batch = Object.values(inputs)[0]?.dims[0] ?? 1;
    const run = await this.timed(() => this.generate(inputs, options), this.profile, batch * options.maxNewTokens);
    this.measured = {
      firstMs: run.firstMs,
      samplesMs: run.samplesMs,
      stats: run.stats,
      throughput: run.throughput,
      throughputUnit: 'tokens/s',
      timeToFirstTokenMs,
      generation: { batch, promptTokens: Object.values(inputs)[0]?.dims[1] ?? 1, newTokens: options.maxNewTokens },
      // Encoder–decoder: the encoder's inputs, and the decoder prefix generation starts from.
      ...(this.config.is_encoder_decoder ? { inputDims: { ...dimsOf(inputs), decoder_input_ids: [batch, this.generationPrefixLength(inputs)] } } : {}),
    };
    this.replay = () => this.generate(inputs, options);
    return run.result;
  }

  /**
   * The measured loop: in the page when the backend can repeat `fn` there (a web cell whose `fn` is one
   * model call), else `measure` on the backend's clock. Either way the first call is timed on its own.
   */
  private async timed<T>(fn: () => Promise<T>, profile: MeasureProfile, items: number): Promise<Measured<T>> {
    const repeated = this.backend.repeat ? await this.backend.repeat(fn, profile) : null;
    if (repeated?.samplesMs) {
      if (repeated.samplesMs.length === 0) throw new Error('the page returned no timed samples');
      return { result: repeated.result, firstMs: repeated.firstMs, samplesMs: repeated.samplesMs, ...summarizeSamples(repeated.samplesMs, items) };
    }
    const run = await measure(fn, { profile, items, ...(this.backend.now ? { now: this.backend.now } : {}) });
    // The backend's try above was the real first call; measure's first is a warm one.
    return repeated ? { ...run, firstMs: repeated.firstMs } : run;
  }

  expectClose(actual: Tensor, expected: Tensor, what: string): void {
    expect(actual.dims, `${what}: shapes`).toEqual(expected.dims);
    const { maxAbsDiff, scale } = tensorDiff(actual, expected);
    const allowed = this.tolerance.absolute + this.tolerance.relative * scale;
    expect(maxAbsDiff, `${what}: max |a-b| ${maxAbsDiff.toExponential(2)} > ${allowed.toExponential(2)} allowed at ${this.dtype}`).toBeLessThanOrEqual(allowed);
  }

  expectSameTokens(actual: number[][], expected: number[][], what: string): void {
    expect(actual.map((row) => row.length), `${what}: lengths`).toEqual(expected.map((row) => row.length));
    if (this.dtype === 'fp32' || this.dtype === 'fp16') expect(actual, what).toEqual(expected);
  }

  /** Frees the model's sessions. */
  dispose(): Promise<void> {
    return this.backend.dispose();
  }
}

/** Runs `work`, tagging any error with `stage` unless it already carries one. */
async function staged<T>(stage: ErrorStage, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw error instanceof StagedError || error instanceof UnsupportedError ? error : new StagedError(stage, error);
  }
}

function dimsOf(inputs: ModelInputs): Record<string, number[]> {
  return Object.fromEntries(Object.entries(inputs).filter(([, t]) => t instanceof Tensor).map(([k, t]) => [k, [...(t as Tensor).dims]]));
}

function toNumberRows(t: Tensor): number[][] {
  return (t.tolist() as Array<Array<number | bigint>>).map((row) => row.map(Number));
}
