/**
 * What fp16 / q8 / q4 give against fp32 on the project's own forged tiny random-weight models — the
 * models the generated suite really runs — and how many would fail `compareOutputs` with the chosen
 * tolerances (matrix/harness/parity.ts). Each forged folder's onnx/model.onnx and its _fp16 / _quantized / _q4
 * variants run on ORT CPU with the same synthetic inputs (built from the graph's input metadata).
 *   npx tsx bench/parity-forged.ts [forgedDir=newest .matrix/models/<hash>] [maxModels=150]
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { loadOrt, type OrtTensor } from '../matrix/devices/load-ort.js';
import { compareOutputs, compareTensor, type ParityOutputs } from '../matrix/harness/parity.js';
import type { Dtype } from '../matrix/harness/types.js';
import { syntheticFeeds, type InputMeta } from './synthetic-feeds.js';

const ort = loadOrt();
const root = process.argv[2] || newest('.matrix/models');
const maxModels = Number(process.argv[3] ?? 150);
const SUFFIX: Record<Dtype, string> = { fp32: '', fp16: '_fp16', q8: '_quantized', q4: '_q4' };

function newest(dir: string): string {
  const dirs = readdirSync(dir).map((d) => path.join(dir, d)).filter((d) => statSync(d).isDirectory());
  dirs.sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  if (!dirs[0]) throw new Error(`no forged models under ${dir}`);
  return dirs[0];
}

/** `<family>/<task>/onnx/model.onnx` folders, one task per family first, deterministic order. */
function models(): string[] {
  const found: string[] = [];
  for (const family of readdirSync(root).sort()) {
    const familyDir = path.join(root, family);
    if (!statSync(familyDir).isDirectory()) continue;
    for (const task of readdirSync(familyDir).sort()) {
      const file = path.join(familyDir, task, 'onnx', 'model.onnx');
      if (existsSync(file) && (['fp16', 'q8', 'q4'] as Dtype[]).every((d) => existsSync(file.replace(/\.onnx$/, `${SUFFIX[d]}.onnx`)))) {
        found.push(file);
        break;
      }
    }
  }
  return found.slice(0, maxModels);
}

function halfToFloat(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const f = h & 0x3ff;
  if (e === 0) return s * 2 ** -14 * (f / 1024);
  if (e === 31) return f ? Number.NaN : s * Number.POSITIVE_INFINITY;
  return s * 2 ** (e - 15) * (1 + f / 1024);
}

async function run(file: string, dtype: Dtype): Promise<ParityOutputs | string> {
  const session = (await ort.InferenceSession.create(file.replace(/\.onnx$/, `${SUFFIX[dtype]}.onnx`), { intraOpNumThreads: 1 })) as unknown as {
    inputMetadata: InputMeta[];
    run(f: Record<string, OrtTensor>): Promise<Record<string, OrtTensor>>;
    release(): Promise<void>;
  };
  try {
    const feeds = syntheticFeeds(ort, session.inputMetadata, dtype);
    if (typeof feeds === 'string') return feeds;
    const out = await session.run(feeds);
    const tensors: ParityOutputs['tensors'] = {};
    for (const [name, t] of Object.entries(out)) {
      if (t.type === 'float16') tensors[name] = { dims: [...t.dims], data: Float32Array.from(t.data as ArrayLike<number>, halfToFloat) };
      else if (t.type === 'float32' || t.type === 'int64' || t.type === 'int32') tensors[name] = { dims: [...t.dims], data: t.data };
    }
    return { tensors };
  } finally {
    await session.release();
  }
}

const files = models();
type Row = { model: string; oneMinusCos: number; relDiff: number; top1: number; ok: boolean; reason?: string };
const rows: Record<string, Row[]> = { fp16: [], q8: [], q4: [] };
const skipped: string[] = [];
for (const file of files) {
  const label = path.relative(root, file).replace(/\/onnx\/model\.onnx$/, '');
  try {
    const reference = await run(file, 'fp32');
    if (typeof reference === 'string') {
      skipped.push(`${label}: ${reference}`);
      continue;
    }
    for (const dtype of ['fp16', 'q8', 'q4'] as const) {
      const candidate = await run(file, dtype);
      if (typeof candidate === 'string') {
        skipped.push(`${label} ${dtype}: ${candidate}`);
        continue;
      }
      const parity = compareOutputs(reference, candidate, dtype);
      let relDiff = 0;
      for (const [name, ref] of Object.entries(reference.tensors)) {
        const cand = candidate.tensors[name];
        if (!cand || cand.data.length !== ref.data.length) continue;
        const a = compareTensor(name, ref, cand);
        relDiff = Math.max(relDiff, a.maxAbsDiff / Math.max(1, a.maxAbsReference));
      }
      rows[dtype]!.push({ model: label, oneMinusCos: 1 - parity.cosine, relDiff, top1: parity.topAgreement, ok: parity.ok, ...(parity.reason ? { reason: parity.reason } : {}) });
    }
  } catch (error) {
    skipped.push(`${label}: ${(error as Error).message.split('\n')[0]}`);
  }
}

const q = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * (xs.length - 1)))] ?? Number.NaN;
const f = (x: number) => (Number.isNaN(x) ? '—' : x.toPrecision(3));
console.log(`forged models: ${root} — ${files.length} families (first task with all four dtypes), ORT ${ort.env.versions?.node ?? '?'} CPU`);
console.log('| dtype | models | 1 − cosine p50 | p95 | max | rel diff p50 | p95 | max | tie-aware top-1 min | fail parity |');
console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
for (const [dtype, list] of Object.entries(rows)) {
  const c = list.map((r) => r.oneMinusCos);
  const d = list.map((r) => r.relDiff);
  console.log(
    `| ${dtype} | ${list.length} | ${f(q(c, 0.5))} | ${f(q(c, 0.95))} | ${f(Math.max(...c))} | ${f(q(d, 0.5))} | ${f(q(d, 0.95))} | ${f(Math.max(...d))} | ${f(Math.min(...list.map((r) => r.top1)))} | ${list.filter((r) => !r.ok).length} |`,
  );
}
for (const [dtype, list] of Object.entries(rows)) for (const r of list.filter((x) => !x.ok)) console.log(`  fails ${dtype} ${r.model}: ${r.reason}`);
console.log(`skipped (${skipped.length}):`);
for (const s of skipped) console.log(`  ${s}`);
