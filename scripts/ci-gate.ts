/**
 * CI gate on the stored matrix: reads `matrix report --format json` output and fails (exit 1) when fewer
 * than MIN families have a real (not mock) passing cell, or when any real cell failed or mismatched other than
 * the expected failures listed in matrix/harness/known-forged-issues.ts (failing exactly as listed). `device: 'auto'`
 * cells are observations of transformers.js, not gated.
 * Usage: tsx scripts/ci-gate.ts .matrix/report.json [--min-real-families 180]
 */
import { readFileSync } from 'node:fs';
import { knownForgedIssue } from '../matrix/harness/known-forged-issues.js';
import type { CellKey, ModelSource } from '../matrix/harness/types.js';

interface Cell {
  family: string;
  task: string;
  device: string;
  dtype: CellKey['dtype'];
  source: ModelSource;
  inference: string;
  status: string;
  resultKey: string;
  errorMessage: string | null;
}

/** A real cell that failed or mismatched exactly as a known forged issue says it does. */
function expected(c: Cell): boolean {
  const issue = knownForgedIssue(c, c.source);
  if (!issue || issue.status !== c.status) return false;
  return !issue.messageIncludes || (c.errorMessage ?? '').includes(issue.messageIncludes);
}

const [file, ...rest] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: tsx scripts/ci-gate.ts REPORT.json [--min-real-families N]\n');
  process.exit(2);
}
const minIndex = rest.indexOf('--min-real-families');
const min = minIndex >= 0 ? Number(rest[minIndex + 1]) : 180;
const cells = (JSON.parse(readFileSync(file, 'utf8')) as { cells: Cell[] }).cells;
const realPass = new Set(cells.filter((c) => c.inference === 'real' && c.status === 'pass').map((c) => c.family));
const families = new Set(cells.map((c) => c.family));
// device 'auto' cells observe transformers.js (it crashes where a provider library is missing); the report shows them.
const red = cells.filter((c) => c.inference === 'real' && c.device !== 'auto' && (c.status === 'fail' || c.status === 'mismatch'));
const bad = red.filter((c) => !expected(c));
process.stdout.write(`families with a real passing cell: ${realPass.size} of ${families.size} (gate: ${min})\n`);
process.stdout.write(`real cells failed or mismatched: ${red.length} (${red.length - bad.length} expected, see known-forged-issues.ts)\n`);
for (const c of bad.slice(0, 20)) process.stdout.write(`  ${c.status} ${c.resultKey}: ${(c.errorMessage ?? '').split('\n')[0]}\n`);
process.exit(realPass.size >= min && bad.length === 0 ? 0 : 1);
