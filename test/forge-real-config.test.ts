import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { forgeFromConfig } from '../matrix/forge/forge-from-config.js';
import { wordPieceTokenizer } from '../matrix/forge/tokenizers/tokenizer-files.js';
import { load, transformers } from './forge-text-helpers.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'forge-real-'));

describe('matrix forge --config: real dimensions, random weights', () => {
  it('builds a BERT encoder at the config dimensions, with the real tokenizer files and a note', async () => {
    const dir = tmp();
    const tokenizerDir = tmp();
    const tokenizer = wordPieceTokenizer();
    for (const [name, text] of Object.entries(tokenizer.files)) writeFileSync(join(tokenizerDir, name), text as string);
    writeFileSync(join(tokenizerDir, 'tokenizer_config.json'), JSON.stringify({ ...JSON.parse(tokenizer.files['tokenizer_config.json'] as string), model_max_length: 77 }));
    const config = { _name_or_path: 'org/bert-mini', model_type: 'bert', hidden_size: 48, num_hidden_layers: 3, num_attention_heads: 6, intermediate_size: 96, vocab_size: 200, max_position_embeddings: 64 };
    writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
    const result = await forgeFromConfig({ configPath: join(dir, 'config.json'), tokenizerDir, outDir: join(dir, 'out'), task: 'feature-extraction' });
    const model = result.models['feature-extraction']!;
    expect(model.notes).toMatch(/random weights at the dimensions of org\/bert-mini/);
    const folder = join(dir, 'out', model.path);
    const written = JSON.parse(readFileSync(join(folder, 'config.json'), 'utf8'));
    expect(written).toMatchObject({ hidden_size: 48, num_hidden_layers: 3, vocab_size: 200, model_matrix_forge: { weights: 'random', from: 'org/bert-mini' } });
    expect(JSON.parse(readFileSync(join(folder, 'tokenizer_config.json'), 'utf8')).model_max_length).toBe(77);
    const loaded = await load('AutoModel', folder);
    const tok = await transformers.AutoTokenizer.from_pretrained(folder);
    const out = await loaded(tok(['hello world']));
    expect(out.last_hidden_state.dims[2]).toBe(48);
    const embedding = loaded.sessions.model.inputNames;
    expect(embedding).toContain('token_type_ids');
  });

  it('builds a grouped-query causal LM with head_dim ≠ hidden/heads and real cache shapes', async () => {
    const dir = tmp();
    const config = { _name_or_path: 'org/gemma-mini', model_type: 'gemma', hidden_size: 64, num_hidden_layers: 2, num_attention_heads: 4, num_key_value_heads: 1, head_dim: 24, intermediate_size: 128, vocab_size: 300, max_position_embeddings: 256 };
    writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
    const result = await forgeFromConfig({ configPath: join(dir, 'config.json'), outDir: join(dir, 'out'), dtypes: ['fp32'] });
    const folder = join(dir, 'out', result.models['text-generation']!.path);
    const model = await load('AutoModelForCausalLM', folder);
    const meta = model.sessions.model.inputMetadata.find((m: { name: string }) => m.name === 'past_key_values.1.value');
    expect(meta.shape).toEqual(['batch_size', 1, 'past_sequence_length', 24]);
    const tok = await transformers.AutoTokenizer.from_pretrained(folder);
    const out = await model.generate({ ...tok(['hi']), max_new_tokens: 3, do_sample: false });
    expect(out.dims[1]).toBe(tok(['hi']).input_ids.dims[1] + 3);
    const logits = (await model(tok(['hi']))).logits;
    expect(logits.dims[2]).toBe(300);
  });
});
