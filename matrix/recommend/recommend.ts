/**
 * `recommend(cells, options)`: for each model × task × platform, the device and dtype to ship, the
 * runner-up, the fallback chain in transformers.js's device order, and one line of why with numbers.
 * Only real, passing, parity-checked cells measured on real hardware without contention and with
 * enough samples can be picked; a cell beats another only when the difference is significant (see
 * compare-cells.ts), otherwise the smaller dtype, then the more portable device, wins the tie. When
 * nothing qualifies the answer is "no recommendation: …", never a guess.
 */
import { autoOrderIndex, tieBreak, tieReason } from './choice-order.js';
import { compareCells, metricValue, type CompareSettings } from './compare-cells.js';
import { describeAuto } from './describe-auto.js';
import { passOverReason } from './pass-over-reason.js';
import type { RecommendCell } from './recommend-cell.js';
import type { Choice, PassedOver, Recommendation, RecommendOptions } from './recommendation.js';
import { formatChoice, formatP, madMs } from './format-choice.js';

export const DEFAULT_MIN_SAMPLES = 5;

/** Recommendations for every model × task × platform in `cells`, in a stable order. */
export function recommend(cells: readonly RecommendCell[], options: RecommendOptions = {}): Recommendation[] {
  const settings: CompareSettings & { minSamples: number } = {
    metric: options.metric ?? 'latency',
    alpha: options.alpha ?? 0.05,
    thresholdPercent: options.thresholdPercent ?? 5,
    minSamples: options.minSamples ?? DEFAULT_MIN_SAMPLES,
  };
  const groups = new Map<string, RecommendCell[]>();
  for (const cell of cells) {
    const key = [cell.family, cell.task, cell.modelId, cell.platform].join('\u0000');
    groups.set(key, [...(groups.get(key) ?? []), cell]);
  }
  return [...groups.keys()].sort().map((key) => recommendGroup(groups.get(key)!, settings));
}

function recommendGroup(cells: RecommendCell[], settings: CompareSettings & { minSamples: number }): Recommendation {
  const { family, task, modelId, platform } = cells[0]!;
  const passedOver: PassedOver[] = [];
  const candidates: RecommendCell[] = [];
  for (const cell of cells) {
    const reason = passOverReason(cell, settings.metric, settings.minSamples);
    if (reason === null) candidates.push(cell);
    else if (cell.device !== 'auto') passedOver.push({ device: cell.device, dtype: cell.dtype, reason });
  }
  const base = { family, task, modelId, platform, metric: settings.metric, passedOver };
  const autoCell = cells.find((c) => c.device === 'auto');
  if (candidates.length === 0) {
    return { ...base, pick: null, runnerUp: null, fallbacks: [], why: `no recommendation: ${whyNone(cells, settings.minSamples)}`, caveats: [], auto: autoCell ? describeAuto(autoCell, null, settings) : null };
  }
  const first = bestOf(candidates, settings);
  const rest = candidates.filter((c) => c !== first.pick);
  const runnerUp = rest.length > 0 ? bestOf(rest, settings).pick : null;
  const fallbacks = [...new Set(candidates.map((c) => c.device))]
    .filter((d) => d !== first.pick.device)
    .sort((a, b) => autoOrderIndex(platform, a) - autoOrderIndex(platform, b))
    .map((d) => toChoice(bestOf(candidates.filter((c) => c.device === d), settings).pick));
  const devices = new Set(candidates.map((c) => c.device));
  const caveats = devices.size === 1
    ? [`only ${[...devices][0]} was measured on ${platform}${platform === 'node' ? '; run on a GPU machine or in a browser to compare devices' : '; run where another web device works to compare'}`]
    : [];
  if (runnerUp && !compareCells(first.pick, runnerUp, settings).aBetter && largeGap(first.pick, runnerUp, settings)) {
    caveats.push(`${runnerUp.device}/${runnerUp.dtype} differs by more than ${settings.thresholdPercent} % but not significantly with ${Math.min(first.pick.samplesMs?.length ?? 0, runnerUp.samplesMs?.length ?? 0)} samples: more samples (--profile full) may separate them`);
  }
  return {
    ...base,
    pick: toChoice(first.pick),
    runnerUp: runnerUp ? toChoice(runnerUp) : null,
    fallbacks,
    why: whyLine(first, runnerUp, settings),
    caveats,
    auto: autoCell ? describeAuto(autoCell, first.pick, settings) : null,
  };
}

/** The best of `cells`: the fastest, and every cell not significantly worse than it; the tie-break picks among those. */
function bestOf(cells: RecommendCell[], settings: CompareSettings): { pick: RecommendCell; fastest: RecommendCell } {
  const sorted = [...cells].sort((a, b) => metricValue(a, settings.metric) - metricValue(b, settings.metric));
  const fastest = sorted[0]!;
  const tied = sorted.filter((c) => c === fastest || !compareCells(fastest, c, settings).aBetter);
  const pick = [...tied].sort((a, b) => tieBreak(a.platform, a, b) || metricValue(a, settings.metric) - metricValue(b, settings.metric))[0]!;
  return { pick, fastest };
}

function whyLine(best: { pick: RecommendCell; fastest: RecommendCell }, runnerUp: RecommendCell | null, settings: CompareSettings): string {
  const { pick } = best;
  const parity = pick.parityCosine !== null ? `, parity cosine ${pick.parityCosine.toFixed(4)}` : ', the cpu/fp32 reference itself';
  if (!runnerUp) return `${formatChoice(pick, settings.metric)}, the only cell that passed with parity${parity}`;
  const vs = compareCells(pick, runnerUp, settings);
  const other = `${runnerUp.device}/${runnerUp.dtype} ${formatChoice(runnerUp, settings.metric, false)}`;
  if (vs.aBetter) return `${formatChoice(pick, settings.metric)} vs ${other}${formatP(vs.pValue, 'significant')}${parity}`;
  return `${formatChoice(pick, settings.metric)}, tied with ${other}${formatP(vs.pValue, 'not significant')}: ${tieReason(pick, runnerUp)}${parity}`;
}

/** True when the medians differ by more than the threshold (so a tie is for want of evidence, not of a gap). */
function largeGap(a: RecommendCell, b: RecommendCell, settings: CompareSettings): boolean {
  const va = metricValue(a, settings.metric);
  const vb = metricValue(b, settings.metric);
  return (Math.abs(va - vb) / Math.max(va, vb, Number.MIN_VALUE)) * 100 >= settings.thresholdPercent;
}

function whyNone(cells: RecommendCell[], minSamples: number): string {
  const real = cells.filter((c) => c.device !== 'auto' && c.inference === 'real');
  if (real.length === 0) return 'no real cell (mock only: no model files were reachable)';
  const passing = real.filter((c) => c.status === 'pass');
  if (passing.length === 0) return `every real cell failed, mismatched or was not run (${real.length} cells)`;
  const few = passing.filter((c) => (c.samplesMs?.length ?? 0) < minSamples);
  if (few.length === passing.length) return `too few samples (passing cells have ${Math.max(...passing.map((c) => c.samplesMs?.length ?? 0))}, need ${minSamples}); run with --profile full`;
  return 'no passing cell is parity-checked, on real hardware and uncontended (see passed over)';
}

function toChoice(cell: RecommendCell): Choice {
  const samples = cell.samplesMs ?? [];
  return {
    device: cell.device,
    dtype: cell.dtype,
    p50Ms: samples.length > 0 ? metricValue(cell, 'latency') : cell.latencyP50Ms,
    madMs: samples.length > 1 ? madMs(samples) : null,
    samples: samples.length,
    throughput: cell.throughput,
    throughputUnit: cell.throughputUnit,
    peakRssBytes: cell.peakRssBytes,
    loadMs: cell.loadMs,
    parityCosine: cell.parityCosine,
  };
}
