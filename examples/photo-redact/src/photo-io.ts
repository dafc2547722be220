/** The photo in and out of the page: decoded by the browser's own decoder, shown on a canvas. */
import type { RgbaImage } from '@tandem/runtime-tfjs';

export async function decodePhoto(file: Blob): Promise<RgbaImage> {
  const bitmap = await createImageBitmap(file);
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const context = canvas.getContext('2d');
  if (!context) throw new Error('no 2d canvas context');
  context.drawImage(bitmap, 0, 0);
  const { data, width, height } = context.getImageData(0, 0, bitmap.width, bitmap.height);
  return { pixels: data, width, height };
}

export function showImage(image: RgbaImage): void {
  const canvas = document.querySelector<HTMLCanvasElement>('#blurred')!;
  canvas.width = image.width;
  canvas.height = image.height;
  canvas.getContext('2d')!.putImageData(new ImageData(new Uint8ClampedArray(image.pixels), image.width, image.height), 0, 0);
}
