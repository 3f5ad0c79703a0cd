/**
 * MGP-STR offline decoding: the forged folder ships the character tokenizer and stand-ins for the
 * two Hub tokenizers MgpstrProcessor loads by name, so with env.localModelPath at `<folder>/hub`
 * the real processor decodes the three heads' logits into text; without it the processor fails
 * (no network), which is why the plain AutoProcessor path stays the default.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AutoModel, env, MgpstrProcessor, type Tensor } from '@huggingface/transformers';
import { autoModelForwardContract } from '../matrix/forge/other/auto-model-forward-contract.js';
import { MGP_STR_HUB_DIR } from '../matrix/forge/tokenizers/mgp-str-tokenizers.js';
import { MGP_STR } from '../matrix/forge/vision/mgp-str.js';
import { familyTask, forgeToTemp, syntheticImage, tinyContext } from './forge-media-helpers.js';

env.allowRemoteModels = false;
const defaultLocalPath = env.localModelPath;

describe('forged MGP-STR with MgpstrProcessor', () => {
  afterEach(() => {
    env.localModelPath = defaultLocalPath;
  });

  it('decodes char / BPE / WordPiece predictions into text of at most max_token_length − 1 characters', async () => {
    const { entry, task } = await familyTask('mgp-str', 'image-to-text');
    const dir = forgeToTemp(autoModelForwardContract, tinyContext(entry, task), ['fp32']);
    env.localModelPath = join(dir, MGP_STR_HUB_DIR);
    const processor = (await MgpstrProcessor.from_pretrained(dir)) as unknown as ((i: unknown) => Promise<Record<string, Tensor>>) & {
      batch_decode(l: Tensor[]): { generated_text: string[]; scores: number[]; char_preds: string[]; bpe_preds: string[]; wp_preds: string[] };
    };
    const model = (await AutoModel.from_pretrained(dir, { dtype: 'fp32', device: 'cpu' })) as unknown as (i: unknown) => Promise<Record<string, Tensor>>;
    const out = await model(await processor([syntheticImage(64, 20, 1), syntheticImage(64, 20, 2)]));
    const decoded = processor.batch_decode([out.char_logits!, out.bpe_logits!, out.wp_logits!]);
    expect(decoded.generated_text).toHaveLength(2);
    expect(decoded.scores.every((s) => s >= 0 && s <= 1)).toBe(true);
    for (const text of decoded.char_preds) expect(text.length).toBeLessThanOrEqual(MGP_STR.maxTokens - 1);
    expect(decoded.char_preds.every((t) => /^[0-9a-z]*$/.test(t))).toBe(true);
  });

  it('without the local hub folder the processor cannot find its tokenizers offline', async () => {
    const { entry, task } = await familyTask('mgp-str', 'image-to-text');
    const dir = forgeToTemp(autoModelForwardContract, tinyContext(entry, task), ['fp32']);
    env.localModelPath = join(dir, 'missing');
    await expect(MgpstrProcessor.from_pretrained(dir)).rejects.toThrow(/Xenova\/gpt2|not found|local/i);
  });
});
