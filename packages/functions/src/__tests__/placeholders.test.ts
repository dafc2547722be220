import { describe, expect, test } from 'vitest';
import { punctuateTranscript } from '@tandem/punctuate';
import { ENTITY_KINDS, formatPlaceholder, isPlaceholder, redactTranscript, type EntityKind } from '@tandem/redaction';
import { openBody, parseWith, punctuateInput, translateInput, type StandardSchemaV1 } from '@tandem/wire';

/** What the function's gates do with a body: take the label off, then the route's schema. */
function accepts(schema: StandardSchemaV1, body: unknown): boolean {
  const opened = openBody(body);
  return opened?.label === 'sanitized' && parseWith(schema, opened.input).ok;
}

/**
 * The placeholder contract between the device and the function: the request schema accepts
 * exactly @tandem/redaction's `⟦n⟧` and nothing else, and @tandem/punctuate (which the function
 * runs on that text) hands every such placeholder back byte-for-byte, whatever stands next to it.
 */

/** mulberry32, so a failing case replays from its seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Every bracketed run in order, so a changed, lost, added or re-spaced placeholder all show. */
function bracketed(text: string): string[] {
  return text.match(/⟦[^⟧]*⟧/gu) ?? [];
}

function punctuateBody(placeholders: unknown[]): unknown {
  return { text: 'hello world', redaction: { version: 1, placeholders }, label: 'sanitized' };
}

describe('the request schema accepts only the redactor\'s placeholder shape', () => {
  test('ordinary words, near-misses and padded forms are refused; ⟦1⟧…⟦9999⟧ are accepted', () => {
    const refused = [
      'hello', 'i', 'monday', 'good', 'I', 'PERSON_1', '⟦P1⟧', '⟦L1⟧', '⟦0⟧', '⟦01⟧', '⟦ 1 ⟧', '⟦1 ⟧', '⟦10000⟧',
      '⟦⟧', '⟦1', '1⟧', '[1]', '⟦١⟧', '⟦1⟧⟦2⟧', ' ⟦1⟧', '⟦1⟧.', '⟦-1⟧', '⟦1.5⟧', '⟦１⟧', '', '⟦1⟧\n',
    ];
    for (const p of refused) {
      expect(isPlaceholder(p), p).toBe(false);
      const parsed = accepts(punctuateInput, punctuateBody([p]));
      expect(parsed, `punctuate accepted ${JSON.stringify(p)}`).toBe(false);
      const translate = accepts(translateInput, { ...(punctuateBody([p]) as object), source: 'eng', target: 'spa' });
      expect(translate, `translate accepted ${JSON.stringify(p)}`).toBe(false);
    }
    for (const n of [1, 2, 9, 10, 42, 99, 100, 256, 999, 1000, 9999]) {
      expect(accepts(punctuateInput, punctuateBody([formatPlaceholder(n)])), formatPlaceholder(n)).toBe(true);
    }
    expect(accepts(punctuateInput, punctuateBody([1]))).toBe(false);
    expect(accepts(punctuateInput, punctuateBody([null]))).toBe(false);
  });
});

/** One transcript per kind the redactor knows; the test checks each really yields that kind. */
const SAID: Record<EntityKind, string> = {
  person: 'my name is john smith',
  place: 'i live in barcelona',
  organization: 'i work for microsoft',
  email: 'write to john dot smith at example dot com',
  phone: 'call me on four one five five five five one two three four',
  card: 'my card is four one one one one one one one one one one one one one one one',
  iban: 'send it to de eight nine three seven zero four zero zero four four zero five three two zero one three zero zero zero',
  'date-of-birth': 'i was born on the third of march nineteen eighty five',
  digits: 'my pin is one two three four',
};

describe('punctuation keeps placeholders byte-for-byte', () => {
  test('in real redactor output for every entity kind', () => {
    const seen = new Set<string>();
    for (const kind of ENTITY_KINDS) {
      const redacted = redactTranscript(SAID[kind]);
      for (const entry of Object.values(redacted.placeholders)) seen.add(entry.kind);
      const keys = Object.keys(redacted.placeholders);
      expect(keys.length, kind).toBeGreaterThan(0);
      for (const key of keys) expect(isPlaceholder(key), key).toBe(true);
      const { text } = punctuateTranscript(redacted.text);
      expect(bracketed(text), kind).toEqual(bracketed(redacted.text));
      // …and the request the device would send for it passes the function's schema.
      expect(accepts(punctuateInput, { text: redacted.text, redaction: { version: redacted.version, placeholders: keys }, label: 'sanitized' })).toBe(true);
    }
    expect([...seen].sort()).toEqual([...ENTITY_KINDS].sort());
  });

  test('2000 seeded transcripts with tricky neighbours: glued letters, pronouns, weekdays, quotes, sentence ends, odd spaces', () => {
    const rand = prng(0x91ace);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
    const words = ['i', "i'm", "i'll", 'hello', 'good', 'monday', 'june', 'english', 'what', 'is', 'where', 'my', 'name', 'ß', 'ŉ', 'éa', 'x', '42', '—'];
    const before = ['', '', '(', '"', "'", '¿', 'i', 'I', 'monday', 'x', '-', '⟦7⟧', '.', 'ß'];
    const after = ['', '', ')', '"', "'s", 's', '.', '?', '!', '…', ',', 'i', "i'm", 'monday', '⟦8⟧', '.⟦3⟧'];
    const gaps = [' ', ' ', ' ', '  ', '\t', '\n', '\u00a0', '\u2003', '\u3000', '\ufeff', ' . ', '? '];
    for (let run = 0; run < 2000; run++) {
      let text = pick(['', ' ', '\t']);
      const tokens = 1 + Math.floor(rand() * 12);
      for (let i = 0; i < tokens; i++) {
        if (i > 0) text += pick(gaps);
        text += rand() < 0.45
          ? pick(before) + formatPlaceholder(1 + Math.floor(rand() * (rand() < 0.5 ? 12 : 9999))) + pick(after)
          : pick(words);
      }
      const once = punctuateTranscript(text).text;
      expect(bracketed(once), `seed run ${run}: ${JSON.stringify(text)}`).toEqual(bracketed(text));
      // Applying it again keeps them too (the device may punctuate text the function already did).
      expect(bracketed(punctuateTranscript(once).text), `second pass, run ${run}`).toEqual(bracketed(text));
    }
  });
});
