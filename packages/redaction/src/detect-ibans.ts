import { isValidIBAN } from 'ibantools';
import type { NumberPiece } from './spoken-numbers.js';
import type { Token } from './tokens.js';
import type { Detection } from './types.js';

const MAX_IBAN_LENGTH = 34;
const MIN_IBAN_LENGTH = 15;
/** Short letter groups inside an IBAN ("gb eighty two west one two …"): bank codes are ≤ 4 letters. */
const LETTER_GROUP = /^[a-z0-9]{1,4}$/u;

/** The country code at token i: "de89…", "de", or spelled "d e". Returns the text and the next token. */
function countryAt(tokens: readonly Token[], i: number): { text: string; next: number } | null {
  const word = tokens[i]?.word ?? '';
  if (/^[a-z]{2}\d{2}[a-z0-9]*$/u.test(word)) return { text: word, next: i + 1 };
  if (/^[a-z]{2}$/u.test(word)) return { text: word, next: i + 1 };
  const second = tokens[i + 1]?.word ?? '';
  if (/^[a-z]$/u.test(word) && /^[a-z]$/u.test(second)) return { text: word + second, next: i + 2 };
  return null;
}

/**
 * IBANs as said or written: a country code, then digit groups (number words are read through the
 * spoken-number pieces) and short letter groups. A candidate counts only if ibantools accepts its
 * mod-97 checksum, which is what lets this scan be permissive about where an IBAN starts and ends.
 */
export function detectIbans(tokens: readonly Token[], pieces: ReadonlyMap<number, NumberPiece>): Detection[] {
  const found: Detection[] = [];
  let i = 0;
  while (i < tokens.length) {
    const country = countryAt(tokens, i);
    // After the country code come two check digits: without them it is not an IBAN.
    const firstPiece = country === null ? undefined : pieces.get(country.next);
    if (country === null || (country.text.length === 2 && firstPiece === undefined)) {
      i += 1;
      continue;
    }
    let text = country.text;
    let j = country.next;
    let best: { last: number; iban: string } | null = null;
    while (j < tokens.length && text.length <= MAX_IBAN_LENGTH) {
      const piece = pieces.get(j);
      const word = tokens[j]?.word ?? '';
      if (piece !== undefined) {
        text += piece.digits;
        j = piece.last + 1;
      } else if (LETTER_GROUP.test(word)) {
        text += word;
        j += 1;
      } else break;
      const candidate = text.toUpperCase();
      if (candidate.length >= MIN_IBAN_LENGTH && isValidIBAN(candidate)) best = { last: j - 1, iban: candidate };
    }
    if (best === null && text.length >= MIN_IBAN_LENGTH && isValidIBAN(country.text.toUpperCase())) {
      best = { last: country.next - 1, iban: country.text.toUpperCase() };
    }
    const start = tokens[i]?.start;
    const end = tokens[best?.last ?? -1]?.end;
    if (best !== null && start !== undefined && end !== undefined) {
      found.push({ kind: 'iban', start, end, normalized: best.iban });
      i = best.last + 1;
    } else i += 1;
  }
  return found;
}
