import { describe, expect, it } from 'vitest';
import { corpusWordErrorRate, normaliseWords, wordErrorRate } from '../word-error-rate.js';

describe('wordErrorRate', () => {
  it('is zero for identical text, ignoring case and punctuation', () => {
    expect(wordErrorRate('The quick, brown fox!', 'the quick brown fox').wer).toBe(0);
  });

  it('counts a substitution', () => {
    const r = wordErrorRate('the quick brown fox jumps', 'the quick brown fox jumped');
    expect(r).toMatchObject({ substitutions: 1, deletions: 0, insertions: 0, referenceWords: 5 });
    expect(r.wer).toBeCloseTo(0.2);
  });

  it('counts deletions and insertions separately', () => {
    expect(wordErrorRate('a b c d', 'a c d')).toMatchObject({ deletions: 1, insertions: 0, substitutions: 0 });
    expect(wordErrorRate('a b c', 'a b x c')).toMatchObject({ insertions: 1, deletions: 0, substitutions: 0 });
  });

  it('takes the minimum edit path (Levenshtein over words)', () => {
    // "it is too cold" → "it is to build": two substitutions, not a deletion plus insertions.
    const r = wordErrorRate('it is too cold to go swimming', 'it is to build to go swimming');
    expect(r.substitutions + r.deletions + r.insertions).toBe(2);
    expect(r.wer).toBeCloseTo(2 / 7);
  });

  it('can exceed 1 when the hypothesis inserts many words', () => {
    expect(wordErrorRate('yes', 'no no no').wer).toBe(3);
  });

  it('handles empty sides', () => {
    expect(wordErrorRate('', '').wer).toBe(0);
    expect(wordErrorRate('', 'hello').wer).toBe(Infinity);
    expect(wordErrorRate('hello world', '')).toMatchObject({ deletions: 2, wer: 1 });
  });

  it('keeps apostrophes inside words', () => {
    expect(normaliseWords("Don't stop — it's fine.")).toEqual(["don't", 'stop', "it's", 'fine']);
  });
});

describe('corpusWordErrorRate', () => {
  it('sums errors over all words instead of averaging per sentence', () => {
    const r = corpusWordErrorRate([
      { reference: 'a b', hypothesis: 'a x' }, // 1 error / 2 words
      { reference: 'c d e f g h i j', hypothesis: 'c d e f g h i j' }, // 0 / 8
    ]);
    expect(r.referenceWords).toBe(10);
    expect(r.wer).toBeCloseTo(0.1); // the mean of per-sentence rates would be 0.25
  });
});
