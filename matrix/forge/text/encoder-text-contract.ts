/**
 * Encoder text heads (BERT-like): feature-extraction (last_hidden_state), fill-mask (logits [b,s,V]),
 * text-classification (logits [b,labels]), token-classification (logits [b,s,labels]) and
 * question-answering (start_logits / end_logits). Inputs: input_ids, attention_mask, and
 * token_type_ids where the family's exports declare it.
 *
 * Also the text-classification head of encoder-decoder families (BartForSequenceClassification,
 * MBartForSequenceClassification): transformers.js runs those as one encoder-only graph (model.onnx:
 * input_ids, attention_mask → logits), so they are forged with this graph. Simplification: BART's own
 * classifier runs its decoder too and pools the last EOS state; here the encoder's first position is pooled.
 */
import type { ForgeContext, ForgeContract } from '../contracts/contract.js';
import type { ForgedFolder } from '../contracts/forged-folder.js';
import { attention, embedding, layerNorm, linear, mlp, paddingMaskBias, ropeTables } from '../onnx/blocks.js';
import { GraphBuilder } from '../onnx/graph-builder.js';
import { json, wordPieceTokenizer } from '../tokenizers/tokenizer-files.js';
import { encoderQuirks } from './encoder-text-families.js';
import { labelMaps } from '../config/label-maps.js';
import { realConfigFolder } from '../config/real-config.js';

/** Tasks this contract forges, with the graph outputs each head produces. */
export const ENCODER_TASKS = ['feature-extraction', 'fill-mask', 'text-classification', 'token-classification', 'question-answering'] as const;
type EncoderTask = (typeof ENCODER_TASKS)[number];

const NUM_LABELS = 3;

export const encoderTextContract: ForgeContract = {
  name: 'encoder-text',
  supports(entry, task) {
    if (entry.archKind === 'encoder-decoder' && task.task === 'text-classification') return true;
    if (entry.archKind !== 'encoder-only') return `not an encoder-only family (${entry.archKind})`;
    if (!(ENCODER_TASKS as readonly string[]).includes(task.task)) return `task ${task.task} is not an encoder text head`;
    return true;
  },
  build(ctx) {
    const task = ctx.task.task as EncoderTask;
    const quirks = encoderQuirks(ctx.entry.family);
    const tok = wordPieceTokenizer(ctx.size.maxPositions);
    const vocab = ctx.size.vocab ?? tok.vocabSize;
    const { hidden, layers, heads, intermediate } = ctx.size;
    const headDim = hidden / heads;
    const g = new GraphBuilder({ seed: ctx.seed, name: `${ctx.entry.family}-${task}` });
    const ids = g.input('input_ids', 'int64', ['batch_size', 'sequence_length']);
    const mask = g.input('attention_mask', 'int64', ['batch_size', 'sequence_length']);
    const typeIds = quirks.tokenTypeIds ? g.input('token_type_ids', 'int64', ['batch_size', 'sequence_length']) : undefined;

    let x = embedding(g, ids, 'embeddings.word_embeddings', vocab, hidden);
    const seqLen = g.op1('Gather', [g.op1('Shape', [ids]), g.constInt64(1, [])], { axis: 0 });
    const positions = g.op1('Unsqueeze', [g.op1('Range', [g.constInt64(0, []), seqLen, g.constInt64(1, [])]), g.constInt64([0])]);
    if (!quirks.rope) x = g.op1('Add', [x, embedding(g, positions, 'embeddings.position_embeddings', ctx.size.maxPositions, hidden)]);
    if (typeIds) x = g.op1('Add', [x, embedding(g, typeIds, 'embeddings.token_type_embeddings', 2, hidden)]);
    x = layerNorm(g, x, 'embeddings.LayerNorm', hidden, 1e-12);
    const maskBias = paddingMaskBias(g, mask);
    const rope = quirks.rope ? ropeTables(g, positions, headDim) : undefined;
    for (let i = 0; i < layers; i++) {
      const p = `encoder.layer.${i}`;
      const attn = attention(g, x, `${p}.attention`, { hidden, heads, maskBiases: [maskBias], rope });
      x = layerNorm(g, g.op1('Add', [x, attn.out]), `${p}.attention.LayerNorm`, hidden, 1e-12);
      const ff = mlp(g, x, `${p}.mlp`, { hidden, intermediate, activation: quirks.activation });
      x = layerNorm(g, g.op1('Add', [x, ff]), `${p}.output.LayerNorm`, hidden, 1e-12);
    }
    headOutputs(g, x, task, hidden, vocab);

    const config = {
      model_type: ctx.entry.family,
      architectures: [ctx.task.modelClass],
      vocab_size: vocab,
      hidden_size: hidden,
      num_hidden_layers: layers,
      num_attention_heads: heads,
      intermediate_size: intermediate,
      max_position_embeddings: ctx.size.maxPositions,
      type_vocab_size: 2,
      pad_token_id: tok.padTokenId,
      ...(task === 'text-classification' || task === 'token-classification' ? labelMaps(NUM_LABELS) : {}),
    };
    const folder: ForgedFolder = {
      'config.json': json(config),
      ...tok.files,
      'onnx/model.onnx': g.graph(),
    };
    return realConfigFolder(folder, ctx);
  },
};

function headOutputs(g: GraphBuilder, x: string, task: EncoderTask, hidden: number, vocab: number): void {
  switch (task) {
    case 'feature-extraction':
      g.output(x, 'last_hidden_state', 'float32', ['batch_size', 'sequence_length', hidden]);
      return;
    case 'fill-mask':
      g.output(linear(g, x, 'lm_head', hidden, vocab), 'logits', 'float32', ['batch_size', 'sequence_length', vocab]);
      return;
    case 'text-classification': {
      const cls = g.op1('Gather', [x, g.constInt64(0, [])], { axis: 1 });
      const pooled = g.op1('Tanh', [linear(g, cls, 'pooler.dense', hidden, hidden)]);
      g.output(linear(g, pooled, 'classifier', hidden, NUM_LABELS), 'logits', 'float32', ['batch_size', NUM_LABELS]);
      return;
    }
    case 'token-classification':
      g.output(linear(g, x, 'classifier', hidden, NUM_LABELS), 'logits', 'float32', ['batch_size', 'sequence_length', NUM_LABELS]);
      return;
    case 'question-answering': {
      const spans = linear(g, x, 'qa_outputs', hidden, 2);
      const [start, end] = g.op('Split', [spans, g.constInt64([1, 1])], { axis: -1 }, { outputs: 2 });
      const squeeze = (t: string) => g.op1('Squeeze', [t, g.constInt64([-1])]);
      g.output(squeeze(start!), 'start_logits', 'float32', ['batch_size', 'sequence_length']);
      g.output(squeeze(end!), 'end_logits', 'float32', ['batch_size', 'sequence_length']);
      return;
    }
  }
}
