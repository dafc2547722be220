/** Pixel work on RGBA images, on the device: pixelating face boxes and shrinking to a thumbnail. */
import type { RgbaImage } from '@tandem/runtime-tfjs';

/** A box relative to the image, 0..1 of its width/height (the face detector's). */
export interface RelativeBox { x: number; y: number; width: number; height: number }

export interface Thumbnail {
  width: number;
  height: number;
  /** RGBA bytes, base64: what the function receives. */
  base64: string;
  meanRgb: [number, number, number];
}

/**
 * A copy of `image` whose boxes (grown by a quarter, so hair and chin go too) are replaced by
 * cells of their mean colour, about 8 cells across a face: a face cannot be recognised, and the
 * original pixels are not in the copy.
 */
export function pixelateRegions(image: RgbaImage, boxes: readonly RelativeBox[]): RgbaImage {
  const { width, height } = image;
  const pixels = new Uint8ClampedArray(image.pixels);
  for (const box of boxes) {
    const grow = 0.125;
    const x0 = Math.max(0, Math.floor((box.x - box.width * grow) * width));
    const y0 = Math.max(0, Math.floor((box.y - box.height * grow) * height));
    const x1 = Math.min(width, Math.ceil((box.x + box.width * (1 + grow)) * width));
    const y1 = Math.min(height, Math.ceil((box.y + box.height * (1 + grow)) * height));
    const cell = Math.max(4, Math.ceil((x1 - x0) / 8));
    for (let cy = y0; cy < y1; cy += cell) {
      for (let cx = x0; cx < x1; cx += cell) fillWithMean(pixels, width, cx, cy, Math.min(cx + cell, x1), Math.min(cy + cell, y1));
    }
  }
  return { pixels, width, height };
}

function fillWithMean(pixels: Uint8ClampedArray, width: number, x0: number, y0: number, x1: number, y1: number): void {
  const sum = [0, 0, 0];
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) for (let c = 0; c < 3; c++) sum[c]! += pixels[(y * width + x) * 4 + c]!;
  const n = (x1 - x0) * (y1 - y0);
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) for (let c = 0; c < 3; c++) pixels[(y * width + x) * 4 + c] = sum[c]! / n;
}

/** `image` shrunk (box-averaged) so its longer side is `maxSide`, with its mean colour. */
export function thumbnailOf(image: RgbaImage, maxSide: number): Thumbnail {
  const scale = Math.min(1, maxSide / Math.max(image.width, image.height));
  const width = Math.max(1, Math.round(image.width * scale));
  const height = Math.max(1, Math.round(image.height * scale));
  const out = new Uint8Array(width * height * 4);
  const mean = [0, 0, 0];
  for (let ty = 0; ty < height; ty++) {
    for (let tx = 0; tx < width; tx++) {
      const sx0 = Math.floor((tx * image.width) / width), sx1 = Math.max(sx0 + 1, Math.floor(((tx + 1) * image.width) / width));
      const sy0 = Math.floor((ty * image.height) / height), sy1 = Math.max(sy0 + 1, Math.floor(((ty + 1) * image.height) / height));
      const sum = [0, 0, 0];
      for (let y = sy0; y < sy1; y++) for (let x = sx0; x < sx1; x++) for (let c = 0; c < 3; c++) sum[c]! += image.pixels[(y * image.width + x) * 4 + c]!;
      const n = (sx1 - sx0) * (sy1 - sy0);
      for (let c = 0; c < 3; c++) {
        out[(ty * width + tx) * 4 + c] = Math.round(sum[c]! / n);
        mean[c]! += sum[c]! / n;
      }
      out[(ty * width + tx) * 4 + 3] = 255;
    }
  }
  let binary = '';
  for (const byte of out) binary += String.fromCharCode(byte);
  const count = width * height;
  return { width, height, base64: btoa(binary), meanRgb: [mean[0]! / count, mean[1]! / count, mean[2]! / count] };
}
