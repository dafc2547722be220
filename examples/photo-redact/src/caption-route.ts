/**
 * The contract between the page and the caption function, imported by both: what may cross is a
 * blurred thumbnail of at most 64×64 RGBA pixels (base64) and numbers derived on the device.
 * The function checks the sizes again, so a full-size image is refused even if a page sent one.
 */
import { defineRoute } from '@tandem/wire';
import { z } from 'zod';

export const THUMBNAIL_MAX_SIDE = 64;

// count: remote contract
const side = z.number().int().min(1).max(THUMBNAIL_MAX_SIDE);
export const captionRoute = defineRoute({
  route: '/v1/caption',
  input: z.object({ faces: z.number().int().min(0), width: side, height: side, thumbnail: z.base64(), scores: z.array(z.number()).length(3) }).strict()
    .refine((v) => v.thumbnail.length === Math.ceil((v.width * v.height * 4) / 3) * 4, { path: ['thumbnail'], message: 'expected width × height RGBA pixels' }),
  output: z.object({ caption: z.string() }),
});
// count: end
