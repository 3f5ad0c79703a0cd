import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lintBoundaries } from '../scripts/lint-boundaries.js';

const run = promisify(execFile);
let root: string;

async function put(file: string, text: string): Promise<void> {
  await mkdir(path.dirname(path.join(root, file)), { recursive: true });
  await writeFile(path.join(root, file), text);
}

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'lint-boundaries-'));
  await put('generated-tests/bert.test.ts', "import { describe } from 'vitest';\nimport { runFamily } from '../matrix/harness/index.js';\n");
  await put('generator/registry.ts', "import type { ArchKind } from '../matrix/harness/types.js';\nimport { MatrixError } from '../matrix/errors.js';\nimport Handlebars from 'handlebars';\n");
  await put('generator/sub/deep.ts', "import { MatrixError } from '../../matrix/errors.js';\n");
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('lint-boundaries', () => {
  it('passes a tree that keeps the boundaries', async () => {
    const { violations, filesChecked } = await lintBoundaries(root);
    expect(violations).toEqual([]);
    expect(filesChecked).toBe(3);
  });

  it('catches a generated test importing a harness internal, a dynamic import and a re-export', async () => {
    await put('generated-tests/gpt2.test.ts', "import { x } from '../matrix/harness/measure.js';\nexport * from 'node:fs';\nawait import('../matrix/store/open-store.js');\n");
    const { violations } = await lintBoundaries(root);
    expect(violations.map((v) => `${v.file} ${v.specifier}`)).toEqual([
      'generated-tests/gpt2.test.ts ../matrix/harness/measure.js',
      'generated-tests/gpt2.test.ts node:fs',
      'generated-tests/gpt2.test.ts ../matrix/store/open-store.js',
    ]);
  });

  it('catches generator/ importing a matrix internal, also a type-only import from a subfolder', async () => {
    await put('generator/sub/bad.ts', "import type { Store } from '../../matrix/store/open-store.js';\n");
    const { violations } = await lintBoundaries(root);
    expect(violations).toHaveLength(1);
    expect(violations[0]).toMatchObject({ file: 'generator/sub/bad.ts', specifier: '../../matrix/store/open-store.js' });
    expect(violations[0]!.rule).toContain('matrix/harness/types.js');
  });

  it('catches matrix/ and bench/ reaching past matrix/publish/index.ts, and lets the room import itself', async () => {
    await put('matrix/cli/commands/publish.ts', "import { uploadCells } from '../../publish/index.js';\n");
    await put('matrix/publish/upload-cells.ts', "import { configPath } from './config-path.js';\n");
    await put('matrix/server/worker.ts', "import { uploadCells } from '../publish/upload-cells.js';\n");
    await put('bench/publish.ts', "import { x } from '../matrix/publish/history-table.js';\n");
    const { violations } = await lintBoundaries(root);
    expect(violations.map((v) => `${v.file} ${v.specifier}`)).toEqual([
      'matrix/server/worker.ts ../publish/upload-cells.js',
      'bench/publish.ts ../matrix/publish/history-table.js',
    ]);
    expect(violations[0]!.rule).toBe('matrix/publish/ is entered only through matrix/publish/index.js');
  });

  it('exits 1 naming the file and the import when run as a script on another root', async () => {
    await put('generated-tests/t5.test.ts', "import fs from 'node:fs';\n");
    const error = await run(process.execPath, ['--import', 'tsx', 'scripts/lint-boundaries.ts', '--root', root]).then(
      () => null,
      (e: { code: number; stderr: string }) => e,
    );
    expect(error?.code).toBe(1);
    expect(error?.stderr).toContain('generated-tests/t5.test.ts imports "node:fs"');
  });

  it('exits 0 on the clean tree', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'scripts/lint-boundaries.ts', '--root', root]);
    expect(stdout).toContain('import boundaries hold (3 files checked)');
  });
});
