/**
 * Forge benchmark: forging every family of the registry in every dtype (fp32, fp16, q8, q4)
 * into a temp dir, end to end (build graphs, derive variants, encode, write files + manifest),
 * timed over N runs (wall and process CPU time), with a per-phase breakdown from one extra in-memory pass.
 * Usage: npx tsx bench/forge.ts [runs=3]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { deriveRegistry } from '../generator/registry.js';
import { TINY } from '../matrix/forge/contracts/contract.js';
import { CONTRACTS } from '../matrix/forge/contracts/index.js';
import { deriveVariant } from '../matrix/forge/onnx/dtype-variants.js';
import { forgeAll } from '../matrix/forge/forge-all.js';
import { isForgeGraph } from '../matrix/forge/contracts/forged-folder.js';
import { encodeModel } from '../matrix/forge/onnx/encode-model.js';
import { DTYPES } from '../matrix/harness/types.js';

const runs = Number(process.argv[2] ?? 3);
const families = await deriveRegistry();
const wallMs: number[] = [];
const cpuMs: number[] = [];
let summary = '';
for (let i = 0; i < runs; i++) {
  const out = mkdtempSync(join(tmpdir(), 'forge-bench-'));
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  const manifest = await forgeAll({ outDir: out, families });
  wallMs.push(performance.now() - started);
  const cpu = process.cpuUsage(cpuStart);
  cpuMs.push((cpu.user + cpu.system) / 1000);
  const models = Object.values(manifest.models).reduce((n, tasks) => n + Object.keys(tasks).length, 0);
  summary = `${Object.keys(manifest.models).length} families forged, ${models} models × ${DTYPES.length} dtypes = ${models * DTYPES.length} model sets`;
  rmSync(out, { recursive: true, force: true });
}

const phaseMs: Record<string, number> = {};
let onnxBytes = 0;
const add = (phase: string, since: number) => (phaseMs[phase] = (phaseMs[phase] ?? 0) + performance.now() - since);
for (const entry of families) {
  for (const task of entry.tasks) {
    const contract = CONTRACTS.find((c) => c.supports(entry, task) === true);
    if (!contract) continue;
    let t = performance.now();
    const folder = contract.build({ entry, task, seed: 1, size: TINY });
    add('build graphs', t);
    for (const file of Object.values(folder)) {
      if (!isForgeGraph(file)) continue;
      for (const dtype of DTYPES) {
        t = performance.now();
        const graph = deriveVariant(file, dtype);
        add(`derive ${dtype}`, t);
        t = performance.now();
        onnxBytes += encodeModel(graph).length;
        add('encode protobuf', t);
      }
    }
  }
}

const sorted = [...wallMs].sort((a, b) => a - b);
console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, load average ${loadavg()[0]!.toFixed(1)}`);
console.log(summary);
const cpuSorted = [...cpuMs].sort((a, b) => a - b);
console.log(`forge all (write to disk): wall min ${(sorted[0]! / 1000).toFixed(2)} s, median ${(sorted[Math.floor(sorted.length / 2)]! / 1000).toFixed(2)} s over ${runs} runs`);
console.log(`  process CPU time (user+sys, less sensitive to other load): min ${(cpuSorted[0]! / 1000).toFixed(2)} s, median ${(cpuSorted[Math.floor(cpuSorted.length / 2)]! / 1000).toFixed(2)} s`);
console.log(`ONNX bytes: ${(onnxBytes / 1e6).toFixed(1)} MB; in-memory phases (one pass):`);
for (const [phase, ms] of Object.entries(phaseMs)) console.log(`  ${phase.padEnd(16)} ${ms.toFixed(0)} ms`);
