import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redactTranscript, restoreTranscript } from '../index.js';
import { startApertium, type ApertiumServer } from '../../scripts/apertium-server.mjs';
import table from './redaction-table.json' with { type: 'json' };

/**
 * The real engine, not a mock: Debian's apertium-apy translating redacted sentences eng→spa and
 * eng→cat. Every placeholder must come back intact (as often as it went in), and restoring on
 * the device must put every original value into the translation.
 */
const extra = [
  'anna said her email is anna at example dot org and her phone is two one two five five five zero one four seven and her card is 4111 1111 1111 1111',
  'john smith from microsoft in seattle met maria garcia from google in london and peter from ibm in paris',
  'my iban is de89 3704 0044 0532 0130 00 and i was born on march third nineteen eighty five',
];
const said = [...(table as { said: string }[]).map((r) => r.said), ...extra];
const redacted = said.map((s) => redactTranscript(s)).filter((r) => Object.keys(r.placeholders).length > 0);

let server: ApertiumServer | undefined;

beforeAll(async () => {
  server = await startApertium();
}, 60_000);

afterAll(async () => {
  await server?.stop();
});

function count(haystack: string, needle: string): number {
  return haystack.split(needle).length - 1;
}

// apertium-apy's default deformatter is HTML; format=txt is what the apertium CLI does.
const modes: [string, Record<string, string>][] = [
  ['eng|spa', {}],
  ['eng|cat', {}],
  ['eng|spa', { format: 'txt' }],
  ['eng|cat', { format: 'txt' }],
];

describe('placeholders survive a round trip through apertium', () => {
  for (const [pair, options] of modes) {
    it(`${pair} ${options.format ?? 'html (default)'}`, async () => {
      if (server === undefined) throw new Error('apertium-apy did not start');
      const lost: string[] = [];
      let placeholders = 0;
      let ms = 0;
      for (const r of redacted) {
        const started = performance.now();
        const translated = await server.translate(r.text, pair, options);
        ms += performance.now() - started;
        for (const p of Object.keys(r.placeholders)) {
          placeholders += 1;
          if (count(translated, p) !== count(r.text, p)) lost.push(`${p} in "${r.text}" → "${translated}"`);
        }
        const restored = restoreTranscript(translated, r.placeholders);
        expect(restored.missing).toEqual([]);
        for (const entry of Object.values(r.placeholders)) expect(restored.text).toContain(entry.original);
        expect(restored.text).not.toMatch(/⟦\s*\d+\s*⟧/u);
      }
      console.log(
        `${pair} ${options.format ?? 'html'}: ${redacted.length} sentences, ${placeholders - lost.length}/${placeholders} placeholders intact, ` +
          `${(ms / redacted.length).toFixed(1)} ms per translation`,
      );
      expect(lost).toEqual([]);
    }, 120_000);
  }

  it('shows a restored translation', async () => {
    if (server === undefined) throw new Error('apertium-apy did not start');
    const r = redactTranscript('please call maria garcia at four one five five five five one two three four tomorrow');
    const translated = await server.translate(r.text, 'eng|spa');
    const restored = restoreTranscript(translated, r.placeholders);
    console.log(`${r.text}\n  → ${translated}\n  → ${restored.text}`);
    expect(translated).toMatch(/mañana/u); // really translated, not echoed
    expect(restored.text).toContain('maria garcia');
    expect(restored.text).toContain('four one five five five five one two three four');
  });
});
