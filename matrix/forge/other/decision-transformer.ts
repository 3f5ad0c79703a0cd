/**
 * Decision Transformer: states [batch_size, seq, state_dim], actions [batch_size, seq, act_dim],
 * returns_to_go [batch_size, seq, 1], timesteps [batch_size, seq] int64, attention_mask
 * [batch_size, seq] → embeds each modality (+ timestep embedding), interleaves (R, s, a) per
 * step, one causal GPT layer → `state_preds`, `action_preds` (tanh), `return_preds`.
 */
import type { ForgedFolder } from '../contracts/forged-folder.js';
import { attention, causalMaskBias, embedding, layerNorm, linear, mlp, paddingMaskBias } from '../onnx/blocks.js';
import { GraphBuilder } from '../onnx/graph-builder.js';
import { json } from '../tokenizers/tokenizer-files.js';

export const DECISION = Object.freeze({ stateDim: 4, actDim: 2, hidden: 16, maxEpLen: 64 });

export function decisionTransformerFolder(o: { seed: number; name: string; architecture: string }): ForgedFolder {
  const { stateDim, actDim, hidden, maxEpLen } = DECISION;
  const g = new GraphBuilder({ seed: o.seed, name: o.name });
  const states = g.input('states', 'float32', ['batch_size', 'sequence_length', stateDim]);
  const actions = g.input('actions', 'float32', ['batch_size', 'sequence_length', actDim]);
  const returns = g.input('returns_to_go', 'float32', ['batch_size', 'sequence_length', 1]);
  const timesteps = g.input('timesteps', 'int64', ['batch_size', 'sequence_length']);
  const mask = g.input('attention_mask', 'int64', ['batch_size', 'sequence_length']);
  const time = embedding(g, timesteps, 'embed_timestep', maxEpLen, hidden);
  const r = g.op1('Add', [linear(g, returns, 'embed_return', 1, hidden), time]);
  const s = g.op1('Add', [linear(g, states, 'embed_state', stateDim, hidden), time]);
  const a = g.op1('Add', [linear(g, actions, 'embed_action', actDim, hidden), time]);
  // [b,s,3,h] → [b,3s,h]: R_1 s_1 a_1 R_2 …
  const unsq = (x: string) => g.op1('Unsqueeze', [x, g.constInt64([2])]);
  let x = g.op1('Reshape', [g.op1('Concat', [unsq(r), unsq(s), unsq(a)], { axis: 2 }), g.constInt64([0, -1, hidden])]);
  x = layerNorm(g, x, 'embed_ln', hidden);
  const stackedMask = g.op1('Reshape', [g.op1('Concat', [unsq(mask), unsq(mask), unsq(mask)], { axis: 2 }), g.constInt64([0, -1])]);
  const biases = [paddingMaskBias(g, stackedMask), causalMaskBias(g, x, stackedMask)];
  const attn = attention(g, layerNorm(g, x, 'encoder.h.0.ln_1', hidden), 'encoder.h.0.attn', { hidden, heads: 2, maskBiases: biases });
  x = g.op1('Add', [x, attn.out]);
  x = g.op1('Add', [x, mlp(g, layerNorm(g, x, 'encoder.h.0.ln_2', hidden), 'encoder.h.0.mlp', { hidden, intermediate: hidden * 4, activation: 'gelu' })]);
  x = layerNorm(g, x, 'encoder.ln_f', hidden);
  // back to [b,s,3,h]; token 0 = return, 1 = state, 2 = action
  const steps = g.op1('Reshape', [x, g.constInt64([0, -1, 3, hidden])]);
  const token = (i: number) => g.op1('Gather', [steps, g.constInt64(i, [])], { axis: 2 });
  g.output(linear(g, token(2), 'predict_state', hidden, stateDim), 'state_preds', 'float32', ['batch_size', 'sequence_length', stateDim]);
  g.output(g.op1('Tanh', [linear(g, token(1), 'predict_action', hidden, actDim)]), 'action_preds', 'float32', ['batch_size', 'sequence_length', actDim]);
  g.output(linear(g, token(2), 'predict_return', hidden, 1), 'return_preds', 'float32', ['batch_size', 'sequence_length', 1]);
  const config = {
    model_type: 'decision_transformer',
    architectures: [o.architecture],
    state_dim: stateDim,
    act_dim: actDim,
    hidden_size: hidden,
    max_ep_len: maxEpLen,
    n_layer: 1,
    n_head: 2,
    action_tanh: true,
  };
  return { 'config.json': json(config), 'onnx/model.onnx': g.graph() };
}
