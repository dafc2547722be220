import type { MiddlewareHandler } from 'hono';
import { problem, problemResponse } from './problem.js';

/**
 * CORS with an allowlist of exact origins, deny by default: a request whose `Origin` is not on
 * the list gets 403 (preflight and actual request alike) instead of a response the browser would
 * merely hide. Requests without `Origin` (servers, curl) are not CORS and pass on to auth.
 * Allowed origins also get CORS headers on error responses, so the client can read 401/429.
 */
export interface CorsOptions {
  allowedOrigins: readonly string[];
  maxAgeSeconds?: number;
}

const ALLOW_HEADERS = 'authorization, content-type, idempotency-key';
const EXPOSE_HEADERS = 'retry-after, idempotent-replayed, x-request-id';

export function corsAllowlist(options: CorsOptions): MiddlewareHandler {
  const allowed = new Set(options.allowedOrigins.map((o) => o.replace(/\/+$/, '')));
  return async (c, next) => {
    const origin = c.req.header('origin');
    if (origin === undefined) return next();
    if (!allowed.has(origin)) {
      return problemResponse(problem('cors-origin-refused', 'Cross-origin requests from this origin are not allowed.'), { vary: 'Origin' });
    }
    const cors: Record<string, string> = {
      'access-control-allow-origin': origin,
      'access-control-expose-headers': EXPOSE_HEADERS,
      vary: 'Origin',
    };
    if (c.req.method === 'OPTIONS') {
      const method = c.req.header('access-control-request-method');
      if (method !== 'GET' && method !== 'POST') {
        return problemResponse(problem('method-not-allowed', 'Only GET and POST are allowed cross-origin.'), cors);
      }
      return new Response(null, {
        status: 204,
        headers: {
          ...cors,
          'access-control-allow-methods': 'GET, POST',
          'access-control-allow-headers': ALLOW_HEADERS,
          'access-control-max-age': String(options.maxAgeSeconds ?? 600),
        },
      });
    }
    await next();
    // workerd's WebSocket handshake (101, carrying the socket): sent as it is; the Origin check
    // above is what guards it, since browsers read no CORS headers on an upgrade.
    if (c.res.status === 101) return;
    // Problem responses are built as fresh Responses; copy so their headers are mutable.
    c.res = new Response(c.res.body, c.res);
    for (const [k, v] of Object.entries(cors)) c.res.headers.set(k, v);
  };
}
