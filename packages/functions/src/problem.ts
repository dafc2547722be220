import { PROBLEM_BASE, PROBLEM_MEDIA_TYPE, type Problem } from '@tandem/wire';

/**
 * RFC 9457 problem details: every error the function returns has this shape and the
 * `application/problem+json` media type, so clients branch on `type`/`status`, never on prose.
 * Nothing here ever carries a stack trace, a secret or the submitted text.
 */

/** The problem types this function emits; the URI is stable, the title is for humans. */
export const PROBLEM_TYPES = Object.freeze({
  'bad-request': { status: 400, title: 'The request is malformed' },
  'validation': { status: 400, title: 'The request body does not match the schema' },
  'label-refused': { status: 400, title: 'Only text labelled "sanitized" may be sent here' },
  'unsupported-language-pair': { status: 400, title: 'The translation provider does not offer this language pair' },
  'unauthorized': { status: 401, title: 'A valid bearer token is required' },
  'forbidden': { status: 403, title: 'The token does not grant this scope' },
  'cors-origin-refused': { status: 403, title: 'This origin is not on the allowlist' },
  'not-found': { status: 404, title: 'No such resource' },
  'method-not-allowed': { status: 405, title: 'Method not allowed' },
  'idempotency-key-reused': { status: 422, title: 'This Idempotency-Key was used with a different request' },
  'idempotency-key-in-flight': { status: 409, title: 'A request with this Idempotency-Key is still running' },
  'request-timeout': { status: 408, title: 'The request was not received in time' },
  /** `GET /v1/session` without `Upgrade: websocket`. */
  'upgrade-required': { status: 426, title: 'The session channel needs a WebSocket upgrade' },
  'payload-too-large': { status: 413, title: 'The request body is too large' },
  'unsupported-media-type': { status: 415, title: 'The request body must be application/json' },
  'rate-limited': { status: 429, title: 'Too many requests for this token' },
  'request-header-fields-too-large': { status: 431, title: 'The request headers are too large' },
  /** nginx's 499: the client left before the answer (mid-body); logged, never read by anyone. */
  'client-closed-request': { status: 499, title: 'The client closed the connection before the request was complete' },
  'internal': { status: 500, title: 'Internal error' },
  'provider-failed': { status: 502, title: 'The translation provider failed' },
  'provider-unavailable': { status: 503, title: 'The translation provider is unavailable' },
  'provider-timeout': { status: 504, title: 'The translation provider timed out' },
} as const);

export type ProblemType = keyof typeof PROBLEM_TYPES;

export { PROBLEM_BASE, type Problem };

export function problem(type: ProblemType, detail?: string, extensions: Record<string, unknown> = {}): Problem {
  const { status, title } = PROBLEM_TYPES[type];
  return { type: PROBLEM_BASE + type, title, status, ...(detail ? { detail } : {}), ...extensions };
}

/**
 * A Response carrying a problem; extra headers (Retry-After, CORS) are merged in. Exported so a
 * route of the developer's own answers errors exactly as the built-in ones do.
 */
export function problemResponse(p: Problem, headers: HeadersInit = {}): Response {
  const h = new Headers(headers);
  h.set('content-type', PROBLEM_MEDIA_TYPE);
  h.set('cache-control', 'no-store');
  return new Response(JSON.stringify(p), { status: p.status, headers: h });
}

/** Thrown inside handlers to end the request with a problem; the app's onError renders it. */
export class ProblemError extends Error {
  override readonly name = 'ProblemError';
  constructor(
    readonly problem: Problem,
    readonly headers: Record<string, string> = {},
  ) {
    super(problem.detail ?? problem.title);
  }
}

export function fail(type: ProblemType, detail?: string, extensions?: Record<string, unknown>, headers?: Record<string, string>): never {
  throw new ProblemError(problem(type, detail, extensions), headers);
}
