#!/usr/bin/env node
// @tandem/speech's `prepack`: builds PocketSphinx to WebAssembly from Debian's sources (cached,
// scripts/build-pocketsphinx-wasm.sh) and writes the runtime bundle (glue, wasm, manifest.json
// with sizes and SRI hashes) into packages/speech/runtime/, so the tarball carries what the
// engine needs at run time. Without it an app installing the tarball had no recogniser at all.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { preparePocketsphinxRuntime } from './speech-assets.mjs';

const root = resolve(import.meta.dirname, '..');
const build = spawnSync('bash', [join(root, 'scripts/build-pocketsphinx-wasm.sh')], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
const dir = join(root, 'packages/speech/runtime');
rmSync(dir, { recursive: true, force: true });
if (!preparePocketsphinxRuntime(root, dir)) {
  console.error('[pack-speech-runtime] no wasm build after build-pocketsphinx-wasm.sh');
  process.exit(1);
}
