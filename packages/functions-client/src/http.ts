import { parseWith, type Problem, type RouteContract, type SanitizedBody } from '@tandem/wire';

/** A non-2xx answer; `retryAfterMs` from the Retry-After header when the function sent one. */
export class HttpFailure extends Error {
  override readonly name = 'HttpFailure';
  constructor(
    readonly status: number,
    readonly problem: Problem | undefined,
    readonly retryAfterMs: number | undefined,
  ) {
    super(`HTTP ${status}${problem ? `: ${problem.title}` : ''}`);
  }
}

/** A 2xx answer whose body does not match the route's output schema. */
export class InvalidResponse extends Error {
  override readonly name = 'InvalidResponse';
}

export interface PostOptions {
  /** The route's full URL (the stage's declared endpoint). */
  url: string;
  token: string | undefined;
  idempotencyKey: string;
  signal: AbortSignal;
  fetch: typeof fetch;
}

function retryAfterMs(header: string | null): number | undefined {
  if (header === null) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** What one POST brought back: the checked answer and how it went. */
export interface Posted<O> {
  response: O;
  /** The function answered from its idempotency store (`Idempotent-Replayed: true`). */
  replayed: boolean;
  bytesSent: number;
}

/**
 * One JSON POST of a route's sanitized body to its URL, its answer checked against
 * the route's output schema; throws HttpFailure, InvalidResponse, or fetch's own TypeError/AbortError.
 */
export async function postRoute<I extends object, O>(contract: RouteContract<I, O>, body: SanitizedBody<I>, options: PostOptions): Promise<Posted<O>> {
  const json = JSON.stringify(body);
  const headers: Record<string, string> = { 'content-type': 'application/json', 'idempotency-key': options.idempotencyKey };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const res = await options.fetch(options.url, {
    method: 'POST',
    headers,
    body: json,
    signal: options.signal,
    credentials: 'omit',
    // No `cache` override: POST answers are never taken from the HTTP cache (the function also
    // says `no-store`), and `cache: 'no-store'` would make Chromium bypass its CORS preflight
    // cache, so every request paid a second round trip and ~40% more bytes off the device.
  });
  if (!res.ok) {
    const problem = (await res.json().catch(() => undefined)) as Problem | undefined;
    throw new HttpFailure(res.status, problem, retryAfterMs(res.headers.get('retry-after')));
  }
  const parsed = parseWith(contract.output, await res.json().catch(() => undefined));
  if (!parsed.ok) throw new InvalidResponse(`The function answered 2xx outside the ${contract.route} output schema: ${parsed.issues.join('; ')}`);
  return { response: parsed.value, replayed: res.headers.get('idempotent-replayed') === 'true', bytesSent: new TextEncoder().encode(json).byteLength };
}
