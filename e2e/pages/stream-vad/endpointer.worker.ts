/**
 * The worker of the streaming-VAD page: the Silero endpointer stage, its session opened on WASM
 * from the bytes at `modelUrl` (the page's own test model; an app opens it from its model store).
 */
import { createOnnxRegistry, createSileroEndpointerStage, type SileroEndpointerConfig } from '@tandem/runtime-onnx';
import { exposeStages } from '@tandem/worker';

export interface StreamVadConfig extends SileroEndpointerConfig {
  modelUrl: string;
}

const endpointer = createSileroEndpointerStage<StreamVadConfig>({
  async open({ modelUrl }, signal) {
    const response = await fetch(modelUrl, { signal });
    if (!response.ok) throw new Error(`${modelUrl}: HTTP ${response.status}`);
    const bytes = new Uint8Array(await response.arrayBuffer());
    const { session } = await createOnnxRegistry().open({ bytes, id: 'silero-vad', version: 'v5' }, { backends: ['wasm'] });
    return { session, modelId: 'silero-vad', modelVersion: 'v5' };
  },
});

exposeStages({ endpointer });
