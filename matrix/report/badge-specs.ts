/**
 * What the badges say, as data: a summary badge, one per family, one per device and one per family ×
 * device, each with status counts and (where it means something) the p50 of the cpu/fp32-like reference.
 */
import type { CellRow } from './cell-row.js';
import { cellState } from './cell-state.js';
import { formatMs } from './format-ms.js';
import type { ReportData } from './load-report.js';

export interface BadgeSpec {
  /** File name without folder, `[A-Za-z0-9._=-]` only. */
  file: string;
  label: string;
  message: string;
  /** shields.io colour name. */
  color: string;
}

export function badgeSpecs(data: ReportData): BadgeSpec[] {
  const specs: BadgeSpec[] = [{ file: 'summary.svg', label: 'model-matrix', ...status(data.cells) }];
  const families = group(data.cells, (c) => c.family);
  for (const [family, cells] of families) {
    specs.push({ file: `family-${safe(family)}.svg`, label: family, ...status(cells) });
    for (const [device, deviceCells] of group(cells, (c) => `${c.platform}/${c.device}`)) {
      const s = status(deviceCells);
      const p50 = referenceP50(deviceCells);
      specs.push({ file: `family-${safe(family)}-${safe(device.replace('/', '-'))}.svg`, label: `${family} ${device}`, color: s.color, message: p50 ? `${s.message} · p50 ${p50}` : s.message });
    }
  }
  for (const [device, cells] of group(data.cells, (c) => `${c.platform}/${c.device}`)) {
    specs.push({ file: `device-${safe(device.replace('/', '-'))}.svg`, label: device, ...status(cells) });
  }
  for (const d of data.devices.filter((d) => !d.available && !data.cells.some((c) => c.platform === d.platform && c.device === d.device))) {
    specs.push({ file: `device-${safe(`${d.platform}-${d.device}`)}.svg`, label: `${d.platform}/${d.device}`, message: 'unavailable', color: 'lightgrey' });
  }
  return specs;
}

function status(cells: readonly CellRow[]): { message: string; color: string } {
  const states = cells.map(cellState);
  const count = (s: string): number => states.filter((x) => x === s).length;
  const judged = states.filter((s) => s !== 'unsupported' && s !== 'skip').length;
  const pass = count('pass');
  const problems = [count('fail') && `${count('fail')} fail`, count('mismatch') && `${count('mismatch')} mismatch`, count('mock') && `${count('mock')} mock`, count('flaky') && `${count('flaky')} flaky`].filter(Boolean);
  const message = judged === 0 ? 'no cells run' : `${pass}/${judged} pass${problems.length ? ` · ${problems.join(' · ')}` : ''}`;
  const share = judged === 0 ? -1 : pass / judged;
  const color = judged === 0 ? 'lightgrey' : pass === 0 && count('mock') === judged ? 'blue' : share === 1 ? 'brightgreen' : share >= 0.8 ? 'green' : share >= 0.5 ? 'yellow' : share > 0 ? 'orange' : 'red';
  return { message, color };
}

/** p50 of the first measured dtype in fp32, fp16, q8, q4 order (smallest batch), with its dtype. */
function referenceP50(cells: readonly CellRow[]): string | undefined {
  for (const dtype of ['fp32', 'fp16', 'q8', 'q4']) {
    const cell = cells
      .filter((c) => c.dtype === dtype && cellState(c) === 'pass' && c.latencyP50Ms !== null)
      .sort((a, b) => a.batchSize - b.batchSize)[0];
    if (cell) return `${formatMs(cell.latencyP50Ms)} ms ${dtype}`;
  }
  return undefined;
}

function group(cells: readonly CellRow[], key: (c: CellRow) => string): Map<string, CellRow[]> {
  const groups = new Map<string, CellRow[]>();
  for (const c of cells) groups.set(key(c), [...(groups.get(key(c)) ?? []), c]);
  return groups;
}

function safe(name: string): string {
  return name.replace(/[^A-Za-z0-9._=-]/g, '_');
}
