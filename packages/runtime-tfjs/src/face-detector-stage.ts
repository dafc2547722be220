/**
 * The tiny face detector as a local stage: RGBA pixels in, face boxes out, on a fixed TF.js
 * backend or on the one measured fastest (among those agreeing with the cpu reference) on this device.
 */
import { openStageModel, type LoadedModel, type ModelRef, type RunReport, type StageModelSource } from '@tandem/core';
import { chooseBackend, deviceFingerprint, probeCapabilities, type BackendChoice, type LocalStageDefinition } from '@tandem/worker';
import { createTfjsRegistry, type TfjsBackend, type TfjsBackendLabel, type TfjsEngineOptions, type TfjsProgram, type TfjsSession } from './tfjs-engine.js';
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

export interface FaceDetectorConfig extends TinyFaceDetectorOptions {
  /**
   * The weights: a manifest URL or manifest (`@tandem/core`'s `ModelRef`) of a bundle holding
   * face-api's `tiny_face_detector_model-weights_manifest.json` and the shards it names.
   */
  manifest: ModelRef;
  /** Reported version; default: the manifest's. */
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
  /** Bytes the model source fetched for this stage's weights (0: all from its cache). */
  networkBytes: number;
}

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

async function open(config: FaceDetectorConfig, model: LoadedModel): Promise<{ session: TfjsSession<TinyFaceDetectorWeights>; choice?: BackendChoice }> {
  const registry = createTfjsRegistry<TinyFaceDetectorWeights>(config.engine);
  const program: TfjsProgram<TinyFaceDetectorWeights> = {
    id: model.manifest.id,
    version: config.modelVersion ?? model.manifest.version,
    // Decoded per backend (tensors live on one), always from the bytes the source checked.
    load: async () => decodeTinyFaceDetector(model),
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

/**
 * The tiny face detector stage with its weights from `options.source`; register the result in a
 * worker (`exposeStages`) or hand it to `createInPageRunner`. `C` may extend the config with what
 * the source needs (a store name); it must stay plain, cloneable data.
 */
export function createFaceDetectorStage<C extends FaceDetectorConfig = FaceDetectorConfig>(
  options: FaceDetectorStageOptions<C>,
): LocalStageDefinition<C, FaceDetectorInput, FaceDetectorOutput> {
  const { source } = options;
  return {
    async create(config, context) {
      const started = performance.now();
      const { model, opened } = await openStageModel('face detector config', source, config, context.signal, (weights) => open(config, weights));
      const { session, choice } = opened;
      const base = {
        modelId: model.manifest.id,
        modelVersion: config.modelVersion ?? model.manifest.version,
        cacheHit: model.networkBytes === 0,
        networkBytes: model.networkBytes,
        ...(choice && { backendChoice: choice }),
      };
      const loadReport: FaceDetectorRunReport = { ...base, backend: `tfjs-${session.backend}`, runMs: 0, loadMs: performance.now() - started, compileMs: session.loadMs };
      const detectorOptions: TinyFaceDetectorOptions = {
        ...(config.inputSize !== undefined && { inputSize: config.inputSize }),
        ...(config.scoreThreshold !== undefined && { scoreThreshold: config.scoreThreshold }),
      };
      return {
        loadReport,
        async run({ image }) {
          const runStarted = performance.now();
          const { value: faces, ranOn } = await session.run((w) => detectFaces(w, image, detectorOptions));
          const report: FaceDetectorRunReport = { ...base, backend: ranOn, runMs: performance.now() - runStarted };
          return { output: { faces }, report, transfer: [] };
        },
        async dispose() {
          session.release();
          model.release();
        },
      };
    },
  };
}
