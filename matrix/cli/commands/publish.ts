/**
 * `matrix publish [--repo ORG/NAME] [--machine LABEL] [--dry-run --out DIR] [--model-cards]`: the local matrix
 * to a Hugging Face Hub dataset in one commit (HF_TOKEN, HF_DATASET_REPO, HF_ENDPOINT from the environment
 * or .env). Exits 1 when the upload fails, 2 on bad input; without a token it says how to enable publishing.
 */
import type { Command } from 'commander';
import { MatrixError } from '../../errors.js';

interface PublishCliOptions {
  repo?: string;
  machine?: string;
  db?: string;
  dryRun?: boolean;
  out?: string;
  modelCards?: boolean;
}

export function register(program: Command): void {
  program
    .command('publish')
    .description('publish the matrix to a Hugging Face Hub dataset: per-config JSON, history Parquet, dataset card (one commit)')
    .option('--repo <org/name>', 'dataset repo (default: HF_DATASET_REPO)')
    .option('--machine <label>', 'machine label in published paths (default: MATRIX_MACHINE, or derived from the CPU)')
    .option('--db <file>', 'matrix database (default: MATRIX_DB or .matrix/matrix.duckdb)')
    .option('--dry-run', 'write the files that would be committed to --out DIR instead of uploading')
    .option('--out <dir>', 'with --dry-run: folder to write the files to')
    .option('--model-cards', "instead of the dataset: update the model-matrix section of each real model's card (a pull request where you cannot write)")
    .action(async (options: PublishCliOptions) => {
      const { resolveDbPath } = await import('../../store/index.js');
      const publish = await import('../../publish/index.js');
      const dbPath = resolveDbPath(options.db);
      if (options.modelCards) {
        const settings = publish.loadPublishSettings();
        if (!settings.token) {
          process.stdout.write(`${publish.NO_TOKEN_LINE}\n`);
          return;
        }
        const datasetRepo = options.repo ? publish.checkRepoName(options.repo) : settings.repo;
        const machine = options.machine ? publish.normalizeMachineLabel(options.machine) : settings.machine;
        const outcomes = await publish.updateModelCards(
          { token: settings.token, ...(settings.hubUrl ? { hubUrl: settings.hubUrl } : {}) },
          { dbPath, machine, ...(datasetRepo ? { datasetRepo } : {}) },
        );
        if (outcomes.length === 0) process.stdout.write('No real models in the store (forged and mock results never go into model cards).\n');
        for (const o of outcomes) {
          const where = o.action === 'pull-request' ? ` ${o.pullRequestUrl ?? ''}` : o.commitOid && o.action === 'committed' ? ` ${o.commitOid.slice(0, 12)}` : '';
          process.stdout.write(`${o.modelId}: ${o.action}${where}${o.error ? `: ${o.error}` : ''}\n`);
        }
        if (outcomes.some((o) => o.action === 'failed')) process.exitCode = 1;
        return;
      }
      if (options.dryRun) {
        if (!options.out) throw new MatrixError('PUBLISH_DRY_RUN_NO_OUT', '--dry-run needs --out DIR.', 'Example: matrix publish --dry-run --out /tmp/matrix-dataset');
        const settings = publish.loadPublishSettings();
        const repo = options.repo ? publish.checkRepoName(options.repo) : (settings.repo ?? 'ORG/NAME');
        const machine = options.machine ? publish.normalizeMachineLabel(options.machine) : settings.machine;
        const { files, title } = await publish.dryRunDataset({ dbPath, repo, machine, out: options.out });
        process.stdout.write(`Dry run: ${files.length} files written to ${options.out} (nothing uploaded).\nCommit message: ${title}\n`);
        return;
      }
      const result = await publish.publishFromSettings({
        dbPath,
        ...(options.repo ? { repo: options.repo } : {}),
        ...(options.machine ? { machine: options.machine } : {}),
        log: (line) => process.stderr.write(`matrix publish: ${line}\n`),
      });
      process.stdout.write(`${result.line}\n`);
    });
}
