/**
 * vitest reporter used by bench/generated-suite.ts: counts the generated suite's cells by status and
 * inference (real / mock) from `task.meta.matrix` and writes them to $MATRIX_BENCH_SUMMARY as JSON.
 */
import { writeFileSync } from 'node:fs';
import type { Reporter, TestCase } from 'vitest/node';
import type {} from '../matrix/harness/types.js';

export default class GeneratedSuiteSummary implements Reporter {
  private readonly counts: Record<string, number> = {};
  private readonly realPassFamilies = new Set<string>();
  private readonly fileMs: number[] = [];

  onTestCaseResult(test: TestCase): void {
    const cell = test.meta().matrix;
    const key = cell ? `${cell.status}/${cell.inference}` : `no-cell/${test.result().state}`;
    this.counts[key] = (this.counts[key] ?? 0) + 1;
    if (cell?.status === 'pass' && cell.inference === 'real') this.realPassFamilies.add(cell.key.family);
  }

  onTestModuleEnd(module: { diagnostic(): { duration: number } }): void {
    this.fileMs.push(module.diagnostic().duration);
  }

  onTestRunEnd(): void {
    const out = process.env.MATRIX_BENCH_SUMMARY;
    if (!out) return;
    const sorted = [...this.fileMs].sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
    writeFileSync(out, JSON.stringify({ counts: this.counts, realPassFamilies: this.realPassFamilies.size, files: sorted.length, fileMsP50: at(0.5), fileMsP90: at(0.9), fileMsMax: at(1) }));
  }
}
