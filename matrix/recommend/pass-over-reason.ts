/**
 * Which cells may become a pick: real, passing, with parity against the cpu/fp32 reference (or the
 * reference itself), measured on real hardware without contention, not flaky, with enough samples.
 * Every other cell gets the reason it was passed over.
 */
import type { RecommendCell } from './recommend-cell.js';
import type { RecommendMetric } from './recommendation.js';

/** The reason `cell` cannot be a pick, or null when it can. */
export function passOverReason(cell: RecommendCell, metric: RecommendMetric, minSamples: number): string | null {
  if (cell.device === 'auto') return "device 'auto' is checked against the pick, not ranked";
  if (cell.inference !== 'real') return 'mock: no model ran, its timings mean nothing';
  switch (cell.status) {
    case 'pass':
      break;
    case 'mismatch':
      return `mismatch: outputs disagree with cpu/fp32${cell.parityCosine !== null ? ` (cosine ${cell.parityCosine.toFixed(4)})` : ''}`;
    case 'fail':
      return `failed at ${cell.errorStage ?? '?'}/${cell.errorType ?? '?'}${cell.errorMessage ? `: ${cell.errorMessage.split('\n')[0]}` : ''}`;
    default:
      return `${cell.status}${cell.reason ? `: ${cell.reason}` : ''}`;
  }
  if (cell.softwareAdapter) return 'software adapter (SwiftShader, lavapipe): its timings mean nothing for real GPUs';
  if (cell.flaky) return 'flaky: passed only after a retry';
  if (cell.contended) return 'contended: measured while other cells ran';
  const isReference = cell.platform === 'node' && cell.device === 'cpu' && cell.dtype === 'fp32';
  if (!isReference && cell.parityCosine === null) return 'parity not computed: no evidence its outputs agree with cpu/fp32';
  if (metric === 'latency' || metric === 'throughput') {
    const n = cell.samplesMs?.length ?? 0;
    if (n < minSamples) return `too few samples (${n}, need ${minSamples})`;
  } else if ((metric === 'memory' ? cell.peakRssBytes : cell.loadMs) === null) {
    return `no ${metric === 'memory' ? 'peak RSS' : 'load time'} recorded`;
  }
  return null;
}
