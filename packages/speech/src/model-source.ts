import { ModelDownloadError, ModelIntegrityError, ValidationError } from '@tandem/core';

/**
 * Where an engine gets its files. The manifest format is @tandem/model-store's (id, version,
 * runtime, licence, files with SRI `sha256-…` hashes), so the store can serve the same bundles
 * from IndexedDB by swapping this one function: an engine never fetches on its own.
 */
export interface ModelManifestFile {
  name: string;
  url: string;
  size: number;
  /** SRI form: `sha256-` + base64 of the digest. */
  sha256: string;
}

export interface ModelBundleManifest {
  id: string;
  version: string;
  runtime: string;
  licence: string;
  description?: string;
  files: ModelManifestFile[];
}

/** Every file of one model version, each already checked against its manifest entry. */
export interface ModelFiles {
  id: string;
  version: string;
  files: ReadonlyMap<string, Uint8Array>;
}

/** Resolves a manifest URL to the checked bytes of all its files. */
export type ModelSource = (manifestUrl: string, signal?: AbortSignal) => Promise<ModelFiles>;

function parseBundleManifest(json: unknown, manifestUrl: string): ModelBundleManifest {
  const issues: string[] = [];
  const m = json as Partial<ModelBundleManifest> | null;
  if (typeof m !== 'object' || m === null) throw new ValidationError({ what: 'model manifest', issues: ['not an object'] });
  for (const key of ['id', 'version', 'runtime', 'licence'] as const) {
    if (typeof m[key] !== 'string' || m[key] === '') issues.push(`${key}: must be a non-empty string`);
  }
  if (!Array.isArray(m.files) || m.files.length === 0) issues.push('files: must be a non-empty array');
  const files = (Array.isArray(m.files) ? m.files : []).map((f: Partial<ModelManifestFile>, i) => {
    if (typeof f.name !== 'string' || typeof f.url !== 'string') issues.push(`files.${i}: name and url must be strings`);
    if (typeof f.size !== 'number' || !Number.isSafeInteger(f.size) || f.size < 0) issues.push(`files.${i}.size: not a size`);
    if (typeof f.sha256 !== 'string' || !/^sha256-[A-Za-z0-9+/]{43}=$/.test(f.sha256)) {
      issues.push(`files.${i}.sha256: must be an SRI SHA-256 hash`);
    }
    return { ...f, url: new URL(String(f.url), manifestUrl).href } as ModelManifestFile;
  });
  if (issues.length > 0) throw new ValidationError({ what: `model manifest ${manifestUrl}`, issues });
  return { ...(m as ModelBundleManifest), files };
}

/** SRI string of some bytes (`sha256-` + base64), as the manifest writes it. */
export async function sriSha256(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  let binary = '';
  for (const b of digest) binary += String.fromCharCode(b);
  return `sha256-${btoa(binary)}`;
}

async function fetchBytes(url: string, modelId: string, signal?: AbortSignal): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await fetch(url, signal ? { signal } : {});
  } catch (cause) {
    throw new ModelDownloadError({ modelId, url, reason: String(cause) }, { cause });
  }
  if (!response.ok) throw new ModelDownloadError({ modelId, url, status: response.status, reason: response.statusText });
  return new Uint8Array(await response.arrayBuffer());
}

/**
 * The default source: plain `fetch` (the browser's HTTP cache applies), every file checked for
 * size and SHA-256 before an engine sees it. A mismatch throws `ModelIntegrityError`.
 */
export const fetchModelSource: ModelSource = async (manifestUrl, signal) => {
  const absolute = new URL(manifestUrl, globalThis.location?.href).href;
  const manifestBytes = await fetchBytes(absolute, manifestUrl, signal);
  const manifest = parseBundleManifest(JSON.parse(new TextDecoder().decode(manifestBytes)), absolute);
  const entries = await Promise.all(
    manifest.files.map(async (file) => {
      const bytes = await fetchBytes(file.url, manifest.id, signal);
      const actual = bytes.byteLength === file.size ? await sriSha256(bytes) : `size ${bytes.byteLength}`;
      const expected = bytes.byteLength === file.size ? file.sha256 : `size ${file.size}`;
      if (actual !== expected) {
        throw new ModelIntegrityError({ modelId: manifest.id, version: manifest.version, file: file.name, expected, actual });
      }
      return [file.name, bytes] as const;
    }),
  );
  return { id: manifest.id, version: manifest.version, files: new Map(entries) };
};
