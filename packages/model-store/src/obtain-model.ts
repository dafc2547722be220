import { ModelIntegrityError, QuotaError, ValidationError, isQuotaError } from '@tandem/core';
import { BLOCK_SIZE, digestBlocks, firstBadBlock } from './block-digests.js';
import { storedFileContent } from './chunk-at-rest.js';
import { chunkCount } from './chunk-plan.js';
import { downloadFile } from './download-file.js';
import type { ModelProgress, ModelStoreEvent } from './events.js';
import { sha256Sri } from './integrity.js';
import { manifestSize, modelKey, sameFiles, type ManifestFile, type ModelManifest } from './manifest.js';
import type { ModelDb, StoredFile } from './model-db.js';
import { RECORD_SCHEMA, newRecord, storedBytesOf, type ModelRecord, type StoredDigests } from './model-record.js';
import { isQuotaExceeded, readQuota, type StorageLike } from './quota.js';
import type { RoomMaker } from './room.js';

export interface ObtainDeps {
  db: ModelDb;
  fetch: typeof fetch;
  room: RoomMaker;
  storage: StorageLike | null;
  chunkSize: number;
  verifyOnLoad: VerifyMode;
  now: () => number;
  emit: (event: ModelStoreEvent) => void;
}

/**
 * How a warm load checks the bytes it read from IndexedDB: `blocks` against the per-block
 * SHA-256 digests recorded when the file matched the manifest (the default), `file` with one
 * whole-file SHA-256 against the manifest (as schema 1 did: slower, but trusts nothing stored
 * in IndexedDB), `none` not at all.
 */
export type VerifyMode = 'blocks' | 'file' | 'none';

/** A model's verified bytes, one buffer per file. */
export interface Obtained {
  files: Map<string, ArrayBuffer>;
  networkBytes: number;
}

/**
 * Gets every file of a manifest as verified bytes: from IndexedDB when stored and verified,
 * otherwise from the network (resuming stored chunks). Each file gets one retry from the network
 * after an integrity failure; a second failure deletes the version and throws. A QuotaError
 * deletes the version's entries, so a failed download leaves nothing half-stored behind.
 */
export async function obtainModel(
  deps: ObtainDeps,
  manifest: ModelManifest,
  onProgress: (progress: ModelProgress) => void,
  signal: AbortSignal | undefined,
): Promise<Obtained> {
  const { db } = deps;
  const key = modelKey(manifest.id, manifest.version);
  const stored = await db.getRecord(manifest.id, manifest.version);
  if (stored && !sameFiles(stored.manifest, manifest)) {
    throw new ValidationError({
      what: 'model manifest',
      issues: [`version "${manifest.version}" of "${manifest.id}" is already stored with different files; publish a new version instead`],
    });
  }
  // URLs may have moved (a mirror); the stored chunks are still keyed by the same hashes.
  const record: ModelRecord = stored ? { ...stored, manifest } : newRecord(manifest, deps.chunkSize, deps.now());

  const bytesTotal = manifestSize(manifest);
  const fileDone = new Map<string, number>();
  let networkBytes = 0;
  const progress = (file: ManifestFile, done: number, source: 'network' | 'cache', attempt: number) => {
    fileDone.set(file.name, done);
    let bytesDone = 0;
    for (const n of fileDone.values()) bytesDone += n;
    onProgress({
      modelId: manifest.id,
      version: manifest.version,
      file: file.name,
      fileBytesDone: done,
      fileBytesTotal: file.size,
      bytesDone,
      bytesTotal,
      networkBytes,
      source,
      attempt,
    });
  };

  try {
    const missing = bytesTotal - storedBytesOf(record);
    if (missing > 0) await deps.room.ensure(key, manifest.id, missing);
    if (!stored) await db.putRecord(record);

    const files = new Map<string, ArrayBuffer>();
    const isStored = (file: ManifestFile) => {
      const state = record.files[file.name]!;
      return state.verified && state.storedChunks === chunkCount(file.size, record.chunkSize);
    };
    // Everything stored (a warm load): every file's chunks and digests in one read transaction.
    const prefetched = manifest.files.every(isStored)
      ? await db.readFiles(record.id, record.version, manifest.files.map((f) => f.name))
      : undefined;
    // Every file's read starts at once: the browser reads the next files while this thread hashes one.
    const reads = new Map<string, Promise<ArrayBuffer>>();
    for (const [name, entry] of prefetched ?? []) {
      const read = readChunks(entry, manifest.files.find((f) => f.name === name)!.size);
      read.catch(() => undefined); // awaited in the loop; a file not reached must not report unhandled
      reads.set(name, read);
    }
    for (const file of manifest.files) {
      const state = record.files[file.name]!;
      /** Progress attempt: bumped on every restart of the file. */
      let attempt = 1;
      /** Network downloads allowed: one, plus one retry after an integrity failure. */
      let downloadsLeft = 2;
      if (isStored(file)) {
        const entry = prefetched?.get(file.name) ?? (await db.readFiles(record.id, record.version, [file.name])).get(file.name)!;
        const served = await serveStoredFile(deps, record, file, entry.digests, reads.get(file.name) ?? readChunks(entry, file.size));
        if (served.ok) {
          files.set(file.name, served.bytes);
          progress(file, file.size, 'cache', attempt);
          continue;
        }
        // Corrupted at rest: the network download below is the one retry.
        await discardFile(deps, record, file, served.actual, 'cache', true);
        downloadsLeft = 1;
        attempt++;
      }
      while (downloadsLeft-- > 0) {
        const outcome = await downloadFile({
          db,
          fetch: deps.fetch,
          record,
          file,
          signal,
          onStart: (info) =>
            deps.emit({ type: 'download-start', modelId: manifest.id, version: manifest.version, file: file.name, url: file.url, ...info }),
          onRestart: (reason) => {
            deps.emit({ type: 'download-restart', modelId: manifest.id, version: manifest.version, file: file.name, reason });
            progress(file, 0, 'network', ++attempt);
          },
          onBytes: (done, delta, source) => {
            networkBytes += delta;
            progress(file, done, source, attempt);
          },
          onQuotaExceeded: async (remaining) => {
            deps.emit({ type: 'quota-exceeded-on-write', modelId: manifest.id, version: manifest.version });
            await deps.room.ensure(key, manifest.id, remaining, true);
          },
        });
        if (outcome.verified) {
          state.verified = true;
          state.blockSize = outcome.blockSize;
          await db.putVerified(record, file.name, { fileSha256: file.sha256, blockSize: outcome.blockSize, digests: outcome.blockDigests });
          files.set(file.name, outcome.bytes.buffer);
          break;
        }
        const error = await discardFile(deps, record, file, outcome.actual, 'network', downloadsLeft > 0);
        if (downloadsLeft === 0) {
          // Nothing unverified is kept or served: the version goes entirely.
          await db.deleteModel(manifest.id, manifest.version);
          throw error;
        }
        attempt++;
      }
    }
    record.complete = true;
    if (Object.values(record.files).every((f) => f.blockSize !== undefined)) record.schema = RECORD_SCHEMA;
    record.lastUsed = deps.now();
    await db.putRecord(record);
    return { files, networkBytes };
  } catch (error) {
    if (!isQuotaError(error) && !isQuotaExceeded(error)) throw error;
    // No partial entries: a version that cannot fit is removed entirely.
    await db.deleteModel(manifest.id, manifest.version);
    if (isQuotaError(error)) throw error;
    const quota = await readQuota(deps.storage);
    throw new QuotaError(
      {
        modelId: manifest.id,
        requiredBytes: bytesTotal,
        availableBytes: quota?.availableBytes ?? 0,
        ...(quota ? { usageBytes: quota.usageBytes, quotaBytes: quota.quotaBytes } : {}),
      },
      { cause: error },
    );
  }
}

type Served = { ok: true; bytes: ArrayBuffer } | { ok: false; actual: string };

/** A stored file as one buffer (chunk-at-rest.ts: plain chunks are copied once, compressed ones decoded). */
function readChunks(entry: StoredFile, size: number): Promise<ArrayBuffer> {
  return storedFileContent(entry.chunks, size);
}

/**
 * Checks a stored file read as one buffer (`VerifyMode`). A file stored before block
 * digests existed (schema 1) is checked against the manifest's whole-file hash once, and its
 * block digests are recorded from those bytes for the next load.
 */
async function serveStoredFile(
  deps: ObtainDeps,
  record: ModelRecord,
  file: ManifestFile,
  digests: StoredDigests | undefined,
  read: Promise<ArrayBuffer>,
): Promise<Served> {
  const buffer = await read;
  const bytes = new Uint8Array(buffer);
  const mode = deps.verifyOnLoad;
  const state = record.files[file.name]!;
  const haveDigests =
    digests !== undefined && state.blockSize === digests.blockSize && digests.fileSha256 === file.sha256;
  if (bytes.byteLength !== file.size) return { ok: false, actual: await sha256Sri(bytes) };
  if (mode === 'none') return { ok: true, bytes: buffer };
  if (mode === 'blocks' && haveDigests) {
    if ((await firstBadBlock(bytes, digests.digests, digests.blockSize)) < 0) return { ok: true, bytes: buffer };
    // The error names the whole file's actual hash, as a download failure does.
    return { ok: false, actual: await sha256Sri(bytes) };
  }
  const actual = await sha256Sri(bytes);
  if (actual !== file.sha256) return { ok: false, actual };
  if (!haveDigests) {
    state.blockSize = BLOCK_SIZE;
    await deps.db.putVerified(record, file.name, { fileSha256: file.sha256, blockSize: BLOCK_SIZE, digests: await digestBlocks(bytes) });
  }
  return { ok: true, bytes: buffer };
}

/** Deletes a bad file's chunks and reports the mismatch; returns the error for the caller to throw. */
async function discardFile(
  deps: ObtainDeps,
  record: ModelRecord,
  file: ManifestFile,
  actual: string,
  source: 'network' | 'cache',
  willRetry: boolean,
): Promise<ModelIntegrityError> {
  const state = record.files[file.name]!;
  state.storedChunks = 0;
  state.verified = false;
  delete state.blockSize;
  record.complete = false;
  await deps.db.deleteFileChunks(structuredClone(record), file.name);
  const error = new ModelIntegrityError({
    modelId: record.id,
    version: record.version,
    file: file.name,
    expected: file.sha256,
    actual,
  });
  deps.emit({ type: 'integrity-error', error, willRetry, source });
  return error;
}
