import { upgradeWebSocket } from 'hono/cloudflare-workers';
import { appOptionsFromEnv, createTranslateApp, problem, sharedStateSettings, type FunctionEnv, type TranslateAppOptions } from '@tandem/functions';
import { cloudflareClientAddress } from './cloudflare/client-address.js';
import { createDurableIdempotencyStore, createDurableRateLimiter, isDurableObjectNamespace } from './cloudflare/durable-stores.js';

/** The Durable Object class behind the `TANDEM_STATE` binding (wrangler.toml) must be exported here. */
export { FunctionState } from './cloudflare/function-state-object.js';

/**
 * With the `TANDEM_STATE` Durable Object binding, rate limits and idempotency records are shared
 * by every isolate and survive restarts; without it they live in the isolate's memory.
 */
function stateOptions(env: FunctionEnv, options: TranslateAppOptions): Pick<TranslateAppOptions, 'rateLimit' | 'idempotency'> {
  const ns = env.TANDEM_STATE;
  if (!isDurableObjectNamespace(ns)) return {};
  const { limits, claimTtlMs } = sharedStateSettings(options);
  return { rateLimit: createDurableRateLimiter(ns, limits), idempotency: createDurableIdempotencyStore(ns, { claimTtlMs }) };
}

/**
 * The Cloudflare Workers entry: the same Hono app, configured from the Worker's bindings
 * (vars, secrets, the AI binding, the TANDEM_STATE Durable Object). Built once per isolate and
 * reused across requests.
 */
let cached: { env: FunctionEnv; fetch: (request: Request) => Response | Promise<Response> } | undefined;

function appFor(env: FunctionEnv): (request: Request) => Response | Promise<Response> {
  if (cached?.env !== env) {
    const options = appOptionsFromEnv(env);
    // The session channel lives in this isolate (WebSocketPair), not in a Durable Object: it holds
    // no state of its own, and the idempotency store and limiter it uses are the ones HTTP uses.
    const app = createTranslateApp({ ...options, clientAddress: cloudflareClientAddress, channel: { upgradeWebSocket }, ...stateOptions(env, options) });
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
