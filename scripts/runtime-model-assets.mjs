// Model bundles for the ONNX and TF.js runtimes: Silero VAD v5 and face-api's Tiny Face Detector,
// each copied out of its npm package into a served folder with a manifest.json in @tandem/core's
// ModelManifest format (sizes and SRI SHA-256 of every file), so the stages load them through a
// ModelSource like every other model. Called by scripts/prepare-assets.mjs (e2e) and the demo's
// prepare-app-assets.mjs; nothing here is committed and nothing is downloaded.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { writeBundle } from './speech-assets.mjs';

function packageFiles(root) {
  const require = createRequire(join(root, 'e2e', 'package.json'));
  return {
    silero: require.resolve('@ricky0123/vad-web/dist/silero_vad_v5.onnx'),
    faceDir: join(require.resolve('@vladmandic/face-api/package.json'), '../model'),
  };
}

/** Writes `dir/silero_vad_v5.onnx` and `dir/manifest.json` (MIT, from @ricky0123/vad-web). */
export function prepareSileroBundle(root, dir) {
  const { silero } = packageFiles(root);
  const hash = createHash('sha256').update(readFileSync(silero)).digest('base64');
  writeBundle(
    dir,
    {
      id: 'silero-vad',
      // Immutable per file: the model generation plus the start of its hash.
      version: `v5+${hash.slice(0, 12)}`,
      runtime: 'onnxruntime-web',
      licence: 'MIT',
      description: 'Silero VAD v5 (voice activity detection, 16 kHz)',
    },
    [['silero_vad_v5.onnx', silero]],
  );
}

/** Writes `dir/` with face-api's TF.js weights manifest, its shard and a manifest.json (MIT). */
export function prepareTinyFaceDetectorBundle(root, dir) {
  const { faceDir } = packageFiles(root);
  const version = JSON.parse(readFileSync(join(faceDir, '../package.json'), 'utf8')).version;
  writeBundle(
    dir,
    {
      id: 'tiny-face-detector',
      version: `face-api-${version}`,
      runtime: 'tfjs',
      licence: 'MIT',
      description: "face-api's Tiny Face Detector (Tiny-YOLOv2, uint8-quantised weights)",
    },
    ['tiny_face_detector_model-weights_manifest.json', 'tiny_face_detector_model.bin'].map((name) => [name, join(faceDir, name)]),
  );
}
