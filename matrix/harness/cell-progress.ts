/**
 * Where a running cell is, for whoever listens in the same process (the matrix reporter's setup file
 * journals it, so a cell whose worker is killed outright is still stored, as `fail/crashed`, at the stage it
 * reached). One listener per process, kept on globalThis so that every copy of this module (vitest can load it
 * more than once) reaches the same one. No listener: nothing happens.
 */
import type { CellKey, ErrorStage, Inference, ModelSource } from './types.js';

/** A cell that started, and the stage it is in now. */
export interface CellProgress {
  key: CellKey;
  source: ModelSource;
  inference: Inference;
  stage: ErrorStage;
}

export type CellProgressListener = (progress: CellProgress) => void;

const SLOT = Symbol.for('model-matrix.cell-progress-listener');
type Slot = { [SLOT]?: CellProgressListener };

/** Sets (or, with undefined, removes) this process's listener. */
export function setCellProgressListener(listener: CellProgressListener | undefined): void {
  (globalThis as Slot)[SLOT] = listener;
}

/** Tells the listener, if any; a listener that throws never fails the cell. */
export function reportCellProgress(progress: CellProgress): void {
  try {
    (globalThis as Slot)[SLOT]?.(progress);
  } catch {
    // the listener is a safety net (the cell journal), not part of the cell
  }
}

/**
 * The `{ stage, partial }` record run-cell.ts keeps while a cell runs, reporting every stage it enters:
 * the cell's identity comes from `base`.
 */
export function trackedProgress<P>(base: Omit<CellProgress, 'stage'>, partial: P): { stage: ErrorStage; partial: P } {
  let stage: ErrorStage = 'resolve';
  reportCellProgress({ ...base, stage });
  return {
    partial,
    get stage() {
      return stage;
    },
    set stage(next: ErrorStage) {
      if (next !== stage) reportCellProgress({ ...base, stage: next });
      stage = next;
    },
  };
}
