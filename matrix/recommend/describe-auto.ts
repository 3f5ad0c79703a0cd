/** What `device: 'auto'` did, set against the pick: agrees, slower, mismatching, or failed. */
import { compareCells, type CompareSettings } from './compare-cells.js';
import { formatChoice, formatP } from './format-choice.js';
import type { RecommendCell } from './recommend-cell.js';
import type { AutoCheck } from './recommendation.js';

export function describeAuto(auto: RecommendCell, pick: RecommendCell | null, settings: CompareSettings): AutoCheck {
  const resolvedDevice = auto.resolvedDevice ?? null;
  const where = `device 'auto' (${resolvedDevice ?? 'unresolved'}/${auto.dtype})`;
  if (auto.status === 'fail') {
    return { status: auto.status, resolvedDevice, verdict: 'failed', line: `${where} failed at ${auto.errorStage ?? '?'}/${auto.errorType ?? '?'}: ${(auto.errorMessage ?? '').split('\n')[0]}` };
  }
  if (auto.status === 'mismatch') {
    return { status: auto.status, resolvedDevice, verdict: 'mismatch', line: `${where} runs but its outputs disagree with cpu/fp32${auto.parityCosine !== null ? ` (cosine ${auto.parityCosine.toFixed(4)})` : ''}` };
  }
  if (auto.status !== 'pass' || pick === null || (auto.samplesMs?.length ?? 0) === 0) {
    return { status: auto.status, resolvedDevice, verdict: 'not-ranked', line: `${where}: ${auto.status}${auto.reason ? ` (${auto.reason})` : ''}; nothing to compare it with` };
  }
  const pickName = `${pick.device}/${pick.dtype}`;
  if (resolvedDevice === pick.device && auto.dtype === pick.dtype) {
    return { status: auto.status, resolvedDevice, verdict: 'agrees', line: `${where} lands on the pick ${pickName}` };
  }
  const vs = compareCells(pick, auto, settings);
  if (vs.aBetter) {
    return { status: auto.status, resolvedDevice, verdict: 'slower', line: `${where} ${formatChoice(auto, settings.metric, false)} is slower than the pick ${formatChoice(pick, settings.metric)}${formatP(vs.pValue, 'significant')}` };
  }
  return { status: auto.status, resolvedDevice, verdict: 'agrees', line: `${where} ${formatChoice(auto, settings.metric, false)} is not significantly slower than the pick ${pickName}${formatP(vs.pValue, 'not significant')}` };
}
