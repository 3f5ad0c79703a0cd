import { linear, MASK_NEG } from './blocks.js';
import type { GraphBuilder } from './graph-builder.js';

/**
 * An lm_head without bias plus a constant `lm_head.eos_suppression` bias that masks the EOS token,
 * so greedy generation always runs max_new_tokens: hidden states [..., hidden] → logits [..., vocab].
 */
export function eosSuppressedLogits(
  g: GraphBuilder,
  x: string,
  prefix: string,
  hidden: number,
  vocab: number,
  eosTokenId: number,
  /** Tied embeddings: the [vocab, hidden] embedding table to project with (transposed) instead of a new lm_head weight. */
  tiedTable?: string,
): string {
  const eosBias = new Float32Array(vocab);
  eosBias[eosTokenId] = MASK_NEG;
  const logits = tiedTable ? g.op1('MatMul', [x, g.op1('Transpose', [tiedTable], { perm: [1, 0] })]) : linear(g, x, prefix, hidden, vocab, false);
  return g.op1('Add', [logits, g.tensor('lm_head.eos_suppression', 'float32', [vocab], eosBias)]);
}
