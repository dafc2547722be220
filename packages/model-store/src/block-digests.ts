import { sha256Bytes } from './integrity.js';

/**
 * SHA-256 of every fixed-size block of a verified file, recorded when the file's whole-file
 * hash matched the manifest, so a warm load can re-verify the bytes it serves without one
 * whole-file digest.
 *
 * Why blocks, and why 256 KiB (measured in Chromium 156 on this 2-core machine, 40 MiB):
 * - `crypto.subtle.digest` runs on the calling thread here (ten 4 MiB digests issued at once
 *   take as long as ten in a row), so there is no parallelism to win; what costs is memory.
 * - WebCrypto copies its input first. A copy of 1 MiB or more lands in freshly mapped pages and
 *   pays a page fault per 4 KiB: one 40 MiB digest takes ~50 ms, ten of 4 MiB ~50 ms too, but
 *   digests of 256–512 KiB reuse the allocator's buckets and take ~33 ms in total.
 * The bytes are still hashed with SHA-256 and compared with digests taken from bytes that
 * matched the manifest; what changes is that the reference digests are read from IndexedDB
 * beside the chunks (see the package README on what that does and does not protect against).
 */
export const BLOCK_SIZE = 256 * 1024;
const DIGEST_BYTES = 32;

export function blockCount(size: number, blockSize: number): number {
  return Math.ceil(size / blockSize);
}

/** The digest of one block, written into `out` at the block's slot. */
async function digestBlock(
  bytes: Uint8Array<ArrayBuffer>,
  index: number,
  blockSize: number,
  out: Uint8Array,
): Promise<void> {
  const start = index * blockSize;
  const view = bytes.subarray(start, Math.min(bytes.byteLength, start + blockSize));
  out.set(await sha256Bytes(view), index * DIGEST_BYTES);
}

/**
 * Digests blocks of a buffer as it fills (a download) or all at once (a warm load): `advance`
 * digests every whole block below a watermark, `finish` the rest, short last block included.
 */
export interface BlockHasher {
  advance(filledUpTo: number): void;
  finish(): Promise<Uint8Array>;
  /** Forget everything digested (the buffer is being refilled from byte 0). */
  reset(): void;
}

export function blockHasher(bytes: Uint8Array<ArrayBuffer>, blockSize = BLOCK_SIZE): BlockHasher {
  const total = blockCount(bytes.byteLength, blockSize);
  let digests = new Uint8Array(total * DIGEST_BYTES);
  let pending: Promise<void>[] = [];
  let next = 0;
  const upTo = (block: number) => {
    for (; next < block; next++) pending.push(digestBlock(bytes, next, blockSize, digests));
  };
  return {
    advance(filledUpTo) {
      upTo(Math.min(total, Math.floor(filledUpTo / blockSize)));
    },
    async finish() {
      upTo(total);
      await Promise.all(pending);
      return digests;
    },
    reset() {
      digests = new Uint8Array(total * DIGEST_BYTES);
      pending = [];
      next = 0;
    },
  };
}

/** Every block's digest of a finished buffer. */
export function digestBlocks(bytes: Uint8Array<ArrayBuffer>, blockSize = BLOCK_SIZE): Promise<Uint8Array> {
  return blockHasher(bytes, blockSize).finish();
}

/**
 * Index of the first block whose digest differs from `expected`, or -1 when all match. A list of
 * the wrong length (not this file's) counts as a mismatch at block 0.
 */
export async function firstBadBlock(bytes: Uint8Array<ArrayBuffer>, expected: Uint8Array, blockSize: number): Promise<number> {
  if (expected.byteLength !== blockCount(bytes.byteLength, blockSize) * DIGEST_BYTES) return 0;
  const actual = await digestBlocks(bytes, blockSize);
  for (let i = 0; i < actual.byteLength; i++) {
    if (actual[i] !== expected[i]) return Math.floor(i / DIGEST_BYTES);
  }
  return -1;
}
