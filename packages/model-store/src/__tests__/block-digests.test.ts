import { sha256 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import { blockCount, blockHasher, digestBlocks, firstBadBlock } from '../block-digests.js';

const bytesOf = (size: number) => new Uint8Array(size).map((_, i) => (i * 131 + 17) & 0xff);

describe('block digests', () => {
  it('are the SHA-256 of each block in order, the short last block included', async () => {
    const bytes = bytesOf(10 * 1024 + 5);
    const digests = await digestBlocks(bytes, 1024);
    expect(blockCount(bytes.length, 1024)).toBe(11);
    expect(digests.byteLength).toBe(11 * 32);
    expect(digests.subarray(0, 32)).toEqual(sha256(bytes.subarray(0, 1024)));
    expect(digests.subarray(10 * 32)).toEqual(sha256(bytes.subarray(10 * 1024)));
  });

  it('taken block by block while a buffer fills equal those of the finished buffer', async () => {
    const whole = bytesOf(9000);
    const filling = new Uint8Array(whole.length);
    const hasher = blockHasher(filling, 1000);
    for (let at = 0, step = 1; at < whole.length; at += step, step = step * 2 + 3) {
      filling.set(whole.subarray(at, at + step), at);
      hasher.advance(Math.min(whole.length, at + step));
    }
    expect(await hasher.finish()).toEqual(await digestBlocks(whole, 1000));
  });

  it('after reset, blocks are digested again from the refilled buffer', async () => {
    const buffer = bytesOf(4000);
    const hasher = blockHasher(buffer, 1000);
    hasher.advance(4000);
    hasher.reset();
    buffer.fill(7);
    expect(await hasher.finish()).toEqual(await digestBlocks(new Uint8Array(4000).fill(7), 1000));
  });

  it('firstBadBlock finds a flipped byte, and a list of the wrong length fails at block 0', async () => {
    const bytes = bytesOf(5 * 1000 + 1);
    const digests = await digestBlocks(bytes, 1000);
    expect(await firstBadBlock(bytes, digests, 1000)).toBe(-1);
    const flipped = bytes.slice();
    flipped[3500]! ^= 0x01;
    expect(await firstBadBlock(flipped, digests, 1000)).toBe(3);
    flipped[3500]! ^= 0x01;
    flipped[5000]! ^= 0x80;
    expect(await firstBadBlock(flipped, digests, 1000)).toBe(5);
    expect(await firstBadBlock(bytes, digests.subarray(32), 1000)).toBe(0);
    expect(await firstBadBlock(bytes.subarray(0, 4000), digests, 1000)).toBe(0);
  });

  it('an empty file has no blocks and verifies', async () => {
    const empty = new Uint8Array(0);
    expect((await digestBlocks(empty)).byteLength).toBe(0);
    expect(await firstBadBlock(empty, new Uint8Array(0), 1000)).toBe(-1);
  });
});
