/**
 * The face detector driven from the page: decode a fixture JPEG with the browser's own decoder,
 * hand the RGBA pixels to the detector stage (in the TF.js worker or in this page) and return the
 * boxes and the report.
 */
import {
  faceDetectorStage,
  type FaceDetectorConfig,
  type FaceDetectorInput,
  type FaceDetectorOutput,
  type FaceDetectorRunReport,
  type RgbaImage,
} from '@tandem/runtime-tfjs';
import { createInPageRunner, type LocalRunReport, type LocalStageRunner, type WorkerPool } from '@tandem/worker';
import { tfjsWasmPaths } from './tfjs-wasm-paths.ts';

export const FACE_MANIFEST = '/models/tiny-face-detector/tiny_face_detector_model-weights_manifest.json';

export async function decodeImage(url: string): Promise<RgbaImage> {
  const blob = await (await fetch(url)).blob();
  const bitmap = await createImageBitmap(blob);
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const context = canvas.getContext('2d');
  if (!context) throw new Error('no 2d context');
  context.drawImage(bitmap, 0, 0);
  const { data, width, height } = context.getImageData(0, 0, bitmap.width, bitmap.height);
  return { pixels: data, width, height };
}

export interface FaceRequest {
  images: string[];
  backend: NonNullable<FaceDetectorConfig['backend']>;
  where: 'page' | 'worker';
  remeasure?: boolean;
}

export interface FaceResult {
  image: string;
  faces: FaceDetectorOutput['faces'];
  report: FaceDetectorRunReport & LocalRunReport;
}

export function faceApi(pool: WorkerPool) {
  const inPage = new Map<string, LocalStageRunner<FaceDetectorInput, FaceDetectorOutput>>();
  function runner({ backend, where, remeasure }: Omit<FaceRequest, 'images'>) {
    const config: FaceDetectorConfig = { manifestUrl: FACE_MANIFEST, backend, engine: { wasmPaths: tfjsWasmPaths }, ...(remeasure !== undefined && { remeasure }) };
    if (where === 'worker') return pool.runner<FaceDetectorInput, FaceDetectorOutput>({ model: `tfjs:face:${backend}`, stage: 'faces', config });
    const key = JSON.stringify(config);
    let r = inPage.get(key);
    if (!r) inPage.set(key, (r = createInPageRunner(faceDetectorStage, { name: 'faces', config })));
    return r;
  }
  return {
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
