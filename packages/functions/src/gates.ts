import { openBody, parseWith } from '@tandem/wire';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { authenticate, type AuthOptions, type Principal } from './auth.js';
import { clientBucket } from './client-bucket.js';
import type { FunctionDefinition } from './define-function.js';
import { ProblemError, fail, problem, problemResponse } from './problem.js';
import type { RateLimiter } from './rate-limit.js';
import type { AppVars } from './functions-app.js';

export interface GateOptions {
  auth: AuthOptions | false;
  key: Promise<CryptoKey> | undefined;
  limiter: RateLimiter;
  clientAddress: ((c: Context) => string | undefined) | undefined;
  bodyLimitBytes: number;
}

/**
 * The gates in front of every POST route, in order: auth → per-subject rate limit →
 * application/json → body limit (also for chunked bodies). One chain for all routes, so none is softer.
 */
export function requestGates(options: GateOptions): readonly [MiddlewareHandler<AppVars>, MiddlewareHandler<AppVars>] {
  const { limiter, bodyLimitBytes } = options;
  const admit: MiddlewareHandler<AppVars> = async (c, next) => {
    const principal = await admitCaller(c.req.header('authorization'), clientBucket(options.clientAddress?.(c)), options);
    c.set('principal', principal);
    c.get('log').subject = principal.subject;
    await takeOrRefuse(limiter, `subject:${principal.subject}`);
    const type = c.req.header('content-type')?.split(';')[0]?.trim().toLowerCase();
    if (type !== 'application/json') fail('unsupported-media-type', 'Send the request as application/json.');
    await next();
  };
  const limit = bodyLimit({
    maxSize: bodyLimitBytes,
    onError: (c) => {
      c.get('log').problem = 'payload-too-large';
      return problemResponse(problem('payload-too-large', `The body may be at most ${bodyLimitBytes} bytes.`));
    },
  }) as MiddlewareHandler<AppVars>;
  return [admit, limit] as const;
}

/**
 * Who is calling, from `Authorization` (or, for the session channel, the token its subprotocol
 * carried): the token's subject, or `anonymous:<client>` with auth off. Failed sign-ins (401)
 * count per client, so a flood of bad tokens ends in 429s; a valid token without the scope (403)
 * is not a guess and counts on its subject.
 */
export async function admitCaller(authorization: string | undefined, client: string, options: Pick<GateOptions, 'auth' | 'key' | 'limiter'>): Promise<Principal> {
  if (!options.key || !options.auth) return { subject: `anonymous:${client}`, scopes: [] };
  try {
    return await authenticate(authorization, options.auth, await options.key);
  } catch (error) {
    if (error instanceof ProblemError && error.problem.status === 401) await takeOrRefuse(options.limiter, `auth-failed:${client}`);
    throw error;
  }
}

/** Takes a token from `key`'s bucket, or ends the request with 429 and Retry-After. */
export async function takeOrRefuse(limiter: RateLimiter, key: string): Promise<void> {
  const decision = await limiter.take(key);
  if (decision.allowed) return;
  const seconds = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
  fail('rate-limited', `Try again in ${seconds} s.`, { retryAfterMs: decision.retryAfterMs }, { 'retry-after': String(seconds) });
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** JSON → label → schema, each with its own problem type; the issues never echo the input. */
export async function readInput<I extends object>(c: Context<AppVars>, fn: FunctionDefinition<I, unknown>): Promise<I> {
  return checkInput(fn, decodeJson(new Uint8Array(await c.req.arrayBuffer())));
}

/** UTF-8 JSON bytes as a value, or 400 `bad-request`. */
export function decodeJson(bytes: Uint8Array): unknown {
  try {
    // JSON on the wire is UTF-8 (RFC 8259 §8.1): invalid bytes are refused, not turned into U+FFFD.
    return JSON.parse(UTF8.decode(bytes));
  } catch {
    // TypeError (not UTF-8), SyntaxError, or RangeError for nesting deep enough to exhaust the parser's stack.
    fail('bad-request', 'The body is not valid UTF-8 JSON.');
  }
}

/**
 * Label → schema of a parsed body: what every route's input passes, over HTTP and over the
 * session channel alike (400 `label-refused` / `validation`).
 */
export function checkInput<I extends object>(fn: FunctionDefinition<I, unknown>, json: unknown): I {
  const opened = openBody(json);
  if (opened?.label === 'refused') fail('label-refused', 'Only data the device labelled "sanitized" may be sent to this function.');
  const parsed = opened && parseWith(fn.input, opened.input);
  if (opened?.label === 'sanitized' && parsed?.ok) return parsed.value;
  const issues = parsed && !parsed.ok ? [...parsed.issues] : [];
  if (!opened) issues.push('(body): expected an object');
  if (opened?.label === 'missing') issues.push('label: required, "sanitized"');
  fail('validation', `The body does not match the ${fn.route} request schema.`, { issues });
}
