/**
 * A model bundle prepared for the e2e pages (a folder with its manifest.json), published again on
 * the benchmark's own model server, so every byte a load fetches is counted by that server.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ModelManifest } from '@tandem/model-store';
import { sriSha256, type ModelServer } from '../support/model-server.ts';

export interface RepublishedModel {
  /** The prepared manifest with every file's URL on `server`. */
  manifest: ModelManifest;
  /** Sum of the files' sizes. */
  bytes: number;
}

/** Checks each file against the prepared manifest (a stale folder fails here, not mid-run) and serves it under `/{prefix}/`. */
export async function republishModel(server: ModelServer, dir: string, prefix: string): Promise<RepublishedModel> {
  const prepared = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as ModelManifest;
  let bytes = 0;
  const files = [];
  for (const file of prepared.files) {
    const body = await readFile(join(dir, file.url));
    if (body.length !== file.size || sriSha256(body) !== file.sha256) throw new Error(`${dir}/${file.name} does not match its manifest: prepare the assets again`);
    const path = `/${prefix}/${file.url}`;
    server.put(path, body);
    bytes += body.length;
    files.push({ ...file, url: `${server.origin}${path}` });
  }
  return { manifest: { ...prepared, files }, bytes };
}
