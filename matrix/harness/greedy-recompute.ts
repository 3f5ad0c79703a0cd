/**
 * Greedy generation without a KV cache: every step runs the full forward pass over the whole sequence
 * and appends the argmax of the last position. What a cached generation must equal.
 */
import { Tensor } from '@huggingface/transformers';
import type { ModelInputs, ModelOutputs } from './model-api.js';

export interface RecomputeSpec {
  forward: (inputs: ModelInputs) => Promise<ModelOutputs>;
  inputs: ModelInputs;
  maxNewTokens: number;
  /** Token ids never chosen (EOS, as `min_new_tokens` does in a cached generation). */
  suppressed: number[];
  /** Encoder-decoder: first decoder token; the decoder sequence starts with it, or with `inputs.decoder_input_ids` (a decoder prompt) when given. */
  decoderStartTokenId?: number | null;
  encoderOutputs?: Tensor;
}

/** Returns `[batch, length]` int64 ids: prompt + new tokens (decoder-only) or start + new tokens (encoder-decoder). */
export async function greedyRecompute(spec: RecomputeSpec): Promise<Tensor> {
  const seq2seq = spec.decoderStartTokenId !== undefined;
  const batch = Object.values(spec.inputs)[0]?.dims[0] ?? 1;
  const decoderPrompt = seq2seq ? spec.inputs.decoder_input_ids : undefined;
  let rows: bigint[][] = seq2seq
    ? decoderPrompt
      ? (decoderPrompt.tolist() as bigint[][])
      : Array.from({ length: batch }, () => [BigInt(spec.decoderStartTokenId ?? 0)])
    : (spec.inputs.input_ids!.tolist() as bigint[][]);
  let mask: bigint[][] = seq2seq ? [] : (spec.inputs.attention_mask?.tolist() as bigint[][] | undefined) ?? rows.map((r) => r.map(() => 1n));
  const suppressed = new Set(spec.suppressed);
  for (let step = 0; step < spec.maxNewTokens; step++) {
    const ids = toTensor(rows);
    const inputs: ModelInputs = seq2seq
      ? { ...spec.inputs, ...(spec.encoderOutputs ? { encoder_outputs: spec.encoderOutputs } : {}), decoder_input_ids: ids }
      : { ...spec.inputs, input_ids: ids, attention_mask: toTensor(mask) };
    const { logits } = await spec.forward(inputs);
    if (!logits) throw new Error('forward returned no logits to generate from');
    const [b, s, v] = [logits.dims[0]!, logits.dims[1]!, logits.dims[2]!];
    const data = logits.type === 'float32' ? (logits.data as Float32Array) : (logits.to('float32').data as Float32Array);
    rows = rows.map((row, r) => {
      let best = -1;
      let bestScore = -Infinity;
      const base = (r * s + s - 1) * v;
      for (let k = 0; k < v; k++) {
        if (suppressed.has(k)) continue;
        if (data[base + k]! > bestScore) [best, bestScore] = [k, data[base + k]!];
      }
      return [...row, BigInt(best)];
    });
    if (!seq2seq) mask = mask.map((row) => [...row, 1n]);
    void b;
  }
  return toTensor(rows);
}

function toTensor(rows: bigint[][]): Tensor {
  return new Tensor('int64', BigInt64Array.from(rows.flat()), [rows.length, rows[0]?.length ?? 0]);
}
