/** The module worker for ONNX models (and the probe stages): one instance per model key. */
import { createModelStore } from '@tandem/model-store';
import { createSileroVadStage } from '@tandem/runtime-onnx';
import { exposeStages } from '@tandem/worker';
import { capabilitiesStage, echoStage, misbehaveStage } from './probe-stages.ts';
import { RUNTIME_STORE } from './runtime-store.ts';
import { mismatchedScorer, scorer } from './scorer-stage.ts';
import { sourcedVadStage } from './sourced-vad.ts';

// Silero's weights from the page's model store, opened in this worker: checked against the
// manifest, downloaded once per test context and shared by every VAD worker through IndexedDB.
const vadStage = createSileroVadStage({ source: createModelStore({ name: RUNTIME_STORE }) });

exposeStages({
  vad: vadStage, sourcedVad: sourcedVadStage, echo: echoStage, misbehave: misbehaveStage, capabilities: capabilitiesStage,
  [scorer.name]: scorer, [mismatchedScorer.name]: mismatchedScorer,
});
