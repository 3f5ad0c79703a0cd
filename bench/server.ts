/**
 * Benchmark of the benchmark server (`matrix serve`, a child process, embedded queue, real jobs on the
 * forged bert family through the CLI runner).
 *   npx tsx bench/server.ts [clients=200] [pollSeconds=30] [burst=1000] [pollIntervalMs=0]
 * `pollIntervalMs` 0: each client sends its next request as soon as the last is answered (closed loop,
 * the server's throughput limit); above 0, each client waits that long between polls (a dashboard or
 * leaderboard client polling). `burst` 0 skips the burst.
 * 1. Polling: job latency (the job's own measured p50 inference) on an idle server, then the same jobs
 *    while `clients` concurrent clients poll GET /api/benchmark/:id and GET /api/queue for `pollSeconds`:
 *    request latency p50/p99/max, errors, and the jobs' p50 in both phases.
 * 2. Burst: `burst` POST /api/benchmark of distinct configurations (100 in flight), the server killed with
 *    kill -9 after half were answered, restarted, the unanswered ones sent again: every accepted id must
 *    be there after the restart, and the final count must equal the configurations accepted (a POST the
 *    server journaled but whose answer was lost is de-duplicated when sent again). Queue bound: 500.
 */
import { cpus, totalmem } from 'node:os';
import { call, tempDir, until } from '../test/server/server-fixtures.js';
import { spawnCli, type CliChild } from '../test/server/spawn-cli.js';

const clients = Number(process.argv[2] ?? 200);
const pollSeconds = Number(process.argv[3] ?? 30);
const burst = Number(process.argv[4] ?? 1000);
const pollIntervalMs = Number(process.argv[5] ?? 0);
/** 6th argument `sync`: every poller starts at once (one burst of `clients` requests per interval); default staggered. */
const stagger = process.argv[6] !== 'sync';
const DTYPES = ['fp32', 'fp16', 'q8', 'q4'];
const TASKS = ['feature-extraction', 'fill-mask', 'text-classification'];

async function serve(dir: string, extra: string[] = []): Promise<{ cli: CliChild; url: string }> {
  const cli = spawnCli(['serve', '--port', '0', ...extra], dir);
  const [, url] = await cli.waitFor(/matrix serve: (http:\/\/127\.0\.0\.1:\d+)/);
  return { cli, url: url! };
}

function quantile(sorted: number[], q: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}
const median = (xs: number[]): number => quantile([...xs].sort((a, b) => a - b), 0.5);

async function runJob(url: string, task: string): Promise<number> {
  const id = (await call(`${url}/api/benchmark`, { body: { modelId: 'forged/bert', task, repeats: 1 } })).body.id as string;
  const job = await until(async () => {
    const j = (await call(`${url}/api/benchmark/${id}`)).body;
    return j.status === 'completed' || j.status === 'failed' ? j : undefined;
  }, 120_000, `job ${id}`);
  if (job.status !== 'completed') throw new Error(`job ${id} ${job.status}: ${job.error}`);
  return job.result.metrics.subsequent_infer_ms.p50 as number;
}

async function polling(): Promise<string> {
  const tmp = tempDir('bench-poll');
  const { cli, url } = await serve(tmp.dir);
  try {
    const idle: number[] = [];
    for (const task of TASKS) idle.push(await runJob(url, task));
    let ids = [(await call(`${url}/api/benchmark`, { body: { modelId: 'forged/bert', task: 'question-answering', repeats: 1 } })).body.id as string];
    const latencies: number[] = [];
    const handlerMs: number[] = [];
    let errors = 0;
    const errorKinds = new Map<string, number>();
    const countError = (kind: string): void => {
      errors++;
      errorKinds.set(kind, (errorKinds.get(kind) ?? 0) + 1);
    };
    const end = Date.now() + pollSeconds * 1000;
    const loaded: number[] = [];
    const jobs = (async () => {
      for (let i = 0; Date.now() < end; i++) loaded.push(await runJob(url, TASKS[i % TASKS.length]!));
    })();
    await Promise.all(Array.from({ length: clients }, async (_, c) => {
      // Clients keep their own phase (client c starts c/clients of an interval late), as independent pollers do;
      // started together they would arrive as one burst of `clients` requests every interval, for ever.
      if (pollIntervalMs > 0 && stagger) await new Promise((r) => setTimeout(r, (c / clients) * pollIntervalMs));
      for (let i = 0; Date.now() < end; i++) {
        const path = (i + c) % 2 === 0 ? `/api/benchmark/${ids[0]}` : '/api/queue';
        const t0 = performance.now();
        try {
          const r = await fetch(`${url}${path}`);
          await r.arrayBuffer();
          if (r.status !== 200) countError(`HTTP ${r.status}`);
          const dur = /dur=([\d.]+)/.exec(r.headers.get('server-timing') ?? '')?.[1];
          if (dur !== undefined) handlerMs.push(Number(dur));
        } catch (error) {
          const cause = (error as { cause?: { code?: string; message?: string } }).cause;
          countError(cause?.code ?? cause?.message ?? (error as Error).message);
        }
        latencies.push(performance.now() - t0);
        if (pollIntervalMs > 0) await new Promise((r) => setTimeout(r, pollIntervalMs));
      }
    }));
    await jobs;
    ids = [];
    latencies.sort((a, b) => a - b);
    handlerMs.sort((a, b) => a - b);
    return [
      `| phase | requests | req/s | p50 ms | p99 ms | max ms | handler p50 / p99 ms (Server-Timing) | errors | jobs | job p50 inference ms (median of jobs) |`,
      `| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |`,
      `| idle | – | – | – | – | – | – | – | ${idle.length} | ${median(idle).toFixed(3)} (${idle.map((x) => x.toFixed(3)).join(', ')}) |`,
      `| ${clients} clients polling ${pollSeconds} s | ${latencies.length} | ${(latencies.length / pollSeconds).toFixed(0)} | ${quantile(latencies, 0.5).toFixed(1)} | ${quantile(latencies, 0.99).toFixed(1)} | ${latencies[latencies.length - 1]!.toFixed(1)} | ${quantile(handlerMs, 0.5).toFixed(2)} / ${quantile(handlerMs, 0.99).toFixed(2)} | ${errors} | ${loaded.length} | ${median(loaded).toFixed(3)} (${loaded.map((x) => x.toFixed(3)).join(', ')}) |`,
      ...(errors ? ['', `errors: ${[...errorKinds].map(([k, n]) => `${k} × ${n}`).join(', ')}`] : []),
    ].join('\n');
  } finally {
    await cli.kill9();
    tmp.remove();
  }
}

function burstBody(i: number): Record<string, unknown> {
  return { modelId: 'forged/bert', task: 'feature-extraction', repeats: 1 + (i % 100), dtype: DTYPES[Math.floor(i / 100) % 4], batchSize: 1 + Math.floor(i / 400) };
}

async function burstKill(): Promise<string> {
  const tmp = tempDir('bench-burst');
  let { cli, url } = await serve(tmp.dir, ['--max-queued', '500']);
  const accepted = new Map<number, string>();
  const rejected429 = new Set<number>();
  const unanswered = new Set<number>(Array.from({ length: burst }, (_, i) => i));
  let lost = 0;
  let killed = false;
  try {
    let next = 0;
    const t0 = performance.now();
    await Promise.all(Array.from({ length: 100 }, async () => {
      while (next < burst && !killed) {
        const i = next++;
        try {
          const r = await call(`${url}/api/benchmark`, { body: burstBody(i) });
          if (r.status === 200) accepted.set(i, r.body.id);
          else if (r.status === 429) rejected429.add(i);
          else throw new Error(`status ${r.status}`);
          unanswered.delete(i);
        } catch {
          lost++;
        }
        if (!killed && accepted.size + rejected429.size >= burst / 2) {
          killed = true;
          await cli.kill9();
        }
      }
    }));
    const firstPhaseMs = performance.now() - t0;
    const answeredBeforeKill = accepted.size + rejected429.size;
    ({ cli, url } = await serve(tmp.dir, ['--max-queued', '500']));
    const afterRestart = (await call(`${url}/api/queue`)).body;
    const knownIds = new Set<string>(afterRestart.queue.map((j: { id: string }) => j.id));
    const missing = [...accepted.values()].filter((id) => !knownIds.has(id));
    const journaledUnacked = knownIds.size - accepted.size;
    let deduplicated = 0;
    for (const i of [...unanswered]) {
      const r = await call(`${url}/api/benchmark`, { body: burstBody(i) });
      if (r.status === 200) {
        accepted.set(i, r.body.id);
        if (r.body.deduplicated) deduplicated++;
      } else if (r.status === 429) rejected429.add(i);
      unanswered.delete(i);
    }
    const final = (await call(`${url}/api/queue`)).body.status;
    const finalIds = new Set([...accepted.values()]);
    return [
      `| POSTs | answered before kill -9 | in flight at the kill (no answer) | accepted (200) | 429 | jobs after restart | accepted ids missing after restart | journaled but unanswered | re-sent → de-duplicated | final jobs | accepted distinct ids |`,
      `| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |`,
      `| ${burst} | ${answeredBeforeKill} (${(answeredBeforeKill / (firstPhaseMs / 1000)).toFixed(0)}/s) | ${lost} | ${accepted.size} | ${rejected429.size} | ${knownIds.size} | ${missing.length} | ${journaledUnacked} | ${deduplicated} | ${final.total} | ${finalIds.size} |`,
      '',
      `reconciles: ${missing.length === 0 && final.total === finalIds.size && accepted.size + rejected429.size === burst ? 'yes' : 'NO'} (accepted + 429 = ${accepted.size + rejected429.size} of ${burst}; final jobs ${final.total} = accepted distinct ids ${finalIds.size})`,
    ].join('\n');
  } finally {
    await cli.kill9();
    tmp.remove();
  }
}

const header = `machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, load average at start ${(await import('node:os')).loadavg().map((l) => l.toFixed(1)).join(' ')}`;
console.log(header);
console.log(`\n### polling (${clients} clients, ${pollSeconds} s, ${pollIntervalMs > 0 ? `each every ${pollIntervalMs} ms` : 'closed loop'})\n`);
console.log(await polling());
if (burst > 0) {
  console.log(`\n### burst of ${burst} POSTs with kill -9 mid-burst\n`);
  console.log(await burstKill());
}
