/**
 * Benchmark of the generator: `npx tsx bench/generate.ts [--runs N]`.
 * Times `--all` and one family (bert), each run in a fresh process (as `npm run generate` runs),
 * writing into an empty temp folder. Reports per phase (registry, render, check, write; the
 * check builds its Project on a worker thread during registry + render, so `check` is the wait
 * left after rendering), the process wall time from start to exit, and process CPU time
 * (all threads; less sensitive than wall time to other load on a shared machine). Medians.
 * Each is measured cold (no check cache: the ts-morph Project is built and every file checked)
 * and with a check-cache hit (same output and inputs as a previous clean run: no Project).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const SELF = fileURLToPath(import.meta.url);

interface Sample {
  registryMs: number;
  renderMs: number;
  checkMs: number;
  writeMs: number;
  totalMs: number;
  /** From process start (node + tsx + imports) to the end of the run. */
  processMs: number;
  cpuMs: number;
  files: number;
}

async function child(mode: string, outDir: string, cacheFile: string): Promise<void> {
  const { generate } = await import('../generator/generate.js');
  const summary = await generate({
    selection: mode === 'all' ? {} : { families: [mode] },
    outDir,
    checkCache: cacheFile === 'none' ? false : cacheFile,
  });
  const cpu = process.cpuUsage();
  const sample: Sample = {
    ...summary.timings,
    processMs: performance.now(), // performance.now() counts from process start
    cpuMs: (cpu.user + cpu.system) / 1000,
    files: summary.outcome?.written.length ?? 0,
  };
  process.stdout.write(`${JSON.stringify(sample)}\n`);
}

/** `cached`: a check cache primed by one unmeasured run (output and inputs unchanged since). */
async function measure(mode: string, runs: number, cached: boolean): Promise<Sample[]> {
  const samples: Sample[] = [];
  const work = await mkdtemp(path.join(os.tmpdir(), 'bench-generate-'));
  const cacheFile = cached ? path.join(work, 'check-cache.json') : 'none';
  const once = async (i: number): Promise<Sample> => {
    const outDir = path.join(work, `out-${i}`);
    const { stdout } = await run(process.execPath, ['--import', 'tsx', SELF, '--child', mode, outDir, cacheFile], {
      cwd: path.join(path.dirname(SELF), '..'),
    });
    await rm(outDir, { recursive: true, force: true });
    return JSON.parse(stdout.trim().split('\n').at(-1)!) as Sample;
  };
  try {
    if (cached) await once(-1);
    for (let i = 0; i < runs; i++) samples.push(await once(i));
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  return samples;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function row(label: string, samples: Sample[]): string {
  const s = (key: keyof Sample): string => (median(samples.map((x) => x[key])) / 1000).toFixed(2);
  return `| ${label} | ${samples[0]!.files} | ${s('registryMs')} | ${s('renderMs')} | ${s('checkMs')} | ${s('writeMs')} | ${s('totalMs')} | ${s('processMs')} | ${s('cpuMs')} |`;
}

async function main(argv: string[]): Promise<void> {
  const childAt = argv.indexOf('--child');
  if (childAt >= 0) return child(argv[childAt + 1]!, argv[childAt + 2]!, argv[childAt + 3]!);
  const runsAt = argv.indexOf('--runs');
  const runs = runsAt >= 0 ? Number(argv[runsAt + 1]) : 3;
  const loadBefore = os.loadavg()[0]!.toFixed(1);
  const all = await measure('all', runs, false);
  const one = await measure('bert', runs, false);
  const allCached = await measure('all', runs, true);
  const oneCached = await measure('bert', runs, true);
  const loadAfter = os.loadavg()[0]!.toFixed(1);
  const lines = [
    `machine: ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, node ${process.version}; load average (1 min) ${loadBefore} before, ${loadAfter} after; medians of ${runs} fresh-process runs, seconds`,
    '',
    '| run | files | registry | render | check (wait) | write | generate() | process wall | process CPU |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    row('--all (type-checked)', all),
    row('--family bert (type-checked)', one),
    row('--all (check cache hit)', allCached),
    row('--family bert (check cache hit)', oneCached),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`bench/generate: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
