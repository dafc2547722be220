/**
 * The few WebGPU shapes Tandem reads, declared structurally: TypeScript's DOM lib does not ship
 * WebGPU, and pulling in @webgpu/types for four fields would leak into every consumer.
 */
export interface GpuAdapterInfoLike {
  vendor?: string;
  architecture?: string;
  description?: string;
  isFallbackAdapter?: boolean;
}

export interface GpuAdapterLike {
  features: { has(name: string): boolean };
  limits: { maxBufferSize?: number; maxStorageBufferBindingSize?: number };
  info?: GpuAdapterInfoLike;
  isFallbackAdapter?: boolean;
}

export interface GpuLike {
  requestAdapter(options?: { powerPreference?: 'low-power' | 'high-performance' }): Promise<GpuAdapterLike | null>;
}

/** `navigator.gpu` when the browser has it (page or worker). */
export function navigatorGpu(): GpuLike | undefined {
  return (globalThis.navigator as (Navigator & { gpu?: GpuLike }) | undefined)?.gpu;
}
