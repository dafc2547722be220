import type { RgbaImage } from '@tandem/runtime-tfjs';

/** A fixture image decoded by the browser's own decoder into the RGBA pixels the face detector takes. */
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
