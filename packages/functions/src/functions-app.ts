import { CHANNEL_ROUTE, ROUTES } from '@tandem/wire';
import { Hono, type Context } from 'hono';
import { verificationKey, type AuthOptions, type Principal } from './auth.js';
import { corsAllowlist } from './cors.js';
import { withProviderDeadline } from './deadline.js';
import type { FunctionDefinition } from './define-function.js';
import { readInput, requestGates } from './gates.js';
import { createMemoryIdempotencyStore, type IdempotencyStore } from './idempotency.js';
import { jsonLineLogger, type Logger, type RequestLog } from './log.js';
import { ProblemError, fail, problem, problemResponse } from './problem.js';
import { createRateLimiter, type RateLimiter, type RateLimitOptions } from './rate-limit.js';
import { runFunction, type RunOptions } from './run-function.js';
import { sessionChannelRoute, type SessionChannelOptions } from './session-channel.js';

/** Reads the caller's address from what the runtime passed (Hono's `c.env`, the raw request). */
export type ClientAddress = (c: Context) => string | undefined;

/** What the app's `/healthz` asks, besides "the app answers". */
export interface HealthCheck {
  readonly name: string;
  readonly check: (signal: AbortSignal) => Promise<boolean>;
  /** Extra members of the health answer (e.g. `{ provider: 'apertium' }`). */
  readonly info?: Readonly<Record<string, unknown>>;
}

export interface FunctionsAppOptions {
  /** The POST routes; each goes through every gate below. */
  functions: readonly FunctionDefinition[];
  /** Bearer-token verification; `false` turns auth off (only for loopback demos, see README). */
  auth: AuthOptions | false;
  /** Exact origins allowed cross-origin; empty = no browser origin may call. */
  allowedOrigins: readonly string[];
  /**
   * Per-subject buckets, and per-client buckets for unauthenticated callers and failed sign-ins.
   * Default: in memory, 120/min with bursts of 30.
   */
  rateLimit?: RateLimitOptions | RateLimiter;
  /**
   * The caller's address as the runtime vouches for it (the socket's peer on Node, the
   * `CF-Connecting-IP` the Cloudflare edge sets, the Lambda request context), injected by each
   * entry. The default trusts no header: every unidentified caller shares one bucket, because a
   * header a client can set would give it a fresh bucket per request.
   */
  clientAddress?: ClientAddress;
  idempotency?: IdempotencyStore;
  logger?: Logger;
  /** Request body limit in bytes (default 16 KiB). */
  bodyLimitBytes?: number;
  /** Default deadline of a handler (a provider call), ms (default 15 s); `deadlineMs` overrides it per route. */
  providerTimeoutMs?: number;
  /** `GET /healthz` checks this (2 s deadline); without it the app is healthy while it answers. */
  health?: HealthCheck;
  /**
   * The session channel (`GET /v1/session`, a WebSocket carrying each call as a message through
   * the same gates), given the runtime's `upgradeWebSocket`. Without it the route answers 426 and
   * clients use HTTP.
   */
  channel?: SessionChannelOptions;
}

export interface AppVars {
  Variables: { log: Partial<RequestLog>; principal: Principal };
}

export const DEFAULT_BODY_LIMIT = 16 * 1024;

function isRateLimiter(x: RateLimitOptions | RateLimiter): x is RateLimiter {
  return typeof (x as RateLimiter).take === 'function';
}

/**
 * Tandem's function as a Hono app: portable Fetch-API handlers that run unchanged on Cloudflare
 * Workers (workerd), Node (@hono/node-server) and AWS Lambda (hono/aws-lambda). Serves
 * `GET /healthz` and each `defineFunction` route behind one gate chain. Everything stateful
 * (limiter, idempotency store) is injected or created per app, never global.
 */
export function createFunctionsApp(options: FunctionsAppOptions): Hono<AppVars> {
  const logger = options.logger ?? jsonLineLogger;
  const app = new Hono<AppVars>();
  const routes = new Set<string>();
  for (const fn of options.functions) {
    if (fn.kind !== 'tandem-function') throw new TypeError('functions[] takes what defineFunction returns.');
    if (routes.has(fn.route)) throw new TypeError(`Two functions declare the route ${fn.route}.`);
    routes.add(fn.route);
  }

  app.use(requestLog(logger));
  app.use(corsAllowlist({ allowedOrigins: options.allowedOrigins }));
  app.onError((error, c) => {
    if (error instanceof ProblemError) {
      c.get('log').problem = error.problem.type;
      return problemResponse(error.problem, error.headers);
    }
    // Unknown failure: log its class only; the response says nothing about internals.
    c.get('log').errorKind ??= error.name;
    if (clientWentAway(c.req.raw, error)) return clientClosedResponse(c.get('log'));
    return problemResponse(problem('internal', 'The function failed; the error was logged.'));
  });
  app.notFound(() => problemResponse(problem('not-found')));
  app.get(ROUTES.health, (c) => health(c, options.health));

  const limiter = options.rateLimit
    ? isRateLimiter(options.rateLimit) ? options.rateLimit : createRateLimiter(options.rateLimit)
    : createRateLimiter({ perMinute: 120, burst: 30 });
  const gateOptions = {
    auth: options.auth,
    // Validates the secret now (throws on < 32 bytes) and imports the HMAC key once per app.
    key: options.auth ? verificationKey(options.auth.secret) : undefined,
    limiter,
    clientAddress: options.clientAddress,
    bodyLimitBytes: options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT,
  };
  const gates = requestGates(gateOptions);
  const serve: RunOptions = {
    idempotency: options.idempotency ?? createMemoryIdempotencyStore(),
    deadlineMs: options.providerTimeoutMs ?? 15_000,
  };
  const byRoute = new Map(options.functions.map((fn) => [fn.route as string, fn]));
  app.get(CHANNEL_ROUTE, options.channel
    ? sessionChannelRoute({ ...gateOptions, functions: byRoute, run: serve, logger, channel: options.channel })
    : () => fail('upgrade-required', 'This deployment has no session channel; use HTTP.'));
  for (const fn of options.functions) {
    app.post(fn.route, ...gates, (c) => serveFunction(c, fn, serve));
    app.all(fn.route, () => problemResponse(problem('method-not-allowed'), { allow: 'POST' }));
  }
  return app;
}

/** Outermost: request id, timing and one structured log line per request. */
function requestLog(logger: Logger) {
  return async (c: Context<AppVars>, next: () => Promise<void>) => {
    const started = performance.now();
    const requestId = crypto.randomUUID();
    const origin = c.req.header('origin');
    c.set('log', {});
    await next();
    // A 101 is workerd's WebSocket handshake: its Response is the runtime's to send as it is.
    if (c.res.status !== 101) c.res.headers.set('x-request-id', requestId);
    const status = c.res.status;
    logger({
      level: status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info',
      event: 'request',
      requestId,
      method: c.req.method,
      path: c.req.path,
      status,
      ms: Math.round((performance.now() - started) * 10) / 10,
      ...(origin ? { origin } : {}),
      ...c.get('log'),
    });
  };
}

async function health(c: Context<AppVars>, check: HealthCheck | undefined): Promise<Response> {
  const headers = { 'cache-control': 'no-store' };
  if (!check) return c.json({ status: 'ok', checks: {} }, 200, headers);
  const up = await withProviderDeadline(check.name, (signal) => check.check(signal), { timeoutMs: 2_000 }).catch(() => false);
  Object.assign(c.get('log'), check.info);
  return c.json({ status: up ? 'ok' : 'degraded', ...check.info, checks: { [check.name]: up ? 'up' : 'down' } }, up ? 200 : 503, headers);
}

/** After the gates: input, then the handler once per idempotency key, under its deadline. */
async function serveFunction(c: Context<AppVars>, fn: FunctionDefinition, options: RunOptions): Promise<Response> {
  const input = await readInput(c, fn);
  const call = { fn, input, principal: c.get('principal'), idempotencyKey: c.req.header('idempotency-key'), signal: c.req.raw.signal, log: c.get('log') };
  const { response, replayed } = await runFunction(call, options);
  return new Response(response.body, { status: response.status, headers: jsonHeaders(replayed) });
}

/**
 * Reading the body failed because the connection ended under it: the client dropped mid-body, or
 * the runtime's HTTP parser refused its framing (malformed chunked encoding) and closed it.
 */
function clientWentAway(request: Request, error: Error): boolean {
  return request.signal.aborted || (error as { code?: unknown }).code === 'ECONNRESET';
}

/** A client error, logged at warn as 499; nobody is left to read the answer. */
function clientClosedResponse(log: Partial<RequestLog>): Response {
  const p = problem('client-closed-request');
  log.clientClosed = true;
  log.problem = p.type;
  return problemResponse(p);
}

function jsonHeaders(replayed: boolean): Record<string, string> {
  return {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    ...(replayed ? { 'idempotent-replayed': 'true' } : {}),
  };
}
