/**
 * `matrix worker --redis URL [--devices cpu,cuda]`: probes this machine's devices and runs the jobs of
 * a `matrix serve --redis URL` server for the devices it has (one BullMQ queue per platform/device).
 * Results go back through Redis; only the server writes the database.
 */
import type { Command } from 'commander';

interface WorkerCliOptions {
  redis: string;
  devices?: string;
  web?: boolean;
  lockMs: string;
  stalledMs: string;
  jobTimeoutMs?: string;
}

export function register(program: Command): void {
  program
    .command('worker')
    .description('run benchmark jobs from a `matrix serve --redis` queue, for the devices this machine has')
    .requiredOption('--redis <url>', 'the Redis the server queues on, e.g. redis://10.0.0.5:6379')
    .option('--devices <list>', 'only these of the available node devices (comma-separated, e.g. cpu,cuda)')
    .option('--web', 'also probe wasm, webgpu, webnn in headless Chromium and take web jobs for those found')
    .option('--lock-ms <ms>', 'job lock; a dead worker\'s job goes back to the queue after about this', '30000')
    .option('--stalled-ms <ms>', 'how often to look for jobs of dead workers', '30000')
    .option('--job-timeout-ms <ms>', 'per-job timeout when the job names none (default: 600000)')
    .action(async (options: WorkerCliOptions) => {
      const { runWorker, cliJobRunner, ServerOptionError } = await import('../../server/index.js');
      const { detectDevices } = await import('../../devices/detect-devices.js');
      const { NODE_DEVICES } = await import('../../harness/types.js');
      const ms = (name: string, raw: string): number => {
        const n = Number(raw);
        if (!Number.isInteger(n) || n < 100) throw new ServerOptionError(name, raw, 'a whole number of milliseconds ≥ 100');
        return n;
      };
      const wanted = options.devices?.split(',').map((d) => d.trim()).filter(Boolean);
      const bad = wanted?.filter((d) => !(NODE_DEVICES as readonly string[]).includes(d)) ?? [];
      if (bad.length > 0) throw new ServerOptionError('--devices', bad.join(','), NODE_DEVICES.join(', '));
      const devices = (await detectDevices()).filter((d) => !wanted || wanted.includes(d.device));
      if (options.web) {
        const { probeBrowser } = await import('../../devices/probe-browser.js');
        devices.push(...(await probeBrowser()));
      }
      const worker = await runWorker({
        redisUrl: options.redis,
        devices,
        runner: cliJobRunner(),
        lockDurationMs: ms('--lock-ms', options.lockMs),
        stalledIntervalMs: ms('--stalled-ms', options.stalledMs),
        ...(options.jobTimeoutMs ? { defaultTimeoutMs: ms('--job-timeout-ms', options.jobTimeoutMs) } : {}),
      });
      const { untilSignal } = await import('../until-signal.js');
      await untilSignal(() => worker.close());
    });
}
