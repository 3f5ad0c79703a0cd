import { execFile } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { DeviceReport } from '../matrix/harness/types.js';
import { childEnv } from './child-env.js';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..');
// `matrix devices` writes nothing; its database would be in the system temp folder, never the checkout's.
const env = () => childEnv({ dbPath: path.join(tmpdir(), 'devices-cli-unused.duckdb') });

describe('matrix devices', () => {
  it('--json prints one report per node device, cpu available', async () => {
    const { stdout } = await run(process.execPath, ['bin/matrix.js', 'devices', '--json'], { cwd: root, env: env() });
    const reports = JSON.parse(stdout) as DeviceReport[];
    expect(reports.map((r) => r.device)).toEqual(['cpu', 'cuda', 'webgpu', 'dml', 'coreml']);
    expect(reports[0]).toMatchObject({ platform: 'node', device: 'cpu', available: true, reason: '' });
    for (const r of reports) if (!r.available) expect(r.reason).not.toBe('');
  });

  it('prints a table with a row per device and the reason for each missing one', async () => {
    const { stdout } = await run(process.execPath, ['bin/matrix.js', 'devices'], { cwd: root, env: env() });
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^device\s+available\s+reason \/ info$/);
    expect(lines).toHaveLength(6);
    expect(lines.find((l) => l.startsWith('node/cpu'))).toMatch(/available\s+provider=CPUExecutionProvider/);
    if (process.platform === 'linux') expect(lines.find((l) => l.startsWith('node/dml'))).toMatch(/no\s+not this OS/);
  });

  it('rejects an unknown option with exit code 2', async () => {
    const error = await run(process.execPath, ['bin/matrix.js', 'devices', '--jsno'], { cwd: root, env: env() }).catch((e: { code: number; stderr: string }) => e);
    expect(error).toMatchObject({ code: 2 });
    expect((error as { stderr: string }).stderr).toMatch(/unknown option '--jsno'/);
  });
});
