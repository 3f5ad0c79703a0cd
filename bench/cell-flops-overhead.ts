/**
 * `npx tsx bench/cell-flops-overhead.ts [family ...]`: what FLOPs, model bytes and the memory pre-check add
 * per generation cell on tiny forged models (the generated suite's fast path): the first cell of a folder
 * (reads and decodes its fp32 graph) and each further cell (cached graph), median of 20 in ms.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureForged } from '../matrix/forge/ensure-forged.js';
import { cellFlops, modelBytes } from '../matrix/harness/cell-flops.js';
import { checkMemoryFit } from '../matrix/harness/check-memory-fit.js';

const families = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['gpt2', 'llama', 'qwen2', 'phi3'];
const { dir } = await ensureForged();
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
for (const family of families) {
  const folder = join(dir, family, 'text-generation');
  const config = JSON.parse(readFileSync(join(folder, 'config.json'), 'utf8')) as Record<string, unknown>;
  const once = () => {
    checkMemoryFit(folder, 'q4');
    modelBytes(folder, 'q4');
    return cellFlops(folder, config, { batch: 1, promptTokens: 8, newTokens: 8 }, 10);
  };
  const t0 = performance.now();
  const first = once();
  const firstMs = performance.now() - t0;
  const later: number[] = [];
  for (let i = 0; i < 20; i++) {
    const t = performance.now();
    once();
    later.push(performance.now() - t);
  }
  process.stdout.write(`${family.padEnd(8)} first cell ${firstMs.toFixed(2)} ms, further cells ${median(later).toFixed(3)} ms (median of 20); flops/token ${first.flopsPerToken}\n`);
}
