/**
 * `matrix devices [--json] [--web]`: probes every Node execution provider (and with --web the browser
 * devices in headless Chromium) and prints what is available, or why not.
 */
import type { Command } from 'commander';
import type { DeviceReport } from '../../harness/types.js';

export function register(program: Command): void {
  program
    .command('devices')
    .description('probe cpu, cuda, webgpu, dml, coreml with a one-node ONNX model and say which are available and why others are not')
    .option('--json', 'print the device reports as JSON')
    .option('--web', 'also probe wasm, webgpu, webnn in headless Chromium (/usr/bin/chromium; slower)')
    .action(async (options: { json?: boolean; web?: boolean }) => {
      const { detectDevices } = await import('../../devices/detect-devices.js');
      const devices = await detectDevices();
      if (options.web) {
        const { probeBrowser } = await import('../../devices/probe-browser.js');
        devices.push(...(await probeBrowser()));
      }
      process.stdout.write(options.json ? `${JSON.stringify(devices, null, 2)}\n` : await formatDevices(devices));
    });
}

/** The device table as text: one row per device, available or the reason, then its info. */
export async function formatDevices(devices: readonly DeviceReport[]): Promise<string> {
  const { default: chalk } = await import('chalk');
  const width = Math.max(6, ...devices.map((d) => `${d.platform}/${d.device}`.length));
  const lines = devices.map((d) => {
    const name = `${d.platform}/${d.device}`.padEnd(width);
    const info = Object.entries(d.info)
      .map(([k, v]) => (v === true ? k : `${k}=${String(v)}`))
      .join(' · ');
    const state = d.available ? chalk.green('available') : chalk.red('no       ');
    const detail = d.available ? info : `${d.reason}${info ? chalk.dim(`  (${info})`) : ''}`;
    return `${name}  ${state}  ${detail}${d.info.software === true ? chalk.yellow('  ⚠ software adapter: timings say nothing about real GPUs') : ''}`;
  });
  return `${'device'.padEnd(width)}  available  reason / info\n${lines.join('\n')}\n`;
}
