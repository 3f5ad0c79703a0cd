/** A tokenizer.json `added_tokens` entry for a special token (never split, stripped or normalized). */
export function addedToken(id: number, content: string) {
  return { id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true };
}
