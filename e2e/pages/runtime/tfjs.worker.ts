/** The module worker for TF.js models. */
import { faceDetectorStage } from '@tandem/runtime-tfjs';
import { exposeStages } from '@tandem/worker';

exposeStages({ faces: faceDetectorStage });
