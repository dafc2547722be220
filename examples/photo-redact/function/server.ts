/**
 * The caption function on Node: every gate of @tandem/functions (CORS allowlist, rate limit,
 * media type, body limit, label, schema, idempotency). Auth is off: a loopback demo only.
 * Env: PORT (0 = any), PHOTO_REDACT_ORIGIN (the page's origin, the only one CORS allows).
 */
import { serve } from '@hono/node-server';
import { createFunctionsApp } from '@tandem/functions';
import { captionFunction } from './caption-function.ts';

const origin = process.env.PHOTO_REDACT_ORIGIN;
if (!origin) throw new Error('PHOTO_REDACT_ORIGIN must name the page origin the function serves');
const app = createFunctionsApp({ auth: false, allowedOrigins: [origin], functions: [captionFunction], bodyLimitBytes: 64 * 1024 });
const server = serve({ fetch: app.fetch, port: Number(process.env.PORT ?? 8788), hostname: '127.0.0.1' }, (info) => {
  console.log(`photo-redact caption function: http://127.0.0.1:${info.port}`);
});
process.once('SIGTERM', () => server.close());
