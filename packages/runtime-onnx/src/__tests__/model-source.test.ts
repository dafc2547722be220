import { describe, expect, it } from 'vitest';
import { loadModelSource, type StoredModelLike } from '../model-source.js';

const signal = new AbortController().signal;
const weights = Uint8Array.from([8, 0, 1, 2, 3]);

describe('loadModelSource', () => {
  it('takes bytes as they are, Uint8Array or ArrayBuffer', async () => {
    expect((await loadModelSource({ bytes: weights }, signal)).bytes).toBe(weights);
    const fromBuffer = await loadModelSource({ bytes: weights.slice().buffer }, signal);
    expect([...fromBuffer.bytes]).toEqual([...weights]);
    expect(fromBuffer).toMatchObject({ id: undefined, version: undefined, cacheHit: undefined });
  });

  it('fetches a URL', async () => {
    const loaded = await loadModelSource({ url: `data:application/octet-stream;base64,${btoa(String.fromCharCode(...weights))}` }, signal);
    expect([...loaded.bytes]).toEqual([...weights]);
  });

  it('runs a loader with the signal and keeps what it says about the bytes, release included', async () => {
    let released = 0;
    let seen: AbortSignal | undefined;
    const loaded = await loadModelSource(async (s) => {
      seen = s;
      return { bytes: weights, id: 'silero-vad', version: '5', cacheHit: true, release: () => released++ };
    }, signal);
    expect(seen).toBe(signal);
    expect(loaded).toMatchObject({ bytes: weights, id: 'silero-vad', version: '5', cacheHit: true });
    loaded.release();
    expect(released).toBe(1);
  });

  it('takes a model store model as it is: its only file, id and version from the manifest, a cache hit when nothing was fetched', async () => {
    let released = 0;
    const stored: StoredModelLike = {
      manifest: { id: 'silero-vad', version: '5' },
      networkBytes: 0,
      buffer: () => weights.slice().buffer,
      release: () => released++,
    };
    const loaded = await loadModelSource(async () => stored, signal);
    expect(loaded).toMatchObject({ id: 'silero-vad', version: '5', cacheHit: true });
    expect([...loaded.bytes]).toEqual([...weights]);
    loaded.release();
    expect(released).toBe(1);
    const fetched = await loadModelSource(async () => ({ ...stored, networkBytes: 5 }), signal);
    expect(fetched.cacheHit).toBe(false);
  });

  it('a loader returning bare bytes reports nothing else', async () => {
    const loaded = await loadModelSource(async () => weights.slice().buffer, signal);
    expect([...loaded.bytes]).toEqual([...weights]);
    expect(loaded.cacheHit).toBeUndefined();
  });

  it('refuses a source that is none of the three', async () => {
    await expect(loadModelSource({} as never, signal)).rejects.toMatchObject({ code: 'VALIDATION' });
  });
});
