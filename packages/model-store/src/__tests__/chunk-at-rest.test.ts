import { describe, expect, it } from 'vitest';
import { GZIP_CHUNK_TYPE, chunkAtRest, chunkContent, storedFileContent } from '../chunk-at-rest.js';

/** Text-like bytes (a dictionary's lines): gzip takes them to well under 80%. */
function textBytes(n: number): Uint8Array<ArrayBuffer> {
  const line = new TextEncoder().encode('hello HH AH L OW\nhelp HH EH L P\nzebra Z IY B R AH\n');
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = line[(i * 7 + Math.floor(i / 97)) % line.length]!;
  return out;
}

/** Bytes that do not compress (float weights look like this to gzip). */
function noiseBytes(n: number, seed = 1): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1_103_515_245) + 12_345) >>> 0;
    out[i] = s >>> 24;
  }
  return out;
}

/** Byte equality without a deep diff of a quarter-million elements. */
function same(a: ArrayBuffer, b: Uint8Array): boolean {
  const x = new Uint8Array(a);
  return x.length === b.length && x.every((v, i) => v === b[i]);
}

describe('chunks at rest', () => {
  it('stores a compressible chunk gzipped, typed, smaller, and reads back the same bytes', async () => {
    const bytes = textBytes(256 * 1024);
    const blob = await chunkAtRest(bytes);
    expect(blob.type).toBe(GZIP_CHUNK_TYPE);
    expect(blob.size).toBeLessThan(bytes.byteLength * 0.8);
    expect(same(await chunkContent(blob), bytes)).toBe(true);
  });

  it('stores incompressible and tiny chunks as they are', async () => {
    for (const bytes of [noiseBytes(256 * 1024), textBytes(1000)]) {
      const blob = await chunkAtRest(bytes);
      expect(blob.type).toBe('');
      expect(blob.size).toBe(bytes.byteLength);
    }
  });

  it('assembles a file from plain and compressed chunks, and an untyped (older) store reads as before', async () => {
    const parts = [textBytes(128 * 1024), noiseBytes(128 * 1024), textBytes(5000)];
    const chunks = await Promise.all(parts.map((p) => chunkAtRest(p)));
    expect(chunks.map((c) => c.type)).toEqual([GZIP_CHUNK_TYPE, '', '']);
    const size = parts.reduce((a, p) => a + p.byteLength, 0);
    const whole = new Uint8Array(size);
    let at = 0;
    for (const p of parts) {
      whole.set(p, at);
      at += p.byteLength;
    }
    expect(same(await storedFileContent(chunks, size), whole)).toBe(true);
    expect(same(await storedFileContent(parts.map((p) => new Blob([p])), size), whole)).toBe(true);
  });

  it('a compressed chunk damaged at rest, or chunks of the wrong total length, read as an empty file', async () => {
    const good = await chunkAtRest(textBytes(128 * 1024));
    const raw = new Uint8Array(await good.arrayBuffer());
    raw[raw.length - 6] = raw[raw.length - 6]! ^ 0xff; // the gzip trailer's CRC/length no longer match
    const damaged = new Blob([raw], { type: GZIP_CHUNK_TYPE });
    await expect(chunkContent(damaged)).rejects.toThrow();
    expect((await storedFileContent([damaged], 128 * 1024)).byteLength).toBe(0);
    expect((await storedFileContent([good], 128 * 1024 + 1)).byteLength).toBe(0);
    expect((await storedFileContent([good, good], 128 * 1024)).byteLength).toBe(0);
  });
});
