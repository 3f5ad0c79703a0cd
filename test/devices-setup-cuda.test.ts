import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { explainProbeFailure, SETUP_CUDA_COMMAND } from '../matrix/devices/explain-probe-failure.js';
import { findNvidiaGpu } from '../matrix/devices/find-nvidia-gpu.js';
import { resolveOrtPackageDir } from '../matrix/devices/load-ort.js';
import { setupCuda } from '../matrix/devices/setup-cuda.js';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..');
const ORT_MISSING =
  'Failed to load library /x/bin/napi-v6/linux/x64/libonnxruntime_providers_shared.so with error: libonnxruntime_providers_shared.so: cannot open shared object file';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'setup-cuda-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A loopback port nothing listens on (bound, then closed). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('findNvidiaGpu', () => {
  it('finds the driver folder and counts its GPUs', () => {
    mkdirSync(path.join(dir, 'nvidia', 'gpus', '0000:01:00.0'), { recursive: true });
    expect(findNvidiaGpu({ procDir: path.join(dir, 'nvidia'), pathEnv: '' })).toEqual({ found: true, evidence: `${dir}/nvidia/gpus: 1 GPU` });
  });

  it('finds nvidia-smi on PATH when the driver folder is absent', () => {
    mkdirSync(path.join(dir, 'bin'));
    writeFileSync(path.join(dir, 'bin', 'nvidia-smi'), '#!/bin/sh\n');
    chmodSync(path.join(dir, 'bin', 'nvidia-smi'), 0o755);
    expect(findNvidiaGpu({ procDir: path.join(dir, 'none'), pathEnv: `/nowhere:${dir}/bin` })).toMatchObject({ found: true, evidence: `nvidia-smi in ${dir}/bin` });
  });

  it('reports no GPU, and what it looked for, when neither is there', () => {
    expect(findNvidiaGpu({ procDir: path.join(dir, 'none'), pathEnv: '/nowhere' })).toEqual({ found: false, evidence: `no ${dir}/none, no nvidia-smi on PATH` });
  });
});

describe('the cuda reason names the one set-up command', () => {
  it('on a machine with an NVIDIA GPU and no provider library', () => {
    const reason = explainProbeFailure('cuda', 'Failed to load shared library', ORT_MISSING, { found: true, evidence: 'nvidia-smi in /usr/bin' });
    expect(reason).toBe(
      `CUDA provider library missing: libonnxruntime_providers_shared.so (an NVIDIA GPU is here (nvidia-smi in /usr/bin); fetch it, with network access, with: ${SETUP_CUDA_COMMAND})`,
    );
    expect(SETUP_CUDA_COMMAND).toBe('npm run matrix -- setup cuda');
  });

  it('on a machine without one, it says so instead of sending the user to a download', () => {
    const reason = explainProbeFailure('cuda', 'Failed to load shared library', ORT_MISSING, { found: false, evidence: 'no /proc/driver/nvidia, no nvidia-smi on PATH' });
    expect(reason).toMatch(/^no NVIDIA GPU \(no \/proc\/driver\/nvidia, no nvidia-smi on PATH\)/);
    expect(reason).not.toContain('setup cuda');
  });
});

describe('setupCuda', () => {
  it('fails with a coded error when the feed cannot be reached, and leaves the CPU install as it was', async () => {
    const binDir = path.join(resolveOrtPackageDir(), 'bin', 'napi-v6', process.platform, process.arch);
    const before = readdirSync(binDir).sort();
    const port = await closedPort();
    // onnxruntime-node's installer honours global-agent's proxy variable: a closed loopback port makes
    // the fetch fail the same way with or without a network.
    const env = { ...process.env, GLOBAL_AGENT_HTTPS_PROXY: `http://127.0.0.1:${port}`, GLOBAL_AGENT_HTTP_PROXY: `http://127.0.0.1:${port}` };
    const error = await setupCuda({ env }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'SETUP_CUDA_FAILED', exitCode: 1 });
    expect((error as Error).message).toMatch(/the package feed could not be reached \(ECONNREFUSED/);
    expect((error as Error).message).toMatch(/The CPU install is unchanged/);
    expect(readdirSync(binDir).sort()).toEqual(before);
    // and the CPU provider still runs
    const { stdout } = await run(process.execPath, ['bin/matrix.js', 'devices', '--json'], { cwd: root });
    expect(JSON.parse(stdout)[0]).toMatchObject({ device: 'cpu', available: true });
  });

  it('an installer that is not there is the same coded error, naming the path', async () => {
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'onnxruntime-node', version: '0.0.1' }));
    const error = await setupCuda({ ortDir: dir }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'SETUP_CUDA_FAILED' });
    expect((error as Error).message).toContain(path.join(dir, 'script', 'install.js'));
  });
});

describe('matrix setup and matrix --version', () => {
  it('an unknown set-up target is exit 2 with the valid values', async () => {
    const error = await run(process.execPath, ['bin/matrix.js', 'setup', 'gpu'], { cwd: root }).catch((e: { code: number; stderr: string }) => e);
    expect(error).toMatchObject({ code: 2 });
    expect((error as { stderr: string }).stderr).toMatch(/SETUP_UNKNOWN_TARGET: Unknown set-up target "gpu"; valid: cuda/);
  });

  it('--version prints the versions of model-matrix, transformers.js and onnxruntime-node, and --help lists it', async () => {
    const version = (file: string): string => (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
    const { stdout } = await run(process.execPath, ['bin/matrix.js', '--version'], { cwd: root });
    expect(stdout.trim().split('\n')).toEqual([
      `model-matrix ${version(path.join(root, 'package.json'))}`,
      `@huggingface/transformers ${version(path.join(root, 'node_modules/@huggingface/transformers/package.json'))}`,
      `onnxruntime-node ${version(path.join(resolveOrtPackageDir(), 'package.json'))}`,
    ]);
    const help = await run(process.execPath, ['bin/matrix.js', '--help'], { cwd: root });
    // commander wraps descriptions at the terminal width: compare with the whitespace folded.
    expect(help.stdout.replace(/\s+/g, ' ')).toMatch(/-V, --version print the versions of model-matrix, transformers.js and onnxruntime-node/);
    expect(help.stdout).toMatch(/setup <target>/);
  });
});
