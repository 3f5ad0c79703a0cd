import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { SetupCudaFailedError } from './errors.js';
import { resolveOrtPackageDir } from './load-ort.js';

/** What `setupCuda` did. */
export interface SetupCudaResult {
  ortDir: string;
  ortVersion: string;
  /** Provider libraries now in onnxruntime-node's binary folder. */
  providerFiles: string[];
}

/** Seams: where onnxruntime-node is, and the environment its installer runs with (tests point its proxy at a closed port). */
export interface SetupCudaOptions {
  ortDir?: string;
  env?: NodeJS.ProcessEnv;
}

/** The provider files onnxruntime-node's installer adds on linux/x64 (its install-metadata.js manifest `cuda12`). */
const PROVIDER_FILES = ['libonnxruntime_providers_shared.so', 'libonnxruntime_providers_cuda.so', 'libonnxruntime_providers_tensorrt.so'];

/**
 * Fetches the CUDA 12 execution provider for the onnxruntime-node that transformers.js loads, by running
 * that package's own installer (`script/install.js`) with `ONNXRUNTIME_NODE_INSTALL=1` — the
 * download `npm ci` skips here (the project's .npmrc sets ignore-scripts). The installer resolves
 * the package feed before writing anything, so a failed fetch leaves the CPU install as it was.
 * Throws SetupCudaFailedError with the installer's own reason.
 */
export async function setupCuda(options: SetupCudaOptions = {}): Promise<SetupCudaResult> {
  const ortDir = options.ortDir ?? resolveOrtPackageDir();
  const ortVersion = (JSON.parse(readFileSync(path.join(ortDir, 'package.json'), 'utf8')) as { version: string }).version;
  const installer = path.join(ortDir, 'script', 'install.js');
  if (!existsSync(installer)) throw new SetupCudaFailedError(ortVersion, `its installer ${installer} is missing (reinstall with npm ci)`);
  // `1` = force the platform's optional files (linux/x64: the cuda12 manifest). Not `cuda12`: onnxruntime-node
  // 1.30's flag parser returns nothing for a named manifest, and inside an npm script it then exits 0
  // without fetching anything.
  const env: NodeJS.ProcessEnv = { ...(options.env ?? process.env), ONNXRUNTIME_NODE_INSTALL: '1' };
  delete env.ONNXRUNTIME_NODE_INSTALL_CUDA;
  delete env.npm_config_onnxruntime_node_install;
  const { code, output } = await runInstaller(installer, ortDir, env);
  if (code !== 0) throw new SetupCudaFailedError(ortVersion, installerReason(output, code));
  const binDir = path.join(ortDir, 'bin', 'napi-v6', process.platform, process.arch);
  return { ortDir, ortVersion, providerFiles: PROVIDER_FILES.filter((f) => existsSync(path.join(binDir, f))) };
}

function runInstaller(installer: string, cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [installer], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const take = (chunk: Buffer): void => {
      output = (output + chunk.toString('utf8')).slice(-20_000);
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('error', (error) => resolve({ code: 1, output: `${output}\n${error.message}` }));
    child.on('close', (code) => resolve({ code, output }));
  });
}

/** The installer's error in one line: the network error's code and host when there is one. */
function installerReason(output: string, code: number | null): string {
  const net = /\b(ENOTFOUND|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EAI_AGAIN|ENETUNREACH)\b[^\n]*/.exec(output);
  if (net) return `the package feed could not be reached (${net[0].trim().slice(0, 160)})`;
  const line = output.split('\n').map((l) => l.trim()).find((l) => /^Error:|Error:/.test(l));
  return line ? line.slice(0, 200) : `its installer exited with code ${code}`;
}
