/**
 * The app's own function: a caption from what the device sent (the face count, the blurred
 * thumbnail's mean brightness, the scorer's top class). It never sees the photo.
 */
import { defineFunction } from '@tandem/functions';
import { captionRoute } from '../src/caption-route.ts';

const CLASSES = ['calm', 'lively', 'bright'] as const;

// count: function
export const captionFunction = defineFunction({
  ...captionRoute,
  handler: async ({ input }) => {
    const pixels = Buffer.from(input.thumbnail, 'base64');
    let sum = 0;
    for (let i = 0; i < pixels.length; i += 4) sum += (pixels[i]! + pixels[i + 1]! + pixels[i + 2]!) / 3;
    const brightness = Math.round(sum / (pixels.length / 4));
    const top = CLASSES[input.scores.indexOf(Math.max(...input.scores))] ?? 'calm';
    return { caption: `${input.faces} face(s) blurred; a ${top} photo, brightness ${brightness}/255 (seen: ${input.width}×${input.height} thumbnail)` };
  },
});
// count: end
