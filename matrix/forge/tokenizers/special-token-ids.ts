/** The ids a tokenizer's specials have, as config.json / generation_config.json state them. */
export function specialTokenIds(tok: { bosTokenId: number; eosTokenId: number; padTokenId: number }): { bos_token_id: number; eos_token_id: number; pad_token_id: number } {
  return { bos_token_id: tok.bosTokenId, eos_token_id: tok.eosTokenId, pad_token_id: tok.padTokenId };
}
