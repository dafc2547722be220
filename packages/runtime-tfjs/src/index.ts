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
