// Issue 16 finding 8: files generated into --out DIR import the harness by the path from DIR, so the
// import resolves wherever DIR is; the default folder keeps the committed `../matrix/harness/index.js`.
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { harnessImportFrom, relocateFiles } from '../generator/check-out-dir.js';
import { REPO_ROOT } from '../generator/generate.js';
import { HARNESS_IMPORT } from '../generator/render-context.js';

const bert = { family: 'bert', templateName: 'encoder-only.hbs', fileName: 'bert.test.ts', text: readFileSync(path.join(REPO_ROOT, 'generated-tests/bert.test.ts'), 'utf8') };

/** The harness specifier a generated file imports, resolved from `outDir` to the .ts file it names. */
function resolvedHarness(text: string, outDir: string): string {
  const specifier = /import \{[^}]*\} from "([^"]+harness\/index\.js)";/.exec(text)?.[1];
  expect(specifier).toBeDefined();
  return path.resolve(outDir, specifier!).replace(/\.js$/, '.ts');
}

describe('generate --out: the harness import resolves from the folder written to', () => {
  it('outside the project (a temp folder) and deeper inside it', () => {
    for (const outDir of [path.join(tmpdir(), 'gen-out', 'x'), path.join(REPO_ROOT, 'generated-tests', 'nested'), '/']) {
      const [moved] = relocateFiles([bert], outDir, REPO_ROOT);
      const harness = resolvedHarness(moved!.text, outDir);
      expect(harness).toBe(path.join(REPO_ROOT, 'matrix/harness/index.ts'));
      expect(existsSync(harness)).toBe(true);
      expect(moved!.text.replace(/from "[^"]+harness\/index\.js"/, '')).toBe(bert.text.replace(`from "${HARNESS_IMPORT}"`, ''));
    }
  });

  it('a folder directly under the root keeps the committed import, byte for byte', () => {
    expect(harnessImportFrom(path.join(REPO_ROOT, 'generated-tests'), REPO_ROOT)).toBe(HARNESS_IMPORT);
    expect(relocateFiles([bert], path.join(REPO_ROOT, 'other-tests'), REPO_ROOT)[0]!.text).toBe(bert.text);
  });
});
