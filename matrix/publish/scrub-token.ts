/**
 * Removes secrets from text before it is shown, logged or stored: the token itself and anything shaped
 * like a Hugging Face token (`hf_` + 20 or more characters), in case a server echoes one back.
 */
const TOKEN_SHAPE = /hf_[A-Za-z0-9]{20,}/g;

/** `text` with `token` (and every `hf_…` token-shaped string) replaced by `hf_***`. */
export function scrubToken(text: string, token?: string): string {
  const withoutToken = token && token.length >= 4 ? text.split(token).join('hf_***') : text;
  return withoutToken.replace(TOKEN_SHAPE, 'hf_***');
}

/** The message of any thrown value, scrubbed. */
export function scrubbedMessage(error: unknown, token?: string): string {
  return scrubToken(error instanceof Error ? error.message : String(error), token);
}
