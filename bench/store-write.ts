/**
 * Benchmark: writing one run of 1,000 cells to the matrix database.
 *   npx tsx bench/store-write.ts [cells=1000] [repeats=7]
 * Times (a) the whole `storeRun` (open, migrate/check, write in one transaction, close) into a
 * fresh file, (b) `storeRun` into a file already holding 20 runs, and (c) the `writeRun`
 * transaction alone on an open connection. Prints the median and min/max of each in ms.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import type { CellResult } from '../matrix/harness/types.js';
import { withStore } from '../matrix/store/open-store.js';
import type { RunRecord } from '../matrix/store/run-record.js';
import { storeRun } from '../matrix/store/store-run.js';
import { writeRun } from '../matrix/store/write-run.js';
import { CELL_VARIANTS, DEVICES, key, runInfo } from '../test/fixtures/reporter/cells.js';

const cellCount = Number(process.argv[2] ?? 1000);
const repeats = Number(process.argv[3] ?? 7);
const DEVICE_DTYPE = (['cpu', 'cuda', 'webgpu'] as const).flatMap((device) => (['fp32', 'fp16', 'q8', 'q4'] as const).map((dtype) => ({ device, dtype })));

function record(runId: string): RunRecord {
  const cells: CellResult[] = Array.from({ length: cellCount }, (_, i) => {
    const variant = CELL_VARIANTS[i % CELL_VARIANTS.length]!;
    const { device, dtype } = DEVICE_DTYPE[i % DEVICE_DTYPE.length]!;
    const family = `family${Math.floor(i / DEVICE_DTYPE.length)}`;
    return { ...variant, key: key({ family, modelId: `forged/${family}`, device, dtype }) };
  });
  return { run: runInfo({ runId }), devices: [...DEVICES], cells, interrupted: false, finishedAt: new Date().toISOString() };
}

function stats(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  return `median ${median.toFixed(1)} ms (min ${sorted[0]!.toFixed(1)}, max ${sorted[sorted.length - 1]!.toFixed(1)}, n=${samples.length})`;
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

const dir = mkdtempSync(join(os.tmpdir(), 'bench-store-'));
const quiet = { log: () => undefined };
try {
  const fresh: number[] = [];
  for (let i = 0; i < repeats; i++) fresh.push(await time(() => storeRun(record(`fresh-${i}`), { path: join(dir, `fresh-${i}.duckdb`), ...quiet })));

  const busyDb = join(dir, 'history.duckdb');
  for (let i = 0; i < 20; i++) await storeRun(record(`old-${i}`), { path: busyDb, ...quiet });
  const existing: number[] = [];
  for (let i = 0; i < repeats; i++) existing.push(await time(() => storeRun(record(`new-${i}`), { path: busyDb, ...quiet })));

  const transaction: number[] = [];
  await withStore({ path: join(dir, 'tx.duckdb') }, async (store) => {
    for (let i = 0; i < repeats; i++) transaction.push(await time(() => writeRun(store.connection, record(`tx-${i}`))));
  });

  const cpu = os.cpus();
  console.log(`store-write: ${cellCount} cells per run, ${repeats} repeats · node ${process.version} · ${cpu[0]?.model.trim()} ×${cpu.length} · ${os.platform()} ${os.arch()}`);
  console.log(`  storeRun into a new file:            ${stats(fresh)}`);
  console.log(`  storeRun into a file with 20 runs:   ${stats(existing)}`);
  console.log(`  writeRun transaction alone:          ${stats(transaction)}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
