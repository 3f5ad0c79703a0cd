/**
 * The test body of one benchmark cell, chosen by the task's Auto class: build a batch of
 * `batchSize` inputs at the swept sequence length or image size, time the forward pass (or greedy
 * generation: time to first token, tokens/s; parity on the first step's logits), check the outputs
 * are there and finite, and return them for the cpu/fp32 parity check. `null` when bench mode has no driver for the class.
 */
import { Tensor } from '@huggingface/transformers';
import type { CellBody } from '../harness/run-cell.js';
import type { MatrixModel, ModelInputs, ModelOutputs } from '../harness/model-api.js';
import type { ArchKind } from '../harness/types.js';
import { benchDriver } from './bench-driver.js';

/** The swept dimensions of a cell. */
export interface BenchDims {
  batchSize: number;
  /** Tokens per text row; absent = the sample sentence as tokenized. */
  seqLength?: number;
  /** Square image side in pixels; absent = the image processor's own size. */
  imageSize?: number;
}

/** New tokens a generation cell generates. */
export const BENCH_NEW_TOKENS = 16;

const SAMPLE = 'The quick brown fox jumps over the lazy dog near the river bank.';
const QUESTION = 'Where does the fox jump?';

/** The body of a cell, or `null` when bench mode cannot drive the class. */
export function benchBody(autoClass: string, archKind: ArchKind, dims: BenchDims): CellBody | null {
  const driver = benchDriver(autoClass, archKind);
  if (!driver) return null;
  const items = dims.batchSize;
  return async (m) => {
    if (driver === 'generate' || driver === 'speech') {
      const inputs = driver === 'speech' ? await m.audio(items, 1) : await textInputs(m, dims, false);
      const ids = await m.measureGeneration(inputs, { maxNewTokens: BENCH_NEW_TOKENS });
      check(ids.dims[0] === items, `generated ${ids.dims[0]} rows for a batch of ${items}`);
      // Parity compares the first step's logits, as the generated tests do: a greedy token flipped by a
      // near-tie at q4 would otherwise change every token after it.
      const first = await m.forward(inputs);
      return checkedFloats({ logits: first.logits! }, items);
    }
    const inputs = driver === 'image' ? await imageInputs(m, dims) : driver === 'audio' ? await m.audio(items, 1) : await textInputs(m, dims, driver === 'pair');
    const out = await m.measure(() => m.forward(inputs), { items });
    return checkedFloats(out, items);
  };
}

/** `batchSize` rows of text; at a swept length, exactly `seqLength` real tokens per row (the sample's tokens repeated). */
async function textInputs(m: MatrixModel, dims: BenchDims, pair: boolean): Promise<ModelInputs> {
  const texts = Array.from({ length: dims.batchSize }, () => (pair ? QUESTION : SAMPLE));
  const options = pair ? { pairs: texts.map(() => SAMPLE) } : {};
  if (dims.seqLength === undefined) return m.tokenize(texts, options);
  const one = await m.tokenize(texts.slice(0, 1), pair ? { pairs: [SAMPLE] } : {});
  const ids = Array.from(one.input_ids!.data as BigInt64Array, Number);
  const length = dims.seqLength;
  const row = Array.from({ length }, (_, i) => (i < ids.length - 1 ? ids[i]! : ids[1 + ((i - 1) % Math.max(1, ids.length - 2))]!));
  if (ids.length >= 2 && length >= 2) row[length - 1] = ids[ids.length - 1]!; // keep the closing special token
  const out: ModelInputs = {};
  for (const name of Object.keys(one)) {
    const fill = name === 'input_ids' ? (i: number) => row[i]! : name === 'attention_mask' ? () => 1 : () => 0;
    const data = BigInt64Array.from({ length: dims.batchSize * length }, (_, k) => BigInt(fill(k % length)));
    out[name] = new Tensor('int64', data, [dims.batchSize, length]);
  }
  return out;
}

/** Processor images; at a swept size the processor is bypassed: deterministic pixel values at exactly size × size. */
async function imageInputs(m: MatrixModel, dims: BenchDims): Promise<ModelInputs> {
  const processed = await m.images(dims.batchSize, [dims.imageSize ?? 224, dims.imageSize ?? 224]);
  if (dims.imageSize === undefined) return processed;
  const s = dims.imageSize;
  const channels = processed.pixel_values?.dims[1] ?? 3;
  const pixels = Float32Array.from({ length: dims.batchSize * channels * s * s }, (_, i) => Math.sin(i * 0.618) * 0.9);
  const out: ModelInputs = { pixel_values: new Tensor('float32', pixels, [dims.batchSize, channels, s, s]) };
  if (processed.pixel_mask) out.pixel_mask = new Tensor('int64', new BigInt64Array(dims.batchSize * s * s).fill(1n), [dims.batchSize, s, s]);
  return out;
}

function checkedFloats(out: ModelOutputs, batch: number): ModelOutputs {
  const floats = Object.entries(out).filter(([, t]) => t instanceof Tensor && (t.type === 'float32' || t.type === 'float16'));
  check(floats.length > 0, `the model returned no float outputs (got ${Object.keys(out).join(', ') || 'nothing'})`);
  for (const [name, t] of floats) {
    check(t.dims[0] === batch, `${name} has batch ${t.dims[0]}, expected ${batch}`);
    check(Array.from(t.data as Float32Array).every(Number.isFinite), `${name} has NaN or Inf`);
  }
  return Object.fromEntries(floats);
}

function check(ok: boolean, what: string): void {
  if (!ok) throw Object.assign(new Error(`bench check failed: ${what}`), { name: 'AssertionError' });
}
