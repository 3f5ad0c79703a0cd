/**
 * `npx tsx bench/real-size-decoder.ts <model folder> <dtype> [promptTokens] [newTokens] [runs]`: a
 * real-size forged decoder (e.g. `matrix forge --config bench/configs/qwen2-0.5b.json`) on cpu, batch 1:
 * load time, time to first token, tokens/s (median of `runs` generate() calls), peak RSS, and FLOPs per
 * token / achieved GFLOP/s from the graph (matrix/harness/graph-flops.ts). Prints one JSON line.
 * Run one dtype per process, so that peak RSS is that dtype's.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AutoModelForCausalLM, env, Tensor } from '@huggingface/transformers';
import { cellFlops, modelBytes } from '../matrix/harness/cell-flops.js';
import type { Dtype } from '../matrix/harness/types.js';

env.allowRemoteModels = false;
const [folder, dtypeArg, promptArg, newArg, runsArg] = process.argv.slice(2);
if (!folder || !dtypeArg) throw new Error('usage: tsx bench/real-size-decoder.ts <model folder> <fp32|fp16|q8|q4> [promptTokens=32] [newTokens=16] [runs=3]');
const dtype = dtypeArg as Dtype;
const promptTokens = Number(promptArg ?? 32);
const newTokens = Number(newArg ?? 16);
const runs = Number(runsArg ?? 3);
const config = JSON.parse(readFileSync(join(folder, 'config.json'), 'utf8')) as Record<string, unknown>;

const ids = BigInt64Array.from({ length: promptTokens }, (_, i) => BigInt(1 + ((i * 7919) % 200)));
const inputs = { input_ids: new Tensor('int64', ids, [1, promptTokens]), attention_mask: new Tensor('int64', new BigInt64Array(promptTokens).fill(1n), [1, promptTokens]) };

const loadStart = performance.now();
const model = await AutoModelForCausalLM.from_pretrained(folder, { dtype, device: 'cpu' });
const loadMs = performance.now() - loadStart;
const generate = (maxNewTokens: number) => model.generate({ ...inputs, max_new_tokens: maxNewTokens, do_sample: false } as never);
const ttftStart = performance.now();
await generate(1);
const ttftMs = performance.now() - ttftStart;
const callsMs: number[] = [];
for (let i = 0; i < runs; i++) {
  const start = performance.now();
  await generate(newTokens);
  callsMs.push(performance.now() - start);
}
const medianMs = [...callsMs].sort((a, b) => a - b)[Math.floor(callsMs.length / 2)]!;
const flops = cellFlops(folder, config, { batch: 1, promptTokens, newTokens }, medianMs);
await model.dispose();
process.stdout.write(
  `${JSON.stringify({
    folder,
    dtype,
    promptTokens,
    newTokens,
    loadMs: Math.round(loadMs),
    ttftMs: Math.round(ttftMs),
    callsMs: callsMs.map(Math.round),
    tokensPerSecond: +(newTokens / (medianMs / 1000)).toFixed(2),
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    modelBytes: modelBytes(folder, dtype),
    prefillGflops: flops.flops === undefined ? null : +(flops.flops / 1e9).toFixed(2),
    gflopsPerToken: flops.flopsPerToken === undefined ? null : +(flops.flopsPerToken / 1e9).toFixed(3),
    achievedGflopsPerSecond: flops.gflopsPerSecond === undefined ? null : +flops.gflopsPerSecond.toFixed(2),
  })}\n`,
);
