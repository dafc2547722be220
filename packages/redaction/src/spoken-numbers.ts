import { cardinalValue } from './language.js';
import type { Token } from './tokens.js';

/**
 * Spoken digits: ASR writes "four one five five five five" or "twelve thirty four" or
 * "double five", never "4155555". Nothing finds those unless number words are normalised first,
 * so this turns runs of number words (and written digit groups) into digit strings, keeping the
 * token range each came from. Word values come from compromise; only the reading conventions
 * for spoken digit strings are written here.
 */
export interface NumberPiece {
  /** Index of the first token of the piece. */
  readonly first: number;
  /** Index of the last token of the piece (inclusive). */
  readonly last: number;
  readonly digits: string;
}

export interface NumberRun {
  readonly first: number;
  readonly last: number;
  /** The run's digits concatenated, e.g. "4155551234". */
  readonly digits: string;
  readonly pieces: readonly NumberPiece[];
  /** Said with a leading "plus" (an international phone number). */
  readonly international: boolean;
}

const ZERO_WORDS = new Set(['oh', 'o', 'nought']);
const REPEATS: Readonly<Record<string, number>> = { double: 2, triple: 3 };
/** Words people say between digit groups that carry no digit. */
const JOINERS = new Set(['dash', 'hyphen']);
const WRITTEN_DIGITS = /^\+?\d+(?:-\d+)*$/u;

function wordAt(tokens: readonly Token[], i: number): string | undefined {
  return tokens[i]?.word;
}

function plainPiece(tokens: readonly Token[], i: number): NumberPiece | null {
  const word = wordAt(tokens, i);
  if (word === undefined) return null;
  if (WRITTEN_DIGITS.test(word)) return { first: i, last: i, digits: word.replace(/[+-]/gu, '') };
  const value = cardinalValue(word);
  if (value === null) return null;
  const next = wordAt(tokens, i + 1);
  const nextValue = next === undefined ? null : cardinalValue(next);
  // "thirty four" → 34 (a spoken pair), not "304".
  if (value >= 20 && value <= 90 && value % 10 === 0 && nextValue !== null && nextValue >= 1 && nextValue <= 9) {
    return { first: i, last: i + 1, digits: String(value + nextValue) };
  }
  // "eight hundred" → 800 (as in "one eight hundred …"), "two thousand" → 2000.
  if (value >= 1 && value <= 99 && next === 'hundred') return { first: i, last: i + 1, digits: String(value * 100) };
  if (value >= 1 && value <= 99 && next === 'thousand') {
    // "two thousand three hundred" is a quantity, 2300, not the digit string "2000300".
    const rest = plainPiece(tokens, i + 2);
    if (rest !== null && !rest.digits.startsWith('0') && Number(rest.digits) < 1000) {
      return { first: i, last: rest.last, digits: String(value * 1000 + Number(rest.digits)) };
    }
    return { first: i, last: i + 1, digits: String(value * 1000) };
  }
  return { first: i, last: i, digits: String(value) };
}

function pieceAt(tokens: readonly Token[], i: number, afterNumber: boolean): NumberPiece | null {
  const word = wordAt(tokens, i);
  if (word === undefined) return null;
  const repeat = REPEATS[word];
  if (repeat !== undefined) {
    // "double oh" as well as "double five".
    const next = ZERO_WORDS.has(wordAt(tokens, i + 1) ?? '') ? { last: i + 1, digits: '0' } : plainPiece(tokens, i + 1);
    if (next !== null && next.digits.length === 1) return { first: i, last: next.last, digits: next.digits.repeat(repeat) };
    return null;
  }
  // "oh" is zero only next to other digits ("four oh five"), not in "oh no".
  if (ZERO_WORDS.has(word)) {
    if (afterNumber || pieceAt(tokens, i + 1, true) !== null) return { first: i, last: i, digits: '0' };
    return null;
  }
  return plainPiece(tokens, i);
}

export function readNumberRuns(tokens: readonly Token[]): NumberRun[] {
  const runs: NumberRun[] = [];
  let pieces: NumberPiece[] = [];
  /** Index of a spoken "plus" right before the run. */
  let plus: number | null = null;
  const flush = (): void => {
    const first = pieces[0];
    const last = pieces.at(-1);
    if (first !== undefined && last !== undefined) {
      // A written "+44" opens an international number just as a spoken "plus" does.
      const international = plus !== null || tokens[first.first]?.word.startsWith('+') === true;
      const digits = pieces.map((p) => p.digits).join('');
      runs.push({ first: plus ?? first.first, last: last.last, digits, pieces, international });
    }
    pieces = [];
    plus = null;
  };
  let i = 0;
  while (i < tokens.length) {
    const piece = pieceAt(tokens, i, pieces.length > 0);
    if (piece !== null) {
      pieces.push(piece);
      i = piece.last + 1;
      continue;
    }
    const word = wordAt(tokens, i) ?? '';
    if (pieces.length > 0 && JOINERS.has(word) && pieceAt(tokens, i + 1, true) !== null) {
      i += 1;
      continue;
    }
    flush();
    if (word === 'plus' && pieceAt(tokens, i + 1, false) !== null) plus = i;
    i += 1;
  }
  flush();
  return runs;
}

/** Index from a token to the piece that starts there, for detectors that read mixed text (IBANs, emails). */
export function piecesByFirstToken(runs: readonly NumberRun[]): Map<number, NumberPiece> {
  const map = new Map<number, NumberPiece>();
  for (const run of runs) for (const piece of run.pieces) map.set(piece.first, piece);
  return map;
}
