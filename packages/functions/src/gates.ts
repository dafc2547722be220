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
  const { limiter, key, bodyLimitBytes } = options;
  const admit: MiddlewareHandler<AppVars> = async (c, next) => {
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

/** Takes a token from `key`'s bucket, or ends the request with 429 and Retry-After. */
async function takeOrRefuse(limiter: RateLimiter, key: string): Promise<void> {
  const decision = await limiter.take(key);
  if (decision.allowed) return;
  const seconds = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
  fail('rate-limited', `Try again in ${seconds} s.`, { retryAfterMs: decision.retryAfterMs }, { 'retry-after': String(seconds) });
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** JSON → label → schema, each with its own problem type; the issues never echo the input. */
export async function readInput<I extends object>(c: Context<AppVars>, fn: FunctionDefinition<I, unknown>): Promise<I> {
  const bytes = await c.req.arrayBuffer();
  let json: unknown;
  try {
    // JSON on the wire is UTF-8 (RFC 8259 §8.1): invalid bytes are refused, not turned into U+FFFD.
    json = JSON.parse(UTF8.decode(bytes));
  } catch {
    // TypeError (not UTF-8), SyntaxError, or RangeError for nesting deep enough to exhaust the parser's stack.
    fail('bad-request', 'The body is not valid UTF-8 JSON.');
  }
  const opened = openBody(json);
  if (opened?.label === 'refused') fail('label-refused', 'Only data the device labelled "sanitized" may be sent to this function.');
  const parsed = opened && parseWith(fn.input, opened.input);
  if (opened?.label === 'sanitized' && parsed?.ok) return parsed.value;
  const issues = parsed && !parsed.ok ? [...parsed.issues] : [];
  if (!opened) issues.push('(body): expected an object');
  if (opened?.label === 'missing') issues.push('label: required, "sanitized"');
  fail('validation', `The body does not match the ${fn.route} request schema.`, { issues });
}
