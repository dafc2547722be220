import type { Problem, PunctuateRequest, PunctuateResponse, TranslateRequest, TranslateResponse } from './wire.js';

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

/** A 2xx answer whose body is not a translate response. */
export class InvalidResponse extends Error {
  override readonly name = 'InvalidResponse';
}

export interface PostOptions {
  endpoint: string;
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

/** One JSON POST to the function; throws HttpFailure, or fetch's own TypeError/AbortError. */
async function postJson(path: string, request: unknown, options: PostOptions): Promise<{ json: unknown; replayed: boolean; bytesSent: number }> {
  const body = JSON.stringify(request);
  const headers: Record<string, string> = { 'content-type': 'application/json', 'idempotency-key': options.idempotencyKey };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const res = await options.fetch(`${options.endpoint.replace(/\/+$/, '')}${path}`, {
    method: 'POST',
    headers,
    body,
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
  return {
    json: (await res.json().catch(() => undefined)) as unknown,
    replayed: res.headers.get('idempotent-replayed') === 'true',
    bytesSent: new TextEncoder().encode(body).byteLength,
  };
}

/** One POST /v1/translate; throws HttpFailure, InvalidResponse, or fetch's own TypeError/AbortError. */
export async function postTranslate(request: TranslateRequest, options: PostOptions): Promise<{ response: TranslateResponse; replayed: boolean; bytesSent: number }> {
  const { json: raw, replayed, bytesSent } = await postJson('/v1/translate', request, options);
  const json = raw as Partial<TranslateResponse> | undefined;
  if (typeof json?.translation !== 'string' || typeof json.provider !== 'string') {
    throw new InvalidResponse('The function answered 2xx without a translation.');
  }
  return {
    response: { translation: json.translation, provider: json.provider, model: String(json.model ?? ''), ms: Number(json.ms ?? 0) },
    replayed,
    bytesSent,
  };
}

/** One POST /v1/punctuate; throws like {@link postTranslate}. */
export async function postPunctuate(request: PunctuateRequest, options: PostOptions): Promise<{ response: PunctuateResponse; replayed: boolean; bytesSent: number }> {
  const { json: raw, replayed, bytesSent } = await postJson('/v1/punctuate', request, options);
  const json = raw as Partial<PunctuateResponse> | undefined;
  if (typeof json?.text !== 'string' || !Array.isArray(json.rules)) {
    throw new InvalidResponse('The function answered 2xx without punctuated text.');
  }
  return { response: { text: json.text, rules: json.rules.map(String), ms: Number(json.ms ?? 0) }, replayed, bytesSent };
}
