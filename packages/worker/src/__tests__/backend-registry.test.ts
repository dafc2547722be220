import { describe, expect, it } from 'vitest';
import { baselineCapabilities, isBackendUnavailableError, type BackendUnavailableError } from '@tandem/core';
import { createBackendRegistry } from '../backend-registry.js';

function registry() {
  const r = createBackendRegistry<string, string>('test-engine');
  let gpuInits = 0;
  r.register({
    name: 'gpu', priority: 30,
    unavailableReason: (c) => (c.webgpu.available ? undefined : 'no WebGPU adapter'),
    init: async () => { gpuInits++; },
    open: async (m) => `gpu:${m}`,
  });
  r.register({ name: 'flaky', priority: 20, init: async () => Promise.reject(new Error('init failed')), open: async (m) => `flaky:${m}` });
  r.register({ name: 'cpu', priority: 10, open: async (m) => `cpu:${m}` });
  return { r, gpuInits: () => gpuInits };
}

describe('createBackendRegistry', () => {
  it('tries backends by priority and records every failure before the one that works', async () => {
    const { r } = registry();
    expect(r.names()).toEqual(['gpu', 'flaky', 'cpu']);
    const opened = await r.open('m', { capabilities: baselineCapabilities() });
    expect(opened.backend).toBe('cpu');
    expect(opened.failures).toEqual([
      { backend: 'gpu', message: 'no WebGPU adapter' },
      { backend: 'flaky', message: 'init failed' },
    ]);
  });

  it('throws one BackendUnavailableError listing all failures only when none works', async () => {
    const { r } = registry();
    const error = (await r.open('m', { backends: ['flaky', 'nope'] }).catch((e: unknown) => e)) as BackendUnavailableError;
    expect(isBackendUnavailableError(error)).toBe(true);
    expect(error.details.engine).toBe('test-engine');
    expect(error.details.failures.map((f) => f.backend)).toEqual(['flaky', 'nope']);
    expect(error.message).toContain('init failed');
  });

  it('runs each backend init once and filters candidates by capability', async () => {
    const { r, gpuInits } = registry();
    const caps = baselineCapabilities({ webgpu: { available: true, shaderF16: false } });
    expect(r.candidates(caps)).toEqual(['gpu', 'flaky', 'cpu']);
    expect(r.candidates(baselineCapabilities())).toEqual(['flaky', 'cpu']);
    await r.open('a', { backends: ['gpu'] });
    await r.open('b', { backends: ['gpu'] });
    expect(gpuInits()).toBe(1);
  });
});
