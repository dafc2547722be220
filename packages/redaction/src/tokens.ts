/**
 * ASR text is a run of words separated by spaces. Detectors work on tokens but report character
 * spans of the original text, so the placeholder replaces exactly what was said.
 */
export interface Token {
  /** The word with surrounding punctuation removed, lower-cased (what detectors compare). */
  readonly word: string;
  /** Offset of the token in the original text (inclusive). */
  readonly start: number;
  /** Offset just past the token in the original text. */
  readonly end: number;
}

// Trim only punctuation ASR engines may still emit (commas, full stops, quotes); keep @ . _ - inside.
const EDGE_PUNCTUATION = /^[\s"'“”‘’(),;:!?]+|[\s"'“”‘’(),;:!?.]+$/gu;

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const match of text.matchAll(/\S+/gu)) {
    const word = match[0].replace(EDGE_PUNCTUATION, '').toLowerCase();
    if (word === '') continue;
    tokens.push({ word, start: match.index, end: match.index + match[0].length });
  }
  return tokens;
}
