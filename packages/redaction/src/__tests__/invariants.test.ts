import { describe, expect, it } from 'vitest';
import { redactTranscript, restoreTranscript } from '../index.js';

/** A small seeded generator (mulberry32), so a failure reproduces. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Words that trip the detectors: number words, "oh", "double", "at", "dot", names, places,
// country codes, "born", and plain filler.
const VOCABULARY = (
  'one two three four five six seven eight nine zero oh double triple twenty thirty hundred thousand plus dash ' +
  'at dot underscore com org gmail example john maria smith garcia london paris google microsoft ' +
  'de gb es in is it to my the a born birth of may june third nineteen eighty ' +
  'card number phone call email pin code 4111 1111 415 555 1234 de89 3704 and please tomorrow'
).split(' ');

describe('redaction invariants on random word sequences', () => {
  it('never throws, numbers placeholders in order, and restores exactly what was said', () => {
    const next = random(7);
    let placeholders = 0;
    for (let n = 0; n < 400; n += 1) {
      const length = 1 + Math.floor(next() * 25);
      const said = Array.from({ length }, () => VOCABULARY[Math.floor(next() * VOCABULARY.length)]).join(' ');
      const redacted = redactTranscript(said);
      const entries = Object.entries(redacted.placeholders);
      placeholders += entries.length;
      // Placeholders are numbered 1..n in order, each used at least once.
      entries.forEach(([key], i) => {
        expect(key).toBe(`⟦${i + 1}⟧`);
        expect(redacted.text).toContain(key);
      });
      expect(restoreTranscript(redacted.text, redacted.placeholders)).toEqual({ text: said, missing: [] });
    }
    console.log(`400 random sentences, ${placeholders} placeholders, all restored exactly`);
    expect(placeholders).toBeGreaterThan(100);
  });
});
