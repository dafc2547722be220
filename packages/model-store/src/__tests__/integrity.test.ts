import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { incrementalSha256, sha256Sri } from '../integrity.js';

describe('SHA-256 in SRI form', () => {
  const bytes = new Uint8Array(1_000_003).map((_, i) => (i * 31 + 7) & 0xff);
  const expected = `sha256-${createHash('sha256').update(bytes).digest('base64')}`;

  it('incremental hashing over uneven pieces equals the one-shot WebCrypto digest', async () => {
    const hash = incrementalSha256();
    for (let at = 0, step = 1; at < bytes.length; at += step, step = step * 3 + 1) hash.update(bytes.subarray(at, at + step));
    expect(hash.digest()).toBe(expected);
    expect(await sha256Sri(bytes)).toBe(expected);
  });
});
