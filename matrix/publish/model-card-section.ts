/**
 * The model-matrix section of a model card: the text between `<!-- model-matrix:start -->` and
 * `<!-- model-matrix:end -->`. Replacing it leaves every other byte of the card (YAML front matter
 * included) as it was; a card without the markers gets the section appended after a blank line.
 */
export const SECTION_START = '<!-- model-matrix:start -->';
export const SECTION_END = '<!-- model-matrix:end -->';

/** `card` with its section's body set to `body` (markers kept, or appended). */
export function replaceSection(card: string, body: string): string {
  const block = `${SECTION_START}\n${body.trimEnd()}\n${SECTION_END}`;
  const start = card.indexOf(SECTION_START);
  const end = start < 0 ? -1 : card.indexOf(SECTION_END, start);
  if (start >= 0 && end >= 0) return card.slice(0, start) + block + card.slice(end + SECTION_END.length);
  if (card === '') return `${block}\n`;
  const separator = card.endsWith('\n\n') ? '' : card.endsWith('\n') ? '\n' : '\n\n';
  return `${card}${separator}${block}\n`;
}
