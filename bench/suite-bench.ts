/**
 * Figures of issue 11 (suites, bench mode), each median of several runs, printed as Markdown rows for bench/RESULTS.md:
 *   npx tsx bench/suite-bench.ts share  [runs=3]          harness share of a full-profile cell, real-dimension BERT
 *   npx tsx bench/suite-bench.ts spread [runs=5] [profile=bench]  run-to-run spread of p50, real-dimension BERT
 *   npx tsx bench/suite-bench.ts fixed  [runs=5]          fixed cost of `matrix bench <small folder>`, one dtype
 *   npx tsx bench/suite-bench.ts suite  NAME|FILE         wall time of `matrix run --suite`
 * The real-dimension BERT (hidden 384, 12 layers, 12 heads, intermediate 1536, vocab 30522: all-MiniLM-L12-v2's
 * config) is forged once into node_modules/.cache/model-matrix/bench-bert-384x12 (`matrix forge --config`).
 * Harness share = (cell wall − cold load − warm load − measured samples) / cell wall, for the cpu/fp32 cell
 * (no parity reference run); `+warm-up` counts the first inference and warm-up runs as measurement too.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { forgeFromConfig } from '../matrix/forge/forge-from-config.js';
import { PROFILES, type MeasureProfile } from '../matrix/harness/profiles.js';
import { runCell } from '../matrix/harness/run-cell.js';
import type { CellKey } from '../matrix/harness/types.js';
import { benchBody } from '../matrix/suite/bench-body.js';

const ROOT = resolve(import.meta.dirname, '..');
const [mode = 'share', arg1, arg2] = process.argv.slice(2);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const machine = () => `${cpus()[0]?.model.trim()} ×${cpus().length}, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`;

async function realBert(): Promise<string> {
  const dir = join(ROOT, 'node_modules/.cache/model-matrix/bench-bert-384x12');
  const folder = join(dir, 'bert/feature-extraction');
  if (existsSync(join(folder, 'onnx/model.onnx'))) return folder;
  mkdirSync(dir, { recursive: true });
  const config = { _name_or_path: 'sentence-transformers/all-MiniLM-L12-v2', architectures: ['BertModel'], model_type: 'bert', hidden_size: 384, num_hidden_layers: 12, num_attention_heads: 12, intermediate_size: 1536, vocab_size: 30522, max_position_embeddings: 512, type_vocab_size: 2 };
  writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
  await forgeFromConfig({ configPath: join(dir, 'config.json'), outDir: dir, task: 'feature-extraction', dtypes: ['fp32'] });
  return folder;
}

async function oneCell(folder: string, profile: MeasureProfile) {
  const key: CellKey = { family: 'bert', archKind: 'encoder-only', task: 'feature-extraction', modelId: 'local/bench-bert', platform: 'node', device: 'cpu', dtype: 'fp32', batchSize: 1 };
  const start = performance.now();
  const { result } = await runCell(
    { key, autoClass: 'AutoModel', resolved: { source: 'local', location: folder, modelId: key.modelId, dtypes: null, notes: [] }, isReference: true, reference: {}, shared: new Map(), profile, timeoutMs: 600_000 },
    benchBody('AutoModel', 'encoder-only', { batchSize: 1 })!,
  );
  const wallMs = performance.now() - start;
  if (result.status !== 'pass') throw new Error(`cell did not pass: ${JSON.stringify(result).slice(0, 300)}`);
  return { wallMs, m: result.measurements };
}

if (mode === 'share') {
  const folder = await realBert();
  const runs = Number(arg1 ?? 3);
  const rows: Array<{ wall: number; share: number; shareWarm: number; samples: number }> = [];
  for (let i = 0; i < runs; i++) {
    const { wallMs, m } = await oneCell(folder, { ...PROFILES.full });
    const measured = m.samplesMs.reduce((a, b) => a + b, 0);
    const rest = wallMs - m.coldLoadMs - m.warmLoadMs - measured;
    const warm = m.firstInferenceMs + PROFILES.full.warmupRuns * m.latency.p50Ms;
    rows.push({ wall: wallMs, share: rest / wallMs, shareWarm: (rest - warm) / wallMs, samples: m.latency.samples });
  }
  console.log(`| harness share, full-profile cell, BERT 384×12 (forged from config), cpu fp32 b1 | ${(median(rows.map((r) => r.share)) * 100).toFixed(1)} % (${(median(rows.map((r) => r.shareWarm)) * 100).toFixed(1)} % with first inference + warm-up counted as measurement); cell wall ${(median(rows.map((r) => r.wall)) / 1000).toFixed(2)} s, ${median(rows.map((r) => r.samples))} samples; median of ${runs} | \`npx tsx bench/suite-bench.ts share ${runs}\` | ${machine()} |`);
} else if (mode === 'spread') {
  const folder = await realBert();
  const runs = Number(arg1 ?? 5);
  const name = (arg2 ?? 'bench') as MeasureProfile['name'];
  const p50s: number[] = [];
  for (let i = 0; i < runs; i++) p50s.push((await oneCell(folder, { ...PROFILES[name] })).m.latency.p50Ms);
  const spread = (Math.max(...p50s) - Math.min(...p50s)) / median(p50s);
  console.log(`| p50 run-to-run spread, profile ${name}, BERT 384×12 cpu fp32 b1 | ${(spread * 100).toFixed(1)} % (max−min)/median over ${runs} runs; p50s ${p50s.map((p) => p.toFixed(2)).join(', ')} ms | \`npx tsx bench/suite-bench.ts spread ${runs} ${name}\` | ${machine()} |`);
} else if (mode === 'fixed' || mode === 'suite') {
  const runs = mode === 'fixed' ? Number(arg1 ?? 5) : 1;
  const dir = mkdtempSync(join(tmpdir(), 'suite-bench-'));
  const env = { ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('MATRIX_'))), MATRIX_DB: join(dir, 'm.duckdb') };
  try {
    const small = mode === 'fixed' ? await smallFolder(dir) : '';
    const walls: number[] = [];
    const fixed: number[] = [];
    for (let i = 0; i < runs; i++) {
      const args = mode === 'fixed' ? ['bench', small, '--dtypes', 'fp32', '--devices', 'cpu', '--profile', 'quick'] : ['run', '--suite', arg1 ?? 'smoke'];
      const start = performance.now();
      const { stdout } = await promisify(execFile)(process.execPath, [join(ROOT, 'bin/matrix.js'), ...args], { cwd: ROOT, env, maxBuffer: 64 << 20 });
      const wall = performance.now() - start;
      walls.push(wall);
      const cells = /\(cells ([\d.]+) s\)/.exec(stdout);
      if (cells) fixed.push(wall - Number(cells[1]) * 1000);
      if (mode === 'suite') process.stderr.write(stdout.split('\n').filter((l) => /cells|Tests|Matrix written/.test(l)).join('\n') + '\n');
    }
    if (mode === 'fixed') console.log(`| fixed cost of \`matrix bench\`, one small folder (forged bert), fp32, cpu, devices cached after run 1 | ${(median(fixed) / 1000).toFixed(2)} s (wall ${(median(walls) / 1000).toFixed(2)} s minus the cell); runs: ${fixed.map((f) => (f / 1000).toFixed(2)).join(', ')} s | \`npx tsx bench/suite-bench.ts fixed ${runs}\` | ${machine()} |`);
    else console.log(`| wall time of \`matrix run --suite ${arg1 ?? 'smoke'}\` | ${(walls[0]! / 1000).toFixed(1)} s | \`npx tsx bench/suite-bench.ts suite ${arg1 ?? 'smoke'}\` | ${machine()} |`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function smallFolder(dir: string): Promise<string> {
  const { ensureForged } = await import('../matrix/forge/ensure-forged.js');
  return join((await ensureForged({ root: join(ROOT, '.matrix/models') })).dir, 'bert/feature-extraction');
}
