import { describe, expect, it } from 'vitest';
import { interpretRangeResponse, isEncoded, parseContentRange, rangeHeader } from '../http-range.js';

describe('range math', () => {
  it('asks for no range from 0 and an open range otherwise', () => {
    expect(rangeHeader(0)).toBeUndefined();
    expect(rangeHeader(8388608)).toBe('bytes=8388608-');
  });

  it('parses Content-Range, including an unknown total, and rejects nonsense', () => {
    expect(parseContentRange('bytes 100-199/1000')).toEqual({ start: 100, end: 199, total: 1000 });
    expect(parseContentRange('bytes 100-199/*')).toEqual({ start: 100, end: 199, total: undefined });
    expect(parseContentRange('bytes 200-100/1000')).toBeUndefined();
    expect(parseContentRange('bytes 0-1000/1000')).toBeUndefined();
    expect(parseContentRange('items 0-1/2')).toBeUndefined();
    expect(parseContentRange(null)).toBeUndefined();
  });

  it('resumes on a matching 206', () => {
    expect(interpretRangeResponse(206, 'bytes 4194304-9999999/10000000', 4194304, 10_000_000)).toEqual({
      kind: 'resume',
      offset: 4194304,
    });
  });

  it('starts over when the server ignores Range (200)', () => {
    expect(interpretRangeResponse(200, null, 4194304, 10_000_000)).toEqual({ kind: 'full' });
  });

  it('asks again without Range for a 416 or a range that does not start where asked', () => {
    expect(interpretRangeResponse(416, null, 10, 100).kind).toBe('retry-full');
    expect(interpretRangeResponse(206, 'bytes 0-99/100', 10, 100).kind).toBe('retry-full');
    expect(interpretRangeResponse(206, 'bytes 10-49/100', 10, 100).kind).toBe('retry-full');
  });

  it('fails when the server file has another size or the status is an error', () => {
    expect(interpretRangeResponse(206, 'bytes 10-99/200', 10, 100)).toMatchObject({ kind: 'error' });
    expect(interpretRangeResponse(206, 'garbage', 10, 100)).toMatchObject({ kind: 'error' });
    expect(interpretRangeResponse(404, null, 0, 100)).toEqual({ kind: 'error', reason: 'unexpected HTTP status 404' });
    expect(interpretRangeResponse(416, null, 0, 100).kind).toBe('error');
  });

  it('asks again without Range when the 206 is a range of an encoded body (offsets of encoded bytes are not the file\'s)', () => {
    const decision = interpretRangeResponse(206, 'bytes 10-59/60', 10, 100, 'br');
    expect(decision).toMatchObject({ kind: 'retry-full' });
    expect(decision.kind === 'retry-full' && decision.reason).toContain('br-encoded');
    // Identity (named or absent) resumes as usual; a 200 is the whole file whatever its coding.
    expect(interpretRangeResponse(206, 'bytes 10-99/100', 10, 100, 'identity')).toEqual({ kind: 'resume', offset: 10 });
    expect(interpretRangeResponse(206, 'bytes 10-99/100', 10, 100, null)).toEqual({ kind: 'resume', offset: 10 });
    expect(interpretRangeResponse(200, null, 10, 100, 'gzip')).toEqual({ kind: 'full' });
  });

  it('tells an encoded body from an identity one', () => {
    expect([null, undefined, '', 'identity', ' Identity '].map(isEncoded)).toEqual([false, false, false, false, false]);
    expect(['br', 'gzip', 'identity, gzip'].map(isEncoded)).toEqual([true, true, true]);
  });
});
