import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sriSha256 } from '../model-source.js';

describe('sriSha256', () => {
  it('matches the SRI form Node computes (sha256- + base64)', async () => {
    const bytes = new TextEncoder().encode('pocketsphinx');
    expect(await sriSha256(bytes)).toBe(`sha256-${createHash('sha256').update(bytes).digest('base64')}`);
  });
});
