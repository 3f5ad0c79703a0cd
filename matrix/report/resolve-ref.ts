/**
 * Resolves a compare reference to one run: a run id, a git sha (or unique prefix, ≥ 4 hex digits: the
 * latest run at that sha) or a transformers.js version (the latest run with it). `run:`, `sha:` and
 * `version:` prefixes force one reading; a reference that reads two ways and means different runs is an error.
 */
import { closestMatches } from '../errors.js';
import { EmptyStoreError, RunRefError } from './errors.js';
import type { ReadonlyStore } from './open-readonly.js';
import { RUN_COLUMNS, type RunRow } from './run-row.js';

type Reading = 'run' | 'sha' | 'version';

export interface ResolvedRef {
  run: RunRow;
  /** How the reference was read, e.g. `git sha 1a2b3c4`. */
  via: string;
}

export async function resolveRef(store: ReadonlyStore, ref: string): Promise<ResolvedRef> {
  const forced = /^(run|sha|version):(.+)$/.exec(ref);
  const readings: Reading[] = forced ? [forced[1] as Reading] : ['run', 'sha', 'version'];
  const value = forced ? forced[2]! : ref;
  const found: ResolvedRef[] = [];
  for (const reading of readings) {
    const hit = await read(store, reading, value, ref);
    if (hit) found.push(hit);
  }
  const distinct = found.filter((f, i) => found.findIndex((g) => g.run.runId === f.run.runId) === i);
  if (distinct.length === 1) return distinct[0]!;
  if (distinct.length > 1) throw new RunRefError('ambiguous', ref, distinct.map((f) => `${f.via} → run ${f.run.runId}`).join('; '));
  const runs = await store.all<{ runId: string; transformersVersion: string }>(
    `SELECT run_id AS "runId", transformers_version AS "transformersVersion" FROM runs ORDER BY started_at DESC, run_id DESC`,
  );
  if (runs.length === 0) throw new EmptyStoreError(store.path);
  const near = closestMatches(value, [...new Set([...runs.map((r) => r.runId), ...runs.map((r) => r.transformersVersion)])]);
  const hint = near.length > 0 ? `Did you mean ${near.map((n) => `"${n}"`).join(', ')}? ` : '';
  throw new RunRefError('unknown', ref, `${hint}Latest runs: ${runs.slice(0, 5).map((r) => r.runId).join(', ')}.`);
}

async function read(store: ReadonlyStore, reading: Reading, value: string, ref: string): Promise<ResolvedRef | undefined> {
  if (reading === 'run') {
    const [run] = await store.all<RunRow>(`SELECT ${RUN_COLUMNS} FROM runs WHERE run_id = ?`, [value]);
    return run && { run, via: `run id ${value}` };
  }
  if (reading === 'sha') {
    if (!/^[0-9a-f]{4,40}$/i.test(value)) return undefined;
    const shas = await store.all<{ sha: string }>(`SELECT DISTINCT git_sha AS sha FROM runs WHERE starts_with(lower(git_sha), lower(?)) ORDER BY sha`, [value]);
    if (shas.length > 1) throw new RunRefError('ambiguous', ref, `it is a prefix of ${shas.length} git shas: ${shas.slice(0, 5).map((s) => s.sha.slice(0, 12)).join(', ')}${shas.length > 5 ? ', …' : ''}`);
    if (shas.length === 0) return undefined;
    const [run] = await store.all<RunRow>(`SELECT ${RUN_COLUMNS} FROM runs WHERE git_sha = ? ORDER BY started_at DESC, run_id DESC LIMIT 1`, [shas[0]!.sha]);
    return run && { run, via: `git sha ${shas[0]!.sha.slice(0, 12)}` };
  }
  const [run] = await store.all<RunRow>(`SELECT ${RUN_COLUMNS} FROM runs WHERE transformers_version = ? ORDER BY started_at DESC, run_id DESC LIMIT 1`, [value]);
  return run && { run, via: `transformers.js ${value}` };
}
