/**
 * The stages of the photo pipeline. Between `// count:` markers is what a developer writes for
 * their own stages (counted by the e2e spec); the rest is configuration.
 */
import { defineSanitizer, defineSanitizerStage, defineStage, localStage } from '@tandem/core';
import { remoteStage, type FunctionsClient } from '@tandem/functions-client';
import { createModelStore } from '@tandem/model-store';
import { onnxStage, ort } from '@tandem/runtime-onnx';
import { createFaceDetectorStage, type FaceDetection, type RgbaImage } from '@tandem/runtime-tfjs';
import { placeStageRunner } from '@tandem/worker';
import { captionRoute, THUMBNAIL_MAX_SIDE } from './caption-route.ts';
import { pixelateRegions, thumbnailOf, type Thumbnail } from './pixels.ts';
import { tfjsWasmPaths } from './tfjs-wasm-paths.ts';

const STORE = 'photo-redact-models';

/** The packed face detector (a tfjsStage), in this page, weights through the model store. */
const detector = createFaceDetectorStage({ source: createModelStore({ name: STORE }) });
export const faceRunner = placeStageRunner(detector, 'faces', 'page', { manifest: '/models/tiny-face-detector/manifest.json', backend: 'auto', engine: { wasmPaths: tfjsWasmPaths } });
/** The detector's boxes beside the image they were found in (the trace keeps the detector's report). */
export const findFaces = defineStage({
  name: 'find-faces', outputLabel: 'raw',
  local: { runner: { run: async (image: RgbaImage, options) => { const { output, report } = await faceRunner.run({ image }, options); return { output: { image, faces: output.faces }, report }; } } },
});

/** The blurred photo (shown on the page only), its thumbnail, the face count and the scorer's features. */
export interface BlurredPhoto { blurred: RgbaImage; thumbnail: Thumbnail; faces: number; features: number[] }

// count: local stage
/** Faces pixelated in a copy of the photo (handed to `show`, on the page only), shrunk to a thumbnail. */
export const blurFaces = (show: (blurred: RgbaImage) => void) => localStage({ name: 'blur-faces', outputLabel: 'raw', run: ({ image, faces }: { image: RgbaImage; faces: FaceDetection[] }): BlurredPhoto => {
  const blurred = pixelateRegions(image, faces.map((f) => f.box));
  show(blurred);
  const thumbnail = thumbnailOf(blurred, THUMBNAIL_MAX_SIDE);
  return { blurred, thumbnail, faces: faces.length, features: thumbnail.meanRgb.map((c) => c / 255).concat(faces.length) };
} });
// count: end

// count: onnx stage
export const scorePhoto = onnxStage({
  name: 'score-photo', outputLabel: 'raw', model: '/models/tiny-scorer/manifest.json', backend: 'auto', source: () => createModelStore({ name: STORE }),
  preprocess: (photo: BlurredPhoto) => ({ features: new ort.Tensor('float32', Float32Array.from(photo.features), [1, 4]) }),
  postprocess: ({ scores }, photo) => ({ ...photo, scores: Array.from(scores!.data as Float32Array) }),
});
// count: end

// count: sanitizer stage
/** Only the thumbnail (never larger than 64×64), the face count and the scores may cross. */
export const thumbnailOnly = defineSanitizerStage({ name: 'thumbnail-only', sanitizer: defineSanitizer({ name: 'thumbnail-only', sanitize: (p: BlurredPhoto & { scores: number[] }) => {
  if (p.thumbnail.width > THUMBNAIL_MAX_SIDE || p.thumbnail.height > THUMBNAIL_MAX_SIDE) throw new RangeError('thumbnail too large to leave the device');
  return { faces: p.faces, width: p.thumbnail.width, height: p.thumbnail.height, thumbnail: p.thumbnail.base64, scores: p.scores };
} }) });
// count: end

// count: remote stage
export const captionStage = (client: FunctionsClient, region: string) => remoteStage({ client, name: 'caption', region, ...captionRoute, fromOutput: (o) => o.caption });
// count: end
