import { SignJWT, errors as joseErrors, jwtVerify } from 'jose';
import { fail } from './problem.js';

/**
 * Bearer tokens: HS256 JWTs (jose), short-lived, with an audience naming this function and a
 * scope naming what the holding app may do. HS256 keeps the demo and tests keyless-infra; swap
 * in `createRemoteJWKSet` for an identity provider's RS/ES keys without touching the handlers.
 */
export interface AuthOptions {
  /** Shared HS256 secret, at least 32 bytes. */
  secret: string;
  /** `aud` every token must carry, e.g. `tandem-translate`. */
  audience: string;
  /** `iss` to require, when set. */
  issuer?: string;
  /** Scope (space-separated `scope` claim) needed to translate. */
  scope?: string;
  /** Longest accepted lifetime (`exp - iat`) and age, in seconds. Default 15 minutes. */
  maxLifetimeSeconds?: number;
}

export interface Principal {
  /** The token's `sub`: the app installation or user the rate limit and idempotency keys belong to. */
  subject: string;
  scopes: readonly string[];
  /**
   * When the token stops being valid (epoch ms); absent without auth. A session channel outlives
   * the request that opened it, so it checks this before each message.
   */
  expiresAt?: number;
}

export const DEFAULT_SCOPE = 'translate';
export const MIN_SECRET_BYTES = 32;

/**
 * The HMAC key imported once: handing jose raw bytes makes it re-import the key on every
 * verification, which showed up in the load benchmark's tail latency.
 */
export function verificationKey(secret: string): Promise<CryptoKey> {
  const raw = secretKey(secret);
  return crypto.subtle.importKey('raw', raw as Uint8Array<ArrayBuffer>, { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
}

export function secretKey(secret: string): Uint8Array {
  const key = new TextEncoder().encode(secret);
  if (key.byteLength < MIN_SECRET_BYTES) {
    throw new Error(`The JWT secret must be at least ${MIN_SECRET_BYTES} bytes (got ${key.byteLength}).`);
  }
  return key;
}

/** Verifies `Authorization: Bearer …` and returns who is calling, or throws a 401/403 problem. */
export async function authenticate(header: string | undefined, options: AuthOptions, key: CryptoKey | Uint8Array): Promise<Principal> {
  const challenge = { 'www-authenticate': 'Bearer realm="tandem-translate"' };
  const match = header?.match(/^Bearer ([A-Za-z0-9_\-.]{1,4096})$/);
  if (!match?.[1]) fail('unauthorized', 'Send Authorization: Bearer <token>.', {}, challenge);
  const maxLifetime = options.maxLifetimeSeconds ?? 900;
  let payload;
  try {
    ({ payload } = await jwtVerify(match[1], key, {
      algorithms: ['HS256'],
      audience: options.audience,
      ...(options.issuer ? { issuer: options.issuer } : {}),
      requiredClaims: ['exp', 'iat', 'sub'],
      maxTokenAge: maxLifetime,
      clockTolerance: 5,
    }));
  } catch (error) {
    // jose's messages name the failed check ("exp" claim timestamp check failed), not the token.
    const why = error instanceof joseErrors.JOSEError ? error.code : 'ERR_INVALID';
    fail('unauthorized', `The bearer token was refused (${why}).`, {}, { 'www-authenticate': `Bearer realm="tandem-translate", error="invalid_token"` });
  }
  const exp = payload.exp ?? 0;
  const iat = payload.iat ?? 0;
  if (exp - iat > maxLifetime) {
    fail('unauthorized', `Tokens may live at most ${maxLifetime} s.`, {}, { 'www-authenticate': `Bearer realm="tandem-translate", error="invalid_token"` });
  }
  const scopes = typeof payload.scope === 'string' ? payload.scope.split(' ').filter(Boolean) : [];
  const needed = options.scope ?? DEFAULT_SCOPE;
  if (!scopes.includes(needed)) {
    fail('forbidden', `The token lacks the "${needed}" scope.`, {}, { 'www-authenticate': `Bearer realm="tandem-translate", error="insufficient_scope", scope="${needed}"` });
  }
  return { subject: String(payload.sub), scopes, expiresAt: exp * 1000 };
}

export interface MintOptions {
  secret: string;
  subject: string;
  audience: string;
  issuer?: string;
  scope?: string;
  ttlSeconds?: number;
}

/** Signs a token the way `authenticate` expects; for the dev-token script, tests and the demo. */
export async function mintToken(options: MintOptions): Promise<string> {
  const jwt = new SignJWT({ scope: options.scope ?? DEFAULT_SCOPE })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(options.subject)
    .setAudience(options.audience)
    .setIssuedAt()
    .setExpirationTime(`${options.ttlSeconds ?? 600}s`);
  if (options.issuer) jwt.setIssuer(options.issuer);
  return jwt.sign(secretKey(options.secret));
}
