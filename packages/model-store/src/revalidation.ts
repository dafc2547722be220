import { ModelDownloadError } from '@tandem/core';
import { parseManifest, type ModelManifest } from './manifest.js';

/**
 * Manifest fetches. The manifest is tiny but asked for on every online start, so it is
 * revalidated with `If-None-Match`: an unchanged manifest costs a 304 with no body.
 * (`If-None-Match` is not CORS-safelisted: a cross-origin manifest server must allow it in
 * `Access-Control-Allow-Headers` and expose `ETag`.)
 */
export type ManifestFetch =
  | { kind: 'not-modified' }
  | { kind: 'manifest'; manifest: ModelManifest; etag: string | undefined };

export async function fetchManifest(
  fetchFn: typeof fetch,
  url: string,
  etag: string | undefined,
  signal?: AbortSignal,
): Promise<ManifestFetch> {
  const response = await fetchFn(url, {
    cache: 'no-store',
    headers: etag === undefined ? {} : { 'If-None-Match': etag },
    ...(signal ? { signal } : {}),
  });
  if (response.status === 304) return { kind: 'not-modified' };
  if (!response.ok) {
    await response.body?.cancel();
    throw new ModelDownloadError({ modelId: url, url, status: response.status, reason: 'manifest request failed' });
  }
  const json: unknown = await response.json();
  return {
    kind: 'manifest',
    manifest: parseManifest(json, { baseUrl: response.url || url }),
    etag: response.headers.get('ETag') ?? undefined,
  };
}

/** How an app wants newer versions handled. */
export type UpdatePolicy =
  /** Keep serving the stored version; report that a newer one exists. */
  | 'pin'
  /** Download the newer version in the background; the next `open` serves it. */
  | 'auto-update';

/** The outcome of checking a manifest URL for a newer version (`@tandem/core`'s, as every source reports it). */
export type { Revalidation } from '@tandem/core';

/** `navigator.onLine` where it exists (page and workers); assume online elsewhere. */
export function isOnline(): boolean {
  const nav = (globalThis as { navigator?: { onLine?: boolean } }).navigator;
  return nav?.onLine !== false;
}
