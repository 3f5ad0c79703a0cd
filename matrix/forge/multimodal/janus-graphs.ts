/**
 * The six sessions of Janus (transformers.js's MultiModalityCausalLM):
 * - `prepare_inputs_embeds`: input_ids [b,s], pixel_values [b,n,3,H,W], images_seq_mask [b,s],
 *   images_emb_mask [b,n,T] → inputs_embeds [b,s,hidden]: token embeddings, with the image
 *   features (patch conv + encoder layer + aligner MLP) scattered into the positions
 *   images_seq_mask marks, taken where images_emb_mask is true. H and W stay symbolic because
 *   continuation steps send an empty [0,0,3,384,384] pixel tensor.
 * - `language_model`: inputs_embeds, attention_mask, position_ids, KV cache → hidden_states
 *   (LLaMA-style, RoPE) + present.*; `lm_head` / `gen_head`: hidden_states → logits over text /
 *   image-code vocabularies (EOS suppressed in the text head);
 * - `gen_img_embeds`: image_ids → inputs_embeds (generation aligner);
 * - `image_decode`: generated_tokens [b, grid²] → decoded_image [b,3,grid·up,grid·up] in [-1,1].
 */
import { activation, attention, causalMaskBias, conv2d, embedding, linear, mlp, paddingMaskBias, rmsNorm, ropeTables } from '../onnx/blocks.js';
import type { ForgeGraph } from '../onnx/forge-graph.js';
import { GraphBuilder } from '../onnx/graph-builder.js';
import { encoderLayer } from '../onnx/vision-blocks.js';
import { pastKeyValueInputs } from '../onnx/past-key-value-inputs.js';
import { eosSuppressedLogits } from '../onnx/eos-suppressed-logits.js';
import type { EmbedsDecoderSpec } from '../onnx/embeds-decoder.js';

/** The language model's dimensions (as the embeds-decoder's), plus the vision and image-generation sizes. */
export interface JanusSpec extends Omit<EmbedsDecoderSpec, 'positions'> {
  patch: number;
  visionHidden: number;
  /** Image-code vocabulary of the generation head and the side of the generated code grid. */
  imageVocab: number;
  imageGrid: number;
  /** Pixels per code along each side of a decoded image. */
  upsample: number;
}

export function janusPrepareInputsEmbeds(spec: JanusSpec): ForgeGraph {
  const { hidden, visionHidden: d, patch } = spec;
  const g = new GraphBuilder({ seed: spec.seed, name: `${spec.name}-prepare_inputs_embeds` });
  const ids = g.input('input_ids', 'int64', ['batch_size', 'sequence_length']);
  const pixels = g.input('pixel_values', 'float32', ['batch_size', 'num_images', 3, 'height', 'width']);
  const seqMask = g.input('images_seq_mask', 'bool', ['batch_size', 'sequence_length']);
  const embMask = g.input('images_emb_mask', 'bool', ['batch_size', 'num_images', 'image_tokens']);
  const text = embedding(g, ids, 'language_model.model.embed_tokens', spec.vocab, hidden);
  const shape = g.op1('Shape', [pixels]);
  const frames = g.op1('Reshape', [pixels, g.op1('Concat', [g.constInt64([-1, 3]), g.op1('Slice', [shape, g.constInt64([3]), g.constInt64([5])])], { axis: 0 })]);
  // [f, d, h, w] → [f, h·w, d] with every dim computed, so the empty continuation batch reshapes too.
  const map = conv2d(g, frames, 'vision_model.patch_embed', { inChannels: 3, outChannels: d, kernel: patch, stride: patch });
  const mapShape = g.op1('Shape', [map]);
  const dim = (i: number) => g.op1('Slice', [mapShape, g.constInt64([i]), g.constInt64([i + 1])]);
  const tokensShape = g.op1('Concat', [dim(0), dim(1), g.op1('Mul', [dim(2), dim(3)])], { axis: 0 });
  let x = g.op1('Transpose', [g.op1('Reshape', [map, tokensShape])], { perm: [0, 2, 1] });
  x = encoderLayer(g, x, d, 2, d * 2, 'vision_model.blocks.0');
  x = linear(g, activation(g, linear(g, x, 'aligner.layers.0', d, hidden), 'gelu'), 'aligner.layers.2', hidden, hidden);
  // inputs_embeds[images_seq_mask] = image_features[images_emb_mask]
  const features = g.op1('Compress', [g.op1('Reshape', [x, g.constInt64([-1, hidden])]), g.op1('Reshape', [embMask, g.constInt64([-1])])], { axis: 0 });
  const flatText = g.op1('Reshape', [text, g.constInt64([-1, hidden])]);
  const positions = g.op1('Transpose', [g.op1('NonZero', [g.op1('Reshape', [seqMask, g.constInt64([-1])])])], { perm: [1, 0] });
  const merged = g.op1('ScatterND', [flatText, positions, features]);
  const out = g.op1('Reshape', [merged, g.op1('Shape', [text])]);
  g.output(out, 'inputs_embeds', 'float32', ['batch_size', 'sequence_length', hidden]);
  return g.graph();
}

export function janusLanguageModel(spec: JanusSpec): ForgeGraph {
  const { hidden, heads, kvHeads } = spec;
  const headDim = hidden / heads;
  const g = new GraphBuilder({ seed: spec.seed + 1, name: `${spec.name}-language_model` });
  let x = g.input('inputs_embeds', 'float32', ['batch_size', 'sequence_length', hidden]);
  const mask = g.input('attention_mask', 'int64', ['batch_size', 'total_sequence_length']);
  const positionIds = g.input('position_ids', 'int64', ['batch_size', 'sequence_length']);
  const past = pastKeyValueInputs(g, spec.layers, kvHeads, headDim);
  const rope = ropeTables(g, positionIds, headDim);
  const maskBiases = [paddingMaskBias(g, mask), causalMaskBias(g, x, mask)];
  const presents: [string, string][] = [];
  for (let i = 0; i < spec.layers; i++) {
    const p = `language_model.model.layers.${i}`;
    const attn = attention(g, rmsNorm(g, x, `${p}.input_layernorm`, hidden), `${p}.self_attn`, { hidden, heads, kvHeads, headDim, bias: false, maskBiases, rope, past: past[i] });
    presents.push([attn.key, `present.${i}.key`], [attn.value, `present.${i}.value`]);
    x = g.op1('Add', [x, attn.out]);
    x = g.op1('Add', [x, mlp(g, rmsNorm(g, x, `${p}.post_attention_layernorm`, hidden), `${p}.mlp`, { hidden, intermediate: spec.intermediate, activation: 'silu', gated: true })]);
  }
  g.output(rmsNorm(g, x, 'language_model.model.norm', hidden), 'hidden_states', 'float32', ['batch_size', 'sequence_length', hidden]);
  for (const [value, name] of presents) g.output(value, name, 'float32', ['batch_size', kvHeads, 'total_sequence_length', headDim]);
  return g.graph();
}

/** `lm_head` (text vocabulary, EOS suppressed) or `gen_head` (image codes): hidden_states → logits. */
export function janusHead(spec: JanusSpec, kind: 'lm_head' | 'gen_head'): ForgeGraph {
  const g = new GraphBuilder({ seed: spec.seed + (kind === 'lm_head' ? 2 : 3), name: `${spec.name}-${kind}` });
  const states = g.input('hidden_states', 'float32', ['batch_size', 'sequence_length', spec.hidden]);
  const vocab = kind === 'lm_head' ? spec.vocab : spec.imageVocab;
  let logits: string;
  if (kind === 'lm_head') {
    logits = eosSuppressedLogits(g, states, 'language_model.lm_head', spec.hidden, vocab, spec.eosTokenId);
  } else {
    logits = linear(g, activation(g, linear(g, states, 'gen_head.output_mlp_projector', spec.hidden, spec.hidden), 'gelu'), 'gen_head.vision_head', spec.hidden, vocab);
  }
  g.output(logits, 'logits', 'float32', ['batch_size', 'sequence_length', vocab]);
  return g.graph();
}

export function janusGenImgEmbeds(spec: JanusSpec): ForgeGraph {
  const g = new GraphBuilder({ seed: spec.seed + 4, name: `${spec.name}-gen_img_embeds` });
  const ids = g.input('image_ids', 'int64', ['batch_size', 'sequence_length']);
  const e = embedding(g, ids, 'gen_embed', spec.imageVocab, spec.visionHidden);
  const out = linear(g, activation(g, linear(g, e, 'gen_aligner.layers.0', spec.visionHidden, spec.hidden), 'gelu'), 'gen_aligner.layers.2', spec.hidden, spec.hidden);
  g.output(out, 'inputs_embeds', 'float32', ['batch_size', 'sequence_length', spec.hidden]);
  return g.graph();
}

export function janusImageDecode(spec: JanusSpec): ForgeGraph {
  const { imageGrid: grid, upsample: up } = spec;
  const channels = 8;
  const g = new GraphBuilder({ seed: spec.seed + 5, name: `${spec.name}-image_decode` });
  const codes = g.input('generated_tokens', 'int64', ['batch_size', grid * grid]);
  const e = embedding(g, codes, 'gen_vision_model.quantize.embedding', spec.imageVocab, channels);
  const map = g.op1('Reshape', [g.op1('Transpose', [e], { perm: [0, 2, 1] }), g.constInt64([0, channels, grid, grid])]);
  const w = g.weight('gen_vision_model.decoder.upsample.weight', [channels, 3, up, up], { std: 1 / Math.sqrt(channels) });
  const image = g.op1('Tanh', [g.op1('ConvTranspose', [map, w], { kernel_shape: [up, up], strides: [up, up] })]);
  g.output(image, 'decoded_image', 'float32', ['batch_size', 3, grid * up, grid * up]);
  return g.graph();
}
