/**
 * Web harness overhead per measured iteration, inside one Chromium page: a web cell's measured loop as a
 * generated test drives it (`m.measure(() => m.forward(inputs))` on the real backend of a page model, whose
 * loop runs in the page: matrix/browser repeatInPage) versus a bare `session.run` loop on the same ONNX feeds
 * in the same page, and the transformers.js `model.forward` loop there. Rounds alternate so that load on a shared machine hits
 * all three alike; reported: the median over rounds of each loop's median sample, and their ratios.
 *   npx tsx bench/web-harness-overhead.ts [iterations=200] [rounds=10] [model=tiny|mini]
 * Model: `tiny` = the forged bert feature-extraction model (ensureForged); `mini` = random weights at
 * prajjwal1/bert-mini's dimensions (hidden 256, 4 layers, 4 heads, intermediate 1024, vocab 30522) forged from a
 * config into a temp folder. fp32 on web/wasm, one thread.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { closePage, encodeValue, loadInPage, startWebPlatform } from '../matrix/browser/index.js';
import { callRunner } from '../matrix/browser/page-session.js';
import { ensureForged } from '../matrix/forge/ensure-forged.js';
import { forgeFromConfig } from '../matrix/forge/forge-from-config.js';
import { percentile } from '../matrix/harness/latency-stats.js';
import { CellModel } from '../matrix/harness/cell-model.js';
import { realBackend } from '../matrix/harness/real-backend.js';
import type { MeasureProfile } from '../matrix/harness/profiles.js';

const iterations = Number(process.argv[2] ?? 200);
const rounds = Number(process.argv[3] ?? 10);
const size = process.argv[4] ?? 'tiny';
if (size !== 'tiny' && size !== 'mini') throw new Error(`model must be tiny or mini, not ${size}`);
const median = (xs: number[]) => percentile([...xs].sort((a, b) => a - b), 0.5);

let root: string;
let location: string;
let temp = '';
if (size === 'tiny') {
  root = (await ensureForged()).dir;
  location = path.join(root, 'bert', 'feature-extraction');
} else {
  temp = mkdtempSync(path.join(tmpdir(), 'web-overhead-'));
  const config = { model_type: 'bert', hidden_size: 256, num_hidden_layers: 4, num_attention_heads: 4, intermediate_size: 1024, vocab_size: 30522, max_position_embeddings: 512, type_vocab_size: 2 };
  writeFileSync(path.join(temp, 'config.json'), JSON.stringify(config));
  const out = path.join(temp, 'out');
  const forged = await forgeFromConfig({ configPath: path.join(temp, 'config.json'), outDir: out, task: 'feature-extraction', dtypes: ['fp32'] });
  root = out;
  const made = forged.models['feature-extraction'];
  if (!made) throw new Error(`bert-mini feature-extraction was not forged: ${JSON.stringify(forged.skipped)}`);
  location = path.isAbsolute(made.path) ? made.path : path.join(out, made.path);
}
const web = await startWebPlatform({ roots: [root] });
if (!web.context) throw new Error(`no browser: ${web.devices[0]?.reason}`);
const model = await loadInPage({ autoClass: 'AutoModel', location, device: 'wasm', dtype: 'fp32' }, web.context);
const profile: MeasureProfile = { name: 'full', warmupRuns: 5, minSamples: iterations, maxSamples: iterations, minTimeMs: 0, maxTimeMs: 1e9 };

const spec = { autoClass: 'AutoModel', location, source: 'forged' as const, device: 'wasm' as const, dtype: 'fp32' as const, web: web.context };
const backend = realBackend(model as never, spec, new Map());
const cellInputs = await backend.tokenize(['The capital of France is Paris.'], {});
const wire = [encodeValue(cellInputs, (v): v is { pageId: number } => false)];
const harness: number[] = [];
const bare: number[] = [];
const forward: number[] = [];
for (let r = 0; r < rounds; r++) {
  const m = new CellModel({ backend, source: 'forged', device: 'wasm', dtype: 'fp32', profile });
  await m.measure(() => m.forward(cellInputs), { items: 1 });
  harness.push(m.measured!.stats.p50Ms);
  const page = await callRunner<{ forwardMs: number[]; sessionMs: number[] }>(web.context, 'overhead', [model.pageId, wire, iterations]);
  bare.push(median(page.sessionMs));
  forward.push(median(page.forwardMs));
}
await model.dispose();
await closePage();
await web.close();
if (temp) rmSync(temp, { recursive: true, force: true });

const h = median(harness);
const b = median(bare);
const f = median(forward);
const pct = (x: number) => `${((x - 1) * 100).toFixed(1)} %`;
console.log(`model: ${size === 'tiny' ? 'forged bert/feature-extraction' : 'bert-mini dimensions (random weights)'} fp32, web/wasm 1 thread, Chromium ${web.context.browserVersion}; ${iterations} iterations × ${rounds} rounds`);
console.log(`machine: ${cpus().length} × ${cpus()[0]?.model}, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
console.log(`bare session.run in the page   p50 ${b.toFixed(4)} ms`);
console.log(`model.forward in the page      p50 ${f.toFixed(4)} ms  (${pct(f / b)} over bare)`);
console.log(`harness m.measure (web cell)   p50 ${h.toFixed(4)} ms  (${pct(h / b)} over bare, ${pct(h / f)} over model.forward)`);
