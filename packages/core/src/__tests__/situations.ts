import {
  baselineCapabilities,
  type DeviceCapabilities,
  type PlacementSituation,
  type StageDescriptor,
} from '../index.js';

const GIB = 1024 ** 3;

/** A translation stage that can run on either side: the table's default. */
export const translateStage: StageDescriptor = {
  name: 'translate',
  kind: 'transform',
  outputLabel: 'sanitized',
  expectedCallsPerDay: 1000,
  local: {
    modelId: 'opus-mt-en-es',
    modelBytes: 300e6,
    updateCadenceDays: 90,
    requires: { webgpu: 'preferred', minMemoryGiB: 2 },
    estimatedLatencyMs: { webgpu: 200, wasm: 800, coldStart: 3000 },
  },
  remote: {
    endpoint: 'https://fn.example/v1/translate',
    region: 'eu',
    costPerCallUsd: 0.0001,
    estimatedLatencyMs: 400,
  },
};

export const GIANT_MODEL_BYTES = 2 * GIB;

export function capabilities(over: Partial<DeviceCapabilities> = {}): DeviceCapabilities {
  return baselineCapabilities({
    webgpu: { available: true, shaderF16: true },
    deviceMemoryGiB: 8,
    hardwareConcurrency: 8,
    online: true,
    batterySaver: false,
    ...over,
  });
}

export function situation(
  over: Partial<Omit<PlacementSituation, 'capabilities'>> & { caps?: Partial<DeviceCapabilities> } = {},
): PlacementSituation {
  const { caps, ...rest } = over;
  return { capabilities: capabilities(caps), inputLabel: 'sanitized', remoteCircuit: 'closed', modelCached: true, ...rest };
}
