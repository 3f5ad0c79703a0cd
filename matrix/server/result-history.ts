/**
 * The local JSONL history of finished jobs (`BENCHMARK_RESULTS_DIR`, default ./benchmark-results), laid
 * out as the leaderboard's: `{task}/{org}/{model}/{platform}_{mode}_{device}_{dtype}_b{batch}[_{browser}].jsonl`,
 * one wire job per line. Model ids are checked at the API, and every path is checked to stay inside the folder.
 */
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import type { Job } from './job.js';
import { toWireJob, type WireJob } from './wire-job.js';

/** The history file of a job's configuration, relative to the results folder. */
export function historyPath(job: Job): string {
  const c = job.config;
  const [org, model] = c.modelId.split('/') as [string, string];
  return join(c.task, org, model, `${c.platform}_${c.mode}_${c.device}_${c.dtype}_b${c.batchSize}${c.browser ? `_${c.browser}` : ''}.jsonl`);
}

/** Appends the finished job to its configuration's history file. */
export function appendHistory(resultsDir: string, job: Job): void {
  const file = inside(resultsDir, historyPath(job));
  mkdirSync(dirname(file), { recursive: true });
  appendFileSync(file, `${JSON.stringify(toWireJob(job))}\n`);
}

/** Every job in the history (of one model when `modelId` is given), oldest file first. */
export function readHistory(resultsDir: string, modelId?: string): WireJob[] {
  const root = resolve(resultsDir);
  if (!existsSync(root)) return [];
  const out: WireJob[] = [];
  const files = readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.jsonl'))
    .map((e) => join(e.parentPath, e.name))
    .sort();
  for (const file of files) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (line.trim() === '') continue;
      try {
        const job = JSON.parse(line) as WireJob;
        if (modelId === undefined || job.modelId === modelId) out.push(job);
      } catch {
        // A line cut short by a kill: skip it.
      }
    }
  }
  return out;
}

function inside(dir: string, relative: string): string {
  const root = resolve(dir);
  const file = resolve(root, relative);
  if (!file.startsWith(root + sep)) throw new Error(`history path ${relative} leaves ${root}`);
  return file;
}
