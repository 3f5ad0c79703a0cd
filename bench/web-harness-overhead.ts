/**
 * Web harness overhead per measured iteration, inside one Chromium page: a web cell's measured loop as a
 * generated test drives it (`m.measure(() => m.forward(inputs))` on the real backend of a page model, whose
 * loop runs in the page: matrix/browser repeatInPage) versus a bare `session.run` loop on the same ONNX feeds
 * in the same page, and the transformers.js `model.forward` loop there. Also: the older call-by-call loop
 * (matrix/harness/measure.ts from node on the page clock), to show why the loop moved into the page. Rounds alternate so that load on a shared machine hits
 * all three alike; reported: the median over rounds of each loop's median sample, and their ratios.
 *   npx tsx bench/web-harness-overhead.ts [iterations=200] [rounds=10] [family=bert] [task=feature-extraction]
 * Model: the forged model of family/task (ensureForged), fp32 on web/wasm, one thread.
 */
import { loadavg, cpus } from 'node:os';
import path from 'node:path';
import { AutoTokenizer } from '@huggingface/transformers';
import { closePage, encodeValue, loadInPage, startWebPlatform } from '../matrix/browser/index.js';
import { callRunner } from '../matrix/browser/page-session.js';
import { ensureForged } from '../matrix/forge/ensure-forged.js';
import { percentile } from '../matrix/harness/latency-stats.js';
import { CellModel } from '../matrix/harness/cell-model.js';
import { measure } from '../matrix/harness/measure.js';
import { realBackend } from '../matrix/harness/real-backend.js';
import type { MeasureProfile } from '../matrix/harness/profiles.js';

const iterations = Number(process.argv[2] ?? 200);
const rounds = Number(process.argv[3] ?? 10);
const family = process.argv[4] ?? 'bert';
const task = process.argv[5] ?? 'feature-extraction';
const median = (xs: number[]) => percentile([...xs].sort((a, b) => a - b), 0.5);

const forged = await ensureForged();
const location = path.join(forged.dir, family, task);
const web = await startWebPlatform({ roots: [forged.dir] });
if (!web.context) throw new Error(`no browser: ${web.devices[0]?.reason}`);
const tokenizer = await AutoTokenizer.from_pretrained(location, { local_files_only: true });
const inputs = tokenizer(['The capital of France is Paris.'], { return_tensor: true }) as unknown as Record<string, unknown>;
const model = await loadInPage({ autoClass: 'AutoModel', location, device: 'wasm', dtype: 'fp32' }, web.context);
const profile: MeasureProfile = { name: 'full', warmupRuns: 5, minSamples: iterations, maxSamples: iterations, minTimeMs: 0, maxTimeMs: 1e9 };
const wire = [encodeValue(inputs, (v): v is { pageId: number } => false)];

const spec = { autoClass: 'AutoModel', location, source: 'forged' as const, device: 'wasm' as const, dtype: 'fp32' as const, web: web.context };
const backend = realBackend(model as never, spec, new Map());
const cellInputs = (await backend.tokenize(['The capital of France is Paris.'], {}));
const harness: number[] = [];
const callByCall: number[] = [];
const bare: number[] = [];
const forward: number[] = [];
const wallPerCall: number[] = [];
for (let r = 0; r < rounds; r++) {
  const m = new CellModel({ backend, source: 'forged', device: 'wasm', dtype: 'fp32', profile });
  await m.measure(() => m.forward(cellInputs), { items: 1 });
  harness.push(m.measured!.stats.p50Ms);
  const wallStart = performance.now();
  const run = await measure(() => model.forward(inputs), { profile, items: 1, now: model.now });
  wallPerCall.push((performance.now() - wallStart) / (iterations + profile.warmupRuns + 1));
  callByCall.push(run.stats.p50Ms);
  const page = await callRunner<{ forwardMs: number[]; sessionMs: number[] }>(web.context, 'overhead', [model.pageId, wire, iterations]);
  bare.push(median(page.sessionMs));
  forward.push(median(page.forwardMs));
}
await model.dispose();
await closePage();
await web.close();

const h = median(harness);
const c = median(callByCall);
const b = median(bare);
const f = median(forward);
const pct = (x: number) => `${((x - 1) * 100).toFixed(1)} %`;
console.log(`model: forged ${family}/${task} fp32, web/wasm 1 thread, Chromium ${web.context.browserVersion}; ${iterations} iterations × ${rounds} rounds`);
console.log(`machine: ${cpus().length} × ${cpus()[0]?.model}, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
console.log(`bare session.run in the page   p50 ${b.toFixed(4)} ms`);
console.log(`model.forward in the page      p50 ${f.toFixed(4)} ms  (${pct(f / b)} over bare)`);
console.log(`harness m.measure (web cell)   p50 ${h.toFixed(4)} ms  (${pct(h / b)} over bare, ${pct(h / f)} over model.forward)`);
console.log(`call by call from node         p50 ${c.toFixed(4)} ms  (${pct(c / b)} over bare; page clock, ${median(wallPerCall).toFixed(2)} ms wall per call with the round trip)`);
