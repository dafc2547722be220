/**
 * The tiny face detector as a local stage: RGBA pixels in, face boxes out, on a fixed TF.js
 * backend or on the one measured fastest (among those agreeing with the cpu reference) on this device.
 */
import type { ModelRef, StageModelSource } from '@tandem/core';
import type { LocalStageDefinition } from '@tandem/worker';
import { tfjsStage, type TfjsRunReport, type TfjsStageConfig } from './tfjs-stage.js';
import {
  decodeTinyFaceDetector,
  detectFaces,
  tinyFaceDetectorGrid,
  type FaceDetection,
  type RgbaImage,
  type TinyFaceDetectorOptions,
  type TinyFaceDetectorWeights,
} from './tiny-face-detector.js';
import { tf } from './tfjs-engine.js';

export interface FaceDetectorConfig extends TinyFaceDetectorOptions, TfjsStageConfig {
  /**
   * The weights: a manifest URL or manifest (`@tandem/core`'s `ModelRef`) of a bundle holding
   * face-api's `tiny_face_detector_model-weights_manifest.json` and the shards it names.
   */
  manifest: ModelRef;
}

export interface FaceDetectorInput {
  image: RgbaImage;
}

export interface FaceDetectorOutput {
  faces: FaceDetection[];
}

/** `backend` is what TF.js says ran; `networkBytes` what the source fetched (0: from its cache). */
export type FaceDetectorRunReport = TfjsRunReport;

export interface FaceDetectorStageOptions<C extends FaceDetectorConfig> {
  /**
   * Where the weights come from (`@tandem/core`'s `ModelSource`), created where the stage runs:
   * usually @tandem/model-store's `createModelStore()`, which checks every byte against the
   * manifest and caches it in IndexedDB. A function picks a source per config.
   */
  source: StageModelSource<C>;
}

/** A deterministic 128×128 pattern for backend trials: every backend sees the same pixels. */
function trialImage(): RgbaImage {
  const side = 128;
  const pixels = new Uint8ClampedArray(side * side * 4);
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const i = (y * side + x) * 4;
      const r = Math.hypot(x - 64, y - 60);
      pixels[i] = r < 40 ? 200 : (x * 2) & 255;
      pixels[i + 1] = r < 40 ? 160 : (y * 2) & 255;
      pixels[i + 2] = r < 40 ? 130 : 90;
      pixels[i + 3] = 255;
    }
  }
  return { pixels, width: side, height: side };
}

/**
 * The tiny face detector stage with its weights from `options.source`; register the result in a
 * worker (`exposeStages`) or hand it to `createInPageRunner`. `C` may extend the config with what
 * the source needs (a store name); it must stay plain, cloneable data.
 */
export function createFaceDetectorStage<C extends FaceDetectorConfig = FaceDetectorConfig>(
  options: FaceDetectorStageOptions<C>,
): LocalStageDefinition<C, FaceDetectorInput, FaceDetectorOutput> {
  const image = trialImage();
  return tfjsStage<FaceDetectorInput, FaceDetectorOutput, 'raw', C, TinyFaceDetectorWeights>({
    name: 'face detector',
    outputLabel: 'raw',
    source: options.source,
    tolerance: 1e-2,
    // Decoded per backend (tensors live on one), always from the bytes the source checked.
    load: (bundle) => decodeTinyFaceDetector(bundle),
    dispose: (weights) => tf.dispose(Object.values(weights)),
    async infer(weights, { image: input }, { config }) {
      const detector: TinyFaceDetectorOptions = {
        ...(config.inputSize !== undefined && { inputSize: config.inputSize }),
        ...(config.scoreThreshold !== undefined && { scoreThreshold: config.scoreThreshold }),
      };
      return { faces: await detectFaces(weights, input, detector) };
    },
    // The raw grid of box encodings on a fixed pattern: every backend's numbers, not just its boxes.
    trial: (weights) => tinyFaceDetectorGrid(weights, image),
  });
}
