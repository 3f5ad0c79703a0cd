/**
 * The fault table of bench/FAULTS.md: runs the fault-injection suite (test/faults/, real vitest CLI, real
 * DuckDB files) with FAULT_TABLE set, so that each test appends its row, and prints the rows as Markdown.
 *   npm run bench:faults
 * Full disk and read-only need `mount -t tmpfs` (root); without it those rows are missing (their tests skip).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { join } from 'node:path';
import type { FaultRow } from '../test/faults/fault-kit.js';

const dir = mkdtempSync(join(os.tmpdir(), 'fault-table-'));
const table = join(dir, 'rows.jsonl');
const vitest = join(createRequire(import.meta.url).resolve('vitest/package.json'), '..', 'vitest.mjs');
try {
  const run = spawnSync(process.execPath, [vitest, 'run', '--project', 'unit', 'test/faults'], { env: { ...process.env, FAULT_TABLE: table }, stdio: ['ignore', 'inherit', 'inherit'] });
  const rows: FaultRow[] = existsSync(table) ? readFileSync(table, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as FaultRow) : [];
  process.stdout.write(`\n| fault | cells finished | stored in the database | kept where the run said | lost | exit | where |\n| --- | ---: | ---: | ---: | ---: | --- | --- |\n`);
  for (const r of rows) process.stdout.write(`| ${r.fault} | ${r.finished} | ${r.stored} | ${r.kept} | ${r.lost} | ${r.exit} | ${r.where} |\n`);
  process.stdout.write(`\nsuite exit ${run.status}; ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, ${os.platform()} ${os.release()}, Node ${process.version}\n`);
  process.exitCode = run.status ?? 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
