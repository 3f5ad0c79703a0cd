/**
 * FLOPs from the ONNX graph (matrix/harness/graph-flops.ts) against a hand count on a forged llama whose
 * dimensions are known, and the generation split (prefill, per token) at measured shapes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { flopGraph, generationFlops, graphFlops } from '../matrix/harness/graph-flops.js';
import { cellFlops, forwardFlops, modelBytes } from '../matrix/harness/cell-flops.js';
import { causalLmContract } from '../matrix/forge/text/causal-lm-contract.js';
import { TINY } from '../matrix/forge/contracts/contract.js';
import { forgeText } from './forge-text-helpers.js';

describe('graph FLOPs', () => {
  it('equals the hand count of a forged llama (2 layers, hidden 32, 4 heads, 2 KV heads, FFN 64) at prefill and decode', async () => {
    const dir = await forgeText(causalLmContract, 'llama', 'text-generation', ['fp32', 'q4'], TINY);
    const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as Record<string, number>;
    const vocab = config.vocab_size!;
    const g = flopGraph(readFileSync(join(dir, 'onnx', 'model.onnx')));
    // Per token and layer: q 32·32, k 32·16, v 32·16, o 32·32, gate 32·64, up 32·64, down 64·32 = 9216 MACs; lm_head 32·V.
    const macsPerToken = 2 * 9216 + 32 * vocab;
    const attention = (b: number, s: number, t: number) => 2 /* layers */ * 2 /* QKᵀ, PV */ * 2 * b * 4 * s * t * 8;
    const shapes = { heads: 4, headDim: 8 };
    expect(graphFlops(g, { batch: 2, tokens: 5, context: 5, ...shapes })).toEqual({ flops: 2 * 2 * 5 * macsPerToken + attention(2, 5, 5), uncounted: {} });
    expect(graphFlops(g, { batch: 1, tokens: 1, context: 9, ...shapes }).flops).toBe(2 * macsPerToken + attention(1, 1, 9));

    const gen = generationFlops(g, { batch: 1, promptTokens: 4, newTokens: 3, ...shapes });
    expect(gen.prefill).toBe(2 * 4 * macsPerToken + attention(1, 4, 4));
    expect(gen.perCall).toBe(gen.prefill + 2 * 2 * macsPerToken + attention(1, 1, 5) + attention(1, 1, 6));
    expect(gen.perToken).toBe((gen.perCall - gen.prefill) / 2);

    // The q4 graph (MatMulNBits) counts the same weight FLOPs.
    const q4 = flopGraph(readFileSync(join(dir, 'onnx', 'model_q4.onnx')));
    expect(graphFlops(q4, { batch: 1, tokens: 3, context: 3, ...shapes }).flops).toBe(graphFlops(g, { batch: 1, tokens: 3, context: 3, ...shapes }).flops);

    const cell = cellFlops(dir, config, { batch: 1, promptTokens: 4, newTokens: 3 }, 10);
    expect(cell.flops).toBe(gen.prefill);
    expect(cell.gflopsPerSecond).toBeCloseTo(gen.perCall / 0.01 / 1e9, 9);
    expect(modelBytes(dir, 'fp32')).toBe(readFileSync(join(dir, 'onnx', 'model.onnx')).length);
    expect(modelBytes(dir, 'q8')).toBeUndefined();
  });

  it('gives nothing rather than a guess for a folder without a decoder graph or heads', () => {
    expect(cellFlops('/nonexistent', { num_attention_heads: 4, hidden_size: 32 }, { batch: 1, promptTokens: 1, newTokens: 1 }, 1)).toEqual({});
    expect(modelBytes('/nonexistent', 'fp32')).toBeUndefined();
  });

  it('stores no forward FLOPs, only a note, where no graph takes the measured inputs or none were recorded', () => {
    const config = { num_attention_heads: 4, hidden_size: 32 };
    const vision = forwardFlops('/nonexistent', config, { pixel_values: [1, 3, 32, 32] }, 1);
    expect(vision.measurements).toEqual({});
    expect(vision.note).toMatch(/^flops not computed: no readable graph in onnx\/ \(model.onnx, encoder_model.onnx, vision_model.onnx.*\) takes the measured inputs \(pixel_values\)$/);
    expect(forwardFlops('/nonexistent', { ...config, is_encoder_decoder: true }, { input_ids: [1, 4] }, 1).note).toMatch(/no readable onnx\/encoder_model.onnx for the encoder–decoder forward/);
    expect(forwardFlops('/nonexistent', config, { input_ids: [1, 4] }, 1).note).toMatch(/takes the measured inputs \(input_ids\)/);
    expect(forwardFlops('/nonexistent', config, {}, 1).note).toBe('flops not computed: the timed call recorded no input shapes (none recorded)');
  });
});
