import { describe, expect, it } from 'vitest';
import { sriSha256 } from '../model-source.js';

describe('sriSha256', () => {
  it('writes the SRI form: sha256- and the base64 digest (FIPS 180-2 test vector "abc")', async () => {
    expect(await sriSha256(new TextEncoder().encode('abc'))).toBe('sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=');
  });
});
