#!/usr/bin/env node
// Copies the real models the tests and demo use out of their npm packages into the folders the
// servers publish. Nothing here is committed and nothing is downloaded: the bytes come from the
// installed packages (see each entry's package for its licence).
import { copyFileSync, mkdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const requireFromE2e = createRequire(join(root, 'e2e', 'package.json'));

/** [package-relative file, destination under the repo] */
const ASSETS = [
  ['@ricky0123/vad-web/dist/silero_vad_v5.onnx', 'e2e/public/models/silero_vad_v5.onnx'],
  // The model-store spec serves these from its own server (versions and multi-file models).
  ['@ricky0123/vad-web/dist/silero_vad_v6.onnx', 'e2e/public/models/silero_vad_v6.onnx'],
  ['@ricky0123/vad-web/dist/silero_vad_legacy.onnx', 'e2e/public/models/silero_vad_legacy.onnx'],
  // face-api's demo photos, for the TF.js runtime spec (its detector: runtime-model-assets.mjs).
  ...[1, 2, 3, 4, 5, 6].map((n) => [`@vladmandic/face-api/demo/sample${n}.jpg`, `e2e/public/models/face-samples/sample${n}.jpg`]),
];

function packageFile(spec) {
  const [scopeOrName, maybeName, ...rest] = spec.split('/');
  const name = scopeOrName.startsWith('@') ? `${scopeOrName}/${maybeName}` : scopeOrName;
  const file = scopeOrName.startsWith('@') ? rest.join('/') : [maybeName, ...rest].join('/');
  const pkgJson = requireFromE2e.resolve(`${name}/package.json`);
  return join(dirname(pkgJson), file);
}

for (const [spec, dest] of ASSETS) {
  const from = packageFile(spec);
  const to = join(root, dest);
  mkdirSync(dirname(to), { recursive: true });
  copyFileSync(from, to);
  console.log(`[assets] ${dest} (${statSync(to).size} bytes) <- ${spec}`);
}

// Speech: the PocketSphinx wasm build and Debian's en-us model, each with a manifest (sizes, SRI).
const { prepareSpeechAssets } = await import('./speech-assets.mjs');
prepareSpeechAssets(root, join(root, 'e2e/public/models'));

// The Silero VAD and Tiny Face Detector bundles the runtime stages load through a ModelSource.
const { prepareSileroBundle, prepareTinyFaceDetectorBundle } = await import('./runtime-model-assets.mjs');
prepareSileroBundle(root, join(root, 'e2e/public/models/silero-vad'));
prepareTinyFaceDetectorBundle(root, join(root, 'e2e/public/models/tiny-face-detector'));
// A tiny ONNX model no package holds, written byte by byte: the custom-stage spec's (onnxStage).
(await import('./tiny-scorer-model.mjs')).writeTinyScorer(join(root, 'e2e/public/models/tiny-scorer'));
