#!/usr/bin/env node
/**
 * Adds up vitest's closing "Tests" lines in the given logs and prints one line
 * `N passed, N failed, N skipped`; exit 1 when a log has no such line (the runner never finished).
 */
import { readFileSync } from 'node:fs';

const totals = { passed: 0, failed: 0, skipped: 0 };
for (const file of process.argv.slice(2)) {
  const text = readFileSync(file, 'utf8').replace(/\u001b\[[0-9;]*m/g, '');
  const lines = text.split('\n').filter((l) => /^\s*Tests\s+\d/.test(l));
  if (lines.length === 0) {
    process.stderr.write(`vitest-log-counts: ${file} has no vitest "Tests" summary line\n`);
    process.exit(1);
  }
  const last = lines[lines.length - 1];
  for (const [, n, what] of last.matchAll(/(\d+) (passed|failed|skipped|todo)/g)) {
    totals[what === 'todo' ? 'skipped' : what] += Number(n);
  }
}
process.stdout.write(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped\n`);
