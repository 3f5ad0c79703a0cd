/**
 * `matrix pull --repo ORG/NAME [--revision R] [--db FILE]`: a published matrix into the local store, so that
 * `matrix report` and `matrix compare --base <pulled run> --head <local run>` compare this machine with it.
 * HF_TOKEN (environment or .env) is used when set, for private datasets. Exits 1 when the pull fails.
 */
import type { Command } from 'commander';

interface PullCliOptions {
  repo?: string;
  revision?: string;
  db?: string;
}

export function register(program: Command): void {
  program
    .command('pull')
    .description('pull a published matrix (Hub dataset) into the local store; pulling twice adds nothing')
    .option('--repo <org/name>', 'dataset repo (default: HF_DATASET_REPO)')
    .option('--revision <rev>', 'branch, tag or commit of the dataset (default: main)')
    .option('--db <file>', 'matrix database (default: MATRIX_DB or .matrix/matrix.duckdb)')
    .action(async (options: PullCliOptions) => {
      const { resolveDbPath } = await import('../../store/index.js');
      const publish = await import('../../publish/index.js');
      const settings = publish.loadPublishSettings();
      const repo = options.repo ? publish.checkRepoName(options.repo) : settings.repo;
      if (!repo) throw new publish.PublishSettingsError('--repo', '', 'ORG/NAME (or set HF_DATASET_REPO)');
      const dbPath = resolveDbPath(options.db);
      const out = await publish.pullDataset(
        { repo, ...(settings.token ? { token: settings.token } : {}), ...(settings.hubUrl ? { hubUrl: settings.hubUrl } : {}) },
        { dbPath, ...(options.revision ? { revision: options.revision } : {}) },
      );
      process.stdout.write(
        `Pulled ${out.runsAdded} run(s), ${out.resultsAdded} results from ${out.origin} into ${dbPath}` +
          (out.runsSkipped ? ` (${out.runsSkipped} run(s) already here)` : '') +
          '.\n' + (out.runsAdded ? 'Compare with a local run: matrix compare --base <pulled run id> --head <local run id> (matrix history lists runs).\n' : ''),
      );
    });
}
