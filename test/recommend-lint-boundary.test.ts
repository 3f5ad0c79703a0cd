// The recommend room's door (STYLE.md 14): others import matrix/recommend/index.js only, and the room
// reaches out only to the shared types, errors and the report's Mann–Whitney test and median.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lintBoundaries } from '../scripts/lint-boundaries.js';

let root: string;
async function put(file: string, text: string): Promise<void> {
  await mkdir(path.dirname(path.join(root, file)), { recursive: true });
  await writeFile(path.join(root, file), text);
}
beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'lint-recommend-'));
  await put('matrix/recommend/index.ts', "export { recommend } from './recommend.js';\n");
  await put('matrix/recommend/recommend.ts', "import { mannWhitneyU } from '../report/mann-whitney-u.js';\nimport type { Platform } from '../harness/types.js';\n");
  await put('matrix/report/run-report.ts', "import { recommend } from '../recommend/index.js';\n");
});
afterEach(() => rm(root, { recursive: true, force: true }));

describe('lint-boundaries: the recommend room', () => {
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
