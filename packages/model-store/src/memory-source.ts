import {
  ModelDownloadError,
  ModelIntegrityError,
  parseManifest,
  type LoadedModel,
  type ModelLoadOptions,
  type ModelManifest,
  type ModelSource,
  type OpenedModel,
} from '@tandem/core';
import { sha256Sri } from './integrity.js';

/** Bytes in hand, keyed by the URL a manifest names them by (or by the file's `name`). */
export type MemoryModelFiles = ReadonlyMap<string, ArrayBuffer | Uint8Array> | Readonly<Record<string, ArrayBuffer | Uint8Array>>;

/**
 * The `ModelSource` contract over bytes already in memory: for tests, and for an embedder that
 * ships weights in its bundle or gets them from elsewhere. It reads no network and caches
 * nothing, but makes the same promise as the store: every file is checked against the
 * manifest's size and SHA-256 before a runtime sees it (`ModelIntegrityError` otherwise), and
 * manifests go through the one parser (`parseManifest`).
 *
 * `open(url)` reads the manifest JSON from the bytes stored under `url` and resolves its file
 * URLs against it, as the store does over HTTP.
 */
export function createMemoryModelSource(files: MemoryModelFiles): ModelSource {
  const byKey = files instanceof Map ? files : new Map(Object.entries(files as Record<string, ArrayBuffer | Uint8Array>));
  const bytesAt = (modelId: string, url: string, name?: string): Uint8Array => {
    const found = byKey.get(url) ?? (name === undefined ? undefined : byKey.get(name));
    if (found === undefined) throw new ModelDownloadError({ modelId, url, reason: 'not among the in-memory files' });
    return found instanceof Uint8Array ? found : new Uint8Array(found);
  };

  async function load(input: ModelManifest, options: ModelLoadOptions = {}): Promise<LoadedModel> {
    const manifest = parseManifest(input);
    const { id: modelId, version } = manifest;
    const bytesTotal = manifest.files.reduce((sum, f) => sum + f.size, 0);
    const loaded = new Map<string, ArrayBuffer>();
    let bytesDone = 0;
    for (const file of manifest.files) {
      options.signal?.throwIfAborted();
      // A copy: the caller's bytes stay theirs, and a runtime may detach what it is served.
      const bytes = bytesAt(modelId, file.url, file.name).slice();
      const actual = bytes.byteLength === file.size ? await sha256Sri(bytes) : `${bytes.byteLength} bytes`;
      const expected = bytes.byteLength === file.size ? file.sha256 : `${file.size} bytes`;
      if (actual !== expected) throw new ModelIntegrityError({ modelId, version, file: file.name, expected, actual });
      loaded.set(file.name, bytes.buffer);
      bytesDone += file.size;
      options.onProgress?.({
        modelId, version, file: file.name, fileBytesDone: file.size, fileBytesTotal: file.size,
        bytesDone, bytesTotal, networkBytes: 0, source: 'cache', attempt: 0,
      });
    }
    return {
      manifest,
      files: loaded,
      networkBytes: 0,
      buffer(name) {
        const file = name ?? (manifest.files.length === 1 ? manifest.files[0]!.name : undefined);
        const bytes = file === undefined ? undefined : loaded.get(file);
        if (!bytes) throw new RangeError(`model ${modelId}@${version} has no file ${name ?? '(name required: several files)'}`);
        return bytes;
      },
      release: () => undefined,
    };
  }

  async function open(manifestUrl: string, options: ModelLoadOptions = {}): Promise<OpenedModel> {
    const json: unknown = JSON.parse(new TextDecoder().decode(bytesAt(manifestUrl, manifestUrl)));
    const model = await load(parseManifest(json, { baseUrl: manifestUrl }), options);
    return { model, revalidation: Promise.resolve({ status: 'current', version: model.manifest.version }) };
  }

  return { load, open };
}
