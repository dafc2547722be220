/**
 * The HTTP side of resumption. `Range: bytes=N-` is a CORS-safelisted request header (a single
 * range), so resuming costs no preflight; no `If-Range` is sent for the same reason: the SHA-256
 * check at the end catches a file that changed under the same URL.
 */

export interface ContentRange {
  start: number;
  /** Inclusive, as on the wire. */
  end: number;
  /** Undefined for `*`. */
  total: number | undefined;
}

/** The request header for resuming at `offset`, or none for a download from the start. */
export function rangeHeader(offset: number): string | undefined {
  return offset > 0 ? `bytes=${offset}-` : undefined;
}

/** Parses `bytes 100-199/1000` (or `/*`); anything else is undefined. */
export function parseContentRange(value: string | null | undefined): ContentRange | undefined {
  if (value == null) return undefined;
  const match = /^\s*bytes\s+(\d+)-(\d+)\/(\d+|\*)\s*$/i.exec(value);
  if (!match) return undefined;
  const start = Number(match[1]);
  const end = Number(match[2]);
  const total = match[3] === '*' ? undefined : Number(match[3]);
  if (end < start || (total !== undefined && end >= total)) return undefined;
  return { start, end, total };
}

export type RangeDecision =
  /** The body holds the rest of the file, starting at `offset`. */
  | { kind: 'resume'; offset: number }
  /** The body is the whole file (the server ignored Range, or none was asked): start over. */
  | { kind: 'full' }
  /** Ask again without Range (e.g. 416: what is stored no longer fits the server's file). */
  | { kind: 'retry-full'; reason: string }
  | { kind: 'error'; reason: string };

/** Whether a Content-Encoding header names a coding other than identity. */
export function isEncoded(contentEncoding: string | null | undefined): boolean {
  return contentEncoding != null && contentEncoding.split(',').some((c) => c.trim() !== '' && c.trim().toLowerCase() !== 'identity');
}

/**
 * Decides what a response to a (possibly ranged) request means for a file of `size` bytes
 * when `requested` bytes were asked to be skipped.
 *
 * `contentEncoding` matters for a 206 only. The store counts, stores and hashes DECODED bytes
 * (the browser decodes a brotli or gzip body before the store reads it), and resumes at a decoded
 * offset; a server that applies the Range to its encoded body (RFC 9110 allows it) answers with
 * offsets into bytes the store never saw, and no browser can decode the middle of a brotli stream.
 * Such an answer means: fetch the whole file again (identity-encoded 206s resume as usual). A
 * cross-origin server must expose Content-Encoding for this check; unexposed, the 206's
 * Content-Range total (the encoded length) will not match the manifest and the load fails loudly
 * instead of splicing.
 */
export function interpretRangeResponse(
  status: number,
  contentRange: string | null | undefined,
  requested: number,
  size: number,
  contentEncoding?: string | null,
): RangeDecision {
  if (status === 200) return { kind: 'full' };
  if (status === 206) {
    if (isEncoded(contentEncoding)) {
      return { kind: 'retry-full', reason: `the server sent a range of its ${contentEncoding ?? ''}-encoded body, whose offsets are not the file's` };
    }
    const range = parseContentRange(contentRange);
    if (range === undefined) return { kind: 'error', reason: `unreadable Content-Range "${contentRange ?? ''}"` };
    if (range.total !== undefined && range.total !== size) {
      return { kind: 'error', reason: `server file has ${range.total} bytes, manifest says ${size}` };
    }
    if (range.start !== requested) {
      return { kind: 'retry-full', reason: `asked for bytes from ${requested}, got from ${range.start}` };
    }
    if (range.end !== size - 1) {
      return { kind: 'retry-full', reason: `partial response ends at ${range.end}, file ends at ${size - 1}` };
    }
    return { kind: 'resume', offset: range.start };
  }
  if (status === 416 && requested > 0) return { kind: 'retry-full', reason: 'range not satisfiable' };
  return { kind: 'error', reason: `unexpected HTTP status ${status}` };
}
