/**
 * Harness overhead per measured iteration: `measure()` (matrix/harness/measure.ts) around `session.run`
 * versus a bare `session.run` loop timed the same way, on the same tiny model and input.
 * Many short rounds alternate bare / harness (ABBA), so load on a shared machine hits both alike. Reported:
 * the median over rounds of each loop's median sample, the median of the per-pair ratios (each harness round
 * against the bare round next to it in time), and the ratio of the least-disturbed (minimum) round medians.
 *   npx tsx bench/harness-overhead.ts [iterations=500] [rounds=40] [model=forged bert | path/to/model.onnx | mlp]
 * Model: by default the forged bert feature-extraction model (newest .matrix/models/<hash>/bert/...), inputs
 * from bench/synthetic-feeds.ts; `mlp` (or no forged model) uses the tiny MLP of bench/tiny-mlp-model.ts
 * (hidden 32, intermediate 64, vocab 100, seq 16).
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { loadOrt, type OrtTensor } from '../matrix/devices/load-ort.js';
import { percentile } from '../matrix/harness/latency-stats.js';
import { measure } from '../matrix/harness/measure.js';
import type { MeasureProfile } from '../matrix/harness/profiles.js';
import { syntheticFeeds, type InputMeta } from './synthetic-feeds.js';
import { tinyMlp, tinyMlpInput } from './tiny-mlp-model.js';

const iterations = Number(process.argv[2] ?? 500);
const rounds = Number(process.argv[3] ?? 40);
const ort = loadOrt();
const modelArg = process.argv[4] ?? forgedBert();
const threads = { intraOpNumThreads: 1, interOpNumThreads: 1 };
let session: Awaited<ReturnType<typeof ort.InferenceSession.create>>;
let feeds: Record<string, OrtTensor>;
let modelLabel: string;
if (modelArg && modelArg !== 'mlp') {
  session = await ort.InferenceSession.create(modelArg, threads);
  const made = syntheticFeeds(ort, (session as unknown as { inputMetadata: InputMeta[] }).inputMetadata, 'fp32');
  if (typeof made === 'string') throw new Error(`cannot feed ${modelArg}: ${made}`);
  feeds = made;
  modelLabel = `${modelArg} (fp32, batch 1, sequence 8)`;
} else {
  const model = tinyMlp('fp32', { seed: 1 });
  session = await ort.InferenceSession.create(model.bytes, threads);
  feeds = { input: new ort.Tensor('float32', tinyMlpInput(1, model.inputDims), model.inputDims) };
  modelLabel = 'tiny MLP fp32 (hidden 32, 2 layers, vocab 100, seq 16)';
}

/** The forged bert feature-extraction model of the newest forge run, or '' when there is none. */
function forgedBert(): string {
  const root = '.matrix/models';
  if (!existsSync(root)) return '';
  const runs = readdirSync(root).map((d) => path.join(root, d)).sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  for (const run of runs) {
    const file = path.join(run, 'bert', 'feature-extraction', 'onnx', 'model.onnx');
    if (existsSync(file)) return file;
  }
  return '';
}
const run = () => session.run(feeds);

const profile: MeasureProfile = { name: 'full', warmupRuns: 0, minSamples: iterations, maxSamples: iterations, minTimeMs: 0, maxTimeMs: 1e9 };
const median = (xs: number[]) => percentile([...xs].sort((a, b) => a - b), 0.5);

/** The bare loop: per-iteration performance.now() around session.run and nothing else. */
async function bare(): Promise<{ medianMs: number; wallPerIterMs: number }> {
  const samples = new Array<number>(iterations);
  const start = performance.now();
  for (let i = 0; i < iterations; i++) {
    const t0 = performance.now();
    await session.run(feeds);
    samples[i] = performance.now() - t0;
  }
  return { medianMs: median(samples), wallPerIterMs: (performance.now() - start) / iterations };
}

async function harness(): Promise<{ medianMs: number; wallPerIterMs: number }> {
  const start = performance.now();
  const m = await measure(run, { profile, items: 1 });
  const wall = performance.now() - start - m.firstMs; // the first call is outside the loop
  return { medianMs: m.stats.p50Ms, wallPerIterMs: wall / m.samplesMs.length };
}

for (let i = 0; i < 200; i++) await run(); // warm both paths' session
const bareRounds: Array<{ medianMs: number; wallPerIterMs: number }> = [];
const harnessRounds: Array<{ medianMs: number; wallPerIterMs: number }> = [];
for (let r = 0; r < rounds; r++) {
  // ABBA order, so neither loop always runs first after the other's garbage
  if (r % 2 === 0) {
    bareRounds.push(await bare());
    harnessRounds.push(await harness());
  } else {
    harnessRounds.push(await harness());
    bareRounds.push(await bare());
  }
}
await session.release();

const bareMedian = median(bareRounds.map((r) => r.medianMs));
const harnessMedian = median(harnessRounds.map((r) => r.medianMs));
const bareWall = median(bareRounds.map((r) => r.wallPerIterMs));
const harnessWall = median(harnessRounds.map((r) => r.wallPerIterMs));
const pairRatio = median(harnessRounds.map((h, i) => h.medianMs / bareRounds[i]!.medianMs));
const bareBest = Math.min(...bareRounds.map((r) => r.medianMs));
const harnessBest = Math.min(...harnessRounds.map((r) => r.medianMs));
const us = (ms: number) => `${(ms * 1000).toFixed(2)} µs`;
console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}, Node ${process.version}, ORT ${ort.env.versions?.node ?? '?'} (1 intra-op thread)`);
console.log(`model: ${modelLabel}; ${rounds} alternating rounds × ${iterations} iterations`);
console.log('| loop | median per-iteration sample | wall time per iteration |');
console.log('| --- | --- | --- |');
console.log(`| bare session.run | ${us(bareMedian)} | ${us(bareWall)} |`);
console.log(`| measure() | ${us(harnessMedian)} | ${us(harnessWall)} |`);
console.log(`| ratio measure / bare | ${(harnessMedian / bareMedian).toFixed(4)} | ${(harnessWall / bareWall).toFixed(4)} |`);
console.log(`median of per-pair ratios measure / bare: ${pairRatio.toFixed(4)}`);
console.log(`least-disturbed round: bare ${us(bareBest)}, measure ${us(harnessBest)}, ratio ${(harnessBest / bareBest).toFixed(4)}`);
console.log(`per-round medians (µs) bare: ${bareRounds.map((r) => (r.medianMs * 1000).toFixed(1)).join(' ')}`);
console.log(`per-round medians (µs) measure: ${harnessRounds.map((r) => (r.medianMs * 1000).toFixed(1)).join(' ')}`);
