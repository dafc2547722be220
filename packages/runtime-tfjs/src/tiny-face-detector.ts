/**
 * face-api's Tiny Face Detector (a 190 KB Tiny-YOLOv2 with depthwise-separable convolutions,
 * shipped in npm `@vladmandic/face-api`, MIT) written directly in TF.js ops from its weight
 * manifest, so it runs in a worker on any TF.js backend without face-api's DOM layer. The layers,
 * normalisation, box decoding and non-maximum suppression follow face-api's TinyYolov2Base.
 */
import type { LoadedModel } from '@tandem/core';
import { tf } from './tfjs-engine.js';

/** Anchor boxes (in grid cells) and the per-channel mean, from face-api's tinyFaceDetector/const.ts. */
const ANCHORS: readonly (readonly [number, number])[] = [
  [1.603231, 2.094468],
  [6.041143, 7.080126],
  [2.882459, 3.518061],
  [4.266906, 5.178857],
  [9.041765, 10.66308],
];
const MEAN_RGB = [117.001, 114.697, 97.404] as const;
const IOU_THRESHOLD = 0.4;
/** x, y, w, h, objectness; one class, so no class scores. */
const BOX_ENCODING = 5;

export interface FaceBox {
  /** Relative to the image: 0..1 of its width/height. */
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface FaceDetection {
  score: number;
  box: FaceBox;
}

export interface RgbaImage {
  /** Row-major RGBA bytes, as `ImageData.data` gives them. */
  pixels: Uint8ClampedArray | Uint8Array;
  width: number;
  height: number;
}

export interface TinyFaceDetectorOptions {
  /** Square network input; a multiple of 32. Default 416. */
  inputSize?: number;
  /** Default 0.5. */
  scoreThreshold?: number;
}

export type TinyFaceDetectorWeights = tf.NamedTensorMap;

/** The file of the model bundle that holds face-api's TF.js weights manifest (its shards are beside it). */
export const TINY_FACE_DETECTOR_WEIGHTS_MANIFEST = 'tiny_face_detector_model-weights_manifest.json';

/**
 * The detector's tensors from a loaded model bundle (`@tandem/core`'s `LoadedModel`: bytes a
 * `ModelSource` already checked against the bundle's manifest). face-api's weights manifest names
 * its shards by path; each group's shards are taken from the bundle by that name and decoded
 * (uint8-quantised, dequantised by TF.js) on the current backend. Nothing is fetched here.
 */
export function decodeTinyFaceDetector(model: LoadedModel): TinyFaceDetectorWeights {
  const groups = JSON.parse(new TextDecoder().decode(model.buffer(TINY_FACE_DETECTOR_WEIGHTS_MANIFEST))) as tf.io.WeightsManifestConfig;
  const weights: TinyFaceDetectorWeights = {};
  for (const group of groups) Object.assign(weights, tf.io.decodeWeights(group.paths.map((path) => model.buffer(path)), group.weights));
  return weights;
}

function weight<R extends tf.Rank>(weights: TinyFaceDetectorWeights, name: string): tf.Tensor<R> {
  const tensor = weights[name];
  if (!tensor) throw new Error(`tiny face detector weight "${name}" missing`);
  return tensor as tf.Tensor<R>;
}

const leaky = (x: tf.Tensor4D): tf.Tensor4D => tf.tidy(() => {
  const min = tf.mul(x, tf.scalar(0.10000000149011612));
  return tf.add(tf.relu(tf.sub(x, min)), min);
});

function separable(x: tf.Tensor4D, w: TinyFaceDetectorWeights, layer: string): tf.Tensor4D {
  return tf.tidy(() => {
    const padded = tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]]);
    const out = tf.separableConv2d(padded, weight<tf.Rank.R4>(w, `${layer}/depthwise_filter`), weight<tf.Rank.R4>(w, `${layer}/pointwise_filter`), [1, 1], 'valid');
    return leaky(tf.add(out, weight(w, `${layer}/bias`)));
  });
}

function conv(x: tf.Tensor4D, w: TinyFaceDetectorWeights, layer: string): tf.Tensor4D {
  return tf.tidy(() => tf.add(tf.conv2d(x, weight<tf.Rank.R4>(w, `${layer}/filters`), [1, 1], 'valid'), weight(w, `${layer}/bias`)));
}

/** The network: [1, S, S, 3] normalised input to a [1, S/32, S/32, 25] grid of box encodings. */
function forward(x: tf.Tensor4D, w: TinyFaceDetectorWeights): tf.Tensor4D {
  return tf.tidy(() => {
    let out = leaky(conv(x, w, 'conv0'));
    out = tf.maxPool(out, [2, 2], [2, 2], 'same');
    for (const layer of ['conv1', 'conv2', 'conv3', 'conv4']) {
      out = separable(out, w, layer);
      out = tf.maxPool(out, [2, 2], [2, 2], 'same');
    }
    out = separable(out, w, 'conv5');
    out = tf.maxPool(out, [2, 2], [1, 1], 'same');
    return conv(out, w, 'conv8');
  });
}

/** Pads the image to a square at the bottom/right (as face-api does), resizes, normalises. */
function toInput(image: RgbaImage, inputSize: number): tf.Tensor4D {
  return tf.tidy(() => {
    const rgba = tf.tensor3d(Uint8Array.from(image.pixels), [image.height, image.width, 4], 'int32');
    const rgb = tf.cast(tf.slice(rgba, [0, 0, 0], [image.height, image.width, 3]), 'float32');
    const side = Math.max(image.width, image.height);
    const square = tf.pad(rgb, [[0, side - image.height], [0, side - image.width], [0, 0]]);
    const resized = tf.image.resizeBilinear(square as tf.Tensor3D, [inputSize, inputSize], false, false);
    const normalised = tf.div(tf.sub(resized, tf.tensor1d([...MEAN_RGB])), 255);
    return tf.expandDims(normalised, 0) as tf.Tensor4D;
  });
}

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));

function iou(a: FaceBox, b: FaceBox): number {
  const x1 = Math.max(a.x, b.x);
  const y1 = Math.max(a.y, b.y);
  const x2 = Math.min(a.x + a.width, b.x + b.width);
  const y2 = Math.min(a.y + a.height, b.y + b.height);
  const inter = Math.max(0, x2 - x1) * Math.max(0, y2 - y1);
  const union = a.width * a.height + b.width * b.height - inter;
  return union > 0 ? inter / union : 0;
}

/** Greedy non-maximum suppression by score. */
export function suppressOverlaps(detections: FaceDetection[], threshold = IOU_THRESHOLD): FaceDetection[] {
  const kept: FaceDetection[] = [];
  for (const d of [...detections].sort((a, b) => b.score - a.score)) {
    if (kept.every((k) => iou(k.box, d.box) <= threshold)) kept.push(d);
  }
  return kept;
}

export { iou as faceBoxIou };

/** The raw [S/32 · S/32 · 25] network output: what backends are compared on. */
export async function tinyFaceDetectorGrid(weights: TinyFaceDetectorWeights, image: RgbaImage, inputSize = 416): Promise<Float32Array> {
  const grid = tf.tidy(() => forward(toInput(image, inputSize), weights));
  const data = (await grid.data()) as Float32Array;
  grid.dispose();
  return data;
}

export async function detectFaces(
  weights: TinyFaceDetectorWeights,
  image: RgbaImage,
  options: TinyFaceDetectorOptions = {},
): Promise<FaceDetection[]> {
  const inputSize = options.inputSize ?? 416;
  const scoreThreshold = options.scoreThreshold ?? 0.5;
  const input = toInput(image, inputSize);
  const grid = forward(input, weights);
  input.dispose();
  const [, cells = 0] = grid.shape;
  const data = await grid.data();
  grid.dispose();
  // Boxes are decoded relative to the resized (unpadded) image, then to the original's 0..1.
  const scale = inputSize / Math.max(image.width, image.height);
  const correctX = inputSize / Math.round(image.width * scale);
  const correctY = inputSize / Math.round(image.height * scale);
  const found: FaceDetection[] = [];
  for (let row = 0; row < cells; row++) {
    for (let col = 0; col < cells; col++) {
      for (let a = 0; a < ANCHORS.length; a++) {
        const at = ((row * cells + col) * ANCHORS.length + a) * BOX_ENCODING;
        const score = sigmoid(data[at + 4]!);
        if (score <= scoreThreshold) continue;
        const [anchorW, anchorH] = ANCHORS[a]!;
        const cx = ((col + sigmoid(data[at]!)) / cells) * correctX;
        const cy = ((row + sigmoid(data[at + 1]!)) / cells) * correctY;
        const width = ((Math.exp(data[at + 2]!) * anchorW) / cells) * correctX;
        const height = ((Math.exp(data[at + 3]!) * anchorH) / cells) * correctY;
        found.push({ score, box: { x: cx - width / 2, y: cy - height / 2, width, height } });
      }
    }
  }
  return suppressOverlaps(found);
}
