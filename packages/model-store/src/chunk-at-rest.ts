/**
 * Chunks kept compressed in IndexedDB where that pays (issue #18: what the origin holds after a
 * first visit). The transfer may be brotli-encoded, but the store receives decoded bytes, so
 * without this a 3 MB text file (PocketSphinx's `mdef`, a pronunciation dictionary) costs the
 * visitor 3 MB of storage although it gzips to a third. Each chunk is gzipped only when a sample
 * of it shrinks by a fifth or more, so weights that barely compress (an LM, float tensors) are
 * stored as they are and cost no compression time on a cold load.
 *
 * Integrity is unchanged: block digests and the manifest's SHA-256 are of the decoded bytes, and
 * a compressed chunk that no longer decodes reads as a damaged file (the length check fails),
 * which the store refetches like any other damage at rest. The marker is the Blob's type, which
 * IndexedDB keeps, so chunks stored before this (untyped) read as they always did.
 */

/** The type of a stored chunk that holds the gzip of its bytes. */
export const GZIP_CHUNK_TYPE = 'application/x-tandem-gzip';

/** Compressed size ÷ original at or below which a chunk is stored compressed. */
const WORTH_IT = 0.8;
/** The slice of a chunk tried first, from its middle: cheap, and skips headers. */
const SAMPLE_BYTES = 64 * 1024;
/** Below this a chunk is stored as it is: the saving cannot matter. */
const MIN_BYTES = 16 * 1024;

const gzip = (bytes: Uint8Array<ArrayBuffer>): Promise<Blob> =>
  new Response(new Blob([bytes]).stream().pipeThrough(new CompressionStream('gzip'))).blob();

/** The Blob to store for one chunk: gzipped (typed `GZIP_CHUNK_TYPE`) when that saves a fifth. */
export async function chunkAtRest(bytes: Uint8Array<ArrayBuffer>): Promise<Blob> {
  const plain = () => new Blob([bytes]);
  if (bytes.byteLength < MIN_BYTES || typeof CompressionStream !== 'function') return plain();
  const from = Math.max(0, Math.floor((bytes.byteLength - SAMPLE_BYTES) / 2));
  const sample = bytes.subarray(from, from + SAMPLE_BYTES);
  if ((await gzip(sample)).size > sample.byteLength * WORTH_IT) return plain();
  const packed = await gzip(bytes);
  if (packed.size > bytes.byteLength * WORTH_IT) return plain();
  return new Blob([packed], { type: GZIP_CHUNK_TYPE });
}

/** A stored chunk's bytes, decoded if it was stored compressed. Rejects if it no longer decodes. */
export function chunkContent(chunk: Blob): Promise<ArrayBuffer> {
  if (chunk.type !== GZIP_CHUNK_TYPE) return chunk.arrayBuffer();
  return new Response(chunk.stream().pipeThrough(new DecompressionStream('gzip'))).arrayBuffer();
}

/**
 * A stored file's bytes as one buffer. Plain chunks concatenate lazily (one copy); compressed ones
 * are decoded into place. A chunk that does not decode, or chunks that add up to more or less
 * than `size`, give an empty buffer: the caller's length check then treats the file as damaged.
 */
export async function storedFileContent(chunks: readonly Blob[], size: number): Promise<ArrayBuffer> {
  if (!chunks.some((c) => c.type === GZIP_CHUNK_TYPE)) return new Blob([...chunks]).arrayBuffer();
  const out = new Uint8Array(size);
  let at = 0;
  try {
    for (const chunk of chunks) {
      const part = new Uint8Array(await chunkContent(chunk));
      if (at + part.byteLength > size) return new ArrayBuffer(0);
      out.set(part, at);
      at += part.byteLength;
    }
  } catch {
    return new ArrayBuffer(0);
  }
  return at === size ? out.buffer : new ArrayBuffer(0);
}
