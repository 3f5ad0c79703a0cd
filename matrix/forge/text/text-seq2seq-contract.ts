/**
 * Text encoder-decoder (text2text-generation): onnx/encoder_model.onnx (input_ids, attention_mask →
 * last_hidden_state) + onnx/decoder_model_merged.onnx (input_ids, encoder_hidden_states,
 * encoder_attention_mask, past_key_values.N.decoder|encoder.key|value → logits, present.*).
 * The decoder recomputes cross-attention keys/values from encoder_hidden_states at every step, so
 * it needs no use_cache_branch (transformers.js sends it only when declared) and the cached encoder
 * entries it receives are accepted and unused. EOS is suppressed so generation runs max_new_tokens.
 *
 * The same pair of graphs serves the family's bare model (BartModel, T5Model, …: feature-extraction), which
 * transformers.js loads as an encoder-decoder too: its decoder outputs last_hidden_state instead of logits.
 */
import type { ForgeContract, ForgeContext } from '../contracts/contract.js';
import type { ForgedFolder } from '../contracts/forged-folder.js';
import { attention, causalMaskBiasFor, embedding, layerNorm, mlp, paddingMaskBias, rmsNorm } from '../onnx/blocks.js';
import { GraphBuilder } from '../onnx/graph-builder.js';
import { json, wordPieceTokenizer, type TokenizerInfo } from '../tokenizers/tokenizer-files.js';
import { realConfigFolder } from '../config/real-config.js';
import { SEQ2SEQ_FAMILIES, type Seq2SeqQuirks } from './seq2seq-families.js';
import { eosSuppressedLogits } from '../onnx/eos-suppressed-logits.js';
import { encoderDecoderDimsConfig } from '../config/encoder-decoder-dims-config.js';

export const textSeq2SeqContract: ForgeContract = {
  name: 'text-seq2seq',
  supports(entry, task) {
    if (entry.archKind !== 'encoder-decoder') return `not an encoder-decoder family (${entry.archKind})`;
    if (!SEQ2SEQ_FAMILIES[entry.family]) return `no seq2seq quirks for ${entry.family}`;
    if (task.task !== 'text2text-generation' && !(task.task === 'feature-extraction' && task.autoClass === 'AutoModel')) {
      return `task ${task.task} (${task.modelClass}) is not built by text-seq2seq (only text2text-generation and the bare model's feature-extraction)`;
    }
    return true;
  },
  build(ctx) {
    const quirks = SEQ2SEQ_FAMILIES[ctx.entry.family]!;
    const tok = wordPieceTokenizer(ctx.size.maxPositions);
    const vocab = ctx.size.vocab ?? tok.vocabSize;
    const { hidden, layers, heads, intermediate } = ctx.size;
    const headDim = hidden / heads;
    const decoderStart = tok.padTokenId;
    const config = {
      model_type: ctx.entry.family,
      architectures: [ctx.task.modelClass],
      is_encoder_decoder: true,
      vocab_size: vocab,
      d_model: hidden,
      d_kv: headDim,
      d_ff: intermediate,
      num_layers: layers,
      num_decoder_layers: layers,
      num_heads: heads,
      ...encoderDecoderDimsConfig(layers, layers, heads, intermediate),
      max_position_embeddings: ctx.size.maxPositions,
      pad_token_id: tok.padTokenId,
      eos_token_id: tok.sepTokenId,
      bos_token_id: tok.clsTokenId,
      decoder_start_token_id: decoderStart,
      forced_eos_token_id: null,
      tie_word_embeddings: false,
    };
    const generation = { decoder_start_token_id: decoderStart, eos_token_id: tok.sepTokenId, pad_token_id: tok.padTokenId, bos_token_id: tok.clsTokenId };
    const folder: ForgedFolder = {
      'config.json': json(config),
      'generation_config.json': json(generation),
      ...tok.files,
      'onnx/encoder_model.onnx': encoderGraph(ctx, quirks, vocab, headDim),
      'onnx/decoder_model_merged.onnx': decoderGraph(ctx, quirks, vocab, headDim, tok),
    };
    return realConfigFolder(folder, ctx);
  },
};

function norm(g: GraphBuilder, quirks: Seq2SeqQuirks, x: string, name: string, hidden: number): string {
  return quirks.style === 't5' ? rmsNorm(g, x, name, hidden) : layerNorm(g, x, name, hidden);
}

function encoderGraph(ctx: ForgeContext, quirks: Seq2SeqQuirks, vocab: number, headDim: number) {
  const { hidden, layers, heads, intermediate } = ctx.size;
  const g = new GraphBuilder({ seed: ctx.seed, name: `${ctx.entry.family}-encoder` });
  const ids = g.input('input_ids', 'int64', ['batch_size', 'encoder_sequence_length']);
  const mask = g.input('attention_mask', 'int64', ['batch_size', 'encoder_sequence_length']);
  let x = embedding(g, ids, 'shared', vocab, hidden);
  if (quirks.positions === 'learned') {
    const s = g.op1('Gather', [g.op1('Shape', [ids]), g.constInt64(1, [])], { axis: 0 });
    const positions = g.op1('Unsqueeze', [g.op1('Range', [g.constInt64(0, []), s, g.constInt64(1, [])]), g.constInt64([0])]);
    x = g.op1('Add', [x, embedding(g, positions, 'encoder.embed_positions', ctx.size.maxPositions, hidden)]);
  }
  const bias = paddingMaskBias(g, mask);
  for (let i = 0; i < layers; i++) {
    const p = `encoder.layers.${i}`;
    const attn = attention(g, norm(g, quirks, x, `${p}.self_attn_layer_norm`, hidden), `${p}.self_attn`, { hidden, heads, headDim, maskBiases: [bias], bias: quirks.style === 'bart' });
    x = g.op1('Add', [x, attn.out]);
    x = g.op1('Add', [x, mlp(g, norm(g, quirks, x, `${p}.final_layer_norm`, hidden), `${p}.mlp`, { hidden, intermediate, activation: quirks.style === 't5' ? 'relu' : 'gelu' })]);
  }
  g.output(norm(g, quirks, x, 'encoder.layer_norm', hidden), 'last_hidden_state', 'float32', ['batch_size', 'encoder_sequence_length', hidden]);
  return g.graph();
}

function decoderGraph(ctx: ForgeContext, quirks: Seq2SeqQuirks, vocab: number, headDim: number, tok: TokenizerInfo) {
  const { hidden, layers, heads, intermediate } = ctx.size;
  const g = new GraphBuilder({ seed: ctx.seed + 1, name: `${ctx.entry.family}-decoder` });
  const encMask = g.input('encoder_attention_mask', 'int64', ['batch_size', 'encoder_sequence_length']);
  const ids = g.input('input_ids', 'int64', ['batch_size', 'decoder_sequence_length']);
  const encoderStates = g.input('encoder_hidden_states', 'float32', ['batch_size', 'encoder_sequence_length', hidden]);
  const selfDims = ['batch_size', heads, 'past_decoder_sequence_length', headDim];
  const crossDims = ['batch_size', heads, 'encoder_sequence_length_out', headDim];
  const past = Array.from({ length: layers }, (_, i) => {
    const key = g.input(`past_key_values.${i}.decoder.key`, 'float32', selfDims);
    const value = g.input(`past_key_values.${i}.decoder.value`, 'float32', selfDims);
    g.input(`past_key_values.${i}.encoder.key`, 'float32', crossDims);
    g.input(`past_key_values.${i}.encoder.value`, 'float32', crossDims);
    return { key, value };
  });
  const s = g.op1('Gather', [g.op1('Shape', [ids]), g.constInt64(1, [])], { axis: 0 });
  const pastLength = g.op1('Gather', [g.op1('Shape', [past[0]!.key]), g.constInt64(2, [])], { axis: 0 });
  const total = g.op1('Add', [pastLength, s]);
  let x = embedding(g, ids, 'shared', vocab, hidden);
  if (quirks.positions === 'learned') {
    const positions = g.op1('Unsqueeze', [g.op1('Range', [pastLength, total, g.constInt64(1, [])]), g.constInt64([0])]);
    x = g.op1('Add', [x, embedding(g, positions, 'decoder.embed_positions', ctx.size.maxPositions, hidden)]);
  }
  const causal = causalMaskBiasFor(g, s, total);
  const crossBias = paddingMaskBias(g, encMask);
  const withBias = quirks.style === 'bart';
  const presents: Array<[string, string, (number | string)[]]> = [];
  for (let i = 0; i < layers; i++) {
    const p = `decoder.layers.${i}`;
    const self = attention(g, norm(g, quirks, x, `${p}.self_attn_layer_norm`, hidden), `${p}.self_attn`, { hidden, heads, headDim, maskBiases: [causal], bias: withBias, past: past[i] });
    x = g.op1('Add', [x, self.out]);
    const cross = attention(g, norm(g, quirks, x, `${p}.encoder_attn_layer_norm`, hidden), `${p}.encoder_attn`, { hidden, heads, headDim, maskBiases: [crossBias], bias: withBias, keyValueSource: encoderStates });
    x = g.op1('Add', [x, cross.out]);
    x = g.op1('Add', [x, mlp(g, norm(g, quirks, x, `${p}.final_layer_norm`, hidden), `${p}.mlp`, { hidden, intermediate, activation: quirks.style === 't5' ? 'relu' : 'gelu' })]);
    presents.push([self.key, `present.${i}.decoder.key`, ['batch_size', heads, 'past_decoder_sequence_length + 1', headDim]]);
    presents.push([self.value, `present.${i}.decoder.value`, ['batch_size', heads, 'past_decoder_sequence_length + 1', headDim]]);
    presents.push([cross.key, `present.${i}.encoder.key`, ['batch_size', heads, 'encoder_sequence_length_out', headDim]]);
    presents.push([cross.value, `present.${i}.encoder.value`, ['batch_size', heads, 'encoder_sequence_length_out', headDim]]);
  }
  x = norm(g, quirks, x, 'decoder.layer_norm', hidden);
  if (ctx.task.task === 'feature-extraction') {
    g.output(x, 'last_hidden_state', 'float32', ['batch_size', 'decoder_sequence_length', hidden]);
  } else {
    const logits = eosSuppressedLogits(g, x, 'lm_head', hidden, vocab, tok.sepTokenId);
    g.output(logits, 'logits', 'float32', ['batch_size', 'decoder_sequence_length', vocab]);
  }
  for (const [value, name, dims] of presents) g.output(value, name, 'float32', dims);
  return g.graph();
}
