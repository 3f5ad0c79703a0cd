/**
 * A BART-style encoder-decoder's layer / head / FFN sizes under the config keys transformers.js
 * reads (encoder_layers … decoder_ffn_dim), in that key order; both stacks share heads and FFN width.
 */
export function encoderDecoderDimsConfig(encoderLayers: number, decoderLayers: number, heads: number, intermediate: number) {
  return {
    encoder_layers: encoderLayers,
    decoder_layers: decoderLayers,
    encoder_attention_heads: heads,
    decoder_attention_heads: heads,
    encoder_ffn_dim: intermediate,
    decoder_ffn_dim: intermediate,
  };
}
