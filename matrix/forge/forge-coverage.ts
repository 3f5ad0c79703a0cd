/**
 * `matrix forge --coverage`: every registry family as forged-and-passing (every forged task ran
 * in transformers.js), forged-but-failing (with the first error), or not forged (with the reason).
 */
import { join } from 'node:path';
import { deriveRegistry } from '../../generator/registry.js';
import type { FamilyEntry } from '../../generator/types.js';
import { ensureForged } from './ensure-forged.js';
import { smokeRun } from './smoke/smoke-run.js';

export type CoverageStatus = 'forged-and-passing' | 'forged-but-failing' | 'not-forged';

export interface CoverageRow {
  family: string;
  status: CoverageStatus;
  /** Tasks that ran / were forged. */
  passedTasks: string[];
  forgedTasks: string[];
  /** The first error (failing) or the reason (not forged). */
  detail?: string;
}

export interface CoverageOptions {
  root?: string;
  families?: readonly FamilyEntry[];
  /** Called after each family (progress output). */
  onRow?: (row: CoverageRow) => void;
}

export async function forgeCoverage(options: CoverageOptions = {}): Promise<CoverageRow[]> {
  const families = options.families ?? (await deriveRegistry());
  const { dir, manifest } = await ensureForged({ root: options.root, families });
  const rows: CoverageRow[] = [];
  for (const entry of families) {
    const models = manifest.models[entry.family];
    let row: CoverageRow;
    if (!models) {
      row = { family: entry.family, status: 'not-forged', passedTasks: [], forgedTasks: [], detail: manifest.notForged[entry.family] ?? 'not in the manifest' };
    } else {
      const passedTasks: string[] = [];
      const errors: string[] = [];
      for (const [taskName, model] of Object.entries(models)) {
        const task = entry.tasks.find((t) => t.task === taskName);
        if (!task) continue;
        try {
          await smokeRun(entry.family, task, join(dir, model.path), model.contract);
          passedTasks.push(taskName);
        } catch (error) {
          errors.push(`${taskName}: ${(error as Error).message.split('\n')[0]}`);
        }
      }
      row = {
        family: entry.family,
        status: errors.length === 0 ? 'forged-and-passing' : 'forged-but-failing',
        passedTasks,
        forgedTasks: Object.keys(models),
        ...(errors.length ? { detail: errors.join(' | ') } : {}),
      };
    }
    rows.push(row);
    options.onRow?.(row);
  }
  return rows;
}
