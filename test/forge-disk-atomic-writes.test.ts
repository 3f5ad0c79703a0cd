/**
 * Atomic forge writes (disk/write-folder-atomically.ts): a forge killed with SIGKILL midway, or one that
 * fails, leaves no folder at the model's path (so nothing can load a partial model), and the next write
 * removes what the killed process left behind.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFolderAtomically } from '../matrix/forge/disk/write-folder-atomically.js';
import { writeForgedFolder } from '../matrix/forge/disk/write-forged-folder.js';
import { GraphBuilder } from '../matrix/forge/onnx/graph-builder.js';
import { validateForgedFolder } from '../matrix/forge/validate-forged-folder.js';

const ROOT = resolve(import.meta.dirname, '..');

/** A child that forges a ~100 MB model with external data into `<dir>/model` in every dtype. */
function childScript(dir: string): string {
  return `
import { writeForgedFolder } from ${JSON.stringify(join(ROOT, 'matrix/forge/disk/write-forged-folder.ts'))};
import { GraphBuilder } from ${JSON.stringify(join(ROOT, 'matrix/forge/onnx/graph-builder.ts'))};
const g = new GraphBuilder({ seed: 1, name: 'big' });
let y = g.input('x', 'float32', ['batch_size', 2048]);
for (let i = 0; i < 6; i++) y = g.op1('MatMul', [y, g.weight('w' + i, [2048, 2048])]);
g.output(y, 'y', 'float32', ['batch_size', 2048]);
writeForgedFolder(${JSON.stringify(join(dir, 'model'))}, { 'config.json': '{"model_type":"big"}\\n', 'onnx/model.onnx': g.graph() }, ['fp32', 'fp16', 'q8', 'q4'], { externalDataMinBytes: 0 });
`;
}

function childEnv(dir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, MATRIX_DB: join(dir, 'matrix.duckdb') };
  for (const key of ['MATRIX_CELL_JOURNAL', 'MATRIX_RUN_ID', 'MATRIX_MODELS']) delete env[key];
  return env;
}

describe('atomic forge writes', () => {
  it('a forge killed with SIGKILL midway leaves no model folder; the next write sweeps its partial copy', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'forge-kill-'));
    const script = join(dir, 'child.ts');
    writeFileSync(script, childScript(dir));
    const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: ROOT, env: childEnv(dir), stdio: 'ignore' });
    const exited = new Promise<{ code: number | null; signal: string | null }>((done) => child.on('exit', (code, signal) => done({ code, signal })));
    // Kill once the partial folder holds some ONNX bytes: the child is midway through writing.
    const deadline = Date.now() + 120_000;
    let partial: string | undefined;
    while (Date.now() < deadline) {
      partial = readdirSync(dir).find((e) => e.startsWith('.model.partial-'));
      if (partial && existsSync(join(dir, partial, 'onnx', 'model.onnx_data'))) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(partial, 'the child started writing').toBeDefined();
    child.kill('SIGKILL');
    expect((await exited).signal).toBe('SIGKILL');

    expect(existsSync(join(dir, 'model'))).toBe(false);
    expect(readdirSync(dir).filter((e) => e.startsWith('.model.partial-'))).toHaveLength(1);

    const g = new GraphBuilder({ seed: 2 });
    g.output(g.op1('Identity', [g.input('x', 'float32', [1])]), 'y', 'float32', [1]);
    writeForgedFolder(join(dir, 'model'), { 'config.json': '{"model_type":"small"}\n', 'onnx/model.onnx': g.graph() }, ['fp32']);
    expect(readdirSync(dir).sort()).toEqual(['child.ts', 'model']);
    expect(validateForgedFolder(join(dir, 'model')).model_type).toBe('small');
  }, 180_000);

  it('a failed write leaves neither the folder nor a partial copy, and keeps the previous complete folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'forge-fail-'));
    const target = join(dir, 'model');
    expect(() =>
      writeFolderAtomically(target, (tmp) => {
        writeFileSync(join(tmp, 'config.json'), '{}');
        throw new Error('disk full');
      }),
    ).toThrow('disk full');
    expect(readdirSync(dir)).toEqual([]);

    writeFolderAtomically(target, (tmp) => writeFileSync(join(tmp, 'config.json'), '{"v":1}'));
    expect(() =>
      writeFolderAtomically(target, (tmp) => {
        mkdirSync(join(tmp, 'onnx'));
        throw new Error('interrupted');
      }),
    ).toThrow('interrupted');
    expect(readdirSync(dir)).toEqual(['model']);
    expect(readdirSync(target)).toEqual(['config.json']);
  });
});
