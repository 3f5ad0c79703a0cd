/** One line naming a run: id, start, versions, host and git sha. */
import type { RunRow } from './run-row.js';

export function runHeadline(run: RunRow): string {
  const parts = [`model-matrix · run ${run.runId}`, run.startedAt, `transformers.js ${run.transformersVersion}`, `onnxruntime ${run.ortVersion}`, run.host];
  if (run.gitSha) parts.push(`git ${run.gitSha.slice(0, 7)}`);
  if (run.interrupted) parts.push('INTERRUPTED');
  return parts.join(' · ');
}
