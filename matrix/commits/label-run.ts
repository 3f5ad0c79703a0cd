import { withStore } from '../store/index.js';

/** Records on a stored run which commit or version it measured (`runs.label`, and the git sha when given). */
export async function labelRun(dbPath: string, runId: string, label: string, gitSha?: string | null): Promise<void> {
  await withStore({ path: dbPath }, async (store) => {
    await store.connection.run('UPDATE runs SET label = $label WHERE run_id = $run', { label, run: runId });
    if (gitSha) await store.connection.run('UPDATE runs SET git_sha = $sha WHERE run_id = $run AND git_sha IS NULL', { sha: gitSha, run: runId });
  });
}
