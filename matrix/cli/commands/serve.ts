/**
 * `matrix serve [--port 7860] [--host 127.0.0.1] [--redis URL]`: the benchmark server (matrix/server):
 * the leaderboard's API, a persisted queue, the live dashboard at /. Any --host but loopback needs
 * MATRIX_SERVER_TOKEN. Upload is on when HF_TOKEN and HF_DATASET_REPO are set (environment or .env).
 */
import type { Command } from 'commander';

interface ServeCliOptions {
  port?: string;
  host: string;
  db?: string;
  resultsDir?: string;
  redis?: string;
  maxQueued: string;
  jobTimeoutMs?: string;
  journal?: string;
}

export function register(program: Command): void {
  program
    .command('serve')
    .description('benchmark server: queue jobs over HTTP (leaderboard-compatible API), run them, store, upload, live dashboard at /')
    .option('--port <n>', 'port (default: PORT or 7860; 0 = any free port)')
    .option('--host <host>', 'address to listen on; anything but loopback requires MATRIX_SERVER_TOKEN', '127.0.0.1')
    .option('--db <file>', 'matrix database the results go to (default: MATRIX_DB or .matrix/matrix.duckdb)')
    .option('--results-dir <dir>', 'JSONL history of finished jobs (default: BENCHMARK_RESULTS_DIR or ./benchmark-results)')
    .option('--redis <url>', 'queue on Redis through BullMQ (redis://127.0.0.1:6379); jobs run on `matrix worker` processes')
    .option('--max-queued <n>', 'most waiting jobs before 429', '1000')
    .option('--job-timeout-ms <ms>', 'per-job timeout (default: BENCHMARK_TIMEOUT or 600000)')
    .option('--journal <file>', 'job journal (default: server/jobs.jsonl next to the database)')
    .action(async (options: ServeCliOptions) => {
      const { startServer, cliJobRunner, publishUploader, ServerOptionError } = await import('../../server/index.js');
      const { loadPublishSettings } = await import('../../publish/index.js');
      const { resolveDbPath } = await import('../../store/resolve-db-path.js');
      const { runReport } = await import('../../report/run-report.js');
      const whole = (name: string, raw: string | undefined, min: number): number | undefined => {
        if (raw === undefined || raw === '') return undefined;
        const n = Number(raw);
        if (!Number.isInteger(n) || n < min || n > 65_535 * 100_000) throw new ServerOptionError(name, raw, `a whole number ≥ ${min}`);
        return n;
      };
      const port = whole('--port', options.port ?? process.env.PORT, 0) ?? 7860;
      if (port > 65_535) throw new ServerOptionError('--port', String(port), '0 to 65535');
      const dbPath = resolveDbPath(options.db);
      const server = await startServer({
        host: options.host,
        port,
        dbPath,
        resultsDir: options.resultsDir ?? process.env.BENCHMARK_RESULTS_DIR ?? 'benchmark-results',
        ...(options.journal ? { journalPath: options.journal } : {}),
        token: process.env.MATRIX_SERVER_TOKEN?.trim() || null,
        uploader: publishUploader(loadPublishSettings()),
        matrixJson: () => runReport({ dbPath, filters: {}, format: 'json', colorLevel: 0, widthColumns: 120 }),
        runner: cliJobRunner(),
        ...(options.redis ? { redisUrl: options.redis } : {}),
        maxQueued: whole('--max-queued', options.maxQueued, 1)!,
        ...(whole('--job-timeout-ms', options.jobTimeoutMs ?? process.env.BENCHMARK_TIMEOUT, 1_000) !== undefined
          ? { defaultTimeoutMs: whole('--job-timeout-ms', options.jobTimeoutMs ?? process.env.BENCHMARK_TIMEOUT, 1_000)! }
          : {}),
      });
      const { untilSignal } = await import('../until-signal.js');
      await untilSignal(() => server.close());
    });
}
