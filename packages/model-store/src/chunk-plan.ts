/**
 * How a file is cut into stored chunks. Chunks are the unit of resumption: after an interruption
 * the download restarts at the end of the last chunk that reached IndexedDB, so a chunk is big
 * enough to keep per-write overhead low (4 MiB by default) and small enough that little is lost.
 */

export const MIB = 1024 * 1024;
export const DEFAULT_CHUNK_SIZE = 4 * MIB;
/** Bounds accepted for `chunkSize`; below 64 KiB the IndexedDB write count dominates. */
export const MIN_CHUNK_SIZE = 64 * 1024;
export const MAX_CHUNK_SIZE = 64 * MIB;

export interface ChunkSpan {
  index: number;
  /** First byte (inclusive). */
  start: number;
  /** One past the last byte. */
  end: number;
}

export function assertChunkSize(chunkSize: number): void {
  if (!Number.isInteger(chunkSize) || chunkSize < MIN_CHUNK_SIZE || chunkSize > MAX_CHUNK_SIZE) {
    throw new RangeError(
      `chunkSize must be an integer between ${MIN_CHUNK_SIZE} and ${MAX_CHUNK_SIZE} bytes, got ${chunkSize}`,
    );
  }
}

export function chunkCount(size: number, chunkSize: number): number {
  return Math.ceil(size / chunkSize);
}

/** Every chunk of a file of `size` bytes; the last one may be short; an empty file has none. */
export function planChunks(size: number, chunkSize: number): ChunkSpan[] {
  const spans: ChunkSpan[] = [];
  for (let index = 0, start = 0; start < size; index++, start += chunkSize) {
    spans.push({ index, start, end: Math.min(size, start + chunkSize) });
  }
  return spans;
}

/** The span of chunk `index`. */
export function chunkSpan(index: number, size: number, chunkSize: number): ChunkSpan {
  const start = index * chunkSize;
  return { index, start, end: Math.min(size, start + chunkSize) };
}

/**
 * Where a download resumes when the first `storedChunks` chunks are safely stored. Clamped, so
 * a record claiming more chunks than the file has cannot make the download skip past the end.
 */
export function resumeOffset(storedChunks: number, size: number, chunkSize: number): number {
  const whole = Math.max(0, Math.min(storedChunks, chunkCount(size, chunkSize)));
  return Math.min(size, whole * chunkSize);
}

/**
 * How many chunks are complete once `received` bytes (counted from the file's start) arrived:
 * full chunks, plus the short last one when the file is complete.
 */
export function completeChunks(received: number, size: number, chunkSize: number): number {
  if (received >= size) return chunkCount(size, chunkSize);
  return Math.floor(received / chunkSize);
}
