import { describe, expect, it } from 'vitest';
import { baselineCapabilities } from '@tandem/core';
import { deviceFingerprint, probeCapabilities } from '../capabilities.js';

describe('probeCapabilities', () => {
  it('recognises WASM SIMD (Node has it) and reports threads only when cross-origin isolated', async () => {
    const caps = await probeCapabilities();
    expect(caps.wasm.simd).toBe(true);
    // Node is not a cross-origin-isolated page: threads need SharedArrayBuffer AND isolation.
    expect(caps.crossOriginIsolated).toBe(false);
    expect(caps.wasm.threads).toBe(false);
    expect(caps.webgpu.available).toBe(false);
    expect(caps.hardwareConcurrency).toBeGreaterThanOrEqual(1);
  });
});

describe('deviceFingerprint', () => {
  it('differs when the GPU adapter differs and is stable otherwise', () => {
    const cpuOnly = baselineCapabilities({ hardwareConcurrency: 8 });
    const gpu = baselineCapabilities({
      hardwareConcurrency: 8,
      webgpu: { available: true, shaderF16: false, adapter: { vendor: 'google', architecture: 'swiftshader', description: '', isFallbackAdapter: true } },
    });
    expect(deviceFingerprint(cpuOnly)).toBe(deviceFingerprint(baselineCapabilities({ hardwareConcurrency: 8 })));
    expect(deviceFingerprint(gpu)).not.toBe(deviceFingerprint(cpuOnly));
    expect(deviceFingerprint(gpu)).toContain('swiftshader');
  });
});
