// The README's example, run: if this fails, the README says something the code does not do.
import { expect, it } from 'vitest';
import { punctuateTranscript } from '../index.js';

it('README example: punctuateTranscript gives what the README shows', () => {
  expect(punctuateTranscript('my name is ⟦1⟧ and i live in ⟦2⟧')).toEqual({
    text: 'My name is ⟦1⟧ and I live in ⟦2⟧.',
    rules: ['sentence-start', 'pronoun', 'final-punctuation'],
  });
});
