/**
 * Everything one publish commits, built from the local store (and the dataset's current Parquet, so other
 * machines' history is kept): the per-config JSON files of the configurations measured here, the history
 * Parquet, data/format.json and the dataset card, plus the commit message that says what changed.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { SCHEMA_VERSION } from '../store/index.js';
import { configPath } from './config-path.js';
import { FORMAT_PATH, HISTORY_PATH, renderDatasetCard } from './dataset-card.js';
import { createHistoryTable, historyColumns, writeHistoryParquet } from './history-table.js';
import { latestConfigs } from './latest-configs.js';
import { toConfigFile } from './wire-config-file.js';

/** Version of the published layout (files, Parquet columns); bumped when a reader must change. */
export const FORMAT_VERSION = 1;

/** One file of the commit: text, or a file on disk (the Parquet). */
export type DatasetFile = { path: string; text: string } | { path: string; file: string };

/** The files and the commit message. */
export interface DatasetFiles {
  files: DatasetFile[];
  title: string;
  description: string;
  /** Per-config files by status. */
  counts: Record<string, number>;
  historyRows: number;
}

/** Builds the publish from `connection` (an open store) into `workDir` (the Parquet is written there). */
export async function buildDatasetFiles(
  connection: DuckDBConnection,
  options: { repo: string; machine: string; workDir: string; remoteParquet?: string },
): Promise<DatasetFiles> {
  const historyRows = await createHistoryTable(connection, { machine: options.machine, ...(options.remoteParquet ? { remoteParquet: options.remoteParquet } : {}) });
  const parquet = join(options.workDir, 'results.parquet');
  await writeHistoryParquet(connection, parquet);
  const all = await latestConfigs(connection);
  const mine = all.filter((l) => l.local);
  const counts: Record<string, number> = {};
  const runs = new Map<string, string>();
  const files: DatasetFile[] = [];
  for (const l of mine) {
    counts[l.cell.status] = (counts[l.cell.status] ?? 0) + 1;
    runs.set(l.run.runId, l.run.startedAt);
    files.push({ path: configPath(l.resultKey, l.machine), text: `${JSON.stringify(toConfigFile(l.run, l.cell, l.machine, l.resultKey))}\n` });
  }
  const [stats] = (await connection.runAndReadAll('SELECT count(DISTINCT run_id)::DOUBLE AS runs, count(DISTINCT machine)::DOUBLE AS machines FROM publish_history')).getRowObjectsJS();
  const format = {
    format: 'model-matrix/results',
    formatVersion: FORMAT_VERSION,
    schemaVersion: SCHEMA_VERSION,
    writer: `model-matrix ${writerVersion()}`,
    history: { path: HISTORY_PATH, rows: historyRows, runs: Number(stats!.runs), machines: Number(stats!.machines), compression: 'zstd' },
    configFiles: '{task}/{org}/{model}/{platform}_warm_{device}_{dtype}_b{batch}[_s{seq}][_i{size}][_{browser}]_{machine}.json',
    columns: await historyColumns(connection),
  };
  files.push(
    { path: HISTORY_PATH, file: parquet },
    { path: FORMAT_PATH, text: `${JSON.stringify(format, null, 2)}\n` },
    { path: 'README.md', text: renderDatasetCard(options.repo, all, { rows: historyRows, runs: Number(stats!.runs) }) },
  );
  const latestRun = [...runs].sort((a, b) => (a[1] < b[1] ? 1 : -1))[0]?.[0];
  const statusText = ['pass', 'fail', 'mismatch', 'unsupported', 'skip'].filter((s) => counts[s]).map((s) => `${counts[s]} ${s}`).join(', ');
  const from = runs.size === 1 ? `run ${latestRun}` : runs.size === 0 ? 'no local run' : `${runs.size} runs (latest ${latestRun})`;
  return {
    files,
    title: `Update matrix: ${mine.length} cells (${statusText || 'none'}) from ${from} on ${[...new Set(mine.map((l) => l.machine))].join(', ') || options.machine}`,
    description: `History: ${historyRows} results of ${Number(stats!.runs)} runs from ${Number(stats!.machines)} machine(s). Written by model-matrix ${writerVersion()} (format ${FORMAT_VERSION}, schema v${SCHEMA_VERSION}).`,
    counts,
    historyRows,
  };
}

let cachedVersion: string | undefined;
/** model-matrix's version: the nearest package.json above this file named model-matrix (the CLI's transpile cache sits below it). */
function writerVersion(): string {
  if (cachedVersion) return cachedVersion;
  for (let url = new URL('../../package.json', import.meta.url); ; url = new URL('../../package.json', url)) {
    try {
      const pkg = JSON.parse(readFileSync(url, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'model-matrix' && pkg.version) return (cachedVersion = pkg.version);
    } catch {
      // not here: keep going up
    }
    if (url.pathname === '/package.json') return (cachedVersion = 'unknown');
  }
}
