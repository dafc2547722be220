/**
 * First visit: downloads every bundle into the IndexedDB model store with per-file and total
 * progress. Later visits (and offline ones) open them from IndexedDB (networkBytes 0).
 */
import { createModelStore, type CachedModel, type ModelProgress, type ModelStore } from '@tandem/model-store';
import { MODEL_BUNDLES, MODEL_STORE_NAME, manifestHref } from './model-bundles.ts';

export interface BundleProgress {
  key: keyof typeof MODEL_BUNDLES;
  title: string;
  file: string;
  fileBytesDone: number;
  fileBytesTotal: number;
  bytesDone: number;
  bytesTotal: number;
  source: ModelProgress['source'];
}

export interface DownloadSummary {
  networkBytes: number;
  totalBytes: number;
  ms: number;
}

export function openModelStore(): ModelStore {
  return createModelStore({ name: MODEL_STORE_NAME });
}

export async function ensureModels(store: ModelStore, base: string, onProgress: (p: BundleProgress) => void): Promise<DownloadSummary> {
  const started = performance.now();
  const entries = Object.entries(MODEL_BUNDLES) as [keyof typeof MODEL_BUNDLES, (typeof MODEL_BUNDLES)[keyof typeof MODEL_BUNDLES]][];
  const loaded = await Promise.all(
    entries.map(async ([key, bundle]) => {
      const { model } = await store.open(manifestHref(bundle, base), {
        onProgress: (p) =>
          onProgress({
            key,
            title: bundle.title,
            file: p.file,
            fileBytesDone: p.fileBytesDone,
            fileBytesTotal: p.fileBytesTotal,
            bytesDone: p.bytesDone,
            bytesTotal: p.bytesTotal,
            source: p.source,
          }),
      });
      const total = model.manifest.files.reduce((a, f) => a + f.size, 0);
      onProgress({ key, title: bundle.title, file: '', fileBytesDone: 0, fileBytesTotal: 0, bytesDone: total, bytesTotal: total, source: model.networkBytes > 0 ? 'network' : 'cache' });
      // The workers read their own copy from IndexedDB; the page need not keep these bytes.
      model.release();
      return { networkBytes: model.networkBytes, totalBytes: total };
    }),
  );
  void store.requestPersistence().catch(() => undefined);
  return {
    networkBytes: loaded.reduce((a, l) => a + l.networkBytes, 0),
    totalBytes: loaded.reduce((a, l) => a + l.totalBytes, 0),
    ms: performance.now() - started,
  };
}

export function listModels(store: ModelStore): Promise<CachedModel[]> {
  return store.list();
}
