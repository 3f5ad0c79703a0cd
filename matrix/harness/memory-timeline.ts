/**
 * A real node cell's memory timeline (Measurements.memoryTimeline), in two untimed parts so that no sample
 * lands inside a timed loop: `load` points taken at the boundaries of the cold and warm loads (before each
 * timer starts and after it stops, run-cell.ts `open`), then, after the body's timed measurement, a short
 * pass on the same loaded session: the timed call once more (`first`: the first call of the pass; the
 * session is already warm from the timed loop) and TIMELINE_EXTRA_CALLS more (`measure`), sampled every
 * 20 ms while each runs. No second load: the pass costs one to three calls of the cell's work.
 */
import type { CellModel } from './cell-model.js';
import type { MemorySampler } from './memory-sampler.js';
import type { MemorySample } from './types.js';

/** Calls of the timed work the pass makes after its first. */
export const TIMELINE_EXTRA_CALLS = 2;

/** The timeline, or a note saying why there is none (a failing pass never fails the cell). */
export async function memoryTimeline(m: CellModel, sampler: MemorySampler): Promise<{ points?: MemorySample[]; note?: string }> {
  const replay = m.replay;
  if (!replay) return { note: 'memory timeline not sampled: body never called m.measure' };
  try {
    await sampler.during('first', replay);
    for (let i = 0; i < TIMELINE_EXTRA_CALLS; i++) await sampler.during('measure', replay);
    return { points: sampler.timeline() };
  } catch (error) {
    return { note: `memory timeline not sampled: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}` };
  }
}
