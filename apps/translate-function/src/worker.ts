import { appOptionsFromEnv, createTranslateApp, problem, type FunctionEnv } from '@tandem/functions';
import { cloudflareClientAddress } from './cloudflare/client-address.js';

/**
 * The Cloudflare Workers entry: the same Hono app, configured from the Worker's bindings
 * (vars, secrets, the AI binding). Built once per isolate and reused across requests, so the
 * rate limiter and idempotency store live as long as the isolate (see README for what that means).
 */
let cached: { env: FunctionEnv; fetch: (request: Request) => Response | Promise<Response> } | undefined;

function appFor(env: FunctionEnv): (request: Request) => Response | Promise<Response> {
  if (cached?.env !== env) {
    const app = createTranslateApp({ ...appOptionsFromEnv(env), clientAddress: cloudflareClientAddress });
    cached = { env, fetch: (request) => app.fetch(request) };
  }
  return cached.fetch;
}

export default {
  fetch(request: Request, env: FunctionEnv): Response | Promise<Response> {
    try {
      return appFor(env)(request);
    } catch (error) {
      // Misconfiguration (no secret, bad provider): say so by class, never echo values.
      console.error(JSON.stringify({ level: 'error', event: 'config', errorKind: error instanceof Error ? error.name : 'unknown', message: error instanceof Error ? error.message : '' }));
      const p = problem('internal', 'The function is not configured; see its logs.');
      return new Response(JSON.stringify(p), { status: 500, headers: { 'content-type': 'application/problem+json' } });
    }
  },
};
