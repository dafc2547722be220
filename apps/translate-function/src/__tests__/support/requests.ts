import { mintToken } from '@tandem/functions';

/** Shared settings of both runtimes under test, so the same assertions hold for each. */
export const SECRET = 'test-secret-that-is-at-least-32-bytes-long!';
export const AUDIENCE = 'tandem-translate';
export const ALLOWED_ORIGIN = 'http://127.0.0.1:4999';
export const BURST = 10;

export const functionEnv: Record<string, string> = {
  TANDEM_PROVIDER: 'apertium',
  TANDEM_JWT_SECRET: SECRET,
  TANDEM_JWT_AUDIENCE: AUDIENCE,
  TANDEM_ALLOWED_ORIGINS: ALLOWED_ORIGIN,
  TANDEM_RATE_LIMIT_PER_MINUTE: '60',
  TANDEM_RATE_LIMIT_BURST: String(BURST),
};

export function token(subject: string, extra: { ttlSeconds?: number; scope?: string; secret?: string; audience?: string } = {}): Promise<string> {
  return mintToken({
    secret: extra.secret ?? SECRET,
    subject,
    audience: extra.audience ?? AUDIENCE,
    ...(extra.scope !== undefined ? { scope: extra.scope } : {}),
    ...(extra.ttlSeconds !== undefined ? { ttlSeconds: extra.ttlSeconds } : {}),
  });
}

export function translateBody(text: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { text, source: 'eng', target: 'spa', redaction: { version: 1, placeholders: [] }, label: 'sanitized', ...overrides };
}

/** A JSON POST to one of the function's routes (default /v1/translate); a string body is sent as is. */
export function post(url: string, body: unknown, headers: Record<string, string> = {}, path = '/v1/translate'): Promise<Response> {
  return fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** mulberry32: a seeded PRNG so a failing fuzz case can be replayed from its seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
