import { punctuateTranscript } from '@tandem/punctuate';
import { Hono, type Context, type Next } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { authenticate, verificationKey, type AuthOptions, type Principal } from './auth.js';
import { clientBucket } from './client-bucket.js';
import { corsAllowlist } from './cors.js';
import { withProviderDeadline } from './deadline.js';
import { IDEMPOTENCY_KEY, IdempotencyConflict, createMemoryIdempotencyStore, sha256Hex, type IdempotencyStore, type StoredResponse } from './idempotency.js';
import { toIso3 } from './languages.js';
import { jsonLineLogger, type Logger, type RequestLog } from './log.js';
import { ProblemError, fail, problem, problemResponse } from './problem.js';
import { ProviderError, type TranslateProvider } from './providers/provider.js';
import { createRateLimiter, type RateLimiter, type RateLimitOptions } from './rate-limit.js';
import type { z } from 'zod';
import { describeIssues, punctuateRequestSchema, translateRequestSchema, type PunctuateResponse, type TranslateResponse } from './schema.js';

export interface TranslateAppOptions {
  provider: TranslateProvider;
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
  /** Per-call provider deadline (default 15 s). */
  providerTimeoutMs?: number;
}

/** Reads the caller's address from what the runtime passed (Hono's `c.env`, the raw request). */
export type ClientAddress = (c: Context) => string | undefined;

interface Vars {
  Variables: { log: Partial<RequestLog>; principal: Principal };
}

export const DEFAULT_BODY_LIMIT = 16 * 1024;

function isRateLimiter(x: RateLimitOptions | RateLimiter): x is RateLimiter {
  return typeof (x as RateLimiter).take === 'function';
}

const PROVIDER_PROBLEM = {
  unavailable: 'provider-unavailable',
  timeout: 'provider-timeout',
  failed: 'provider-failed',
  'unsupported-pair': 'unsupported-language-pair',
} as const;

/**
 * The translate function as a Hono app: portable Fetch-API handlers that run unchanged on
 * Cloudflare Workers (workerd), Node (@hono/node-server) and AWS Lambda (hono/aws-lambda).
 * Everything stateful (limiter, idempotency store) is injected or created per app, never global.
 */
export function createTranslateApp(options: TranslateAppOptions): Hono<Vars> {
  const { provider } = options;
  const logger = options.logger ?? jsonLineLogger;
  // Validates the secret now (throws on < 32 bytes) and imports the HMAC key once per app.
  const key = options.auth ? verificationKey(options.auth.secret) : undefined;
  const limiter = options.rateLimit
    ? isRateLimiter(options.rateLimit) ? options.rateLimit : createRateLimiter(options.rateLimit)
    : createRateLimiter({ perMinute: 120, burst: 30 });
  const idempotency = options.idempotency ?? createMemoryIdempotencyStore();
  const limit = options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT;
  const providerTimeoutMs = options.providerTimeoutMs ?? 15_000;

  const app = new Hono<Vars>();

  // Outermost: request id, timing and one structured log line per request.
  app.use(async (c, next) => {
    const started = performance.now();
    const requestId = crypto.randomUUID();
    const origin = c.req.header('origin');
    c.set('log', {});
    await next();
    c.res.headers.set('x-request-id', requestId);
    const status = c.res.status;
    const extra = c.get('log');
    logger({
      level: status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info',
      event: 'request',
      requestId,
      method: c.req.method,
      path: c.req.path,
      status,
      ms: Math.round((performance.now() - started) * 10) / 10,
      ...(origin ? { origin } : {}),
      ...extra,
    });
  });

  app.use(corsAllowlist({ allowedOrigins: options.allowedOrigins }));

  app.onError((error, c) => {
    if (error instanceof ProblemError) {
      c.get('log').problem = error.problem.type;
      return problemResponse(error.problem, error.headers);
    }
    // Unknown failure: log its class only; the response says nothing about internals.
    c.get('log').errorKind = error.name;
    if (clientWentAway(c.req.raw, error)) return clientClosedResponse(c.get('log'));
    return problemResponse(problem('internal', 'The function failed; the error was logged.'));
  });
  app.notFound(() => problemResponse(problem('not-found')));

  app.get('/healthz', async (c) => {
    const up = await withProviderDeadline(provider.id, (signal) => provider.healthy(signal), { timeoutMs: 2_000 }).catch(() => false);
    c.get('log').provider = provider.id;
    return c.json({ status: up ? 'ok' : 'degraded', provider: provider.id, checks: { provider: up ? 'up' : 'down' } }, up ? 200 : 503, {
      'cache-control': 'no-store',
    });
  });

  app.get('/v1/languages', async (c) => {
    c.get('log').provider = provider.id;
    try {
      const pairs = await withProviderDeadline(provider.id, (signal) => provider.languages(signal), { timeoutMs: 5_000 });
      return c.json({ provider: provider.id, pairs }, 200, { 'cache-control': 'public, max-age=300' });
    } catch (error) {
      throw providerProblem(error);
    }
  });

  /**
   * Every POST route's gate, in order: auth → per-subject rate limit → application/json → body
   * limit (also for chunked bodies). The sanitized-text routes share it so none is softer.
   */
  const guarded = [
    async (c: Context<Vars>, next: Next) => {
      const client = clientBucket(options.clientAddress?.(c));
      let principal: Principal = { subject: `anonymous:${client}`, scopes: [] };
      if (key && options.auth) {
        try {
          principal = await authenticate(c.req.header('authorization'), options.auth, await key);
        } catch (error) {
          // Failed sign-ins (401) count per client, so a flood of bad tokens ends in 429s. A
          // valid token without the scope (403) is not a guess and counts on its subject.
          if (error instanceof ProblemError && error.problem.status === 401) await takeOrRefuse(limiter, `auth-failed:${client}`);
          throw error;
        }
      }
      c.set('principal', principal);
      c.get('log').subject = principal.subject;
      await takeOrRefuse(limiter, `subject:${principal.subject}`);
      const type = c.req.header('content-type')?.split(';')[0]?.trim().toLowerCase();
      if (type !== 'application/json') fail('unsupported-media-type', 'Send the request as application/json.');
      await next();
    },
    bodyLimit({
      maxSize: limit,
      onError: (c) => {
        c.get('log').problem = 'payload-too-large';
        return problemResponse(problem('payload-too-large', `The body may be at most ${limit} bytes.`));
      },
    }),
  ] as const;

  app.post(
    '/v1/punctuate',
    ...guarded,
    async (c) => {
      const log = c.get('log');
      const body = await readSanitizedBody(c, punctuateRequestSchema, 'punctuate');
      log.chars = body.text.length;
      const started = performance.now();
      const { text, rules } = punctuateTranscript(body.text);
      // The rules never touch placeholders; if one went missing the device could not restore it.
      const lost = body.redaction.placeholders.filter((p) => body.text.includes(p) && !text.includes(p));
      if (lost.length > 0) throw new Error('punctuation dropped a placeholder');
      const response: PunctuateResponse = { text, rules, ms: Math.round((performance.now() - started) * 1000) / 1000 };
      return c.json(response, 200, { 'cache-control': 'no-store' });
    },
  );
  app.all('/v1/punctuate', () => problemResponse(problem('method-not-allowed'), { allow: 'POST' }));

  app.post(
    '/v1/translate',
    ...guarded,
    async (c) => {
      const log = c.get('log');
      const body = await readSanitizedBody(c, translateRequestSchema, 'translate');
      const source = toIso3(body.source);
      const target = toIso3(body.target);
      log.chars = body.text.length;
      log.provider = provider.id;

      const execute = async (): Promise<StoredResponse> => {
        const started = performance.now();
        log.providerCalled = true;
        try {
          const request = { text: body.text, source, target, placeholders: body.redaction.placeholders };
          const result = await withProviderDeadline(provider.id, (signal) => provider.translate(request, signal), { signal: c.req.raw.signal, timeoutMs: providerTimeoutMs });
          const ms = Math.round((performance.now() - started) * 10) / 10;
          log.providerMs = ms;
          log.model = result.model;
          const response: TranslateResponse = { translation: result.translation, provider: provider.id, model: result.model, ms };
          return { status: 200, body: JSON.stringify(response) };
        } catch (error) {
          throw providerProblem(error);
        }
      };

      const idemKey = c.req.header('idempotency-key');
      if (idemKey === undefined) return new Response((await execute()).body, { status: 200, headers: jsonHeaders(false) });
      if (!IDEMPOTENCY_KEY.test(idemKey)) fail('bad-request', 'Idempotency-Key must be 1–255 printable ASCII characters.');
      log.idempotencyKey = idemKey;
      const fingerprint = await sha256Hex(JSON.stringify([body.text, source, target, body.redaction, body.label]));
      try {
        const { response, replayed } = await idempotency.run(`${c.get('principal').subject}\n${idemKey}`, fingerprint, execute);
        log.replayed = replayed;
        return new Response(response.body, { status: response.status, headers: jsonHeaders(replayed) });
      } catch (error) {
        if (error instanceof IdempotencyConflict) fail('idempotency-key-reused');
        throw error;
      }
    },
  );
  app.all('/v1/translate', () => problemResponse(problem('method-not-allowed'), { allow: 'POST' }));

  return app;
}

/** Takes a token from `key`'s bucket, or ends the request with 429 and Retry-After. */
async function takeOrRefuse(limiter: RateLimiter, key: string): Promise<void> {
  const decision = await limiter.take(key);
  if (decision.allowed) return;
  const seconds = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
  fail('rate-limited', `Try again in ${seconds} s.`, { retryAfterMs: decision.retryAfterMs }, { 'retry-after': String(seconds) });
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** JSON → schema → label, each with its own problem type; the issues never echo the input. */
async function readSanitizedBody<T extends { label: string }>(c: Context<Vars>, schema: z.ZodType<T>, what: string): Promise<T> {
  const bytes = await c.req.arrayBuffer();
  let json: unknown;
  try {
    // JSON on the wire is UTF-8 (RFC 8259 §8.1): invalid bytes are refused, not turned into U+FFFD.
    json = JSON.parse(UTF8.decode(bytes));
  } catch {
    // TypeError (not UTF-8), SyntaxError, or RangeError for nesting deep enough to exhaust the parser's stack.
    fail('bad-request', 'The body is not valid UTF-8 JSON.');
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) fail('validation', `The body does not match the ${what} request schema.`, { issues: describeIssues(parsed.error) });
  if (parsed.data.label !== 'sanitized') {
    fail('label-refused', 'Only text the device labelled "sanitized" may be sent to this function.');
  }
  return parsed.data;
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

function providerProblem(error: unknown): ProblemError {
  if (error instanceof ProblemError) return error;
  if (error instanceof ProviderError) {
    const type = PROVIDER_PROBLEM[error.kind];
    const headers: Record<string, string> = error.kind === 'unavailable' ? { 'retry-after': '2' } : {};
    const pairs = error.supportedPairs ? { supportedPairs: error.supportedPairs } : {};
    return new ProblemError(problem(type, error.message, { errorKind: error.kind, ...pairs }), headers);
  }
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return new ProblemError(problem('provider-timeout', 'The translation provider did not answer in time.'));
  }
  return new ProblemError(problem('provider-failed', 'The translation provider failed.'));
}
