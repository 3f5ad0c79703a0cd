/**
 * Benchmark of `matrix report` on a year of nightly runs: a synthetic store of ~1,000,000 result rows
 * (365 runs × 115 families × 6 available devices × 4 dtypes, 16 samples each), then each format end to end
 * as a user runs it (`node bin/matrix.js report …` in a child process), median wall time of 3.
 * Targets: terminal, md, json ≤ 1 s; html ≤ 3 s. `npx tsx bench/report.ts [runs] [families]`.
 * The store is kept in bench/out/report/ and reused while it has the expected size.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { syntheticStore } from '../matrix/report/synthetic/synthetic-store.js';

const runs = Number(process.argv[2] ?? 365);
const families = Number(process.argv[3] ?? 115);
const root = resolve(import.meta.dirname, '..');
const outDir = join(root, 'bench/out/report');
const dbPath = join(outDir, `matrix-${runs}x${families}.duckdb`);
const REPEATS = 3;

async function storedRows(path: string): Promise<number> {
  const instance = await DuckDBInstance.create(path, { access_mode: 'READ_ONLY' });
  try {
    const connection = await instance.connect();
    const rows = (await connection.runAndReadAll('SELECT count(*)::DOUBLE AS n FROM results')).getRowObjectsJS();
    connection.closeSync();
    return Number(rows[0]!.n);
  } finally {
    instance.closeSync();
  }
}

/** Wall seconds of one CLI run, and its CPU seconds (user + sys, via GNU time) when /usr/bin/time exists. */
function timeCli(args: string[]): { wallS: number; cpuS: number | null } {
  const gnuTime = existsSync('/usr/bin/time');
  const command = gnuTime ? '/usr/bin/time' : process.execPath;
  const argv = [...(gnuTime ? ['-f', 'cpu %U %S', process.execPath] : []), join(root, 'bin/matrix.js'), ...args];
  const started = performance.now();
  const result = spawnSync(command, argv, { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NO_COLOR: '1' }, encoding: 'utf8' });
  const wallS = (performance.now() - started) / 1000;
  if (result.status !== 0) throw new Error(`matrix ${args.join(' ')} failed (${result.status}): ${result.stderr}`);
  const cpu = /cpu ([\d.]+) ([\d.]+)/.exec(result.stderr);
  return { wallS, cpuS: cpu ? Number(cpu[1]) + Number(cpu[2]) : null };
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

mkdirSync(outDir, { recursive: true });
const expected = runs * families * 24;
let rows = existsSync(dbPath) ? await storedRows(dbPath).catch(() => -1) : -1;
if (rows !== expected) {
  rmSync(dbPath, { force: true });
  const started = performance.now();
  rows = (await syntheticStore(dbPath, { runs, families, samplesPerCell: 16 })).rows;
  console.log(`generated ${rows.toLocaleString('en')} rows in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
console.log(`store: ${dbPath} — ${rows.toLocaleString('en')} result rows, ${runs} runs, ${(statSync(dbPath).size / 2 ** 20).toFixed(0)} MiB`);
console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);

const cases: { name: string; args: string[]; targetS: number | null }[] = [
  { name: 'CLI start (--help, no store)', args: ['--help'], targetS: null },
  { name: 'report (terminal)', args: ['report', '--db', dbPath], targetS: 1 },
  { name: 'report --format md', args: ['report', '--db', dbPath, '--format', 'md', '--out', join(outDir, 'report.md')], targetS: 1 },
  { name: 'report --format json', args: ['report', '--db', dbPath, '--format', 'json', '--out', join(outDir, 'report.json')], targetS: 1 },
  { name: 'report --format html', args: ['report', '--db', dbPath, '--format', 'html', '--out', join(outDir, 'report.html')], targetS: 3 },
];
timeCli(['--help']); // warm tsx's transform cache and the OS file cache once
console.log('\n| command | median wall s | wall s (3 runs) | median CPU s (user+sys) | target (wall) | met |\n| --- | ---: | --- | ---: | ---: | --- |');
for (const c of cases) {
  const times = Array.from({ length: REPEATS }, () => timeCli(c.args));
  const wall = median(times.map((t) => t.wallS));
  const cpu = times.every((t) => t.cpuS !== null) ? median(times.map((t) => t.cpuS!)).toFixed(2) : '–';
  const met = c.targetS === null ? '' : wall <= c.targetS ? 'yes' : 'no';
  console.log(`| ${c.name} | ${wall.toFixed(2)} | ${times.map((t) => t.wallS.toFixed(2)).join(', ')} | ${cpu} | ${c.targetS === null ? '' : `≤ ${c.targetS}`} | ${met} |`);
}
console.log(`\nload average after: ${loadavg().map((l) => l.toFixed(1)).join(' ')}; html size ${(statSync(join(outDir, 'report.html')).size / 2 ** 20).toFixed(1)} MiB`);
