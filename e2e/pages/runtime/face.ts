/**
 * The face detector driven from the page: decode a fixture JPEG with the browser's own decoder,
 * hand the RGBA pixels to the detector stage (in the TF.js worker or in this page) and return the
 * boxes and the report.
 */
import { createModelStore } from '@tandem/model-store';
import {
  createFaceDetectorStage,
  type FaceDetectorConfig,
  type FaceDetectorInput,
  type FaceDetectorOutput,
  type FaceDetectorRunReport,
} from '@tandem/runtime-tfjs';
import { createInPageRunner, type LocalRunReport, type LocalStageRunner, type WorkerPool } from '@tandem/worker';
import { decodeImage } from './decode-image.ts';
import { faceStoreOf, type FaceStageConfig } from './face-config.ts';
import { FACE_MANIFEST } from './runtime-store.ts';
import { tfjsWasmPaths } from './tfjs-wasm-paths.ts';

/** The same stage as the TF.js worker's, with a store in this page. */
const inPageFaceStage = createFaceDetectorStage<FaceStageConfig>({ source: (config) => createModelStore({ name: faceStoreOf(config) }) });

export interface FaceRequest {
  images: string[];
  backend: NonNullable<FaceDetectorConfig['backend']>;
  where: 'page' | 'worker';
  remeasure?: boolean;
  /** Load through this model store (default: the page's shared one). */
  storeName?: string;
  /** Another stage instance, which loads its weights again (from the store's cache if it has them). */
  instance?: number;
}

export interface FaceResult {
  image: string;
  faces: FaceDetectorOutput['faces'];
  report: FaceDetectorRunReport & LocalRunReport;
}

export function faceApi(pool: WorkerPool) {
  const inPage = new Map<string, LocalStageRunner<FaceDetectorInput, FaceDetectorOutput>>();
  function runner({ backend, where, remeasure, storeName, instance }: Omit<FaceRequest, 'images'>) {
    const config: FaceStageConfig = {
      manifest: FACE_MANIFEST, backend, engine: { wasmPaths: tfjsWasmPaths },
      ...(remeasure !== undefined && { remeasure }), ...(storeName !== undefined && { storeName }), ...(instance !== undefined && { instance }),
    };
    const key = JSON.stringify(config);
    if (where === 'worker') return pool.runner<FaceDetectorInput, FaceDetectorOutput>({ model: `tfjs:face:${backend}${storeName || instance ? `:${key}` : ''}`, stage: 'faces', config });
    let r = inPage.get(key);
    if (!r) inPage.set(key, (r = createInPageRunner(inPageFaceStage, { name: 'faces', config })));
    return r;
  }
  return {
    /** `detect`, with an error returned as `{ code, message }` (its class does not cross to the test). */
    async tryDetect(request: FaceRequest): Promise<{ ok: true; results: FaceResult[] } | { ok: false; code?: string; message: string }> {
      try {
        return { ok: true, results: await this.detect(request) };
      } catch (error) {
        const e = error as Error & { code?: string };
        return { ok: false, ...(e.code && { code: e.code }), message: e.message };
      }
    },
    async detect(request: FaceRequest): Promise<FaceResult[]> {
      const results: FaceResult[] = [];
      for (const image of request.images) {
        const { output, report } = await runner(request).run({ image: await decodeImage(image) }, { timeoutMs: 120_000 });
        results.push({ image, faces: output.faces, report: report as FaceDetectorRunReport & LocalRunReport });
      }
      return results;
    },
  };
}
