import { describe, expect, it } from 'vitest';
import { baselineCapabilities, isBackendUnavailableError } from '@tandem/core';
import { createTfjsRegistry, tf } from '../tfjs-engine.js';
import { suppressOverlaps } from '../tiny-face-detector.js';

describe('createTfjsRegistry', () => {
  it('registers webgpu > wasm > cpu and records why each failed before the one that ran', async () => {
    const registry = createTfjsRegistry<tf.Tensor>();
    expect(registry.names()).toEqual(['webgpu', 'wasm', 'cpu']);
    const program = { id: 'ones', version: '1', load: async () => tf.ones([2, 2]) };
    const opened = await registry.open(program, { capabilities: baselineCapabilities() });
    expect(opened.backend).toBe('cpu');
    expect(opened.failures).toEqual([
      { backend: 'webgpu', message: 'no WebGPU adapter' },
      { backend: 'wasm', message: 'wasmPaths not given: the .wasm files must be served by the app' },
    ]);
    const { value, ranOn } = await opened.session.run(async (m) => (await tf.sum(m).data())[0]);
    expect(value).toBe(4);
    expect(ranOn).toBe('tfjs-cpu');
  });

  it('throws one BackendUnavailableError when none of the asked backends starts', async () => {
    const registry = createTfjsRegistry<number>();
    const error = await registry.open({ id: 'x', version: '1', load: async () => 1 }, { backends: ['wasm'] }).catch((e: unknown) => e);
    expect(isBackendUnavailableError(error)).toBe(true);
  });
});

describe('suppressOverlaps', () => {
  it('keeps the best of overlapping boxes and every separate one', () => {
    const box = (x: number, y: number) => ({ x, y, width: 0.2, height: 0.2 });
    const kept = suppressOverlaps([
      { score: 0.7, box: box(0.1, 0.1) },
      { score: 0.9, box: box(0.11, 0.1) },
      { score: 0.8, box: box(0.6, 0.6) },
    ]);
    expect(kept.map((d) => d.score)).toEqual([0.9, 0.8]);
  });
});
