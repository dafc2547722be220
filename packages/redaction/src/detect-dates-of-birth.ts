import { isTaggedWord, matchSpans, type Document } from './language.js';
import type { NumberRun } from './spoken-numbers.js';
import type { Token } from './tokens.js';
import type { Detection } from './types.js';

/** Words after which a date is someone's date of birth. */
const TRIGGERS = new Set(['born', 'birth', 'birthday', 'birthdate', 'dob']);
/** How far (in tokens) after a trigger the date may start: "date of birth is the …". */
const REACH = 5;
/** Words compromise keeps at the front of a date span that are not part of the date itself. */
const LEADING_FILLERS = new Set(['on', 'the', 'in', 'at', 'of']);

function tokenIndexAt(tokens: readonly Token[], offset: number): number {
  return tokens.findIndex((t) => t.end > offset);
}

function triggerBefore(tokens: readonly Token[], index: number): boolean {
  for (let i = Math.max(0, index - REACH); i < index; i += 1) {
    if (TRIGGERS.has(tokens[i]?.word ?? '')) return true;
  }
  return false;
}

// Listed, not looked up: compromise's lexicon files "may" as a modal and has no "march" out of context.
const MONTHS = new Set([
  'january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december',
]);

/** A word that may belong to a spoken date: month names, ordinals, "of", numbers. */
function isDateWord(word: string): boolean {
  if (word === 'of' || word === 'the' || MONTHS.has(word) || /^\d+(st|nd|rd|th)?$/u.test(word)) return true;
  return isTaggedWord(word, 'Ordinal') || isTaggedWord(word, 'Cardinal');
}

/**
 * Dates of birth: a date (found by compromise-dates) shortly after "born", "birth" or
 * "birthday". compromise-dates misses bare years and numeric dates ("born in nineteen eighty
 * five", "date of birth twelve oh five nineteen eighty five"), so after a trigger with no date
 * the following run of date words and spoken numbers is taken instead.
 */
export function detectDatesOfBirth(
  tokens: readonly Token[],
  runs: readonly NumberRun[],
  doc: Document,
): Detection[] {
  // compromise-dates is the slowest part of a sentence: only ask it when a trigger was said.
  if (!tokens.some((t) => TRIGGERS.has(t.word))) return [];
  const found: Detection[] = [];
  const covered = new Set<number>();
  for (const span of matchSpans(doc.dates())) {
    let first = tokenIndexAt(tokens, span.start);
    const last = tokenIndexAt(tokens, span.end - 1);
    if (first < 0 || last < 0 || !triggerBefore(tokens, first)) continue;
    while (first < last && LEADING_FILLERS.has(tokens[first]?.word ?? '')) first += 1;
    const start = tokens[first]?.start;
    const end = tokens[last]?.end;
    if (start === undefined || end === undefined) continue;
    found.push({ kind: 'date-of-birth', start, end });
    for (let i = first - REACH; i <= last; i += 1) covered.add(i);
  }
  tokens.forEach((token, t) => {
    if (!TRIGGERS.has(token.word) || covered.has(t)) return;
    const run = runs.find((r) => r.first > t && r.first <= t + REACH);
    if (run === undefined) return;
    // Take the date words around the run: "the twelfth of may nineteen ninety".
    let first = run.first;
    while (first - 1 > t && isDateWord(tokens[first - 1]?.word ?? '') && !LEADING_FILLERS.has(tokens[first - 1]?.word ?? '')) first -= 1;
    let last = run.last;
    while (last + 1 < tokens.length && isDateWord(tokens[last + 1]?.word ?? '')) last += 1;
    while (last > first && LEADING_FILLERS.has(tokens[last]?.word ?? '')) last -= 1;
    const start = tokens[first]?.start;
    const end = tokens[last]?.end;
    if (start !== undefined && end !== undefined) found.push({ kind: 'date-of-birth', start, end });
  });
  return found;
}
