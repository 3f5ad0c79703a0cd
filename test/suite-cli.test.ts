// The suite commands through the real CLI in a child process: `matrix suite check` exits 2 naming each
// bad path; `matrix bench <folder>` measures a bare BERT folder and stores it; `matrix report --by batch` pivots it.
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forgeInto, removeDir } from './harness-fixtures.js';

const BIN = resolve(import.meta.dirname, '../bin/matrix.js');
let dir = '';
let forged = '';

/** The child's environment: no MATRIX_* of the parent, its own database in the temp folder. */
function childEnv(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('MATRIX_')));
  return { ...env, MATRIX_DB: join(dir, 'state', 'matrix.duckdb'), NO_COLOR: '1' };
}

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [BIN, ...args], { cwd: process.cwd(), env: childEnv() });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'suite-cli-'));
  forged = await forgeInto(['bert']);
});
afterAll(() => {
  removeDir(dir);
  removeDir(forged);
});

describe('matrix suite check', () => {
  it('passes the predefined suites', async () => {
    const result = await cli('suite', 'check', 'smoke', 'generation');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^ok .*smoke\.yaml \(smoke: mode test, 7 model entries\)\nok .*generation\.yaml/);
  });

  it('exits 2 naming each bad path and its valid values', async () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'mode: bench\nmodels:\n  - family: bert\n    dtypes: [q5]\n  - path: /x\n    batch: 2\ndevices: [gpu]\n');
    const result = await cli('suite', 'check', file);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('matrix: SUITE_INVALID: ');
    expect(result.stderr).toContain('models[0].dtypes[0]: "q5" is not one of fp32, fp16, q8, q4');
    expect(result.stderr).toContain('models[1].batch: unknown key; valid keys: family, id, path, forge');
    expect(result.stderr).toContain('devices[0]: "gpu" is not one of cpu, cuda, webgpu, dml, coreml');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('matrix bench <folder>', () => {
  it('measures a bare BertModel folder for feature-extraction only, stores it, and pivots by batch', async () => {
    const folder = join(dir, 'minilm');
    cpSync(join(forged, 'bert', 'feature-extraction'), folder, { recursive: true });
    const config = join(folder, 'config.json');
    writeFileSync(config, JSON.stringify({ ...JSON.parse(readFileSync(config, 'utf8')), architectures: ['BertModel'] }));
    const bench = await cli('bench', folder, '--devices', 'cpu', '--dtypes', 'fp32,q8', '--batch-sizes', '1,2', '--profile', 'quick');
    expect(bench.stderr).toBe('');
    expect(bench.code).toBe(0);
    expect(bench.stdout).toMatch(/bench bench: 4 cells \(4 pass\)/);
    expect(bench.stdout).not.toMatch(/fill-mask|text-classification|fail/);
    const pivot = await cli('report', '--by', 'batch');
    expect(pivot.code).toBe(0);
    expect(pivot.stdout).toMatch(/throughput by batch · profile quick/);
    expect(pivot.stdout).toMatch(/feature-extraction\s+local\/minilm\s+cpu\s+fp32\s.*\/s \(.*ms\)\s+.*\/s \(.*ms\)/);
  });

  it('exits 2 for a suite flag with a bad value', async () => {
    const result = await cli('bench', 'bert', '--batch-sizes', '0');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('batchSizes[0]: 0 is below the minimum 1');
  });
});
