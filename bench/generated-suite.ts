/**
 * Times the whole generated suite (issue 4 target: forged models, node cpu, all dtypes, quick profile,
 * ≤ 2 minutes on the 2-core CI machine) and counts its cells by status and real / mock.
 *
 *   npx tsx bench/generated-suite.ts            # runs `vitest run --project generated` once
 *
 * The matrix reporter writes to a throwaway DuckDB file (MATRIX_DB), so a benchmark run does not mix into
 * `.matrix/matrix.duckdb`. Prints wall time, the CPU time of vitest and its workers (Linux: children's utime + stime), the load
 * average before and after (the machine may be shared), per-file durations and the cell counts.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';

const summaryFile = join(mkdtempSync(join(os.tmpdir(), 'generated-suite-')), 'summary.json');
const loadBefore = os.loadavg()[0]!;
const cpuBefore = childrenCpuSeconds();
const start = performance.now();
const run = spawnSync(
  process.execPath,
  [
    'node_modules/vitest/vitest.mjs',
    'run',
    '--project',
    'generated',
    '--reporter=dot',
    // The matrix reporter too (a `--reporter` flag replaces the config's), writing to a throwaway DB.
    `--reporter=${join(process.cwd(), 'matrix', 'reporter', 'matrix-reporter.ts')}`,
    `--reporter=${join(process.cwd(), 'bench', 'generated-suite-reporter.ts')}`,
  ],
  {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, MATRIX_PROFILE: process.env.MATRIX_PROFILE ?? 'quick', MATRIX_BENCH_SUMMARY: summaryFile, MATRIX_DB: join(dirname(summaryFile), 'matrix.duckdb') },
  },
);
const wallS = (performance.now() - start) / 1000;
const cpuS = childrenCpuSeconds() - cpuBefore;
const summary = JSON.parse(readFileSync(summaryFile, 'utf8')) as Record<string, unknown>;

console.log(`generated suite: wall ${wallS.toFixed(1)} s, CPU ${cpuS.toFixed(1)} s (vitest + workers), exit ${run.status}`);
console.log(`machine: ${os.cpus().length}× ${os.cpus()[0]?.model.trim()}, load average ${loadBefore.toFixed(1)} before, ${os.loadavg()[0]!.toFixed(1)} after`);
console.log(JSON.stringify(summary, null, 2));

/** utime + stime of waited-for children, from /proc/self/stat (Linux); 0 elsewhere. */
function childrenCpuSeconds(): number {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
    // After "pid (comm) ", field 16 (cutime) and 17 (cstime) are at indexes 13 and 14.
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return 0;
  }
}
