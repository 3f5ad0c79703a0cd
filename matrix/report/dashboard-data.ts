/**
 * The data the HTML dashboard embeds: only what its charts draw (the chosen run's grid, latencies,
 * speedups and parity, and bucketed per-cell histories), in compact arrays.
 */
import { buildGrid, entryKey } from './build-grid.js';
import { CELL_STATES, CELL_STATE_STYLE, cellState } from './cell-state.js';
import type { HistoryData } from './load-cell-history.js';
import type { ReportData } from './load-report.js';
import { runHeadline } from './run-headline.js';

export interface DashboardData {
  headline: string;
  counts: ReportData['counts'];
  states: { name: string; symbol: string; label: string; colour: string }[];
  /** Heatmap: x = `platform/device dtype`, y = `family · task`, cells = [x, y, state index, p50 ms | null, software adapter 0 | 1]. */
  grid: { columns: string[]; rows: string[]; cells: [number, number, number, number | null, number][] };
  /** Latency: per row and device, p50 by dtype. */
  latency: { rows: string[]; devices: string[]; dtypes: string[]; values: [number, number, string, number][] };
  speedup: { label: string; device: string; dtype: string; speedup: number; cpuP50Ms: number; deviceP50Ms: number }[];
  parity: { label: string; column: string; cosine: number; maxAbsDiff: number | null; state: number }[];
  unavailable: { device: string; reason: string }[];
  history: HistoryData;
  /** The picker: per model × task × platform, the pick, runner-up, fallback chain, why, and what auto did. */
  /** Per real cell with a memory timeline or sizes: its RSS points [tMs, rssBytes, phase], peak RSS, model bytes, FLOPs. */
  memory: { label: string; points: [number, number, string][]; noTimeline: string | null; peakRssBytes: number | null; modelBytes: number | null; flops: number | null; flopsPerToken: number | null; gflopsPerSecond: number | null }[];
  recommended: { label: string; pick: string | null; runnerUp: string | null; fallbacks: string[]; why: string; caveats: string[]; auto: string | null; passedOver: string[] }[];
}

/** Why a web cell has no memory timeline (the dashboard says it for the selected cell). */
const WEB_NO_TIMELINE = 'no timeline for a web cell: the page has no process RSS to sample during load and calls; it gives one reading after the run (performance.measureUserAgentSpecificMemory or performance.memory), stored as the peak';

export function dashboardData(data: ReportData, history: HistoryData): DashboardData {
  const grid = buildGrid(data.cells, data.devices);
  const rows = grid.rows.map((r) => `${r.family} · ${r.task}${grid.rows.some((o) => o !== r && o.family === r.family && o.task === r.task) ? ` · ${r.modelId}` : ''}`);
  const slots = grid.columns.flatMap((c) => (c.available ? c.dtypes : ['n/a']).map((dtype) => ({ c, dtype, label: `${c.platform}/${c.device} ${dtype}` })));
  const stateIndex = (name: string): number => CELL_STATES.indexOf(name as (typeof CELL_STATES)[number]);
  const heat: DashboardData['grid']['cells'] = [];
  grid.rows.forEach((row, y) => slots.forEach(({ c, dtype }, x) => {
    if (!c.available) return void heat.push([x, y, stateIndex('unavailable'), null, 0]);
    const entry = row.entries.get(entryKey(c.platform, c.device, dtype));
    if (entry) heat.push([x, y, stateIndex(entry.state), entry.latencyP50Ms, entry.software ? 1 : 0]);
  }));
  const devices = grid.columns.filter((c) => c.available).map((c) => `${c.platform}/${c.device}`);
  const dtypes = [...new Set(grid.columns.flatMap((c) => c.dtypes))];
  const values: DashboardData['latency']['values'] = [];
  grid.rows.forEach((row, y) => {
    for (const entry of row.entries.values()) {
      const cell = entry.cells[0]!;
      if (entry.latencyP50Ms !== null) values.push([y, devices.indexOf(`${cell.platform}/${cell.device}`), cell.dtype, entry.latencyP50Ms]);
    }
  });
  return {
    headline: runHeadline(data.run),
    counts: data.counts,
    states: CELL_STATES.map((name) => ({ name, symbol: CELL_STATE_STYLE[name].symbol, label: CELL_STATE_STYLE[name].legend, colour: CELL_STATE_STYLE[name].html })),
    grid: { columns: slots.map((s) => s.label), rows, cells: heat },
    latency: { rows, devices, dtypes, values },
    speedup: data.speedup.map((s) => ({
      label: `${s.family} · ${s.task}${s.batchSize > 1 ? ` · b${s.batchSize}` : ''}`, device: `${s.platform}/${s.device}`, dtype: s.dtype,
      speedup: s.speedup, cpuP50Ms: s.cpuP50Ms, deviceP50Ms: s.deviceP50Ms,
    })),
    parity: data.cells.filter((c) => c.parityCosine !== null).map((c) => ({
      label: `${c.family} · ${c.task}`, column: `${c.platform}/${c.device} ${c.dtype}`, cosine: c.parityCosine!,
      maxAbsDiff: c.parityMaxAbsDiff, state: stateIndex(cellState(c)),
    })),
    unavailable: data.devices.filter((d) => !d.available).map((d) => ({ device: `${d.platform}/${d.device}`, reason: d.reason })),
    history,
    memory: data.cells.filter((c) => c.inference === 'real' && (c.memoryTimeline?.length || c.flops != null || c.modelBytes != null)).map((c) => ({
      label: `${c.family} · ${c.task} · ${c.platform}/${c.device} ${c.dtype} b${c.batchSize}`,
      points: (c.memoryTimeline ?? []).map((p) => [p.tMs, p.rssBytes, p.phase] as [number, number, string]),
      noTimeline: c.memoryTimeline?.length ? null : c.platform === 'web' ? WEB_NO_TIMELINE : 'no timeline stored (the body never called m.measure, or the untimed pass failed: the cell\'s notes say which)',
      peakRssBytes: c.peakRssBytes, modelBytes: c.modelBytes ?? null, flops: c.flops ?? null, flopsPerToken: c.flopsPerToken ?? null, gflopsPerSecond: c.gflopsPerSecond ?? null,
    })),
    recommended: (data.recommendations ?? []).map((r) => ({
      label: `${r.family} · ${r.task} · ${r.platform}${r.modelId.startsWith('forged/') ? '' : ` · ${r.modelId}`}`,
      pick: r.pick && `${r.pick.device}/${r.pick.dtype}`,
      runnerUp: r.runnerUp && `${r.runnerUp.device}/${r.runnerUp.dtype}`,
      fallbacks: r.fallbacks.map((f) => `${f.device}/${f.dtype}`),
      why: r.why,
      caveats: r.caveats,
      auto: r.auto && `${r.auto.verdict}: ${r.auto.line}`,
      passedOver: r.passedOver.map((p) => `${p.device}/${p.dtype}: ${p.reason}`),
    })),
  };
}
