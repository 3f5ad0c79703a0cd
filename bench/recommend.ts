/**
 * Benchmark of `matrix recommend` and of the Recommended section's cost in `matrix report`: a synthetic
 * store of one run at suite size (families × 6 available devices × 4 dtypes, 30 samples each, see
 * matrix/report/synthetic/synthetic-store.ts), each command end to end as a user runs it
 * (`node bin/matrix.js …` in a child process), median wall time of 5; and `recommend()` in process. `npx tsx bench/recommend.ts [families]`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { recommend } from '../matrix/recommend/index.js';
import { loadRecommendCells } from '../matrix/report/load-recommend-cells.js';
import { openReadonly } from '../matrix/report/open-readonly.js';
import { resolveRun } from '../matrix/report/resolve-run.js';
import { syntheticStore } from '../matrix/report/synthetic/synthetic-store.js';

const families = Number(process.argv[2] ?? 214);
const root = resolve(import.meta.dirname, '..');
const REPEATS = 5;
const dir = mkdtempSync(join(tmpdir(), 'bench-recommend-'));
const db = join(dir, 'm.duckdb');
try {
  const { rows } = await syntheticStore(db, { runs: 1, families, samplesPerCell: 30 });
  const time = (args: string[]): { medianMs: number; bytes: number } => {
    const walls: number[] = [];
    let bytes = 0;
    for (let i = 0; i < REPEATS; i++) {
      const start = performance.now();
      const r = spawnSync(process.execPath, [join(root, 'bin/matrix.js'), ...args, '--db', db], { encoding: 'utf8', env: { ...process.env, MATRIX_DB: '', NO_COLOR: '1' }, maxBuffer: 1 << 28 });
      walls.push(performance.now() - start);
      if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
      bytes = r.stdout.length;
    }
    walls.sort((a, b) => a - b);
    return { medianMs: walls[REPEATS >> 1]!, bytes };
  };
  console.log(`store: ${rows} result rows (1 run × ${families} families), ${cpus().length} × ${cpus()[0]?.model}, load ${loadavg()[0]!.toFixed(2)}`);
  const store = await openReadonly(db);
  try {
    const run = await resolveRun(store, undefined);
    const loadStart = performance.now();
    const cells = await loadRecommendCells(store, run.runId, {});
    const loadMs = performance.now() - loadStart;
    const inProcess: number[] = [];
    let groups = 0;
    for (let i = 0; i < REPEATS; i++) {
      const start = performance.now();
      groups = recommend(cells).length;
      inProcess.push(performance.now() - start);
    }
    inProcess.sort((a, b) => a - b);
    console.log(`in process: load ${cells.length} cells ${loadMs.toFixed(0)} ms; recommend() → ${groups} recommendations, median ${inProcess[REPEATS >> 1]!.toFixed(0)} ms`);
  } finally {
    store.close();
  }
  for (const args of [['recommend'], ['recommend', '--format', 'json'], ['report'], ['report', '--format', 'json'], ['report', '--format', 'html']]) {
    const { medianMs, bytes } = time(args);
    console.log(`matrix ${args.join(' ').padEnd(26)} median ${(medianMs / 1000).toFixed(2)} s  (${bytes} bytes out)`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
