/**
 * What the device can do, as plain data: the runtime probe fills it, the router reads it. Kept free
 * of browser objects so it can be posted to a worker, logged and used in tests as a literal.
 */
export interface DeviceCapabilities {
  webgpu: {
    available: boolean;
    adapter?: {
      vendor: string;
      architecture: string;
      description: string;
      isFallbackAdapter: boolean;
    };
    shaderF16: boolean;
    maxBufferSize?: number;
  };
  webnn: boolean;
  wasm: { simd: boolean; threads: boolean };
  crossOriginIsolated: boolean;
  deviceMemoryGiB?: number;
  hardwareConcurrency: number;
  online: boolean;
  /** True when the battery API reports discharging and level < 0.2. */
  batterySaver?: boolean;
}

/** A conservative baseline (no GPU, single-threaded WASM, online) to spread overrides onto. */
export function baselineCapabilities(overrides: Partial<DeviceCapabilities> = {}): DeviceCapabilities {
  return {
    webgpu: { available: false, shaderF16: false },
    webnn: false,
    wasm: { simd: true, threads: false },
    crossOriginIsolated: false,
    hardwareConcurrency: 1,
    online: true,
    ...overrides,
  };
}
