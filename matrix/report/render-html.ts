/**
 * The HTML dashboard: one self-contained file that works from file:// with no network. The data is
 * embedded as JSON, echarts (node_modules/echarts/dist/echarts.min.js) and the dashboard script inline.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dashboardData } from './dashboard-data.js';
import type { HistoryData } from './load-cell-history.js';
import type { ReportData } from './load-report.js';

const require = createRequire(import.meta.url);

export function renderHtml(data: ReportData, history: HistoryData): string {
  const echarts = readFileSync(require.resolve('echarts/dist/echarts.min.js'), 'utf8');
  const script = readFileSync(new URL('./dashboard/dashboard.js', import.meta.url), 'utf8');
  const style = readFileSync(new URL('./dashboard/dashboard.css', import.meta.url), 'utf8');
  const json = JSON.stringify(dashboardData(data, history)).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
  const title = escapeHtml(`model-matrix · ${data.run.runId}`);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data: blob:">
<title>${title}</title>
<style>${style}</style>
</head>
<body>
<header><h1>model-matrix</h1><p id="headline"></p><p id="counts"></p></header>
<main>
<section><h2>Status: family × device × dtype</h2><div id="legend" class="legend"></div><div id="chart-status" class="chart"></div></section>
<section><h2>Latency p50 per family and device</h2><label>dtype <select id="latency-dtype"></select></label><div id="chart-latency" class="chart"></div></section>
<section><h2>Speedup over node/cpu</h2><p class="note">cpu p50 ÷ device p50 for the same family, task, model, dtype and batch; above 1 is faster than cpu.</p><div id="chart-speedup" class="chart"></div></section>
<section><h2>Output parity with cpu/fp32</h2><p class="note">cosine similarity of each cell's outputs with the reference; mismatches are cells whose outputs disagree.</p><div id="chart-parity" class="chart"></div></section>
<section><h2>Recommended</h2><p class="note">the device × dtype to ship: real, passing, parity-checked cells ranked by a Mann–Whitney test on their samples; ties go to the smaller dtype, then the more portable device; fallbacks in transformers.js's device order.</p><label>model <select id="recommend-model"></select></label><dl id="recommend-card" class="recommend"></dl></section>
<section><h2>Memory and FLOPs of a cell</h2><label>cell <select id="memory-cell"></select></label><p class="note" id="memory-note"></p><div id="chart-memory" class="chart"></div></section>
<section><h2>History of a cell across runs</h2><label>cell <select id="history-cell"></select></label><p class="note" id="history-note"></p><div id="chart-history" class="chart"></div></section>
</main>
<script type="application/json" id="matrix-data">${json}</script>
<script>${echarts}</script>
<script>${script}</script>
</body>
</html>
`;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
