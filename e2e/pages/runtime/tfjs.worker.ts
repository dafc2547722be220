/** The module worker for TF.js models: the face detector, its weights from a model store opened here. */
import { createModelStore } from '@tandem/model-store';
import { createFaceDetectorStage } from '@tandem/runtime-tfjs';
import { exposeStages } from '@tandem/worker';
import { faceStoreOf, type FaceStageConfig } from './face-config.ts';

exposeStages({ faces: createFaceDetectorStage<FaceStageConfig>({ source: (config) => createModelStore({ name: faceStoreOf(config) }) }) });
