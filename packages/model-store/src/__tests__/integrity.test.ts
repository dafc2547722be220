import { describe, expect, it } from 'vitest';
import { fileHasher, incrementalSha256, sha256Sri } from '../integrity.js';

describe('SHA-256 in SRI form', () => {
  it('matches the FIPS 180-2 "abc" vector', async () => {
    const abc = new TextEncoder().encode('abc');
    const hash = incrementalSha256();
    hash.update(abc);
    expect(hash.digest()).toBe('sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=');
    expect(await sha256Sri(abc)).toBe('sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=');
  });

  it('incremental hashing over uneven pieces equals the one-shot WebCrypto digest', async () => {
    const bytes = new Uint8Array(1_000_003).map((_, i) => (i * 31 + 7) & 0xff);
    const hash = incrementalSha256();
    for (let at = 0, step = 1; at < bytes.length; at += step, step = step * 3 + 1) hash.update(bytes.subarray(at, at + step));
    expect(hash.digest()).toBe(await sha256Sri(bytes));
  });
});

describe('fileHasher', () => {
  it('digests the finished buffer to the same SRI as streaming would', async () => {
    const bytes = new Uint8Array(300_001).map((_, i) => (i * 7) & 0xff);
    const hasher = fileHasher();
    hasher.update(bytes.subarray(0, 1000));
    hasher.update(bytes.subarray(1000));
    const streaming = incrementalSha256();
    streaming.update(bytes);
    expect(await hasher.digest(bytes)).toBe(streaming.digest());
  });
});
