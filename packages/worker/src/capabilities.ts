/**
 * The one module that asks the browser what it can do. Every check lives here so the router, the
 * engines and the tests read the same answers (core's `DeviceCapabilities`, plain data that can
 * cross to a worker). Works in the page and in workers; checks that only exist in one of them
 * (battery) are left undefined in the other.
 */
import type { DeviceCapabilities } from '@tandem/core';
import { navigatorGpu, type GpuAdapterLike } from './webgpu-types.js';

/**
 * Smallest modules that validate only with the feature (the same bytes wasm-feature-detect uses):
 * SIMD — a function using `i8x16.popcnt`-era v128 ops; threads — a shared memory declaration.
 */
const SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11,
]);
const THREADS_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 96, 0, 0, 3, 2, 1, 0, 5, 4, 1, 3, 1, 1, 10, 11, 1, 9, 0, 65, 0, 254, 16, 2, 0, 26, 11,
]);

function validates(bytes: Uint8Array<ArrayBuffer>): boolean {
  try {
    return typeof WebAssembly === 'object' && WebAssembly.validate(bytes);
  } catch {
    return false;
  }
}

export interface ProbeOptions {
  /** Skip `requestAdapter()` (it can take a while on software adapters). */
  skipWebGpu?: boolean;
}

export interface WebGpuProbe {
  capabilities: DeviceCapabilities['webgpu'];
  /** The adapter object itself, for engines that want to reuse it. */
  adapter?: GpuAdapterLike;
}

export async function probeWebGpu(): Promise<WebGpuProbe> {
  const gpu = navigatorGpu();
  if (!gpu) return { capabilities: { available: false, shaderF16: false } };
  let adapter: GpuAdapterLike | null = null;
  try {
    adapter = await gpu.requestAdapter();
  } catch {
    adapter = null;
  }
  if (!adapter) return { capabilities: { available: false, shaderF16: false } };
  const info = adapter.info ?? {};
  return {
    adapter,
    capabilities: {
      available: true,
      adapter: {
        vendor: info.vendor ?? '',
        architecture: info.architecture ?? '',
        description: info.description ?? '',
        isFallbackAdapter: info.isFallbackAdapter ?? adapter.isFallbackAdapter ?? false,
      },
      shaderF16: adapter.features.has('shader-f16'),
      ...(adapter.limits.maxBufferSize !== undefined && { maxBufferSize: adapter.limits.maxBufferSize }),
    },
  };
}

interface BatteryLike {
  charging: boolean;
  level: number;
}

async function batterySaver(): Promise<boolean | undefined> {
  const nav = (globalThis.navigator ?? {}) as Partial<Navigator> & { getBattery?: () => Promise<BatteryLike> };
  if (typeof nav.getBattery !== 'function') return undefined;
  try {
    const battery = await nav.getBattery();
    return !battery.charging && battery.level < 0.2;
  } catch {
    return undefined;
  }
}

/** Probes the device. Cheap except for the WebGPU adapter request. */
export async function probeCapabilities(options: ProbeOptions = {}): Promise<DeviceCapabilities> {
  // No navigator at all outside browsers (Node 20, SSR): every check then answers "no".
  const nav = (globalThis.navigator ?? {}) as Partial<Navigator> & { deviceMemory?: number; ml?: unknown };
  const isolated = globalThis.crossOriginIsolated === true;
  const [webgpu, saver] = await Promise.all([
    options.skipWebGpu ? Promise.resolve<WebGpuProbe>({ capabilities: { available: false, shaderF16: false } }) : probeWebGpu(),
    batterySaver(),
  ]);
  return {
    webgpu: webgpu.capabilities,
    webnn: typeof nav.ml === 'object' && nav.ml !== null,
    wasm: {
      simd: validates(SIMD_PROBE),
      // Threads need the instruction set AND SharedArrayBuffer, which only isolated pages get.
      threads: validates(THREADS_PROBE) && isolated && typeof SharedArrayBuffer === 'function',
    },
    crossOriginIsolated: isolated,
    ...(typeof nav.deviceMemory === 'number' && { deviceMemoryGiB: nav.deviceMemory }),
    hardwareConcurrency: nav.hardwareConcurrency || 1,
    online: nav.onLine ?? true,
    ...(saver !== undefined && { batterySaver: saver }),
  };
}

/**
 * A short stable string for "this device", so a measured backend choice is reused only where it
 * was measured: the GPU adapter, core count, memory class and the browser's major version. Not a
 * tracking identifier: it stays on the device, in IndexedDB, as a key.
 */
export function deviceFingerprint(capabilities: DeviceCapabilities): string {
  const ua = globalThis.navigator?.userAgent ?? '';
  const browser = /(Chrome|Firefox|Version)\/(\d+)/.exec(ua);
  const a = capabilities.webgpu.adapter;
  return [
    a ? `${a.vendor}/${a.architecture}/${a.description}${a.isFallbackAdapter ? '/fallback' : ''}` : 'no-webgpu',
    `cores=${capabilities.hardwareConcurrency}`,
    `mem=${capabilities.deviceMemoryGiB ?? '?'}`,
    `threads=${capabilities.wasm.threads}`,
    `webnn=${capabilities.webnn}`,
    browser ? `${browser[1]}/${browser[2]}` : 'browser?',
  ].join('|');
}
