export {
  createTfjsRegistry,
  tf,
  type TfjsBackend,
  type TfjsBackendLabel,
  type TfjsEngineOptions,
  type TfjsProgram,
  type TfjsRegistry,
  type TfjsSession,
  type TfjsWasmFile,
} from './tfjs-engine.js';
export {
  tfjsStage,
  type TfjsCustom,
  type TfjsPrePost,
  type TfjsRunReport,
  type TfjsStage,
  type TfjsStageConfig,
  type TfjsStageOptions,
} from './tfjs-stage.js';
export { bundleIOHandler, inputSpecs, loadBundledModel, type TfjsInferenceModel, type TfjsInputSpec, type TfjsModelFormat } from './tfjs-model-io.js';
export { checkTfjsFeeds, flattenTfjsOutputs, syntheticTfjsFeeds, type TfjsFeeds, type TfjsOutputs } from './tfjs-feeds.js';
export {
  decodeTinyFaceDetector,
  detectFaces,
  faceBoxIou,
  TINY_FACE_DETECTOR_WEIGHTS_MANIFEST,
  suppressOverlaps,
  tinyFaceDetectorGrid,
  type FaceBox,
  type FaceDetection,
  type RgbaImage,
  type TinyFaceDetectorOptions,
  type TinyFaceDetectorWeights,
} from './tiny-face-detector.js';
export {
  createFaceDetectorStage,
  type FaceDetectorConfig,
  type FaceDetectorStageOptions,
  type FaceDetectorInput,
  type FaceDetectorOutput,
  type FaceDetectorRunReport,
} from './face-detector-stage.js';
