import {
  isModelDownloadError,
  isModelIntegrityError,
  isValidationError,
  loadModel,
  openStageModel,
  type ModelManifest,
  type ModelProgress,
  type ModelRef,
  type ModelSource,
} from '@tandem/core';
import { describe, expect, it } from 'vitest';
import { sha256Sri } from '../integrity.js';
import { createMemoryModelSource } from '../memory-source.js';

const weights = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]);
const vocab = new TextEncoder().encode('hello\nworld\n');

async function manifestFor(files: { name: string; url: string; bytes: Uint8Array<ArrayBuffer> }[]): Promise<ModelManifest> {
  return {
    id: 'tiny',
    version: '1',
    runtime: 'test',
    licence: 'MIT',
    files: await Promise.all(files.map(async (f) => ({ name: f.name, url: f.url, size: f.bytes.byteLength, sha256: await sha256Sri(f.bytes) }))),
  };
}

describe('createMemoryModelSource', () => {
  it('serves each file of a manifest, checked, as a copy, with progress and no network bytes', async () => {
    const manifest = await manifestFor([
      { name: 'model.bin', url: 'mem://tiny/model.bin', bytes: weights },
      { name: 'vocab.txt', url: 'mem://tiny/vocab.txt', bytes: vocab },
    ]);
    const source = createMemoryModelSource({ 'mem://tiny/model.bin': weights, 'mem://tiny/vocab.txt': vocab.buffer });
    const progress: ModelProgress[] = [];
    const model = await source.load(manifest, { onProgress: (p) => progress.push(p) });
    expect(model.manifest).toMatchObject({ id: 'tiny', version: '1' });
    expect(model.networkBytes).toBe(0);
    expect([...new Uint8Array(model.buffer('model.bin'))]).toEqual([...weights]);
    expect(new TextDecoder().decode(model.buffer('vocab.txt'))).toBe('hello\nworld\n');
    expect(model.buffer('model.bin')).not.toBe(weights.buffer);
    expect(() => model.buffer()).toThrow(RangeError);
    expect(progress.map((p) => [p.file, p.bytesDone, p.bytesTotal, p.source])).toEqual([
      ['model.bin', 8, 20, 'cache'],
      ['vocab.txt', 20, 20, 'cache'],
    ]);
    model.release();
  });

  it('refuses bytes that differ from the manifest (one flipped byte, or a wrong size) with ModelIntegrityError', async () => {
    const manifest = await manifestFor([{ name: 'model.bin', url: 'mem://tiny/model.bin', bytes: weights }]);
    const flipped = weights.slice();
    flipped[3]! ^= 0xff;
    const error = await createMemoryModelSource({ 'mem://tiny/model.bin': flipped }).load(manifest).catch((e: unknown) => e);
    expect(isModelIntegrityError(error)).toBe(true);
    expect(error).toMatchObject({ details: { modelId: 'tiny', file: 'model.bin', expected: manifest.files[0]!.sha256, actual: await sha256Sri(flipped) } });
    const short = await createMemoryModelSource({ 'mem://tiny/model.bin': weights.subarray(1) }).load(manifest).catch((e: unknown) => e);
    expect(short).toMatchObject({ code: 'MODEL_INTEGRITY', details: { expected: '8 bytes', actual: '7 bytes' } });
  });

  it('opens a manifest stored under its URL, resolving file URLs against it (as the store does over HTTP)', async () => {
    const manifest = await manifestFor([{ name: 'model.bin', url: 'model.bin', bytes: weights }]);
    const source = createMemoryModelSource(
      new Map([
        ['https://models.example/tiny/manifest.json', new TextEncoder().encode(JSON.stringify(manifest))],
        ['https://models.example/tiny/model.bin', weights],
      ]),
    );
    const { model, revalidation } = await source.open('https://models.example/tiny/manifest.json');
    expect(model.manifest.files[0]!.url).toBe('https://models.example/tiny/model.bin');
    expect([...new Uint8Array(model.buffer())]).toEqual([...weights]);
    expect(await revalidation).toEqual({ status: 'current', version: '1' });
    // loadModel picks open() for a URL and load() for a manifest: the same bytes either way.
    const viaUrl = await loadModel(source, 'https://models.example/tiny/manifest.json');
    const viaManifest = await loadModel(source, model.manifest);
    expect(new Uint8Array(viaUrl.buffer())).toEqual(new Uint8Array(viaManifest.buffer()));
  });

  it('names a missing file, refuses a bad manifest with every issue, and stops when aborted', async () => {
    const manifest = await manifestFor([{ name: 'model.bin', url: 'mem://tiny/model.bin', bytes: weights }]);
    const missing = await createMemoryModelSource({}).load(manifest).catch((e: unknown) => e);
    expect(isModelDownloadError(missing)).toBe(true);
    expect(missing).toMatchObject({ details: { modelId: 'tiny', url: 'mem://tiny/model.bin' } });
    const bad = await createMemoryModelSource({}).load({ ...manifest, files: [{ ...manifest.files[0]!, sha256: 'md5-x' }] }).catch((e: unknown) => e);
    expect(isValidationError(bad)).toBe(true);
    expect((bad as Error).message).toContain('files.0.sha256');
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await expect(createMemoryModelSource({ 'mem://tiny/model.bin': weights }).load(manifest, { signal: controller.signal })).rejects.toThrow('stop');
  });
});

describe('openStageModel (what a stage with weights does on create)', () => {
  /** The memory source, counting releases: a stage that failed to open must hold no lease. */
  function countingSource(files: Record<string, Uint8Array>) {
    const memory = createMemoryModelSource(files);
    const counts = { loads: 0, releases: 0 };
    const source: ModelSource = {
      async load(manifest, options) {
        counts.loads++;
        const model = await memory.load(manifest, options);
        return { ...model, release: () => void counts.releases++ };
      },
      open: (url, options) => memory.open(url, options),
    };
    return { source, counts };
  }

  it('loads config.manifest from the source (or the one picked for the config) and hands it to open, keeping the lease', async () => {
    const manifest = await manifestFor([{ name: 'model.bin', url: 'mem://tiny/model.bin', bytes: weights }]);
    const { source, counts } = countingSource({ 'mem://tiny/model.bin': weights });
    const signal = new AbortController().signal;
    const fixed = await openStageModel('test config', source, { manifest }, signal, async (m) => m.buffer().byteLength);
    expect(fixed.opened).toBe(8);
    expect(fixed.model.manifest.id).toBe('tiny');
    const picked: string[] = [];
    const perConfig = (config: { manifest?: ModelRef; store: string }) => (picked.push(config.store), source);
    await openStageModel('test config', perConfig, { manifest, store: 'b' }, signal, async () => 'ok');
    expect(picked).toEqual(['b']);
    expect(counts).toEqual({ loads: 2, releases: 0 });
  });

  it('releases the model when open fails, and refuses a config without a manifest before loading anything', async () => {
    const manifest = await manifestFor([{ name: 'model.bin', url: 'mem://tiny/model.bin', bytes: weights }]);
    const { source, counts } = countingSource({ 'mem://tiny/model.bin': weights });
    const signal = new AbortController().signal;
    const failing = openStageModel('test config', source, { manifest }, signal, () => Promise.reject(new Error('no session')));
    await expect(failing).rejects.toThrow('no session');
    expect(counts).toEqual({ loads: 1, releases: 1 });
    const none = await openStageModel('test config', source, {}, signal, async () => 'never').catch((e: unknown) => e);
    expect(isValidationError(none)).toBe(true);
    expect((none as Error).message).toContain('test config');
    expect((none as Error).message).toContain('manifest is required');
    expect(counts.loads).toBe(1);
  });
});
