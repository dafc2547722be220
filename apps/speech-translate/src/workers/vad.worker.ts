import { exposeStages } from '@tandem/worker';
import { storedVadStage } from './stored-vad-stage.ts';

exposeStages({ vad: storedVadStage });
