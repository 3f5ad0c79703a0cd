/**
 * `matrix pull --repo ORG/NAME [--revision R]`: the dataset's history Parquet into the local store, in one
 * transaction, idempotently: a run already in the store (pulled before, or measured here) is skipped, so
 * pulling twice adds nothing. Pulled runs remember where they came from (`runs.origin =
 * hf://datasets/ORG/NAME@<commit>`). Everything is downloaded and checked before the store is opened, and
 * a failed insert rolls back: on any error the local store is left as it was.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withStore } from '../store/index.js';
import { FORMAT_VERSION } from './build-dataset-files.js';
import { FORMAT_PATH, HISTORY_PATH } from './dataset-card.js';
import { downloadToFile } from './download-to-file.js';
import { PullFormatError } from './errors.js';
import type { HubTarget } from './hub-target.js';
import { readHead } from './read-head.js';
import { RUN_COLUMNS } from './history-table.js';

/** What a pull added. */
export interface PullOutcome {
  /** `hf://datasets/ORG/NAME@<commit oid>`. */
  origin: string;
  commitOid: string;
  runsAdded: number;
  resultsAdded: number;
  /** Runs in the dataset that the store already had. */
  runsSkipped: number;
}

/** Pulls `target.repo` at `revision` (default main) into the store at `dbPath`. */
export async function pullDataset(target: HubTarget, options: { dbPath: string; revision?: string }): Promise<PullOutcome> {
  const commitOid = await readHead(target, options.revision ?? 'main');
  const origin = `hf://datasets/${target.repo}@${commitOid}`;
  const work = mkdtempSync(join(tmpdir(), 'matrix-pull-'));
  try {
    const formatFile = join(work, 'format.json');
    if (!(await downloadToFile(target, FORMAT_PATH, commitOid, formatFile))) {
      throw new PullFormatError(`datasets/${target.repo}`, `has no ${FORMAT_PATH}: it was not written by matrix publish`);
    }
    const format = JSON.parse(readFileSync(formatFile, 'utf8')) as { formatVersion?: unknown };
    if (typeof format.formatVersion !== 'number' || format.formatVersion > FORMAT_VERSION) {
      throw new PullFormatError(`datasets/${target.repo}`, `format version ${String(format.formatVersion)} is not one this program reads (≤ ${FORMAT_VERSION})`);
    }
    const parquet = join(work, 'results.parquet');
    if (!(await downloadToFile(target, HISTORY_PATH, commitOid, parquet))) {
      throw new PullFormatError(`datasets/${target.repo}`, `has no ${HISTORY_PATH}`);
    }
    return await withStore({ path: options.dbPath }, async ({ connection }) => {
      const local = (await connection.runAndReadAll('DESCRIBE results')).getRowObjectsJS().map((r) => String(r.column_name));
      const remote = new Set((await connection.runAndReadAll('DESCRIBE SELECT * FROM read_parquet($p)', { p: parquet })).getRowObjectsJS().map((r) => String(r.column_name)));
      for (const needed of ['run_id', 'result_key', 'machine', ...RUN_COLUMNS.map((c) => `run_${c}`)]) {
        if (!remote.has(needed)) throw new PullFormatError(`datasets/${target.repo}`, `${HISTORY_PATH} lacks the column ${needed}`);
      }
      const columns = local.filter((c) => remote.has(c)).map((c) => `"${c}"`).join(', ');
      await connection.run('BEGIN TRANSACTION');
      try {
        // Only the new runs' ids are held; the rows stream from the Parquet into the tables.
        await connection.run(
          `CREATE OR REPLACE TEMP TABLE pulled_runs AS
           SELECT DISTINCT run_id FROM read_parquet($p) p WHERE NOT EXISTS (SELECT 1 FROM runs r WHERE r.run_id = p.run_id)`,
          { p: parquet },
        );
        const [runs] = (await connection.runAndReadAll(`SELECT (SELECT count(*) FROM pulled_runs)::DOUBLE AS added, (SELECT count(DISTINCT run_id) FROM read_parquet($p))::DOUBLE AS total`, { p: parquet })).getRowObjectsJS();
        const fromPulled = `FROM read_parquet($p) WHERE run_id IN (SELECT run_id FROM pulled_runs)`;
        await connection.run(
          `INSERT INTO runs (run_id, started_at, finished_at, git_sha, transformers_version, ort_version, host, os, cpu, ci, shard, profile,
                             interrupted, cells, machine, origin, label, suite, crashed_cells)
           SELECT run_id, any_value(run_started_at), any_value(run_finished_at), any_value(run_git_sha), any_value(run_transformers_version),
                  any_value(run_ort_version), any_value(machine), any_value(run_os), any_value(run_cpu), any_value(run_ci), any_value(run_shard),
                  any_value(run_profile), any_value(run_interrupted), any_value(run_cells), any_value(machine), $origin, any_value(run_label),
                  any_value(run_suite), any_value(run_crashed_cells)
           ${fromPulled} GROUP BY run_id`,
          { p: parquet, origin },
        );
        const inserted = await connection.run(`INSERT INTO results (${columns}) SELECT ${columns} ${fromPulled}`, { p: parquet });
        const resultsAdded = Number(inserted.rowsChanged);
        await connection.run('DROP TABLE pulled_runs');
        await connection.run('COMMIT');
        return { origin, commitOid, runsAdded: Number(runs!.added), resultsAdded, runsSkipped: Number(runs!.total) - Number(runs!.added) };
      } catch (error) {
        await connection.run('ROLLBACK');
        throw error;
      }
    });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
