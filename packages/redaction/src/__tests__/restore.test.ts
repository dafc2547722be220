import { describe, expect, it } from 'vitest';
import { redactTranscript, restoreTranscript } from '../index.js';

describe('restoreTranscript', () => {
  it('puts every original back, the same value everywhere it was said', () => {
    const said = 'call john and tell john that maria garcia at four one five five five five one two three four is waiting';
    const redacted = redactTranscript(said);
    expect(redacted.text).toBe('call ⟦1⟧ and tell ⟦1⟧ that ⟦2⟧ at ⟦3⟧ is waiting');
    // A translator moves placeholders around; restore follows them wherever they went.
    const translated = 'Llama a ⟦1⟧ y dile a ⟦1⟧ que ⟦2⟧ espera en el ⟦3⟧';
    const restored = restoreTranscript(translated, redacted.placeholders);
    expect(restored.text).toBe('Llama a john y dile a john que maria garcia espera en el four one five five five five one two three four');
    expect(restored.missing).toEqual([]);
  });

  it('restores canonical forms on request', () => {
    const redacted = redactTranscript('write to john dot smith at example dot com or call four one five five five five one two three four');
    const restored = restoreTranscript(redacted.text, redacted.placeholders, { use: 'normalized' });
    expect(restored.text).toBe('write to john.smith@example.com or call 4155551234');
  });

  it('reports placeholders the translation lost instead of hiding the loss', () => {
    const redacted = redactTranscript('tell peter that the meeting with google is in london');
    const restored = restoreTranscript('Dile a ⟦1⟧ que la reunión es en ⟦3⟧', redacted.placeholders);
    expect(restored.text).toBe('Dile a peter que la reunión es en london');
    expect(restored.missing).toEqual(['⟦2⟧']);
  });

  it('tolerates spaces a translator puts inside the brackets, and leaves unknown placeholders alone', () => {
    const redacted = redactTranscript('my name is john smith');
    const restored = restoreTranscript('Me llamo ⟦ 1 ⟧ y ⟦7⟧', redacted.placeholders);
    expect(restored.text).toBe('Me llamo john smith y ⟦7⟧');
  });

  it('does not let bracket characters in the transcript pose as placeholders', () => {
    const redacted = redactTranscript('the symbol ⟦1⟧ means nothing to john');
    expect(redacted.text).toBe('the symbol [1] means nothing to ⟦1⟧');
    expect(restoreTranscript(redacted.text, redacted.placeholders).text).toBe('the symbol [1] means nothing to john');
  });

  it('keeps the mapping out of the redacted text', () => {
    const redacted = redactTranscript('my card number is 4111 1111 1111 1111 and my name is john smith');
    expect(redacted.text).not.toMatch(/\d{4}|john|smith/u);
    expect(redacted.version).toBe(1);
    expect(Object.isFrozen(redacted.placeholders)).toBe(true);
  });
});
