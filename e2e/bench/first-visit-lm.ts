/**
 * A copy of a speech-translate build whose ASR bundle carries another en-us language model (the
 * LM pruning study's, e2e/bench/experiments/lm-pruning.ts), with the bundle's manifest entry
 * (size, SHA-256, version) rewritten to match: what shipping that LM would put on the wire and in
 * the store, measured without touching the shared build or assets.
 */
import { createHash } from 'node:crypto';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

interface BundleManifest {
  version: string;
  description?: string;
  files: { name: string; url: string; size: number; sha256: string }[];
}

export function distWithLanguageModel(dist: string, lmFile: string, outDir: string): string {
  rmSync(outDir, { recursive: true, force: true });
  cpSync(dist, outDir, { recursive: true });
  const bundle = join(outDir, 'generated/models/pocketsphinx-en-us');
  const lm = readFileSync(lmFile);
  writeFileSync(join(bundle, 'en-us.lm.bin'), lm);
  const manifestPath = join(bundle, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as BundleManifest;
  const entry = manifest.files.find((f) => f.name === 'en-us.lm.bin');
  if (!entry) throw new Error(`${manifestPath} lists no en-us.lm.bin`);
  entry.size = lm.length;
  entry.sha256 = `sha256-${createHash('sha256').update(lm).digest('base64')}`;
  manifest.version = `${manifest.version}+lm.${createHash('sha256').update(lm).digest('hex').slice(0, 8)}`;
  writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  return outDir;
}
