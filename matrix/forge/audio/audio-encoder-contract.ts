/**
 * Audio encoders (Wav2Vec2, HuBERT, WavLM, UniSpeech(-SAT), Wav2Vec2-BERT, Parakeet CTC, AST,
 * PyAnnote, WeSpeaker): CTC speech recognition (`logits [batch, frames, vocab]` + a CTC
 * tokenizer), audio classification (`logits [batch, labels]`), frame classification
 * (`logits [batch, frames, labels]`), x-vectors (`logits`, `embeddings [batch, dim]`) and the bare
 * encoder (`last_hidden_state`). Inputs as the family's feature extractor gives them.
 */
import type { FamilyEntry, FamilyTask } from '../../../generator/types.js';
import type { ForgeContext, ForgeContract, ForgedFolder } from '../contracts/contract.js';
import { linear } from '../onnx/blocks.js';
import { GraphBuilder } from '../onnx/graph-builder.js';
import { json } from '../tokenizers/tokenizer-files.js';
import { AUDIO_FAMILIES } from './audio-families.js';
import { audioEncoder } from './audio-encoder.js';
import { ctcTokenizer } from '../tokenizers/ctc-tokenizer.js';
import { meanTokens } from '../onnx/vision-blocks.js';
import { intAt } from '../config/real-dims.js';
import { labelMaps } from '../config/label-maps.js';
import { realConfigFolder } from '../config/real-config.js';

const TASKS = ['automatic-speech-recognition', 'audio-classification', 'audio-frame-classification', 'audio-xvector', 'audio-feature-extraction'];
const NUM_LABELS = 4;
const XVECTOR_DIM = 16;

export const audioEncoderContract: ForgeContract = {
  name: 'audio-encoder',
  supports(entry: FamilyEntry, task: FamilyTask): true | string {
    if (!AUDIO_FAMILIES[entry.family]) return `no audio encoder is forged for "${entry.family}"`;
    if (!TASKS.includes(task.task)) return `task "${task.task}" is not one of ${TASKS.join(', ')}`;
    return true;
  },
  build(ctx: ForgeContext): ForgedFolder {
    const family = AUDIO_FAMILIES[ctx.entry.family]!;
    const real = ctx.realConfig;
    const spec = {
      hidden: intAt(real, 'hidden_size') ?? ctx.size.hidden,
      layers: intAt(real, 'num_hidden_layers') ?? ctx.size.layers,
      heads: intAt(real, 'num_attention_heads') ?? ctx.size.heads,
      intermediate: intAt(real, 'intermediate_size') ?? ctx.size.intermediate,
    };
    const g = new GraphBuilder({ seed: ctx.seed, name: `${ctx.entry.family}-${ctx.task.task}` });
    const hidden = audioEncoder(g, family, spec);
    const D = spec.hidden;
    const folder: ForgedFolder = {};
    let config: Record<string, unknown> = {};
    switch (ctx.task.task) {
      case 'automatic-speech-recognition': {
        const tok = ctcTokenizer();
        g.output(linear(g, hidden, 'lm_head', D, tok.vocabSize), 'logits', 'float32', ['batch_size', 'num_frames', tok.vocabSize]);
        Object.assign(folder, tok.files);
        config = { vocab_size: tok.vocabSize, pad_token_id: tok.padTokenId, ctc_loss_reduction: 'mean' };
        break;
      }
      case 'audio-classification':
        g.output(linear(g, meanTokens(g, hidden), 'classifier', D, NUM_LABELS), 'logits', 'float32', ['batch_size', NUM_LABELS]);
        config = labelMaps(NUM_LABELS);
        break;
      case 'audio-frame-classification':
        g.output(linear(g, hidden, 'classifier', D, NUM_LABELS), 'logits', 'float32', ['batch_size', 'num_frames', NUM_LABELS]);
        config = labelMaps(NUM_LABELS);
        break;
      case 'audio-xvector': {
        const embeddings = linear(g, meanTokens(g, hidden), 'feature_extractor', D, XVECTOR_DIM);
        g.output(linear(g, embeddings, 'classifier', XVECTOR_DIM, XVECTOR_DIM), 'logits', 'float32', ['batch_size', XVECTOR_DIM]);
        g.output(embeddings, 'embeddings', 'float32', ['batch_size', XVECTOR_DIM]);
        config = { xvector_output_dim: XVECTOR_DIM };
        break;
      }
      default:
        g.output(hidden, 'last_hidden_state', 'float32', ['batch_size', 'num_frames', D]);
    }
    folder['config.json'] = json({
      model_type: ctx.entry.family,
      architectures: [ctx.task.modelClass],
      hidden_size: D,
      num_hidden_layers: spec.layers,
      num_attention_heads: spec.heads,
      intermediate_size: spec.intermediate,
      ...config,
    });
    folder['preprocessor_config.json'] = json(family.preprocessor);
    folder['onnx/model.onnx'] = g.graph();
    return realConfigFolder(folder, ctx);
  },
};
