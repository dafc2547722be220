import type { ModelManifest } from '@tandem/core';

/**
 * The manifest format and its parser live in @tandem/core (`parseManifest`), the one contract
 * every model source shares; the store adds what only a store needs.
 */
export { parseManifest, manifestSize, modelKey, type ModelManifest, type ManifestFile, type ParseManifestOptions } from '@tandem/core';

/**
 * Whether two manifests of the same version describe the same bytes (names, sizes, hashes).
 * URLs may differ (a mirror); the hash is what identifies the content. A manifest that reuses a
 * stored version with other files is refused, so versions never mix.
 */
export function sameFiles(a: ModelManifest, b: ModelManifest): boolean {
  if (a.files.length !== b.files.length) return false;
  const byName = new Map(a.files.map((f) => [f.name, f]));
  return b.files.every((f) => {
    const other = byName.get(f.name);
    return other !== undefined && other.size === f.size && other.sha256 === f.sha256;
  });
}
