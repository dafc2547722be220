import { ModelDownloadError } from '@tandem/core';
import { BLOCK_SIZE, blockHasher } from './block-digests.js';
import { chunkAtRest, chunkContent } from './chunk-at-rest.js';
import { chunkSpan, completeChunks, resumeOffset } from './chunk-plan.js';
import { interpretRangeResponse, rangeHeader } from './http-range.js';
import { fileHasher, type FileHasher } from './integrity.js';
import type { ManifestFile } from './manifest.js';
import type { ModelDb } from './model-db.js';
import type { ModelRecord } from './model-record.js';
import { isQuotaExceeded } from './quota.js';

export interface FileDownload {
  db: ModelDb;
  fetch: typeof fetch;
  /** Mutated as chunks are stored; each write stores a snapshot with its chunk. */
  record: ModelRecord;
  file: ManifestFile;
  signal: AbortSignal | undefined;
  onStart(info: { offset: number; resumed: boolean; status: number }): void;
  onRestart(reason: string): void;
  onBytes(fileBytesDone: number, networkDelta: number, source: 'network' | 'cache'): void;
  /**
   * A chunk write failed with QuotaExceededError. Resolves when room was made (the write is
   * retried once), or throws QuotaError.
   */
  onQuotaExceeded(remainingBytes: number): Promise<void>;
}

export type FileOutcome =
  | { verified: true; bytes: Uint8Array<ArrayBuffer>; networkBytes: number; blockSize: number; blockDigests: Uint8Array }
  | { verified: false; actual: string; networkBytes: number };

/**
 * Counts are of DECODED bytes throughout: with a brotli or gzip response the browser hands the
 * store the decoded body, so progress runs against the manifest's size (not Content-Length, which
 * is the encoded length), chunks hold the file's own bytes and the hash is of the file.
 *
 * Streams one file into a buffer of its manifest size, storing each full chunk as it completes
 * and resuming after the chunks a previous attempt stored; then hashes it (integrity.ts). The
 * buffer that was hashed is the buffer returned, so a cold load serves exactly the verified
 * bytes without reading them back. Block digests for later warm loads (block-digests.ts) are
 * taken as blocks fill, between network reads, and kept only if the whole file verifies.
 */
export async function downloadFile(job: FileDownload): Promise<FileOutcome> {
  const { record, file } = job;
  const state = record.files[file.name];
  if (!state) throw new Error(`record of ${record.id}@${record.version} has no file "${file.name}"`);
  const { chunkSize } = record;
  const bytes = new Uint8Array(file.size);
  let hash = fileHasher();
  const blocks = blockHasher(bytes, BLOCK_SIZE);
  let received = await restoreStoredPrefix(job, bytes, hash);
  blocks.advance(received);

  const fail = (reason: string, status?: number, cause?: unknown) =>
    new ModelDownloadError(
      { modelId: record.id, url: file.url, reason, ...(status === undefined ? {} : { status }) },
      cause === undefined ? undefined : { cause },
    );

  let networkBytes = 0;
  if (received < file.size) {
    let restartReason: string | undefined;
    let response = await request(job, received).catch((error: unknown) => {
      // A ranged request that fails outright may be one the browser cannot take: Chromium refuses
      // a 206 whose body is a range of a gzip or brotli stream (it cannot decode its middle) with
      // the same TypeError as a network failure. Retrying the same Range would fail for ever, so
      // the whole file is asked for once; if the network is down, that fails too.
      if (received === 0 || job.signal?.aborted) throw fail(`request failed: ${String(error)}`, undefined, error);
      restartReason = `the request for bytes ${received}- failed (${String(error)}); downloading the whole file`;
      return request(job, 0).catch((again: unknown) => {
        throw fail(`request failed: ${String(again)}`, undefined, again);
      });
    });
    let decision = interpretRangeResponse(response.status, response.headers.get('Content-Range'), restartReason ? 0 : received, file.size, response.headers.get('Content-Encoding'));
    if (decision.kind === 'retry-full') {
      restartReason = decision.reason;
      await response.body?.cancel();
      response = await request(job, 0).catch((error: unknown) => {
        throw fail(`request failed: ${String(error)}`, undefined, error);
      });
      decision = interpretRangeResponse(response.status, response.headers.get('Content-Range'), 0, file.size, response.headers.get('Content-Encoding'));
    }
    if (decision.kind === 'error' || decision.kind === 'retry-full' || !response.body) {
      await response.body?.cancel();
      throw fail(decision.kind === 'resume' || decision.kind === 'full' ? 'empty body' : decision.reason, response.status);
    }
    if (decision.kind === 'full' && received > 0) {
      // The server ignored Range: what we stored is replaced by the full body from byte 0.
      job.onRestart(restartReason ?? `server answered ${response.status} to a Range request; downloading the whole file`);
      state.storedChunks = 0;
      await job.db.deleteFileChunks(structuredClone(record), file.name);
      received = 0;
      hash = fileHasher();
      blocks.reset();
    }
    job.onStart({ offset: received, resumed: received > 0, status: response.status });

    const reader = response.body.getReader();
    let pendingWrite: Promise<void> = Promise.resolve();
    try {
      for (;;) {
        let piece: ReadableStreamReadResult<Uint8Array>;
        try {
          piece = await reader.read();
        } catch (error) {
          if (job.signal?.aborted) throw job.signal.reason;
          throw fail(`connection lost after ${received} of ${file.size} bytes (${String(error)})`, response.status, error);
        }
        if (piece.done) break;
        const chunk = piece.value;
        if (received + chunk.byteLength > file.size) {
          throw fail(`server sent more than the manifest's ${file.size} bytes`, response.status);
        }
        bytes.set(chunk, received);
        hash.update(chunk);
        received += chunk.byteLength;
        blocks.advance(received);
        networkBytes += chunk.byteLength;
        job.onBytes(received, chunk.byteLength, 'network');
        const ready = completeChunks(received, file.size, chunkSize);
        if (ready > state.storedChunks) {
          // One write in flight at a time: the network keeps streaming while the last chunk lands.
          await pendingWrite;
          pendingWrite = storeChunks(job, bytes, ready);
          // Awaited before the next write or in `finally`; this only keeps an early rejection
          // from being reported as unhandled in between.
          pendingWrite.catch(() => undefined);
        }
      }
    } finally {
      // Whatever ended the stream, the chunks already handed to IndexedDB are kept for resuming.
      await pendingWrite;
    }
    if (received !== file.size) throw fail(`body ended after ${received} of ${file.size} bytes`, response.status);
  }

  const actual = await hash.digest(bytes);
  if (actual !== file.sha256) return { verified: false, actual, networkBytes };
  return { verified: true, bytes, networkBytes, blockSize: BLOCK_SIZE, blockDigests: await blocks.finish() };
}

function request(job: FileDownload, offset: number): Promise<Response> {
  const range = rangeHeader(offset);
  return job.fetch(job.file.url, {
    // The store is the cache: keeping a second copy in the HTTP cache would double the disk use
    // and hide the real network cost.
    cache: 'no-store',
    headers: range === undefined ? {} : { Range: range },
    ...(job.signal ? { signal: job.signal } : {}),
  });
}

/** Copies the stored chunks into `bytes` and the hash; returns where the network must resume. */
async function restoreStoredPrefix(job: FileDownload, bytes: Uint8Array<ArrayBuffer>, hash: FileHasher): Promise<number> {
  const { record, file } = job;
  const state = record.files[file.name]!;
  if (state.storedChunks === 0) return 0;
  const offset = resumeOffset(state.storedChunks, file.size, record.chunkSize);
  const chunks = await job.db.readChunks(record.id, record.version, file.name);
  let at = 0;
  const usable = chunks.length >= state.storedChunks;
  for (const blob of usable ? chunks.slice(0, state.storedChunks) : []) {
    const content = await chunkContent(blob).catch(() => undefined);
    if (!content) break; // damaged at rest: start over
    const part = new Uint8Array(content);
    if (at + part.byteLength > offset) break;
    bytes.set(part, at);
    hash.update(part);
    at += part.byteLength;
    job.onBytes(at, 0, 'cache');
  }
  if (at === offset) return offset;
  // The stored prefix is not what the record says: forget it and start over.
  state.storedChunks = 0;
  await job.db.deleteFileChunks(structuredClone(record), file.name);
  job.onRestart('stored chunks did not match their record');
  return 0;
}

/**
 * Space freed by deleting IndexedDB data is credited back to the origin asynchronously (seen in
 * Chromium under load: the first write after an eviction is refused again). So the write is
 * retried a few times with a short backoff before the refusal is taken as final.
 */
const RETRY_DELAYS_AFTER_EVICTION_MS = [0, 100, 300, 900];

async function putAfterEviction(job: FileDownload, put: () => Promise<void>): Promise<void> {
  for (let i = 0; ; i++) {
    const delay = RETRY_DELAYS_AFTER_EVICTION_MS[i];
    if (delay === undefined) return put();
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    job.signal?.throwIfAborted();
    try {
      return await put();
    } catch (error) {
      if (!isQuotaExceeded(error)) throw error;
    }
  }
}

/** Stores chunks storedChunks..upTo-1, each with a record snapshot that counts it. */
async function storeChunks(job: FileDownload, bytes: Uint8Array<ArrayBuffer>, upTo: number): Promise<void> {
  const { record, file } = job;
  const state = record.files[file.name]!;
  while (state.storedChunks < upTo) {
    const span = chunkSpan(state.storedChunks, file.size, record.chunkSize);
    const blob = await chunkAtRest(bytes.subarray(span.start, span.end));
    const snapshot = structuredClone(record);
    snapshot.files[file.name]!.storedChunks = span.index + 1;
    try {
      await job.db.putChunk(snapshot, file.name, span.index, blob);
    } catch (error) {
      if (!isQuotaExceeded(error)) throw error;
      await job.onQuotaExceeded(file.size - span.start);
      await putAfterEviction(job, () => job.db.putChunk(snapshot, file.name, span.index, blob));
    }
    state.storedChunks = span.index + 1;
  }
}
