/**
 * The cells of a bench run: model × task × device × dtype × batch size × (sequence length | image size),
 * cpu and fp32 first so each group's reference runs before the cells compared with it. dtypes default
 * to the ones the model has on disk; a device asked for but not found gives `skip` cells with the reason.
 */
import { isAbsolute, join } from 'node:path';
import { checkDtypeFiles } from '../harness/check-dtype-files.js';
import type { ResolvedSource } from '../harness/resolve-source.js';
import { DTYPES, NODE_DEVICES, type CellKey, type DeviceReport, type Dtype } from '../harness/types.js';
import { benchDriver } from './bench-driver.js';
import type { BenchModel, BenchTask } from './resolve-bench-models.js';
import type { Suite } from './suite-schema.js';

/** One planned cell; `group` names its parity group (same model, task and input dimensions). */
export interface PlannedCell {
  key: CellKey;
  model: BenchModel;
  task: BenchTask;
  group: string;
  /** Set when the cell cannot run: its device was not found. */
  skip?: string;
}

/** Plans every cell of `models` under `suite` on `devices`. */
export function planBenchCells(suite: Suite, models: readonly BenchModel[], devices: readonly DeviceReport[], cacheDir: string | null): PlannedCell[] {
  const cells: PlannedCell[] = [];
  const wanted = suite.devices ?? NODE_DEVICES.filter((d) => devices.some((r) => r.platform === 'node' && r.device === d && r.available));
  const ordered = [...wanted].sort((a, b) => Number(b === 'cpu') - Number(a === 'cpu'));
  for (const model of models) {
    const entry = suite.models[model.entry]!;
    const batches = entry.batchSizes ?? suite.batchSizes ?? [1];
    for (const task of model.tasks) {
      const driver = benchDriver(task.autoClass, model.archKind);
      const lengths: Array<Pick<CellKey, 'seqLength' | 'imageSize'>> =
        driver === 'image'
          ? (entry.imageSizes ?? suite.imageSizes)?.map((imageSize) => ({ imageSize })) ?? [{}]
          : driver === 'text' || driver === 'pair' || driver === 'generate'
            ? (entry.seqLengths ?? suite.seqLengths)?.map((seqLength) => ({ seqLength })) ?? [{}]
            : [{}];
      const dtypes = [...(entry.dtypes ?? suite.dtypes ?? dtypesOnDisk(task.resolved, cacheDir))].sort((a, b) => DTYPES.indexOf(a) - DTYPES.indexOf(b));
      for (const batchSize of batches) {
        for (const dims of lengths) {
          const group = `${model.modelId}|${task.task}|b${batchSize}|s${dims.seqLength ?? ''}|i${dims.imageSize ?? ''}`;
          for (const device of ordered) {
            const report = devices.find((r) => r.platform === 'node' && r.device === device);
            const skip = report?.available ? undefined : `device ${device} not available: ${report?.reason || 'not probed'}`;
            for (const dtype of dtypes) {
              const key: CellKey = { family: model.family, archKind: model.archKind, task: task.task, modelId: model.modelId, platform: 'node', device, dtype, batchSize, ...dims };
              cells.push({ key, model, task, group, ...(skip ? { skip } : {}) });
            }
          }
        }
      }
    }
  }
  return cells;
}

/** The dtypes whose graphs a model folder ships (every dtype for a Hub model: files decide at load). */
function dtypesOnDisk(resolved: ResolvedSource | Error, cacheDir: string | null): Dtype[] {
  if (resolved instanceof Error) return ['fp32'];
  if (resolved.dtypes) return resolved.dtypes;
  const folder = isAbsolute(resolved.location) ? resolved.location : resolved.source === 'cache' && cacheDir ? join(cacheDir, resolved.location) : null;
  if (!folder) return ['fp32'];
  const found = DTYPES.filter((dtype) => {
    try {
      checkDtypeFiles(folder, dtype, null);
      return true;
    } catch {
      return false;
    }
  });
  return found.length ? found : ['fp32'];
}
