/**
 * The web run: wall time of the generated suite's web cells, families with passing parity, and node-vs-web
 * latency ratios.
 *   npx tsx bench/web-run.ts [ratio families=bert,gpt2,vit,whisper,t5,wav2vec2]
 * 1. every family on web/wasm fp32 (MATRIX_PLATFORMS=web: the node cpu/fp32 reference of each task runs once,
 *    unmeasured, for parity), as .ci/run runs it;
 * 2. the ratio families on node cpu fp32 + web wasm and webgpu fp32 (WebGPU is Chromium's SwiftShader
 *    software adapter here: its ratios say nothing about a GPU).
 * Writes to a throwaway DuckDB file; prints wall times, the load average and the cells.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { withStore } from '../matrix/store/index.js';

const ratioFamilies = (process.argv[2] ?? 'bert,gpt2,vit,whisper,t5,wav2vec2').split(',');
const dir = mkdtempSync(join(os.tmpdir(), 'web-run-'));
const db = join(dir, 'matrix.duckdb');

function run(label: string, files: string[], env: Record<string, string>): { wallS: number; load: string; runId: string } {
  const runId = `bench-${label}-${Date.now()}`;
  const loadBefore = os.loadavg()[0]!.toFixed(1);
  const cpuBefore = reapedCpuSeconds();
  const start = performance.now();
  const child = spawnSync(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', '--project', 'generated', '--reporter=dot', `--reporter=${join(process.cwd(), 'matrix', 'reporter', 'matrix-reporter.ts')}`, ...files], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, MATRIX_PROFILE: 'quick', MATRIX_DB: db, MATRIX_RUN_ID: runId, ...env },
  });
  const wallS = (performance.now() - start) / 1000;
  const cpuS = reapedCpuSeconds() - cpuBefore;
  console.log(`${label}: wall ${wallS.toFixed(1)} s, CPU ${cpuS.toFixed(1)} s (vitest, workers, Chromium), exit ${child.status}, load average ${loadBefore} before, ${os.loadavg()[0]!.toFixed(1)} after`);
  return { wallS, load: loadBefore, runId };
}

/** CPU seconds (user + system) of every descendant this process has reaped, from /proc/self/stat (Linux). */
function reapedCpuSeconds(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const [cutime, cstime] = stat.slice(stat.lastIndexOf(')') + 2).split(' ').slice(13, 15).map(Number);
  return ((cutime ?? 0) + (cstime ?? 0)) / 100;
}

const all = run('web-wasm-all', [], { MATRIX_PLATFORMS: 'web', MATRIX_WEB_DEVICES: 'wasm', MATRIX_WEB_DTYPES: 'fp32' });
const ratios = run('ratios', ratioFamilies.map((f) => `generated-tests/${f}.test.ts`), { MATRIX_PLATFORMS: 'node,web', MATRIX_DTYPES: 'fp32', MATRIX_WEB_DEVICES: 'wasm,webgpu' });

await withStore({ path: db, readOnly: true }, async (store) => {
  const rows = async (sql: string, ...params: string[]) => (await store.connection.runAndReadAll(sql, params)).getRowObjectsJson();
  console.log('web/wasm run:', JSON.stringify(await rows(`SELECT status, count(*) AS cells, count(DISTINCT family) AS families FROM results WHERE run_id = $1 GROUP BY 1 ORDER BY 1`, all.runId)));
  console.log('families with a real web/wasm pass with parity:', JSON.stringify(await rows(
    `SELECT count(DISTINCT family) AS families FROM results WHERE run_id = $1 AND platform = 'web' AND device = 'wasm' AND status = 'pass' AND inference = 'real' AND parity_cosine IS NOT NULL`, all.runId)));
  const ratioRows = await rows(
    `SELECT w.family, w.task, w.device, n.latency_p50_ms AS node_p50_ms, w.latency_p50_ms AS web_p50_ms, w.latency_p50_ms / n.latency_p50_ms AS web_over_node
       FROM results w JOIN results n ON n.run_id = w.run_id AND n.family = w.family AND n.task = w.task AND n.platform = 'node' AND n.device = 'cpu' AND n.dtype = 'fp32'
      WHERE w.run_id = $1 AND w.platform = 'web' AND w.dtype = 'fp32' AND w.status = 'pass' AND n.status = 'pass' ORDER BY w.family, w.task, w.device`, ratios.runId);
  for (const r of ratioRows) console.log(`  ${r.family} ${r.task} ${r.device}: node ${Number(r.node_p50_ms).toFixed(3)} ms, web ${Number(r.web_p50_ms).toFixed(3)} ms, web/node ${Number(r.web_over_node).toFixed(2)}`);
});
