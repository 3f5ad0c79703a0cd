import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encoderTextContract } from '../matrix/forge/text/encoder-text-contract.js';
import { forgeFromConfig } from '../matrix/forge/forge-from-config.js';
import { smokeRun } from '../matrix/forge/smoke/smoke-run.js';
import { validateForgedFolder } from '../matrix/forge/validate-forged-folder.js';
import { forgeText, taskOf } from './forge-text-helpers.js';

async function forgedBert(): Promise<string> {
  return forgeText(encoderTextContract, 'bert', 'fill-mask');
}

describe('forge validation of bad model folders', () => {
  it('accepts a good forged folder', async () => {
    expect(validateForgedFolder(await forgedBert()).model_type).toBe('bert');
  });

  it('a truncated ONNX file is FORGE_CORRUPT_MODEL', async () => {
    const dir = await forgedBert();
    const path = join(dir, 'onnx', 'model.onnx');
    writeFileSync(path, readFileSync(path).subarray(0, 200));
    expect(() => validateForgedFolder(dir)).toThrow(expect.objectContaining({ code: 'FORGE_CORRUPT_MODEL' }));
  });

  it('a corrupt (non-ONNX) file is FORGE_CORRUPT_MODEL, and the smoke run fails with FORGE_SMOKE_FAILED', async () => {
    const dir = await forgedBert();
    writeFileSync(join(dir, 'onnx', 'model.onnx'), 'this is not a model');
    expect(() => validateForgedFolder(dir)).toThrow(expect.objectContaining({ code: 'FORGE_CORRUPT_MODEL' }));
    const { task } = await taskOf('bert', 'fill-mask');
    await expect(smokeRun('bert', task, dir)).rejects.toMatchObject({ code: 'FORGE_SMOKE_FAILED' });
  });

  it('a missing tokenizer is FORGE_MISSING_TOKENIZER naming the file', async () => {
    const dir = await forgedBert();
    rmSync(join(dir, 'tokenizer.json'));
    expect(() => validateForgedFolder(dir)).toThrow(/tokenizer\.json/);
    expect(() => validateForgedFolder(dir)).toThrow(expect.objectContaining({ code: 'FORGE_MISSING_TOKENIZER' }));
  });

  it('a config without model_type is FORGE_BAD_CONFIG', async () => {
    const dir = await forgedBert();
    const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
    delete config.model_type;
    writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
    expect(() => validateForgedFolder(dir)).toThrow(expect.objectContaining({ code: 'FORGE_BAD_CONFIG' }));
  });
});

describe('forge --config bad input', () => {
  const tmp = () => mkdtempSync(join(tmpdir(), 'forge-cfg-'));

  it('rejects a config without model_type, invalid JSON, and an unknown family with coded errors', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'a.json'), '{"hidden_size": 8}');
    writeFileSync(join(dir, 'b.json'), '{not json');
    writeFileSync(join(dir, 'c.json'), '{"model_type": "bertt", "hidden_size": 8}');
    await expect(forgeFromConfig({ configPath: join(dir, 'a.json'), outDir: dir })).rejects.toMatchObject({ code: 'FORGE_BAD_CONFIG' });
    await expect(forgeFromConfig({ configPath: join(dir, 'b.json'), outDir: dir })).rejects.toMatchObject({ code: 'FORGE_BAD_CONFIG' });
    await expect(forgeFromConfig({ configPath: join(dir, 'c.json'), outDir: dir })).rejects.toThrow(/Did you mean "bert"/);
  });

  it('names the missing dimension key and a tokenizer dir without tokenizer.json', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'cfg.json'), JSON.stringify({ model_type: 'bert', hidden_size: 48, num_attention_heads: 4, vocab_size: 100 }));
    await expect(forgeFromConfig({ configPath: join(dir, 'cfg.json'), outDir: dir })).rejects.toThrow(/layer count \(looked for num_hidden_layers/);
    writeFileSync(join(dir, 'cfg.json'), JSON.stringify({ model_type: 'bert', hidden_size: 48, num_attention_heads: 4, num_hidden_layers: 1, vocab_size: 100 }));
    const tokDir = tmp();
    copyFileSync(join(dir, 'cfg.json'), join(tokDir, 'tokenizer_config.json'));
    await expect(forgeFromConfig({ configPath: join(dir, 'cfg.json'), tokenizerDir: tokDir, outDir: dir })).rejects.toMatchObject({ code: 'FORGE_MISSING_TOKENIZER' });
  });
});
