/**
 * What fp16 / q8 / q4 give against fp32 on tiny random-weight models, to justify the parity
 * tolerances in matrix/harness/parity.ts. Runs real ONNX Runtime (CPU) on the same seeded MLP in
 * each dtype, for many seeds, and prints the worst and 5th-percentile agreement per dtype.
 *   npx tsx bench/parity-tolerances.ts [seeds=40]
 */
import { loadOrt } from '../matrix/devices/load-ort.js';
import { compareOutputs, compareTensor, toleranceFor, type ParityOutputs } from '../matrix/harness/parity.js';
import type { Dtype } from '../matrix/harness/types.js';
import { tinyMlp, tinyMlpInput } from './tiny-mlp-model.js';

const ort = loadOrt();
const seeds = Number(process.argv[2] ?? 40);
const variants: Dtype[] = ['fp32', 'fp16', 'q8', 'q4'];

async function outputsOf(dtype: Dtype, seed: number): Promise<ParityOutputs> {
  const model = tinyMlp(dtype, { seed });
  const session = await ort.InferenceSession.create(model.bytes);
  const input = new ort.Tensor('float32', tinyMlpInput(seed, model.inputDims), model.inputDims);
  const out = await session.run({ input });
  await session.release();
  const tensors: ParityOutputs['tensors'] = {};
  for (const [name, t] of Object.entries(out)) tensors[name] = { dims: [...t.dims], data: t.data };
  return { tensors };
}

type Row = { cosine: number; maxAbsDiff: number; relDiff: number; top1: number; tieTop1: number };
const failures: Record<string, number> = {};
const rows: Record<string, Row[]> = {};
for (let seed = 1; seed <= seeds; seed++) {
  const reference = await outputsOf('fp32', seed);
  for (const dtype of variants) {
    const candidate = dtype === 'fp32' ? await outputsOf('fp32', seed) : await outputsOf(dtype, seed);
    if (!compareOutputs(reference, candidate, dtype).ok) failures[dtype] = (failures[dtype] ?? 0) + 1;
    for (const name of Object.keys(reference.tensors)) {
      const a = compareTensor(name, reference.tensors[name]!, candidate.tensors[name]!);
      const tie = compareTensor(name, reference.tensors[name]!, candidate.tensors[name]!, toleranceFor(dtype).maxAbsDiff);
      const key = `${dtype} ${name}`;
      (rows[key] ??= []).push({
        cosine: a.cosine,
        maxAbsDiff: a.maxAbsDiff,
        relDiff: a.maxAbsDiff / Math.max(1, a.maxAbsReference),
        top1: a.topRows ? a.topAgree / a.topRows : Number.NaN,
        tieTop1: tie.topRows ? tie.topAgree / tie.topRows : Number.NaN,
      });
    }
  }
}

const q = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * (xs.length - 1)))]!;
const fmt = (x: number) => (Number.isNaN(x) ? '—' : x.toPrecision(3));
console.log(`seeds: ${seeds}; model: tiny MLP hidden 32, intermediate 64, 2 layers + LayerNorm, vocab 100, seq 16; ORT ${ort.env.versions?.node ?? '?'} CPU`);
console.log('| dtype output | 1 − cosine max | 1 − cosine p95 | max abs diff max | max abs diff p95 | rel diff max | top-1 min | top-1 p5 | tie-aware top-1 min |');
console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
for (const [key, list] of Object.entries(rows)) {
  const c = list.map((r) => 1 - r.cosine);
  const d = list.map((r) => r.maxAbsDiff);
  const rel = list.map((r) => r.relDiff);
  const t = list.map((r) => r.top1);
  const tt = list.map((r) => r.tieTop1);
  console.log(`| ${key} | ${fmt(Math.max(...c))} | ${fmt(q(c, 0.95))} | ${fmt(Math.max(...d))} | ${fmt(q(d, 0.95))} | ${fmt(Math.max(...rel))} | ${fmt(Math.min(...t))} | ${fmt(q(t, 0.05))} | ${fmt(Math.min(...tt))} |`);
}
console.log(`\ncells failing parity with the chosen tolerances (of ${seeds} per dtype): ${JSON.stringify(failures)}`);
for (const dtype of variants) console.log(`toleranceFor(${dtype}) = ${JSON.stringify(toleranceFor(dtype))}`);
