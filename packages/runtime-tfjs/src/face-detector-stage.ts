/**
 * The tiny face detector as a local stage: RGBA pixels in, face boxes out, on a fixed TF.js
 * backend or on the one measured fastest (among those agreeing with the cpu reference) on this device.
 */
import type { RunReport } from '@tandem/core';
import { chooseBackend, deviceFingerprint, probeCapabilities, type BackendChoice, type LocalStageDefinition } from '@tandem/worker';
import { createTfjsRegistry, type TfjsBackend, type TfjsBackendLabel, type TfjsEngineOptions, type TfjsProgram, type TfjsSession } from './tfjs-engine.js';
import {
  detectFaces,
  loadTinyFaceDetector,
  tinyFaceDetectorGrid,
  type FaceDetection,
  type RgbaImage,
  type TinyFaceDetectorOptions,
  type TinyFaceDetectorWeights,
} from './tiny-face-detector.js';
import { tf } from './tfjs-engine.js';

export interface FaceDetectorConfig extends TinyFaceDetectorOptions {
  /** Same-origin URL of `tiny_face_detector_model-weights_manifest.json` (its .bin beside it). */
  manifestUrl: string;
  modelVersion?: string;
  backend?: TfjsBackend | 'auto';
  remeasure?: boolean;
  engine?: TfjsEngineOptions;
}

export interface FaceDetectorInput {
  image: RgbaImage;
}

export interface FaceDetectorOutput {
  faces: FaceDetection[];
}

export interface FaceDetectorRunReport extends RunReport {
  backend: TfjsBackendLabel;
  backendChoice?: BackendChoice;
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

async function open(config: FaceDetectorConfig): Promise<{ session: TfjsSession<TinyFaceDetectorWeights>; choice?: BackendChoice }> {
  const registry = createTfjsRegistry<TinyFaceDetectorWeights>(config.engine);
  const program: TfjsProgram<TinyFaceDetectorWeights> = {
    id: 'tiny-face-detector',
    version: config.modelVersion ?? 'face-api-1.7.15',
    load: () => loadTinyFaceDetector(config.manifestUrl),
    dispose: (weights) => tf.dispose(Object.values(weights)),
  };
  const backend = config.backend ?? 'auto';
  if (backend !== 'auto') return { session: (await registry.open(program, { backends: [backend] })).session };
  const capabilities = await probeCapabilities();
  const image = trialImage();
  const choice = await chooseBackend({
    modelId: program.id,
    modelVersion: program.version,
    fingerprint: deviceFingerprint(capabilities),
    candidates: registry.candidates(capabilities),
    reference: 'cpu',
    tolerance: 1e-2,
    ...(config.remeasure !== undefined && { remeasure: config.remeasure }),
    async trial(name) {
      const { session } = await registry.open(program, { backends: [name] });
      try {
        const timesMs: number[] = [];
        let output: ArrayLike<number> = new Float32Array(0);
        for (let r = 0; r < 4; r++) {
          const started = performance.now();
          output = (await session.run((w) => tinyFaceDetectorGrid(w, image))).value;
          timesMs.push(performance.now() - started);
        }
        return { loadMs: session.loadMs, timesMs, output };
      } finally {
        session.release();
      }
    },
  });
  return { session: (await registry.open(program, { backends: [choice.backend as TfjsBackend] })).session, choice };
}

export const faceDetectorStage: LocalStageDefinition<FaceDetectorConfig, FaceDetectorInput, FaceDetectorOutput> = {
  async create(config) {
    const started = performance.now();
    const { session, choice } = await open(config);
    const base = { modelId: 'tiny-face-detector', modelVersion: config.modelVersion ?? 'face-api-1.7.15', ...(choice && { backendChoice: choice }) };
    const loadReport: FaceDetectorRunReport = { ...base, backend: `tfjs-${session.backend}`, runMs: 0, loadMs: performance.now() - started, compileMs: session.loadMs };
    const options: TinyFaceDetectorOptions = {
      ...(config.inputSize !== undefined && { inputSize: config.inputSize }),
      ...(config.scoreThreshold !== undefined && { scoreThreshold: config.scoreThreshold }),
    };
    return {
      loadReport,
      async run({ image }) {
        const runStarted = performance.now();
        const { value: faces, ranOn } = await session.run((w) => detectFaces(w, image, options));
        const report: FaceDetectorRunReport = { ...base, backend: ranOn, runMs: performance.now() - runStarted };
        return { output: { faces }, report, transfer: [] };
      },
      async dispose() {
        session.release();
      },
    };
  },
};
