import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lintBoundaries } from '../scripts/lint-boundaries.js';
import { childEnv } from './child-env.js';

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

  it('catches another room reaching past matrix/browser/index.ts, and lets the browser room import its own files', async () => {
    await put('matrix/browser/page-model.ts', "import { callRunner } from './page-session.js';\n");
    await put('matrix/harness/run-cell.ts', "import { loadInPage } from '../browser/index.js';\nimport { pageClock } from '../browser/page-session.js';\n");
    const { violations } = await lintBoundaries(root);
    expect(violations).toEqual([{ file: 'matrix/harness/run-cell.ts', specifier: '../browser/page-session.js', rule: 'matrix/browser/ is entered only through matrix/browser/index.js' }]);
  });

  it('lets matrix/ and bench/ enter matrix/server only through its index.ts, and the room reach only what it lists', async () => {
    await put('matrix/server/start-server.ts', "import { x } from './job-book.js';\nimport { y } from '../report/median.js';\n");
    await put('matrix/cli/commands/serve.ts', "await import('../../server/index.js');\n");
    await put('bench/server.ts', "import { EmbeddedQueue } from '../matrix/server/embedded-queue.js';\n");
    const { violations } = await lintBoundaries(root);
    expect(violations.map((v) => `${v.file} ${v.specifier}`).sort()).toEqual(['bench/server.ts ../matrix/server/embedded-queue.js', 'matrix/server/start-server.ts ../report/median.js']);
    expect(violations.find((v) => v.file === 'bench/server.ts')!.rule).toBe('matrix/server is entered only through matrix/server/index.js');
  });

  it('lets other rooms enter matrix/suite/ only through its index.ts', async () => {
    await put('matrix/suite/index.ts', "export { loadSuite } from './load-suite.js';\n");
    await put('matrix/suite/load-suite.ts', "import { x } from '../harness/types.js';\n");
    await put('matrix/cli/commands/run.ts', "import { loadSuite } from '../../suite/index.js';\nimport { y } from '../../suite/load-suite.js';\n");
    const { violations } = await lintBoundaries(root);
    expect(violations.map((v) => `${v.file} ${v.specifier} ${v.rule}`)).toEqual(['matrix/cli/commands/run.ts ../../suite/load-suite.js matrix/suite/ is entered only through matrix/suite/index.js']);
  });

  it('catches matrix/ and bench/ reaching past matrix/publish/index.ts, and lets the room import itself and the store door', async () => {
    await put('matrix/cli/commands/publish.ts', "import { uploadCells } from '../../publish/index.js';\n");
    await put('matrix/publish/upload-cells.ts', "import { configPath } from './config-path.js';\nimport { resultKey } from '../store/index.js';\n");
    await put('matrix/report/publish-step.ts', "import { uploadCells } from '../publish/upload-cells.js';\n");
    await put('bench/publish.ts', "import { x } from '../matrix/publish/history-table.js';\n");
    const { violations } = await lintBoundaries(root);
    expect(violations.map((v) => `${v.file} ${v.specifier}`)).toEqual([
      'matrix/report/publish-step.ts ../publish/upload-cells.js',
      'bench/publish.ts ../matrix/publish/history-table.js',
    ]);
    expect(violations[0]!.rule).toBe('matrix/publish is entered only through matrix/publish/index.js');
  });

  it('exits 1 naming the file and the import when run as a script on another root', async () => {
    await put('generated-tests/t5.test.ts', "import fs from 'node:fs';\n");
    const error = await run(process.execPath, ['--import', 'tsx', 'scripts/lint-boundaries.ts', '--root', root], { env: childEnv({ dbPath: path.join(root, 'unused.duckdb') }) }).then(
      () => null,
      (e: { code: number; stderr: string }) => e,
    );
    expect(error?.code).toBe(1);
    expect(error?.stderr).toContain('generated-tests/t5.test.ts imports "node:fs"');
  });

  it('exits 0 on the clean tree', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'scripts/lint-boundaries.ts', '--root', root], { env: childEnv({ dbPath: path.join(root, 'unused.duckdb') }) });
    expect(stdout).toContain('import boundaries hold (3 files checked)');
  });
});

// The recommend room's door (STYLE.md 14): others import matrix/recommend/index.js only, and the room
// reaches out only to the shared types, errors and the report's Mann–Whitney test and median.
describe('lint-boundaries: the recommend room', () => {
  beforeEach(async () => {
    await put('matrix/recommend/index.ts', "export { recommend } from './recommend.js';\n");
    await put('matrix/recommend/recommend.ts', "import { mannWhitneyU } from '../report/mann-whitney-u.js';\nimport type { Platform } from '../harness/types.js';\n");
    await put('matrix/report/run-report.ts', "import { recommend } from '../recommend/index.js';\n");
  });

  it('passes the door and the listed reaches', async () => {
    expect((await lintBoundaries(root)).violations).toEqual([]);
  });

  it('catches a side entrance and a reach into the store', async () => {
    await put('matrix/report/render-json.ts', "import { tieBreak } from '../recommend/choice-order.js';\n");
    await put('matrix/recommend/load.ts', "import { openStore } from '../store/open-store.js';\n");
    const { violations } = await lintBoundaries(root);
    expect(violations.map((v) => `${v.file} ${v.specifier}: ${v.rule}`)).toEqual([
      'matrix/recommend/load.ts ../store/open-store.js: matrix/recommend may import from matrix/ only matrix/errors.js, matrix/harness/types.js, matrix/report/mann-whitney-u.js, matrix/report/median.js',
      'matrix/report/render-json.ts ../recommend/choice-order.js: matrix/recommend is entered only through matrix/recommend/index.js',
    ]);
  });
});
