/**
 * matrix/forge's layout (matrix/forge/README.md): folders named for what they hold, one base name per
 * file, and the import rule between shared and modality folders (scripts/forge-layout-rule.ts).
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { forgeLayoutViolation } from '../scripts/forge-layout-rule.js';

const FORGE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'matrix', 'forge');
const entries = readdirSync(FORGE, { withFileTypes: true, recursive: true });

describe('matrix/forge layout', () => {
  it('has no folder named more, misc, utils or helpers, and only entry points at the top', () => {
    const folders = entries.filter((e) => e.isDirectory()).map((e) => e.name);
    expect(folders.filter((f) => ['more', 'misc', 'utils', 'helpers'].includes(f))).toEqual([]);
    const top = entries.filter((e) => e.isFile() && e.parentPath === FORGE).map((e) => e.name).sort();
    expect(top).toEqual([
      'README.md',
      'ensure-forged.ts',
      'errors.ts',
      'forge-all.ts',
      'forge-coverage.ts',
      'forge-family.ts',
      'forge-from-config.ts',
      'forge-hash.ts',
      'validate-forged-folder.ts',
    ]);
  });

  it('has no two files with the same base name (index.ts aside)', () => {
    const names = entries.filter((e) => e.isFile() && e.name.endsWith('.ts') && e.name !== 'index.ts').map((e) => e.name);
    const repeated = names.filter((n, i) => names.indexOf(n) !== i);
    expect(repeated).toEqual([]);
  });

  it('lets shared folders import only shared folders, and modalities only themselves and shared folders', () => {
    expect(forgeLayoutViolation('onnx/blocks.ts', 'onnx/graph-builder.ts')).toBeNull();
    expect(forgeLayoutViolation('text/causal-lm-contract.ts', 'tokenizers/tokenizer-files.ts')).toBeNull();
    expect(forgeLayoutViolation('multimodal/dual-towers.ts', 'vision/image-backbone.ts')).toBeNull();
    expect(forgeLayoutViolation('other/auto-model-families.ts', 'audio/hifigan.ts')).toBeNull();
    expect(forgeLayoutViolation('contracts/index.ts', 'text/causal-lm-contract.ts')).toBeNull();
    expect(forgeLayoutViolation('forge-family.ts', 'contracts/index.ts')).toBeNull();
    expect(forgeLayoutViolation('config/size-from-config.ts', 'errors.ts')).toBeNull();

    expect(forgeLayoutViolation('config/tower-spec.ts', 'multimodal/dual-towers.ts')?.rule).toMatch(/config\/ is shared/);
    expect(forgeLayoutViolation('text/x.ts', 'vision/image-backbone.ts')?.rule).toMatch(/text\/ imports only its own folder/);
    expect(forgeLayoutViolation('audio/x.ts', 'multimodal/embeds.ts')?.rule).toMatch(/shared folder/);
    expect(forgeLayoutViolation('vision/x.ts', 'contracts/index.ts')).not.toBeNull();
    expect(forgeLayoutViolation('vision/x.ts', 'forge-family.ts')).not.toBeNull();
  });
});
