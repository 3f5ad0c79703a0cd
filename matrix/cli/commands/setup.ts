/**
 * `matrix setup cuda`: the explicit opt-in that fetches onnxruntime-node's CUDA execution provider
 * (npm ci never downloads it: the project's .npmrc sets ignore-scripts), then probes cuda again.
 */
import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('setup')
    .argument('<target>', 'what to set up: cuda')
    .description("fetch an optional runtime part: `cuda` = onnxruntime-node's CUDA 12 execution provider (needs network access to onnxruntime's package feed)")
    .action(async (target: string) => {
      const { SETUP_TARGETS, UnknownSetupTargetError } = await import('../../devices/errors.js');
      if (!(SETUP_TARGETS as readonly string[]).includes(target)) throw new UnknownSetupTargetError(target);
      const { setupCuda } = await import('../../devices/setup-cuda.js');
      process.stderr.write('matrix: fetching the CUDA 12 provider for onnxruntime-node …\n');
      const result = await setupCuda();
      process.stdout.write(`CUDA provider files in onnxruntime-node ${result.ortVersion}: ${result.providerFiles.join(', ') || 'none'}\n`);
      const { detectDevices } = await import('../../devices/detect-devices.js');
      const [cuda] = await detectDevices({ devices: ['cuda'] });
      process.stdout.write(cuda!.available ? 'node/cuda available\n' : `node/cuda not available yet: ${cuda!.reason}\n`);
    });
}
