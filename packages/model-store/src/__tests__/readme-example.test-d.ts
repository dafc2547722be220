// The README's examples, kept compiling: if this file breaks, update the README too. Lines between
// the markers are the examples. (What comes from packages this one does not depend on, like
// onnxruntime-web's `ort`, is declared here with the shape the example uses.)
import { expectTypeOf, it } from 'vitest';
import { isModelIntegrityError, isQuotaError, type LoadedModel, type Revalidation } from '@tandem/core';
import { createMemoryModelSource, createModelStore, type ModelManifest } from '../index.js';

declare const ort: { InferenceSession: { create(model: Uint8Array): Promise<{ inputNames: readonly string[] }> } };
declare const bar: { update(fraction: number): void };
declare function showStorageFull(requiredBytes: number, availableBytes: number): void;
declare function reportTampering(details: { file: string; expected: string; actual: string }): void;
declare const manifest: ModelManifest;
declare const onnxBytes: Uint8Array;

it('README store example compiles', async () => {
  // --- example ---
  const store = createModelStore(); // page or worker; options: name, chunkSize, verifyOnLoad ('blocks' | 'file' | false), onEvent, …
  try {
    // Stored: served from IndexedDB at once (even offline). Not yet: downloaded, checked, stored.
    const { model, revalidation } = await store.open('/models/silero/manifest.json', { policy: 'auto-update', onProgress: (p) => bar.update(p.bytesDone / p.bytesTotal) });
    const session = await ort.InferenceSession.create(new Uint8Array(model.buffer('model.onnx')));
    console.log(model.networkBytes, await revalidation); // 0 from IndexedDB; { status: 'current' | 'update-available' | 'updated' | 'offline' | 'failed', … }
    model.release(); // the model may be evicted for others from now on
    // --- end ---
    expectTypeOf(session.inputNames).toEqualTypeOf<readonly string[]>();
    expectTypeOf(revalidation).toEqualTypeOf<Promise<Revalidation>>();
    expectTypeOf(model.networkBytes).toBeNumber();
    // --- example ---
  } catch (error) {
    if (isQuotaError(error)) showStorageFull(error.details.requiredBytes, error.details.availableBytes);
    else if (isModelIntegrityError(error)) reportTampering(error.details);
    else throw error;
  }
  // --- end ---
});

it('README memory-source example compiles', async () => {
  // --- example ---
  const source = createMemoryModelSource({ 'https://models.example/silero/silero_vad_v5.onnx': onnxBytes });
  const model = await source.load(manifest); // checked against manifest.files[0].sha256
  // --- end ---
  expectTypeOf(model).toEqualTypeOf<LoadedModel>();
});
