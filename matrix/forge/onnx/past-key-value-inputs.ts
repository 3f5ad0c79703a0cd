import type { GraphBuilder } from './graph-builder.js';

/** The decoder's KV-cache inputs `past_key_values.N.key|value` [batch_size, kvHeads, past_sequence_length, headDim], one pair per layer. */
export function pastKeyValueInputs(g: GraphBuilder, layers: number, kvHeads: number, headDim: number): { key: string; value: string }[] {
  const kvDims = ['batch_size', kvHeads, 'past_sequence_length', headDim];
  return Array.from({ length: layers }, (_, i) => ({
    key: g.input(`past_key_values.${i}.key`, 'float32', kvDims),
    value: g.input(`past_key_values.${i}.value`, 'float32', kvDims),
  }));
}
