import { describe, expect, it } from 'vitest';
import { collectTransferables } from '../transferables.js';

describe('collectTransferables', () => {
  it('finds the buffers behind typed arrays in nested inputs, each once', () => {
    const audio = new Float32Array(16);
    const view = audio.subarray(4, 8);
    const pixels = new Uint8ClampedArray(8);
    const found = collectTransferables({ audio, again: view, image: { pixels }, list: [new ArrayBuffer(4)] });
    expect(found).toHaveLength(3);
    expect(found).toContain(audio.buffer);
    expect(found).toContain(pixels.buffer);
  });

  it('skips shared and empty buffers and non-objects', () => {
    expect(collectTransferables({ shared: new Float32Array(new SharedArrayBuffer(16)), empty: new Float32Array(0), n: 1, s: 'x' })).toEqual([]);
    expect(collectTransferables(null)).toEqual([]);
  });

  it('actually moves what it finds (the sender is detached after postMessage)', () => {
    const audio = new Float32Array(1024);
    const { port1, port2 } = new MessageChannel();
    port1.postMessage({ audio }, collectTransferables({ audio }));
    expect(audio.byteLength).toBe(0);
    port1.close();
    port2.close();
  });
});
