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
  detectFaces,
  faceBoxIou,
  loadTinyFaceDetector,
  suppressOverlaps,
  tinyFaceDetectorGrid,
  type FaceBox,
  type FaceDetection,
  type RgbaImage,
  type TinyFaceDetectorOptions,
  type TinyFaceDetectorWeights,
} from './tiny-face-detector.js';
export {
  faceDetectorStage,
  type FaceDetectorConfig,
  type FaceDetectorInput,
  type FaceDetectorOutput,
  type FaceDetectorRunReport,
} from './face-detector-stage.js';
