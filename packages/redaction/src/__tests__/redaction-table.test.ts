import { describe, expect, it } from 'vitest';
import { redactTranscript, type EntityKind, type RedactOptions } from '../index.js';
import table from './redaction-table.json' with { type: 'json' };

interface Row {
  /** As ASR writes it: lower-case, no punctuation. */
  said: string;
  /** The expected text, placeholders numbered in order of first appearance. */
  redacted: string;
  /** Kind of ⟦1⟧, ⟦2⟧, … */
  kinds: EntityKind[];
  /** Canonical values expected for emails, phones, cards and IBANs. */
  normalized?: Record<string, string>;
  /** Set where compromise misses a name: the row states what should happen and is expected to fail. */
  knownMiss?: string;
}

const rows = table as Row[];

function check(row: Row, options: RedactOptions = {}): void {
  const result = redactTranscript(row.said, options);
  expect(result.text).toBe(row.redacted);
  expect(Object.values(result.placeholders).map((p) => p.kind)).toEqual(row.kinds);
  for (const [placeholder, value] of Object.entries(row.normalized ?? {})) {
    expect(result.placeholders[placeholder]?.normalized).toBe(value);
  }
  // Every original value is exactly a piece of what was said: nothing invented, nothing reworded.
  for (const entry of Object.values(result.placeholders)) expect(row.said).toContain(entry.original);
}

describe('redactTranscript on ASR sentences', () => {
  it('has at least 40 sentences, each kind represented', () => {
    expect(rows.length).toBeGreaterThanOrEqual(40);
    const kinds = new Set(rows.flatMap((r) => r.kinds));
    for (const kind of ['person', 'place', 'organization', 'email', 'phone', 'card', 'iban', 'date-of-birth', 'digits']) {
      expect(kinds).toContain(kind);
    }
  });

  for (const row of rows) {
    if (row.knownMiss === undefined) it(row.said, () => check(row));
    // it.fails: passes while the miss is real; turns red when a better model fixes it, so the table gets updated.
    else it.fails(`${row.said} (known miss: ${row.knownMiss})`, () => check(row));
  }

  it('finds the known misses when the app supplies the names it knows', () => {
    const misses = rows.filter((r) => r.knownMiss !== undefined);
    expect(misses.length).toBeGreaterThan(0);
    for (const row of misses) check(row, { knownNames: { organization: ['amazon', 'apple', 'bank of america'] } });
  });

  it('matches known names as whole words only, and lets them win over the tagger', () => {
    const knownNames = { person: ['ximena quispe'], place: ['villa rica'] };
    expect(redactTranscript('ximena quispe flew from villa rica to lima', { knownNames }).text).toBe('⟦1⟧ flew from ⟦2⟧ to ⟦3⟧');
    expect(redactTranscript('the villa rica hotel and maximena quispes', { knownNames }).text).toBe('the ⟦1⟧ hotel and maximena quispes');
  });

  it('measures redaction time per sentence', () => {
    const said = rows.map((r) => r.said);
    for (const s of said) redactTranscript(s); // warm caches and JIT
    const times: number[] = [];
    for (let pass = 0; pass < 3; pass += 1) {
      for (const s of said) {
        const started = performance.now();
        redactTranscript(s);
        times.push(performance.now() - started);
      }
    }
    times.sort((a, b) => a - b);
    const mean = times.reduce((a, b) => a + b, 0) / times.length;
    const p50 = times[Math.floor(times.length * 0.5)] ?? Number.NaN;
    const p95 = times[Math.floor(times.length * 0.95)] ?? Number.NaN;
    const max = times.at(-1) ?? Number.NaN;
    console.log(
      `redaction time over ${times.length} sentences (warm): mean ${mean.toFixed(2)} ms, p50 ${p50.toFixed(2)} ms, ` +
        `p95 ${p95.toFixed(2)} ms, max ${max.toFixed(2)} ms`,
    );
    // The median, not the mean: other work on a shared 2-core machine inflates the tail. Issue 7
    // measured compromise at ~10 ms a sentence; a regression to per-word parsing would be far above.
    expect(p50).toBeLessThan(25);
  });
});
