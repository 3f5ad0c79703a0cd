import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureForged } from '../matrix/forge/ensure-forged.js';
import { entryOf } from './forge-text-helpers.js';

/** A hash over a temp "source" dir we can edit, so the test controls when the forge counts as changed. */
function sources(): { dir: string; edit: (text: string) => void } {
  const dir = mkdtempSync(join(tmpdir(), 'forge-src-'));
  const edit = (text: string) => writeFileSync(join(dir, 'fake.ts'), text);
  edit('export const v = 1;\n');
  return { dir, edit };
}

describe('ensureForged', () => {
  it('forges once, reuses while unchanged, rebuilds into a new folder after a change', async () => {
    const root = mkdtempSync(join(tmpdir(), 'forge-root-'));
    const src = sources();
    const families = [await entryOf('bert'), await entryOf('pyannote')].filter(Boolean);
    const hash = { sourceDirs: [src.dir], transformersVersion: '4.3.1' };
    const first = await ensureForged({ root, families, hash });
    expect(first.reused).toBe(false);
    expect(first.manifest.models.bert?.['fill-mask']?.dtypes).toEqual(['fp32', 'fp16', 'q8', 'q4']);
    expect(existsSync(join(first.dir, 'bert', 'fill-mask', 'onnx', 'model_q4.onnx'))).toBe(true);
    const second = await ensureForged({ root, families, hash });
    expect(second).toMatchObject({ dir: first.dir, reused: true });
    src.edit('export const v = 2;\n');
    const third = await ensureForged({ root, families, hash });
    expect(third.reused).toBe(false);
    expect(third.dir).not.toBe(first.dir);
    expect(readdirSync(root).filter((n) => n.startsWith('.tmp-'))).toEqual([]);
  });

  it('keys on the transformers.js version', async () => {
    const root = mkdtempSync(join(tmpdir(), 'forge-root-'));
    const src = sources();
    const families = [await entryOf('gpt2')];
    const a = await ensureForged({ root, families, hash: { sourceDirs: [src.dir], transformersVersion: '4.3.1' } });
    const b = await ensureForged({ root, families, hash: { sourceDirs: [src.dir], transformersVersion: '4.4.0' } });
    expect(b.dir).not.toBe(a.dir);
  });

  it('is safe for concurrent callers: one folder, both get its manifest', async () => {
    const root = mkdtempSync(join(tmpdir(), 'forge-root-'));
    const src = sources();
    const families = [await entryOf('gpt2')];
    const hash = { sourceDirs: [src.dir], transformersVersion: '4.3.1' };
    const [a, b] = await Promise.all([ensureForged({ root, families, hash }), ensureForged({ root, families, hash })]);
    expect(a.dir).toBe(b.dir);
    expect(a.manifest).toEqual(b.manifest);
    expect(readdirSync(root).filter((n) => !n.startsWith('.'))).toHaveLength(1);
  });

  it('records families it cannot forge with the reason', async () => {
    const root = mkdtempSync(join(tmpdir(), 'forge-root-'));
    const src = sources();
    // trocr is the one family no contract forges (it runs only as the decoder of vision-encoder-decoder).
    const { manifest } = await ensureForged({ root, families: [await entryOf('trocr')], hash: { sourceDirs: [src.dir], transformersVersion: 'x' } });
    expect(manifest.models.trocr).toBeUndefined();
    expect(manifest.notForged.trocr).toMatch(/vision-encoder-decoder/);
  });
});
