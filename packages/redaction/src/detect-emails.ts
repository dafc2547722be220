import { find, test } from 'linkifyjs';
import type { NumberPiece } from './spoken-numbers.js';
import type { Token } from './tokens.js';
import type { Detection } from './types.js';

/** How a separator inside an address is said. */
const SPOKEN_SEPARATORS: Readonly<Record<string, string>> = {
  dot: '.',
  period: '.',
  point: '.',
  underscore: '_',
  dash: '-',
  hyphen: '-',
};
const AT_WORDS = new Set(['at', 'at-sign']);
const LABEL = /^[a-z0-9][a-z0-9-]*$/u;

function isLabel(word: string | undefined): word is string {
  return word !== undefined && LABEL.test(word) && !AT_WORDS.has(word) && SPOKEN_SEPARATORS[word] === undefined;
}

/** A label as written: number words become digits ("john two three" → "john23"). */
function labelText(tokens: readonly Token[], i: number, pieces: ReadonlyMap<number, NumberPiece>): string {
  const piece = pieces.get(i);
  if (piece !== undefined && piece.first === piece.last) return piece.digits;
  return tokens[i]?.word ?? '';
}

function isNumberToken(i: number, pieces: ReadonlyMap<number, NumberPiece>): boolean {
  const piece = pieces.get(i);
  return piece !== undefined && piece.first === piece.last;
}

/**
 * Spoken addresses: "john dot smith at example dot com". From each "at", read the domain forward
 * (label, then "dot label" at least once) and the local part backward (labels joined by spoken
 * separators; number words glue onto the label before them). linkifyjs decides whether the
 * result is an address (it knows the top-level domains), so "meet me at home dot" is not one.
 */
function spokenEmails(tokens: readonly Token[], pieces: ReadonlyMap<number, NumberPiece>): Detection[] {
  const found: Detection[] = [];
  tokens.forEach((token, at) => {
    if (!AT_WORDS.has(token.word)) return;
    // Domain: label (sep label)+, where every separator is "dot" (or "dash" inside a label).
    if (!isLabel(tokens[at + 1]?.word)) return;
    let domain = labelText(tokens, at + 1, pieces);
    let last = at + 1;
    while (SPOKEN_SEPARATORS[tokens[last + 1]?.word ?? ''] !== undefined && isLabel(tokens[last + 2]?.word)) {
      domain += (SPOKEN_SEPARATORS[tokens[last + 1]?.word ?? ''] ?? '') + labelText(tokens, last + 2, pieces);
      last += 2;
    }
    if (!domain.includes('.')) return;
    // Local part, backward from the word before "at".
    let first = at - 1;
    if (!isLabel(tokens[first]?.word)) return;
    let local = labelText(tokens, first, pieces);
    for (;;) {
      const separator = SPOKEN_SEPARATORS[tokens[first - 1]?.word ?? ''];
      if (separator !== undefined && isLabel(tokens[first - 2]?.word)) {
        local = labelText(tokens, first - 2, pieces) + separator + local;
        first -= 2;
      } else if (isNumberToken(first, pieces) && isLabel(tokens[first - 1]?.word)) {
        local = labelText(tokens, first - 1, pieces) + local;
        first -= 1;
      } else break;
    }
    const address = `${local}@${domain}`;
    const start = tokens[first]?.start;
    const end = tokens[last]?.end;
    if (start !== undefined && end !== undefined && test(address, 'email')) {
      found.push({ kind: 'email', start, end, normalized: address });
    }
  });
  return found;
}

/** Written addresses ("john.smith@example.com"), found by linkifyjs. */
function writtenEmails(text: string): Detection[] {
  return find(text, 'email').map((m) => ({ kind: 'email' as const, start: m.start, end: m.end, normalized: m.value.toLowerCase() }));
}

export function detectEmails(text: string, tokens: readonly Token[], pieces: ReadonlyMap<number, NumberPiece>): Detection[] {
  return [...writtenEmails(text), ...spokenEmails(tokens, pieces)];
}
