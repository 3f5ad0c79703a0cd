/**
 * Samples the process's RSS for a cell's memory timeline — between the load timers and in the untimed
 * pass after the timed measurement (memory-timeline.ts), never inside a timed iteration. Points keep their
 * order; each phase is thinned to a few points so a timeline stays small (≤ 20).
 */
import type { MemorySample } from './types.js';

type Phase = MemorySample['phase'];

/** Most points kept per phase (load, first, measure): 8 + 6 + 6 = 20. */
const MAX_POINTS: Readonly<Record<Phase, number>> = { load: 8, first: 6, measure: 6 };

export class MemorySampler {
  private readonly points: MemorySample[] = [];
  private readonly startMs = performance.now();

  /** One point now. */
  sample(phase: Phase): void {
    this.points.push({ tMs: performance.now() - this.startMs, phase, rssBytes: process.memoryUsage.rss() });
  }

  /** Samples before, every `everyMs` while `work` runs (native work leaves the event loop free), and after. */
  async during<T>(phase: Phase, work: () => Promise<T>, everyMs = 20): Promise<T> {
    this.sample(phase);
    const timer = setInterval(() => this.sample(phase), everyMs);
    try {
      return await work();
    } finally {
      clearInterval(timer);
      this.sample(phase);
    }
  }

  /** The points in time order, each phase thinned evenly to its cap (its first and last point kept). */
  timeline(): MemorySample[] {
    return (['load', 'first', 'measure'] as const).flatMap((phase) => thin(this.points.filter((p) => p.phase === phase), MAX_POINTS[phase]));
  }
}

function thin(points: MemorySample[], max: number): MemorySample[] {
  if (points.length <= max) return points;
  return Array.from({ length: max }, (_, i) => points[Math.round((i * (points.length - 1)) / (max - 1))]!);
}
