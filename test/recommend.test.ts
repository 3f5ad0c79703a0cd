// Issue 19: `recommend` on constructed cells — a significant win, a tie broken towards the smaller dtype
// (and the more portable device on the web), a mismatch never picked, mock / software-adapter / flaky /
// contended cells passed over with their reason, too few samples → an honest "no recommendation",
// fallbacks in transformers.js's device order, and where device 'auto' disagrees with the pick.
import { describe, expect, it } from 'vitest';
import { recommend, type RecommendCell } from '../matrix/recommend/index.js';
import { samplesAround } from './fixtures/report/known-store.js';

let seed = 1;
function cell(device: string, dtype: string, centerMs: number | null, extra: Partial<RecommendCell> = {}): RecommendCell {
  const samplesMs = centerMs === null ? null : samplesAround(centerMs, 30, seed++);
  return {
    family: 'bert', task: 'feature-extraction', modelId: 'forged/bert', platform: 'node', device, dtype, status: 'pass', inference: 'real',
    samplesMs, latencyP50Ms: centerMs, throughput: centerMs ? 1000 / centerMs : null, throughputUnit: 'items/s', peakRssBytes: 100 * 2 ** 20, loadMs: 20,
    parityCosine: device === 'cpu' && dtype === 'fp32' ? null : 0.999, ...extra,
  };
}

describe('recommend: the pick', () => {
  it('a significant win: cuda/fp16 over cpu, with numbers in the why, fallbacks in transformers.js order', () => {
    const [r] = recommend([cell('cpu', 'fp32', 10), cell('cuda', 'fp16', 2), cell('webgpu', 'q8', 5)]);
    expect(r!.pick).toMatchObject({ device: 'cuda', dtype: 'fp16', samples: 30 });
    expect(r!.runnerUp).toMatchObject({ device: 'webgpu', dtype: 'q8' });
    expect(r!.fallbacks.map((f) => f.device)).toEqual(['webgpu', 'cpu']); // dml, cuda, coreml, webgpu, cpu
    expect(r!.why).toMatch(/^cuda\/fp16: p50 [12]\.\d+ ms ± [\d.]+ MAD \(n=30\) vs webgpu\/q8 p50 [45]\.\d+ ms \(Mann–Whitney p=[\d.e-]+, significant\), parity cosine 0\.9990$/);
    expect(r!.caveats).toEqual([]);
  });

  it('a tie (same speed, no significant difference) goes to the smaller dtype', () => {
    const [r] = recommend([cell('cpu', 'fp32', 10), cell('cpu', 'q4', 10), cell('cpu', 'fp16', 10)]);
    expect(r!.pick).toMatchObject({ device: 'cpu', dtype: 'q4' });
    expect(r!.why).toContain('not significant');
    expect(r!.why).toContain('the smaller dtype (q4) wins the tie');
    expect(r!.caveats[0]).toBe('only cpu was measured on node; run on a GPU machine or in a browser to compare devices');
  });

  it('a faster dtype still wins when the difference is significant, even if it is larger', () => {
    const [r] = recommend([cell('cpu', 'q4', 10), cell('cpu', 'fp32', 5)]);
    expect(r!.pick).toMatchObject({ dtype: 'fp32' });
  });

  it('on the web, a tie goes to the more portable device (wasm over webgpu)', () => {
    const web = { platform: 'web' };
    const [r] = recommend([cell('webgpu', 'q8', 10, web), cell('wasm', 'q8', 10, web)]);
    expect(r!.pick).toMatchObject({ device: 'wasm' });
    expect(r!.why).toContain('the more portable device (wasm) wins the tie');
    expect(r!.fallbacks.map((f) => f.device)).toEqual(['webgpu']);
  });

  it('mismatch, mock, software adapter, flaky and contended cells are never picked, however fast; each says why', () => {
    const [r] = recommend([
      cell('cpu', 'fp32', 10),
      cell('cuda', 'fp16', 1, { status: 'mismatch', parityCosine: 0.8 }),
      cell('cuda', 'q8', 1, { inference: 'mock' }),
      cell('webgpu', 'fp32', 1, { softwareAdapter: true }),
      cell('webgpu', 'q8', 1, { flaky: true }),
      cell('cuda', 'fp32', 1, { contended: true }),
      cell('cpu', 'q4', 1, { status: 'fail', errorStage: 'load', errorType: 'unsupported-op', errorMessage: 'no MatMulNBits' }),
      cell('cpu', 'q8', 1, { parityCosine: null }),
    ]);
    expect(r!.pick).toMatchObject({ device: 'cpu', dtype: 'fp32' });
    const reasons = Object.fromEntries(r!.passedOver.map((p) => [`${p.device}/${p.dtype}`, p.reason]));
    expect(reasons).toEqual({
      'cuda/fp16': 'mismatch: outputs disagree with cpu/fp32 (cosine 0.8000)',
      'cuda/q8': 'mock: no model ran, its timings mean nothing',
      'webgpu/fp32': 'software adapter (SwiftShader, lavapipe): its timings mean nothing for real GPUs',
      'webgpu/q8': 'flaky: passed only after a retry',
      'cuda/fp32': 'contended: measured while other cells ran',
      'cpu/q4': 'failed at load/unsupported-op: no MatMulNBits',
      'cpu/q8': 'parity not computed: no evidence its outputs agree with cpu/fp32',
    });
    expect(r!.why).toContain('the only cell that passed with parity');
  });
});

describe('recommend: honest when unsure', () => {
  it('too few samples → no recommendation, and says how to get more', () => {
    const few = (c: RecommendCell): RecommendCell => ({ ...c, samplesMs: c.samplesMs!.slice(0, 3) });
    const [r] = recommend([few(cell('cpu', 'fp32', 10)), few(cell('cpu', 'q8', 5))]);
    expect(r!.pick).toBeNull();
    expect(r!.why).toBe('no recommendation: too few samples (passing cells have 3, need 5); run with --profile full');
    expect(r!.passedOver.map((p) => p.reason)).toEqual(['too few samples (3, need 5)', 'too few samples (3, need 5)']);
  });

  it('every cell failing, or mock only → no recommendation naming why', () => {
    const failed = recommend([cell('cpu', 'fp32', null, { status: 'fail', errorStage: 'load', errorType: 'missing-file' })])[0]!;
    expect(failed.why).toBe('no recommendation: every real cell failed, mismatched or was not run (1 cells)');
    const mock = recommend([cell('cpu', 'fp32', 10, { inference: 'mock' })])[0]!;
    expect(mock.why).toBe('no recommendation: no real cell (mock only: no model files were reachable)');
  });

  it('one answer per model × task × platform, in a stable order', () => {
    const out = recommend([cell('cpu', 'fp32', 10, { family: 'gpt2', task: 'text-generation' }), cell('cpu', 'fp32', 10), cell('wasm', 'q8', 10, { platform: 'web' })]);
    expect(out.map((r) => `${r.family}/${r.platform}`)).toEqual(['bert/node', 'bert/web', 'gpt2/node']);
  });
});

describe("recommend: device 'auto' against the pick", () => {
  it('auto that ended on a slower choice, that failed, that mismatched, or that landed on the pick', () => {
    const base = [cell('cpu', 'fp32', 10), cell('cpu', 'q8', 4)];
    const slower = recommend([...base, cell('auto', 'fp32', 10, { resolvedDevice: 'cpu' })])[0]!;
    expect(slower.pick).toMatchObject({ dtype: 'q8' });
    expect(slower.auto).toMatchObject({ verdict: 'slower', resolvedDevice: 'cpu' });
    expect(slower.auto!.line).toMatch(/^device 'auto' \(cpu\/fp32\) p50 .* is slower than the pick cpu\/q8: p50 .* \(Mann–Whitney p=.*, significant\)$/);
    expect(slower.passedOver.map((p) => p.device)).not.toContain('auto');

    const failed = recommend([...base, cell('auto', 'fp32', null, { status: 'fail', errorStage: 'load', errorType: 'unknown', errorMessage: 'OrtSessionOptionsAppendExecutionProvider_Cuda: Failed to load shared library' })])[0]!;
    expect(failed.auto).toMatchObject({ verdict: 'failed', resolvedDevice: null });
    expect(failed.auto!.line).toContain('Failed to load shared library');

    expect(recommend([...base, cell('auto', 'fp32', 10, { status: 'mismatch', parityCosine: 0.5 })])[0]!.auto!.verdict).toBe('mismatch');
    expect(recommend([cell('cpu', 'fp32', 10), cell('auto', 'fp32', 10, { resolvedDevice: 'cpu' })])[0]!.auto).toMatchObject({ verdict: 'agrees' });
  });
});

describe('recommend: other metrics', () => {
  it('memory has one value per cell: a difference under the threshold is a tie', () => {
    const mib = 2 ** 20;
    const tie = recommend([cell('cpu', 'fp32', 10, { peakRssBytes: 100 * mib }), cell('cpu', 'q4', 10, { peakRssBytes: 103 * mib })], { metric: 'memory' })[0]!;
    expect(tie.pick).toMatchObject({ dtype: 'q4' });
    const win = recommend([cell('cpu', 'fp32', 10, { peakRssBytes: 100 * mib }), cell('cpu', 'q4', 10, { peakRssBytes: 150 * mib })], { metric: 'memory' })[0]!;
    expect(win.pick).toMatchObject({ dtype: 'fp32' });
    expect(win.why).toContain('peak RSS 100.0 MiB');
  });
});
