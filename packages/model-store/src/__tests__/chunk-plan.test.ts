import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CHUNK_SIZE,
  MIB,
  assertChunkSize,
  chunkCount,
  completeChunks,
  planChunks,
  resumeOffset,
} from '../chunk-plan.js';

describe('chunk planning', () => {
  it('cuts a file into 4 MiB chunks with a short last one', () => {
    const size = 10 * MIB + 5;
    const spans = planChunks(size, DEFAULT_CHUNK_SIZE);
    expect(spans).toEqual([
      { index: 0, start: 0, end: 4 * MIB },
      { index: 1, start: 4 * MIB, end: 8 * MIB },
      { index: 2, start: 8 * MIB, end: size },
    ]);
    expect(chunkCount(size, DEFAULT_CHUNK_SIZE)).toBe(3);
  });

  it('covers every byte exactly once for awkward sizes', () => {
    for (const size of [1, 65535, 4 * MIB - 1, 4 * MIB, 4 * MIB + 1, 2327524, 41_943_040]) {
      const spans = planChunks(size, DEFAULT_CHUNK_SIZE);
      expect(spans[0]!.start).toBe(0);
      expect(spans.at(-1)!.end).toBe(size);
      spans.slice(1).forEach((s, i) => expect(s.start).toBe(spans[i]!.end));
      expect(spans.every((s) => s.end - s.start <= DEFAULT_CHUNK_SIZE && s.end > s.start)).toBe(true);
    }
    expect(planChunks(0, DEFAULT_CHUNK_SIZE)).toEqual([]);
  });

  it('resumes after the stored chunks and never past the end', () => {
    expect(resumeOffset(0, 10 * MIB, 4 * MIB)).toBe(0);
    expect(resumeOffset(2, 10 * MIB, 4 * MIB)).toBe(8 * MIB);
    expect(resumeOffset(3, 10 * MIB, 4 * MIB)).toBe(10 * MIB);
    expect(resumeOffset(99, 10 * MIB, 4 * MIB)).toBe(10 * MIB);
    expect(resumeOffset(-1, 10 * MIB, 4 * MIB)).toBe(0);
  });

  it('counts a chunk complete only when full, or when the file ended', () => {
    expect(completeChunks(4 * MIB - 1, 10 * MIB, 4 * MIB)).toBe(0);
    expect(completeChunks(4 * MIB, 10 * MIB, 4 * MIB)).toBe(1);
    expect(completeChunks(10 * MIB - 1, 10 * MIB, 4 * MIB)).toBe(2);
    expect(completeChunks(10 * MIB, 10 * MIB, 4 * MIB)).toBe(3);
  });

  it('refuses chunk sizes outside 64 KiB..64 MiB', () => {
    expect(() => assertChunkSize(1024)).toThrow(RangeError);
    expect(() => assertChunkSize(128 * MIB)).toThrow(RangeError);
    expect(() => assertChunkSize(4.5 * MIB)).not.toThrow();
    expect(() => assertChunkSize(1.5)).toThrow(RangeError);
  });
});
