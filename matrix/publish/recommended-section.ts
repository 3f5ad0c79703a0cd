/**
 * The Recommended section of the dataset card and of model cards: `recommend()` (matrix/recommend) over the
 * latest configurations, per machine (timings of two machines are never compared), batch size 1 as the report does.
 */
import { recommend, renderRecommendationsMarkdown, type RecommendCell } from '../recommend/index.js';
import type { LatestConfig } from './latest-configs.js';

/** Markdown lines: one `### Recommended on <machine>` table per machine, or nothing when there are no configurations. */
export function recommendedSection(configs: readonly LatestConfig[]): string[] {
  const byMachine = new Map<string, RecommendCell[]>();
  for (const c of configs) {
    if (c.cell.key.batchSize !== 1) continue;
    byMachine.set(c.machine, [...(byMachine.get(c.machine) ?? []), toRecommendCell(c)]);
  }
  return [...byMachine.keys()].sort().flatMap((machine) => {
    const [, ...rest] = renderRecommendationsMarkdown(recommend(byMachine.get(machine)!));
    return [`### Recommended on \`${machine}\``, ...rest, ''];
  });
}

function toRecommendCell(c: LatestConfig): RecommendCell {
  const m = 'measurements' in c.cell ? c.cell.measurements : undefined;
  const parity = 'parity' in c.cell ? c.cell.parity : undefined;
  return {
    family: c.cell.key.family,
    task: c.cell.key.task,
    modelId: c.cell.key.modelId,
    platform: c.cell.key.platform,
    device: c.cell.key.device,
    dtype: c.cell.key.dtype,
    status: c.cell.status,
    inference: c.cell.inference,
    samplesMs: m?.samplesMs ?? null,
    latencyP50Ms: m?.latency?.p50Ms ?? null,
    throughput: m?.throughput ?? null,
    throughputUnit: m?.throughputUnit ?? null,
    peakRssBytes: m?.peakRssBytes ?? null,
    loadMs: m?.coldLoadMs ?? null,
    parityCosine: parity?.cosine ?? null,
    softwareAdapter: c.cell.environment?.softwareAdapter ?? null,
    flaky: c.cell.flaky ?? null,
    contended: c.cell.contended ?? null,
    resolvedDevice: c.cell.resolvedDevice ?? null,
    errorStage: c.cell.status === 'fail' ? c.cell.stage : null,
    errorType: c.cell.status === 'fail' ? c.cell.errorType : null,
    errorMessage: c.cell.status === 'fail' ? c.cell.message : null,
    reason: c.cell.status === 'unsupported' || c.cell.status === 'skip' ? c.cell.reason : null,
  };
}
