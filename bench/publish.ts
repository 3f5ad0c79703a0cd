/**
 * Benchmark of publishing (issue 10). On a synthetic store of ~1,000,000 result rows (365 nightly runs × 115
 * families × 24 configurations, 16 samples each; matrix/report/synthetic):
 * 1. the history as Parquet (zstd), JSON Lines and CSV, each written by DuckDB COPY: size, write time,
 *    read-back time (every row and column materialised in a temp table);
 * 2. `matrix publish` of the whole store to the loopback Hub (bench/publish-hub.ts, its own process) as a
 *    user runs it (`node bin/matrix.js publish`, child process, wall time and peak RSS by GNU time): the first
 *    publish (repo created) and a republish (the dataset's Parquet downloaded and merged);
 * 3. `matrix pull` of it into a fresh store.
 * Targets: publish ≤ 10 s and ≤ 500 MB peak RSS, pull ≤ 5 s. Medians of `REPEATS`.
 * `npx tsx bench/publish.ts [runs] [families]`. The store is kept in bench/out/publish/ while it has the expected size.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { DuckDBInstance } from '@duckdb/node-api';
import { syntheticStore } from '../matrix/report/synthetic/synthetic-store.js';
import { MIGRATIONS } from '../matrix/store/index.js';

const runs = Number(process.argv[2] ?? 365);
const families = Number(process.argv[3] ?? 115);
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
const root = resolve(import.meta.dirname, '..');
const outDir = join(root, 'bench/out/publish');
const dbPath = join(outDir, `matrix-${runs}x${families}.duckdb`);
const TOKEN = 'hf_benchTOKENbench0123456789abcdef';

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

async function ensureStore(): Promise<number> {
  mkdirSync(outDir, { recursive: true });
  const expected = runs * families * 24;
  if (existsSync(dbPath)) {
    const instance = await DuckDBInstance.create(dbPath, { access_mode: 'READ_ONLY' });
    const c = await instance.connect();
    const n = Number((await c.runAndReadAll('SELECT count(*)::DOUBLE AS n FROM results')).getRowObjectsJS()[0]!.n);
    c.closeSync();
    instance.closeSync();
    if (n === expected) return n;
    rmSync(dbPath, { force: true });
  }
  const started = performance.now();
  const { rows } = await syntheticStore(dbPath, { runs, families, samplesPerCell: 16 });
  // createSchema (matrix/report/synthetic) makes the v1 tables but records the current version: add v2's columns.
  const instance = await DuckDBInstance.create(dbPath);
  const c = await instance.connect();
  for (const m of MIGRATIONS.filter((m) => m.version > 1)) for (const statement of m.statements) await c.run(statement);
  c.closeSync();
  instance.closeSync();
  console.log(`generated ${rows.toLocaleString('en')} rows in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return rows;
}

/** Parquet vs JSONL vs CSV of the flat history (results joined with their runs, as published). */
async function formats(): Promise<Array<{ format: string; bytes: number; writeS: number; readS: number }>> {
  const instance = await DuckDBInstance.create(dbPath, { access_mode: 'READ_ONLY' });
  const c = await instance.connect();
  const history = `SELECT r.*, ru.started_at AS run_started_at, ru.git_sha AS run_git_sha, ru.transformers_version AS run_transformers_version,
      ru.ort_version AS run_ort_version, ru.os AS run_os, ru.cpu AS run_cpu, ru.profile AS run_profile, 'bench-box' AS machine
    FROM results r JOIN runs ru USING (run_id)`;
  const out: Array<{ format: string; bytes: number; writeS: number; readS: number }> = [];
  const cases: Array<[string, string, string]> = [
    ['parquet (zstd)', 'history.parquet', "(FORMAT parquet, COMPRESSION zstd)"],
    ['jsonl', 'history.jsonl', '(FORMAT json)'],
    ['csv', 'history.csv', '(FORMAT csv, HEADER)'],
  ];
  for (const [format, file, options] of cases) {
    const path = join(outDir, file);
    const writes: number[] = [];
    const reads: number[] = [];
    for (let i = 0; i < REPEATS; i++) {
      rmSync(path, { force: true });
      let t = performance.now();
      await c.run(`COPY (${history}) TO '${path}' ${options}`);
      writes.push((performance.now() - t) / 1000);
      const reader = format === 'csv' ? `read_csv('${path}')` : format === 'jsonl' ? `read_json('${path}', format = 'newline_delimited')` : `read_parquet('${path}')`;
      t = performance.now();
      await c.run(`CREATE OR REPLACE TEMP TABLE back AS SELECT * FROM ${reader}`);
      reads.push((performance.now() - t) / 1000);
      await c.run('DROP TABLE back');
    }
    out.push({ format, bytes: statSync(path).size, writeS: median(writes), readS: median(reads) });
    rmSync(path, { force: true });
  }
  c.closeSync();
  instance.closeSync();
  return out;
}

async function startHub(): Promise<{ url: string; stop: () => void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'bench/publish-hub.ts')], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((done) => createInterface({ input: child.stdout! }).once('line', done));
  return { url: (JSON.parse(line) as { url: string }).url, stop: () => child.kill('SIGTERM') };
}

/** One CLI run under GNU time: wall seconds and peak RSS (MB). */
function timed(args: string[], env: Record<string, string>): { wallS: number; rssMb: number; stdout: string } {
  const started = performance.now();
  const result = spawnSync('/usr/bin/time', ['-f', 'maxrss %M', process.execPath, join(root, 'bin/matrix.js'), ...args], {
    cwd: outDir,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NO_COLOR: '1', ...env },
    encoding: 'utf8',
  });
  const wallS = (performance.now() - started) / 1000;
  if (result.status !== 0) throw new Error(`matrix ${args.join(' ')} failed (${result.status}): ${result.stderr}`);
  const rss = /maxrss (\d+)/.exec(result.stderr);
  return { wallS, rssMb: rss ? Number(rss[1]) / 1024 : NaN, stdout: result.stdout.trim() };
}

const rows = await ensureStore();
console.log(`store: ${rows.toLocaleString('en')} rows, ${(statSync(dbPath).size / 1e6).toFixed(0)} MB; ${cpus().length} cores (${cpus()[0]?.model}), ${(totalmem() / 1024 ** 3).toFixed(0)} GiB; load ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
for (const f of await formats()) {
  console.log(`format ${f.format.padEnd(15)} ${(f.bytes / 1e6).toFixed(1).padStart(7)} MB  write ${f.writeS.toFixed(2)} s  read ${f.readS.toFixed(2)} s`);
}
const first: Array<{ wallS: number; rssMb: number }> = [];
const again: Array<{ wallS: number; rssMb: number }> = [];
const pulls: Array<{ wallS: number; rssMb: number }> = [];
for (let i = 0; i < REPEATS; i++) {
  const hub = await startHub();
  try {
    const env = { MATRIX_DB: dbPath, HF_TOKEN: TOKEN, HF_ENDPOINT: hub.url, MATRIX_MACHINE: 'bench-box' };
    const a = timed(['publish', '--repo', 'test-org/matrix'], env);
    if (i === 0) console.log(`  ${a.stdout}`);
    first.push(a);
    again.push(timed(['publish', '--repo', 'test-org/matrix'], env));
    const pulled = join(outDir, `pulled-${i}.duckdb`);
    rmSync(pulled, { force: true });
    const p = timed(['pull', '--repo', 'test-org/matrix', '--db', pulled], { HF_ENDPOINT: hub.url });
    if (i === 0) console.log(`  ${p.stdout.split('\n')[0]}`);
    pulls.push(p);
    rmSync(pulled, { force: true });
  } finally {
    hub.stop();
  }
}
const show = (name: string, xs: Array<{ wallS: number; rssMb: number }>) =>
  console.log(`${name.padEnd(22)} median ${median(xs.map((x) => x.wallS)).toFixed(2)} s, peak RSS ${median(xs.map((x) => x.rssMb)).toFixed(0)} MB  (runs: ${xs.map((x) => x.wallS.toFixed(2)).join(', ')} s)`);
show('publish (first)', first);
show('publish (republish)', again);
show('pull (fresh store)', pulls);
console.log(`load after: ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
