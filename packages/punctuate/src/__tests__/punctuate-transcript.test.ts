import { describe, expect, it } from 'vitest';
import { punctuateTranscript } from '../index.js';

describe('punctuateTranscript (rule-based)', () => {
  it.each([
    ['please call ⟦1⟧ and ⟦2⟧', 'Please call ⟦1⟧ and ⟦2⟧.'],
    ['my name is ⟦1⟧ and i live in ⟦2⟧', 'My name is ⟦1⟧ and I live in ⟦2⟧.'],
    ["i'm sure i'll be there on monday", "I'm sure I'll be there on Monday."],
    ['where is the station', 'Where is the station?'],
    ['can you call ⟦1⟧ in january', 'Can you call ⟦1⟧ in January?'],
    ['the meeting is in spanish and catalan', 'The meeting is in Spanish and Catalan.'],
    ['⟦1⟧ will call back', '⟦1⟧ will call back.'],
    ['  the   weather is nice  ', 'The weather is nice.'],
    ['it is nice. is it raining', 'It is nice. Is it raining?'],
    ['we may march in may', 'We may march in may.'],
    ['this is iceland and india', 'This is iceland and india.'],
  ])('%j → %j', (input, expected) => {
    expect(punctuateTranscript(input).text).toBe(expected);
  });

  it('keeps every placeholder verbatim and in order', () => {
    const input = 'please call ⟦1⟧ at ⟦2⟧ or write to ⟦3⟧ i said';
    const { text } = punctuateTranscript(input);
    expect(text.match(/⟦[^⟧]*⟧/g)).toEqual(['⟦1⟧', '⟦2⟧', '⟦3⟧']);
  });

  it('is idempotent and names the rules that fired', () => {
    const first = punctuateTranscript('what did i say on friday');
    expect(first.text).toBe('What did I say on Friday?');
    expect(new Set(first.rules)).toEqual(new Set(['sentence-start', 'pronoun', 'proper-noun', 'final-punctuation']));
    expect(punctuateTranscript(first.text)).toEqual({ text: first.text, rules: [] });
  });

  it('leaves empty input empty', () => {
    expect(punctuateTranscript('   ')).toEqual({ text: '', rules: ['whitespace'] });
  });
});
