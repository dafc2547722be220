// The README's example, run: if this fails, the README says something the code does not do.
import { expect, it } from 'vitest';
import { redactTranscript, restoreTranscript } from '../index.js';

it('README example: redact, then restore what the translator sent back', () => {
  const r = redactTranscript('please call maria garcia at four one five five five five one two three four tomorrow');
  expect(r.text).toBe('please call ⟦1⟧ at ⟦2⟧ tomorrow');
  expect(r.placeholders['⟦1⟧']).toMatchObject({ kind: 'person', original: 'maria garcia' });
  expect(r.placeholders['⟦2⟧']).toMatchObject({ kind: 'phone', original: 'four one five five five five one two three four', normalized: '4155551234' });
  expect(r.version).toBe(1);
  expect(restoreTranscript('Complacer llamada ⟦1⟧ en ⟦2⟧ mañana', r.placeholders)).toEqual({
    text: 'Complacer llamada maria garcia en four one five five five five one two three four mañana',
    missing: [],
  });
});
